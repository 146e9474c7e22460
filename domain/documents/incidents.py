"""The incidents document (formats.md, "Incidents document"): incidents, their events, and outages."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import Field

from domain.documents.base import DocumentModel
from domain.documents.contract import Person
from domain.documents.problems import Problems, capitalised, describe
from domain.documents.references import catalogue, entries
from domain.documents.values import (
    ChannelKindValue,
    EventKindValue,
    Flag,
    Instant,
    Key,
    Level,
    Text,
    lenient,
    read_instant,
)
from domain.errors import PathPart, Problem
from domain.events import EventKind
from domain.stream import CLOCK_SKEW, future_problem
from domain.terms import ContractTerms

INCIDENTS_FORMAT = "clausegraph/incidents@1"

# The fields each event kind needs, and those it may carry besides `actor` and `note`.
NEEDED_FIELDS: dict[str, tuple[str, ...]] = {
    "ASSIGNED": ("assignee",),
    "ESCALATED": ("level",),
    "DE_ESCALATED": ("level",),
    "RECLASSIFIED": ("severity",),
    "PAUSED": ("reason",),
    "UPDATED": ("note",),
    "NOTE": ("note",),
}
ALLOWED_FIELDS: dict[str, frozenset[str]] = {
    "ASSIGNED": frozenset({"assignee"}),
    "ESCALATED": frozenset({"level", "assignee"}),
    "DE_ESCALATED": frozenset({"level", "assignee"}),
    "RECLASSIFIED": frozenset({"severity"}),
    "PAUSED": frozenset({"reason"}),
}
_KIND_FIELDS = ("assignee", "level", "severity", "reason")


class IncidentEvent(DocumentModel):
    at: Instant
    kind: EventKindValue
    actor: Key | None = None
    assignee: Key | None = None
    level: Level | None = None
    severity: Key | None = None
    reason: Text | None = None
    note: Text | None = None


class Incident(DocumentModel):
    key: Key
    service: Key
    title: Text
    severity: Key  # the severity when reported
    service_affecting: Flag = False
    channel: ChannelKindValue | None = None
    events: tuple[IncidentEvent, ...] = Field(min_length=1)


class OutagePeriod(DocumentModel):
    service: Key
    start: Instant
    end: Instant
    excluded: Flag = False  # force majeure or scheduled maintenance


class IncidentsDocument(DocumentModel):
    """Incidents on one contract (its latest version applies), imported all-or-nothing."""

    format: Literal["clausegraph/incidents@1"]
    contract: Key
    people: tuple[Person, ...] = ()
    incidents: tuple[Incident, ...]
    outages: tuple[OutagePeriod, ...] = ()


def check_incidents(raw: dict[str, Any], problems: Problems) -> None:
    """Add the within-document problems of an incidents document (references to stored data are not checked)."""
    catalogue(raw, "people", "key", "person", problems, scope="this document")
    catalogue(raw, "incidents", "key", "incident", problems, scope="this document")
    for index, incident in entries(raw, "incidents"):
        _check_events(raw, incident, index, problems)
    for index, outage in entries(raw, "outages"):
        start, end = lenient(read_instant, outage.get("start")), lenient(read_instant, outage.get("end"))
        if start is not None and end is not None and end <= start:
            problems.add(
                "INVALID_RANGE",
                f"Outage #{index + 1} ends ({end.isoformat()}) at or before it starts ({start.isoformat()}).",
                ("outages", index, "end"),
            )


def _kind(event: dict[str, Any]) -> EventKind | None:
    """The event's kind, if it is one (an unknown kind is reported by the model)."""
    kind = event.get("kind")
    return EventKind(kind) if isinstance(kind, str) and kind in EventKind.__members__ else None


