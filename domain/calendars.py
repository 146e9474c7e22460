"""Support calendars: when a contract's clocks run, measured in real elapsed seconds (sla-rules §1)."""

from __future__ import annotations

import functools
from collections.abc import Hashable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

from domain.errors import DomainError, RuleViolation
from domain.terms import WEEKDAYS, CalendarSpec, ContractTerms, OpenInterval

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROS_PER_SECOND = 1_000_000
_ONE_MICRO = timedelta(microseconds=1)
_MICROS_PER_DAY = 86_400 * MICROS_PER_SECOND
_EPOCH_ORDINAL = EPOCH.date().toordinal()
# A weekly schedule that yields no open time for ten years running is never open in practice.
_MAX_CLOSED_DAYS = 3660
# Per-calendar day cache and calendar cache sizes: bounded so a long-running server cannot grow them forever.
_DAY_CACHE_LIMIT = 20_000
# Days of open time kept as running totals per calendar (`_Totals`): 40 years either way of the days asked for.
_TOTALS_LIMIT = 29_220
# A range of this many days or fewer is counted day by day; longer ones take their inner days' open time from
# the running totals, leaving this margin at each end to the day-by-day count.
_EDGE_DAYS = 5
_CALENDAR_CACHE_LIMIT = 256

Span = tuple[int, int]  # [start, end) in UTC microseconds since the epoch


def to_micros(t: datetime) -> int:
    """Microseconds since the Unix epoch of an aware instant."""
    if t.tzinfo is None or t.utcoffset() is None:
        raise RuleViolation.single("NAIVE_DATETIME", f"The instant {t.isoformat()} has no UTC offset.")
    return (t - EPOCH) // _ONE_MICRO


def from_micros(micros: int) -> datetime:
    """The UTC instant `micros` microseconds after the Unix epoch."""
    return EPOCH + timedelta(microseconds=micros)


def utc(t: datetime) -> datetime:
    """The same instant expressed in UTC (rejects naive datetimes)."""
    if t.tzinfo is None or t.utcoffset() is None:
        raise RuleViolation.single("NAIVE_DATETIME", f"The instant {t.isoformat()} has no UTC offset.")
    return t.astimezone(UTC)


