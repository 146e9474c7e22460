"""Knowledge time: the record as it stood at an instant, counting only what had been recorded by then."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from domain.errors import Problem
from domain.events import Event, IncidentFacts


def known_by(recorded_at: datetime | None, known_at: datetime | None) -> bool:
    """True when something recorded at `recorded_at` was in the record at `known_at`.

    Without `known_at` everything counts; data stored before `recordedAt` was kept has none and always counts."""
    return known_at is None or recorded_at is None or recorded_at <= known_at


def known_events(events: tuple[Event, ...], known_at: datetime | None) -> tuple[Event, ...]:
    """The events recorded by `known_at`, in their order."""
    if known_at is None:
        return events
    return tuple(e for e in events if known_by(e.recorded_at, known_at))


def known_facts(facts: IncidentFacts, known_at: datetime | None) -> IncidentFacts:
    """An incident as the record showed it at `known_at`: the same facts with only the events recorded by then."""
    if known_at is None:
        return facts
    events = known_events(facts.events, known_at)
    return facts if len(events) == len(facts.events) else replace(facts, events=events)


def known_at_problem(known_at: datetime, now: datetime, skew: timedelta) -> Problem | None:
    """FUTURE_KNOWN_AT when `knownAt` lies more than the clock skew after the server's clock: the record of a
    moment still to come cannot be known."""
    if known_at <= now + skew:
        return None
    return Problem(
        "FUTURE_KNOWN_AT",
        f"`knownAt` {known_at.isoformat()} lies in the future (the server's clock says {now.isoformat()}); "
        "ask for the record as it stands now or as it stood at a past instant.",
        ("knownAt",),
    )
