"""People, typed filters, sorting, dashboard counts and absolute export URLs, over HTTP on the seed data."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import GraphQLClient

AHC = "azurite-harbor-cloud"


async def _all_pages(gql: GraphQLClient, query: str, variables: dict[str, Any], root: str) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        data = (await gql.data(query, {**variables, "after": after}))[root]
        nodes += [e["node"] for e in data["edges"]]
        if not data["pageInfo"]["hasNextPage"]:
            return nodes
        after = data["pageInfo"]["endCursor"]


PEOPLE = """query($after: String, $f: PersonFilter) {
  people(first: 3, after: $after, filter: $f) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { key name party { key } role { key } } }
  }
}"""


async def test_people_pages_through_a_contracts_parties_with_filters(gql: GraphQLClient) -> None:
    people = await _all_pages(gql, PEOPLE, {"f": {"contract": AHC}}, "people")
    keys = [p["key"] for p in people]
    assert keys == sorted(keys) and len(keys) == len(set(keys))
    assert {"ah-l1-1", "ah-l4-1", "fm-ops-1", "fm-svc-1"} <= set(keys)
    assert {p["party"]["key"] for p in people} <= {"azurite-harbor", "fenwick-mutual"}
    first = next(p for p in people if p["key"] == "ah-l1-1")
    assert first == {"key": "ah-l1-1", "name": "Imogen Pryce", "party": {"key": "azurite-harbor"},
                     "role": {"key": "service-desk"}}  # fmt: skip
    named = (await gql.data(PEOPLE, {"f": {"nameContains": "imogen", "party": "azurite-harbor"}}))["people"]
    assert [e["node"]["key"] for e in named["edges"]] == ["ah-l1-1"] and named["totalCount"] == 1
    customer = await _all_pages(gql, PEOPLE, {"f": {"party": "fenwick-mutual"}}, "people")
    assert {p["key"] for p in customer} >= {"fm-ops-1", "fm-svc-1"}
    assert {p["party"]["key"] for p in customer} == {"fenwick-mutual"}


async def test_a_party_lists_its_people(gql: GraphQLClient) -> None:
    data = await gql.data(
        '{ contract(key: "azurite-harbor-cloud") { parties { party { key people { key party { key } } } } } }'
    )
    by_party = {p["party"]["key"]: p["party"]["people"] for p in data["contract"]["parties"]}
    assert [p["key"] for p in by_party["fenwick-mutual"]][:2] == ["fm-ops-1", "fm-svc-1"]
    assert all(p["party"]["key"] == "azurite-harbor" for p in by_party["azurite-harbor"])


@pytest.mark.parametrize(
    ("query", "enum", "valid"),
    [
        ('{ incidents(filter: {status: "open"}) { totalCount } }', "IncidentStatus", "OPEN, RESOLVED"),
        ("{ incidents(filter: {status: open}) { totalCount } }", "IncidentStatus", "OPEN, RESOLVED"),
        ("{ contracts(filter: {kind: iaas}) { totalCount } }", "ContractKind", "IAAS, PAAS, SAAS, SUPPORT, MSA"),
        ("{ disputes(filter: {status: CLOSED}) { totalCount } }", "DisputeStatus", "NEGOTIATION, MEDIATION"),
        ("{ precedents(filter: {topic: CREDITS}) { totalCount } }", "PrecedentTopic", "SERVICE_CREDITS"),
    ],
)
async def test_an_unknown_filter_value_is_an_error_listing_the_valid_ones(
    gql: GraphQLClient, query: str, enum: str, valid: str
) -> None:
    body = await gql.http.post("/graphql", json={"query": query})
    errors = body.json()["errors"]
    assert len(errors) == 1 and enum in errors[0]["message"] and valid in errors[0]["message"], errors


async def test_an_unknown_filter_value_in_a_variable_lists_the_valid_ones(gql: GraphQLClient) -> None:
    query = "query($s: IncidentStatus) { incidents(filter: {status: $s}) { totalCount } }"
    body = (await gql.http.post("/graphql", json={"query": query, "variables": {"s": "open"}})).json()
    assert "OPEN, RESOLVED" in body["errors"][0]["message"], body


async def test_typed_filters_still_filter(gql: GraphQLClient) -> None:
    q = "query($s: IncidentStatus) { incidents(first: 100, filter: {contract: $c, status: $s}) { totalCount } }"
    q = q.replace("query($s", "query($c: String, $s")
    counts = {s: (await gql.data(q, {"c": AHC, "s": s}))["incidents"]["totalCount"] for s in ("OPEN", "RESOLVED")}
    total = (await gql.data(q, {"c": AHC, "s": None}))["incidents"]["totalCount"]
    assert counts["OPEN"] + counts["RESOLVED"] == total and counts["RESOLVED"] > 0
    iaas = await gql.data("{ contracts(first: 100, filter: {kind: IAAS}) { edges { node { kind } } } }")
    assert {e["node"]["kind"] for e in iaas["contracts"]["edges"]} == {"IAAS"}


async def test_a_severity_the_contract_lacks_and_an_unknown_clause_kind_are_errors(gql: GraphQLClient) -> None:
    body = await gql('{ incidents(filter: {contract: "azurite-harbor-cloud", severity: "SEV9"}) { totalCount } }')
    assert "SEV9" in body["errors"][0]["message"] and "severities are" in body["errors"][0]["message"]
    body = await gql('{ contract(key: "azurite-harbor-cloud") { clauses(kind: "CREDITS") { number } } }')
    assert "SERVICE_CREDITS" in body["errors"][0]["message"]


INCIDENTS = """query($after: String, $order: IncidentOrder) {
  incidents(first: 4, after: $after, filter: {contract: "azurite-harbor-cloud"}, orderBy: $order) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { key reportedAt severity { code } breaches { ref } } }
  }
}"""


@pytest.mark.parametrize("direction", ["ASC", "DESC"])
@pytest.mark.parametrize("field", ["REPORTED_AT", "SEVERITY", "BREACH_COUNT"])
async def test_incidents_sort_across_pages(gql: GraphQLClient, field: str, direction: str) -> None:
    order = {"field": field, "direction": direction}
    nodes = await _all_pages(gql, INCIDENTS, {"order": order}, "incidents")
    everything = await _all_pages(gql, INCIDENTS, {"order": None}, "incidents")
    assert sorted(n["key"] for n in nodes) == sorted(n["key"] for n in everything)

    def value(n: dict[str, Any]) -> Any:
        if field == "REPORTED_AT":
            return n["reportedAt"]
        return n["severity"]["code"] if field == "SEVERITY" else len(n["breaches"])

    sort_keys = [(value(n), n["key"]) for n in nodes]
    assert sort_keys == sorted(sort_keys, reverse=direction == "DESC")


async def test_a_cursor_of_another_order_is_refused(gql: GraphQLClient) -> None:
    page = await gql.data(INCIDENTS, {"order": {"field": "SEVERITY"}})
    cursor = page["incidents"]["pageInfo"]["endCursor"]
    body = await gql(INCIDENTS, {"order": {"field": "BREACH_COUNT"}, "after": cursor})
    assert "another sort order" in body["errors"][0]["message"]


CONTRACTS = """query($after: String, $order: ContractOrder) {
  contracts(first: 2, after: $after, orderBy: $order) {
    pageInfo { hasNextPage endCursor } edges { node { key title effective } }
  }
}"""


@pytest.mark.parametrize("direction", ["ASC", "DESC"])
@pytest.mark.parametrize("field", ["KEY", "TITLE", "EFFECTIVE"])
async def test_contracts_sort_across_pages(gql: GraphQLClient, field: str, direction: str) -> None:
    nodes = await _all_pages(gql, CONTRACTS, {"order": {"field": field, "direction": direction}}, "contracts")
    name = {"KEY": "key", "TITLE": "title", "EFFECTIVE": "effective"}[field]
    sort_keys = [(n[name].lower() if field == "TITLE" else n[name], n["key"]) for n in nodes]
    assert sort_keys == sorted(sort_keys, reverse=direction == "DESC")
    assert len({n["key"] for n in nodes}) == len(nodes) >= 3


STATS = """{
  stats(contractKey: "azurite-harbor-cloud") {
    incidents { total open resolved breached byStatus { value count } bySeverity { value count }
                byService { value count } byMonth { value count } }
    breaches { total byKind { value count } bySeverity { value count } byMonth { value count } }
  }
  contract(key: "azurite-harbor-cloud") { incidentCounts { total } breachCounts { total } breaches { kind dueAt } }
  all: stats { incidents { total } breaches { total } }
  incidents(first: 100, filter: {contract: "azurite-harbor-cloud"}) {
    edges { node { reportedAt severity { code } service } }
  }
}"""


async def test_dashboard_counts_agree_with_the_lists(gql: GraphQLClient) -> None:
    data = await gql.data(STATS)
    counts, incidents = data["stats"]["incidents"], [e["node"] for e in data["incidents"]["edges"]]
    assert counts["total"] == len(incidents) == data["contract"]["incidentCounts"]["total"]
    assert counts["open"] + counts["resolved"] == counts["total"]
    assert sum(b["count"] for b in counts["byMonth"]) == counts["total"]
    months: dict[str, int] = {}
    for incident in incidents:
        month = incident["reportedAt"][:7]
        months[month] = months.get(month, 0) + 1
    assert {b["value"]: b["count"] for b in counts["byMonth"]} == months
    services = {i["service"] for i in incidents}
    assert {b["value"] for b in counts["byService"]} == services
    breaches = data["contract"]["breaches"]
    assert data["stats"]["breaches"]["total"] == len(breaches) == data["contract"]["breachCounts"]["total"]
    kinds: dict[str, int] = {}
    for breach in breaches:
        kinds[breach["kind"]] = kinds.get(breach["kind"], 0) + 1
    assert {b["value"]: b["count"] for b in data["stats"]["breaches"]["byKind"]} == kinds
    assert 0 < counts["breached"] <= counts["total"]
    assert data["all"]["incidents"]["total"] >= counts["total"]


async def test_export_urls_are_absolute(gql: GraphQLClient) -> None:
    data = await gql.data('{ dispute(key: "DSP-2026-FENWICK-01") { latestBundle { version exportUrls } } }')
    bundle = data["dispute"]["latestBundle"]
    assert bundle["exportUrls"] == [
        f"http://127.0.0.1:8000/bundles/DSP-2026-FENWICK-01/{bundle['version']}.{ext}"
        for ext in ("json", "html", "pdf")
    ]
