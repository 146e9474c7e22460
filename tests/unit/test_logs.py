"""Log lines carry the request id and principal, as text or JSON lines."""

from __future__ import annotations

import json
import logging

import pytest

from clausegraph.logs import JsonLines, RequestContext, configure_logging, set_principal, set_request_id


def _record(message: str = "hello %s", *args: object) -> logging.LogRecord:
    record = logging.LogRecord("clausegraph.test", logging.INFO, __file__, 1, message, args or ("world",), None)
    RequestContext().filter(record)
    return record


def test_a_json_line_names_the_request_and_the_principal() -> None:
    request, principal = set_request_id("abc123"), set_principal("key:42")
    try:
        line = json.loads(JsonLines().format(_record()))
    finally:
        principal.var.reset(principal)
        request.var.reset(request)
    assert line["message"] == "hello world" and line["level"] == "INFO" and line["logger"] == "clausegraph.test"
    assert line["request_id"] == "abc123" and line["principal"] == "key:42"
    assert line["time"].endswith("+00:00")


def test_outside_a_request_the_fields_are_null_in_json_and_dashes_in_text() -> None:
    record = _record()
    assert json.loads(JsonLines().format(record))["request_id"] is None
    assert record.request_id == "-" and record.principal == "-"


def test_a_traceback_stays_inside_its_json_line() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    text = JsonLines().format(record)
    assert "\n" not in text and "ValueError: boom" in json.loads(text)["exception"]


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_configure_logging_writes_every_logger_in_the_format(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        configure_logging(fmt)
        token = set_request_id("r-77")
        logging.getLogger("uvicorn.access").info("GET /graphql 200")
        token.var.reset(token)
        written = capsys.readouterr().err.strip().splitlines()[-1]
    finally:
        root.handlers, root.level = saved
    if fmt == "json":
        assert json.loads(written)["request_id"] == "r-77"
    else:
        assert "[r-77 -]" in written and "GET /graphql 200" in written
