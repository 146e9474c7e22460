"""Calendars (sla-rules §1): weekly hours, holidays, closed dates, DST, open() and advance()."""

from __future__ import annotations

import time as timer
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.calendars import BusinessCalendar, business_calendar, calendar_for
from domain.errors import RuleViolation
from domain.terms import CalendarSpec, OpenInterval
from tests.unit.sla_fixtures import ALWAYS, DAY, HOUR, UK_BUSINESS, at, contract_terms

BUSINESS = business_calendar(UK_BUSINESS)
WORKDAY_SECONDS = 8 * HOUR + 30 * 60


def london(**hours: tuple[OpenInterval, ...]) -> BusinessCalendar:
    return BusinessCalendar(CalendarSpec(key="test", timezone="Europe/London", hours=hours))


def test_always_open_counts_every_second() -> None:
    calendar = BusinessCalendar(ALWAYS)
    assert calendar.open_seconds(at("2026-03-02T09:15Z"), at("2026-03-02T10:15Z")) == HOUR
    assert calendar.advance(at("2026-03-02T09:15Z"), 900) == at("2026-03-02T09:30Z")


def test_open_is_zero_when_the_end_is_not_after_the_start() -> None:
    assert BUSINESS.open_seconds(at("2026-03-02T12:00Z"), at("2026-03-02T12:00Z")) == 0
    assert BUSINESS.open_seconds(at("2026-03-02T12:00Z"), at("2026-03-02T11:00Z")) == 0


def test_advance_by_zero_is_the_same_instant_even_when_closed() -> None:
    saturday = at("2026-03-07T12:00Z")
    assert BUSINESS.advance(saturday, 0) == saturday


def test_a_winter_working_day_is_0900_to_1730_utc() -> None:
    assert BUSINESS.open_intervals(date(2026, 3, 2)) == [(at("2026-03-02T09:00Z"), at("2026-03-02T17:30Z"))]
    assert BUSINESS.open_seconds(at("2026-03-02T00:00Z"), at("2026-03-03T00:00Z")) == WORKDAY_SECONDS


def test_a_summer_working_day_is_shifted_by_british_summer_time() -> None:
    assert BUSINESS.open_intervals(date(2026, 3, 30)) == [(at("2026-03-30T08:00Z"), at("2026-03-30T16:30Z"))]


def test_weekends_are_closed() -> None:
    assert BUSINESS.open_seconds(at("2026-03-07T00:00Z"), at("2026-03-09T00:00Z")) == 0


def test_a_full_week_has_five_working_days() -> None:
    assert BUSINESS.open_seconds(at("2026-03-02T00:00Z"), at("2026-03-09T00:00Z")) == 5 * WORKDAY_SECONDS


def test_good_friday_and_easter_monday_are_closed() -> None:
    assert BUSINESS.is_closed_day(date(2026, 4, 3))
    assert BUSINESS.is_closed_day(date(2026, 4, 6))
    assert BUSINESS.open_intervals(date(2026, 4, 3)) == []
    # Thursday 2 April to Tuesday 7 April: only the Thursday is worked.
    assert BUSINESS.open_seconds(at("2026-04-02T00:00Z"), at("2026-04-07T00:00Z")) == WORKDAY_SECONDS


def test_christmas_boxing_day_observed_and_the_extra_closed_date() -> None:
    for closed in (date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 28)):
        assert BUSINESS.is_closed_day(closed), closed
    assert not BUSINESS.is_closed_day(date(2026, 12, 23))
    # Wednesday 23rd 17:00 plus one open hour: 30 min that day, then the 24th, 25th, weekend and 28th are closed.
    assert BUSINESS.advance(at("2026-12-23T17:00Z"), HOUR) == at("2026-12-29T09:30Z")


def test_holidays_follow_the_subdivision() -> None:
    scotland = BusinessCalendar(
        CalendarSpec(
            key="sct",
            timezone="Europe/London",
            hours={"fri": (OpenInterval(time(9), time(17)),)},
            holiday_country="GB",
            holiday_subdivision="SCT",
        )
    )
    assert scotland.is_closed_day(date(2026, 1, 2))
    assert not BUSINESS.is_closed_day(date(2026, 1, 2))


