"""Field types of the documents: each checks one kind of value and fails with a stable code."""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from itertools import pairwise
from typing import Annotated, TypeVar

from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

from domain.documents.durations import parse_duration
from domain.documents.vocabulary import (
    COUNTRY_CODES,
    ChannelKind,
    ClauseKind,
    ContractKind,
    CreditRuleKind,
    DisputeStep,
    PartyRole,
    Topic,
    TriggerKind,
)
from domain.events import EventKind

KEY_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
CLAUSE_NUMBER_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.()_-]{0,63}")
_INSTANT = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})[T ](?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)(?P<offset>Z|[+-]\d{2}:\d{2})?"
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DECIMAL = re.compile(r"-?(?P<whole>\d+)(?:\.(?P<fraction>\d+))?")
# The most digits an amount or percentage may have before and after the point.
DECIMAL_INTEGER_DIGITS = 18
DECIMAL_FRACTION_DIGITS = 6
_INTERVAL = re.compile(r"(\d{2}):(\d{2})-(\d{2}):(\d{2})")
_JURISDICTION = re.compile(r"(?P<country>[A-Z]{2})(?:-(?P<subdivision>[A-Z0-9]{1,3}))?")
_URL = re.compile(r"https?://[^\s/$.?#][^\s]*")

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")


def fail(code: str, message: str) -> PydanticCustomError:
    """An error pydantic reports with `code` as its type (no placeholders are filled in)."""
    return PydanticCustomError(code, message)


def shown(value: object) -> str:
    """A value as a reader would recognise it in a message."""
    if isinstance(value, str):
        return f"'{value}'" if len(value) <= 60 else f"'{value[:57]}...'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "an empty value"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return str(value)


def quoting_hint(value: object) -> str:
    """Advice for values YAML read as something other than text."""
    if isinstance(value, bool):
        return " YAML reads yes, no, on, off, true and false as true/false; put the value in quotes."
    if isinstance(value, int | float | date):
        return " Put the value in quotes so that it is read as text."
    return ""


def _text(value: object) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, str):
        raise fail("INVALID_VALUE", "This must not be empty.")
    raise fail("INVALID_VALUE", f"Expected text, found {shown(value)}.{quoting_hint(value)}")


def read_key(value: object) -> str:
    """A valid key, or an INVALID_KEY error."""
    if isinstance(value, str) and KEY_PATTERN.fullmatch(value):
        return value
    raise fail(
        "INVALID_KEY",
        f"{shown(value)} is not a valid key: use 1 to 64 letters, digits, '.', '_' or '-', "
        f"starting with a letter or digit.{quoting_hint(value)}",
    )


def read_clause_number(value: object) -> str:
    """A valid clause number, or an INVALID_KEY error."""
    if isinstance(value, str) and CLAUSE_NUMBER_PATTERN.fullmatch(value):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise fail(
            "INVALID_KEY",
            f"Clause number {value} was read as a number; write clause numbers in quotes, "
            f'for example "{value}", so that 12.10 is not read as 12.1.',
        )
    raise fail(
        "INVALID_KEY",
        f"{shown(value)} is not a valid clause number: use letters, digits, '.', '(', ')', '_' or '-'.",
    )


def _duration(positive: bool) -> Callable[[object], str]:
    def check(value: object) -> str:
        if not isinstance(value, str):
            raise fail(
                "INVALID_DURATION",
                f"{shown(value)} is not a duration; write one such as PT15M, PT4H or P5D.",
            )
        try:
            seconds = parse_duration(value)
        except ValueError as error:
            raise fail("INVALID_DURATION", str(error)) from None
        if positive and seconds == 0:
            raise fail("INVALID_RANGE", f"'{value}' is zero; this duration must be longer than zero.")
        return value

    return check


def read_instant(value: object) -> datetime:
    """An instant with an offset, or a NAIVE_DATETIME / INVALID_DATETIME error."""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise fail("NAIVE_DATETIME", f"{value.isoformat()} has no UTC offset; add one, e.g. Z or +01:00.")
        return value
    if isinstance(value, date):
        raise fail(
            "INVALID_DATETIME",
            f"{value.isoformat()} is a date; an instant needs a time and an offset, e.g. 2026-03-02T09:15:00Z.",
        )
    match = _INSTANT.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise fail(
            "INVALID_DATETIME",
            f"{shown(value)} is not an ISO 8601 instant such as 2026-03-02T09:15:00Z or 2026-03-02T10:15:00+01:00.",
        )
    try:
        parsed = datetime.fromisoformat(f"{match['date']}T{match['time']}{match['offset'] or ''}")
    except ValueError:
        raise fail("INVALID_DATETIME", f"{shown(value)} is not a real date and time.") from None
    if match["offset"] is None:
        raise fail(
            "NAIVE_DATETIME",
            f"{shown(value)} has no UTC offset, so the instant is ambiguous; add one, e.g. Z or +01:00.",
        )
    return parsed


