"""From GraphQL to the graph for precedents and search."""

from __future__ import annotations

from typing import Any

from domain.errors import RuleViolation
from graph.reads import Page
from resolvers.context import Context


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


def search_words(text: str, most: int) -> list[str]:
    """The words of a search text; RuleViolation when there are none or more than `most`."""
    words = text.split()
    if not words:
        raise RuleViolation.single("INVALID_VALUE", "`text` must contain at least one word.", ("text",))
    if len(words) > most:
        raise RuleViolation.single(
            "TOO_MANY_SEARCH_TERMS", f"`text` has {len(words)} words; at most {most} are searched for.", ("text",)
        )
    return words


def lucene_terms(words: list[str]) -> str:
    """The words as a Lucene query that matches any of them and nothing else.

    Each word becomes a quoted phrase, so AND, OR, NOT, wildcards, fuzzy marks, fields and brackets are
    searched for as text and never read as Lucene syntax.
    """
    return " ".join('"' + w.replace("\\", "\\\\").replace('"', '\\"') + '"' for w in words)


async def search(ctx: Context, text: str, first: int | None, *, with_text: bool = True) -> list[dict[str, Any]]:
    words = search_words(text, ctx.settings.max_search_terms)
    return await ctx.reader.search(lucene_terms(words), ctx.page_size(first), with_text)
