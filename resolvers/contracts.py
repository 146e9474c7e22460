"""From GraphQL to the graph for contracts: lookups, pages and structure."""

from __future__ import annotations

from typing import Any

from graph.contracts import version_uid
from graph.reads import FULL, Page, StructureDetail
from resolvers.context import Context


async def structure(ctx: Context, uid: str, detail: StructureDetail = FULL) -> dict[str, Any]:
    """Everything under one contract version in `detail` (batched with every other version in the request)."""
    row = await ctx.loaders.structures(detail).load(uid)
    if row is None:
        raise LookupError(f"Contract version '{uid}' has no stored structure.")
    return dict(row)


def _prime(ctx: Context, rows: list[dict[str, Any]], structure: StructureDetail | None) -> None:
    """Keep the versions (and, read in detail `structure`, their structures) a statement returned for the rest of
    the request, so that nothing reads them again."""
    for row in rows:
        ctx.loaders.contract_versions.prime(row["uid"], row)
        if structure is not None and row.get("structure") is not None:
            ctx.loaders.structures(structure).prime(row["uid"], row["structure"])


async def latest(ctx: Context, key: str, structure: StructureDetail | None = None) -> dict[str, Any] | None:
    """The latest version of contract `key`, or None; its structure in detail `structure` comes with it in the
    same round trip."""
    if structure is None:
        found = await ctx.loaders.latest_versions.load(key)
    else:
        found = (await ctx.reader.latest_versions([key], structure)).get(key)
        ctx.loaders.latest_versions.prime(key, found)
        if found is not None and found.get("structure") is not None:
            ctx.loaders.structures(structure).prime(found["latest"], found["structure"])
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


async def page(
    ctx: Context,
    first: int | None,
    after: str | None,
    filters: dict[str, Any],
    structure: StructureDetail | None = None,
    *,
    with_total: bool = True,
) -> tuple[Page, int]:
    """One page of latest contract versions (one round trip, their structures in detail `structure` included),
    and the page size used; without `with_total`, the total is not counted (0)."""
    size = ctx.page_size(first)
    found = await ctx.reader.contract_page(
        after=after, limit=size + 1, structure=structure, with_total=with_total, **filters
    )
    _prime(ctx, found.rows, structure)
    return found, size


async def ordered_page(
    ctx: Context,
    first: int | None,
    after: tuple[Any, str] | None,
    filters: dict[str, Any],
    order: str,
    *,
    descending: bool,
    structure: StructureDetail | None = None,
    with_total: bool = True,
) -> tuple[Page, int]:
    """One page of latest contract versions in the order asked for (their structures in detail `structure`
    included), and the page size used; without `with_total`, the total is not counted (0)."""
    size = ctx.page_size(first)
    found = await ctx.reader.contract_page_ordered(
        limit=size + 1,
        order=order,
        descending=descending,
        after=after,
        structure=structure,
        with_total=with_total,
        **filters,
    )
    _prime(ctx, found.rows, structure)
    return found, size
