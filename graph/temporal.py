"""Instants on the wire to Neo4j as ISO 8601 text instead of the driver's temporal structures.

The driver builds and takes apart each zoned DateTime through its own temporal types and pytz, about 0.1 ms a
value: for a page of incidents with their events, or a batch of a bulk load, that is most of the request. The
hot statements therefore send instants as text (`datetime(row.at)` stores them as DateTime, so the graph and every
comparison in Cypher are unchanged) and read them back with `toString(...)`, parsed here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any


def to_wire(value: datetime | None) -> str | None:
    """ISO 8601 text for an aware instant (what Cypher's `datetime()` parses); None stays None."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError(f"instant {value.isoformat()} has no UTC offset")
    return value.isoformat()


def from_wire(value: Any) -> Any:
    """A UTC datetime for the text of a Neo4j DateTime (`toString`), anything else unchanged.

    Neo4j writes UTC as `Z` and a named zone as a `[Region/City]` suffix after the offset; the offset alone
    fixes the instant."""
    if not isinstance(value, str):
        return value
    text = value.split("[", 1)[0]
    return datetime.fromisoformat(text).astimezone(UTC)


def rows_to_wire(rows: Iterable[Mapping[str, Any]], fields: tuple[str, ...]) -> list[dict[str, Any]]:
    """Copies of `rows` with the instants in `fields` as text."""
    copies = []
    for row in rows:
        copy = dict(row)  # copied whole, then only the instants replaced (cheaper than testing every key)
        for name in fields:
            if name in copy:
                copy[name] = to_wire(copy[name])
        copies.append(copy)
    return copies


def row_from_wire(row: Mapping[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """A copy of `row` with the texts in `fields` as UTC datetimes."""
    return {k: from_wire(v) if k in fields else v for k, v in row.items()}
