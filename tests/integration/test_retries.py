"""Deadlocks between writes are retried by the driver, and every retried attempt is counted for /metrics."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from graph.database import Graph, RoundTrips, Tx

DEADLOCK = "Neo.TransientError.Transaction.DeadlockDetected"


async def test_two_writers_locking_in_opposite_orders_both_commit_and_the_retry_is_counted(graph: Graph) -> None:
    await graph.run_script("MERGE (:RetryProbe {name: 'a'}) MERGE (:RetryProbe {name: 'b'})")
    before = graph.retried[DEADLOCK]
    both_hold_one = asyncio.Barrier(2)
    attempts = {"a-first": 0, "b-first": 0}

    def writer(first: str, second: str, name: str) -> Callable[[Tx], Awaitable[None]]:
        async def work(tx: Tx) -> None:
            attempts[name] += 1
            await tx.rows("probe", "MATCH (p:RetryProbe {name: $n}) SET p.by = $by", n=first, by=name)
            if attempts[name] == 1:
                await both_hold_one.wait()  # each holds its first lock and now asks for the other's
            await tx.rows("probe", "MATCH (p:RetryProbe {name: $n}) SET p.by = $by", n=second, by=name)

        return work

    await asyncio.wait_for(
        asyncio.gather(
            graph.write(writer("a", "b", "a-first"), RoundTrips()),
            graph.write(writer("b", "a", "b-first"), RoundTrips()),
        ),
        timeout=60,
    )
    # Neo4j stopped one of the two as a deadlock; the driver ran it again and it committed.
    assert sorted(attempts.values()) == [1, 2]
    assert graph.retried[DEADLOCK] == before + 1
    await graph.run_script("MATCH (p:RetryProbe) DELETE p")
