"""Opening the graph for a process: the local Neo4j or a configured server, schema, and seed data."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from clausegraph.settings import PROJECT_ROOT, Settings
from clausegraph.supervisor import Neo4jSupervisor
from domain.errors import CredentialsRefused, Unavailable
from graph.database import Graph, RoundTrips
from graph.local_neo4j import LocalNeo4j

log = logging.getLogger("clausegraph")
MAX_CONNECT_DELAY = 10.0


def local_server(settings: Settings) -> LocalNeo4j:
    """The project's own Neo4j, as the settings describe it."""
    return LocalNeo4j(
        home=PROJECT_ROOT,
        data_dir=settings.local_neo4j_data,
        port=settings.local_neo4j_port,
        startup_timeout=settings.local_neo4j_startup_timeout,
    )


def credentials(settings: Settings, server: LocalNeo4j | None) -> tuple[str, str]:
    """User and password: the local Neo4j's generated password, else NEO4J_USER / NEO4J_PASSWORD."""
    return server.auth if server is not None else (settings.neo4j_user, settings.neo4j_password)


async def connect(settings: Settings, uri: str, user: str, password: str) -> Graph:
    """Connect, retrying with backoff for `db_start_timeout` seconds; then fail with one clear line."""
    deadline = time.monotonic() + settings.db_start_timeout
    delay = 0.5
    while True:
        try:
            return await Graph.connect(uri, user, password, settings.neo4j_database, settings.driver_limits)
        except CredentialsRefused:
            raise
        except Unavailable as exc:
            reason = " ".join(str(exc.__cause__ or exc).split()) or type(exc.__cause__).__name__
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise Unavailable(
                    f"Neo4j at {uri} did not answer within {settings.db_start_timeout:g} s "
                    f"(CLAUSEGRAPH_DB_START_TIMEOUT); last error: {reason}"
                ) from None
            log.warning("Neo4j at %s is not reachable yet (%s); retrying in %.1f s", uri, reason, delay)
            await asyncio.sleep(min(delay, remaining))
            delay = min(delay * 2, MAX_CONNECT_DELAY)


@asynccontextmanager
async def open_graph(settings: Settings, *, seed: bool | None = None, supervise: bool = True) -> AsyncIterator[Graph]:
    """Yield a connected graph with the schema applied (and seeded when empty); clean up after.

    A local Neo4j started here is watched while the graph is open, and restarted if it dies.
    """
    server: LocalNeo4j | None = None
    supervisor: Neo4jSupervisor | None = None
    if settings.uses_local_neo4j:
        server = local_server(settings)
        server.ensure_built()
        uri = server.start()
        log.info("local Neo4j started at %s (data in %s)", uri, settings.local_neo4j_data)
    else:
        assert settings.neo4j_uri is not None
        uri = settings.neo4j_uri
    try:
        graph = await connect(settings, uri, *credentials(settings, server))
        try:
            await graph.apply_schema()
            if settings.seed_on_start if seed is None else seed:
                from clausegraph.signing import load_or_create_signer
                from seed.loader import seed_if_empty

                signer = load_or_create_signer(settings.signing_key_file)
                loaded = await seed_if_empty(graph, RoundTrips(), signer=signer)
                if loaded:
                    log.info("seed data loaded: %s", loaded)
            if server is not None and supervise:
                supervisor = Neo4jSupervisor(
                    server,
                    interval=settings.neo4j_watch_interval,
                    backoff=settings.neo4j_restart_backoff,
                    max_backoff=settings.neo4j_restart_max_backoff,
                )
                supervisor.start()
            yield graph
        finally:
            if supervisor is not None:
                await supervisor.stop()
            await graph.close()
    finally:
        if server is not None:
            server.stop()
            log.info("local Neo4j stopped")
