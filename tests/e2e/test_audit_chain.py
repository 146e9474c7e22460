"""The audit log stays one intact hash chain when appends race, within a process and between processes."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from clausegraph.settings import Settings
from domain.audit import verify_chain
from domain.errors import Unavailable
from graph import audit as audit_store
from graph.database import Graph, RoundTrips
from tests.conftest import connect


def _entry(n: int, who: str) -> dict[str, object]:
    return {
        "at": "2026-12-02T00:00:00Z",
        "principal": who,
        "operation": f"probe {n}",
        "kind": "mutation",
        "variablesDigest": "",
        "outcome": "OK",
        "codes": [],
        "requestId": f"{who}-{n}",
    }


async def test_racing_appends_of_two_processes_make_one_unbroken_chain(seeded: Graph, test_settings: Settings) -> None:
    # a second driver with its own view of the head, as a second worker process or the command line has
    other = await connect(test_settings)
    try:
        before, _ = await audit_store.everything(seeded, RoundTrips())
        start = int((before or {}).get("seq", 0))
        seqs = await asyncio.gather(
            *(audit_store.append(seeded, RoundTrips(), _entry(n, "one")) for n in range(15)),
            *(audit_store.append(other, RoundTrips(), _entry(n, "two")) for n in range(15)),
        )
        # every append got its own place, right after the entries before it
        assert sorted(seqs) == list(range(start + 1, start + 31))
        head, entries = await audit_store.everything(seeded, RoundTrips())
        assert head is not None and int(head["seq"]) == start + 30
        assert verify_chain(entries, int(head["seq"]), str(head["hash"])) == []
        ours = [e for e in entries if int(e["seq"]) > start]
        assert sorted(str(e["requestId"]) for e in ours) == sorted(
            [f"one-{n}" for n in range(15)] + [f"two-{n}" for n in range(15)]
        )
    finally:
        await other.close()


async def test_appends_waiting_together_share_one_statement_in_the_order_asked(seeded: Graph) -> None:
    trips = RoundTrips()
    before, _ = await audit_store.everything(seeded, RoundTrips())
    start = int((before or {}).get("seq", 0))
    seqs = await asyncio.gather(*(audit_store.append(seeded, trips, _entry(n, "batch")) for n in range(30)))
    assert seqs == list(range(start + 1, start + 31))
    # one statement for the lot (a second if another driver had moved the head since this one last saw it)
    assert 1 <= trips.queries.count("audit_append") <= 2
    head, entries = await audit_store.everything(seeded, RoundTrips())
    assert head is not None and verify_chain(entries, int(head["seq"]), str(head["hash"])) == []
    ours = sorted((e for e in entries if int(e["seq"]) > start), key=lambda e: int(e["seq"]))
    assert [e["requestId"] for e in ours] == [f"batch-{n}" for n in range(30)]


async def test_a_failed_statement_fails_its_own_appends_and_the_next_ones_are_stored(
    seeded: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, _ = await audit_store.everything(seeded, RoundTrips())
    start = int((before or {}).get("seq", 0))
    real = seeded.write_statement
    calls = 0

    async def fails_once(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise Unavailable("Neo4j did not answer within the request's time budget.")
        return await real(*args, **kwargs)

    monkeypatch.setattr(seeded, "write_statement", fails_once)
    failed = await asyncio.gather(
        *(audit_store.append(seeded, RoundTrips(), _entry(n, "lost")) for n in range(5)), return_exceptions=True
    )
    assert all(isinstance(f, Unavailable) for f in failed)
    assert await audit_store.append(seeded, RoundTrips(), _entry(0, "after")) == start + 1
    head, entries = await audit_store.everything(seeded, RoundTrips())
    assert head is not None and int(head["seq"]) == start + 1
    assert verify_chain(entries, int(head["seq"]), str(head["hash"])) == []
    assert [e["requestId"] for e in entries if int(e["seq"]) > start] == ["after-0"]
