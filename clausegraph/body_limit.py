"""An ASGI middleware that refuses request bodies beyond a size, or not UTF-8, before the app reads them."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send


def graphql_error_body(message: str, code: str) -> bytes:
    """A GraphQL-shaped error response body."""
    return json.dumps({"errors": [{"message": message, "extensions": {"code": code}}]}).encode()


class BodyLimit:
    """Reads an HTTP request body while counting its bytes: past `max_bytes` the client gets a 413 at once.

    The body is then handed to the app as one message. A body that is not UTF-8 is a 400 for the GraphQL
    endpoint, whose JSON and GraphQL text must be UTF-8.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, utf8_paths: tuple[str, ...] = ("/graphql",)) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.utf8_paths = utf8_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = _declared_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._too_large(send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._too_large(send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if scope.get("path") in self.utf8_paths and not _is_utf8(body):
            await _respond(
                send,
                400,
                graphql_error_body("The request body is not valid UTF-8 text.", "BAD_REQUEST_ENCODING"),
            )
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, send: Send) -> None:
        message = f"The request body is larger than {self.max_bytes:,} bytes, the most this service accepts."
        await _respond(send, 413, graphql_error_body(message, "REQUEST_TOO_LARGE"))


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


async def _respond(send: Send, status: int, body: bytes) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def lone_surrogate_path(data: object, path: str = "") -> str | None:
    """Where in decoded JSON a string holds a lone UTF-16 surrogate (JSON allows it, Unicode text does not)."""
    stack: list[tuple[object, str]] = [(data, path)]
    while stack:
        node, where = stack.pop()
        if isinstance(node, str):
            try:
                node.encode("utf-8")
            except UnicodeEncodeError:
                return where or "the body"
        elif isinstance(node, dict):
            stack.extend((v, f"{where}.{k}" if where else str(k)) for k, v in node.items())
            stack.extend((k, where or "the body") for k in node)
        elif isinstance(node, list):
            stack.extend((v, f"{where}[{i}]") for i, v in enumerate(node))
    return None
