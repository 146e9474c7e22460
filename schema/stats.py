"""Counts a dashboard needs, by kind, severity, status, service and month, as of the last write."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import strawberry
from strawberry import Info

from resolvers.context import Context


@strawberry.type(description="How many of something share one value.")
class CountBucket:
    value: str
    count: int


@strawberry.type(description="Incidents counted as of their last event; months are UTC months of the report.")
class IncidentCounts:
    total: int
    open: int
    resolved: int
    breached: int = strawberry.field(description="Incidents with at least one breach.")
    by_status: list[CountBucket]
    by_severity: list[CountBucket] = strawberry.field(description="By current severity code.")
    by_service: list[CountBucket]
    by_month: list[CountBucket] = strawberry.field(description="By month reported, YYYY-MM (UTC).")


@strawberry.type(description="Stored breaches counted; months are UTC months of their due instant.")
class BreachCounts:
    total: int
    by_kind: list[CountBucket]
    by_severity: list[CountBucket]
    by_month: list[CountBucket] = strawberry.field(description="By month due, YYYY-MM (UTC).")


@strawberry.type(description="Dashboard counts over every contract, or over one.")
class Stats:
    incidents: IncidentCounts
    breaches: BreachCounts


def _buckets(groups: Iterable[dict[str, Any]], field: str) -> list[CountBucket]:
    counts: Counter[str] = Counter()
    for group in groups:
        counts[str(group[field])] += int(group["count"])
    return [CountBucket(value=value, count=counts[value]) for value in sorted(counts)]


def incident_counts(groups: list[dict[str, Any]]) -> IncidentCounts:
    """Per-facet sums of the (status, severity, service, month, breached) groups the graph returns."""
    status = {b.value: b.count for b in _buckets(groups, "status")}
    return IncidentCounts(
        total=sum(int(g["count"]) for g in groups),
        open=status.get("OPEN", 0),
        resolved=status.get("RESOLVED", 0),
        breached=sum(int(g["count"]) for g in groups if g["breached"]),
        by_status=_buckets(groups, "status"),
        by_severity=_buckets(groups, "severity"),
        by_service=_buckets(groups, "service"),
        by_month=_buckets(groups, "month"),
    )


def breach_counts(groups: list[dict[str, Any]]) -> BreachCounts:
    """Per-facet sums of the (kind, severity, month) groups the graph returns."""
    return BreachCounts(
        total=sum(int(g["count"]) for g in groups),
        by_kind=_buckets(groups, "kind"),
        by_severity=_buckets(groups, "severity"),
        by_month=_buckets(groups, "month"),
    )


async def stats_for(ctx: Context, contract_key: str | None) -> Stats:
    """Counts over one contract or (None) every visible one, batched with the others of the request."""
    row = await ctx.loaders.dashboard_counts.load(contract_key or "")
    return Stats(incidents=incident_counts(row["incidents"]), breaches=breach_counts(row["breaches"]))


@strawberry.type
class StatsQuery:
    @strawberry.field(description="Incident and breach counts for a dashboard, over every contract or one.")
    async def stats(self, info: Info[Context, None], contract_key: str | None = None) -> Stats:
        return await stats_for(info.context, contract_key)
