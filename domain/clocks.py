"""Response and resolution clocks of an incident (sla-rules §3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.calendars import BusinessCalendar, calendar_for
from domain.errors import RuleViolation
from domain.state import IncidentState
from domain.terms import ContractTerms


class ClockKind(StrEnum):
    RESPONSE = "RESPONSE"
    RESOLUTION = "RESOLUTION"


class ClockStatus(StrEnum):
    RUNNING = "RUNNING"
    PAUSED = "PAUSED"
    MET = "MET"
    BREACHED = "BREACHED"


@dataclass(frozen=True)
class Clock:
    """One SLA clock as of T; seconds are open seconds of the severity's calendar."""

    kind: ClockKind
    severity: str
    status: ClockStatus
    target_seconds: int
    elapsed_seconds: int
    remaining_seconds: int  # max(0, target - elapsed)
    over_by_seconds: int  # max(0, elapsed - target)
    due_at: datetime
    stopped_at: datetime | None  # A for response, S for resolution
    breached: bool


def reported_at(state: IncidentState) -> datetime:
    """R, or a RuleViolation when the incident is not reported as of T (no clock runs yet)."""
    if state.reported_at is None:
        when = state.as_of.isoformat()
        message = f"Incident '{state.key}' has no REPORTED event at or before {when}."
        raise RuleViolation.single("NOT_REPORTED", message)
    return state.reported_at


def _clock(
    kind: ClockKind,
    state: IncidentState,
    target: int,
    elapsed: int,
    due_at: datetime,
    stopped_at: datetime | None,
    not_breached: ClockStatus,
) -> Clock:
    # Equal is met: only elapsed > target breaches (sla-rules §3).
    breached = elapsed > target
    return Clock(
        kind=kind,
        severity=state.severity,
        status=ClockStatus.BREACHED if breached else not_breached,
        target_seconds=target,
        elapsed_seconds=elapsed,
        remaining_seconds=max(0, target - elapsed),
        over_by_seconds=max(0, elapsed - target),
        due_at=due_at,
        stopped_at=stopped_at,
        breached=breached,
    )


def response_clock(state: IncidentState, terms: ContractTerms, calendar: BusinessCalendar | None = None) -> Clock:
    """Time from R to acknowledgement on the severity's calendar; pauses do not stop it."""
    start = reported_at(state)
    calendar = calendar or calendar_for(terms, state.severity)
    target = terms.severities[state.severity].response_seconds
    due_at = calendar.advance(start, target)
    acknowledged = state.acknowledged_at
    if acknowledged is not None:
        elapsed = calendar.open_seconds(start, acknowledged)
        return _clock(ClockKind.RESPONSE, state, target, elapsed, due_at, acknowledged, ClockStatus.MET)
    elapsed = calendar.open_seconds(start, state.as_of)
    return _clock(ClockKind.RESPONSE, state, target, elapsed, due_at, None, ClockStatus.RUNNING)


def running_seconds(state: IncidentState, calendar: BusinessCalendar, end: datetime) -> int:
    """Open seconds of [R, end) outside every pause: the resolution clock's elapsed time at `end`."""
    cursor = reported_at(state)
    total = 0
    for pause_start, pause_end in state.pauses:
        if pause_start >= end:
            break
        total += calendar.open_seconds(cursor, pause_start)
        cursor = max(cursor, pause_end)
    return total + calendar.open_seconds(cursor, end)


def running_due(state: IncidentState, calendar: BusinessCalendar, seconds: int) -> datetime:
    """Earliest instant at which running_seconds reaches `seconds`, counting the pauses known at T."""
    cursor = reported_at(state)
    remaining = seconds
    # A pause open at T already ends at T in state.pauses, so the clock is taken to restart at T.
    for pause_start, pause_end in state.pauses:
        # `>=`: a pause starting at the cursor still leaves the cursor itself, where a zero target is reached
        if pause_start >= cursor:
            available = calendar.open_seconds(cursor, pause_start)
            if available >= remaining:
                return calendar.advance(cursor, remaining)
            remaining -= available
        cursor = max(cursor, pause_end)
    return calendar.advance(cursor, remaining)


def resolution_clock(
    state: IncidentState, terms: ContractTerms, calendar: BusinessCalendar | None = None
) -> Clock | None:
    """Time from R to resolution outside pauses; None when the severity has no resolution target."""
    reported_at(state)
    target = terms.severities[state.severity].resolution_seconds
    if target is None:
        return None
    calendar = calendar or calendar_for(terms, state.severity)
    # A resolved incident's due is where the clock would have reached its target had it kept running.
    due_at = running_due(state, calendar, target)
    resolved = state.resolved_at
    if resolved is not None:
        elapsed = running_seconds(state, calendar, resolved)
        return _clock(ClockKind.RESOLUTION, state, target, elapsed, due_at, resolved, ClockStatus.MET)
    elapsed = running_seconds(state, calendar, state.as_of)
    status = ClockStatus.PAUSED if state.paused else ClockStatus.RUNNING
    return _clock(ClockKind.RESOLUTION, state, target, elapsed, due_at, None, status)
