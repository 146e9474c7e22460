"""Cypher files, one per access path, loaded once."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import LiteralString

INCLUDE = "/*include "


@cache
def query(name: str) -> LiteralString:
    """The text of `graph/cypher/<name>.cypher` (fixed text from the package, never user input), with each
    `/*include other*/` replaced by the text of `other.cypher`: an expression several statements share."""
    text: LiteralString = files(__package__).joinpath(f"{name}.cypher").read_text(encoding="utf-8")
    while INCLUDE in text:
        head, _, rest = text.partition(INCLUDE)
        included, _, tail = rest.partition("*/")
        text = head + query(included) + tail
    return text


def statements(name: str) -> list[LiteralString]:
    """The `;`-separated statements of a Cypher file, comments dropped."""
    lines = [line for line in query(name).splitlines() if not line.lstrip().startswith("//")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
