"""Limits on what one request may ask: each refused before execution with its own code (docs/limits.md)."""

from __future__ import annotations

import time
from typing import Any

import httpx

from clausegraph.settings import Settings

FAN_OUT = """{ contracts { edges { node {
  incidents(first: 100) { edges { node { contract {
    incidents(first: 100) { edges { node { contract {
      incidents(first: 100) { edges { node { contract {
        incidents(first: 100) { edges { node { contract {
          incidents(first: 100) { edges { node { key } } }
        } } } }
      } } } }
    } } } }
  } } } }
} } } }"""


def _codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]


async def _post(http: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    response = await http.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_the_five_level_fan_out_is_refused_as_too_costly_before_it_runs(http: httpx.AsyncClient) -> None:
    started = time.perf_counter()
    body = await _post(http, FAN_OUT)
    assert time.perf_counter() - started < 1
    assert body.get("data") is None
    assert "QUERY_TOO_COSTLY" in _codes(body)
    assert any("25,000" in e["message"] for e in body["errors"])


async def test_page_sizes_given_as_variables_count_too(http: httpx.AsyncClient) -> None:
    query = "query($n: Int) { contracts(first: $n) { edges { node { incidents(first: $n) { totalCount } } } } }"
    assert _codes(await _post(http, query, {"n": 100})) == []
    nested = "query($n: Int) { contracts(first: $n) { edges { node { incidents(first: $n) { edges { node {"
    nested += " contract { incidents(first: $n) { edges { node { key title } } } } } } } } } } }"
    assert _codes(await _post(http, nested, {"n": 100})) == ["QUERY_TOO_COSTLY"]


async def test_a_refused_document_is_refused_every_time_and_variables_are_judged_each_time(
    http: httpx.AsyncClient,
) -> None:
    # without variables the verdict is kept with the parsed document; it must be the same verdict each time
    first = _codes(await _post(http, FAN_OUT))
    assert "QUERY_TOO_COSTLY" in first
    for _ in range(2):
        assert _codes(await _post(http, FAN_OUT)) == first
    nested = "query($n: Int) { contracts(first: $n) { edges { node { incidents(first: $n) { edges { node {"
    nested += " contract { incidents(first: $n) { edges { node { key } } } } } } } } } } }"
    for n, codes in ((100, ["QUERY_TOO_COSTLY"]), (2, []), (100, ["QUERY_TOO_COSTLY"]), (2, [])):
        assert _codes(await _post(http, nested, {"n": n})) == codes


async def test_an_ordinary_nested_query_passes(http: httpx.AsyncClient) -> None:
    body = await _post(
        http,
        "{ contracts { edges { node { key incidents(first: 50) { edges { node { key breaches { ref } } } } } } } }",
    )
    assert "errors" not in body, body


async def test_deep_nesting_is_refused(http: httpx.AsyncClient, test_settings: Settings) -> None:
    levels = test_settings.max_query_depth
    query = '{ contract(key: "x") { ' + "versions { " * levels + "key" + " }" * levels + " } }"
    body = await _post(http, query)
    assert _codes(body) == ["QUERY_TOO_DEEP"]
    assert str(levels) in body["errors"][0]["message"]


async def test_many_aliases_are_refused(http: httpx.AsyncClient, test_settings: Settings) -> None:
    many = test_settings.max_aliases + 1
    fields = " ".join(f'r{i}: creditReport(contractKey: "x", month: "2026-03") {{ month }}' for i in range(many))
    body = await _post(http, "{ " + fields + " }")
    assert _codes(body) == ["TOO_MANY_ALIASES"]
    assert body.get("data") is None


async def test_too_many_tokens_are_refused_while_parsing(http: httpx.AsyncClient, test_settings: Settings) -> None:
    body = await _post(http, "{ " + "__typename " * (test_settings.max_tokens + 1) + "}")
    assert _codes(body) == ["TOO_MANY_TOKENS"]


async def test_a_20_mb_alias_body_is_refused_with_413_in_well_under_a_second(http: httpx.AsyncClient) -> None:
    aliases = " ".join(f"a{i}: __typename" for i in range(1_400_000))
    payload = ("{ " + aliases + " }")[:20_000_000]
    started = time.perf_counter()
    response = await http.post("/graphql", json={"query": payload})
    elapsed = time.perf_counter() - started
    assert response.status_code == 413
    assert _codes(response.json()) == ["REQUEST_TOO_LARGE"]
    assert elapsed < 1, elapsed
    # and the service answers as usual afterwards
    assert "errors" not in await _post(http, "{ precedents { totalCount } }")


async def test_a_body_that_is_not_utf8_is_a_400(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "/graphql", content=b'{"query": "{ __typename \xff\xfe }"}', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert _codes(response.json()) == ["BAD_REQUEST_ENCODING"]


async def test_parse_and_validation_errors_carry_codes(http: httpx.AsyncClient) -> None:
    assert _codes(await _post(http, "{ contracts { ")) == ["GRAPHQL_PARSE_FAILED"]
    assert _codes(await _post(http, "{ nope }")) == ["GRAPHQL_VALIDATION_FAILED"]


async def test_introspection_and_suggestions_are_off_outside_development(production_http: httpx.AsyncClient) -> None:
    body = await _post(production_http, "{ __schema { types { name } } }")
    assert set(_codes(body)) == {"INTROSPECTION_DISABLED"}
    body = await _post(production_http, "{ contractz { totalCount } }")
    assert "Did you mean" not in body["errors"][0]["message"]
    assert "errors" not in await _post(production_http, "{ __typename precedents { totalCount } }")
