"""Idempotency-Key on mutations: a retry with the same key and input gets the first outcome, and writes nothing."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from graphql import GraphQLError, GraphQLSyntaxError, OperationType, get_operation_ast, parse
from starlette.requests import HTTPConnection
from strawberry.http import GraphQLRequestData
from strawberry.types import ExecutionResult

from clausegraph.settings import Settings
from domain.canonical import canonical_hash
from domain.errors import Unavailable
from graph import idempotency as store
from graph.database import Graph, RoundTrips

log = logging.getLogger("clausegraph.idempotency")

HEADER = "idempotency-key"
_KEY = re.compile(r"[\x21-\x7e]{1,200}")
# Outcomes not worth keeping: the request failed for reasons a retry may not meet again.
_RETRYABLE = frozenset({"INTERNAL", "DATABASE_UNAVAILABLE"})
# How long a retry waits for a concurrent request with the same key to finish: _WAITS x _WAIT_SECONDS.
_WAITS = 30
_WAIT_SECONDS = 0.1


def principal_id(connection: HTTPConnection) -> str:
    """Who is asking, as far as idempotency keys go: the authenticated principal's id, or 'anonymous'."""
    user = connection.scope.get("user")
    for name in ("principal_id", "id", "identity"):
        value = getattr(user, name, None)
        if isinstance(value, str) and value:
            return value
    return "anonymous"


def _is_mutation(data: GraphQLRequestData, max_tokens: int) -> bool:
    if not data.query:
        return False
    try:
        document = parse(data.query, max_tokens=max_tokens)
    except GraphQLSyntaxError:
        return False  # refused with its own error when executed
    operation = get_operation_ast(document, data.operation_name)
    return operation is not None and operation.operation is OperationType.MUTATION


def request_digest(data: GraphQLRequestData) -> str:
    """SHA-256 of what the request asks: its document, operation name and variables."""
    return canonical_hash({"query": data.query, "operationName": data.operation_name, "variables": data.variables})


def _refused(code: str, message: str) -> ExecutionResult:
    return ExecutionResult(data=None, errors=[GraphQLError(message, extensions={"code": code})])


def _formatted(result: ExecutionResult) -> str:
    errors = [e.formatted for e in result.errors or []]
    return json.dumps({"data": result.data, "errors": errors or None}, default=str)


def _replayed(response: str) -> ExecutionResult:
    stored: dict[str, Any] = json.loads(response)
    errors = [
        GraphQLError(e["message"], path=e.get("path"), extensions=e.get("extensions")) for e in stored["errors"] or []
    ]
    return ExecutionResult(data=stored["data"], errors=errors or None, extensions={"idempotentReplay": True})


def _codes(result: ExecutionResult) -> set[str]:
    return {str((e.extensions or {}).get("code")) for e in result.errors or []}


async def run_once(
    graph: Graph,
    settings: Settings,
    connection: HTTPConnection,
    data: GraphQLRequestData,
    execute: Callable[[], Awaitable[ExecutionResult]],
) -> ExecutionResult:
    """Execute a request; a mutation with an Idempotency-Key runs at most once per principal and key."""
    key = connection.headers.get(HEADER)
    if key is None or not _is_mutation(data, settings.max_tokens):
        return await execute()
    if not _KEY.fullmatch(key):
        return _refused(
            "IDEMPOTENCY_KEY_INVALID", "An Idempotency-Key is 1 to 200 visible ASCII characters, e.g. a UUID."
        )
    digest, trips = request_digest(data), RoundTrips()
    ttl = timedelta(seconds=settings.idempotency_ttl)
    try:
        held = await store.claim(graph, trips, principal_id(connection), key, digest, datetime.now(UTC), ttl)
        for _ in range(_WAITS):
            # a concurrent retry: wait a little for the first request's outcome rather than refuse at once
            if held.claimed or held.state == "DONE" or held.digest != digest:
                break
            await asyncio.sleep(_WAIT_SECONDS)
            held = await store.claim(graph, trips, principal_id(connection), key, digest, datetime.now(UTC), ttl)
    except Unavailable:
        return _refused("DATABASE_UNAVAILABLE", "The database is unavailable; nothing was written. Try again later.")
    if not held.claimed:
        if held.digest != digest:
            return _refused(
                "IDEMPOTENCY_KEY_REUSED",
                "This Idempotency-Key was already used for a different request; use a new key for new input.",
            )
        if held.state != "DONE" or held.response is None:
            return _refused(
                "IDEMPOTENCY_KEY_IN_USE",
                "A request with this Idempotency-Key is still running; retry in a moment to get its outcome.",
            )
        return _replayed(held.response)
    try:
        result = await execute()
    except BaseException:
        await _release(graph, trips, held)
        raise
    if _codes(result) & _RETRYABLE:
        await _release(graph, trips, held)
        return result
    try:
        await store.finish(graph, trips, held, _formatted(result))
    except Unavailable:
        log.warning(
            "idempotency key %r: the outcome could not be stored; a retry will be refused until it expires", key
        )
    return result


async def _release(graph: Graph, trips: RoundTrips, held: store.Claim) -> None:
    try:
        await store.release(graph, trips, held)
    except Unavailable:
        log.warning("an idempotency claim could not be released; it is abandoned after %s", store.STALE_CLAIM)
