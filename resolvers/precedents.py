"""From GraphQL to the graph for precedents and search."""

from __future__ import annotations

import re
from typing import Any

from graph.reads import Page
from resolvers.context import Context

_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/]|&&|\|\|)')


async def by_key(ctx: Context, key: str) -> dict[str, Any] | None:
    row = await ctx.loaders.precedents.load(key)
    return dict(row) if row is not None else None


async def many(ctx: Context, keys: list[str]) -> list[dict[str, Any]]:
    rows = await ctx.loaders.precedents.load_many(keys)
    return [dict(r) for r in rows if r is not None]


async def citations(ctx: Context, key: str, direction: str, depth: int) -> list[dict[str, Any]]:
    """Precedents this one cites (direction 'cites') or that cite it ('citedBy'), up to `depth` hops."""
    if not 1 <= depth <= 5:
        raise ValueError("`depth` must be between 1 and 5.")
    found = await ctx.loaders.citations.load(key)
    if found is None:
        return []
    keys = sorted(e["key"] for e in found[direction] if e["depth"] <= depth)
    return await many(ctx, keys)


async def page(ctx: Context, first: int | None, after: str | None, filters: dict[str, Any]) -> tuple[Page, int]:
    size = ctx.page_size(first)
    found = await ctx.reader.precedent_page(after=after, limit=size + 1, **filters)
    for row in found.rows:
        ctx.loaders.precedents.prime(row["key"], row)
    return found, size


def lucene_terms(text: str) -> str:
    """The user's words as a Lucene query with every special character escaped."""
    words = [_LUCENE_SPECIAL.sub(r"\\\1", w) for w in text.split()]
    return " ".join(w for w in words if w)


async def search(ctx: Context, text: str, first: int | None) -> list[dict[str, Any]]:
    if not text.strip():
        raise ValueError("`text` must contain at least one word.")
    return await ctx.reader.search(lucene_terms(text), ctx.page_size(first))
