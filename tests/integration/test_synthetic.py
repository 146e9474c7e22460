"""Synthetic data: deterministic for a seed, valid event streams, and stored figures equal to the write path's."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from domain.access import SYSTEM
from domain.events import Event, EventKind
from graph.database import Graph, RoundTrips, Tx
from resolvers.incidents import record_event
from seed.synthetic_load import SCALES, Scale, load_synthetic
from seed.synthetic_streams import Cast, incident_stream

CAST = Cast(("c-1", "c-2"), {1: ("p-1",), 2: ("p-2",), 3: ("p-3",), 4: ("p-4",)})


def test_streams_are_deterministic_for_a_seed() -> None:
    now = datetime(2026, 11, 1, tzinfo=UTC)

    def make(seed: int) -> list[Any]:
        rng = random.Random(seed)
        return [incident_stream(rng, f"K{i}", "svc", now - timedelta(days=i + 3), CAST, now) for i in range(50)]

    assert make(7) == make(7)
    assert make(7) != make(8)
    sizes = [len(i.facts.events) for i in make(7)]
    assert 5 <= sum(sizes) / len(sizes) <= 25


async def _breaches(graph: Graph, key: str) -> list[tuple[Any, ...]]:
    async def work(tx: Tx) -> list[dict[str, Any]]:
        return await tx.rows("t", "MATCH (b:Breach {incidentKey: $key}) RETURN b {.*} AS b", key=key)

    rows = [r["b"] for r in await graph.read(work, RoundTrips())]
    return sorted((b["uid"], b["kind"], str(b["dueAt"]), b["overBySeconds"], b.get("person")) for b in rows)


async def test_synthetic_figures_equal_those_the_write_path_computes(
    graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(SCALES, "T", Scale(contracts=1, incidents=30, hot=40, cold=5))
    report = await load_synthetic(graph, "T", seed=3)
    assert report.incidents == 75 and report.events > 75 * 5 and report.disputes == 1
    assert report.elements > 0

    async def resolved(tx: Tx) -> list[dict[str, Any]]:
        return await tx.rows(
            "t",
            "MATCH (i:Incident {contractKey: 'syn-00001'}) WHERE i.status = 'RESOLVED' AND i.breachCount > 0 "
            "AND i.currentSeverity IN ['C', 'D'] "
            "RETURN i.key AS key, i.lastAt AS lastAt ORDER BY i.key LIMIT 8",
        )

    rows = await graph.read(resolved, RoundTrips())
    assert rows
    for row in rows:
        before = await _breaches(graph, row["key"])
        at = row["lastAt"].to_native() + timedelta(seconds=1)
        note = Event(at=at, kind=EventKind.NOTE, note="checked")
        await record_event(graph, RoundTrips(), row["key"], note, SYSTEM.id)
        assert await _breaches(graph, row["key"]) == before
