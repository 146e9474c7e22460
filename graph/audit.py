"""The audit log in the graph: one append-only chain of entries behind a locked head."""

from __future__ import annotations

import asyncio
import weakref
from dataclasses import dataclass, field
from typing import Any

from domain.audit import entry_hash
from domain.canonical import ZERO_HASH
from graph.cypher import query
from graph.database import Graph, RoundTrips, Tx
from graph.incidents import native


@dataclass
class _Head:
    """What this process last saw of the log's head, and the lock its appends take in turn."""

    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    seq: int | None = None
    hash: str = ZERO_HASH


_heads: weakref.WeakKeyDictionary[Graph, _Head] = weakref.WeakKeyDictionary()


async def append(graph: Graph, trips: RoundTrips, entry: dict[str, Any]) -> int:
    """Append `entry` (without seq and hashes) as the next link of the chain; returns its seq.

    The entry is linked to the head this process last saw and written by one auto-commit statement that
    appends it only if the head is still that one (audit_append.cypher); otherwise the statement returns the
    head as it is and the entry is linked again. So the head's lock in Neo4j is held for one statement, not
    across round trips to this process, where it made every write of every client wait in turn. Appends of
    one process go one at a time, so they only meet another process's."""
    head = _heads.setdefault(graph, _Head())
    async with head.lock:
        if head.seq is None:
            found = (await graph.read_statement("audit_head", query("audit_head"), {}, trips))[0]
            head.seq, head.hash = int(found["seq"] or 0), found["hash"] or ZERO_HASH
        while True:
            linked = {**entry, "seq": head.seq + 1, "prevHash": head.hash}
            linked["hash"] = entry_hash(linked, head.hash)
            params = {"entry": linked, "zero": ZERO_HASH}
            row = (await graph.write_statement("audit_append", query("audit_append"), params, trips))[0]
            head.seq, head.hash = int(row["seq"]), str(row["hash"])
            if row["fits"]:
                return int(linked["seq"])


def _entry(row: dict[str, Any]) -> dict[str, Any]:
    return {k: native(v) for k, v in row.items()}


async def everything(graph: Graph, trips: RoundTrips) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The head and every entry in order, for verification."""

    async def work(tx: Tx) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        row = (await tx.rows("audit_all", query("audit_all")))[0]
        return (_entry(row["head"]) if row["head"] else None), [_entry(e) for e in row["entries"]]

    return await graph.read(work, trips)
