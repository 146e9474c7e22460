"""The Starlette application: lifespan (Neo4j, schema, seed), GraphQL, GraphiQL assets."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

import strawberry
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLRequestData
from strawberry.types import ExecutionResult

from clausegraph.body_limit import BodyLimit, lone_surrogate_path
from clausegraph.extensions import MaskUnexpectedErrors, RequestReport
from clausegraph.graphiql.page import ASSETS, graphiql_html
from clausegraph.idempotency import run_once
from clausegraph.query_limits import QueryLimits
from clausegraph.settings import Settings
from graph.database import Graph
from resolvers.context import Context
from schema import build_schema

log = logging.getLogger("clausegraph")


def build_graphql_schema(settings: Settings | None = None) -> strawberry.Schema:
    """The schema with our extensions; with `settings`, its limits apply and, outside development mode,
    introspection and field suggestions are off."""
    limited = settings or Settings()
    schema = build_schema(suggestions=limited.dev)
    schema.extensions = (*schema.extensions, partial(QueryLimits, limited), RequestReport, MaskUnexpectedErrors)
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

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        async def execute() -> ExecutionResult:
            return await super(ClausegraphGraphQL, self).execute_single(
                request, request_adapter, sub_response, context, root_value, request_data
            )

        return await run_once(self.graph_ref["graph"], self.settings, request, request_data, execute)

    def decode_json(self, data: str | bytes) -> object:
        decoded = super().decode_json(data)
        where = lone_surrogate_path(decoded)
        if where is not None:
            raise HTTPException(
                400, f"The request holds a lone UTF-16 surrogate (at {where}); send valid Unicode text."
            )
        return decoded

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        wants = sub_response.headers.get(_WANTS_GRAPHQL_RESPONSE) is not None
        if wants:
            del sub_response.headers[_WANTS_GRAPHQL_RESPONSE]
        refused = wants and is_request_error(response_data)
        if refused:
            # a request that never executed has no `data` entry at all (GraphQL over HTTP)
            response_data = {k: v for k, v in response_data.items() if k != "data"}
        response = super().create_response(response_data, sub_response)
        if wants:
            response.headers["content-type"] = GRAPHQL_RESPONSE
            if refused:
                response.status_code = 400
        return response

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return HTMLResponse(graphiql_html("/graphql", "/graphiql-assets"))


def create_app(settings: Settings, graph: Graph | None = None, *, manage_graph: bool = True) -> Starlette:
    """The ASGI app. With `manage_graph`, the lifespan connects (and starts a local Neo4j if needed)."""
    graph_ref: dict[str, Graph] = {}
    if graph is not None:
        graph_ref["graph"] = graph
    schema = build_graphql_schema(settings)
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
        # ASCII digits only ('²'.isdigit() is true) and a sane length, so int() below cannot fail
        if stem != "latest" and not (stem.isascii() and stem.isdigit() and len(stem) <= 9):
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
    ]
    middleware = [Middleware(BodyLimit, max_bytes=settings.max_request_bytes)]
    return Starlette(routes=routes, lifespan=lifespan, middleware=middleware)
