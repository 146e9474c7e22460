"""Schema extensions: round trips in `extensions` (development) and masking of unexpected errors."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.extensions import SchemaExtension

from domain.errors import DomainError, Unavailable

log = logging.getLogger("clausegraph.requests")

DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE"
# Errors whose message is written for the caller and safe to show as it is.
_SHOWN = (ValueError, LookupError, DomainError, GraphQLError)
# graphql-core's message when a document has more tokens than the parser was allowed to read.
_TOKENS_MESSAGE = "Document contains more than"


def error_code(error: GraphQLError) -> str:
    """The stable code of an error the caller caused: its own, its problem's, or one by kind."""
    given = (error.extensions or {}).get("code")
    if isinstance(given, str):
        return given
    original = error.original_error
    if isinstance(error, StrawberryInputCoercionError):
        return "BAD_USER_INPUT"
    if isinstance(original, DomainError) and original.problems:
        return original.problems[0].code
    if original is not None:
        return "BAD_USER_INPUT"
    if error.message.startswith("Syntax Error"):
        return "TOO_MANY_TOKENS" if _TOKENS_MESSAGE in error.message else "GRAPHQL_PARSE_FAILED"
    if error.message.startswith("GraphQL introspection has been disabled"):
        return "INTROSPECTION_DISABLED"
    if error.message.startswith("Variable '$"):
        return "BAD_USER_INPUT"
    return "GRAPHQL_VALIDATION_FAILED"


def _with_code(error: GraphQLError) -> GraphQLError:
    error.extensions = {**(error.extensions or {}), "code": error_code(error)}
    return error


class QuietUnavailable(logging.Filter):
    """Drops strawberry's stack trace for an unavailable database: MaskUnexpectedErrors logs it in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, Unavailable)


def quiet_unavailable(logger: logging.Logger) -> None:
    """Install QuietUnavailable on `logger` once."""
    if not any(isinstance(f, QuietUnavailable) for f in logger.filters):
        logger.addFilter(QuietUnavailable())


class RequestReport(SchemaExtension):
    """Adds the request id (always) and the database round trips (development mode) to `extensions`."""

    def get_results(self) -> dict[str, Any]:
        ctx = self.execution_context.context
        out: dict[str, Any] = {"requestId": ctx.request_id}
        if ctx.settings.dev:
            out["roundTrips"] = ctx.trips.count
        return out


class MaskUnexpectedErrors(SchemaExtension):
    """Replaces unexpected failures by a message carrying the request id, after logging them."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not result.errors:
            return
        request_id = self.execution_context.context.request_id
        result.errors = [self._mask(e, request_id) for e in result.errors]

    @staticmethod
    def _mask(error: GraphQLError, request_id: str) -> GraphQLError:
        original = error.original_error
        if original is None or isinstance(original, _SHOWN):
            return _with_code(error)
        if isinstance(original, Unavailable):
            # Not the caller's fault and not a bug: a code the client can retry on, no stack trace in the log.
            log.warning("request %s: database unavailable: %s", request_id, original)
            message = f"The database is unavailable; try again later (request id {request_id})."
            code = DATABASE_UNAVAILABLE
        else:
            log.error("request %s failed", request_id, exc_info=original)
            message = f"Internal error (request id {request_id})."
            code = "INTERNAL"
        return GraphQLError(
            message, nodes=error.nodes, path=error.path, extensions={"requestId": request_id, "code": code}
        )
