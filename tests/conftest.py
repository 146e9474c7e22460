"""Shared fixtures: a real Neo4j for the integration and end-to-end tiers, started by the tests themselves."""

from __future__ import annotations

import os
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from clausegraph.settings import PROJECT_ROOT, Settings
from graph.database import Graph, RoundTrips
from graph.local_neo4j import LocalNeo4j

FIXTURES = Path(__file__).resolve().parent / "unit" / "fixtures_documents"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[tuple[str, str]]:
    """URI and password of a Neo4j the tests may wipe: CLAUSEGRAPH_TEST_NEO4J_URI, or a local one started here."""
    external = os.environ.get("CLAUSEGRAPH_TEST_NEO4J_URI")
    if external:
        yield external, os.environ.get("CLAUSEGRAPH_TEST_NEO4J_PASSWORD", "")
        return
    server = LocalNeo4j(home=PROJECT_ROOT, data_dir=PROJECT_ROOT / ".neo4j-test-data", port=_free_port())
    server.ensure_built()
    uri = server.start()
    try:
        yield uri, server.auth[1]
    finally:
        server.stop()


# The tests' administrator: accepted as ADMIN through CLAUSEGRAPH_BOOTSTRAP_ADMIN_KEY, never stored.
ADMIN_SECRET = "cg_test_bootstrap_admin_3f9c2a"


@pytest.fixture(scope="session")
def neo4j_uri(neo4j_server: tuple[str, str]) -> str:
    return neo4j_server[0]


@pytest.fixture(scope="session")
def neo4j_password(neo4j_server: tuple[str, str]) -> str:
    """The password of user neo4j on the test Neo4j (the local one requires it)."""
    return neo4j_server[1]


@pytest.fixture(scope="session")
def test_settings(neo4j_uri: str, neo4j_password: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        NEO4J_URI=neo4j_uri,
        NEO4J_PASSWORD=neo4j_password,
        CLAUSEGRAPH_SEED=False,
        CLAUSEGRAPH_DEV=True,
        CLAUSEGRAPH_BOOTSTRAP_ADMIN_KEY=ADMIN_SECRET,
        CLAUSEGRAPH_DEV_KEY_FILE=tmp_path_factory.mktemp("devkey") / "dev-admin-key",
        CLAUSEGRAPH_SIGNING_KEY_FILE=tmp_path_factory.mktemp("signing") / "keys" / "signing-key.pem",
        # the tests check behaviour, not speed: on a loaded machine a write may take more than the default 10 s
        CLAUSEGRAPH_DB_TX_TIMEOUT=120,
        CLAUSEGRAPH_DB_ACQUIRE_TIMEOUT=30,
    )


async def connect(settings: Settings) -> Graph:
    """A new driver on the tests' Neo4j (each one is what a process of the service has)."""
    assert settings.neo4j_uri is not None
    s = settings
    return await Graph.connect(s.neo4j_uri, s.neo4j_user, s.neo4j_password, s.neo4j_database, s.driver_limits)


@pytest.fixture(scope="session")
async def graph(test_settings: Settings) -> AsyncIterator[Graph]:
    """A connected graph on an emptied database with the schema applied."""
    g = await connect(test_settings)
    # in batches: one transaction over everything a load test left behind can pass Neo4j's transaction memory limit
    await g.run_script("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")
    await g.apply_schema()
    try:
        yield g
    finally:
        await g.close()


@pytest.fixture(scope="session")
async def seeded(graph: Graph, test_settings: Settings) -> Graph:
    """The graph with the seed data loaded once for the session (bundles signed with the tests' own key)."""
    from clausegraph.signing import load_or_create_signer
    from seed.loader import seed

    await seed(graph, RoundTrips(), signer=load_or_create_signer(test_settings.signing_key_file))
    return graph


@pytest.fixture
def fixture_text() -> type[_FixtureText]:
    return _FixtureText


class _FixtureText:
    @staticmethod
    def read(name: str) -> str:
        return (FIXTURES / name).read_text(encoding="utf-8")
