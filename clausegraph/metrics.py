"""Prometheus metrics: requests, latency per GraphQL operation, database round trips, errors, the pool."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from starlette.requests import Request
from starlette.responses import Response
from strawberry.extensions import SchemaExtension

from graph.database import Graph

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
_TRIP_BUCKETS = (0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 100)


class Metrics:
    """The service's metrics, in a registry of their own (so tests and several apps do not collide)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.http_requests = Counter(
            "clausegraph_http_requests", "HTTP requests served.", ["method", "route", "status"], registry=self.registry
        )
        self.http_latency = Histogram(
            "clausegraph_http_request_seconds", "HTTP request latency.", ["route"],
            buckets=_LATENCY_BUCKETS, registry=self.registry,
        )  # fmt: skip
        self.operations = Histogram(
            "clausegraph_graphql_operation_seconds", "GraphQL operation latency by operation name and type.",
            ["operation", "type"], buckets=_LATENCY_BUCKETS, registry=self.registry,
        )  # fmt: skip
        self.round_trips = Histogram(
            "clausegraph_graphql_round_trips", "Database round trips per GraphQL operation.",
            ["operation"], buckets=_TRIP_BUCKETS, registry=self.registry,
        )  # fmt: skip
        self.errors = Counter(
            "clausegraph_errors", "Errors returned, by code (GraphQL errors and mutation user errors).",
            ["code"], registry=self.registry,
        )  # fmt: skip
        self.retries = Gauge(
            "clausegraph_neo4j_transaction_retries", "Transaction attempts the driver ran again after a retryable "
            "error (deadlocks included), by Neo4j error code, since the start.", ["code"], registry=self.registry,
        )  # fmt: skip
        self.pool = Gauge(
            "clausegraph_neo4j_pool_connections", "Neo4j driver connections by address and state.",
            ["address", "state"], registry=self.registry,
        )  # fmt: skip

    def observe_pool(self, graph: Graph | None) -> None:
        """Copy the driver's pool state (in use, idle) into the gauge, when the driver exposes it."""
        if graph is None:
            return
        self.pool.clear()
        for address, state, count in pool_state(graph.driver):
            self.pool.labels(address=address, state=state).set(count)
        for code, count in graph.retried.items():
            self.retries.labels(code=code).set(count)

    async def endpoint(self, request: Request, graph: Graph | None) -> Response:
        self.observe_pool(graph)
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


def pool_state(driver: Any) -> list[tuple[str, str, int]]:
    """(address, in_use | idle, count) per pool of a neo4j driver; empty if its internals are not there."""
    # The driver has no public pool API; its pool keeps connections per address. Read defensively.
    pool = getattr(driver, "_pool", None)
    connections = getattr(pool, "connections", None)
    if not isinstance(connections, dict):
        return []
    out = []
    for address, items in connections.items():
        in_use = sum(1 for c in items if getattr(c, "in_use", False))
        out.append((str(address), "in_use", in_use))
        out.append((str(address), "idle", len(items) - in_use))
    return out


def metrics_extension(metrics: Metrics) -> type[SchemaExtension]:
    """A schema extension recording each operation's latency, round trips and error codes into `metrics`."""

    class RecordOperation(SchemaExtension):
        def on_operation(self) -> Iterator[None]:
            started = time.perf_counter()
            yield
            ctx = self.execution_context
            name = ctx.operation_name or "anonymous"
            try:
                kind = ctx.operation_type.value
            except RuntimeError:
                kind = "unknown"  # the document did not parse
            metrics.operations.labels(operation=name, type=kind).observe(time.perf_counter() - started)
            trips = getattr(getattr(ctx.context, "trips", None), "count", None)
            if isinstance(trips, int):
                metrics.round_trips.labels(operation=name).observe(trips)
            result = ctx.result
            for error in (result.errors if result is not None else None) or ctx.pre_execution_errors or ():
                metrics.errors.labels(code=str((error.extensions or {}).get("code") or "GRAPHQL_ERROR")).inc()
            for code in _user_error_codes(result.data if result is not None else None):
                metrics.errors.labels(code=code).inc()

    return RecordOperation


def _user_error_codes(data: Any) -> list[str]:
    """The codes of the `userErrors` in mutation payloads of a result's data."""
    if not isinstance(data, dict):
        return []
    codes = []
    for payload in data.values():
        if isinstance(payload, dict):
            for error in payload.get("userErrors") or ():
                if isinstance(error, dict) and isinstance(error.get("code"), str):
                    codes.append(error["code"])
    return codes