def test_advance_crosses_the_spring_weekend_in_real_seconds() -> None:
    # Friday 27 March 17:00 GMT + 1 open hour: 30 min on Friday, then Monday 09:00 BST (08:00Z) + 30 min.
    assert BUSINESS.advance(at("2026-03-27T17:00Z"), HOUR) == at("2026-03-30T08:30Z")


def test_reaching_the_target_at_the_end_of_an_interval_answers_that_end() -> None:
    assert BUSINESS.advance(at("2026-03-02T09:00Z"), WORKDAY_SECONDS) == at("2026-03-02T17:30Z")
    assert BUSINESS.advance(at("2026-03-02T09:00Z"), WORKDAY_SECONDS + 1) == at("2026-03-03T09:00:01Z")


def test_advance_from_a_closed_instant_starts_at_the_next_opening() -> None:
    assert BUSINESS.advance(at("2026-03-07T12:00Z"), 60) == at("2026-03-09T09:01Z")


def test_spring_forward_day_is_23_hours() -> None:
    calendar = london(sun=(OpenInterval(time(0), None),))
    assert calendar.open_seconds(at("2026-03-28T00:00Z"), at("2026-03-30T00:00Z")) == 23 * HOUR


def test_fall_back_day_is_25_hours() -> None:
    calendar = london(sun=(OpenInterval(time(0), None),))
    assert calendar.open_seconds(at("2026-10-24T00:00Z"), at("2026-10-27T00:00Z")) == 25 * HOUR


def test_a_nonexistent_local_time_is_read_with_fold_0() -> None:
    # 01:00 and 03:00 on 29 March: 01:00 does not exist and reads as 01:00 GMT, 03:00 BST is 02:00Z.
    calendar = london(sun=(OpenInterval(time(1), time(3)),))
    assert calendar.open_intervals(date(2026, 3, 29)) == [(at("2026-03-29T01:00Z"), at("2026-03-29T02:00Z"))]
    # 01:30-02:00 reads as 01:30Z-01:00Z: an empty interval, so nothing is open.
    empty = london(sun=(OpenInterval(time(1, 30), time(2)),))
    assert empty.open_intervals(date(2026, 3, 29)) == []


def test_fold_0_overlaps_are_not_counted_twice() -> None:
    # 00:00-01:30 reads as 00:00Z-01:30Z and 02:00-03:00 as 01:00Z-02:00Z; together 00:00Z-02:00Z.
    calendar = london(sun=(OpenInterval(time(0), time(1, 30)), OpenInterval(time(2), time(3))))
    assert calendar.open_seconds(at("2026-03-29T00:00Z"), at("2026-03-30T00:00Z")) == 2 * HOUR


def test_an_ambiguous_local_time_is_read_as_its_first_occurrence() -> None:
    # 01:00 on 25 October happens twice; fold=0 takes 01:00 BST (00:00Z), so 01:00-02:00 lasts two real hours.
    calendar = london(sun=(OpenInterval(time(1), time(2)),))
    assert calendar.open_intervals(date(2026, 10, 25)) == [(at("2026-10-25T00:00Z"), at("2026-10-25T02:00Z"))]


def test_sub_second_instants_are_floored() -> None:
    calendar = BusinessCalendar(ALWAYS)
    start = at("2026-03-02T09:00:00Z")
    assert calendar.open_seconds(start, start + timedelta(seconds=1, microseconds=999_999)) == 1


def test_instants_in_other_offsets_are_the_same_instants() -> None:
    assert BUSINESS.open_seconds(at("2026-03-02T10:00+01:00"), at("2026-03-02T12:00+01:00")) == 2 * HOUR
    assert BUSINESS.advance(at("2026-03-02T10:00+01:00"), 60).tzinfo is UTC


