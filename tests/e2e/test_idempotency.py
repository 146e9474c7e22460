"""Idempotency-Key: a retried mutation returns its first outcome and writes nothing more."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest

from seed.synthetic import synthetic_contracts

REPORT = "mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { incident { key } userErrors { code } } }"
EVENTS = "query($k: String!) { incident(key: $k) { events { kind } } }"
NOTE = (
    "mutation($i: RecordIncidentEventInput!) { recordIncidentEvent(input: $i) { event { kind } userErrors { code } } }"
)


IMPORT = "mutation($d: String!) { importContract(document: $d) { contract { key severities { code } } } }"
CONTRACT: dict[str, str] = {}


@pytest.fixture(scope="module", autouse=True)
async def own_contract(http: httpx.AsyncClient) -> None:
    """A contract of these tests' own, so that the incidents they report change no other test's counts."""
    response = await http.post(
        "/graphql", json={"query": IMPORT, "variables": {"d": next(synthetic_contracts(1, "idem"))}}
    )
    contract = response.json()["data"]["importContract"]["contract"]
    CONTRACT.update(key=contract["key"], severity=contract["severities"][0]["code"])


def _report(key: str, title: str = "VM down") -> dict[str, Any]:
    incident = {
        "key": key,
        "contractKey": CONTRACT["key"],
        "service": "vm",
        "title": title,
        "severity": CONTRACT["severity"],
        "reportedAt": "2026-05-04T10:00:00Z",
    }
    return {"query": REPORT, "variables": {"i": incident}}


async def _post(http: httpx.AsyncClient, body: dict[str, Any], key: str | None) -> dict[str, Any]:
    headers = {"Idempotency-Key": key} if key is not None else {}
    response = await http.post("/graphql", json=body, headers=headers)
    assert response.status_code == 200, response.text
    decoded: dict[str, Any] = response.json()
    return decoded


def _code(body: dict[str, Any]) -> str | None:
    errors = body.get("errors") or [{}]
    code: str | None = errors[0].get("extensions", {}).get("code")
    return code


async def test_a_retry_returns_the_first_outcome_and_writes_nothing(http: httpx.AsyncClient) -> None:
    key, incident = uuid.uuid4().hex, f"IDEM-{uuid.uuid4().hex[:8]}"
    first = await _post(http, _report(incident), key)
    assert first["data"]["reportIncident"] == {"incident": {"key": incident}, "userErrors": []}
    event = {"incidentKey": incident, "kind": "NOTE", "at": "2026-05-04T10:05:00Z", "note": "customer called"}
    note: dict[str, Any] = {"query": NOTE, "variables": {"i": event}}
    note_key = uuid.uuid4().hex
    assert (await _post(http, note, note_key))["data"]["recordIncidentEvent"]["userErrors"] == []
    for _ in range(2):
        again = await _post(http, note, note_key)
        assert again["data"] == {"recordIncidentEvent": {"event": {"kind": "NOTE"}, "userErrors": []}}
        assert again["extensions"] == {"idempotentReplay": True}
    replay = await _post(http, _report(incident), key)
    assert replay["data"] == first["data"]
    events = await _post(http, {"query": EVENTS, "variables": {"k": incident}}, None)
    assert [e["kind"] for e in events["data"]["incident"]["events"]] == ["REPORTED", "NOTE"]


async def test_the_same_key_with_other_input_is_refused(http: httpx.AsyncClient) -> None:
    key, incident = uuid.uuid4().hex, f"IDEM-{uuid.uuid4().hex[:8]}"
    await _post(http, _report(incident), key)
    other = await _post(http, _report(incident, title="Something else"), key)
    assert _code(other) == "IDEMPOTENCY_KEY_REUSED" and other["data"] is None
    assert _code(await _post(http, _report(incident), "has spaces")) == "IDEMPOTENCY_KEY_INVALID"


async def test_concurrent_retries_write_once(http: httpx.AsyncClient) -> None:
    key, incident = uuid.uuid4().hex, f"IDEM-{uuid.uuid4().hex[:8]}"
    results = await asyncio.gather(*(_post(http, _report(incident), key) for _ in range(6)))
    outcomes = [r["data"]["reportIncident"] for r in results if r.get("data")]
    assert outcomes and all(o == {"incident": {"key": incident}, "userErrors": []} for o in outcomes)
    assert all(_code(r) in (None, "IDEMPOTENCY_KEY_IN_USE") for r in results)
    # without the key, the same report is a CONFLICT: the incident exists once
    again = await _post(http, _report(incident), None)
    assert again["data"]["reportIncident"]["userErrors"] == [{"code": "CONFLICT"}]


async def test_queries_ignore_the_key(http: httpx.AsyncClient) -> None:
    body = {"query": "{ precedents { totalCount } }"}
    first, second = await _post(http, body, "k1"), await _post(http, body, "k1")
    assert "idempotentReplay" not in second.get("extensions", {}) and first["data"] == second["data"]
