"""The development admin key: created once, kept owner-only, recreated when the database no longer knows it."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from clausegraph.devkey import ensure_dev_key
from domain.audit import secret_hash
from graph import keys as key_store
from graph.database import Graph, RoundTrips

pytestmark = pytest.mark.integration


async def test_the_key_is_created_once_and_kept_for_the_owner_only(graph: Graph, tmp_path: Path) -> None:
    path = tmp_path / ".clausegraph" / "dev-admin-key"
    first, created = await ensure_dev_key(graph, path)
    assert created and first.startswith("cg_")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    again, created_again = await ensure_dev_key(graph, path)
    assert (again, created_again) == (first, False)
    row = await key_store.by_secret_hash(graph, RoundTrips(), secret_hash(first))
    assert row is not None and row["role"] == "ADMIN"


async def test_a_key_the_database_does_not_know_is_replaced(graph: Graph, tmp_path: Path) -> None:
    path = tmp_path / "dev-admin-key"
    path.write_text("cg_from_another_database\n")
    secret, created = await ensure_dev_key(graph, path)
    assert created and secret != "cg_from_another_database"
    assert path.read_text().strip() == secret
