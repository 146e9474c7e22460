"""From GraphQL to the rules for incidents: stored incidents evaluated as of any instant."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from domain import governing
from domain.credits import CreditReport, credit_report
from domain.errors import Problem, RuleViolation
from domain.evaluation import IncidentEvaluation, evaluate_incident
from domain.events import Outage
from domain.governing import VersionTerm, known_versions, month_version
from domain.record import known_at_problem, known_by
from domain.terms import ContractTerms
from graph.incidents import StoredIncident, page_incident, version_term
from graph.reads import Page, service_window
from resolvers.context import Context
from resolvers.incidents import repeated_window
from resolvers.settled import Settled, decode
from resolvers.terms import VERSION_TERMS, terms_of


def known_at(value: datetime | None, skew: timedelta) -> datetime | None:
    """The instant the record is asked for as it stood (`knownAt`); None for the record as it stands now.

    An instant more than the clock skew ahead of the server's clock is FUTURE_KNOWN_AT."""
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        raise RuleViolation(
            [Problem("NAIVE_DATETIME", "`knownAt` needs a UTC offset, e.g. 2026-04-15T00:00:00Z.", ("knownAt",))]
        )
    problem = known_at_problem(value, datetime.now(UTC), skew)
    if problem is not None:
        raise RuleViolation([problem])
    return value.astimezone(UTC)


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


async def terms_for(ctx: Context, contract_uid: str, content_hash: str | None = None) -> ContractTerms:
    """A stored version's terms: from its content hash when they are known (VERSION_TERMS), else from its
    document (one more round trip, the first time in this process). Without `content_hash` (read with an
    incident, for the version it is under), the version's row is read for it."""
    if content_hash is not None:
        known = VERSION_TERMS.get(contract_uid, content_hash)
        if known is not None:
            return known
    row = await ctx.loaders.contract_versions.load(contract_uid)
    content_hash = row["contentHash"] if row is not None else None
    if content_hash is not None:
        known = VERSION_TERMS.get(contract_uid, content_hash)
        if known is not None:
            return known
    document = await ctx.loaders.documents.load(contract_uid)
    if document is None:
        raise LookupError(f"Contract version '{contract_uid}' is not stored.")
    terms = terms_of(document)
    if content_hash is not None:
        VERSION_TERMS.put(contract_uid, content_hash, terms)
    return terms


async def check_severity(ctx: Context, contract_key: str, code: str) -> None:
    """A ValueError naming the contract's severities when `code` is not one of them."""
    latest = await ctx.loaders.latest_versions.load(contract_key)
    if latest is None:
        return  # an unknown contract simply has no incidents
    severities = (await terms_for(ctx, latest["latest"])).severities
    if code not in severities:
        known = ", ".join(severities)
        raise ValueError(f"Severity '{code}' is not defined by contract '{contract_key}'; its severities are {known}.")


async def versions_of(ctx: Context, contract_key: str) -> list[VersionTerm]:
    """The term of every stored version of a contract (batched per request)."""
    found = await ctx.loaders.latest_versions.load(contract_key)
    if found is None:
        return []
    rows = await ctx.loaders.contract_versions.load_many(found["uids"])
    return [version_term(r) for r in rows if r is not None]


async def governing_uid(ctx: Context, incident: StoredIncident, known_at: datetime | None = None) -> str:
    """The uid of the contract version governing an incident (rules.md), as the record stood at `known_at`."""
    stored_uid = str(incident.props["contractUid"])
    if known_at is None:
        return stored_uid  # no read: the stored link is the governing version now
    versions = await versions_of(ctx, incident.props["contractKey"])
    return governing.governing_uid(stored_uid, versions, incident.props["reportedAt"], known_at)


async def governing_terms(
    ctx: Context, incident: StoredIncident, known_at: datetime | None = None
) -> tuple[str, ContractTerms]:
    """The governing version's uid and terms."""
    uid = await governing_uid(ctx, incident, known_at)
    under = incident.props.get("contractHash") if uid == incident.props["contractUid"] else None
    return uid, await terms_for(ctx, uid, under)


async def warm_window(ctx: Context, incident: StoredIncident) -> None:
    """Read ahead the REPEATED window that evaluating `incident` now asks for (batched with the others read in the
    same step of the event loop), so that the evaluation finds it read."""
    _, terms = await governing_terms(ctx, incident)
    await _reports_in_window(ctx, incident, terms, None)


async def _reports_in_window(
    ctx: Context, incident: StoredIncident, terms: ContractTerms, known: datetime | None
) -> list[datetime]:
    """REPORTED instants of the other incidents on its service inside its widest REPEATED window (those recorded by
    `known`, when given).

    Each incident's window is read on its own (batched per request through the reportedAt index), so a page costs
    what its windows hold, not what the services' histories hold."""
    width = repeated_window(terms)
    end = incident.props.get("reportedAt")
    if width is None or end is None:
        return []
    start = end - timedelta(seconds=width)
    window = service_window(incident.props["contractKey"], incident.props["service"], start, end)
    reports = await ctx.loaders.service_reports.load(window) or []
    return [r["reportedAt"] for r in reports if r["key"] != incident.key and known_by(r.get("createdAt"), known)]


