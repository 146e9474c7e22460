"""Deterministic synthetic incidents: realistic event streams that the stream rules accept (sla-rules §2)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from domain.events import Event, EventKind, IncidentFacts

SEVERITIES = (("A", 0.1), ("B", 0.3), ("C", 0.4), ("D", 0.2))
NOTES = (
    "Investigating with the platform team",
    "Customer confirms the impact is limited to one region",
    "Mitigation applied; monitoring",
    "Waiting on a vendor fix",
    "Root cause identified in a configuration change",
    "Rollback in progress",
)


@dataclass(frozen=True)
class Cast:
    """People of one synthetic contract: the customer's reporters and the provider's staff by level."""

    reporters: tuple[str, ...]
    by_level: dict[int, tuple[str, ...]]


@dataclass(frozen=True)
class SyntheticIncident:
    facts: IncidentFacts
    title: str
    channel: str


def _severity(rng: random.Random) -> str:
    pick, total = rng.random(), 0.0
    for code, weight in SEVERITIES:
        total += weight
        if pick < total:
            return code
    return SEVERITIES[-1][0]


def _minutes(rng: random.Random, mean: float) -> timedelta:
    return timedelta(minutes=max(1, int(rng.expovariate(1 / mean))))


def incident_stream(
    rng: random.Random, key: str, service: str, reported: datetime, cast: Cast, until: datetime
) -> SyntheticIncident:
    """One incident reported at `reported` with 5-25 events, all before `until`; some stay open."""
    severity = _severity(rng)
    at = reported.astimezone(UTC)
    events = [Event(at=at, kind=EventKind.REPORTED, actor=rng.choice(cast.reporters), note="Reported by the customer")]
    level = 1

    def push(kind: EventKind, **fields: object) -> bool:
        nonlocal at
        at = at + _minutes(rng, float(str(fields.pop("mean", 45))))
        if at >= until:
            return False
        events.append(Event(at=at, kind=kind, **fields))  # type: ignore[arg-type]
        return True

    staff = cast.by_level
    ok = push(EventKind.ACKNOWLEDGED, actor=rng.choice(staff[1]), mean=40)
    updates = rng.randint(3, 13)
    paused = False
    for _ in range(updates):
        if not ok:
            break
        roll = rng.random()
        if roll < 0.12 and level < max(staff):
            level += 1
            ok = push(EventKind.ESCALATED, level=level, assignee=rng.choice(staff[level]), actor=rng.choice(staff[1]))
        elif roll < 0.18 and not paused:
            paused = True
            ok = push(EventKind.PAUSED, reason="Waiting for the customer", actor=rng.choice(staff[level]))
        elif roll < 0.24 and paused:
            paused = False
            ok = push(EventKind.RESUMED, actor=rng.choice(staff[level]))
        elif roll < 0.3:
            ok = push(EventKind.NOTE, note=rng.choice(NOTES), actor=rng.choice(cast.reporters))
        else:
            ok = push(EventKind.UPDATED, note=rng.choice(NOTES), actor=rng.choice(staff[level]), mean=90)
    if ok and rng.random() < 0.95:
        ok = push(EventKind.RESOLVED, actor=rng.choice(staff[level]), mean=120)
        if ok and rng.random() < 0.08:
            ok = push(EventKind.REOPENED, actor=rng.choice(cast.reporters), reason="The problem is back", mean=600)
            ok = ok and push(EventKind.RESOLVED, actor=rng.choice(staff[level]), mean=180)
        if ok and severity in ("A", "B") and rng.random() < 0.85:
            push(EventKind.REPORT_FILED, actor=rng.choice(staff[level]), mean=60 * 24 * 4)
    facts = IncidentFacts(key, service, severity, rng.random() < 0.3, tuple(events))
    return SyntheticIncident(facts, f"{service} degraded ({key})", rng.choice(("PORTAL", "PHONE", "EMAIL")))
