"""Contracts, precedents and search over GraphQL on the seeded graph."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import GraphQLClient

STRUCTURE = """
query($first: Int, $after: String) {
  contracts(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id key version title kind governingLaw jurisdiction currency monthlyFee effective
      parties { role party { key name } }
      severities { code name responseSeconds resolutionSeconds calendar { key alwaysOpen timezone hours }
                   clause { number heading text } }
      supportChannels { kind address severities calendar { key hours } clause { number } }
      roles { key name party { key } responsibilities }
      escalationPath { clause { number } levels { level role { key name } }
                       triggers { kind toLevel afterSeconds severities count windowSeconds } }
      clauses { number heading kind topics text }
      creditTerms { capPercent claimWindowSeconds soleRemedy rules { kind percent severities }
                    uptimeTiers { below percent } clause { number } }
      liability { cap excludesConsequential clause { number } }
      disputeResolution { steps negotiationPeriodSeconds forum }
      documentation { reportDueSeconds severities }
    } }
  }
}
"""


async def test_seed_contracts_have_their_structure(gql: GraphQLClient) -> None:
    data = await gql.data(STRUCTURE, {"first": 50})
    contracts = [e["node"] for e in data["contracts"]["edges"]]
    assert data["contracts"]["totalCount"] >= 3
    assert len(contracts) == data["contracts"]["totalCount"]
    for c in contracts:
        roles = {p["role"] for p in c["parties"]}
        assert {"PROVIDER", "CUSTOMER"} <= roles, c["key"]
        assert c["severities"], c["key"]
        assert all(s["responseSeconds"] > 0 and s["clause"]["text"] for s in c["severities"])
        assert c["supportChannels"], c["key"]
        levels = [lv["level"] for lv in c["escalationPath"]["levels"]]
        assert levels == list(range(1, len(levels) + 1)) and len(levels) >= 2
        assert c["escalationPath"]["triggers"], c["key"]
        assert c["creditTerms"] is not None and c["liability"] is not None
        assert c["disputeResolution"]["steps"], c["key"]


async def test_amended_contract_keeps_older_versions(gql: GraphQLClient) -> None:
    data = await gql.data(
        '{ contract(key: "stratus-orbital-iaas") { version isLatest versions { version isLatest } } }'
    )
    contract = data["contract"]
    assert contract["version"] == 2 and contract["isLatest"]
    assert [(v["version"], v["isLatest"]) for v in contract["versions"]] == [(1, False), (2, True)]
    old = await gql.data('{ contract(key: "stratus-orbital-iaas", version: 1) { version isLatest } }')
    assert old["contract"] == {"version": 1, "isLatest": False}


@pytest.mark.parametrize("counted", [True, False], ids=["with totalCount", "without"])
async def test_pagination_walks_every_contract_once(gql: GraphQLClient, counted: bool) -> None:
    # without `totalCount` the page's statement counts nothing (and reads the key index in order)
    seen: list[str] = []
    after = None
    while True:
        data = await gql.data(
            "query($after: String) { contracts(first: 1, after: $after) "
            "{ %s pageInfo { hasNextPage endCursor } edges { node { key } } } }" % ("totalCount" if counted else ""),
            {"after": after},
        )
        page = data["contracts"]
        seen += [e["node"]["key"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    total = (await gql.data("{ contracts { totalCount } }"))["contracts"]["totalCount"]
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == total >= 3
    if counted:
        assert page["totalCount"] == total


async def test_page_size_above_the_maximum_is_refused(gql: GraphQLClient) -> None:
    body = await gql("{ contracts(first: 10000) { totalCount } }")
    assert body["errors"][0]["message"].startswith("`first` is 10000; the maximum page size is")


async def test_filters_narrow_contracts(gql: GraphQLClient) -> None:
    data = await gql.data('{ contracts(filter: {jurisdiction: "GB"}) { edges { node { key jurisdiction } } } }')
    assert data["contracts"]["edges"]
    assert all(e["node"]["jurisdiction"].startswith("GB") for e in data["contracts"]["edges"])


async def test_node_returns_what_an_id_names(gql: GraphQLClient) -> None:
    data = await gql.data('{ contract(key: "azurite-harbor-cloud") { id key clauses { id number } } }')
    contract = data["contract"]
    again = await gql.data("query($id: ID!) { node(id: $id) { id ... on Contract { key } } }", {"id": contract["id"]})
    assert again["node"] == {"id": contract["id"], "key": "azurite-harbor-cloud"}
    clause = contract["clauses"][0]
    found = await gql.data("query($id: ID!) { node(id: $id) { ... on Clause { number } } }", {"id": clause["id"]})
    assert found["node"] == {"number": clause["number"]}
    missing = await gql.data('{ node(id: "bm9wZTpub3Bl") { id } }')
    assert missing["node"] is None


async def test_eleven_precedents_with_citations_both_ways(gql: GraphQLClient) -> None:
    data = await gql.data("{ precedents(first: 50) { totalCount edges { node { key year topics } } } }")
    assert data["precedents"]["totalCount"] == 11
    gb_gas = await gql.data(
        '{ precedent(key: "gb-gas-v-accenture") { cites { key } } '
        'hadley: precedent(key: "hadley-v-baxendale") { citedBy { key } } }'
    )
    assert {"key": "hadley-v-baxendale"} in gb_gas["precedent"]["cites"]
    assert {"key": "gb-gas-v-accenture"} in gb_gas["hadley"]["citedBy"]


async def test_search_finds_clauses_and_precedents(gql: GraphQLClient) -> None:
    data = await gql.data('{ search(text: "Baxendale", first: 10) { kind key title } }')
    assert any(h["kind"] == "PRECEDENT" and h["key"] == "hadley-v-baxendale" for h in data["search"])
    clauses = await gql.data('{ search(text: "escalation", first: 10) { kind contractKey clauseNumber } }')
    assert any(h["kind"] == "CLAUSE" and h["contractKey"] for h in clauses["search"])
    odd = await gql.data('{ search(text: "credit AND (\\"", first: 5) { kind } }')
    assert isinstance(odd["search"], list)


async def test_a_short_search_is_the_best_scored_part_of_a_long_one(gql: GraphQLClient) -> None:
    """An administrator's search takes Lucene's top hits at once; they must be the best of all the hits."""
    every = (await gql.data('{ search(text: "service", first: 100) { kind id score } }'))["search"]
    top = (await gql.data('{ search(text: "service", first: 3) { kind id score } }'))["search"]
    assert len(every) > 3 and len(top) == 3
    scores = [h["score"] for h in every]
    assert scores == sorted(scores, reverse=True)
    assert [h["score"] for h in top] == pytest.approx(scores[:3])
    assert all(h in every for h in top)
