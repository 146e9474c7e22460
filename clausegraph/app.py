"""The Starlette application: lifespan (Neo4j, schema, seed), GraphQL, GraphiQL assets."""

from __future__ import annotations

import gc
import logging
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

import orjson
import strawberry
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.requests import HTTPConnection, Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Route, WebSocketRoute, request_response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLRequestData
from strawberry.types import ExecutionResult
from strawberry.types.unset import UnsetType

from clausegraph.audit_trail import AuditMutations, record
from clausegraph.auth import (
    AuthenticationError,
    Authenticator,
    BearerBackend,
    RequirePrincipal,
    bearer_secret,
    on_auth_error,
    principal_of,
)
from clausegraph.body_limit import BodyLimit, lone_surrogate_path
from clausegraph.devkey import read_dev_key
from clausegraph.downloads import evidence_download
from clausegraph.enum_errors import ListEnumValues
from clausegraph.extensions import MaskUnexpectedErrors, RequestReport, quiet_unavailable
from clausegraph.graphiql.page import ASSETS, graphiql_html
from clausegraph.idempotency import run_once
from clausegraph.logs import current_request_id, set_principal
from clausegraph.metrics import Metrics, metrics_extension
from clausegraph.observe import ObserveRequests
from clausegraph.query_limits import QueryLimits, ValidateOnce
from clausegraph.settings import Settings
from clausegraph.signing import SigningKey
from clausegraph.web import cors_middleware, is_local_browser, web_routes
from domain.access import AccessRole, Principal
from graph.database import Graph, RoundTrips
from graph.reads import Scope
from resolvers.access import scope_of
from resolvers.context import Context
from resolvers.custody import record_access
from schema import build_schema

log = logging.getLogger("clausegraph")


def build_graphql_schema(settings: Settings | None = None, metrics: Metrics | None = None) -> strawberry.Schema:
    """The schema with our extensions; with `settings`, its limits apply and, outside development mode,
    introspection and field suggestions are off."""
    limited = settings or Settings()
    schema = build_schema(suggestions=limited.dev)
    recorded = (metrics_extension(metrics),) if metrics is not None else ()
    schema.extensions = (
        *schema.extensions,
        # Clients send the same few documents again and again: each is validated once (the 256 most recent; the
        # request limits, which depend on the variables, are checked every time by QueryLimits).
        ValidateOnce,
        partial(QueryLimits, limited),
        RequestReport,
        MaskUnexpectedErrors,
        ListEnumValues,
        AuditMutations,
        *recorded,
    )
    quiet_unavailable(logging.getLogger("strawberry.execution"))
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

    def __init__(
        self,
        schema: strawberry.Schema,
        settings: Settings,
        graph_ref: dict[str, Graph],
        authenticator: Authenticator,
    ) -> None:
        super().__init__(schema, graphql_ide="graphiql" if settings.dev else None)
        self.settings = settings
        self.graph_ref = graph_ref
        self.authenticator = authenticator
        self.signing_key = SigningKey(settings.signing_key_file)

    def encode_json(self, data: object) -> str:
        """A response body or WebSocket message, encoded in Rust; the JSON is as before, with characters beyond
        ASCII as themselves. Text, not bytes: strawberry sends bytes as binary WebSocket frames, which
        graphql-transport-ws clients do not read."""
        return orjson.dumps(data).decode()

    async def context_for(self, principal: Principal) -> Context:
        graph = self.graph_ref["graph"]
        trips = RoundTrips()
        scope = await scope_of(graph, trips, principal)
        set_principal(principal.id)  # named on every log line of the request
        return Context(
            settings=self.settings,
            graph=graph,
            principal=principal,
            scope=scope,
            trips=trips,
            request_id=current_request_id() or uuid.uuid4().hex[:12],
            signer=self.signing_key.signer,
        )

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        if isinstance(response, Response) and GRAPHQL_RESPONSE in request.headers.get("accept", ""):
            response.headers[_WANTS_GRAPHQL_RESPONSE] = "1"
        principal = principal_of(request)
        if principal is None:
            # only a WebSocket gets here without credentials: it must authenticate in `connection_init`
            return Context(settings=self.settings, graph=self.graph_ref["graph"], principal=_NOBODY, scope=_NOTHING)
        return await self.context_for(principal)

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """A subscription socket authenticates by its upgrade header or its `connection_init` payload."""
        if context.principal is not _NOBODY:
            return None
        params = context.connection_params or {}
        header = params.get("Authorization") or params.get("authorization")
        try:
            secret = bearer_secret(header if isinstance(header, str) else None)
            if secret is None:
                raise AuthenticationError("Credentials are needed in the connection_init payload.")
            principal = await self.authenticator.principal(secret)
        except AuthenticationError as exc:
            raise ConnectionRejectionError({"code": "UNAUTHENTICATED", "message": str(exc)}) from exc
        fresh = await self.context_for(principal)
        context.assume(principal, fresh.scope)
        return None

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

        try:
            return await run_once(self.graph_ref["graph"], self.settings, request, request_data, execute)
        finally:
            context.release()

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
        """GraphiQL (development mode only); a browser on this machine starts signed in with the local key."""
        dev_key = read_dev_key(self.settings.dev_key_file) if is_local_browser(request) else None
        return HTMLResponse(graphiql_html("/graphql", "/graphiql-assets", dev_key=dev_key))


