"""Incident lists, filters, credit reports and the incident mutations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry import UNSET, Info

from domain.errors import DomainError
from domain.events import Event, EventKind
from resolvers import contracts as contract_reads
from resolvers import incident_reads as reads
from resolvers.context import Context
from resolvers.incidents import IncidentReport, import_incidents_text, record_event, report_incident
from schema.contracts import Contract
from schema.credits import CreditReport, credit_report_type
from schema.errors import UserError, user_errors
from schema.incidents import BreachData, Incident, IncidentEvent, KnownAt, given, prepare_page
from schema.ordering import IncidentOrder, OrderDirection, is_default, order_name, ordered_position, sorted_position
from schema.relay import Connection, decode_cursor
from schema.selection import incident_page_reads
from schema.vocabulary import IncidentStatus

strawberry.enum(EventKind, name="IncidentEventKind")


@strawberry.type(description="A page of incidents.")
class IncidentConnection(Connection[Incident]):
    pass


@strawberry.input(description="Narrow a list of incidents; every given condition must hold.")
class IncidentFilter:
    contract: str | None = None
    severity: str | None = strawberry.field(default=None, description="Current severity code.")
    service: str | None = None
    status: IncidentStatus | None = strawberry.field(default=None, description="As of the last event.")
    breached: bool | None = strawberry.field(default=None, description="Has breaches (as of the last event).")
    reported_from: datetime | None = None
    reported_before: datetime | None = None


async def incident_connection(
    ctx: Context,
    first: int | None,
    after: str | None,
    f: IncidentFilter | None,
    contract: str | None = None,
    order: IncidentOrder | None = None,
    *,
    with_events: bool = True,
    with_total: bool = True,
    with_people: bool = False,
    with_windows: bool = False,
) -> IncidentConnection:
    """One page of incidents, in (reportedAt, key) order or the one asked for; without `with_events` (the
    operation selects nothing computed from events) the incidents' events are not read; with `with_windows` (it
    selects `sla` or `breaches`) their settled figures are read with the page, and with it and `with_people` (it
    selects the person responsible for a breach) what the figures computed now ask for is read before the page
    is completed (`prepare_page`)."""
    f = f or IncidentFilter()
    contract = contract or f.contract
    if f.severity is not None and contract is not None:
        await reads.check_severity(ctx, contract, f.severity)
    filters = {
        "contract": contract,
        "severity": f.severity,
        "service": f.service,
        "status": f.status.value if f.status else None,
        "breached": f.breached,
        "from": reads.as_of(f.reported_from) if f.reported_from else None,
        "to": reads.as_of(f.reported_before) if f.reported_before else None,
    }
    if order is not None and not is_default(order):
        return await _ordered(ctx, first, after, filters, order, with_total, with_people, with_windows)
    position = decode_cursor(after)
    found, size, incidents = await reads.incident_page(
        ctx,
        first,
        position,
        filters,
        with_events=with_events,
        with_total=with_total,
        with_people=with_people,
        with_windows=with_windows,
    )
    await prepare_page(ctx, incidents, people=with_people, windows=with_windows)
    return IncidentConnection.build(
        [(reads.position(i), Incident.build(i)) for i in incidents],
        total=found.total,
        has_next=len(found.rows) > size,
        after=position,
    )


async def _ordered(
    ctx: Context,
    first: int | None,
    after: str | None,
    filters: dict[str, Any],
    order: IncidentOrder,
    with_total: bool,
    with_people: bool,
    with_windows: bool,
) -> IncidentConnection:
    name = order_name(order)
    size = ctx.page_size(first)
    found = await ctx.reader.incident_page_ordered(
        limit=size + 1,
        order=order.field.value,
        descending=order.direction is OrderDirection.DESC,
        after=ordered_position(after, name, order.field.value),
        with_total=with_total,
        **filters,
    )
    rows = found.rows[:size]
    stored = await ctx.loaders.incidents.load_many([r["key"] for r in rows])
    await prepare_page(ctx, [i for i in stored if i is not None], people=with_people, windows=with_windows)
    return IncidentConnection.build(
        [
            (sorted_position(name, r["value"], r["key"]), Incident.build(i))
            for r, i in zip(rows, stored, strict=True)
            if i
        ],
        total=found.total,
        has_next=len(found.rows) > size,
        after=after,
    )


@strawberry.type
class ImportIncidentsPayload:
    incidents: list[Incident]
    user_errors: list[UserError]


@strawberry.type
class IncidentPayload:
    incident: Incident | None
    event: IncidentEvent | None
    user_errors: list[UserError]


@strawberry.input
class ReportIncidentInput:
    key: str
    contract_key: str
    service: str
    title: str
    severity: str
    reported_at: datetime
    service_affecting: bool = False
    channel: str | None = None
    actor: str | None = None
    note: str | None = None


@strawberry.input(description="One event to append; give the fields its kind needs (level, assignee, ...).")
class RecordIncidentEventInput:
    incident_key: str
    at: datetime
    kind: EventKind
    actor: str | None = None
    assignee: str | None = None
    level: int | None = None
    severity: str | None = None
    reason: str | None = None
    note: str | None = None


async def _incidents(ctx: Context, keys: list[str]) -> list[Incident]:
    found = await ctx.loaders.incidents.load_many(keys)
    return [Incident.build(i) for i in found if i is not None]


@strawberry.type
class IncidentQuery:
    @strawberry.field
    async def incident(self, info: Info[Context, None], key: str) -> Incident | None:
        found = await reads.stored(info.context, key)
        return Incident.build(found) if found else None

    @strawberry.field(description="Incidents ordered by when they were reported, or by `orderBy`.")
    async def incidents(
        self,
        info: Info[Context, None],
        first: int | None = None,
        after: str | None = None,
        filter: IncidentFilter | None = None,
        order_by: IncidentOrder | None = None,
    ) -> IncidentConnection:
        return await incident_connection(
            info.context,
            first,
            after,
            filter,
            order=order_by,
            **incident_page_reads(info),
        )

    @strawberry.field(description="Service credits of a contract for a month (YYYY-MM) as of an instant.")
    async def credit_report(
        self,
        info: Info[Context, None],
        contract_key: str,
        month: str,
        as_of: datetime | None = UNSET,
        known_at: KnownAt = UNSET,
    ) -> CreditReport:
        as_of, known_at = given(as_of), given(known_at)
        ctx = info.context
        at, known = reads.as_of(as_of), reads.known_at(known_at, ctx.settings.clock_skew)
        report, uid = await reads.monthly_credits(ctx, contract_key, month, at, known_at=known)
        row = await contract_reads.by_uid(ctx, uid)
        assert row is not None
        keys = sorted({i.incident for i in report.items if i.incident})
        stored = {i.key: i for i in await ctx.loaders.incidents.load_many(keys) if i is not None}
        breaches: dict[str, BreachData] = {}
        for key in keys:
            ev = await reads.evaluation(ctx, stored[key], at, known_at=known)
            incident_uid, terms = await reads.governing_terms(ctx, stored[key], known)
            for b in ev.breaches:
                breaches[b.ref] = BreachData.from_finding(b, incident_uid, terms.monthly_fee)
        return credit_report_type(report, Contract.from_row(row), breaches)


@strawberry.type
class IncidentMutation:
    @strawberry.mutation(description="Import an incidents document (formats.md): all of it, or nothing.")
    async def import_incidents(self, info: Info[Context, None], document: str) -> ImportIncidentsPayload:
        ctx = info.context
        try:
            keys = await import_incidents_text(
                ctx.graph,
                ctx.trips,
                document,
                ctx.settings.max_document_bytes,
                ctx.principal.id,
                clock_skew=ctx.settings.clock_skew,
            )
        except DomainError as exc:
            return ImportIncidentsPayload(incidents=[], user_errors=user_errors(exc.problems))
        return ImportIncidentsPayload(incidents=await _incidents(ctx, keys), user_errors=[])

    @strawberry.mutation(description="Open an incident with its REPORTED event.")
    async def report_incident(self, info: Info[Context, None], input: ReportIncidentInput) -> IncidentPayload:
        ctx = info.context
        report = IncidentReport(
            key=input.key,
            contract_key=input.contract_key,
            service=input.service,
            title=input.title,
            severity=input.severity,
            service_affecting=input.service_affecting,
            channel=input.channel,
            reported_at=input.reported_at,
            actor=input.actor,
            note=input.note,
        )
        try:
            key = await report_incident(
                ctx.graph, ctx.trips, report, ctx.principal.id, clock_skew=ctx.settings.clock_skew
            )
        except DomainError as exc:
            return IncidentPayload(incident=None, event=None, user_errors=user_errors(exc.problems))
        found = await _incidents(ctx, [key])
        return IncidentPayload(incident=found[0], event=found[0].events()[0], user_errors=[])

    @strawberry.mutation(description="Append one event to an incident's hash-chained history.")
    async def record_incident_event(
        self, info: Info[Context, None], input: RecordIncidentEventInput
    ) -> IncidentPayload:
        ctx = info.context
        event = Event(
            at=input.at,
            kind=EventKind(input.kind),
            actor=input.actor,
            assignee=input.assignee,
            level=input.level,
            severity=input.severity,
            reason=input.reason,
            note=input.note,
        )
        try:
            seq = await record_event(
                ctx.graph, ctx.trips, input.incident_key, event, ctx.principal.id, clock_skew=ctx.settings.clock_skew
            )
        except DomainError as exc:
            return IncidentPayload(incident=None, event=None, user_errors=user_errors(exc.problems))
        found = await _incidents(ctx, [input.incident_key])
        appended = next((e for e in found[0].events() if e.seq == seq), None) if found else None
        return IncidentPayload(incident=found[0] if found else None, event=appended, user_errors=[])
