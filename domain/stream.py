"""The rules an incident's append-only event stream must obey (sla-rules §2)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.errors import PathPart, Problem
from domain.events import Event, EventKind, IncidentFacts
from domain.terms import ContractTerms

# The field each kind cannot do without; a missing one is reported instead of guessing.
REQUIRED_FIELD: dict[EventKind, str] = {
    EventKind.ESCALATED: "level",
    EventKind.DE_ESCALATED: "level",
    EventKind.ASSIGNED: "assignee",
    EventKind.RECLASSIFIED: "severity",
    EventKind.PAUSED: "reason",
}


@dataclass
class _Cursor:
    """What the checks need to know about the events accepted so far."""

    count: int = 0
    last_at: datetime | None = None
    acknowledged: bool = False
    paused: bool = False
    resolved: bool = False
    ever_resolved: bool = False
    level: int = 1

    def apply(self, event: Event) -> None:
        self.count += 1
        self.last_at = event.at
        kind = event.kind
        if kind is EventKind.ACKNOWLEDGED:
            self.acknowledged = True
        elif kind in (EventKind.ESCALATED, EventKind.DE_ESCALATED) and event.level is not None:
            self.level = event.level
        elif kind is EventKind.PAUSED:
            self.paused = True
        elif kind is EventKind.RESUMED:
            self.paused = False
        elif kind is EventKind.RESOLVED:
            # RESOLVED while paused ends the pause.
            self.paused = False
            self.resolved = True
            self.ever_resolved = True
        elif kind is EventKind.REOPENED:
            self.resolved = False


# How far past the server's clock an event's `at` may lie when it is recorded (sla-rules §2); the default of the
# setting `clock_skew_seconds`, which the service passes in.
CLOCK_SKEW = timedelta(minutes=5)

# Problems that do not depend on the stream's state: an event having only these still moves the stream on.
_HARMLESS_TO_SUCCESSORS = frozenset({"UNKNOWN_REFERENCE", "MISSING_FIELD", "FUTURE_EVENT"})


def future_problem(at: datetime, now: datetime | None, skew: timedelta = CLOCK_SKEW) -> Problem | None:
    """FUTURE_EVENT when `at` lies more than the clock skew after `now` (no check without `now`)."""
    if now is None or at.tzinfo is None or at <= now + skew:
        return None
    return Problem(
        "FUTURE_EVENT",
        f"Event at {at.isoformat()} lies in the future (the server's clock says {now.isoformat()}); "
        "events are recorded once they have happened.",
        ("at",),
    )


def _cursor(events: Sequence[Event]) -> _Cursor:
    cursor = _Cursor()
    for event in events:
        cursor.apply(event)
    return cursor


def _problems(
    cursor: _Cursor,
    new: Event,
    terms: ContractTerms,
    known_people: Collection[str],
    now: datetime | None,
    skew: timedelta,
) -> list[Problem]:
    out: list[Problem] = []
    kind = new.kind
    future = future_problem(new.at, now, skew)
    if future is not None:
        out.append(future)

    def add(code: str, message: str, *path: PathPart) -> None:
        out.append(Problem(code, message, tuple(path)))

    if cursor.count == 0:
        if kind is not EventKind.REPORTED:
            add("FIRST_EVENT_NOT_REPORTED", f"The first event must be REPORTED, not {kind}.", "kind")
    else:
        if kind is EventKind.REPORTED:
            add("DUPLICATE_REPORTED", "The incident is already reported; REPORTED comes only first.", "kind")
        if cursor.last_at is not None and new.at < cursor.last_at:
            add(
                "OUT_OF_ORDER",
                f"Event at {new.at.isoformat()} is earlier than the previous event ({cursor.last_at.isoformat()}).",
                "at",
            )

    required = REQUIRED_FIELD.get(kind)
    if required is not None and getattr(new, required) is None:
        add("MISSING_FIELD", f"A {kind} event needs '{required}'.", required)

    if kind is EventKind.ACKNOWLEDGED and cursor.acknowledged:
        add("ALREADY_ACKNOWLEDGED", "The incident is already acknowledged.", "kind")
    elif kind is EventKind.ESCALATED and new.level is not None:
        if new.level not in terms.escalation.levels:
            add("INVALID_LEVEL", f"Level {new.level} is not in the contract's escalation path.", "level")
        elif new.level <= cursor.level:
            add("INVALID_LEVEL", f"ESCALATED must raise the level above {cursor.level}.", "level")
    elif kind is EventKind.DE_ESCALATED and new.level is not None:
        if new.level < 1:
            add("INVALID_LEVEL", "DE_ESCALATED cannot go below level 1.", "level")
        elif new.level >= cursor.level:
            add("INVALID_LEVEL", f"DE_ESCALATED must lower the level below {cursor.level}.", "level")
        elif new.level not in terms.escalation.levels:
            add("INVALID_LEVEL", f"Level {new.level} is not in the contract's escalation path.", "level")

    transition = _transition_problem(cursor, kind)
    if transition is not None:
        add("INVALID_TRANSITION", transition, "kind")

    if new.actor is not None and new.actor not in known_people:
        add("UNKNOWN_REFERENCE", f"Actor '{new.actor}' is not a known person.", "actor")
    if new.assignee is not None and new.assignee not in known_people:
        add("UNKNOWN_REFERENCE", f"Assignee '{new.assignee}' is not a known person.", "assignee")
    # REPORTED may carry the initial severity; it must exist just like a RECLASSIFIED one.
    if new.severity is not None and new.severity not in terms.severities:
        add("UNKNOWN_REFERENCE", f"Severity '{new.severity}' is not defined by the contract.", "severity")
    return out


def _transition_problem(cursor: _Cursor, kind: EventKind) -> str | None:
    if kind is EventKind.PAUSED and cursor.paused:
        return "PAUSED while the incident is already paused."
    if kind is EventKind.PAUSED and cursor.resolved:
        return "PAUSED while the incident is resolved."
    if kind is EventKind.RESUMED and not cursor.paused:
        return "RESUMED while the incident is not paused."
    if kind is EventKind.RESOLVED and cursor.resolved:
        return "RESOLVED while the incident is already resolved."
    if kind is EventKind.REOPENED and not cursor.resolved:
        return "REOPENED while the incident is not resolved."
    if kind is EventKind.REPORT_FILED and not cursor.ever_resolved:
        return "REPORT_FILED before the incident was ever resolved."
    return None


def check_append(
    existing: Sequence[Event],
    new: Event,
    terms: ContractTerms,
    known_people: Collection[str],
    now: datetime | None = None,
    skew: timedelta = CLOCK_SKEW,
) -> list[Problem]:
    """Problems that forbid appending `new` to a valid stream; paths are relative to the new event.

    With `now`, an event more than `skew` in the future is a FUTURE_EVENT.
    """
    return _problems(_cursor(existing), new, terms, known_people, now, skew)


def check_stream(
    events: Sequence[Event],
    terms: ContractTerms,
    known_people: Collection[str],
    now: datetime | None = None,
    skew: timedelta = CLOCK_SKEW,
) -> list[Problem]:
    """Problems of a whole stream, with paths like ("events", 3, "level")."""
    # An event rejected for where it stands (order, transition, level) is skipped, as it would be when
    # appended alone; one rejected only for a reference or a missing field still moves the stream on.
    # Either way one mistake is reported once instead of cascading into its successors.
    cursor = _Cursor()
    out: list[Problem] = []
    for index, event in enumerate(events):
        found = _problems(cursor, event, terms, known_people, now, skew)
        out.extend(Problem(p.code, p.message, ("events", index, *p.path)) for p in found)
        if all(p.code in _HARMLESS_TO_SUCCESSORS for p in found):
            cursor.apply(event)
    return out


def check_incident(
    facts: IncidentFacts,
    terms: ContractTerms,
    known_people: Collection[str],
    now: datetime | None = None,
    skew: timedelta = CLOCK_SKEW,
) -> list[Problem]:
    """check_stream over an incident's events, plus its REPORTED severity."""
    out: list[Problem] = []
    if facts.severity not in terms.severities:
        message = f"Severity '{facts.severity}' is not defined by the contract."
        out.append(Problem("UNKNOWN_REFERENCE", message, ("severity",)))
    return out + check_stream(facts.events, terms, known_people, now, skew)
