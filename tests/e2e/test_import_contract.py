"""importContract over GraphQL: every mistake reported with its path, nothing written, versions respected."""

from __future__ import annotations

import yaml

from tests.conftest import FIXTURES
from tests.e2e.conftest import GraphQLClient

IMPORT = """mutation($d: String!) { importContract(document: $d) {
  created contract { key version title } userErrors { code message path } } }"""


def _document(key: str, **changes: object) -> dict[str, object]:
    doc: dict[str, object] = yaml.safe_load((FIXTURES / "nimbus-acme-msa.yaml").read_text())
    doc["key"] = key
    # fresh parties and people so the test does not collide with other imports of the fixture
    rename = {p["key"]: f"{key}-{p['key']}" for p in doc["parties"]}  # type: ignore[attr-defined]
    for p in doc["parties"]:  # type: ignore[attr-defined]
        p["key"] = rename[p["key"]]
    for r in doc["roles"]:  # type: ignore[attr-defined]
        r["party"] = rename[r["party"]]
    for m in doc["people"]:  # type: ignore[attr-defined]
        m["key"] = f"{key}-{m['key']}"
        m["party"] = rename[m["party"]]
    doc.update(changes)
    return doc


async def _contract_exists(gql: GraphQLClient, key: str) -> bool:
    data = await gql.data("query($k: String!) { contract(key: $k) { key } }", {"k": key})
    return data["contract"] is not None


async def test_a_document_with_several_mistakes_gets_all_of_them_back_and_nothing_is_written(
    gql: GraphQLClient,
) -> None:
    doc = _document("several-mistakes")
    doc["severities"][1]["response"] = "one hour"  # type: ignore[index]
    doc["severities"][0]["calendar"] = "weekdays"  # type: ignore[index]
    doc["monthly_fee"] = 40000.5
    doc["colour"] = "blue"
    doc["escalation"]["triggers"][0]["to_level"] = 7  # type: ignore[index]
    body = await gql.data(IMPORT, {"d": yaml.safe_dump(doc)})
    payload = body["importContract"]
    found = {(e["code"], tuple(e["path"] or ())) for e in payload["userErrors"]}
    assert ("INVALID_DURATION", ("severities", "1", "response")) in found
    assert ("UNKNOWN_REFERENCE", ("severities", "0", "calendar")) in found
    assert ("INVALID_MONEY", ("monthly_fee",)) in found
    assert ("UNKNOWN_FIELD", ("colour",)) in found
    assert any(code == "INVALID_LEVEL" and path[:3] == ("escalation", "triggers", "0") for code, path in found)
    assert all(e["message"] for e in payload["userErrors"])
    assert payload["contract"] is None and payload["created"] is False
    assert not await _contract_exists(gql, "several-mistakes")


async def test_yaml_that_cannot_be_read_is_a_user_error(gql: GraphQLClient) -> None:
    body = await gql.data(IMPORT, {"d": "key: [unclosed"})
    assert [e["code"] for e in body["importContract"]["userErrors"]] == ["INVALID_YAML"]


async def test_same_version_twice_is_a_no_op_and_different_content_a_version_conflict(gql: GraphQLClient) -> None:
    doc = _document("versioned-msa")
    first = (await gql.data(IMPORT, {"d": yaml.safe_dump(doc)}))["importContract"]
    assert first["userErrors"] == [] and first["created"] is True
    # the same content as JSON, keys in another order, is the same document
    import json

    again = (await gql.data(IMPORT, {"d": json.dumps(doc, default=str)}))["importContract"]
    assert again["userErrors"] == [] and again["created"] is False
    changed = dict(doc, title="A different title")
    conflict = (await gql.data(IMPORT, {"d": yaml.safe_dump(changed)}))["importContract"]
    assert [e["code"] for e in conflict["userErrors"]] == ["VERSION_CONFLICT"]
    latest = await gql.data('{ contract(key: "versioned-msa") { version title } }')
    assert latest["contract"]["title"] == doc["title"]


async def test_a_higher_version_supersedes_and_the_older_stays_queryable(gql: GraphQLClient) -> None:
    doc = _document("amended-msa")
    assert (await gql.data(IMPORT, {"d": yaml.safe_dump(doc)}))["importContract"]["userErrors"] == []
    amended = dict(doc, version=2, monthly_fee="45000.00")
    assert (await gql.data(IMPORT, {"d": yaml.safe_dump(amended)}))["importContract"]["userErrors"] == []
    data = await gql.data('{ contract(key: "amended-msa") { version monthlyFee versions { version monthlyFee } } }')
    assert data["contract"]["version"] == 2 and data["contract"]["monthlyFee"] == "45000.00"
    assert [(v["version"], v["monthlyFee"]) for v in data["contract"]["versions"]] == [
        (1, "40000.00"),
        (2, "45000.00"),
    ]


async def test_a_party_named_again_must_match_what_is_stored(gql: GraphQLClient) -> None:
    doc = _document("party-conflict")
    assert (await gql.data(IMPORT, {"d": yaml.safe_dump(doc)}))["importContract"]["userErrors"] == []
    other = _document("party-conflict-2")
    other["parties"][0]["key"] = doc["parties"][0]["key"]  # type: ignore[index]
    other["parties"][0]["name"] = "Somebody Else Ltd"  # type: ignore[index]
    for r in other["roles"]:  # type: ignore[attr-defined]
        r["party"] = doc["parties"][0]["key"]  # type: ignore[index]
    for m in other["people"]:  # type: ignore[attr-defined]
        if m["party"].endswith("nimbus"):
            m["party"] = doc["parties"][0]["key"]  # type: ignore[index]
    body = (await gql.data(IMPORT, {"d": yaml.safe_dump(other)}))["importContract"]
    assert {"code": "CONFLICT", "path": ["parties", "0", "name"]} in [
        {"code": e["code"], "path": e["path"]} for e in body["userErrors"]
    ]
    assert not await _contract_exists(gql, "party-conflict-2")
