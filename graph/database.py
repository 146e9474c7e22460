"""The async driver, transactions and the per-request round-trip counter."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, LiteralString, TypeVar

import neo4j
from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction
from neo4j.exceptions import AuthError, ConstraintError, DriverError, Neo4jError, ServiceUnavailable

from domain.errors import Conflict, Unavailable
from graph.cypher import statements

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class RoundTrips:
    """Counts the Cypher statements a request sends to the database."""

    count: int = 0
    queries: list[str] = field(default_factory=list)

    def add(self, name: str) -> None:
        self.count += 1
        self.queries.append(name)


class Tx:
    """A transaction that counts what it runs; the only way the graph layer talks to Neo4j."""

    def __init__(self, tx: AsyncManagedTransaction, trips: RoundTrips) -> None:
        self._tx = tx
        self._trips = trips

    async def rows(self, name: str, cypher: LiteralString, **params: Any) -> list[dict[str, Any]]:
        """Run one statement and return its records as dicts."""
        self._trips.add(name)
        result = await self._tx.run(cypher, params)
        return [record.data() async for record in result]

    async def one(self, name: str, cypher: LiteralString, **params: Any) -> dict[str, Any] | None:
        """Run one statement and return its first record, if any."""
        found = await self.rows(name, cypher, **params)
        return found[0] if found else None


class Graph:
    """One async driver per process, created in the app's lifespan and closed with it."""

    def __init__(self, driver: AsyncDriver, database: str) -> None:
        self.driver = driver
        self.database = database
        # Shared by every session of the process: a read waits for the writes this process committed (a cluster).
        self.bookmarks = AsyncGraphDatabase.bookmark_manager()

    @classmethod
    async def connect(cls, uri: str, user: str, password: str, database: str) -> Graph:
        """Open a driver and check that the server answers."""
        auth = (user, password) if password else None
        driver = AsyncGraphDatabase.driver(
            uri, auth=auth, max_connection_pool_size=50, notifications_min_severity="OFF"
        )
        try:
            await driver.verify_connectivity()
        except (ServiceUnavailable, AuthError, DriverError, OSError, ValueError) as exc:
            await driver.close()
            raise Unavailable(f"Neo4j at {uri} cannot be reached: {exc}") from exc
        return cls(driver, database)

    async def close(self) -> None:
        await self.driver.close()

    async def apply_schema(self) -> None:
        """Create the constraints and indexes of `schema.cypher` if they are missing."""
        async with self.driver.session(database=self.database) as session:
            for statement in statements("schema"):
                await session.run(statement)
            await session.run("CALL db.awaitIndexes(60)")

    async def read(self, work: Callable[[Tx], Awaitable[T]], trips: RoundTrips) -> T:
        """Run `work` in a read transaction (routed to readers on a cluster)."""
        return await self._execute(work, trips, write=False)

    async def write(self, work: Callable[[Tx], Awaitable[T]], trips: RoundTrips) -> T:
        """Run `work` in one write transaction: all of it commits, or none."""
        return await self._execute(work, trips, write=True)

    async def _execute(self, work: Callable[[Tx], Awaitable[T]], trips: RoundTrips, *, write: bool) -> T:
        async def run(tx: AsyncManagedTransaction) -> T:
            return await work(Tx(tx, trips))

        try:
            async with self.driver.session(database=self.database, bookmark_manager=self.bookmarks) as session:
                if write:
                    return await session.execute_write(run)
                return await session.execute_read(run)
        except ServiceUnavailable as exc:
            raise Unavailable(f"Neo4j is unavailable: {exc}") from exc
        except ConstraintError as exc:
            # Two requests created the same key at once; the loser's transaction was rolled back whole.
            raise Conflict.single(
                "CONFLICT",
                "Another request wrote the same item at the same moment; nothing of this request was written. "
                "Read the current state and try again.",
            ) from exc

    async def run_script(self, cypher: LiteralString, params: Mapping[str, Any] | None = None) -> None:
        """Run one auto-commit statement (maintenance only: wiping a test database)."""
        async with self.driver.session(database=self.database) as session:
            await session.run(cypher, dict(params or {}))


__all__ = ["Graph", "Neo4jError", "RoundTrips", "Tx", "neo4j"]
