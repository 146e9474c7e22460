"""Hostile and malformed input: every case is a clear error with a code, never INTERNAL or a 5xx."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from clausegraph.settings import PROJECT_ROOT

SEARCH = "query($t: String!) { search(text: $t) { title } }"
INCIDENTS_FROM = "query($t: DateTime) { incidents(filter: {reportedFrom: $t}) { totalCount } }"
IMPORT = "mutation($d: String!) { importContract(document: $d) { created userErrors { code path message } } }"
IMPORT_INCIDENTS = "mutation($d: String!) { importIncidents(document: $d) { userErrors { code path } } }"
REPORT = "mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { userErrors { code path } } }"
CONTRACT = (PROJECT_ROOT / "seed" / "data" / "contracts" / "common-ledger-saas.yaml").read_text(encoding="utf-8")


async def _post(http: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    # json.dumps escapes lone surrogates as \\udxxx, as a hostile client would send them
    body = json.dumps({"query": query, "variables": variables or {}})
    response = await http.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code < 500, response.text
    decoded: dict[str, Any] = response.json() if response.status_code == 200 else {"status": response.status_code}
    return decoded


def _codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]


@pytest.mark.parametrize(
    "value", ["now", "", "2026-02-30T00:00:00Z", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"]
)
async def test_bad_datetime_variables_and_literals_are_user_errors(http: httpx.AsyncClient, value: str) -> None:
    body = await _post(http, INCIDENTS_FROM, {"t": value})
    assert _codes(body) == ["BAD_USER_INPUT"], body
    assert repr(value) in body["errors"][0]["message"] and "$t" in body["errors"][0]["message"]
    literal = await _post(http, "{ incidents(filter: {reportedFrom: " + json.dumps(value) + "}) { totalCount } }")
    assert _codes(literal) and "INTERNAL" not in _codes(literal), literal


@pytest.mark.parametrize("text", ["AND", "NOT", "escalation OR", "OR", "a*", '"x', "title:x", "x~", "(", "\\"])
async def test_search_treats_user_text_as_words(http: httpx.AsyncClient, text: str) -> None:
    body = await _post(http, SEARCH, {"t": text})
    assert "errors" not in body, body


async def test_search_caps_its_terms(http: httpx.AsyncClient) -> None:
    body = await _post(http, SEARCH, {"t": "word " * 1100})
    assert _codes(body) == ["TOO_MANY_SEARCH_TERMS"]


@pytest.mark.parametrize("cursor", ["!!!", "Y3Vyc29yOnh4", "Y3Vyc29yOnh4fHk=", "\ud800"])
async def test_crafted_cursors_are_user_errors(http: httpx.AsyncClient, cursor: str) -> None:
    body = await _post(http, "query($c: String) { incidents(after: $c) { totalCount } }", {"c": cursor})
    assert body.get("status") == 400 or _codes(body) == ["BAD_USER_INPUT"], body


@pytest.mark.parametrize(
    "node_id", ["!!!", "Q29udHJhY3Q6", "SW5jaWRlbnQ6eA==", "Q2xhdXNlOnh4L3l5", "RXZpZGVuY2VCdW5kbGU6eCMx"]
)
async def test_ids_that_name_nothing_are_null(http: httpx.AsyncClient, node_id: str) -> None:
    body = await _post(http, "query($i: ID!) { node(id: $i) { id } }", {"i": node_id})
    assert body == {"data": {"node": None}, "extensions": body.get("extensions")}


async def test_lone_surrogates_are_a_400(http: httpx.AsyncClient) -> None:
    body = await _post(http, SEARCH, {"t": "\ud800x"})
    assert body == {"status": 400}


async def test_a_body_of_bad_utf8_is_a_400(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "/graphql", content=b'{"query": "{ \xc3\x28 }"}', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "path", ["/bundles/X/².json", "/bundles/X/1.json", "/bundles/X/latest.exe", "/bundles/%ff/1.json"]
)
async def test_bundle_route_parameters_are_404_json(http: httpx.AsyncClient, path: str) -> None:
    response = await http.get(path)
    assert response.status_code == 404 and "error" in response.json()


@pytest.mark.parametrize(
    ("change", "code", "where"),
    [
        (("version: 1", "version: 12345678901234567890123"), "INVALID_RANGE", ["version"]),
        (("effective: 2026-01-01", "effective: 2026-02-30"), "INVALID_DATE", ["effective"]),
        (('monthly_fee: "18000.00"', 'monthly_fee: "1E+100000000"'), "INVALID_MONEY", ["monthly_fee"]),
        (('monthly_fee: "18000.00"', 'monthly_fee: "1000000000000000000000.00"'), "INVALID_MONEY", ["monthly_fee"]),
    ],
)
async def test_bad_values_in_documents_are_named(
    http: httpx.AsyncClient, change: tuple[str, str], code: str, where: list[str]
) -> None:
    document = CONTRACT.replace("key: common-ledger-saas", "key: hostile-doc").replace(*change)
    body = await _post(http, IMPORT, {"d": document})
    errors = body["data"]["importContract"]["userErrors"]
    assert [(e["code"], e["path"]) for e in errors] == [(code, where)], errors


async def test_integers_beyond_range_in_queries_are_user_errors(http: httpx.AsyncClient) -> None:
    body = await _post(http, 'query($v: Int) { contract(key: "x", version: $v) { key } }', {"v": 10**22})
    assert _codes(body) == ["BAD_USER_INPUT"]


async def test_oversized_and_out_of_range_inputs_are_user_errors(http: httpx.AsyncClient) -> None:
    report = {
        "key": "HOSTILE-1",
        "contractKey": "common-ledger-saas",
        "service": "s" * 1_000_000,
        "title": "t",
        "severity": "P1",
        "reportedAt": "2026-05-04T10:00:00Z",
    }
    body = await _post(http, REPORT, {"i": report})
    assert _codes(body) == ["STRING_TOO_LONG"] and "$i.service" in body["errors"][0]["message"]
    literal = await _post(http, '{ contract(key: "' + "k" * 20_000 + '") { key } }')
    assert _codes(literal) == ["STRING_TOO_LONG"]
    body = await _post(http, REPORT, {"i": {**report, "service": "s" * 500}})
    assert [e["code"] for e in body["data"]["reportIncident"]["userErrors"]] == ["INVALID_KEY"]
    future = {**report, "service": "ledger-api", "reportedAt": "2099-01-01T00:00:00Z"}
    body = await _post(http, REPORT, {"i": future})
    # 2099 is also long after the contract expires (2026-12-31): both are said
    assert sorted(e["code"] for e in body["data"]["reportIncident"]["userErrors"]) == ["FUTURE_EVENT", "OUTSIDE_TERM"]


async def test_an_incidents_document_reports_every_state_free_problem(http: httpx.AsyncClient) -> None:
    document = {
        "format": "clausegraph/incidents@1",
        "contract": "common-ledger-saas",
        "incidents": [
            {
                "key": "HOSTILE-2",
                "service": "ledger-api",
                "title": "t",
                "severity": "P1",
                "events": [
                    {"at": "2026-05-04T10:00:00Z", "kind": "REPORTED"},
                    {"at": "2026-05-04T09:00:00Z", "kind": "NOTE", "note": "earlier"},
                    {"at": "2026-05-04T11:00:00Z", "kind": "ESCALATED", "level": 9},
                    {"at": "2026-05-04T12:00:00Z", "kind": "ASSIGNED", "assignee": "nobody-at-all"},
                ],
            }
        ],
    }
    body = await _post(http, IMPORT_INCIDENTS, {"d": json.dumps(document)})
    found = [(e["code"], e["path"][-2:]) for e in body["data"]["importIncidents"]["userErrors"]]
    assert ("OUT_OF_ORDER", ["1", "at"]) in found
    assert ("INVALID_LEVEL", ["2", "level"]) in found
    assert ("UNKNOWN_REFERENCE", ["3", "assignee"]) in found
