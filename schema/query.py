"""The Query root."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import Info

from domain.documents.vocabulary import ContractKind, Topic
from resolvers import contracts as contract_reads
from resolvers import precedents as precedent_reads
from resolvers.context import Context
from schema.access import AccessQuery
from schema.contracts import Contract, Party, structure_wanted, with_structures
from schema.dispute_mutations import DisputeQuery
from schema.disputes import Dispute, EvidenceBundle, EvidenceItem
from schema.incident_queries import IncidentQuery
from schema.incidents import Breach, BreachData, Incident, Person
from schema.ordering import ContractOrder, OrderDirection, is_default, order_name, ordered_position, sorted_position
from schema.people import PeopleQuery
from schema.precedents import Precedent, SearchHit, search_hit
from schema.relay import Connection, Node, decode_cursor, parse_global_id
from schema.selection import selects
from schema.stats import StatsQuery


@strawberry.input(description="Narrow a list of contracts; every given condition must hold.")
class ContractFilter:
    kind: ContractKind | None = None
    jurisdiction: str | None = strawberry.field(default=None, description="'GB' also matches 'GB-ENG'.")
    party: str | None = strawberry.field(default=None, description="Key of a party to the contract.")
    title_contains: str | None = None


@strawberry.input(description="Narrow a list of precedents; every given condition must hold.")
class PrecedentFilter:
    topic: Topic | None = None
    jurisdiction: str | None = None
    case_name_contains: str | None = None


async def resolve_node(ctx: Context, id: str) -> Node | None:
    """The object behind a global id, or None when it names nothing."""
    parsed = parse_global_id(id)
    if parsed is None:
        return None
    type_name, natural = parsed
    if type_name == "Contract":
        row = await contract_reads.by_uid(ctx, natural)
        return Contract.from_row(row) if row else None
    if type_name == "Precedent":
        prow = await precedent_reads.by_key(ctx, natural)
        return Precedent.from_row(prow) if prow else None
    if type_name == "Party":
        party = await ctx.loaders.parties.load(natural)
        return Party.from_row(party) if party else None
    if type_name == "Incident":
        incident = await ctx.loaders.incidents.load(natural)
        return Incident.build(incident) if incident else None
    if type_name == "Person":
        row = await ctx.loaders.people.load(natural)
        return Person.from_row(row) if row else None
    if type_name == "Breach":
        rows = await ctx.loaders.breaches["uid"].load(natural)
        return Breach.build(BreachData.from_row(rows[0])) if rows else None
    if type_name == "Dispute":
        dispute = await ctx.loaders.disputes.load(natural)
        return Dispute.build(dispute) if dispute else None
    if type_name == "EvidenceItem":
        found = await ctx.loaders.disputes.load(natural.split("/", 1)[0])
        items = [e for e in found.evidence if e["uid"] == natural] if found else []
        return EvidenceItem.from_row(items[0]) if items else None
    if type_name == "EvidenceBundle":
        key, _, version = natural.rpartition("#")
        found = await ctx.loaders.disputes.load(key)
        rows = [b for b in found.bundles if str(b["version"]) == version] if found else []
        return EvidenceBundle.from_row(rows[0]) if rows else None
    if type_name in ("Clause", "Role", "SeverityLevel"):
        return await _contract_part(ctx, type_name, natural)
    return None


async def _contract_part(ctx: Context, type_name: str, uid: str) -> Node | None:
    version_uid = uid.split("/", 1)[0]
    row = await contract_reads.by_uid(ctx, version_uid)
    if row is None:
        return None
    contract = Contract.from_row(row)
    structure = await contract._structure_for(ctx)
    parts: list[Node]
    if type_name == "Clause":
        parts = list(structure.clauses())
    elif type_name == "Role":
        parts = list(structure.roles().values())
    else:
        parts = list(structure.severities())
    return next((p for p in parts if parse_global_id(p.id) == (type_name, uid)), None)


async def _ordered_contracts(
    info: Info[Context, None], first: int | None, after: str | None, filters: dict[str, Any], order: ContractOrder
) -> Connection[Contract]:
    ctx = info.context
    name = order_name(order)
    found, size = await contract_reads.ordered_page(
        ctx,
        first,
        ordered_position(after, name, order.field.value),
        filters,
        order.field.value,
        descending=order.direction is OrderDirection.DESC,
        structure=structure_wanted(info),
        with_total=selects(info, "ContractConnection", "totalCount"),
    )
    rows = found.rows[:size]
    contracts = await with_structures(info, [Contract.from_row(r) for r in rows])
    return Connection.build(
        [(sorted_position(name, r["sortValue"], r["key"]), c) for r, c in zip(rows, contracts, strict=True)],
        total=found.total,
        has_next=len(found.rows) > size,
        after=after,
    )


@strawberry.type
class Query(IncidentQuery, DisputeQuery, PeopleQuery, StatsQuery, AccessQuery):
    @strawberry.field(description="Any object by its global id.")
    async def node(self, info: Info[Context, None], id: strawberry.ID) -> Node | None:
        return await resolve_node(info.context, id)

    @strawberry.field(description="The latest version of a contract, or a given `version`.")
    async def contract(self, info: Info[Context, None], key: str, version: int | None = None) -> Contract | None:
        ctx = info.context
        row = await (
            contract_reads.latest(ctx, key, structure_wanted(info))
            if version is None
            else contract_reads.version(ctx, key, version)
        )
        return (await with_structures(info, [Contract.from_row(row)]))[0] if row else None

    @strawberry.field(description="Latest contract versions, ordered by key, or by `orderBy`.")
    async def contracts(
        self,
        info: Info[Context, None],
        first: int | None = None,
        after: str | None = None,
        filter: ContractFilter | None = None,
        order_by: ContractOrder | None = None,
    ) -> Connection[Contract]:
        f = filter or ContractFilter()
        filters = {
            "kind": f.kind.value if f.kind else None,
            "jurisdiction": f.jurisdiction,
            "party": f.party,
            "text": f.title_contains,
        }
        if order_by is not None and not is_default(order_by):
            return await _ordered_contracts(info, first, after, filters, order_by)
        after_key = decode_cursor(after)
        found, size = await contract_reads.page(
            info.context,
            first,
            after_key,
            filters,
            structure_wanted(info),
            with_total=selects(info, "ContractConnection", "totalCount"),
        )
        rows = found.rows[:size]
        contracts = await with_structures(info, [Contract.from_row(r) for r in rows])
        return Connection.build(
            [(r["key"], c) for r, c in zip(rows, contracts, strict=True)],
            total=found.total,
            has_next=len(found.rows) > size,
            after=after_key,
        )

    @strawberry.field
    async def precedent(self, info: Info[Context, None], key: str) -> Precedent | None:
        row = await precedent_reads.by_key(info.context, key)
        return Precedent.from_row(row) if row else None

    @strawberry.field(description="Precedents ordered by key.")
    async def precedents(
        self,
        info: Info[Context, None],
        first: int | None = None,
        after: str | None = None,
        filter: PrecedentFilter | None = None,
    ) -> Connection[Precedent]:
        f = filter or PrecedentFilter()
        after_key = decode_cursor(after)
        found, size = await precedent_reads.page(
            info.context,
            first,
            after_key,
            {"topic": f.topic.value if f.topic else None, "jurisdiction": f.jurisdiction, "text": f.case_name_contains},
        )
        rows = found.rows[:size]
        return Connection.build(
            [(r["key"], Precedent.from_row(r)) for r in rows],
            total=found.total,
            has_next=len(found.rows) > size,
            after=after_key,
        )

    @strawberry.field(description="Full-text search over clauses, precedents, incidents and evidence, best first.")
    async def search(self, info: Info[Context, None], text: str, first: int | None = None) -> list[SearchHit]:
        found = await precedent_reads.search(info.context, text, first, with_text=selects(info, "SearchHit", "snippet"))
        return [search_hit(r) for r in found]
