"""Faults without a database: driver errors mapped to DATABASE_UNAVAILABLE, the password file, the supervisor."""

from __future__ import annotations

import asyncio
import logging
import socket
import stat
from pathlib import Path

import pytest
from neo4j.exceptions import (
    ConnectionAcquisitionTimeoutError,
    CypherSyntaxError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from clausegraph.settings import Settings
from clausegraph.supervisor import Neo4jSupervisor
from domain.errors import Unavailable
from graph.database import DriverLimits, Graph, RoundTrips, unavailable
from graph.local_neo4j import LocalNeo4jError, ensure_password


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server_error(code: str) -> Neo4jError:
    error = Neo4jError._hydrate_neo4j(code=code, message="The transaction has been terminated.")  # as the driver does
    assert isinstance(error, Neo4jError)
    return error


@pytest.mark.parametrize(
    "error",
    [
        ServiceUnavailable("Couldn't connect to 127.0.0.1:1"),
        SessionExpired("connection lost"),
        ConnectionAcquisitionTimeoutError("failed to obtain a connection from the pool within 5.0s"),
        IncompleteCommit("lost while committing"),
        TimeoutError(),
        ConnectionRefusedError(111, "Connection refused"),
        _server_error("Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration"),
        _server_error("Neo.ClientError.Transaction.LockClientStopped"),
        _server_error("Neo.TransientError.Transaction.DeadlockDetected"),
        _server_error("Neo.TransientError.General.DatabaseUnavailable"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_every_way_of_being_unavailable_is_one_domain_error(error: BaseException) -> None:
    assert isinstance(unavailable(error), Unavailable)


def test_a_bad_query_is_not_unavailability() -> None:
    assert unavailable(CypherSyntaxError("Invalid input")) is None
    assert unavailable(_server_error("Neo.ClientError.Statement.SyntaxError")) is None
    assert unavailable(ValueError("x")) is None


def test_an_incomplete_commit_says_the_write_may_have_happened() -> None:
    mapped = unavailable(IncompleteCommit("lost"))
    assert mapped is not None and "may or may not have been written" in str(mapped)


def test_settings_give_the_driver_its_limits() -> None:
    settings = Settings(
        CLAUSEGRAPH_DB_ACQUIRE_TIMEOUT=1.5,
        CLAUSEGRAPH_DB_TX_TIMEOUT=4,
        CLAUSEGRAPH_DB_RETRY_TIME=0,
        CLAUSEGRAPH_DB_CONNECT_TIMEOUT=2,
        CLAUSEGRAPH_DB_POOL_SIZE=7,
    )
    assert settings.driver_limits == DriverLimits(
        acquire_timeout=1.5, connect_timeout=2, tx_timeout=4, retry_time=0, pool_size=7
    )
    assert settings.driver_limits.request_budget == 5.5
    defaults = Settings()
    assert (defaults.db_acquire_timeout, defaults.db_tx_timeout, defaults.db_start_timeout) == (5, 10, 60)


def test_the_password_is_made_once_kept_for_the_owner_and_narrowed_back(tmp_path: Path) -> None:
    path = tmp_path / "data" / "neo4j-password"
    first = ensure_password(path)
    assert len(first) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert ensure_password(path) == first
    path.chmod(0o644)
    assert ensure_password(path) == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_text("short\n")
    with pytest.raises(LocalNeo4jError, match="shorter than 8 characters"):
        ensure_password(path)


async def test_a_query_on_a_dead_port_fails_fast_as_unavailable() -> None:
    limits = DriverLimits(acquire_timeout=1, connect_timeout=1, tx_timeout=2, retry_time=0.5)
    with pytest.raises(Unavailable):
        await Graph.connect(f"bolt://127.0.0.1:{_closed_port()}", "neo4j", "x" * 12, "neo4j", limits)


async def test_start_up_retries_then_fails_in_one_line(caplog: pytest.LogCaptureFixture) -> None:
    from clausegraph.runtime import connect

    uri = f"bolt://127.0.0.1:{_closed_port()}"
    settings = Settings(NEO4J_URI=uri, CLAUSEGRAPH_DB_START_TIMEOUT=1.2, CLAUSEGRAPH_DB_CONNECT_TIMEOUT=0.5)
    loop = asyncio.get_running_loop()
    began = loop.time()
    with caplog.at_level(logging.WARNING, logger="clausegraph"), pytest.raises(Unavailable) as failed:
        await connect(settings, uri, "neo4j", "secret-password")
    assert 1.0 <= loop.time() - began < 6
    message = str(failed.value)
    assert "\n" not in message
    assert message.startswith(f"Neo4j at {uri} did not answer within 1.2 s (CLAUSEGRAPH_DB_START_TIMEOUT)")
    assert failed.value.__cause__ is None and failed.value.__suppress_context__
    assert caplog.text.count("is not reachable yet") >= 2


class _FlakyServer:
    """Stands in for LocalNeo4j: dies when told, fails its first restart, then starts."""

    def __init__(self) -> None:
        self.status: int | None = None
        self.pid = 100
        self.restart_calls = 0

    def exit_status(self) -> int | None:
        return self.status

    def restart(self) -> str:
        self.restart_calls += 1
        if self.restart_calls == 1:
            raise LocalNeo4jError("port taken")
        self.status = None
        self.pid += 1
        return "bolt://127.0.0.1:1"


async def test_the_supervisor_restarts_a_dead_neo4j_with_backoff(caplog: pytest.LogCaptureFixture) -> None:
    server = _FlakyServer()
    supervisor = Neo4jSupervisor(server, interval=0.01, backoff=0.1, max_backoff=0.25)  # type: ignore[arg-type]
    with caplog.at_level(logging.INFO, logger="clausegraph.supervisor"):
        supervisor.start()
        await asyncio.sleep(0.05)
        assert server.restart_calls == 0
        server.status = -9
        for _ in range(300):
            if supervisor.restarts:
                break
            await asyncio.sleep(0.01)
        await supervisor.stop()
    assert supervisor.restarts == 1 and server.restart_calls == 2
    assert server.pid == 101
    assert "exited with status -9" in caplog.text
    assert "restarting the local Neo4j failed; next attempt in 0.2 s: port taken" in caplog.text
    assert "restarted at bolt://127.0.0.1:1 (pid 101)" in caplog.text
    assert supervisor.delay() == 0.25  # capped by max_backoff


class _Record:
    def __init__(self, row: dict[str, object]) -> None:
        self._row = row

    def keys(self) -> list[str]:
        return list(self._row)

    def values(self) -> list[object]:
        return list(self._row.values())


class _Result:
    def __init__(self, rows: list[dict[str, object]]) -> None:
        self._rows = rows

    def __aiter__(self) -> _Result:
        self._it = iter(self._rows)
        return self

    async def __anext__(self) -> _Record:
        try:
            return _Record(next(self._it))
        except StopIteration:
            raise StopAsyncIteration from None


class _FlakyDriver:
    """A driver whose sessions fail with the given errors, one per attempt, then answer one row."""

    def __init__(self, *errors: BaseException) -> None:
        self.errors = list(errors)
        self.attempts = 0

    def session(self, **config: object) -> _FlakyDriver:
        assert config["default_access_mode"] == "READ"
        return self

    async def __aenter__(self) -> _FlakyDriver:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    async def run(self, statement: object, params: dict[str, object]) -> _Result:
        self.attempts += 1
        if self.errors:
            raise self.errors.pop(0)
        return _Result([{"one": params["x"]}])


async def test_a_read_statement_is_retried_on_transient_failures_and_counted_once() -> None:
    driver = _FlakyDriver(_server_error("Neo.TransientError.Transaction.DeadlockDetected"), SessionExpired("lost"))
    graph = Graph(driver, "neo4j", DriverLimits(retry_time=2))  # type: ignore[arg-type]
    trips = RoundTrips()
    assert await graph.read_statement("probe", "RETURN $x AS one", {"x": 7}, trips) == [{"one": 7}]
    assert driver.attempts == 3 and trips.count == 1
    assert sum(graph.retried.values()) == 2


async def test_a_read_statement_is_not_retried_on_a_bad_query_or_past_its_retry_time() -> None:
    bad = _FlakyDriver(CypherSyntaxError("Invalid input"))
    with pytest.raises(CypherSyntaxError):
        await Graph(bad, "neo4j").read_statement("probe", "RETURN", {}, RoundTrips())  # type: ignore[arg-type]
    assert bad.attempts == 1
    down = _FlakyDriver(*(ServiceUnavailable("down") for _ in range(50)))
    with pytest.raises(Unavailable):
        await Graph(down, "neo4j", DriverLimits(retry_time=0.3)).read_statement(  # type: ignore[arg-type]
            "probe", "RETURN 1", {}, RoundTrips()
        )
    assert 1 < down.attempts < 10