@functools.lru_cache(maxsize=1024)
def public_holidays(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    """Public holidays of one year from the `holidays` package (cached: building them costs milliseconds)."""
    try:
        found = holidays.country_holidays(country, subdiv=subdivision, years=year)
    except NotImplementedError as error:  # what `holidays` raises for an unknown country or subdivision
        where = country if subdivision is None else f"{country}-{subdivision}"
        message = f"The holidays package has no public holidays for '{where}' ({error})."
        raise RuleViolation.single("UNKNOWN_REFERENCE", message, ("holidays",)) from error
    return frozenset(found.keys())


def _local(day: date, clock: time, zone: ZoneInfo) -> datetime:
    # Built field by field so fold is always 0, as sla-rules §1 requires for gaps and repeated hours.
    return datetime(day.year, day.month, day.day, clock.hour, clock.minute, clock.second, tzinfo=zone)


class BusinessCalendar:
    """Open/closed time of one CalendarSpec: weekly hours in its zone, minus holidays and closed dates."""

    def __init__(self, spec: CalendarSpec) -> None:
        self.spec = spec
        self._always = spec.always_open
        self._zone = ZoneInfo(spec.timezone)
        self._weekly: tuple[tuple[OpenInterval, ...], ...] = tuple(spec.hours.get(d, ()) for d in WEEKDAYS)
        self._never_open = not self._always and not any(self._weekly)
        self._days: dict[int, tuple[Span, ...]] = {}
        self._totals: _Totals | None = None

    def is_closed_day(self, day: date) -> bool:
        """True when `day` (a local date) is a public holiday or an extra closed date."""
        if day in self.spec.closed:
            return True
        country = self.spec.holiday_country
        if country is None:
            return False
        return day in public_holidays(country, self.spec.holiday_subdivision, day.year)

    def open_intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        """The open intervals of one local date as UTC instants (for display and tests)."""
        return [(from_micros(s), from_micros(e)) for s, e in self._day(day.toordinal())]

    def _day(self, ordinal: int) -> tuple[Span, ...]:
        cached = self._days.get(ordinal)
        if cached is not None:
            return cached
        day = date.fromordinal(ordinal)
        spans: list[Span] = []
        intervals = self._weekly[day.weekday()]
        if intervals and not self.is_closed_day(day):
            for interval in intervals:
                start = to_micros(_local(day, interval.start, self._zone))
                if interval.end is None:
                    end = to_micros(_local(day + timedelta(days=1), time(0), self._zone))
                else:
                    end = to_micros(_local(day, interval.end, self._zone))
                # Around a DST gap a fold=0 reading can make an interval empty or overlap its neighbour.
                if end > start:
                    spans.append((start, end))
            spans = _merged(spans)
        if len(self._days) >= _DAY_CACHE_LIMIT:
            self._days.clear()
        result = tuple(spans)
        self._days[ordinal] = result
        return result

    def open_micros(self, start: int, end: int) -> int:
        """Open microseconds of [start, end), both in epoch microseconds.

        Counted day by day over the local days the range touches (`_open_by_day`). For a long range (an open
        incident's clock runs from its report to now, months of days, several times per evaluation) the days well
        inside it are taken from running totals of open time per day instead, which give the same sum when none
        of those days has an interval reaching outside its own local midnights (a DST change can push one past
        them); otherwise the range is counted day by day."""
        if end <= start:
            return 0
        if self._always:
            return end - start
        first, last = _first_local_day(start), _last_local_day(end)
        if last - first > 2 * _EDGE_DAYS:
            inner = self._inner_open(first, last)
            if inner is not None:
                return (
                    self._open_by_day(start, end, first, first + _EDGE_DAYS - 1)
                    + inner
                    + self._open_by_day(start, end, last - _EDGE_DAYS + 1, last)
                )
        return self._open_by_day(start, end, first, last)

    def _inner_open(self, first: int, last: int) -> int | None:
        """Open microseconds of the days `first + _EDGE_DAYS` to `last - _EDGE_DAYS`, from the running totals, when
        every day from `first` to `last` keeps its intervals within its own local midnights; else None.

        Why the sum is then exact: the range's start lies in UTC day `first + 2`, so at least two days before the
        first inner day's local midnight, and its end as far after the last inner day's; each inner day's
        intervals therefore lie inside the range, after every earlier day's and before every later day's, and the
        day-by-day count adds each of them whole, which is the day's total."""
        totals = self._totals
        if totals is None or not totals.covers(first, last):
            totals = self._cover(totals, first, last)
            if totals is None:
                return None  # too long a span of days to keep: the totals kept so far stay for other ranges
            self._totals = totals
        return totals.inner(first, last)

    def _cover(self, totals: _Totals | None, first: int, last: int) -> _Totals | None:
        """Running totals covering the days `first` to `last` (extending `totals`), None when that is too long."""
        low = first if totals is None else min(first, totals.base)
        high = last if totals is None else max(last, totals.base + len(totals.cum) - 2)
        if high - low + 1 > _TOTALS_LIMIT:
            return None
        cum = [0]
        spilled = [0]
        for ordinal in range(low, high + 1):
            spans = self._day(ordinal)
            day = date.fromordinal(ordinal)
            midnight = to_micros(_local(day, time(0), self._zone))
            next_midnight = to_micros(_local(day + timedelta(days=1), time(0), self._zone))
            inside = all(midnight <= s and e <= next_midnight for s, e in spans)
            cum.append(cum[-1] + sum(e - s for s, e in spans))
            spilled.append(spilled[-1] + (0 if inside else 1))
        # Built whole and then put in place, so a reader never sees a half-extended one.
        return _Totals(low, tuple(cum), tuple(spilled))

    def _open_by_day(self, start: int, end: int, first: int, last: int) -> int:
        """Open microseconds of [start, end) in the intervals of the local days `first` to `last`."""
        total = 0
        frontier = start
        for ordinal in range(first, last + 1):
            for span_start, span_end in self._day(ordinal):
                if span_end <= frontier:
                    continue
                if span_start >= end:
                    break
                span_start = max(span_start, frontier)
                span_end = min(span_end, end)
                total += span_end - span_start
                frontier = span_end
        return total

    def advance_micros(self, start: int, amount: int) -> int:
        """Earliest instant D >= start with open_micros(start, D) == amount."""
        if amount <= 0:
            return start
        if self._always:
            return start + amount
        if self._never_open:
            raise self._never_open_error()
        remaining = amount
        frontier = start
        ordinal = _first_local_day(start)
        closed_run = 0
        while True:
            progressed = False
            for span_start, span_end in self._day(ordinal):
                if span_end <= frontier:
                    continue
                span_start = max(span_start, frontier)
                length = span_end - span_start
                if length >= remaining:
                    # Reaching the target exactly at span_end answers span_end, not the next opening.
                    return span_start + remaining
                remaining -= length
                frontier = span_end
                progressed = True
            closed_run = 0 if progressed else closed_run + 1
            if closed_run > _MAX_CLOSED_DAYS:
                raise self._never_open_error()
            ordinal += 1

    def open_seconds(self, t1: datetime, t2: datetime) -> int:
        """Whole open seconds of [t1, t2); 0 when t2 <= t1."""
        return self.open_micros(to_micros(t1), to_micros(t2)) // MICROS_PER_SECOND

    def advance(self, t: datetime, seconds: int) -> datetime:
        """Earliest UTC instant D >= t with open_seconds(t, D) == seconds."""
        if seconds <= 0:
            return utc(t)
        return from_micros(self.advance_micros(to_micros(t), seconds * MICROS_PER_SECOND))

    def _never_open_error(self) -> DomainError:
        return RuleViolation.single(
            "CALENDAR_NEVER_OPEN",
            f"Calendar '{self.spec.key}' has no open hours, so no deadline on it can ever be reached.",
        )


class _Totals:
    """Open microseconds of a calendar's days from `base` on, as running sums: `cum[i]` is the open time of the
    `i` days before `base + i`, and `spilled[i]` how many of them have an interval outside their own local
    midnights."""

    __slots__ = ("base", "cum", "spilled")

    def __init__(self, base: int, cum: tuple[int, ...], spilled: tuple[int, ...]) -> None:
        self.base, self.cum, self.spilled = base, cum, spilled

    def covers(self, first: int, last: int) -> bool:
        return self.base <= first and last - self.base + 1 < len(self.cum)

    def inner(self, first: int, last: int) -> int | None:
        i, j = first - self.base, last - self.base + 1
        if self.spilled[j] != self.spilled[i]:
            return None
        return self.cum[j - _EDGE_DAYS] - self.cum[i + _EDGE_DAYS]


def _utc_day(micros: int) -> int:
    return _EPOCH_ORDINAL + micros // _MICROS_PER_DAY


def _first_local_day(micros: int) -> int:
    # UTC offsets stay within +-26 h, so the local date is the UTC date +-1; one more day because a fold=0
    # reading near a DST change can push the previous day's interval past midnight. No zone lookup needed.
    return _utc_day(micros) - 2


def _last_local_day(micros: int) -> int:
    return _utc_day(micros) + 2


def _merged(spans: list[Span]) -> list[Span]:
    spans.sort()
    out: list[Span] = []
    for start, end in spans:
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _signature(spec: CalendarSpec) -> Hashable:
    hours = tuple(sorted((day, intervals) for day, intervals in spec.hours.items()))
    return (
        spec.key,
        spec.always_open,
        spec.timezone,
        hours,
        spec.holiday_country,
        spec.holiday_subdivision,
        spec.closed,
    )


_CALENDARS: dict[Hashable, BusinessCalendar] = {}


def business_calendar(spec: CalendarSpec) -> BusinessCalendar:
    """A BusinessCalendar for `spec`, shared between calls so its per-day cache is reused."""
    key = _signature(spec)
    found = _CALENDARS.get(key)
    if found is None:
        if len(_CALENDARS) >= _CALENDAR_CACHE_LIMIT:
            _CALENDARS.clear()
        found = _CALENDARS[key] = BusinessCalendar(spec)
    return found


def calendar_for(terms: ContractTerms, severity_code: str) -> BusinessCalendar:
    """The calendar that measures the clocks of one severity of a contract."""
    severity = terms.severities.get(severity_code)
    if severity is None:
        raise RuleViolation.single(
            "UNKNOWN_REFERENCE", f"Severity '{severity_code}' is not defined by contract '{terms.key}'."
        )
    spec = terms.calendars.get(severity.calendar)
    if spec is None:
        raise RuleViolation.single(
            "UNKNOWN_REFERENCE",
            f"Calendar '{severity.calendar}' of severity '{severity_code}' is not defined by contract '{terms.key}'.",
        )
    return business_calendar(spec)
