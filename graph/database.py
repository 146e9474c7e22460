"""The async driver, transactions and the per-request round-trip counter."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, LiteralString, TypeVar

import neo4j
from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConnectionPoolError,
    ConstraintError,
    DatabaseUnavailable,
    DriverError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from domain.errors import Conflict, CredentialsRefused, Unavailable
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
        """Run one statement and return its records as dicts.

        Statements return maps, lists and values, never nodes or relationships (they project what they need),
        so records are taken as they are: `Record.data()` would walk every nested value again in Python, which
        was a sixth of a contract-structure request."""
        self._trips.add(name)
        return await _records(await self._tx.run(cypher, params))

    async def one(self, name: str, cypher: LiteralString, **params: Any) -> dict[str, Any] | None:
        """Run one statement and return its first record, if any."""
        found = await self.rows(name, cypher, **params)
        return found[0] if found else None


async def _records(result: neo4j.AsyncResult) -> list[dict[str, Any]]:
    """A result's records as dicts, taken as they are (see `Tx.rows`)."""
    return [dict(zip(record.keys(), record.values(), strict=True)) async for record in result]


@dataclass(frozen=True)
class DriverLimits:
    """How long a request may wait on the database before it fails as unavailable (seconds)."""

    acquire_timeout: float = 5.0
    connect_timeout: float = 3.0
    tx_timeout: float = 10.0
    retry_time: float = 3.0
    pool_size: int = 50

    @property
    def request_budget(self) -> float:
        """The client-side bound on one transaction function, retries included, even if Neo4j hangs."""
        return self.acquire_timeout + self.tx_timeout + self.retry_time


# Server codes that mean the work was stopped for lack of time or of a database, not for what it asked
# (a transaction that times out while waiting for a lock ends with LockClientStopped).
_UNAVAILABLE_CODES = (
    "Neo.ClientError.Transaction.TransactionTimedOut",
    "Neo.ClientError.Transaction.LockClientStopped",
    "Neo.ClientError.Transaction.Terminated",
    "Neo.ClientError.Database.DatabaseNotFound",
)


def unavailable(exc: BaseException) -> Unavailable | None:
    """The domain error for a driver failure that means "the database cannot do this now", else None."""
    if isinstance(exc, IncompleteCommit):
        return Unavailable(
            "The connection to Neo4j was lost while the transaction committed; it may or may not have been "
            "written. Read the current state before retrying."
        )
    if isinstance(exc, ServiceUnavailable | SessionExpired | DatabaseUnavailable):
        return Unavailable(f"Neo4j is unavailable: {exc}")
    if isinstance(exc, TransientError):
        # Still failing after the driver's retries: "try again later" is what the server means.
        return Unavailable(f"Neo4j could not do the work now: {exc.message}")
    if isinstance(exc, ConnectionPoolError):
        return Unavailable(f"No connection to Neo4j was free in time: {exc}")
    if isinstance(exc, TimeoutError):
        return Unavailable("Neo4j did not answer within the request's time budget.")
    if isinstance(exc, Neo4jError) and (exc.code or "").startswith(_UNAVAILABLE_CODES):
        return Unavailable(f"Neo4j stopped the transaction: {exc.message}")
    if isinstance(exc, OSError):
        return Unavailable(f"Neo4j cannot be reached: {exc}")
    return None


@contextlib.contextmanager
def _translated() -> Iterator[None]:
    """Driver failures as the domain's errors: a constraint race as CONFLICT, "cannot now" as Unavailable."""
    try:
        yield
    except ConstraintError as exc:
        # Two requests created the same key at once; the loser's transaction was rolled back whole.
        raise Conflict.single(
            "CONFLICT",
            "Another request wrote the same item at the same moment; nothing of this request was written. "
            "Read the current state and try again.",
        ) from exc
    except (DriverError, Neo4jError, OSError, TimeoutError) as exc:
        mapped = unavailable(exc)
        if mapped is None:
            raise
        raise mapped from exc


# What Neo4j answers when a schema rule equivalent to the one being created exists already (a rule of the same name
# that differs is another error, and is raised).
_SCHEMA_ALREADY_THERE = "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists"


