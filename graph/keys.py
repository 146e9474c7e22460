"""API keys in the graph: stored by the hash of their secret, never the secret itself."""

from __future__ import annotations

from typing import Any

from graph.cypher import query
from graph.database import Graph, RoundTrips, Tx
from graph.incidents import native


def _key(row: dict[str, Any]) -> dict[str, Any]:
    return {k: native(v) for k, v in row.items() if k != "secretHash"}


async def create(graph: Graph, trips: RoundTrips, props: dict[str, Any]) -> dict[str, Any]:
    """Store a key; `props` holds `secretHash`, never the secret."""

    async def work(tx: Tx) -> dict[str, Any]:
        rows = await tx.rows("api_key_create", query("api_key_create"), key=props)
        return _key(rows[0]["key"])

    return await graph.write(work, trips)


async def by_secret_hash(graph: Graph, trips: RoundTrips, digest: str) -> dict[str, Any] | None:
    """The live (unrevoked) key with this secret hash, or None."""

    async def work(tx: Tx) -> dict[str, Any] | None:
        row = await tx.one("api_key_by_hash", query("api_key_by_hash"), hash=digest)
        return _key(row["key"]) if row else None

    return await graph.read(work, trips)


async def touch(graph: Graph, trips: RoundTrips, key_id: str, at: Any) -> None:
    async def work(tx: Tx) -> None:
        await tx.rows("api_key_touch", query("api_key_touch"), id=key_id, at=at)

    await graph.write(work, trips)


async def revoke(graph: Graph, trips: RoundTrips, key_id: str, at: Any) -> dict[str, Any] | None:
    """Revoke a key; None when no key has that id. Revoking twice keeps the first instant."""

    async def work(tx: Tx) -> dict[str, Any] | None:
        row = await tx.one("api_key_revoke", query("api_key_revoke"), id=key_id, at=at)
        return _key(row["key"]) if row else None

    return await graph.write(work, trips)
