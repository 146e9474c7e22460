"""Response and resolution clocks (sla-rules §3)."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.calendars import calendar_for
from domain.clocks import ClockStatus, resolution_clock, response_clock, running_due, running_seconds
from domain.errors import RuleViolation
from domain.events import Event, EventKind
from domain.state import incident_state
from tests.unit.sla_fixtures import HOUR, MINUTE, at, contract_terms, ev, inc_1001, incident, valid_streams

K = EventKind
TERMS = contract_terms()
R = "2026-03-02T09:15Z"
REPORTED = ev(R, K.REPORTED)


def test_response_running_before_acknowledgement() -> None:
    clock = response_clock(incident_state(incident(REPORTED), at("2026-03-02T09:20Z")), TERMS)
    assert clock.status is ClockStatus.RUNNING
    assert (clock.elapsed_seconds, clock.remaining_seconds, clock.over_by_seconds) == (300, 600, 0)
    assert clock.due_at == at("2026-03-02T09:30Z")
    assert clock.stopped_at is None


def test_response_breached_while_unacknowledged() -> None:
    clock = response_clock(incident_state(incident(REPORTED), at("2026-03-02T09:31Z")), TERMS)
    assert clock.status is ClockStatus.BREACHED
    assert clock.breached
    assert (clock.elapsed_seconds, clock.over_by_seconds, clock.remaining_seconds) == (960, 60, 0)


def test_response_equal_to_target_is_met() -> None:
    acknowledged = ev("2026-03-02T09:30Z", K.ACKNOWLEDGED)
    clock = response_clock(incident_state(incident(REPORTED, acknowledged), at("2026-03-03T00:00Z")), TERMS)
    assert clock.status is ClockStatus.MET
    assert clock.elapsed_seconds == clock.target_seconds == 900
    running = response_clock(incident_state(incident(REPORTED), at("2026-03-02T09:30Z")), TERMS)
    assert running.status is ClockStatus.RUNNING


def test_response_acknowledged_late_is_breached_and_stopped() -> None:
    acknowledged = ev("2026-03-02T09:40Z", K.ACKNOWLEDGED)
    clock = response_clock(incident_state(incident(REPORTED, acknowledged), at("2026-03-03T00:00Z")), TERMS)
    assert clock.status is ClockStatus.BREACHED
    assert clock.over_by_seconds == 600
    assert clock.stopped_at == at("2026-03-02T09:40Z")


def test_pauses_do_not_stop_the_response_clock() -> None:
    paused = ev("2026-03-02T09:16Z", K.PAUSED, reason="waiting")
    clock = response_clock(incident_state(incident(REPORTED, paused), at("2026-03-02T09:35Z")), TERMS)
    assert clock.status is ClockStatus.BREACHED
    assert clock.elapsed_seconds == 20 * MINUTE


def test_resolution_paused_at_t_restarts_at_t() -> None:
    state = incident_state(inc_1001(), at("2026-03-02T10:20Z"))
    clock = resolution_clock(state, TERMS)
    assert clock is not None
    assert clock.status is ClockStatus.PAUSED
    assert clock.elapsed_seconds == 50 * MINUTE
    # 190 minutes still to run, counted from T because the pause is taken to end at T.
    assert clock.due_at == at("2026-03-02T13:30Z")


def test_resolution_running_after_a_pause() -> None:
    clock = resolution_clock(incident_state(inc_1001(), at("2026-03-02T11:00Z")), TERMS)
    assert clock is not None
    assert clock.status is ClockStatus.RUNNING
    assert clock.elapsed_seconds == 75 * MINUTE
    assert clock.remaining_seconds == 165 * MINUTE
    assert clock.due_at == at("2026-03-02T13:45Z")


def test_resolution_breached_while_paused_stays_breached() -> None:
    facts = incident(REPORTED, ev("2026-03-02T13:20Z", K.PAUSED, reason="waiting"))
    clock = resolution_clock(incident_state(facts, at("2026-03-02T15:00Z")), TERMS)
    assert clock is not None
    assert clock.status is ClockStatus.BREACHED
    assert clock.over_by_seconds == 5 * MINUTE


def test_resolution_met_when_resolved_in_time() -> None:
    facts = incident(REPORTED, ev("2026-03-02T13:15Z", K.RESOLVED))
    clock = resolution_clock(incident_state(facts, at("2026-03-02T15:00Z")), TERMS)
    assert clock is not None
    assert clock.status is ClockStatus.MET
    assert clock.elapsed_seconds == clock.target_seconds
    assert clock.stopped_at == at("2026-03-02T13:15Z")


def test_a_reopened_resolution_does_not_count() -> None:
    facts = incident(
        REPORTED,
        ev("2026-03-02T10:15Z", K.RESOLVED),
        ev("2026-03-02T12:15Z", K.REOPENED),
        ev("2026-03-02T13:15Z", K.RESOLVED),
    )
    clock = resolution_clock(incident_state(facts, at("2026-03-03T00:00Z")), TERMS)
    assert clock is not None
    assert clock.elapsed_seconds == 2 * HOUR
    assert clock.due_at == at("2026-03-02T15:15Z")
    assert clock.status is ClockStatus.MET


def test_a_severity_without_resolution_target_has_no_resolution_clock() -> None:
    state = incident_state(incident(REPORTED, severity="SEV4"), at("2026-03-03T00:00Z"))
    assert resolution_clock(state, TERMS) is None


def test_reclassification_applies_its_targets_from_r() -> None:
    facts = incident(REPORTED, ev("2026-03-02T10:00Z", K.RECLASSIFIED, severity="SEV2"))
    clock = response_clock(incident_state(facts, at("2026-03-02T10:00Z")), TERMS)
    assert clock.severity == "SEV2"
    assert clock.due_at == at("2026-03-02T10:15Z")
    assert clock.status is ClockStatus.RUNNING


def test_business_hours_clocks() -> None:
    # SEV3 on uk-business, reported Friday 27 March 16:00 GMT: 4 open hours = 1.5 h Friday + 2.5 h Monday (BST).
    facts = incident(ev("2026-03-27T16:00Z", K.REPORTED), severity="SEV3")
    state = incident_state(facts, at("2026-03-30T12:00Z"))
    clock = response_clock(state, TERMS)
    assert clock.due_at == at("2026-03-30T10:30Z")
    assert clock.elapsed_seconds == 90 * MINUTE + 4 * HOUR
    assert clock.over_by_seconds == 90 * MINUTE
    resolution = resolution_clock(state, TERMS)
    assert resolution is not None
    assert resolution.status is ClockStatus.RUNNING
    # 72 open hours: 1.5 Fri + 34 (30 Mar-2 Apr) + Good Friday and Easter Monday closed + 34 (7-10 Apr)
    # = 69.5 h, then 2.5 h on Monday 13 April: 11:30 BST.
    assert resolution.due_at == at("2026-04-13T10:30Z")


def test_no_clock_before_r() -> None:
    with pytest.raises(RuleViolation) as raised:
        response_clock(incident_state(inc_1001(), at("2026-03-01T00:00Z")), TERMS)
    assert raised.value.problems[0].code == "NOT_REPORTED"


@settings(max_examples=80, deadline=None)
@given(events=valid_streams(), offset=st.integers(min_value=0, max_value=60 * HOUR))
def test_breach_exactly_when_elapsed_exceeds_target(events: tuple[Event, ...], offset: int) -> None:
    state = incident_state(inc_1001(events), events[0].at + timedelta(seconds=offset))
    for clock in (response_clock(state, TERMS), resolution_clock(state, TERMS)):
        if clock is None:
            continue
        assert clock.breached == (clock.elapsed_seconds > clock.target_seconds)
        assert (clock.status is ClockStatus.BREACHED) == clock.breached
        assert clock.over_by_seconds == max(0, clock.elapsed_seconds - clock.target_seconds)
        assert clock.remaining_seconds == max(0, clock.target_seconds - clock.elapsed_seconds)


@settings(max_examples=60, deadline=None)
@given(
    start=st.integers(min_value=0, max_value=400 * 24 * HOUR),
    delta=st.integers(min_value=-2, max_value=2),
    severity=st.sampled_from(["SEV1", "SEV3"]),
)
def test_acknowledging_one_second_after_due_breaches(start: int, delta: int, severity: str) -> None:
    reported = at("2026-01-01T00:00Z") + timedelta(seconds=start)
    calendar = calendar_for(TERMS, severity)
    target = TERMS.severities[severity].response_seconds
    acknowledged = calendar.advance(reported, target + delta) if target + delta >= 0 else reported
    facts = incident(Event(reported, K.REPORTED), Event(acknowledged, K.ACKNOWLEDGED), severity=severity)
    clock = response_clock(incident_state(facts, acknowledged), TERMS)
    assert clock.breached == (delta > 0)
    assert clock.status is (ClockStatus.BREACHED if delta > 0 else ClockStatus.MET)


@settings(max_examples=80, deadline=None)
@given(
    events=valid_streams(),
    pause_start=st.integers(min_value=0, max_value=40 * HOUR),
    pause_length=st.integers(min_value=0, max_value=10 * HOUR),
)
def test_adding_a_pause_never_increases_resolution_elapsed(
    events: tuple[Event, ...], pause_start: int, pause_length: int
) -> None:
    state = incident_state(inc_1001(events), events[-1].at + timedelta(hours=1))
    calendar = calendar_for(TERMS, state.severity)
    end = state.resolved_at or state.as_of
    start = events[0].at + timedelta(seconds=pause_start)
    extra = (start, start + timedelta(seconds=pause_length))
    paused_more = dataclasses.replace(state, pauses=tuple(sorted((*state.pauses, extra))))
    assert running_seconds(paused_more, calendar, end) <= running_seconds(state, calendar, end)


@settings(max_examples=60, deadline=None)
@given(
    resolved_after=st.integers(min_value=1, max_value=12 * HOUR),
    pause=st.tuples(st.integers(min_value=0, max_value=12 * HOUR), st.integers(min_value=0, max_value=12 * HOUR)),
    severity=st.sampled_from(["SEV1", "SEV3"]),
)
def test_a_paused_and_resumed_stretch_never_adds_elapsed(
    resolved_after: int, pause: tuple[int, int], severity: str
) -> None:
    reported = at("2026-03-27T10:00Z")
    resolved = reported + timedelta(seconds=resolved_after)
    first, second = sorted(pause)
    paused_at = min(reported + timedelta(seconds=first), resolved)
    resumed_at = min(reported + timedelta(seconds=second), resolved)
    plain = incident(Event(reported, K.REPORTED), Event(resolved, K.RESOLVED), severity=severity)
    paused = incident(
        Event(reported, K.REPORTED),
        Event(paused_at, K.PAUSED, reason="waiting"),
        Event(resumed_at, K.RESUMED),
        Event(resolved, K.RESOLVED),
        severity=severity,
    )
    as_of = resolved + timedelta(days=1)
    plain_clock = resolution_clock(incident_state(plain, as_of), TERMS)
    paused_clock = resolution_clock(incident_state(paused, as_of), TERMS)
    assert plain_clock is not None and paused_clock is not None
    assert paused_clock.elapsed_seconds <= plain_clock.elapsed_seconds
    assert paused_clock.due_at >= plain_clock.due_at


@settings(max_examples=80, deadline=None)
@given(events=valid_streams(), seconds=st.integers(min_value=0, max_value=30 * HOUR))
def test_the_due_instant_is_where_elapsed_reaches_the_target(events: tuple[Event, ...], seconds: int) -> None:
    state = incident_state(inc_1001(events), events[-1].at)
    calendar = calendar_for(TERMS, state.severity)
    due: datetime = running_due(state, calendar, seconds)
    assert running_seconds(state, calendar, due) == seconds
    if seconds:
        assert running_seconds(state, calendar, due - timedelta(seconds=1)) == seconds - 1


def test_a_zero_target_is_due_at_r_even_when_a_pause_starts_at_r() -> None:
    """UNRESOLVED {after: PT0S} on an incident resolved the instant it was reported, reopened later:
    advance(R, 0) = R, so the requirement is due at R, not when the reopening ends the pause."""
    resolved = ev(R, K.RESOLVED)
    reopened = ev("2026-03-02T10:15Z", K.REOPENED)
    state = incident_state(incident(REPORTED, resolved, reopened), at("2026-03-02T11:00Z"))
    calendar = calendar_for(TERMS, "SEV1")
    assert state.pauses[0] == (at(R), at("2026-03-02T10:15Z"))
    assert running_due(state, calendar, 0) == at(R)
    # a positive target still waits out the pause that starts at R: 10 minutes after the reopening
    assert running_due(state, calendar, 600) == at("2026-03-02T10:25Z")
