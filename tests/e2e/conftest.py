"""An HTTP client on the ASGI app, over the seeded test graph."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from clausegraph.app import create_app
from clausegraph.settings import Settings
from graph.database import Graph
from tests.conftest import ADMIN_SECRET


class GraphQLClient:
    """Posts GraphQL over HTTP and returns the decoded response."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def __call__(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await self.http.post("/graphql", json={"query": query, "variables": variables or {}})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The `data` of a response that must have no errors."""
        body = await self(query, variables)
        assert not body.get("errors"), body.get("errors")
        data: dict[str, Any] = body["data"]
        return data


def client_for(settings: Settings, graph: Graph) -> httpx.AsyncClient:
    """An HTTP client on the app over `graph`: the one place that decides what every test request carries."""
    app = create_app(settings, graph, manage_graph=False)
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://testserver",
        headers={"Authorization": f"Bearer {ADMIN_SECRET}"},
    )


@pytest.fixture(scope="session")
async def http(test_settings: Settings, seeded: Graph) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(test_settings, seeded) as client:
        yield client


@pytest.fixture(scope="session")
async def production_http(test_settings: Settings, seeded: Graph) -> AsyncIterator[httpx.AsyncClient]:
    """Like `http`, on an app outside development mode (no introspection, no field suggestions)."""
    async with client_for(test_settings.model_copy(update={"dev": False}), seeded) as client:
        yield client


@pytest.fixture
def http_on(test_settings: Settings) -> Callable[[Graph], httpx.AsyncClient]:
    """Clients built like `http` but on another graph (for example one whose Neo4j is down)."""
    return lambda graph: client_for(test_settings, graph)


@pytest.fixture(scope="session")
def gql(http: httpx.AsyncClient) -> GraphQLClient:
    return GraphQLClient(http)