def read_date(value: object) -> date:
    """A calendar date from a YAML date or "YYYY-MM-DD" text, or an INVALID_DATE error."""
    if isinstance(value, datetime):
        raise fail("INVALID_DATE", f"{value.isoformat()} has a time; write only the date, YYYY-MM-DD.")
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise fail("INVALID_DATE", f"'{value}' is not a real date.") from None
    raise fail("INVALID_DATE", f"{shown(value)} is not a date in the form YYYY-MM-DD.")


def sane_decimal(text: str) -> Decimal | None:
    """Plain decimal text (no exponent) of at most 18 digits before the point and 6 after, or None."""
    match = _DECIMAL.fullmatch(text)
    if match is None:
        return None
    whole, fraction = match["whole"].lstrip("0"), match["fraction"] or ""
    if len(whole) > DECIMAL_INTEGER_DIGITS or len(fraction) > DECIMAL_FRACTION_DIGITS:
        return None
    return Decimal(text)


def _too_many_digits(value: str, code: str) -> PydanticCustomError:
    return fail(
        code,
        f"{shown(value)} has too many digits: at most {DECIMAL_INTEGER_DIGITS} before the point "
        f"and {DECIMAL_FRACTION_DIGITS} after it.",
    )


def _money(value: object) -> Decimal:
    if isinstance(value, str) and _DECIMAL.fullmatch(value):
        if sane_decimal(value) is None:
            raise _too_many_digits(value, "INVALID_MONEY")
        amount = Decimal(value)
        if amount < 0:
            raise fail("INVALID_MONEY", f"'{value}' is negative; an amount cannot be negative.")
        return amount
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise fail(
            "INVALID_MONEY",
            f'{value} was read as a number; write amounts as quoted decimal text, e.g. "{value:.2f}", '
            "so that no rounding can creep in.",
        )
    raise fail("INVALID_MONEY", f'{shown(value)} is not an amount; write one as decimal text, e.g. "40000.00".')


def read_percent(value: object) -> Decimal:
    """A percentage 0..100 from decimal text, or an INVALID_PERCENT error."""
    if isinstance(value, str) and _DECIMAL.fullmatch(value):
        if sane_decimal(value) is None:
            raise _too_many_digits(value, "INVALID_PERCENT")
        percent = Decimal(value)
        if 0 <= percent <= 100:
            return percent
        raise fail("INVALID_PERCENT", f"'{value}' is not a percentage between 0 and 100.")
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise fail("INVALID_PERCENT", f'{value} was read as a number; write percentages in quotes, e.g. "{value}".')
    raise fail("INVALID_PERCENT", f'{shown(value)} is not a percentage; write one in quotes, e.g. "99.95".')


@lru_cache(maxsize=1)
def _zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _timezone(value: object) -> str:
    if isinstance(value, str) and value in _zone_names():
        return value
    raise fail(
        "INVALID_TIMEZONE",
        f"{shown(value)} is not an IANA time zone; use a name such as Europe/London, America/New_York or UTC.",
    )


def _jurisdiction(value: object) -> str:
    match = _JURISDICTION.fullmatch(value) if isinstance(value, str) else None
    if match is not None and match["country"] in COUNTRY_CODES:
        return str(value)
    raise fail(
        "INVALID_JURISDICTION",
        f"{shown(value)} is not a jurisdiction: use an ISO 3166-1 country code such as GB or US, "
        f"optionally with a subdivision such as GB-ENG or US-NY.{quoting_hint(value)}",
    )


def _currency(value: object) -> str:
    if isinstance(value, str) and re.fullmatch(r"[A-Z]{3}", value):
        return value
    raise fail("INVALID_VALUE", f"{shown(value)} is not a currency code; use three capital letters, e.g. GBP.")


def _interval(value: object) -> str:
    match = _INTERVAL.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise fail("INVALID_VALUE", f'{shown(value)} is not an interval of opening hours such as "09:00-17:30".')
    h1, m1, h2, m2 = (int(part) for part in match.groups())
    if h1 > 23 or m1 > 59 or m2 > 59 or h2 > 24 or (h2 == 24 and m2 != 0):
        raise fail("INVALID_VALUE", f"'{value}' has a time that does not exist; use 00:00 to 23:59 (24:00 as an end).")
    if (h1, m1) >= (h2, m2):
        raise fail("INVALID_RANGE", f"'{value}' ends before it starts; the end must be later than the start.")
    return str(value)


