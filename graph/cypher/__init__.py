"""Cypher files, one per access path, loaded once."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import LiteralString


@cache
def query(name: str) -> LiteralString:
    """The text of `graph/cypher/<name>.cypher` (fixed text from the package, never user input)."""
    text: LiteralString = files(__package__).joinpath(f"{name}.cypher").read_text(encoding="utf-8")
    return text


def statements(name: str) -> list[LiteralString]:
    """The `;`-separated statements of a Cypher file, comments dropped."""
    lines = [line for line in query(name).splitlines() if not line.lstrip().startswith("//")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
