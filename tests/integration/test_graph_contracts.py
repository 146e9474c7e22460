"""The graph layer on the real Neo4j: schema, contract import in one transaction, reads, round trips."""

from __future__ import annotations

import pytest
import yaml

from domain.documents import content_hash, contract_terms, parse_contract_document
from graph.contracts import contract_rows, import_contract
from graph.database import Graph, RoundTrips, Tx
from graph.reads import Reader, Scope, StructureDetail
from tests.conftest import FIXTURES


def _rows(key: str) -> dict[str, object]:
    data = yaml.safe_load((FIXTURES / "nimbus-acme-msa.yaml").read_text())
    data["key"] = key
    doc = parse_contract_document(yaml.safe_dump(data))
    return contract_rows(doc.model_dump(mode="json", exclude_defaults=True), contract_terms(doc), content_hash(doc))


async def _imported(graph: Graph, key: str) -> Reader:
    """Import the fixture contract under `key`; a reader that sees everything."""
    rows = _rows(key)

    async def work(tx: Tx) -> object:
        return await import_contract(tx, rows)

    await graph.write(work, RoundTrips())
    return Reader(graph, RoundTrips(), Scope.everything())


async def constraint_names(graph: Graph) -> set[str]:
    async def work(tx: Tx) -> list[dict[str, object]]:
        return await tx.rows("constraints", "SHOW CONSTRAINTS YIELD name RETURN name")

    return {str(r["name"]) for r in await graph.read(work, RoundTrips())}


# some of the constraints schema.cypher declares
CONSTRAINTS = {"contract_key", "incident_key", "event_uid", "precedent_key", "breach_uid"}


async def test_schema_applies_twice_and_declares_the_constraints(graph: Graph) -> None:
    await graph.apply_schema()
    await graph.apply_schema()
    assert await constraint_names(graph) >= CONSTRAINTS

    async def indexes(tx: Tx) -> list[dict[str, object]]:
        return await tx.rows("indexes", "SHOW FULLTEXT INDEXES YIELD name RETURN name")

    assert {"name": "knowledge_text"} in await graph.read(indexes, RoundTrips())


async def test_a_contract_is_written_in_one_transaction_and_read_back_in_one_round_trip(graph: Graph) -> None:
    trips = RoundTrips()
    rows = _rows("graph-layer-msa")

    async def work(tx: Tx) -> object:
        return await import_contract(tx, rows)

    outcome = await graph.write(work, trips)
    assert outcome.created and trips.count == 2  # the existence check, then the one import statement

    reader = Reader(graph, RoundTrips(), Scope.everything())
    structure = (await reader.contract_structure(["graph-layer-msa@1"]))["graph-layer-msa@1"]
    assert reader.trips.count == 1
    assert {s["code"] for s in structure["severities"]} == {"SEV1", "SEV2", "SEV3", "SEV4"}
    sev1 = next(s for s in structure["severities"] if s["code"] == "SEV1")
    assert (sev1["responseSeconds"], sev1["resolutionSeconds"], sev1["calendar"], sev1["clause"]) == (
        900,
        14400,
        "always",
        "5.2",
    )
    assert sorted((lv["level"], lv["role"]) for lv in structure["levels"]) == [
        (1, "frontline"),
        (2, "specialist"),
        (3, "senior-engineer"),
        (4, "executive"),
    ]
    assert len(structure["triggers"]) == 6
    assert {t["kind"] for t in structure["terms"]} == {"CREDITS", "DOCUMENTATION", "LIABILITY", "DISPUTE_RESOLUTION"}