def test_a_calendar_without_hours_is_never_open() -> None:
    calendar = BusinessCalendar(CalendarSpec(key="never", timezone="UTC"))
    assert calendar.open_seconds(at("2026-01-01T00:00Z"), at("2027-01-01T00:00Z")) == 0
    with pytest.raises(RuleViolation) as raised:
        calendar.advance(at("2026-01-01T00:00Z"), 1)
    assert raised.value.problems[0].code == "CALENDAR_NEVER_OPEN"


def test_an_unknown_holiday_country_is_a_domain_error() -> None:
    spec = CalendarSpec(key="x", hours={"mon": (OpenInterval(time(9), time(17)),)}, holiday_country="XX")
    with pytest.raises(RuleViolation) as raised:
        BusinessCalendar(spec).open_seconds(at("2026-03-02T00:00Z"), at("2026-03-03T00:00Z"))
    assert raised.value.problems[0].code == "UNKNOWN_REFERENCE"


def test_a_naive_instant_is_rejected() -> None:
    with pytest.raises(RuleViolation) as raised:
        BUSINESS.open_seconds(datetime(2026, 3, 2, 9), at("2026-03-02T10:00Z"))
    assert raised.value.problems[0].code == "NAIVE_DATETIME"


def test_calendar_for_uses_the_severity_calendar_and_is_shared() -> None:
    terms = contract_terms()
    assert calendar_for(terms, "SEV3").spec.key == "uk-business"
    assert calendar_for(terms, "SEV1").spec.key == "always"
    assert calendar_for(terms, "SEV3") is calendar_for(contract_terms(), "SEV3")
    with pytest.raises(RuleViolation):
        calendar_for(terms, "SEV9")


def test_thirty_days_of_business_hours_is_fast_and_exact() -> None:
    calendar = BusinessCalendar(UK_BUSINESS)  # a fresh one: nothing cached for its days
    started = timer.perf_counter()
    due = calendar.advance(at("2026-03-02T09:00Z"), 30 * DAY)
    assert timer.perf_counter() - started < 0.5
    assert calendar.open_seconds(at("2026-03-02T09:00Z"), due) == 30 * DAY
    # 30 days of 8.5-hour days is 84.7 working days, so the due date falls in early July.
    assert date(2026, 6, 25) < due.date() < date(2026, 7, 15)


# Properties: whole-second instants over two years, on business hours and on a calendar with DST Sundays.
DST_SUNDAYS = london(
    sun=(OpenInterval(time(0, 30), time(1, 45)), OpenInterval(time(2, 15), None)),
    wed=(OpenInterval(time(9), time(12)), OpenInterval(time(13), time(17))),
)
instants = st.integers(min_value=0, max_value=2 * 365 * DAY).map(
    lambda s: at("2026-01-01T00:00Z") + timedelta(seconds=s)
)
amounts = st.integers(min_value=0, max_value=30 * DAY)
calendars = st.sampled_from([BUSINESS, DST_SUNDAYS, BusinessCalendar(ALWAYS)])


@settings(max_examples=150, deadline=None)
@given(calendar=calendars, start=instants, seconds=amounts)
def test_open_of_advance_is_the_amount(calendar: BusinessCalendar, start: datetime, seconds: int) -> None:
    due = calendar.advance(start, seconds)
    assert due >= start
    assert calendar.open_seconds(start, due) == seconds
    if seconds:
        # Earliest: one second less would not be enough.
        assert calendar.open_seconds(start, due - timedelta(seconds=1)) == seconds - 1