# The context of a socket that has not authenticated yet: nobody, seeing nothing.
_NOBODY = Principal(id="anonymous", role=AccessRole.VIEWER, party="")
_NOTHING = Scope()


def _graphiql_page(conn: HTTPConnection, settings: Settings) -> bool:
    """The GraphiQL page itself (no data) opens without credentials in development mode."""
    return (
        settings.dev
        and conn.scope.get("method") == "GET"
        and "text/html" in conn.headers.get("accept", "")
        and "query" not in conn.query_params
    )


# Allocations (less deallocations) between two collections of the youngest generation (Python's default is 700). A
# request's objects live across its awaits and are freed with its result (Context.release), so a collection finds
# mostly objects still in use, which it then moves on to be walked again by the older generations' collections.
# One page of 100 contract structures holds more than 10,000 at once: at 10,000 the youngest generation was
# collected twice a request on average (2 to 4.6 ms of its 46 to 64 in two runs), and not once in 200 such requests
# at 50,000, where the medians of the requests measured did not move (docs/performance.md).
GC_YOUNGEST_THRESHOLD = 50_000


def settle_heap() -> None:
    """Before serving, set the garbage collector for a server's heap. What is alive now (modules, the schema, the
    driver; some 115,000 objects) lives as long as the process, so it is moved out of the collector's way
    (`gc.freeze`): left in, every full collection walked it, some 100-150 ms each with every request of the
    process waiting. And the youngest generation is collected every `GC_YOUNGEST_THRESHOLD` allocations. Under 16
    clients with a quarter writes the two cut the time spent collecting from some 4.3 s in 30 s to 1.5 s."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(GC_YOUNGEST_THRESHOLD, older, oldest)


def create_app(settings: Settings, graph: Graph | None = None, *, manage_graph: bool = True) -> Starlette:
    """The ASGI app. With `manage_graph`, the lifespan connects (and starts a local Neo4j if needed)."""
    graph_ref: dict[str, Graph] = {}
    if graph is not None:
        graph_ref["graph"] = graph
    metrics = Metrics()
    schema = build_graphql_schema(settings, metrics)
    authenticator = Authenticator(settings, lambda: graph_ref["graph"])
    gql = ClausegraphGraphQL(schema, settings, graph_ref, authenticator)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if not manage_graph:
            yield
            return
        from clausegraph.runtime import open_graph

        gql.signing_key.signer()  # created on first start, so its public half can be published at once
        async with open_graph(settings) as opened:
            graph_ref["graph"] = opened
            if settings.dev:
                await announce_dev_key(opened, settings)
            settle_heap()
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

        principal = principal_of(request)
        assert principal is not None  # the route is guarded
        key = request.path_params["key"]
        stem, _, fmt = request.path_params["file"].rpartition(".")
        ctx = await gql.context_for(principal)

        async def audited(outcome: str, codes: list[str]) -> None:
            await record(
                graph_ref["graph"],
                principal=principal,
                operation=f"/bundles/{key}/{request.path_params['file']}",
                kind="EXPORT",
                variables={"dispute": key, "file": request.path_params["file"]},
                outcome=outcome,
                codes=codes,
                request_id=ctx.request_id,
            )

        # ASCII digits only ('²'.isdigit() is true) and a sane length, so int() below cannot fail
        if stem != "latest" and not (stem.isascii() and stem.isdigit() and len(stem) <= 9):
            await audited("USER_ERROR", ["NOT_FOUND"])
            return JSONResponse(
                {"error": "Ask for /bundles/{dispute}/{version}.{json|html|pdf} or latest.{...}"}, status_code=404
            )
        # what the principal may not see does not exist for it; the bundle itself is rendered whole
        if not await ctx.reader.disputes([key]):
            await audited("USER_ERROR", ["NOT_FOUND"])
            return JSONResponse({"error": f"Dispute '{key}' is not stored."}, status_code=404)
        try:
            file = await export_bundle(ctx.reader, key, None if stem == "latest" else int(stem), fmt)
        except DomainError as exc:
            await audited("USER_ERROR", [p.code for p in exc.problems])
            return JSONResponse({"error": "; ".join(p.message for p in exc.problems)}, status_code=404)
        await audited("OK", [])
        await record_access(
            graph_ref["graph"],
            ctx.trips,
            list(file.item_keys),
            "EXPORTED",
            f"bundle version {file.version} exported as {fmt}",
            principal.person,
            principal.id,
        )
        disposition = "inline" if fmt != "pdf" else f'attachment; filename="{file.filename}"'
        return Response(file.content, media_type=file.media_type, headers={"Content-Disposition": disposition})

    async def evidence_file(request: Request) -> Response:
        """An evidence item's content as a file: /evidence/{dispute}/{item}, e.g. /evidence/DSP-1/E0001."""
        principal = principal_of(request)
        assert principal is not None  # the route is guarded
        ctx = await gql.context_for(principal)
        uid = f"{request.path_params['key']}/{request.path_params['item']}"
        row = (await ctx.reader.evidence_files([uid])).get(uid)
        await record(
            graph_ref["graph"],
            principal=principal,
            operation=f"/evidence/{uid}",
            kind="DOWNLOAD",
            variables={"item": uid},
            outcome="OK" if row is not None else "USER_ERROR",
            codes=[] if row is not None else ["NOT_FOUND"],
            request_id=ctx.request_id,
        )
        if row is None:
            return JSONResponse({"error": f"Evidence item '{uid}' is not stored."}, status_code=404)
        await record_access(
            graph_ref["graph"], ctx.trips, [uid], "VIEWED", "downloaded", principal.person, principal.id
        )
        file = evidence_download(row)
        return Response(file.content, media_type=file.media_type, headers={"Content-Disposition": file.disposition})

    async def signing_key(request: Request) -> Response:
        """The public half of the deployment's bundle signing key (PEM): anyone may fetch it to check a bundle."""
        return Response(gql.signing_key.signer().public_pem, media_type="application/x-pem-file")

    async def health(request: Request) -> Response:
        """The process is alive (says nothing about Neo4j: that is /ready)."""
        return JSONResponse({"status": "ok"})

    async def metrics_route(request: Request) -> Response:
        return await metrics.endpoint(request, graph_ref.get("graph"))

    async def ready(request: Request) -> Response:
        """Neo4j answers a query now: 200, else 503 with the reason."""
        from clausegraph.readiness import readiness

        ok, body = await readiness(graph_ref.get("graph"), settings.ready_timeout)
        return JSONResponse(body, status_code=200 if ok else 503)

    routes: list[Any] = [
        Route(
            "/graphql", RequirePrincipal(gql, open_when=lambda c: _graphiql_page(c, settings)), methods=["GET", "POST"]
        ),
        Route("/graphiql-assets/{name}", asset),
        Route("/bundles/{key}/{file}", RequirePrincipal(request_response(bundle))),
        Route("/evidence/{key}/{item}", RequirePrincipal(request_response(evidence_file))),
        Route("/.well-known/clausegraph-signing-key", signing_key),
        Route("/health", health),
        Route("/metrics", metrics_route),
        Route("/ready", ready),
        WebSocketRoute("/graphql", gql),  # subscriptions on the same path; they authenticate on connect
        *web_routes(
            settings, dev_key_file=settings.dev_key_file
        ),  # the explorer at / (after the API routes); its files hold no data
    ]
    middleware = [
        Middleware(ObserveRequests, metrics=metrics),  # outermost: every request gets an id, even a refused one
        *cors_middleware(settings),  # before authentication, so that preflight requests are answered
        Middleware(BodyLimit, max_bytes=settings.max_request_bytes),
        Middleware(AuthenticationMiddleware, backend=BearerBackend(authenticator), on_error=on_auth_error),
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


async def announce_dev_key(graph: Graph, settings: Settings) -> None:
    """Development mode: make sure the local admin key exists; show it once, when it is created."""
    from clausegraph.devkey import ensure_dev_key

    secret, created = await ensure_dev_key(graph, settings.dev_key_file)
    if created:
        print(
            f"\nA local admin API key was created (shown only now; kept in {settings.dev_key_file}):\n"
            f"  Authorization: Bearer {secret}\n"
            "GraphiQL on this machine is signed in with it.\n",
            file=sys.stderr,
            flush=True,
        )


def from_environment() -> Starlette:
    """The app from the environment's settings: the factory ASGI servers and `serve --workers` use."""
    from clausegraph.logs import configure_logging

    settings = Settings()
    configure_logging(settings.log_format)
    return create_app(settings)
