"""Sort orders of the lists frontends sort, and the cursors that remember a position in them."""

from __future__ import annotations

import json
from datetime import date, datetime
from enum import Enum
from typing import Any

import strawberry

from schema.relay import decode_cursor, encode_cursor


@strawberry.enum
class OrderDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.enum(description="What incidents can be sorted by; ties are broken by key.")
class IncidentOrderField(Enum):
    REPORTED_AT = "REPORTED_AT"
    SEVERITY = "SEVERITY"
    BREACH_COUNT = "BREACH_COUNT"


@strawberry.enum(description="What contracts can be sorted by; ties are broken by key.")
class ContractOrderField(Enum):
    KEY = "KEY"
    TITLE = "TITLE"
    EFFECTIVE = "EFFECTIVE"


@strawberry.input(description="Sort incidents: severity by code, breach count as of the last event.")
class IncidentOrder:
    field: IncidentOrderField = IncidentOrderField.REPORTED_AT
    direction: OrderDirection = OrderDirection.ASC


@strawberry.input(description="Sort contracts: titles ignore case; effective is the latest version's date.")
class ContractOrder:
    field: ContractOrderField = ContractOrderField.KEY
    direction: OrderDirection = OrderDirection.ASC


def _plain(value: Any) -> Any:
    """A sort value as JSON can hold it (Neo4j dates and times become ISO text)."""
    if hasattr(value, "to_native"):
        value = value.to_native()
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def sorted_position(order: str, value: Any, key: str) -> str:
    """A position in a sorted list, for a cursor: the order it belongs to, the sort value and the key."""
    return json.dumps([order, _plain(value), key], separators=(",", ":"))


def ordered_cursor(order: str, value: Any, key: str) -> str:
    """The cursor of `sorted_position`."""
    return encode_cursor(sorted_position(order, value, key))


def ordered_position(cursor: str | None, order: str, field: str) -> tuple[Any, str] | None:
    """(sort value, key) of a cursor made by `ordered_cursor` for the same order; ValueError otherwise."""
    position = decode_cursor(cursor)
    if position is None:
        return None
    try:
        found_order, value, key = json.loads(position)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"'{cursor}' is not a cursor of this sort order ({order}).") from exc
    if found_order != order or not isinstance(key, str):
        raise ValueError(f"'{cursor}' belongs to another sort order; ask again from the first page for {order}.")
    # Instants are stored as Neo4j datetimes; dates (effective) as ISO text, which sorts as dates do.
    if field == "REPORTED_AT" and isinstance(value, str):
        return datetime.fromisoformat(value), key
    return value, key


def is_default(order: IncidentOrder | ContractOrder | None) -> bool:
    """True for no order or the list's natural one (reportedAt or key, ascending)."""
    if order is None:
        return True
    natural = (IncidentOrderField.REPORTED_AT, ContractOrderField.KEY)
    return order.field in natural and order.direction is OrderDirection.ASC


def order_name(order: IncidentOrder | ContractOrder) -> str:
    return f"{order.field.value}:{order.direction.value}"
