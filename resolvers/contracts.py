"""From GraphQL to the graph for contracts: lookups, pages and structure."""

from __future__ import annotations

from typing import Any

from graph.contracts import version_uid
from graph.reads import Page
from resolvers.context import Context


async def structure(ctx: Context, uid: str, with_text: bool = True) -> dict[str, Any]:
    """Everything under one contract version (batched with every other version in the request); the clauses'
    text only `with_text`."""
    row = await (ctx.loaders.structures if with_text else ctx.loaders.outlines).load(uid)
    if row is None:
        raise LookupError(f"Contract version '{uid}' has no stored structure.")
    return dict(row)


async def latest(ctx: Context, key: str) -> dict[str, Any] | None:
    """The latest version of contract `key`, or None."""
    found = await ctx.loaders.latest_versions.load(key)
    if found is None:
        return None
    if found.get("version") is not None:
        # the latest version's row came with it: no second round trip
        ctx.loaders.contract_versions.prime(found["latest"], found["version"])
    row = await ctx.loaders.contract_versions.load(found["latest"])
    return dict(row) if row is not None else None


async def version(ctx: Context, key: str, number: int) -> dict[str, Any] | None:
    row = await ctx.loaders.contract_versions.load(version_uid(key, number))
    return dict(row) if row is not None else None


async def by_uid(ctx: Context, uid: str) -> dict[str, Any] | None:
    row = await ctx.loaders.contract_versions.load(uid)
    return dict(row) if row is not None else None


async def versions_of(ctx: Context, key: str) -> list[dict[str, Any]]:
    found = await ctx.loaders.latest_versions.load(key)
    if found is None:
        return []
    rows = await ctx.loaders.contract_versions.load_many(found["uids"])
    return [dict(r) for r in rows if r is not None]


async def is_latest(ctx: Context, key: str, uid: str) -> bool:
    found = await ctx.loaders.latest_versions.load(key)
    return found is not None and found["latest"] == uid


async def page(ctx: Context, first: int | None, after: str | None, filters: dict[str, Any]) -> tuple[Page, int]:
    """One page of latest contract versions (one round trip), and the page size used."""
    size = ctx.page_size(first)
    found = await ctx.reader.contract_page(after=after, limit=size + 1, **filters)
    for row in found.rows:
        ctx.loaders.contract_versions.prime(row["uid"], row)
    return found, size


async def ordered_page(
    ctx: Context,
    first: int | None,
    after: tuple[Any, str] | None,
    filters: dict[str, Any],
    order: str,
    *,
    descending: bool,
) -> tuple[Page, int]:
    """One page of latest contract versions in the order asked for, and the page size used."""
    size = ctx.page_size(first)
    found = await ctx.reader.contract_page_ordered(
        limit=size + 1, order=order, descending=descending, after=after, **filters
    )
    for row in found.rows:
        ctx.loaders.contract_versions.prime(row["uid"], row)
    return found, size
