"""From GraphQL to the rules for incidents: stored incidents evaluated as of any instant."""

from __future__ import annotations

import asyncio
import bisect
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.credits import CreditReport, credit_report
from domain.errors import Problem, RuleViolation
from domain.evaluation import IncidentEvaluation, evaluate_incident
from domain.events import Outage
from domain.terms import ContractTerms
from graph.incidents import StoredIncident
from graph.reads import Page
from resolvers.context import Context
from resolvers.incidents import repeated_window
from resolvers.terms import terms_of


def as_of(value: datetime | None) -> datetime:
    """The instant a question is asked for: the given one (with an offset), or now."""
    if value is None:
        return datetime.now(UTC)
    if value.tzinfo is None or value.utcoffset() is None:
        raise RuleViolation(
            [Problem("NAIVE_DATETIME", "`asOf` needs a UTC offset, e.g. 2026-04-15T00:00:00Z.", ("asOf",))]
        )
    return value.astimezone(UTC)


async def stored(ctx: Context, key: str) -> StoredIncident | None:
    found: StoredIncident | None = await ctx.loaders.incidents.load(key)
    return found


async def terms_for(ctx: Context, contract_uid: str) -> ContractTerms:
    document = await ctx.loaders.documents.load(contract_uid)
    if document is None:
        raise LookupError(f"Contract version '{contract_uid}' is not stored.")
    return terms_of(document)


async def check_severity(ctx: Context, contract_key: str, code: str) -> None:
    """A ValueError naming the contract's severities when `code` is not one of them."""
    latest = await ctx.loaders.latest_versions.load(contract_key)
    if latest is None:
        return  # an unknown contract simply has no incidents
    severities = (await terms_for(ctx, latest["latest"])).severities
    if code not in severities:
        known = ", ".join(severities)
        raise ValueError(f"Severity '{code}' is not defined by contract '{contract_key}'; its severities are {known}.")


async def _reports_in_window(ctx: Context, incident: StoredIncident, terms: ContractTerms) -> list[datetime]:
    """REPORTED instants of the other incidents on its service inside its widest REPEATED window.

    The service's reports are sorted once per request, so a page of n incidents of one service costs n log n,
    not n x (incidents on the service)."""
    width = repeated_window(terms)
    end = incident.props.get("reportedAt")
    if width is None or end is None:
        return []
    service = f"{incident.props['contractKey']}|{incident.props['service']}"
    cache_key = ("sorted reports", service)
    ordered: list[tuple[datetime, str]] | None = ctx.evaluations.get(cache_key)
    if ordered is None:
        reports = await ctx.loaders.service_reports.load(service)
        ordered = sorted((r["reportedAt"], r["key"]) for r in reports or [] if r.get("reportedAt"))
        ctx.evaluations[cache_key] = ordered
    lo = bisect.bisect_left(ordered, (end - timedelta(seconds=width), ""))
    hi = bisect.bisect_right(ordered, (end, "\uffff"))
    return [reported for reported, key in ordered[lo:hi] if key != incident.key]


async def evaluation(ctx: Context, incident: StoredIncident, at: datetime) -> IncidentEvaluation:
    """The rules' verdict on an incident as of `at` (computed once per request)."""
    cache_key = (incident.key, at.isoformat())
    if cache_key in ctx.evaluations:
        cached: IncidentEvaluation = ctx.evaluations[cache_key]
        return cached
    terms = await terms_for(ctx, incident.props["contractUid"])
    others = await _reports_in_window(ctx, incident, terms)
    result = evaluate_incident(terms, incident.facts(), at, others_reported=others)
    ctx.evaluations[cache_key] = result
    return result


async def incident_page(
    ctx: Context, first: int | None, after: str | None, filters: dict[str, Any], *, with_events: bool = True
) -> tuple[Page, int, list[StoredIncident]]:
    """One page of incidents; without `with_events`, their properties alone (the page's own round trip)."""
    size = ctx.page_size(first)
    cursor = None
    if after is not None:
        at_text, _, key = after.partition("|")
        try:
            at = datetime.fromisoformat(at_text)
        except ValueError:
            at = None
        if at is None or at.tzinfo is None or not key:
            raise ValueError("The `after` cursor is not one of this list; pass an `endCursor` it returned.")
        cursor = (at, key)
    found = await ctx.reader.incident_page(limit=size + 1, after=cursor, **filters)
    if not with_events:
        return found, size, [StoredIncident(props, (), with_events=False) for props in found.rows[:size]]
    incidents = await ctx.loaders.incidents.load_many([r["key"] for r in found.rows[:size]])
    return found, size, [i for i in incidents if i is not None]


def position(incident: StoredIncident) -> str:
    """Cursor position of an incident in (reportedAt, key) order."""
    return f"{incident.props['reportedAt'].isoformat()}|{incident.key}"


async def monthly_credits(ctx: Context, contract_key: str, month: str, at: datetime) -> tuple[CreditReport, str]:
    """The credit report of a contract for a month as of `at`, and the contract version uid it used."""
    latest = await ctx.loaders.latest_versions.load(contract_key) if ctx.reader.sees_credits(contract_key) else None
    if latest is None:
        raise RuleViolation([Problem("NOT_FOUND", f"Contract '{contract_key}' is not stored.", ("contractKey",))])
    uid = latest["latest"]
    terms = await terms_for(ctx, uid)
    keys = await ctx.reader.contract_incident_keys(contract_key)
    incidents = [i for i in await ctx.loaders.incidents.load_many(keys) if i is not None]
    evaluations = await asyncio.gather(*(evaluation(ctx, incident, at) for incident in incidents))
    breaches = [b for e in evaluations for b in e.breaches]
    outage_rows = await ctx.loaders.outages.load(contract_key) or []
    outages = [Outage(o["service"], o["start"], o["end"], o["excluded"]) for o in outage_rows]
    return credit_report(terms, breaches, outages, month, at), uid
