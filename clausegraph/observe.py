"""Per-request bookkeeping around the whole app: a request id for logs and clients, and HTTP metrics."""

from __future__ import annotations

import time
import uuid

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clausegraph.logs import set_request_id
from clausegraph.metrics import Metrics

# Route templates as metric labels, so that keys in paths do not make one series per dispute.
_ROUTES = ("/graphql", "/health", "/ready", "/metrics")
_PREFIXES = {"/bundles/": "/bundles/{key}/{file}", "/graphiql-assets/": "/graphiql-assets/{name}"}


def route_of(path: str) -> str:
    """The route template a path belongs to ('other' for anything else)."""
    if path in _ROUTES or path == "/":
        return path
    return next((template for prefix, template in _PREFIXES.items() if path.startswith(prefix)), "other")


class ObserveRequests:
    """Gives each request an id (in every log line, and as the X-Request-Id response header) and counts it."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex[:12]
        token = set_request_id(request_id)
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                MutableHeaders(scope=message).append("x-request-id", request_id)
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if scope["type"] == "http":
                route = route_of(scope["path"])
                self.metrics.http_requests.labels(method=scope["method"], route=route, status=str(status)).inc()
                self.metrics.http_latency.labels(route=route).observe(time.perf_counter() - started)
            token.var.reset(token)
