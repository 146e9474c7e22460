"""Breaches of the contract an incident shows as of T, with clause, obligor, responsibility, credit (§6)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from domain.clocks import Clock, ClockKind
from domain.escalations import Requirement, RequirementStatus, TriggerKind
from domain.responsibility import Responsibility, responsibility_at
from domain.state import IncidentState
from domain.terms import ContractTerms, CreditRule

_ONE_SECOND = timedelta(seconds=1)


class BreachKind(StrEnum):
    RESPONSE = "RESPONSE"
    RESOLUTION = "RESOLUTION"
    ESCALATION = "ESCALATION"
    DOCUMENTATION = "DOCUMENTATION"


@dataclass(frozen=True)
class BreachFinding:
    """One obligation the provider failed; `ref` is stable for the same incident, kind and trigger."""

    incident: str
    kind: BreachKind
    ref: str
    due_at: datetime
    over_by_seconds: int  # severity calendar, except DOCUMENTATION: wall clock
    clause: str
    obligor: str  # party key of the PROVIDER
    responsible: Responsibility | None  # responsibility at due_at
    severity: str
    trigger: TriggerKind | None = None  # ESCALATION only
    trigger_index: int | None = None
    to_level: int | None = None
    clock: ClockKind | None = None  # ESCALATION raised by a BREACH trigger: the clock it follows
    credit_percent: Decimal | None = None
    credit_rule_index: int | None = None  # position in terms.credits.rules


def credit_rule_for(terms: ContractTerms, kind: str, severity: str) -> tuple[int, CreditRule] | None:
    """The first credit rule in document order matching a breach kind and severity, with its position."""
    if terms.credits is None:
        return None
    for position, rule in enumerate(terms.credits.rules):
        if rule.kind == kind and (rule.severities is None or severity in rule.severities):
            return position, rule
    return None


def _finding(
    state: IncidentState,
    terms: ContractTerms,
    kind: BreachKind,
    ref: str,
    due_at: datetime,
    over_by: int,
    clause: str,
    requirement: Requirement | None = None,
) -> BreachFinding:
    # DOCUMENTATION has no credit rule kind, so it only gets a credit if a contract ever defined one.
    credit = credit_rule_for(terms, kind, state.severity)
    return BreachFinding(
        incident=state.key,
        kind=kind,
        ref=ref,
        due_at=due_at,
        over_by_seconds=over_by,
        clause=clause,
        obligor=terms.provider,
        responsible=responsibility_at(state, terms, due_at),
        severity=state.severity,
        trigger=requirement.trigger if requirement else None,
        trigger_index=requirement.trigger_index if requirement else None,
        to_level=requirement.to_level if requirement else None,
        clock=requirement.clock if requirement else None,
        credit_percent=credit[1].percent if credit else None,
        credit_rule_index=credit[0] if credit else None,
    )


def documentation_due(state: IncidentState, terms: ContractTerms) -> datetime | None:
    """S + report_due when the severity needs a post-incident report and the incident is resolved."""
    doc = terms.documentation
    if doc is None or state.severity not in doc.severities or state.resolved_at is None:
        return None
    return state.resolved_at + timedelta(seconds=doc.report_due_seconds)


def _documentation_breach(state: IncidentState, terms: ContractTerms) -> BreachFinding | None:
    report_due = documentation_due(state, terms)
    if terms.documentation is None or report_due is None or state.as_of <= report_due:
        return None
    # Any REPORT_FILED by the due instant meets it, as the rule reads ("no REPORT_FILED by S + report_due").
    if any(at <= report_due for at in state.report_filings):
        return None
    late = [at for at in state.report_filings if at > report_due]
    until = late[0] if late else state.as_of
    return _finding(
        state,
        terms,
        BreachKind.DOCUMENTATION,
        f"{state.key}:DOCUMENTATION",
        report_due,
        (until - report_due) // _ONE_SECOND,
        terms.documentation.clause,
    )


def breaches(
    state: IncidentState,
    terms: ContractTerms,
    clocks: Iterable[Clock | None],
    requirements: Iterable[Requirement],
) -> list[BreachFinding]:
    """RESPONSE, RESOLUTION, ESCALATION and DOCUMENTATION breaches as of T, in that order."""
    out: list[BreachFinding] = []
    severity_clause = terms.severities[state.severity].clause
    for clock in clocks:
        if clock is not None and clock.breached:
            kind = BreachKind(clock.kind.value)
            ref = f"{state.key}:{kind}"
            over_by = clock.over_by_seconds
            out.append(_finding(state, terms, kind, ref, clock.due_at, over_by, severity_clause))
    for req in requirements:
        if req.status in (RequirementStatus.LATE, RequirementStatus.MISSED):
            ref = f"{state.key}:ESCALATION:{req.trigger_index}" + (f":{req.clock}" if req.clock else "")
            out.append(
                _finding(
                    state,
                    terms,
                    BreachKind.ESCALATION,
                    ref,
                    req.due_at,
                    req.over_by_seconds,
                    terms.escalation.clause,
                    req,
                )
            )
    documentation = _documentation_breach(state, terms)
    if documentation is not None:
        out.append(documentation)
    return out