def _check_events(raw: dict[str, Any], incident: dict[str, Any], index: int, problems: Problems) -> None:
    events = incident.get("events")
    if not isinstance(events, list):
        return
    first = events[0] if events else None
    if isinstance(first, dict) and _kind(first) not in (None, EventKind.REPORTED):
        problems.add(
            "FIRST_EVENT_NOT_REPORTED",
            f"The first event of {describe(raw, ('incidents', index))} is {first['kind']}; "
            "an incident's events must start with REPORTED.",
            ("incidents", index, "events", 0, "kind"),
        )
    previous: tuple[int, Any] | None = None
    for position, event in entries(incident, "events"):
        path = ("incidents", index, "events", position)
        where = capitalised(describe(raw, path))
        kind = _kind(event)
        if kind is not None:
            for name in NEEDED_FIELDS.get(kind, ()):
                if event.get(name) is None:
                    problems.add("MISSING_FIELD", f"{where} is {kind}, so it needs '{name}'.", (*path, name))
            for name in _KIND_FIELDS:
                if event.get(name) is not None and name not in ALLOWED_FIELDS.get(kind, frozenset()):
                    problems.add(
                        "INVALID_VALUE", f"{where} is {kind}; that kind of event does not take '{name}'.", (*path, name)
                    )
        at = lenient(read_instant, event.get("at"))
        if at is None:
            continue
        if previous is not None and at < previous[1]:
            problems.add(
                "OUT_OF_ORDER",
                f"{where} happens at {at.isoformat()}, before event #{previous[0] + 1} "
                f"({previous[1].isoformat()}); events must be listed in time order.",
                (*path, "at"),
            )
        else:
            previous = (position, at)


def referenced_people(raw: dict[str, Any]) -> set[str]:
    """Every person key an incidents document's events name (as actor or assignee)."""
    named: set[str] = set()
    for _, incident in entries(raw, "incidents"):
        for _, event in entries(incident, "events"):
            named.update(v for v in (event.get("actor"), event.get("assignee")) if isinstance(v, str))
    return named


def state_free_problems(
    raw: dict[str, Any],
    terms: ContractTerms,
    stored_people: Collection[str],
    now: datetime,
    skew: timedelta = CLOCK_SKEW,
) -> list[Problem]:
    """Problems of every event that do not depend on the stream's state (sla-rules §2), for a document that
    failed other checks: unknown levels, people and severities, and instants in the future."""
    known = set(stored_people) | {p["key"] for _, p in entries(raw, "people") if isinstance(p.get("key"), str)}
    out: list[Problem] = []
    for index, incident in entries(raw, "incidents"):
        severity = incident.get("severity")
        if isinstance(severity, str) and severity not in terms.severities:
            message = f"Severity '{severity}' is not defined by the contract."
            out.append(Problem("UNKNOWN_REFERENCE", message, ("incidents", index, "severity")))
        for position, event in entries(incident, "events"):
            out.extend(_event_problems(event, ("incidents", index, "events", position), terms, known, now, skew))
    return out


def _event_problems(
    event: dict[str, Any],
    path: tuple[PathPart, ...],
    terms: ContractTerms,
    known: set[str],
    now: datetime,
    skew: timedelta,
) -> list[Problem]:
    out: list[Problem] = []
    at = lenient(read_instant, event.get("at"))
    future = future_problem(at, now, skew) if at is not None else None
    if future is not None:
        out.append(Problem(future.code, future.message, (*path, "at")))
    level = event.get("level")
    if (
        _kind(event) in (EventKind.ESCALATED, EventKind.DE_ESCALATED)
        and isinstance(level, int)
        and not isinstance(level, bool)
        and level >= 1
        and level not in terms.escalation.levels
    ):
        message = f"Level {level} is not in the contract's escalation path."
        out.append(Problem("INVALID_LEVEL", message, (*path, "level")))
    for name, label in (("actor", "Actor"), ("assignee", "Assignee")):
        key = event.get(name)
        if isinstance(key, str) and key not in known:
            out.append(Problem("UNKNOWN_REFERENCE", f"{label} '{key}' is not a known person.", (*path, name)))
    severity = event.get("severity")
    if isinstance(severity, str) and severity not in terms.severities:
        message = f"Severity '{severity}' is not defined by the contract."
        out.append(Problem("UNKNOWN_REFERENCE", message, (*path, "severity")))
    return out
