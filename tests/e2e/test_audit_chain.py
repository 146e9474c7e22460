"""The audit log stays one intact hash chain when appends race, within a process and between processes."""

from __future__ import annotations

import asyncio

from clausegraph.settings import Settings
from domain.audit import verify_chain
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