class Graph:
    """One async driver per process, created in the app's lifespan and closed with it."""

    def __init__(self, driver: AsyncDriver, database: str, limits: DriverLimits | None = None) -> None:
        self.driver = driver
        self.database = database
        # Shared by every session of the process: a read waits for the writes this process committed (a cluster).
        self.bookmarks = AsyncGraphDatabase.bookmark_manager()
        self.limits = limits or DriverLimits()
        # Attempts of transaction functions that failed with a retryable error (a deadlock, say) and were run
        # again by the driver, by Neo4j error code: what /metrics and the load test report.
        self.retried: collections.Counter[str] = collections.Counter()

    @classmethod
    async def connect(
        cls, uri: str, user: str, password: str, database: str, limits: DriverLimits | None = None
    ) -> Graph:
        """Open a driver and check that the server answers."""
        limits = limits or DriverLimits()
        auth = (user, password) if password else None
        driver = AsyncGraphDatabase.driver(
            uri,
            auth=auth,
            max_connection_pool_size=limits.pool_size,
            connection_acquisition_timeout=limits.acquire_timeout,
            connection_timeout=limits.connect_timeout,
            max_transaction_retry_time=limits.retry_time,
            notifications_min_severity="OFF",
        )
        try:
            async with asyncio.timeout(limits.request_budget):
                await driver.verify_connectivity()
        except AuthError as exc:
            await driver.close()
            raise CredentialsRefused(
                f"Neo4j at {uri} refused the credentials of user {user!r} (NEO4J_USER / NEO4J_PASSWORD; for the "
                "local Neo4j, the neo4j-password file in its data folder)."
            ) from exc
        except (DriverError, Neo4jError, OSError, ValueError, TimeoutError) as exc:
            await driver.close()
            raise Unavailable(f"Neo4j at {uri} cannot be reached: {str(exc) or type(exc).__name__}") from exc
        return cls(driver, database, limits)

    async def ping(self, budget: float) -> None:
        """Run `RETURN 1` now; raise Unavailable if Neo4j does not answer within `budget` seconds."""
        try:
            async with asyncio.timeout(budget), self.driver.session(database=self.database) as session:
                result = await session.run("RETURN 1 AS one")
                await result.consume()
        except (DriverError, Neo4jError, OSError, TimeoutError) as exc:
            raise unavailable(exc) or Unavailable(f"Neo4j failed `RETURN 1`: {exc}") from exc

    async def close(self) -> None:
        await self.driver.close()

    async def apply_schema(self) -> None:
        """Create the constraints and indexes of `schema.cypher` if they are missing.

        Each statement is a transaction of its own, run again when it fails with a transient error: processes
        that start together on a Neo4j without the schema (the workers of one server) deadlock on its locks, and
        all but one failed at start. A rule that another process created between this one's check and its
        creation is refused as already there (`IF NOT EXISTS` checks before it locks): that is what was asked."""

        async def create(tx: AsyncManagedTransaction, statement: LiteralString) -> None:
            await (await tx.run(statement)).consume()

        async with self.driver.session(database=self.database) as session:
            for statement in statements("schema"):
                try:
                    await session.execute_write(create, statement)
                except ClientError as exc:
                    if exc.code != _SCHEMA_ALREADY_THERE:
                        raise
            await (await session.run("CALL db.awaitIndexes(60)")).consume()

    async def read(self, work: Callable[[Tx], Awaitable[T]], trips: RoundTrips) -> T:
        """Run `work` in a read transaction (routed to readers on a cluster)."""
        return await self._execute(work, trips, write=False)

    async def write(self, work: Callable[[Tx], Awaitable[T]], trips: RoundTrips) -> T:
        """Run `work` in one write transaction: all of it commits, or none."""
        return await self._execute(work, trips, write=True)

    async def _execute(self, work: Callable[[Tx], Awaitable[T]], trips: RoundTrips, *, write: bool) -> T:
        @neo4j.unit_of_work(timeout=self.limits.tx_timeout)
        async def run(tx: AsyncManagedTransaction) -> T:
            try:
                return await work(Tx(tx, trips))
            except Neo4jError as exc:
                if exc.is_retryable():
                    self.retried[exc.code or type(exc).__name__] += 1
                raise

        with _translated():
            # The server stops a transaction after tx_timeout; the client bound covers a Neo4j that hangs.
            async with (
                asyncio.timeout(self.limits.request_budget),
                self.driver.session(database=self.database, bookmark_manager=self.bookmarks) as s,
            ):
                if write:
                    return await s.execute_write(run)
                return await s.execute_read(run)

    async def read_statement(
        self, name: str, cypher: LiteralString, params: dict[str, Any], trips: RoundTrips
    ) -> list[dict[str, Any]]:
        """The records of one read statement, run as an auto-commit transaction.

        A transaction function exchanges three messages with the server in turn (BEGIN, then RUN and PULL, then
        COMMIT); one statement on its own needs only the second. It is retried like a transaction function on
        a transient failure until the retry time is spent (a read has nothing to undo), and its failures mean
        what theirs do."""
        trips.add(name)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.limits.retry_time
        delay = 0.05
        with _translated():
            async with asyncio.timeout(self.limits.request_budget):
                while True:
                    try:
                        return await self._auto_commit(cypher, params, neo4j.READ_ACCESS)
                    except (Neo4jError, DriverError) as exc:
                        if not exc.is_retryable() or loop.time() + delay > deadline:
                            raise
                        self.retried[getattr(exc, "code", None) or type(exc).__name__] += 1
                        await asyncio.sleep(delay)
                        delay *= 2

    async def write_statement(
        self, name: str, cypher: LiteralString, params: dict[str, Any], trips: RoundTrips
    ) -> list[dict[str, Any]]:
        """The records of one write statement, run as an auto-commit transaction: it commits when the statement
        ends, inside Neo4j, with no round trip to this process between its locks and its commit. Not retried:
        the caller's statement says whether it took effect (see graph/audit.py)."""
        trips.add(name)
        with _translated():
            async with asyncio.timeout(self.limits.request_budget):
                return await self._auto_commit(cypher, params, neo4j.WRITE_ACCESS)

    async def _auto_commit(self, cypher: LiteralString, params: dict[str, Any], mode: str) -> list[dict[str, Any]]:
        statement = neo4j.Query(cypher, timeout=self.limits.tx_timeout)
        async with self.driver.session(
            database=self.database, bookmark_manager=self.bookmarks, default_access_mode=mode
        ) as s:
            return await _records(await s.run(statement, params))

    async def run_script(self, cypher: LiteralString, params: Mapping[str, Any] | None = None) -> None:
        """Run one auto-commit statement to its end (maintenance only: wiping a test database); its failure is
        raised here, not left to a warning when the session closes."""
        async with self.driver.session(database=self.database) as session:
            await (await session.run(cypher, dict(params or {}))).consume()


__all__ = ["DriverLimits", "Graph", "Neo4jError", "RoundTrips", "Tx", "neo4j", "unavailable"]
