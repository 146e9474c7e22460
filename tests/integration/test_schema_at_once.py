"""Several processes applying the schema to a new Neo4j at once all get it (a server's workers start together)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.database import Graph, RoundTrips, Tx
from graph.local_neo4j import LocalNeo4j
from tests.services import free_port

# as many as would start at once: `clausegraph serve --workers 4` on a Neo4j nobody has used yet
APPLIERS = 4


@pytest.fixture
def new_neo4j(tmp_path: Path) -> Iterator[LocalNeo4j]:
    server = LocalNeo4j(home=Path(__file__).resolve().parents[2], data_dir=tmp_path / "neo4j", port=free_port())
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

        async def names(tx: Tx) -> list[dict[str, object]]:
            return await tx.rows("constraints", "SHOW CONSTRAINTS YIELD name RETURN name")

        found = {r["name"] for r in await graphs[0].read(names, RoundTrips())}
        assert {"contract_key", "incident_key", "event_uid", "precedent_key", "breach_uid"} <= found
    finally:
        for g in graphs:
            await g.close()
