"""From document models to what the rules take: ContractTerms, IncidentFacts, Event, Outage; and content hashes."""

from __future__ import annotations

from domain import terms
from domain.canonical import canonical_hash
from domain.documents.contract import Calendar, ContractDocument, Credits, Escalation
from domain.documents.durations import parse_duration
from domain.documents.incidents import Incident, IncidentEvent, IncidentsDocument
from domain.documents.precedents import PrecedentsDocument
from domain.documents.values import interval_bounds
from domain.documents.vocabulary import PartyRole
from domain.events import Event, IncidentFacts, Outage


def content_hash(doc: ContractDocument | IncidentsDocument | PrecedentsDocument) -> str:
    """SHA-256 of the canonical JSON of a document's content: the same whatever its syntax or key order."""
    return canonical_hash(doc.model_dump(mode="json", by_alias=True))


def _seconds(duration: str | None) -> int | None:
    return None if duration is None else parse_duration(duration)


def contract_terms(doc: ContractDocument) -> terms.ContractTerms:
    """The terms the SLA rules read from a validated contract document."""
    provider = next(party.key for party in doc.parties if party.role is PartyRole.PROVIDER)
    return terms.ContractTerms(
        key=doc.key,
        version=doc.version,
        jurisdiction=doc.jurisdiction,
        currency=doc.currency,
        monthly_fee=doc.monthly_fee,
        provider=provider,
        calendars={calendar.key: calendar_spec(calendar) for calendar in doc.calendars},
        severities={
            severity.code: terms.SeverityTerms(
                code=severity.code,
                name=severity.name,
                response_seconds=parse_duration(severity.response),
                resolution_seconds=_seconds(severity.resolution),
                update_seconds=_seconds(severity.update),
                calendar=severity.calendar,
                clause=severity.clause,
            )
            for severity in doc.severities
        },
        role_party={role.key: role.party for role in doc.roles},
        escalation=_escalation(doc.escalation),
        credits=None if doc.credits is None else _credits(doc.credits),
        documentation=None
        if doc.documentation is None
        else terms.DocumentationTerms(
            clause=doc.documentation.clause,
            report_due_seconds=parse_duration(doc.documentation.report_due),
            severities=frozenset(doc.documentation.severities),
        ),
        liability=None
        if doc.liability is None
        else terms.LiabilityTerms(
            clause=doc.liability.clause,
            cap=doc.liability.cap,
            excludes_consequential=doc.liability.excludes_consequential,
        ),
        dispute_resolution=None
        if doc.dispute_resolution is None
        else terms.DisputeTerms(
            clause=doc.dispute_resolution.clause,
            steps=tuple(step.value for step in doc.dispute_resolution.steps),
            negotiation_period_seconds=_seconds(doc.dispute_resolution.negotiation_period),
            forum=doc.dispute_resolution.forum,
        ),
        clause_topics={clause.number: frozenset(t.value for t in clause.topics) for clause in doc.clauses},
    )


def calendar_spec(calendar: Calendar) -> terms.CalendarSpec:
    """A calendar as the calendar rules take it; weekly hours become sorted OpenIntervals (open days only)."""
    if calendar.always_open:
        return terms.CalendarSpec(key=calendar.key, always_open=True)
    hours: dict[str, tuple[terms.OpenInterval, ...]] = {}
    for day in terms.WEEKDAYS:
        texts: tuple[str, ...] = getattr(calendar.hours, day) if calendar.hours is not None else ()
        if texts:
            hours[day] = tuple(terms.OpenInterval(*interval_bounds(text)) for text in sorted(texts))
    return terms.CalendarSpec(
        key=calendar.key,
        timezone=calendar.timezone or "UTC",
        hours=hours,
        holiday_country=calendar.holidays.country if calendar.holidays else None,
        holiday_subdivision=calendar.holidays.subdivision if calendar.holidays else None,
        closed=frozenset(calendar.closed),
    )


def _escalation(escalation: Escalation) -> terms.EscalationTerms:
    return terms.EscalationTerms(
        clause=escalation.clause,
        levels={level.level: level.role for level in escalation.levels},
        triggers=tuple(
            terms.TriggerTerms(
                index=index,
                kind=trigger.kind.value,
                to_level=trigger.to_level,
                after_seconds=_seconds(trigger.after) or 0,
                severities=None if trigger.severities is None else frozenset(trigger.severities),
                count=trigger.count,
                window_seconds=_seconds(trigger.window),
            )
            for index, trigger in enumerate(escalation.triggers)
        ),
    )


def _credits(credits: Credits) -> terms.CreditTerms:
    return terms.CreditTerms(
        clause=credits.clause,
        timezone=credits.timezone,
        cap_percent=credits.cap_percent,
        claim_window_seconds=parse_duration(credits.claim_window),
        sole_remedy=credits.sole_remedy,
        rules=tuple(
            terms.CreditRule(
                kind=rule.kind.value,
                percent=rule.percent,
                severities=None if rule.severities is None else frozenset(rule.severities),
            )
            for rule in credits.rules
        ),
        uptime_target=credits.uptime.target if credits.uptime else None,
        uptime_tiers=tuple(
            terms.UptimeTier(below=tier.below, percent=tier.percent)
            for tier in (credits.uptime.tiers if credits.uptime else ())
        ),
    )


def to_event(event: IncidentEvent) -> Event:
    """A document event as the rules see it (not yet stored, so without `seq`)."""
    return Event(
        at=event.at,
        kind=event.kind,
        actor=event.actor,
        assignee=event.assignee,
        level=event.level,
        severity=event.severity,
        reason=event.reason,
        note=event.note,
    )


def incident_facts(incident: Incident) -> IncidentFacts:
    """An incident's fixed facts and its events, in document order."""
    return IncidentFacts(
        key=incident.key,
        service=incident.service,
        severity=incident.severity,
        service_affecting=incident.service_affecting,
        events=tuple(to_event(event) for event in incident.events),
    )


def outages(doc: IncidentsDocument) -> list[Outage]:
    """The outages of an incidents document, for uptime credits."""
    return [Outage(o.service, o.start, o.end, o.excluded) for o in doc.outages]
