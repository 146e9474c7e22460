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

# At most this many waiting entries go into one statement.
BATCH = 100


@dataclass
class _Head:
    """What this process last saw of the log's head, and the entries waiting for the next append."""

    seq: int | None = None
    hash: str = ZERO_HASH
    waiting: list[tuple[dict[str, Any], asyncio.Future[int]]] = field(default_factory=list)
    writer: asyncio.Task[None] | None = None


_heads: weakref.WeakKeyDictionary[Graph, _Head] = weakref.WeakKeyDictionary()


async def append(graph: Graph, trips: RoundTrips, entry: dict[str, Any]) -> int:
    """Append `entry` (without seq and hashes) as the next link of the chain; returns its seq once it is stored.

    Appends of one process are written one statement at a time, in the order they were asked for, and the
    entries that arrive while a statement is on its way go together into the next one (group commit): under
    the mixed load, one at a time kept a quarter of every write's time queued behind the others' appends.
    Each statement links its entries to the head this process last saw and stores them only if the head is
    still that one (audit_append.cypher); otherwise it returns the head as it is and they are linked again.
    So the head's lock in Neo4j is held for one statement, not across round trips to this process, and a
    process's appends only ever meet another process's.

    The statements are sent by a task of their own (counted in the `trips` of the append that started it), so
    a request cancelled while it waits does not cancel the others' appends; its own entry is stored all the
    same."""
    head = _heads.setdefault(graph, _Head())
    stored: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    head.waiting.append((entry, stored))
    if head.writer is None or head.writer.done():
        head.writer = asyncio.create_task(_write_waiting(graph, trips, head))
    return await stored


async def _write_waiting(graph: Graph, trips: RoundTrips, head: _Head) -> None:
    """Store the waiting entries, a batch per statement, until none is left; each learns its seq or the error."""
    while head.waiting:
        batch, head.waiting = head.waiting[:BATCH], head.waiting[BATCH:]
        try:
            seqs = await _store(graph, trips, head, [entry for entry, _ in batch])
        except Exception as exc:  # handed to every append of the batch, which raises it
            _fail(batch, exc)
            head.seq = None  # read the head again: the statement may or may not have taken effect
            continue
        except BaseException:  # cancelled (the loop is closing): nobody is left waiting for an answer
            _fail(batch + head.waiting, RuntimeError("The audit log's writer was stopped."))
            head.waiting = []
            raise
        for (_, stored), seq in zip(batch, seqs, strict=True):
            if not stored.done():
                stored.set_result(seq)


def _fail(batch: list[tuple[dict[str, Any], asyncio.Future[int]]], exc: BaseException) -> None:
    for _, stored in batch:
        if not stored.done():
            stored.set_exception(exc)


async def _store(graph: Graph, trips: RoundTrips, head: _Head, entries: list[dict[str, Any]]) -> list[int]:
    """Link `entries` after the head and store them in one statement, linking again while the head moved."""
    if head.seq is None:
        found = (await graph.read_statement("audit_head", query("audit_head"), {}, trips))[0]
        head.seq, head.hash = int(found["seq"] or 0), found["hash"] or ZERO_HASH
    while True:
        seq, prev, linked = head.seq, head.hash, []
        for entry in entries:
            seq += 1
            link = {**entry, "seq": seq, "prevHash": prev}
            link["hash"] = prev = entry_hash(link, prev)
            linked.append(link)
        params = {"entries": linked, "zero": ZERO_HASH}
        row = (await graph.write_statement("audit_append", query("audit_append"), params, trips))[0]
        head.seq, head.hash = int(row["seq"]), str(row["hash"])
        if row["fits"]:
            return [int(link["seq"]) for link in linked]


def _entry(row: dict[str, Any]) -> dict[str, Any]:
    return {k: native(v) for k, v in row.items()}


async def everything(graph: Graph, trips: RoundTrips) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The head and every entry in order, for verification."""

    async def work(tx: Tx) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        row = (await tx.rows("audit_all", query("audit_all")))[0]
        return (_entry(row["head"]) if row["head"] else None), [_entry(e) for e in row["entries"]]

    return await graph.read(work, trips)
