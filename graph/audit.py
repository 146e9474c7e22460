"""The audit log in the graph: one append-only chain of entries behind a locked head."""

from __future__ import annotations

from typing import Any

from domain.audit import entry_hash
from domain.canonical import ZERO_HASH
from graph.cypher import query
from graph.database import Graph, RoundTrips, Tx
from graph.incidents import native


async def append(graph: Graph, trips: RoundTrips, entry: dict[str, Any]) -> int:
    """Append `entry` (without seq and hashes) as the next link of the chain; returns its seq."""

    async def work(tx: Tx) -> int:
        head = (await tx.rows("audit_head", query("audit_head"), zero=ZERO_HASH))[0]
        linked = {**entry, "seq": int(head["seq"]) + 1, "prevHash": head["hash"]}
        linked["hash"] = entry_hash(linked, head["hash"])
        await tx.rows("audit_append", query("audit_append"), entry=linked)
        return int(linked["seq"])

    return await graph.write(work, trips)


def _entry(row: dict[str, Any]) -> dict[str, Any]:
    return {k: native(v) for k, v in row.items()}


async def everything(graph: Graph, trips: RoundTrips) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The head and every entry in order, for verification."""

    async def work(tx: Tx) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        row = (await tx.rows("audit_all", query("audit_all")))[0]
        return (_entry(row["head"]) if row["head"] else None), [_entry(e) for e in row["entries"]]

    return await graph.read(work, trips)
