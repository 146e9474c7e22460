"""A fuzz test of the whole schema: no generated query or mutation may end in a 5xx or an INTERNAL error."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from graphql import StringValueNode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema

from clausegraph.app import build_graphql_schema

SCHEMA = build_graphql_schema().as_str()


def _text(values: st.SearchStrategy[str]) -> st.SearchStrategy[StringValueNode]:
    return values.map(lambda v: StringValueNode(value=v))


# Mostly hostile, sometimes valid values for the custom scalars (their own checks are what is fuzzed).
INSTANTS = st.sampled_from(
    ["2026-03-02T09:15:00Z", "now", "", "2026-02-30T00:00:00Z", "0001-01-01T00:00:00+14:00", "2026-03-02T09:15"]
)
SCALARS = {
    "DateTime": _text(INSTANTS | st.text(max_size=30)),
    "Date": _text(st.sampled_from(["2026-03-02", "2026-02-30", "x"]) | st.text(max_size=12)),
    "Decimal": _text(st.sampled_from(["40000.00", "1E+100000000", "-1", "9" * 30]) | st.text(max_size=12)),
    "JSON": _text(st.text(max_size=20)),
}


def _codes(body: Any) -> list[str]:
    errors = body.get("errors") if isinstance(body, dict) else None
    return [str((e.get("extensions") or {}).get("code")) for e in errors or []]


@pytest.mark.e2e
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,
)
@given(document=from_schema(SCHEMA, custom_scalars=SCALARS))
async def test_no_generated_operation_is_a_server_error(http: httpx.AsyncClient, document: str) -> None:
    response = await http.post("/graphql", json={"query": document})
    assert response.status_code < 500, (document, response.text)
    body = response.json() if response.headers.get("content-type", "").startswith("application/") else {}
    assert "INTERNAL" not in _codes(body), (document, body)
