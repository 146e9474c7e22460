"""One call that evaluates an incident against its contract as of T: the only entry the resolvers need."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from domain.breaches import BreachFinding, breaches, documentation_due
from domain.calendars import calendar_for
from domain.clocks import Clock, resolution_clock, response_clock
from domain.escalations import Requirement, RequirementStatus, escalation_requirements
from domain.events import IncidentFacts
from domain.responsibility import Responsibility, responsibility_at
from domain.state import IncidentState, incident_state
from domain.terms import ContractTerms


@dataclass(frozen=True)
class IncidentEvaluation:
    """Everything the rules say about one incident as of T; clocks are None before R (or without a target)."""

    incident: str
    as_of: datetime
    state: IncidentState
    response: Clock | None
    resolution: Clock | None
    requirements: tuple[Requirement, ...]
    breaches: tuple[BreachFinding, ...]
    responsible_now: Responsibility | None


def evaluate_incident(
    terms: ContractTerms,
    facts: IncidentFacts,
    as_of: datetime,
    repeated: int = 1,
    *,
    others_reported: Iterable[datetime] | None = None,
    known_at: datetime | None = None,
) -> IncidentEvaluation:
    """Clocks, escalation requirements and breaches of an incident as of `as_of` (sla-rules §2-§6).

    With `known_at`, only the events recorded by then count (the record as it stood; docs/record.md); the caller
    passes in `others_reported` only the reports recorded by then as well."""
    # `repeated` counts the incidents on the same contract and service in the REPEATED window, this one
    # included; `others_reported` (the other incidents' REPORTED instants) counts per trigger window instead.
    state = incident_state(facts, as_of, known_at)
    if state.reported_at is None:
        # Before R nothing runs yet: an "as of" query before the report sees an empty evaluation.
        return IncidentEvaluation(facts.key, state.as_of, state, None, None, (), (), None)
    calendar = calendar_for(terms, state.severity)
    response = response_clock(state, terms, calendar)
    resolution = resolution_clock(state, terms, calendar)
    clocks = (response, resolution)
    requirements = escalation_requirements(state, terms, clocks, repeated, others_reported, calendar)
    found = breaches(state, terms, clocks, requirements)
    return IncidentEvaluation(
        incident=facts.key,
        as_of=state.as_of,
        state=state,
        response=response,
        resolution=resolution,
        requirements=tuple(requirements),
        breaches=tuple(found),
        responsible_now=responsibility_at(state, terms, state.as_of),
    )


def settled(evaluation: IncidentEvaluation, facts: IncidentFacts, terms: ContractTerms) -> bool:
    """Whether the clocks and breaches of `evaluation` stay exactly as they are for every later T, until an event
    or a report in its REPEATED window is recorded (writes that evaluate it again).

    That holds when nothing in them still runs with T: both clocks stopped, no escalation pending or missed on
    an open incident, no post-incident report still awaited, no pause open and no event after T. Each of these
    is what makes one of the rules read T (sla-rules §2-§6); tests/unit/test_settled.py checks the claim on
    generated incidents."""
    state = evaluation.state
    if state.reported_at is None or state.paused or any(e.at > evaluation.as_of for e in facts.events):
        return False
    if any(c is not None and c.stopped_at is None for c in (evaluation.response, evaluation.resolution)):
        return False
    for r in evaluation.requirements:
        if r.status is RequirementStatus.PENDING:
            return False
        if r.status is RequirementStatus.MISSED and state.resolved_at is None:
            return False  # missed by more with every second until the incident is resolved
    # a report is awaited (or late by more every second) until one is filed
    return documentation_due(state, terms) is None or bool(state.report_filings)
