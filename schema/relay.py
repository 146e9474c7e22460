"""Relay pieces: the Node interface, global ids, cursors and connections."""

from __future__ import annotations

import base64
import binascii
from typing import Generic, Self, TypeVar

import strawberry

T = TypeVar("T")


def global_id(type_name: str, natural: str) -> strawberry.ID:
    """Opaque, stable id of a domain object: base64 of `Type:natural-id`."""
    return strawberry.ID(base64.urlsafe_b64encode(f"{type_name}:{natural}".encode()).decode())


def parse_global_id(value: str) -> tuple[str, str] | None:
    """(type, natural id) of a global id, or None if it is not one of ours."""
    try:
        text = base64.urlsafe_b64decode(value.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    type_name, sep, natural = text.partition(":")
    return (type_name, natural) if sep and natural else None


def _shown(text: str) -> str:
    """A caller's text, shortened and with unprintable characters escaped, for a message."""
    short = text if len(text) <= 60 else f"{text[:57]}..."
    return repr(short.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace"))


def encode_cursor(position: str) -> str:
    return base64.urlsafe_b64encode(f"cursor:{position}".encode()).decode()


def decode_cursor(cursor: str | None) -> str | None:
    """The position a cursor stands for; raises ValueError when it is not a cursor of ours."""
    if cursor is None:
        return None
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (binascii.Error, ValueError):  # UnicodeEncode/DecodeError are ValueErrors
        raise ValueError(f"{_shown(cursor)} is not a cursor of this list; pass an `endCursor` it returned.") from None
    if not text.startswith("cursor:"):
        raise ValueError(f"{_shown(cursor)} is not a cursor of this list; pass an `endCursor` it returned.")
    return text.removeprefix("cursor:")


@strawberry.interface(description="An object with a stable global id.")
class Node:
    id: strawberry.ID


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    node: T
    cursor: str


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int

    @classmethod
    def build(cls, nodes: list[tuple[str, T]], *, total: int, has_next: bool, after: str | None) -> Self:
        """A connection from (position, node) pairs of one page."""
        edges = [Edge(node=node, cursor=encode_cursor(pos)) for pos, node in nodes]
        return cls(
            edges=edges,
            page_info=PageInfo(
                has_next_page=has_next,
                has_previous_page=after is not None,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            total_count=total,
        )
