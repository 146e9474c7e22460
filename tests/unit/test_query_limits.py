"""clausegraph.query_limits: depth, aliases and cost of a document, measured without executing it."""

from __future__ import annotations

import time

from graphql import parse

from clausegraph.app import build_graphql_schema
from clausegraph.query_limits import Demand, measure, refusals
from clausegraph.settings import Settings

SCHEMA = build_graphql_schema()._schema


def _measure(query: str, variables: dict[str, object] | None = None) -> Demand:
    return measure(SCHEMA, parse(query), variables or {}, 20)


def test_connections_multiply_by_their_page_size() -> None:
    assert _measure("{ contracts { edges { node { key } } } }") == Demand(depth=4, aliases=0, cost=42)
    nested = "{ contracts { edges { node { key incidents(first: 100) { edges { node { key } } } } } } }"
    assert _measure(nested) == Demand(depth=7, aliases=0, cost=4082)
    by_variable = "query($n: Int = 5) { contracts(first: $n) { edges { node { key } } } }"
    assert _measure(by_variable).cost == 12
    assert _measure(by_variable, {"n": 50}).cost == 102


def test_fragments_and_aliases_count_where_they_are_spread() -> None:
    query = (
        "{ a: contracts { ...C } b: contracts { ...C } } fragment C on ContractConnection { totalCount n: totalCount }"
    )
    assert _measure(query) == Demand(depth=2, aliases=4, cost=6)


def test_introspection_is_not_counted() -> None:
    assert _measure("{ __schema { types { fields { type { ofType { ofType { name } } } } } } }").cost == 0


def test_a_fragment_bomb_is_measured_at_once() -> None:
    fragments = "\n".join(
        f"fragment F{i} on ContractConnection {{ a{i}: totalCount ...F{i + 1} ...F{i + 1} }}" for i in range(40)
    )
    query = "{ contracts { ...F0 } }\n" + fragments + "\nfragment F40 on ContractConnection { totalCount }"
    started = time.perf_counter()
    demand = _measure(query)
    assert time.perf_counter() - started < 1
    codes = [code for code, _ in refusals(demand, Settings())]
    assert codes == ["TOO_MANY_ALIASES", "QUERY_TOO_COSTLY"]


def test_long_texts_are_found_outside_documents_and_files() -> None:
    from clausegraph.string_limits import too_long

    query = parse('mutation($d: String!, $i: ReportIncidentInput!) { a(document: $d) b(input: $i) c(key: "xxxx") }')
    assert too_long(query, {"d": "x" * 50, "i": {"title": "t", "fileBase64": "y" * 50}}, 10) is None
    assert too_long(query, {"d": "x", "i": {"title": "t" * 11}}, 10) == ("$i.title", 11)
    assert too_long(query, {}, 3) == ("key", 4)