def interval_bounds(text: str) -> tuple[time, time | None]:
    """Start and end of a validated "HH:MM-HH:MM" interval; end None means 24:00."""
    start, end = text.split("-")
    return time.fromisoformat(start), None if end == "24:00" else time.fromisoformat(end)


def _no_overlap(intervals: tuple[str, ...]) -> tuple[str, ...]:
    ordered = sorted(intervals)
    for earlier, later in pairwise(ordered):
        if later.split("-")[0] < earlier.split("-")[1]:
            raise fail("OVERLAPPING_HOURS", f"Opening hours '{earlier}' and '{later}' overlap on the same day.")
    return intervals


# The largest whole number a document may hold: GraphQL's Int is 32 bits.
LARGEST_WHOLE = 2**31 - 1


def _whole(minimum: int, code: str) -> Callable[[object], int]:
    def check(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail("INVALID_VALUE", f"Expected a whole number, found {shown(value)}.")
        if value < minimum:
            raise fail(code, f"{value} is too small; the smallest allowed value is {minimum}.")
        if value > LARGEST_WHOLE:
            digits = len(str(value))
            raise fail(
                "INVALID_RANGE", f"This {digits}-digit number is too large; the largest allowed is {LARGEST_WHOLE}."
            )
        return value

    return check


read_year = _whole(1000, "INVALID_RANGE")


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise fail("INVALID_VALUE", f"Expected true or false, found {shown(value)}.")


def _url(value: object) -> str:
    if isinstance(value, str) and _URL.fullmatch(value):
        return value
    raise fail("INVALID_VALUE", f"{shown(value)} is not a web address starting with http:// or https://.")


def lenient(read: Callable[[object], T], value: object) -> T | None:
    """What `read` makes of `value`, or None where it fails (for checks that run beside the models)."""
    try:
        return read(value)
    except PydanticCustomError:
        return None


def _member(enum: type[E], what: str) -> Callable[[object], E]:
    def check(value: object) -> E:
        if isinstance(value, str) and value in enum.__members__:
            return enum(value)
        choices = ", ".join(member.value for member in enum)
        raise fail("INVALID_ENUM", f"{shown(value)} is not {what}; use one of: {choices}.")

    return check


Text = Annotated[str, BeforeValidator(_text)]
Key = Annotated[str, BeforeValidator(read_key)]
ClauseNumber = Annotated[str, BeforeValidator(read_clause_number)]
Duration = Annotated[str, BeforeValidator(_duration(positive=False))]
PositiveDuration = Annotated[str, BeforeValidator(_duration(positive=True))]
Instant = Annotated[datetime, BeforeValidator(read_instant)]
Day = Annotated[date, BeforeValidator(read_date)]
Money = Annotated[Decimal, BeforeValidator(_money)]
Percent = Annotated[Decimal, BeforeValidator(read_percent)]
TimezoneName = Annotated[str, BeforeValidator(_timezone)]
Jurisdiction = Annotated[str, BeforeValidator(_jurisdiction)]
Currency = Annotated[str, BeforeValidator(_currency)]
Url = Annotated[str, BeforeValidator(_url)]
Flag = Annotated[bool, BeforeValidator(_flag)]
Level = Annotated[int, BeforeValidator(_whole(1, "INVALID_LEVEL"))]
Count = Annotated[int, BeforeValidator(_whole(1, "INVALID_RANGE"))]
Year = Annotated[int, BeforeValidator(read_year)]
HoursInterval = Annotated[str, BeforeValidator(_interval)]
DayHours = Annotated[tuple[HoursInterval, ...], AfterValidator(_no_overlap)]

ContractKindValue = Annotated[ContractKind, BeforeValidator(_member(ContractKind, "a contract kind"))]
PartyRoleValue = Annotated[PartyRole, BeforeValidator(_member(PartyRole, "a party role"))]
ClauseKindValue = Annotated[ClauseKind, BeforeValidator(_member(ClauseKind, "a clause kind"))]
TopicValue = Annotated[Topic, BeforeValidator(_member(Topic, "a precedent topic"))]
ChannelKindValue = Annotated[ChannelKind, BeforeValidator(_member(ChannelKind, "a support channel kind"))]
TriggerKindValue = Annotated[TriggerKind, BeforeValidator(_member(TriggerKind, "an escalation trigger kind"))]
CreditRuleKindValue = Annotated[CreditRuleKind, BeforeValidator(_member(CreditRuleKind, "a credit rule kind"))]
DisputeStepValue = Annotated[DisputeStep, BeforeValidator(_member(DisputeStep, "a dispute resolution step"))]
EventKindValue = Annotated[EventKind, BeforeValidator(_member(EventKind, "an event kind"))]
