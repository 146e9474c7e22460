"""What an incident's event stream says as of an instant T (sla-rules §2, "State derived from the stream")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.calendars import utc
from domain.events import EventKind, IncidentFacts
from domain.record import known_facts

Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class IncidentState:
    """An incident as of `as_of`; every instant is UTC. `reported_at` is None if T is before REPORTED."""

    key: str
    service: str
    service_affecting: bool
    as_of: datetime
    reported_at: datetime | None
    severity: str
    acknowledged_at: datetime | None
    resolved_at: datetime | None
    pauses: tuple[Interval, ...]  # sorted; a pause open at T ends at T
    paused: bool  # a PAUSED is still open at T
    report_filings: tuple[datetime, ...]  # every REPORT_FILED at or before T
    level_changes: tuple[tuple[datetime, int], ...]  # (R, 1) then each ESCALATED / DE_ESCALATED
    assignee_changes: tuple[tuple[datetime, str | None], ...]

    @property
    def reported(self) -> bool:
        """True when the REPORTED event is at or before T."""
        return self.reported_at is not None

    def level_at(self, t: datetime) -> int | None:
        """Escalation level at instant t (None before R)."""
        level: int | None = None
        for at, value in self.level_changes:
            if at > t:
                break
            level = value
        return level

    def assignee_at(self, t: datetime) -> str | None:
        """Person named by the last event at or before t that names one (None: nobody named)."""
        person: str | None = None
        for at, value in self.assignee_changes:
            if at > t:
                break
            person = value
        return person

    def first_at_level(self, level: int) -> datetime | None:
        """First instant in [R, T] at which the level is >= `level` (E of sla-rules §4)."""
        for at, value in self.level_changes:
            if value >= level:
                return at
        return None


def incident_state(facts: IncidentFacts, as_of: datetime, known_at: datetime | None = None) -> IncidentState:
    """Derive the state of an incident from its events at or before `as_of` (recorded by `known_at`, if given)."""
    as_of = utc(as_of)
    facts = known_facts(facts, known_at)
    reported_at: datetime | None = None
    severity = facts.severity
    acknowledged_at: datetime | None = None
    pause_start: datetime | None = None
    resolution_start: datetime | None = None
    pauses: list[Interval] = []
    filings: list[datetime] = []
    levels: list[tuple[datetime, int]] = []
    assignees: list[tuple[datetime, str | None]] = []

    for event in facts.events:
        at = utc(event.at)
        if at > as_of:
            # Events after T are ignored so any past state can be reproduced.
            continue
        kind = event.kind
        if kind is EventKind.REPORTED:
            if reported_at is None:
                reported_at = at
                levels.append((at, 1))
        elif kind is EventKind.ACKNOWLEDGED:
            if acknowledged_at is None:
                acknowledged_at = at
            if event.actor is not None:
                assignees.append((at, event.actor))
        elif kind is EventKind.ASSIGNED:
            assignees.append((at, event.assignee))
        elif kind in (EventKind.ESCALATED, EventKind.DE_ESCALATED):
            if event.level is not None:
                levels.append((at, event.level))
            # Without an assignee the incident moved on and nobody was named: clear it.
            assignees.append((at, event.assignee))
        elif kind is EventKind.RECLASSIFIED:
            if event.severity is not None:
                severity = event.severity
        elif kind is EventKind.PAUSED:
            if pause_start is None and resolution_start is None:
                pause_start = at
        elif kind is EventKind.RESUMED:
            if pause_start is not None:
                pauses.append((pause_start, at))
                pause_start = None
        elif kind is EventKind.RESOLVED:
            if pause_start is not None:
                pauses.append((pause_start, at))
                pause_start = None
            if resolution_start is None:
                resolution_start = at
        elif kind is EventKind.REOPENED:
            if resolution_start is not None:
                pauses.append((resolution_start, at))
                resolution_start = None
        elif kind is EventKind.REPORT_FILED:
            filings.append(at)

    paused = pause_start is not None
    if pause_start is not None:
        pauses.append((pause_start, as_of))
    return IncidentState(
        key=facts.key,
        service=facts.service,
        service_affecting=facts.service_affecting,
        as_of=as_of,
        reported_at=reported_at,
        severity=severity,
        acknowledged_at=acknowledged_at,
        resolved_at=resolution_start,
        pauses=tuple(sorted(pauses)),
        paused=paused,
        report_filings=tuple(filings),
        level_changes=tuple(levels),
        assignee_changes=tuple(assignees),
    )
