"""Escalation requirements (sla-rules §4): one table per trigger, every status, REPEATED counting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.clocks import ClockKind, resolution_clock, response_clock
from domain.escalations import (
    Requirement,
    RequirementStatus,
    TriggerKind,
    escalation_requirements,
    repeated_count,
    repeated_may_change,
)
from domain.events import Event, EventKind
from domain.state import incident_state
from domain.terms import TriggerTerms
from tests.unit.sla_fixtures import DAY, HOUR, MINUTE, at, contract_terms, ev, incident, with_triggers

K = EventKind
S = RequirementStatus
R = "2026-03-02T09:15Z"
REPORTED = ev(R, K.REPORTED)


def requirements(
    trigger: TriggerTerms,
    *events: Event,
    as_of: str,
    severity: str = "SEV1",
    service_affecting: bool = True,
    repeated: int = 1,
) -> list[Requirement]:
    terms = with_triggers(contract_terms(), trigger)
    facts = incident(REPORTED, *events, severity=severity, service_affecting=service_affecting)
    state = incident_state(facts, at(as_of))
    clocks = (response_clock(state, terms), resolution_clock(state, terms))
    return escalation_requirements(state, terms, clocks, repeated)


def only(found: list[Requirement]) -> tuple[RequirementStatus, str, int]:
    assert len(found) == 1
    return found[0].status, found[0].due_at.strftime("%H:%M"), found[0].over_by_seconds


UNACKNOWLEDGED = TriggerTerms(0, "UNACKNOWLEDGED", 2, 15 * MINUTE)
ESCALATED_0925 = ev("2026-03-02T09:25Z", K.ESCALATED, level=2)
ESCALATED_0930 = ev("2026-03-02T09:30Z", K.ESCALATED, level=2)
ESCALATED_0950 = ev("2026-03-02T09:50Z", K.ESCALATED, level=2)
ACKNOWLEDGED_0927 = ev("2026-03-02T09:27Z", K.ACKNOWLEDGED)
ACKNOWLEDGED_0930 = ev("2026-03-02T09:30Z", K.ACKNOWLEDGED)
ACKNOWLEDGED_0940 = ev("2026-03-02T09:40Z", K.ACKNOWLEDGED)


@pytest.mark.parametrize(
    ("events", "as_of", "expected"),
    [
        ((ESCALATED_0925,), "2026-03-02T12:00Z", (S.MET, "09:30", 0)),
        ((ESCALATED_0930,), "2026-03-02T12:00Z", (S.MET, "09:30", 0)),  # reaching it at due is in time
        ((ACKNOWLEDGED_0927, ESCALATED_0930), "2026-03-02T12:00Z", (S.MET, "09:30", 0)),  # MET beats lapsed
        ((ACKNOWLEDGED_0927,), "2026-03-02T12:00Z", (S.NOT_REQUIRED, "09:30", 0)),
        ((ACKNOWLEDGED_0930,), "2026-03-02T12:00Z", (S.NOT_REQUIRED, "09:30", 0)),  # A <= due lapses
        ((ACKNOWLEDGED_0927, ESCALATED_0950), "2026-03-02T12:00Z", (S.NOT_REQUIRED, "09:30", 0)),
        ((ESCALATED_0950,), "2026-03-02T12:00Z", (S.LATE, "09:30", 20 * MINUTE)),
        ((), "2026-03-02T10:00Z", (S.MISSED, "09:30", 30 * MINUTE)),
        # A late acknowledgement does not lapse the requirement; the miss runs on to T.
        ((ACKNOWLEDGED_0940,), "2026-03-02T10:00Z", (S.MISSED, "09:30", 30 * MINUTE)),
        ((), "2026-03-02T09:30Z", (S.PENDING, "09:30", 0)),  # T == due is not yet past due
        ((), "2026-03-02T09:20Z", (S.PENDING, "09:30", 0)),
    ],
)
def test_unacknowledged(events: tuple[Event, ...], as_of: str, expected: tuple[S, str, int]) -> None:
    assert only(requirements(UNACKNOWLEDGED, *events, as_of=as_of)) == expected


UNRESOLVED = TriggerTerms(1, "UNRESOLVED", 3, 2 * HOUR)
PAUSE = (ev("2026-03-02T10:05Z", K.PAUSED, reason="logs"), ev("2026-03-02T10:35Z", K.RESUMED))


@pytest.mark.parametrize(
    ("events", "as_of", "expected"),
    [
        ((ev("2026-03-02T11:00Z", K.ESCALATED, level=3),), "2026-03-02T12:00Z", (S.MET, "11:15", 0)),
        ((*PAUSE, ev("2026-03-02T11:40Z", K.ESCALATED, level=3)), "2026-03-02T12:00Z", (S.MET, "11:45", 0)),
        ((ev("2026-03-02T11:15Z", K.RESOLVED),), "2026-03-02T12:00Z", (S.NOT_REQUIRED, "11:15", 0)),
        ((ev("2026-03-02T11:20Z", K.ESCALATED, level=4),), "2026-03-02T12:00Z", (S.LATE, "11:15", 5 * MINUTE)),
        ((), "2026-03-02T12:00Z", (S.MISSED, "11:15", 45 * MINUTE)),
        # Resolved after due without escalating: the miss runs up to S.
        ((ev("2026-03-02T11:25Z", K.RESOLVED),), "2026-03-02T12:00Z", (S.MISSED, "11:15", 10 * MINUTE)),
        ((), "2026-03-02T11:00Z", (S.PENDING, "11:15", 0)),
        # Paused at T: the clock restarts at T, so the due moves with T.
        ((ev("2026-03-02T10:15Z", K.PAUSED, reason="x"),), "2026-03-02T11:00Z", (S.PENDING, "12:00", 0)),
    ],
)
def test_unresolved(events: tuple[Event, ...], as_of: str, expected: tuple[S, str, int]) -> None:
    assert only(requirements(UNRESOLVED, *events, as_of=as_of)) == expected


SERVICE_AFFECTING = TriggerTerms(3, "SERVICE_AFFECTING", 3, 30 * MINUTE)


@pytest.mark.parametrize(
    ("events", "as_of", "expected"),
    [
        ((ev("2026-03-02T09:40Z", K.ESCALATED, level=3),), "2026-03-02T12:00Z", (S.MET, "09:45", 0)),
        ((ev("2026-03-02T09:45Z", K.RESOLVED),), "2026-03-02T12:00Z", (S.NOT_REQUIRED, "09:45", 0)),
        ((ev("2026-03-02T11:40Z", K.ESCALATED, level=3),), "2026-03-02T12:00Z", (S.LATE, "09:45", 6900)),
        ((), "2026-03-02T10:45Z", (S.MISSED, "09:45", HOUR)),
        ((), "2026-03-02T09:44Z", (S.PENDING, "09:45", 0)),
    ],
)
def test_service_affecting(events: tuple[Event, ...], as_of: str, expected: tuple[S, str, int]) -> None:
    assert only(requirements(SERVICE_AFFECTING, *events, as_of=as_of)) == expected


def test_service_affecting_needs_a_service_affecting_incident() -> None:
    assert requirements(SERVICE_AFFECTING, as_of="2026-03-02T12:00Z", service_affecting=False) == []


REPEATED = TriggerTerms(4, "REPEATED", 3, 0, None, count=3, window_seconds=30 * DAY)


@pytest.mark.parametrize(
    ("repeated", "events", "as_of", "expected"),
    [
        (3, (ev("2026-03-02T09:15Z", K.ESCALATED, level=3),), "2026-03-02T12:00Z", (S.MET, "09:15", 0)),
        (3, (ev("2026-03-02T09:15Z", K.RESOLVED),), "2026-03-02T12:00Z", (S.NOT_REQUIRED, "09:15", 0)),
        (4, (ev("2026-03-02T09:20Z", K.ESCALATED, level=3),), "2026-03-02T12:00Z", (S.LATE, "09:15", 5 * MINUTE)),
        (3, (), "2026-03-02T09:20Z", (S.MISSED, "09:15", 5 * MINUTE)),
        (3, (), "2026-03-02T09:15Z", (S.PENDING, "09:15", 0)),
    ],
)
def test_repeated(repeated: int, events: tuple[Event, ...], as_of: str, expected: tuple[S, str, int]) -> None:
    assert only(requirements(REPEATED, *events, as_of=as_of, repeated=repeated)) == expected


def test_repeated_below_its_count_does_not_apply() -> None:
    assert requirements(REPEATED, as_of="2026-03-02T12:00Z", repeated=2) == []


def test_repeated_count_is_wall_clock_inclusive_and_counts_this_incident() -> None:
    reported = at(R)
    window = 30 * DAY
    others = [
        reported - timedelta(seconds=window),  # exactly at the window's start: counts
        reported - timedelta(seconds=window + 1),  # just outside
        reported,  # same instant: counts
        reported + timedelta(seconds=1),  # after R: not in [R - window, R]
    ]
    assert repeated_count(reported, window, others) == 3
    assert repeated_count(reported, window, []) == 1


def test_others_reported_count_per_trigger_window() -> None:
    short = TriggerTerms(4, "REPEATED", 3, 0, None, count=2, window_seconds=DAY)
    long = TriggerTerms(5, "REPEATED", 4, 0, None, count=2, window_seconds=30 * DAY)
    terms = with_triggers(contract_terms(), short, long)
    state = incident_state(incident(REPORTED), at("2026-03-02T12:00Z"))
    others = [at(R) - timedelta(days=10)]
    found = escalation_requirements(state, terms, (), others_reported=others)
    assert [r.trigger_index for r in found] == [5]


def test_a_new_report_matters_only_when_it_brings_the_window_to_its_count() -> None:
    terms = with_triggers(contract_terms(), REPEATED)  # 3 reports in 30 days
    reported = at(R)
    itself = [reported]
    one_other = sorted([reported - timedelta(days=3), reported])
    two_others = sorted([reported - timedelta(days=5), reported - timedelta(days=3), reported])
    inside = [reported - timedelta(days=1)]
    # 1 + 1 new = 2 < 3: REPEATED still does not apply
    assert not repeated_may_change(terms, reported, itself, inside)
    # 2 + 1 new = 3: it starts to apply
    assert repeated_may_change(terms, reported, one_other, inside)
    # 1 + 2 new = 3 as well
    assert repeated_may_change(terms, reported, itself, inside * 2)
    # already 3: a fourth changes nothing (the due instant does not depend on the count)
    assert not repeated_may_change(terms, reported, two_others, inside)
    # a new report outside [R - 30 days, R] never counts, whatever the count
    assert not repeated_may_change(terms, reported, one_other, [reported - timedelta(days=31)])
    assert not repeated_may_change(terms, reported, one_other, [reported + timedelta(seconds=1)])
    # the window's ends are inclusive, as in repeated_count
    assert repeated_may_change(terms, reported, one_other, [reported - timedelta(days=30)])
    # no REPEATED trigger: nothing to change
    assert not repeated_may_change(with_triggers(contract_terms(), UNACKNOWLEDGED), reported, one_other, inside)


OFFSETS = st.lists(st.integers(min_value=-40, max_value=10), max_size=6)  # days from R


@settings(max_examples=300, deadline=None)
@given(before=OFFSETS, added=OFFSETS, count=st.integers(min_value=1, max_value=5))
def test_when_no_change_is_reported_the_requirements_are_the_same(
    before: list[int], added: list[int], count: int
) -> None:
    """Checked against the full rule: whenever `repeated_may_change` says no, adding the reports leaves every
    requirement as it was (so the write path may skip recomputing, and locking, that incident)."""
    short = TriggerTerms(4, "REPEATED", 3, 0, None, count=count, window_seconds=7 * DAY)
    long = TriggerTerms(5, "REPEATED", 4, HOUR, None, count=count + 1, window_seconds=30 * DAY)
    terms = with_triggers(contract_terms(), short, long)
    reported = at(R)
    others = [reported + timedelta(days=d) for d in before]
    new = [reported + timedelta(days=d) for d in added]
    state = incident_state(incident(REPORTED), at("2026-03-20T12:00Z"))
    then = escalation_requirements(state, terms, (), others_reported=others)
    now = escalation_requirements(state, terms, (), others_reported=others + new)
    if not repeated_may_change(terms, reported, sorted([*others, reported]), new):
        assert now == then
    else:
        assert now != then


BREACH = TriggerTerms(5, "BREACH", 4, HOUR)


def test_breach_yields_one_requirement_per_breached_clock() -> None:
    found = requirements(BREACH, as_of="2026-03-02T14:00Z")
    assert [(r.clock, r.due_at, r.status) for r in found] == [
        (ClockKind.RESPONSE, at("2026-03-02T10:30Z"), S.MISSED),
        (ClockKind.RESOLUTION, at("2026-03-02T14:15Z"), S.PENDING),
    ]
    assert found[0].over_by_seconds == 3 * HOUR + 30 * MINUTE
    assert all(r.trigger is TriggerKind.BREACH for r in found)


def test_breach_without_breached_clocks_yields_nothing() -> None:
    assert requirements(BREACH, ev("2026-03-02T09:20Z", K.ACKNOWLEDGED), as_of="2026-03-02T10:00Z") == []


def test_breach_met_and_not_required() -> None:
    events = (ev("2026-03-02T10:00Z", K.ESCALATED, level=4), ev("2026-03-02T14:00Z", K.RESOLVED))
    found = requirements(BREACH, *events, as_of="2026-03-03T00:00Z")
    # Response (due 09:30 + 1 h) met at 10:00; resolution due 13:15 + 1 h: level 4 already reached, MET too.
    assert [(r.clock, r.status) for r in found] == [(ClockKind.RESPONSE, S.MET), (ClockKind.RESOLUTION, S.MET)]
    found = requirements(BREACH, ev("2026-03-02T14:00Z", K.RESOLVED), as_of="2026-03-03T00:00Z")
    assert [(r.clock, r.status) for r in found] == [
        (ClockKind.RESPONSE, S.MISSED),
        (ClockKind.RESOLUTION, S.NOT_REQUIRED),
    ]


def test_severities_filter_on_the_current_severity() -> None:
    sev2_only = TriggerTerms(2, "UNRESOLVED", 3, 6 * HOUR, frozenset({"SEV2"}))
    assert requirements(sev2_only, as_of="2026-03-02T12:00Z") == []
    reclassified = ev("2026-03-02T09:20Z", K.RECLASSIFIED, severity="SEV2")
    assert only(requirements(sev2_only, reclassified, as_of="2026-03-02T12:00Z")) == (S.PENDING, "15:15", 0)


def test_over_by_is_measured_on_the_severity_calendar() -> None:
    # SEV3 on uk-business, reported Friday 17:00 GMT: due at 17:30, the end of Friday's hours, not Monday.
    trigger = SERVICE_AFFECTING
    terms = with_triggers(contract_terms(), trigger)
    facts = incident(ev("2026-03-06T17:00Z", K.REPORTED), severity="SEV3", service_affecting=True)
    state = incident_state(facts, at("2026-03-09T10:00Z"))
    (found,) = escalation_requirements(state, terms, ())
    assert found.due_at == at("2026-03-06T17:30Z")
    assert found.status is S.MISSED
    # The weekend is closed: only Monday 09:00-10:00 counts, not the 64.5 wall-clock hours.
    assert found.over_by_seconds == HOUR


def test_a_trigger_to_level_1_is_met_at_r() -> None:
    trigger = TriggerTerms(0, "UNACKNOWLEDGED", 1, 15 * MINUTE)
    (found,) = requirements(trigger, as_of="2026-03-02T12:00Z")
    assert (found.status, found.reached_at) == (S.MET, at(R))
