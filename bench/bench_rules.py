"""Time evaluate_incident on a 50-event incident measured on UK business hours with holidays.

Run: python bench/bench_rules.py [repeats]
"""

from __future__ import annotations

import statistics
import sys
import time as timer
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from domain.credits import credit_report
from domain.evaluation import IncidentEvaluation, evaluate_incident
from domain.events import Event, EventKind, IncidentFacts
from domain.terms import (
    CalendarSpec,
    ContractTerms,
    CreditRule,
    CreditTerms,
    DocumentationTerms,
    EscalationTerms,
    OpenInterval,
    SeverityTerms,
    TriggerTerms,
    UptimeTier,
)

HOUR = 3600
DAY = 86400
K = EventKind


def business_terms() -> ContractTerms:
    """A contract whose SEV3 runs on Europe/London business hours with GB-ENG holidays."""
    workday = (OpenInterval(time(9), time(17, 30)),)
    business = CalendarSpec(
        key="uk-business",
        timezone="Europe/London",
        hours={day: workday for day in ("mon", "tue", "wed", "thu", "fri")},
        holiday_country="GB",
        holiday_subdivision="ENG",
        closed=frozenset({datetime(2026, 12, 24).date()}),
    )
    return ContractTerms(
        key="bench",
        version=1,
        jurisdiction="GB",
        currency="GBP",
        monthly_fee=Decimal("40000.00"),
        provider="nimbus",
        calendars={"uk-business": business},
        severities={"SEV3": SeverityTerms("SEV3", "Impaired", 4 * HOUR, 3 * DAY, None, "uk-business", "5.2")},
        role_party={"l1": "nimbus", "l2": "nimbus", "l3": "nimbus", "l4": "nimbus"},
        escalation=EscalationTerms(
            clause="6.1",
            levels={1: "l1", 2: "l2", 3: "l3", 4: "l4"},
            triggers=(
                TriggerTerms(0, "UNACKNOWLEDGED", 2, HOUR),
                TriggerTerms(1, "UNRESOLVED", 3, 2 * DAY),
                TriggerTerms(2, "SERVICE_AFFECTING", 3, 4 * HOUR),
                TriggerTerms(3, "REPEATED", 3, 0, None, count=3, window_seconds=30 * DAY),
                TriggerTerms(4, "BREACH", 4, HOUR),
            ),
        ),
        credits=CreditTerms(
            clause="9.1",
            timezone="Europe/London",
            cap_percent=Decimal("25"),
            claim_window_seconds=60 * DAY,
            sole_remedy=True,
            rules=(CreditRule("RESOLUTION", Decimal("10")), CreditRule("ESCALATION", Decimal("1"))),
            uptime_tiers=(UptimeTier(Decimal("99.95"), Decimal("10")),),
        ),
        documentation=DocumentationTerms("7.1", 5 * DAY, frozenset({"SEV3"})),
    )


def fifty_events() -> tuple[Event, ...]:
    """REPORTED on Monday 30 March 2026, work across Easter (Good Friday, Easter Monday), 50 events in all."""
    t = datetime(2026, 3, 30, 8, 30, tzinfo=UTC)
    events = [Event(t, K.REPORTED, actor="a-ops-1"), Event(t + timedelta(minutes=40), K.ACKNOWLEDGED, actor="p1")]
    t += timedelta(hours=1)
    level = 1
    for i in range(11):
        t += timedelta(hours=3)
        if i % 3 == 0 and level < 4:
            level += 1
            events.append(Event(t, K.ESCALATED, actor="p1", level=level, assignee=f"p{level}"))
        else:
            events.append(Event(t, K.ASSIGNED, actor="p1", assignee=f"p{i % 4 + 1}"))
        events.append(Event(t + timedelta(minutes=10), K.PAUSED, actor="p1", reason="waiting on the customer"))
        events.append(Event(t + timedelta(minutes=100), K.RESUMED, actor="p1"))
        events.append(Event(t + timedelta(minutes=120), K.NOTE, actor="p1", note="progress"))
    events += [
        Event(t + timedelta(hours=5), K.RESOLVED, actor="p2"),
        Event(t + timedelta(hours=20), K.REOPENED, actor="a-ops-1"),
        Event(t + timedelta(hours=30), K.RESOLVED, actor="p2"),
        Event(t + timedelta(days=10), K.REPORT_FILED, actor="p2"),
    ]
    events = events[:50]
    assert len(events) == 50, len(events)
    return tuple(events)


def measure(label: str, call: Callable[[], object], repeats: int) -> None:
    """Print median and p95 of `repeats` timed calls, in microseconds."""
    samples = []
    for _ in range(repeats):
        started = timer.perf_counter()
        call()
        samples.append((timer.perf_counter() - started) * 1e6)
    samples.sort()
    p95 = samples[int(0.95 * (len(samples) - 1))]
    print(f"{label:<48} median {statistics.median(samples):8.1f} us   p95 {p95:8.1f} us   (n={repeats})")


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    terms = business_terms()
    facts = IncidentFacts("BENCH-1", "svc", "SEV3", True, fifty_events())
    as_of = datetime(2026, 5, 15, tzinfo=UTC)
    open_as_of = facts.events[30].at  # mid-incident: running clocks measured up to T

    started = timer.perf_counter()
    evaluation: IncidentEvaluation = evaluate_incident(terms, facts, as_of, repeated=3)
    print(f"first call (empty calendar and holiday caches)   {(timer.perf_counter() - started) * 1e6:8.1f} us")
    print(
        f"breaches: {[b.kind.value for b in evaluation.breaches]}; "
        f"requirements: {[r.status.value for r in evaluation.requirements]}"
    )

    measure("evaluate_incident, resolved (50 events)", lambda: evaluate_incident(terms, facts, as_of, 3), repeats)
    measure("evaluate_incident, open at T (31 events)", lambda: evaluate_incident(terms, facts, open_as_of, 3), repeats)
    measure(
        "credit_report for April (breaches + outages)",
        lambda: credit_report(terms, evaluation.breaches, [], "2026-04", as_of),
        repeats,
    )


if __name__ == "__main__":
    main()
