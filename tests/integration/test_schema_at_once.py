"""Several processes applying the schema to a new Neo4j at once all get it (a server's workers start together)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from clausegraph.settings import PROJECT_ROOT
from graph.database import Graph
from graph.local_neo4j import LocalNeo4j
from tests.integration.test_graph_contracts import CONSTRAINTS, constraint_names
from tests.services import free_port

# as many as would start at once: `clausegraph serve --workers 4` on a Neo4j nobody has used yet
APPLIERS = 4


@pytest.fixture
def new_neo4j(tmp_path: Path) -> Iterator[LocalNeo4j]:
    # a cold JVM on a busy machine, as in test_local_neo4j.py
    server = LocalNeo4j(home=PROJECT_ROOT, data_dir=tmp_path / "neo4j", port=free_port(), startup_timeout=180)
    server.start()
    try:
        yield server
    finally:
        server.stop()


async def test_the_schema_applied_by_several_at_once_on_a_new_neo4j_is_applied_once(new_neo4j: LocalNeo4j) -> None:
    graphs = [await Graph.connect(new_neo4j.uri, *new_neo4j.auth, "neo4j") for _ in range(APPLIERS)]
    try:
        # Before: appliers deadlocked on the schema's locks (TransientError) or were refused a rule another had
        # just created (EquivalentSchemaRuleAlreadyExists), and the workers of a server starting on a new Neo4j
        # died at start; each of the two failed this test on the code without its fix.
        await asyncio.gather(*(g.apply_schema() for g in graphs))
        assert await constraint_names(graphs[0]) >= CONSTRAINTS
    finally:
        for g in graphs:
            await g.close()
