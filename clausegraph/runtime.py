"""Opening the graph for a process: the local Neo4j or a configured server, schema, and seed data."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from clausegraph.settings import PROJECT_ROOT, Settings
from graph.database import Graph, RoundTrips
from graph.local_neo4j import LocalNeo4j

log = logging.getLogger("clausegraph")


def local_server(settings: Settings) -> LocalNeo4j:
    """The project's own Neo4j, as the settings describe it."""
    return LocalNeo4j(home=PROJECT_ROOT, data_dir=settings.local_neo4j_data, port=settings.local_neo4j_port)


@asynccontextmanager
async def open_graph(settings: Settings, *, seed: bool | None = None) -> AsyncIterator[Graph]:
    """Yield a connected graph with the schema applied (and seeded when empty); clean up after."""
    server: LocalNeo4j | None = None
    if settings.uses_local_neo4j:
        server = local_server(settings)
        server.ensure_built()
        uri = server.start()
        log.info("local Neo4j started at %s (data in %s)", uri, settings.local_neo4j_data)
    else:
        assert settings.neo4j_uri is not None
        uri = settings.neo4j_uri
    try:
        graph = await Graph.connect(uri, settings.neo4j_user, settings.neo4j_password, settings.neo4j_database)
        try:
            await graph.apply_schema()
            if settings.seed_on_start if seed is None else seed:
                from seed.loader import seed_if_empty

                loaded = await seed_if_empty(graph, RoundTrips())
                if loaded:
                    log.info("seed data loaded: %s", loaded)
            yield graph
        finally:
            await graph.close()
    finally:
        if server is not None:
            server.stop()
            log.info("local Neo4j stopped")