async def evaluation(
    ctx: Context, incident: StoredIncident, at: datetime, *, known_at: datetime | None = None
) -> IncidentEvaluation:
    """The rules' verdict on an incident as of `at`, as the record stood at `known_at` (once per request)."""
    cache_key = (incident.key, f"{at.isoformat()}|{known_at.isoformat() if known_at else ''}")
    if cache_key in ctx.evaluations:
        cached: IncidentEvaluation = ctx.evaluations[cache_key]
        return cached
    _, terms = await governing_terms(ctx, incident, known_at)
    others = await _reports_in_window(ctx, incident, terms, known_at)
    result = evaluate_incident(terms, incident.facts(), at, others_reported=others, known_at=known_at)
    ctx.evaluations[cache_key] = result
    return result


async def incident_page(
    ctx: Context,
    first: int | None,
    after: str | None,
    filters: dict[str, Any],
    *,
    with_events: bool = True,
    with_total: bool = True,
    with_people: bool = False,
    with_windows: bool = False,
) -> tuple[Page, int, list[StoredIncident]]:
    """One page of incidents; without `with_events`, their properties alone (the page's own round trip), and with
    `with_windows` (the operation selects figures) their settled figures (`settled_now`) and, in the same round
    trip, what the figures computed now will ask for: the REPEATED windows and the people they can name
    (`with_people`), kept in the request's loaders; without `with_total`, the page's total is not counted (0)."""
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
    found = await ctx.reader.incident_page(
        limit=size + 1,
        after=cursor,
        with_total=with_total,
        with_settled=with_windows and not with_events,
        with_people=with_people,
        **filters,
    )
    if not with_events:
        ctx.loaders.people.prime_many(found.people)
        ctx.loaders.service_reports.prime_many(found.windows)
        return found, size, [page_incident(props) for props in found.rows[:size]]
    incidents = await ctx.loaders.incidents.load_many([r["key"] for r in found.rows[:size]])
    return found, size, [i for i in incidents if i is not None]


def settled_now(ctx: Context, incident: StoredIncident) -> Settled | None:
    """The incident's settled clocks and breaches (resolvers/settled.py), for a question about now as the record
    stands; None when they are not stored, so the rules must be run."""
    cache_key = (incident.key, "settled")
    if cache_key not in ctx.evaluations:
        ctx.evaluations[cache_key] = decode(incident.props.get("settled"), datetime.now(UTC))
    found: Settled | None = ctx.evaluations[cache_key]
    return found


async def with_events(ctx: Context, incident: StoredIncident) -> StoredIncident:
    """The incident with its events: itself, or read (batched per request) when its page read its properties
    alone."""
    if incident.with_events:
        return incident
    found = await stored(ctx, incident.key)
    if found is None:
        raise LookupError(f"Incident '{incident.key}' is no longer stored.")
    return found


def position(incident: StoredIncident) -> str:
    """Cursor position of an incident in (reportedAt, key) order."""
    return f"{incident.props['reportedAt'].isoformat()}|{incident.key}"


async def monthly_credits(
    ctx: Context, contract_key: str, month: str, at: datetime, *, known_at: datetime | None = None
) -> tuple[CreditReport, str]:
    """The credit report of a contract for a month as of `at` (as the record stood at `known_at`), and the uid of
    the version whose month terms it used; each breach is credited under its incident's governing version."""
    visible = ctx.reader.sees_credits(contract_key)
    versions = known_versions(await versions_of(ctx, contract_key), known_at) if visible else []
    if not versions:
        raise RuleViolation([Problem("NOT_FOUND", f"Contract '{contract_key}' is not stored.", ("contractKey",))])
    all_terms = await asyncio.gather(*(terms_for(ctx, v.uid) for v in versions))
    chosen, terms = month_version(month, list(zip(versions, all_terms, strict=True)))
    keys = await ctx.reader.contract_incident_keys(contract_key)
    incidents = [
        i
        for i in await ctx.loaders.incidents.load_many(keys)
        if i is not None and known_by(i.props.get("createdAt"), known_at)
    ]
    governed = await asyncio.gather(*(governing_terms(ctx, i, known_at) for i in incidents))
    by_incident = {i.key: own for i, (_, own) in zip(incidents, governed, strict=True)}
    evaluations = await asyncio.gather(*(evaluation(ctx, i, at, known_at=known_at) for i in incidents))
    breaches = [b for e in evaluations for b in e.breaches]
    outage_rows = await ctx.loaders.outages.load(contract_key) or []
    outages = [
        Outage(o["service"], o["start"], o["end"], o["excluded"])
        for o in outage_rows
        if known_by(o.get("recordedAt"), known_at)
    ]
    return credit_report(terms, breaches, outages, month, at, by_incident), chosen.uid
