"""The sample data loads into the real Neo4j, and loading it twice changes nothing."""

from __future__ import annotations

from domain.signatures import Signer
from graph.database import Graph, RoundTrips, Tx
from graph.reads import Reader, Scope
from seed.loader import is_empty, seed, seed_if_empty


async def _shape(graph: Graph) -> dict[str, int]:
    async def work(tx: Tx) -> dict[str, int]:
        nodes = await tx.rows("n", "MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n")
        rels = await tx.rows("r", "MATCH ()-[r]->() RETURN type(r) AS label, count(*) AS n")
        return {f"node {r['label']}": r["n"] for r in nodes} | {f"rel {r['label']}": r["n"] for r in rels}

    return await graph.read(work, RoundTrips())


async def test_loading_the_seed_twice_changes_nothing(seeded: Graph) -> None:
    signer = Signer.generate()
    before = await _shape(seeded)
    report = await seed(seeded, RoundTrips(), signer=signer)
    assert report.contracts_created == 0 and report.contracts_unchanged == 4
    assert report.precedents == 11 and report.incidents == 24 and report.disputes == 0
    assert await _shape(seeded) == before
    assert not await is_empty(seeded, RoundTrips())
    assert await seed_if_empty(seeded, RoundTrips(), signer=signer) is None


async def test_the_seed_holds_three_contracts_eleven_precedents_and_two_disputes(seeded: Graph) -> None:
    reader = Reader(seeded, RoundTrips(), Scope.everything())
    page = await reader.contract_page(after=None, limit=100, kind=None, jurisdiction=None, party=None, text=None)
    keys = {r["key"] for r in page.rows}
    assert {"stratus-orbital-iaas", "azurite-harbor-cloud", "common-ledger-saas"} <= keys
    assert (await reader.counts())["precedents"] == 11
    disputes = await reader.disputes(["DSP-2026-FENWICK-01", "DSP-2026-LARKSPUR-01"])
    assert len(disputes["DSP-2026-FENWICK-01"].bundles) == 1
    assert disputes["DSP-2026-LARKSPUR-01"].bundles == ()
    assert disputes["DSP-2026-LARKSPUR-01"].props["status"] == "ARBITRATION"
