"""One call that evaluates an incident against its contract as of T: the only entry the resolvers need."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from domain.breaches import BreachFinding, breaches
from domain.calendars import calendar_for
from domain.clocks import Clock, resolution_clock, response_clock
from domain.escalations import Requirement, escalation_requirements
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
