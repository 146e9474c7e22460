"""Log lines that carry the request id and the principal, as text or as one JSON object per line."""

from __future__ import annotations

import json
import logging
import sys
from contextvars import ContextVar, Token
from datetime import UTC, datetime

_request_id: ContextVar[str | None] = ContextVar("clausegraph_request_id", default=None)
_principal: ContextVar[str | None] = ContextVar("clausegraph_principal", default=None)

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(principal)s]: %(message)s"


def set_request_id(value: str | None) -> Token[str | None]:
    """Name the request the current task works for; every log line it writes carries the id."""
    return _request_id.set(value)


def current_request_id() -> str | None:
    return _request_id.get()


def set_principal(value: str | None) -> Token[str | None]:
    """Name who is asking (an API key id or a JWT subject), once authentication knows it."""
    return _principal.set(value)


def current_principal() -> str | None:
    return _principal.get()


class RequestContext(logging.Filter):
    """Adds `request_id` and `principal` to every record ('-' outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get() or "-"
        record.principal = _principal.get() or "-"
        return True


class JsonLines(logging.Formatter):
    """One JSON object per record: time, level, logger, message, request_id, principal, and any traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or _request_id.get(),
            "principal": getattr(record, "principal", None) or _principal.get(),
        }
        for name in ("request_id", "principal"):
            if line[name] == "-":
                line[name] = None
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure_logging(log_format: str, level: int = logging.INFO) -> None:
    """Route every logger (uvicorn's included) to standard error in the format asked for."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestContext())
    handler.setFormatter(JsonLines() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers = []
        logging.getLogger(name).propagate = True
