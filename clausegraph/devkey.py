"""The local development admin key: created on first start, kept in an owner-only, git-ignored file."""

from __future__ import annotations

import os
from pathlib import Path

from domain.access import SYSTEM, AccessRole
from domain.audit import secret_hash
from graph import keys as key_store
from graph.database import Graph, RoundTrips
from resolvers.keys import KeyRequest, create_key

LABEL = "local development admin"


def read_dev_key(path: Path) -> str | None:
    """The secret kept in the file, if there is one."""
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return text or None


def _write_owner_only(path: Path, secret: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secret + "\n")
    os.chmod(path, 0o600)


async def ensure_dev_key(graph: Graph, path: Path) -> tuple[str, bool]:
    """The local admin key's secret, and whether it was created now (then it is to be shown once)."""
    trips = RoundTrips()
    kept = read_dev_key(path)
    if kept is not None and await key_store.by_secret_hash(graph, trips, secret_hash(kept)) is not None:
        return kept, False
    _, secret = await create_key(graph, trips, KeyRequest(label=LABEL, role=AccessRole.ADMIN), SYSTEM)
    _write_owner_only(path, secret)
    return secret, True
