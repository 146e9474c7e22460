"""Metrics: route labels without keys, user error codes counted, the driver's pool read defensively."""

from __future__ import annotations

from types import SimpleNamespace

from clausegraph.metrics import _user_error_codes, pool_state
from clausegraph.observe import route_of


def test_routes_are_templates_so_keys_do_not_multiply_series() -> None:
    assert route_of("/bundles/DSP-1/2.pdf") == "/bundles/{key}/{file}"
    assert route_of("/graphql") == "/graphql" and route_of("/wp-admin") == "other"


def test_user_error_codes_are_found_in_payloads() -> None:
    data = {"a": {"userErrors": [{"code": "OUT_OF_ORDER"}]}, "b": {"userErrors": []}, "c": None}
    assert _user_error_codes(data) == ["OUT_OF_ORDER"] and _user_error_codes(None) == []


def test_pool_state_counts_connections_in_use_and_idle() -> None:
    driver = SimpleNamespace(
        _pool=SimpleNamespace(connections={"db:7687": [SimpleNamespace(in_use=True), SimpleNamespace(in_use=False)]})
    )
    assert pool_state(driver) == [("db:7687", "in_use", 1), ("db:7687", "idle", 1)]
    assert pool_state(object()) == []
