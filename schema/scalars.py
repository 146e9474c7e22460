"""DateTime and Decimal scalars that refuse impossible or unreasonable values with a clear message."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.types.scalar import ScalarDefinition

from domain.documents.values import DECIMAL_FRACTION_DIGITS, DECIMAL_INTEGER_DIGITS

_DECIMAL_TEXT = re.compile(r"[+-]?(?P<whole>\d+)(?:\.(?P<fraction>\d*))?")
_LONGEST_SHOWN = 60


def _shown(value: object) -> str:
    text = value if isinstance(value, str) else repr(value)
    return repr(text if len(text) <= _LONGEST_SHOWN else f"{text[: _LONGEST_SHOWN - 3]}...")


def _refuse(message: str) -> StrawberryInputCoercionError:
    return StrawberryInputCoercionError(message)


def parse_datetime(value: object) -> datetime:
    """An ISO 8601 date-time whose instant exists; naive values are left for the resolvers to refuse."""
    example = "such as 2026-03-02T09:15:00Z or 2026-03-02T10:15:00+01:00"
    if not isinstance(value, str):
        raise _refuse(f"{_shown(value)} is not a DateTime: send ISO 8601 text {example}.")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise _refuse(f"{_shown(value)} is not a real ISO 8601 date-time ({exc}); send one {example}.") from None
    if parsed.tzinfo is not None:
        try:
            parsed.astimezone(UTC)
        except (OverflowError, ValueError):
            raise _refuse(
                f"{_shown(value)} lies outside the years 1 to 9999 once converted to UTC; "
                "send an instant in that range."
            ) from None
    return parsed


def _serialize_datetime(value: datetime) -> str:
    return value.isoformat()


def parse_decimal(value: object) -> Decimal:
    """A decimal of at most 18 digits before the point and 6 after, from text or a number."""
    text = str(value).strip() if isinstance(value, str | int | float) and not isinstance(value, bool) else None
    match = _DECIMAL_TEXT.fullmatch(text) if text is not None else None
    if text is None or match is None:
        raise _refuse(f'{_shown(value)} is not a Decimal: send plain decimal text such as "40000.00" (no exponent).')
    whole = match["whole"].lstrip("0")
    if len(whole) > DECIMAL_INTEGER_DIGITS or len(match["fraction"] or "") > DECIMAL_FRACTION_DIGITS:
        raise _refuse(
            f"{_shown(value)} is out of range: a Decimal may have at most {DECIMAL_INTEGER_DIGITS} digits before "
            f"the point and {DECIMAL_FRACTION_DIGITS} after it."
        )
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        raise _refuse(f"{_shown(value)} is not a Decimal.") from None


def _serialize_decimal(value: Decimal) -> str:
    return str(value)


def _definition(name: str, description: str, origin: type, serialize: Any, parse: Any) -> ScalarDefinition:
    return ScalarDefinition(
        name=name,
        description=description,
        specified_by_url=None,
        serialize=serialize,
        parse_value=parse,
        parse_literal=None,
        origin=origin,
    )


DATETIME = _definition("DateTime", "Date with time (isoformat)", datetime, _serialize_datetime, parse_datetime)
DECIMAL = _definition("Decimal", "Decimal (fixed-point)", Decimal, _serialize_decimal, parse_decimal)
SCALAR_OVERRIDES: dict[object, Any] = {datetime: DATETIME, Decimal: DECIMAL}
