"""Operations: /metrics in Prometheus format, and the request id on every log line of a request."""

from __future__ import annotations

import json
import logging

import httpx
import pytest

from clausegraph.logs import JsonLines, RequestContext


async def test_metrics_count_requests_operations_round_trips_and_errors(http: httpx.AsyncClient) -> None:
    await http.post("/graphql", json={"query": "query Dash { contracts(first: 1) { totalCount } }"})
    await http.post("/graphql", json={"query": '{ creditReport(contractKey: "x", month: "13") { total } }'})
    await http.post(
        "/graphql",
        json={"query": 'mutation Bad { importContract(document: "format: nope") { userErrors { code } } }'},
    )
    response = await http.get("/metrics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert 'clausegraph_http_requests_total{method="POST",route="/graphql",status="200"}' in text
    assert 'clausegraph_graphql_operation_seconds_count{operation="Dash",type="query"}' in text
    assert 'clausegraph_graphql_round_trips_count{operation="Dash"}' in text
    assert 'clausegraph_errors_total{code="UNSUPPORTED_FORMAT"}' in text
    assert 'clausegraph_errors_total{code="GRAPHQL_ERROR"}' in text
    assert "clausegraph_neo4j_pool_connections{" in text


async def test_every_log_line_of_a_request_carries_its_id(
    http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    # A query that fails unexpectedly logs from inside the request; the response names the same id.
    handler = caplog.handler
    handler.addFilter(RequestContext())
    with caplog.at_level(logging.INFO):
        logging.getLogger("clausegraph.test").info("outside any request")
        response = await http.post("/graphql", json={"query": "{ contracts(first: 1) { totalCount } }"})
    request_id = response.headers["x-request-id"]
    assert response.json()["extensions"]["requestId"] == request_id
    outside = next(r for r in caplog.records if r.getMessage() == "outside any request")
    assert json.loads(JsonLines().format(outside))["request_id"] is None
    handler.removeFilter(handler.filters[-1])


async def test_a_masked_error_is_logged_with_the_request_id_it_reports(
    http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph.reads import Reader

    async def broken(self: Reader, **kwargs: object) -> object:
        logging.getLogger("clausegraph.test").warning("about to fail")
        raise RuntimeError("boom")

    monkeypatch.setattr(Reader, "contract_page", broken)
    caplog.handler.addFilter(RequestContext())
    with caplog.at_level(logging.INFO):
        response = await http.post("/graphql", json={"query": "{ contracts { totalCount } }"})
    caplog.handler.removeFilter(caplog.handler.filters[-1])
    request_id = response.headers["x-request-id"]
    assert request_id in response.json()["errors"][0]["message"]
    mine = [r for r in caplog.records if r.getMessage() in ("about to fail", f"request {request_id} failed")]
    assert len(mine) == 2 and {getattr(r, "request_id", None) for r in mine} == {request_id}
