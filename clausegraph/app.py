"""The Starlette application: lifespan (Neo4j, schema, seed), GraphQL, GraphiQL assets."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import strawberry
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from clausegraph.extensions import MaskUnexpectedErrors, RequestReport
from clausegraph.graphiql.page import ASSETS, graphiql_html
from clausegraph.settings import Settings
from clausegraph.web import cors_middleware, web_routes
from graph.database import Graph
from resolvers.context import Context
from schema import build_schema

log = logging.getLogger("clausegraph")


def build_graphql_schema() -> strawberry.Schema:
    schema = build_schema()
    schema.extensions = (*schema.extensions, RequestReport, MaskUnexpectedErrors)
    return schema


GRAPHQL_RESPONSE = "application/graphql-response+json"
# Marks, on strawberry's sub-response, a client that asked for GraphQL-over-HTTP responses.
_WANTS_GRAPHQL_RESPONSE = "x-clausegraph-graphql-response"


def is_request_error(body: Any) -> bool:
    """True when a response reports a request that never executed (parse or validation errors)."""
    if not isinstance(body, dict) or body.get("data") is not None or not body.get("errors"):
        return False
    return all("path" not in error for error in body["errors"])


class ClausegraphGraphQL(GraphQL[Context, None]):
    """strawberry's ASGI app with our context and an offline GraphiQL page.

    A client accepting `application/graphql-response+json` gets that media type, and a 400 for requests
    that cannot execute, as the GraphQL-over-HTTP specification asks; others keep `application/json`.
    """

    def __init__(self, schema: strawberry.Schema, settings: Settings, graph_ref: dict[str, Graph]) -> None:
        super().__init__(schema)
        self.settings = settings
        self.graph_ref = graph_ref

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        if isinstance(response, Response) and GRAPHQL_RESPONSE in request.headers.get("accept", ""):
            response.headers[_WANTS_GRAPHQL_RESPONSE] = "1"
        return Context(settings=self.settings, graph=self.graph_ref["graph"])

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        wants = sub_response.headers.get(_WANTS_GRAPHQL_RESPONSE) is not None
        if wants:
            del sub_response.headers[_WANTS_GRAPHQL_RESPONSE]
        response = super().create_response(response_data, sub_response)
        if wants:
            response.headers["content-type"] = GRAPHQL_RESPONSE
            if is_request_error(response_data):
                response.status_code = 400
        return response

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return HTMLResponse(graphiql_html("/graphql", "/graphiql-assets"))


def create_app(settings: Settings, graph: Graph | None = None, *, manage_graph: bool = True) -> Starlette:
    """The ASGI app. With `manage_graph`, the lifespan connects (and starts a local Neo4j if needed)."""
    graph_ref: dict[str, Graph] = {}
    if graph is not None:
        graph_ref["graph"] = graph
    schema = build_graphql_schema()
    gql = ClausegraphGraphQL(schema, settings, graph_ref)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if not manage_graph:
            yield
            return
        from clausegraph.runtime import open_graph

        async with open_graph(settings) as opened:
            graph_ref["graph"] = opened
            yield

    async def asset(request: Request) -> Response:
        path = ASSETS.get(request.path_params["name"])
        if path is None or not path.exists():
            return JSONResponse({"error": "no such asset"}, status_code=404)
        return FileResponse(path)

    async def bundle(request: Request) -> Response:
        """A sealed bundle as JSON, HTML or PDF: /bundles/{dispute}/{version|latest}.{json|html|pdf}."""
        from clausegraph.bundles import export_bundle
        from domain.errors import DomainError

        stem, _, fmt = request.path_params["file"].rpartition(".")
        if stem != "latest" and not stem.isdigit():
            return JSONResponse(
                {"error": "Ask for /bundles/{dispute}/{version}.{json|html|pdf} or latest.{...}"}, status_code=404
            )
        try:
            file = await export_bundle(
                graph_ref["graph"],
                settings,
                schema,
                request.path_params["key"],
                None if stem == "latest" else int(stem),
                fmt,
            )
        except DomainError as exc:
            return JSONResponse({"error": "; ".join(p.message for p in exc.problems)}, status_code=404)
        disposition = "inline" if fmt != "pdf" else f'attachment; filename="{file.filename}"'
        return Response(file.content, media_type=file.media_type, headers={"Content-Disposition": disposition})

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    routes: list[Any] = [
        Route("/graphql", gql, methods=["GET", "POST"]),
        Route("/graphiql-assets/{name}", asset),
        Route("/bundles/{key}/{file}", bundle),
        Route("/health", health),
        WebSocketRoute("/graphql", gql),  # subscriptions on the same path
        *web_routes(settings),  # the explorer at / (after the API routes)
    ]
    return Starlette(routes=routes, lifespan=lifespan, middleware=cors_middleware(settings))
