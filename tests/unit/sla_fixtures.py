"""The contract and incident of formats.md, built by hand as ContractTerms/IncidentFacts for the rule tests."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from domain.events import Event, EventKind, IncidentFacts, Outage
from domain.terms import (
    CalendarSpec,
    ContractTerms,
    CreditRule,
    CreditTerms,
    DisputeTerms,
    DocumentationTerms,
    EscalationTerms,
    LiabilityTerms,
    OpenInterval,
    SeverityTerms,
    TriggerTerms,
    UptimeTier,
)

MINUTE = 60
HOUR = 3600
DAY = 86400

WORKDAY = (OpenInterval(time(9, 0), time(17, 30)),)

ALWAYS = CalendarSpec(key="always", always_open=True)
UK_BUSINESS = CalendarSpec(
    key="uk-business",
    timezone="Europe/London",
    hours={day: WORKDAY for day in ("mon", "tue", "wed", "thu", "fri")},
    holiday_country="GB",
    holiday_subdivision="ENG",
    closed=frozenset({datetime(2026, 12, 24).date()}),
)

KNOWN_PEOPLE = frozenset({"n-duty-1", "n-spec-1", "a-ops-1", "n-sen-1"})


def at(text: str) -> datetime:
    """A UTC instant from 'YYYY-MM-DDTHH:MM[:SS]' (Z implied) or any ISO text with an offset."""
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def contract_terms() -> ContractTerms:
    """The nimbus-acme-msa contract of formats.md."""
    return ContractTerms(
        key="nimbus-acme-msa",
        version=1,
        jurisdiction="GB",
        currency="GBP",
        monthly_fee=Decimal("40000.00"),
        provider="nimbus",
        calendars={"always": ALWAYS, "uk-business": UK_BUSINESS},
        severities={
            "SEV1": SeverityTerms(
                "SEV1", "Business-critical system down", 15 * MINUTE, 4 * HOUR, HOUR, "always", "5.2"
            ),
            "SEV2": SeverityTerms("SEV2", "Production system down", HOUR, 8 * HOUR, None, "always", "5.2"),
            "SEV3": SeverityTerms("SEV3", "Production system impaired", 4 * HOUR, 3 * DAY, None, "uk-business", "5.2"),
            "SEV4": SeverityTerms("SEV4", "General guidance", 24 * HOUR, None, None, "uk-business", "5.2"),
        },
        role_party={"frontline": "nimbus", "specialist": "nimbus", "senior-engineer": "nimbus", "executive": "nimbus"},
        escalation=EscalationTerms(
            clause="6.1",
            levels={1: "frontline", 2: "specialist", 3: "senior-engineer", 4: "executive"},
            triggers=(
                TriggerTerms(0, "UNACKNOWLEDGED", 2, 15 * MINUTE, frozenset({"SEV1"})),
                TriggerTerms(1, "UNRESOLVED", 3, 2 * HOUR, frozenset({"SEV1"})),
                TriggerTerms(2, "UNRESOLVED", 3, 6 * HOUR, frozenset({"SEV2"})),
                TriggerTerms(3, "SERVICE_AFFECTING", 3, 30 * MINUTE),
                TriggerTerms(4, "REPEATED", 3, 0, None, count=3, window_seconds=30 * DAY),
                TriggerTerms(5, "BREACH", 4, HOUR),
            ),
        ),
        credits=CreditTerms(
            clause="9.1",
            timezone="Europe/London",
            cap_percent=Decimal("25"),
            claim_window_seconds=60 * DAY,
            sole_remedy=True,
            rules=(
                CreditRule("RESPONSE", Decimal("5"), frozenset({"SEV1"})),
                CreditRule("RESPONSE", Decimal("2"), frozenset({"SEV2"})),
                CreditRule("RESOLUTION", Decimal("10"), frozenset({"SEV1", "SEV2"})),
                CreditRule("ESCALATION", Decimal("1")),
            ),
            uptime_target=Decimal("99.95"),
            uptime_tiers=(
                UptimeTier(Decimal("99.95"), Decimal("10")),
                UptimeTier(Decimal("99.0"), Decimal("25")),
                UptimeTier(Decimal("95.0"), Decimal("100")),
            ),
        ),
        documentation=DocumentationTerms("7.1", 5 * DAY, frozenset({"SEV1", "SEV2"})),
        liability=LiabilityTerms("12.1", Decimal("480000.00"), True),
        dispute_resolution=DisputeTerms("14.1", ("NEGOTIATION", "MEDIATION", "ARBITRATION"), 30 * DAY, "LCIA, London"),
        clause_topics={
            "5.1": frozenset(),
            "5.2": frozenset(),
            "6.1": frozenset(),
            "7.1": frozenset(),
            "9.1": frozenset({"SERVICE_CREDITS", "PENALTY_CLAUSE"}),
            "12.1": frozenset({"LIMITATION_OF_LIABILITY", "CONSEQUENTIAL_LOSS"}),
            "14.1": frozenset(),
        },
    )


def with_severity_calendar(terms: ContractTerms, code: str, calendar: str) -> ContractTerms:
    """The same contract with one severity measured on another calendar."""
    severities = dict(terms.severities)
    severities[code] = dataclasses.replace(severities[code], calendar=calendar)
    return dataclasses.replace(terms, severities=severities)


def with_triggers(terms: ContractTerms, *triggers: TriggerTerms) -> ContractTerms:
    """The same contract with only the given escalation triggers."""
    return dataclasses.replace(terms, escalation=dataclasses.replace(terms.escalation, triggers=triggers))


INC_1001_EVENTS = (
    Event(at("2026-03-02T09:15:00Z"), EventKind.REPORTED, actor="a-ops-1"),
    Event(at("2026-03-02T09:27:00Z"), EventKind.ACKNOWLEDGED, actor="n-duty-1"),
    Event(at("2026-03-02T09:50:00Z"), EventKind.ESCALATED, actor="n-duty-1", level=2, assignee="n-spec-1"),
    Event(at("2026-03-02T10:05:00Z"), EventKind.PAUSED, actor="n-spec-1", reason="awaiting customer logs"),
    Event(at("2026-03-02T10:35:00Z"), EventKind.RESUMED, actor="n-spec-1"),
    Event(at("2026-03-02T11:40:00Z"), EventKind.ESCALATED, actor="n-spec-1", level=3, assignee="n-sen-1"),
    Event(at("2026-03-02T14:10:00Z"), EventKind.RESOLVED, actor="n-sen-1"),
    Event(at("2026-03-05T16:00:00Z"), EventKind.REPORT_FILED, actor="n-sen-1"),
)

INC_1001_OUTAGES = (Outage("compute-eu-west-2", at("2026-03-02T09:10:00Z"), at("2026-03-02T13:55:00Z")),)

AS_OF = at("2026-04-15T00:00:00Z")


def inc_1001(events: Iterable[Event] = INC_1001_EVENTS, severity: str = "SEV1") -> IncidentFacts:
    """INC-1001 of formats.md (or the same incident with other events or severity)."""
    return IncidentFacts(
        key="INC-1001",
        service="compute-eu-west-2",
        severity=severity,
        service_affecting=True,
        events=tuple(events),
    )


def incident(
    *events: Event, severity: str = "SEV1", service_affecting: bool = False, key: str = "INC-T"
) -> IncidentFacts:
    """A test incident from its events."""
    return IncidentFacts(key, "svc", severity, service_affecting, tuple(events))


def ev(when: str, kind: EventKind, **fields: object) -> Event:
    """An event at a UTC instant given as text."""
    return Event(at(when), kind, **fields)  # type: ignore[arg-type]


@st.composite
def valid_streams(draw: st.DrawFn, max_events: int = 20) -> tuple[Event, ...]:
    """Event streams that obey every rule of sla-rules §2, starting with INC-1001's REPORTED."""
    moment = at("2026-03-02T09:15Z")
    events = [Event(moment, EventKind.REPORTED, actor="a-ops-1")]
    acknowledged = paused = resolved = ever_resolved = False
    level = 1
    people = sorted(KNOWN_PEOPLE)
    for _ in range(draw(st.integers(min_value=0, max_value=max_events))):
        # Zero steps too: several events may share an instant.
        moment += timedelta(seconds=draw(st.integers(min_value=0, max_value=3 * HOUR)))
        kinds = [EventKind.NOTE, EventKind.ASSIGNED, EventKind.RECLASSIFIED]
        kinds += [EventKind.ACKNOWLEDGED] if not acknowledged else []
        kinds += [EventKind.ESCALATED] if level < 4 else []
        kinds += [EventKind.DE_ESCALATED] if level > 1 else []
        kinds += [EventKind.PAUSED] if not paused and not resolved else []
        kinds += [EventKind.RESUMED] if paused else []
        kinds += [EventKind.REOPENED] if resolved else [EventKind.RESOLVED]
        kinds += [EventKind.REPORT_FILED] if ever_resolved else []
        kind = draw(st.sampled_from(kinds))
        actor = draw(st.sampled_from(people))
        if kind is EventKind.ASSIGNED:
            event = Event(moment, kind, actor=actor, assignee=draw(st.sampled_from(people)))
        elif kind is EventKind.RECLASSIFIED:
            event = Event(moment, kind, actor=actor, severity=draw(st.sampled_from(["SEV1", "SEV2", "SEV3", "SEV4"])))
        elif kind in (EventKind.ESCALATED, EventKind.DE_ESCALATED):
            low, high = (level + 1, 4) if kind is EventKind.ESCALATED else (1, level - 1)
            level = draw(st.integers(min_value=low, max_value=high))
            assignee = draw(st.none() | st.sampled_from(people))
            event = Event(moment, kind, actor=actor, level=level, assignee=assignee)
        elif kind is EventKind.PAUSED:
            event = Event(moment, kind, actor=actor, reason="waiting on the customer")
        elif kind is EventKind.NOTE:
            event = Event(moment, kind, actor=actor, note="looked at it")
        else:
            event = Event(moment, kind, actor=actor)
        acknowledged = acknowledged or kind is EventKind.ACKNOWLEDGED
        paused = (paused or kind is EventKind.PAUSED) and kind not in (EventKind.RESUMED, EventKind.RESOLVED)
        resolved = (resolved or kind is EventKind.RESOLVED) and kind is not EventKind.REOPENED
        ever_resolved = ever_resolved or resolved
        events.append(event)
    return tuple(events)
