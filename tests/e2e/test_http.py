"""GraphQL over HTTP: media types and status codes, GraphiQL offline, health."""

from __future__ import annotations

import httpx

from clausegraph.graphiql.page import ASSETS

GRAPHQL_RESPONSE = "application/graphql-response+json"


async def test_a_request_that_cannot_execute_is_a_400_for_graphql_response_clients(http: httpx.AsyncClient) -> None:
    for query in ("{ nope }", "{ contracts { totalCount "):
        response = await http.post("/graphql", json={"query": query}, headers={"accept": GRAPHQL_RESPONSE})
        assert response.status_code == 400
        assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)
        assert response.json()["errors"][0]["message"]


async def test_a_valid_request_is_a_200_in_the_media_type_asked_for(http: httpx.AsyncClient) -> None:
    modern = await http.post(
        "/graphql", json={"query": "{ precedents { totalCount } }"}, headers={"accept": GRAPHQL_RESPONSE}
    )
    assert modern.status_code == 200 and modern.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    legacy = await http.post("/graphql", json={"query": "{ nope }"})
    assert legacy.status_code == 200 and legacy.headers["content-type"].startswith("application/json")


async def test_a_field_error_during_execution_stays_a_200(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "/graphql", json={"query": "{ contracts(first: -1) { totalCount } }"}, headers={"accept": GRAPHQL_RESPONSE}
    )
    assert response.status_code == 200
    assert response.json()["errors"][0]["path"] == ["contracts"]


async def test_graphiql_is_served_with_local_assets_only(http: httpx.AsyncClient) -> None:
    page = await http.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "<html" in page.text
    assert "https://" not in page.text and "http://" not in page.text.replace("http://testserver", "")
    for name in ASSETS:
        assert f"/graphiql-assets/{name}" in page.text
        asset = await http.get(f"/graphiql-assets/{name}")
        assert asset.status_code == 200 and len(asset.content) > 1000
    assert (await http.get("/graphiql-assets/nothing.js")).status_code == 404


async def test_health_answers(http: httpx.AsyncClient) -> None:
    assert (await http.get("/health")).json() == {"status": "ok"}
