"""Escalation requirements of the contract's escalation path, checked against an incident (sla-rules §4)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from domain.calendars import BusinessCalendar, calendar_for, utc
from domain.clocks import Clock, ClockKind, reported_at, running_due
from domain.state import IncidentState
from domain.terms import ContractTerms, TriggerTerms


class TriggerKind(StrEnum):
    UNACKNOWLEDGED = "UNACKNOWLEDGED"
    UNRESOLVED = "UNRESOLVED"
    SERVICE_AFFECTING = "SERVICE_AFFECTING"
    REPEATED = "REPEATED"
    BREACH = "BREACH"


class RequirementStatus(StrEnum):
    MET = "MET"
    NOT_REQUIRED = "NOT_REQUIRED"
    LATE = "LATE"
    MISSED = "MISSED"
    PENDING = "PENDING"


@dataclass(frozen=True)
class Requirement:
    """One escalation the contract required: reach `to_level` by `due_at`; `clock` set for BREACH only."""

    trigger: TriggerKind
    trigger_index: int
    to_level: int
    due_at: datetime
    status: RequirementStatus
    reached_at: datetime | None  # E: first instant in [R, T] at level >= to_level
    over_by_seconds: int  # open seconds of the severity calendar; 0 unless LATE or MISSED
    clock: ClockKind | None = None


def repeated_count(reported_at: datetime, window_seconds: int, others_reported: Iterable[datetime]) -> int:
    """Incidents reported in [R - window, R] on the wall clock, this one included (others exclude it)."""
    end = utc(reported_at)
    start = end - timedelta(seconds=window_seconds)
    return 1 + sum(1 for other in others_reported if start <= utc(other) <= end)


def repeated_may_change(
    terms: ContractTerms,
    reported_at: datetime,
    reports_before: Sequence[datetime],
    added: Iterable[datetime],
) -> bool:
    """Whether reports `added` on the same contract and service can change what REPEATED requires of an incident.

    `reports_before`: every report on that contract and service before the new ones, this incident's included,
    in UTC and sorted. A REPEATED trigger applies once its window holds `count` reports; more reports never undo
    that, and its due instant does not depend on the count. So new reports matter only to a trigger that did not
    apply before and does with them. (The trigger's severity filter is ignored: answering True for an incident
    it excludes only costs a needless recomputation.)"""
    end = utc(reported_at)
    new = [utc(t) for t in added]
    for trigger in terms.escalation.triggers:
        if trigger.kind != TriggerKind.REPEATED:
            continue
        start = end - timedelta(seconds=trigger.window_seconds or 0)
        needed = trigger.count or 1
        had = bisect.bisect_right(reports_before, end) - bisect.bisect_left(reports_before, start)
        if had < needed <= had + sum(1 for t in new if start <= t <= end):
            return True
    return False


def _status(
    state: IncidentState,
    calendar: BusinessCalendar,
    to_level: int,
    due_at: datetime,
    lapsed: bool,
) -> tuple[RequirementStatus, datetime | None, int]:
    reached = state.first_at_level(to_level)
    # The order of these checks is the rule: met beats lapsed, lapsed beats late (sla-rules §4).
    if reached is not None and reached <= due_at:
        return RequirementStatus.MET, reached, 0
    if lapsed:
        return RequirementStatus.NOT_REQUIRED, reached, 0
    if reached is not None:
        return RequirementStatus.LATE, reached, calendar.open_seconds(due_at, reached)
    if state.as_of > due_at:
        until = state.resolved_at if state.resolved_at is not None else state.as_of
        return RequirementStatus.MISSED, None, calendar.open_seconds(due_at, until)
    return RequirementStatus.PENDING, None, 0


def _requirement(
    state: IncidentState,
    calendar: BusinessCalendar,
    trigger: TriggerTerms,
    due_at: datetime,
    lapsed: bool,
    clock: ClockKind | None = None,
) -> Requirement:
    status, reached, over_by = _status(state, calendar, trigger.to_level, due_at, lapsed)
    return Requirement(
        trigger=TriggerKind(trigger.kind),
        trigger_index=trigger.index,
        to_level=trigger.to_level,
        due_at=due_at,
        status=status,
        reached_at=reached,
        over_by_seconds=over_by,
        clock=clock,
    )


def _resolved_by(state: IncidentState, due_at: datetime) -> bool:
    return state.resolved_at is not None and state.resolved_at <= due_at


def escalation_requirements(
    state: IncidentState,
    terms: ContractTerms,
    clocks: Iterable[Clock | None],
    repeated: int = 1,
    others_reported: Iterable[datetime] | None = None,
    calendar: BusinessCalendar | None = None,
) -> list[Requirement]:
    """Every requirement the escalation path's triggers place on the incident as of T, in trigger order."""
    # `repeated` serves every REPEATED trigger alike; `others_reported` (REPORTED instants of the other
    # incidents on the same contract and service) lets triggers with different windows count separately.
    start = reported_at(state)
    calendar = calendar or calendar_for(terms, state.severity)
    others = None if others_reported is None else [utc(t) for t in others_reported]
    breached = [clock for clock in clocks if clock is not None and clock.breached]
    out: list[Requirement] = []
    for trigger in terms.escalation.triggers:
        if trigger.severities is not None and state.severity not in trigger.severities:
            continue
        kind = TriggerKind(trigger.kind)
        if kind is TriggerKind.UNACKNOWLEDGED:
            due_at = calendar.advance(start, trigger.after_seconds)
            acknowledged = state.acknowledged_at
            lapsed = acknowledged is not None and acknowledged <= due_at
            out.append(_requirement(state, calendar, trigger, due_at, lapsed))
        elif kind is TriggerKind.UNRESOLVED:
            due_at = running_due(state, calendar, trigger.after_seconds)
            out.append(_requirement(state, calendar, trigger, due_at, _resolved_by(state, due_at)))
        elif kind is TriggerKind.SERVICE_AFFECTING:
            if state.service_affecting:
                due_at = calendar.advance(start, trigger.after_seconds)
                out.append(_requirement(state, calendar, trigger, due_at, _resolved_by(state, due_at)))
        elif kind is TriggerKind.REPEATED:
            window = trigger.window_seconds or 0
            count = repeated if others is None else repeated_count(start, window, others)
            if count >= (trigger.count or 1):
                due_at = calendar.advance(start, trigger.after_seconds)
                out.append(_requirement(state, calendar, trigger, due_at, _resolved_by(state, due_at)))
        else:
            for clock in breached:
                due_at = calendar.advance(clock.due_at, trigger.after_seconds)
                out.append(_requirement(state, calendar, trigger, due_at, _resolved_by(state, due_at), clock.kind))
    return out