async def test_a_lean_structure_leaves_out_only_the_fields_not_asked_for(graph: Graph) -> None:
    reader = await _imported(graph, "lean-structure-msa")
    uid = "lean-structure-msa@1"
    full = (await reader.contract_structure([uid]))[uid]
    lean_detail = StructureDetail(
        text=False,
        clause_kinds=False,
        calendars=False,
        responsibilities=False,
        terms=frozenset({"LIABILITY"}),
        ids=False,
    )
    lean = (await reader.contract_structure([uid], lean_detail))[uid]
    # every part and every link is there ...
    for part in ("parties", "channels", "levels", "triggers", "escalationClause"):
        assert lean[part] == full[part], part
    assert [c["number"] for c in lean["clauses"]] == [c["number"] for c in full["clauses"]]
    assert [r["key"] for r in lean["roles"]] == [r["key"] for r in full["roles"]]
    assert [c["key"] for c in lean["calendars"]] == [c["key"] for c in full["calendars"]]
    assert [{**s, "uid": None} for s in full["severities"]] == lean["severities"]
    # ... without what was not asked for
    assert all(set(c) == {"uid", "number", "heading"} and c["uid"] is None for c in lean["clauses"])
    assert all(r["uid"] is None for r in lean["roles"]) and all(r["uid"] for r in full["roles"])
    assert all(c["uid"] for c in full["clauses"]) and all(s["uid"] for s in full["severities"])
    assert all(set(c) == {"key"} for c in lean["calendars"])
    assert all("responsibilities" not in r for r in lean["roles"])
    assert [t["kind"] for t in lean["terms"]] == ["LIABILITY"]
    assert any(c["text"] for c in full["clauses"]) and any(r["responsibilities"] for r in full["roles"])
    kinds = (await reader.contract_structure([uid], StructureDetail(text=False, terms=frozenset())))[uid]
    assert kinds["terms"] == [] and all(c["kind"] and "text" not in c for c in kinds["clauses"])


async def test_a_structure_lists_its_parts_in_the_contracts_order(graph: Graph) -> None:
    reader = await _imported(graph, "ordered-structure-msa")
    structure = (await reader.contract_structure(["ordered-structure-msa@1"]))["ordered-structure-msa@1"]
    # the fixture's clauses in its own order (not the numbers' text order, which puts 12.1 before 5.1)
    assert [c["number"] for c in structure["clauses"]] == ["5.1", "5.2", "6.1", "7.1", "9.1", "12.1", "14.1"]
    assert [s["code"] for s in structure["severities"]] == ["SEV1", "SEV2", "SEV3", "SEV4"]
    # the provider first, then by key (by key alone, acme would come first)
    assert [(p["key"], p["role"]) for p in structure["parties"]] == [("nimbus", "PROVIDER"), ("acme", "CUSTOMER")]
    assert [lv["level"] for lv in structure["levels"]] == [1, 2, 3, 4]
    assert [t["index"] for t in structure["triggers"]] == sorted(t["index"] for t in structure["triggers"])
    assert [r["key"] for r in structure["roles"]] == sorted(r["key"] for r in structure["roles"])
    assert [c["key"] for c in structure["calendars"]] == sorted(c["key"] for c in structure["calendars"])
    assert all("position" not in part for name in ("clauses", "severities", "channels") for part in structure[name])


async def test_a_failure_inside_the_transaction_leaves_nothing_behind(graph: Graph) -> None:
    rows = _rows("rolled-back-msa")

    async def work(tx: Tx) -> None:
        await import_contract(tx, rows)
        raise RuntimeError("something after the import failed")

    with pytest.raises(RuntimeError):
        await graph.write(work, RoundTrips())
    reader = Reader(graph, RoundTrips(), Scope.everything())
    assert await reader.latest_versions(["rolled-back-msa"]) == {}

    async def count(tx: Tx) -> list[dict[str, object]]:
        return await tx.rows("count", "MATCH (c:Clause {contractKey: 'rolled-back-msa'}) RETURN count(c) AS n")

    assert (await graph.read(count, RoundTrips()))[0]["n"] == 0


async def test_a_reader_without_a_scope_sees_nothing(graph: Graph) -> None:
    """Secure by default: only an explicit scope opens the graph."""
    args = {"after": None, "limit": 100, "kind": None, "jurisdiction": None, "party": None, "text": None}
    assert (await Reader(graph, RoundTrips(), Scope.everything()).contract_page(**args)).total > 0
    page = await Reader(graph, RoundTrips()).contract_page(**args)
    assert page.total == 0 and page.rows == []
