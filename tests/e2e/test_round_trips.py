"""A request costs a bounded number of database round trips, whatever it returns (no N+1)."""

from __future__ import annotations

from graph.database import Graph, RoundTrips
from resolvers.imports import import_contract_text
from seed.synthetic import synthetic_contracts
from tests.e2e.conftest import GraphQLClient
from tests.e2e.test_contracts_api import STRUCTURE

FILTERED = STRUCTURE.replace(
    "query($first: Int, $after: String) {\n  contracts(first: $first, after: $after) {",
    "query($first: Int, $after: String, $title: String) {\n"
    "  contracts(first: $first, after: $after, filter: {titleContains: $title}) {",
)


async def test_structure_query_costs_the_same_for_1_and_20_contracts(seeded: Graph, gql: GraphQLClient) -> None:
    for text in synthetic_contracts(20, "rt-probe"):
        await import_contract_text(seeded, RoundTrips(), text, 10_000_000)

    one = await gql(FILTERED, {"first": 1, "title": "rt-probe synthetic"})
    twenty = await gql(FILTERED, {"first": 20, "title": "rt-probe synthetic"})
    assert not one.get("errors") and not twenty.get("errors")
    assert len(one["data"]["contracts"]["edges"]) == 1
    assert len(twenty["data"]["contracts"]["edges"]) == 20
    assert twenty["data"]["contracts"]["edges"][19]["node"]["severities"]
    trips_one, trips_twenty = one["extensions"]["roundTrips"], twenty["extensions"]["roundTrips"]
    assert trips_one == trips_twenty
    # the page (with its count) and one batched structure query
    assert trips_twenty == 2
