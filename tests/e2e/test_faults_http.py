"""Neo4j down: GraphQL answers DATABASE_UNAVAILABLE within seconds, /ready says 503, /health stays 200."""

from __future__ import annotations

import socket
import time
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from neo4j import AsyncGraphDatabase

from graph.database import DriverLimits, Graph

pytestmark = pytest.mark.e2e

LIMITS = DriverLimits(acquire_timeout=2, connect_timeout=1, tx_timeout=3, retry_time=1)
QUERY = '{ incident(key: "ANY-1") { key } }'
REPORT = """mutation($input: ReportIncidentInput!) { reportIncident(input: $input) {
  incident { key } userErrors { code message } } }"""
REPORT_INPUT = {
    "key": "DOWN-1",
    "contractKey": "azurite-harbor-cloud",
    "service": "svc",
    "title": "While Neo4j is down",
    "severity": "SEV1",
    "reportedAt": "2026-05-04T10:00:00Z",
}


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def down(http_on: Callable[[Graph], httpx.AsyncClient]) -> AsyncIterator[httpx.AsyncClient]:
    """A client on the app whose Neo4j does not listen (as after a crash)."""
    uri = f"bolt://127.0.0.1:{_closed_port()}"
    driver = AsyncGraphDatabase.driver(
        uri,
        auth=("neo4j", "not-reachable-anyway"),
        connection_acquisition_timeout=LIMITS.acquire_timeout,
        connection_timeout=LIMITS.connect_timeout,
        max_transaction_retry_time=LIMITS.retry_time,
    )
    graph = Graph(driver, "neo4j", LIMITS)
    try:
        async with http_on(graph) as client:
            yield client
    finally:
        await graph.close()


@pytest.mark.parametrize(("document", "variables"), [(QUERY, {}), (REPORT, {"input": REPORT_INPUT})])
async def test_reads_and_writes_fail_fast_with_database_unavailable(
    down: httpx.AsyncClient, document: str, variables: dict[str, object]
) -> None:
    began = time.monotonic()
    response = await down.post("/graphql", json={"query": document, "variables": variables})
    elapsed = time.monotonic() - began
    assert elapsed < LIMITS.request_budget + 2
    assert response.status_code == 200
    body = response.json()
    assert body["data"] in (None, {"incident": None})  # a nullable field is null, a mutation's payload absent
    [error] = body["errors"]
    assert error["extensions"]["code"] == "DATABASE_UNAVAILABLE"
    assert error["message"].startswith("The database is unavailable; try again later")
    assert "127.0.0.1" not in error["message"]


async def test_ready_says_unavailable_and_health_stays_ok(down: httpx.AsyncClient) -> None:
    ready = await down.get("/ready")
    assert ready.status_code == 503
    assert ready.json() == {"status": "unavailable", "reason": "Neo4j cannot be reached or refused the query."}
    health = await down.get("/health")
    assert health.status_code == 200 and health.json() == {"status": "ok"}


async def test_ready_on_a_live_neo4j(http: httpx.AsyncClient) -> None:
    ready = await http.get("/ready")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready"}