@settings(max_examples=100, deadline=None)
@given(calendar=calendars, start=instants, a=amounts, b=amounts)
def test_advance_is_monotone_in_the_amount(calendar: BusinessCalendar, start: datetime, a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert calendar.advance(start, low) <= calendar.advance(start, high)


@settings(max_examples=100, deadline=None)
@given(calendar=calendars, a=instants, b=instants, seconds=amounts)
def test_advance_is_monotone_in_the_start(calendar: BusinessCalendar, a: datetime, b: datetime, seconds: int) -> None:
    early, late = sorted((a, b))
    assert calendar.advance(early, seconds) <= calendar.advance(late, seconds)


@settings(max_examples=100, deadline=None)
@given(calendar=calendars, a=instants, b=instants, c=instants)
def test_open_is_additive(calendar: BusinessCalendar, a: datetime, b: datetime, c: datetime) -> None:
    first, middle, last = sorted((a, b, c))
    total = calendar.open_seconds(first, last)
    assert calendar.open_seconds(first, middle) + calendar.open_seconds(middle, last) == total
    assert 0 <= total <= (last - first).total_seconds()


def test_results_are_utc_aware() -> None:
    due = BUSINESS.advance(datetime(2026, 3, 2, 10, tzinfo=UTC), 1)
    assert due.tzinfo is UTC


# Long ranges (an open incident's clocks run from its report to now): the days well inside a range are taken from
# running totals (domain/calendars.py), which must give the open time the days' intervals give, with holidays,
# closed dates and DST changes at local midnight (Santiago, Beirut and Havana move their clocks at 00:00).
def _weekdays(*intervals: OpenInterval) -> dict[str, tuple[OpenInterval, ...]]:
    return {d: intervals for d in ("mon", "tue", "wed", "thu", "fri")}


MIDNIGHT_CHANGES = [
    BusinessCalendar(
        CalendarSpec(key="scl", timezone="America/Santiago", hours=_weekdays(OpenInterval(time(0), None)))
    ),
    BusinessCalendar(
        CalendarSpec(
            key="bey",
            timezone="Asia/Beirut",
            hours={"sat": (OpenInterval(time(23), None),), "sun": (OpenInterval(time(0), time(1, 30)),)},
            closed=frozenset({date(2026, 3, 29), date(2027, 10, 31)}),
        )
    ),
    BusinessCalendar(
        CalendarSpec(
            key="hav",
            timezone="America/Havana",
            hours={**_weekdays(OpenInterval(time(8), time(17))), "sun": (OpenInterval(time(0), None),)},
        )
    ),
]
long_instants = st.integers(min_value=0, max_value=3 * 365 * DAY).map(
    lambda s: at("2026-01-01T00:00Z") + timedelta(seconds=s)
)


def open_by_union(calendar: BusinessCalendar, a: datetime, b: datetime) -> int:
    """Whole open seconds of [a, b) as the measure of the union of the intervals of every local date near it."""
    spans = sorted(
        span
        for ordinal in range(a.date().toordinal() - 2, b.date().toordinal() + 3)
        for span in calendar.open_intervals(date.fromordinal(ordinal))
    )
    total, frontier = timedelta(0), a
    for start, end in spans:
        start, end = max(start, frontier), min(end, b)
        if end > start:
            total += end - start
            frontier = end
    return int(total.total_seconds())


@settings(max_examples=300, deadline=None)
@given(calendar=st.sampled_from([BUSINESS, DST_SUNDAYS, *MIDNIGHT_CHANGES]), a=long_instants, b=long_instants)
def test_open_time_of_any_range_is_the_measure_of_its_days_intervals(
    calendar: BusinessCalendar, a: datetime, b: datetime
) -> None:
    start, end = sorted((a, b))
    assert calendar.open_seconds(start, end) == open_by_union(calendar, start, end)


def test_a_range_holding_a_day_whose_interval_passes_its_midnight_is_counted_day_by_day(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No zone in use today moves its clocks across midnight, which is what lets an interval pass its day's local
    # midnights; such a day is stood in for by totals that flag every day (and whose sums are wrong): the range
    # must then be counted day by day, not from them.
    calendar = BusinessCalendar(UK_BUSINESS)
    start, end = at("2026-01-05T09:00Z"), at("2026-07-01T12:00Z")
    expected = open_by_union(calendar, start, end)
    flagged = calendar._cover(None, start.date().toordinal() - 10, end.date().toordinal() + 10)
    assert flagged is not None
    flagged.cum = tuple(0 for _ in flagged.cum)
    flagged.spilled = tuple(range(len(flagged.spilled)))
    monkeypatch.setattr(calendar, "_cover", lambda *_: flagged)
    assert calendar.open_seconds(start, end) == expected
