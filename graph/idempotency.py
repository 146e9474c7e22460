"""Stored first outcomes of mutations sent with an idempotency key, one node per principal and key."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.errors import Conflict
from graph.cypher import query
from graph.database import Graph, RoundTrips, Tx

# A claim still PENDING after this long belongs to a request that died; a retry may take it over.
STALE_CLAIM = timedelta(minutes=5)


@dataclass(frozen=True)
class Claim:
    """What the store holds for a key: whether this request now owns it, and the first request's digest."""

    uid: str
    token: str
    claimed: bool
    digest: str
    state: str  # PENDING | DONE
    response: str | None


def _uid(principal: str, key: str) -> str:
    return f"{principal}\n{key}"


async def claim(
    graph: Graph, trips: RoundTrips, principal: str, key: str, digest: str, now: datetime, ttl: timedelta
) -> Claim:
    """Claim `key` for `principal`, or return what an earlier request with the key left (never both)."""
    uid, token = _uid(principal, key), uuid.uuid4().hex
    params = {
        "uid": uid,
        "principal": principal,
        "key": key,
        "digest": digest,
        "claim": token,
        "now": now,
        "expires": now + ttl,
        "staleBefore": now - STALE_CLAIM,
    }

    async def work(tx: Tx) -> Claim:
        row = await tx.one("idempotency_claim", query("idempotency_claim"), **params)
        assert row is not None
        return Claim(uid, token, bool(row["claimed"]), row["digest"], row["state"], row["response"])

    try:
        return await graph.write(work, trips)
    except Conflict:
        # another request created the same claim at the same moment: it won, read what it holds
        params["claim"] = uuid.uuid4().hex
        return await graph.write(work, trips)


async def finish(graph: Graph, trips: RoundTrips, held: Claim, response: str) -> None:
    """Keep the first outcome of the request holding the claim."""

    async def work(tx: Tx) -> None:
        await tx.rows(
            "idempotency_finish", query("idempotency_finish"), uid=held.uid, claim=held.token, response=response
        )

    await graph.write(work, trips)


async def release(graph: Graph, trips: RoundTrips, held: Claim) -> None:
    """Drop a claim whose request ended without an outcome to keep."""

    async def work(tx: Tx) -> None:
        await tx.rows("idempotency_release", query("idempotency_release"), uid=held.uid, claim=held.token)

    await graph.write(work, trips)
