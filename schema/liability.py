"""GraphQL types of liability chains: breach, clause, obligor, responsible, remedy and precedents."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from decimal import Decimal

import strawberry
from strawberry import Info

from domain.breaches import BreachFinding
from domain.lateness import late_by_seconds
from domain.precedents import RankedPrecedent as DomainRankedPrecedent
from domain.record import known_by
from domain.terms import ContractTerms
from graph.incidents import StoredIncident
from resolvers import incident_reads as reads
from resolvers import precedents as precedent_reads
from resolvers.context import Context
from resolvers.liability import ranked_precedents, remedy
from schema.contracts import Clause, Party
from schema.incidents import (
    Breach,
    BreachData,
    IncidentEvent,
    Responsibility,
    breach_clause,
    breach_obligor,
    breach_responsible,
    contract_structure,
)
from schema.precedents import Precedent
from schema.selection import structure_detail


@strawberry.type(description="What the contract gives for a breach and what limits it.")
class Remedy:
    credit: Decimal | None = strawberry.field(description="Service credit for this breach, if a rule applies.")
    credit_percent: Decimal | None
    credits_clause: Clause | None
    credit_cap: Decimal | None = strawberry.field(description="Monthly cap on all credits.")
    cap_percent: Decimal | None
    sole_remedy: bool = strawberry.field(description="Credits are the sole and exclusive remedy.")
    liability_clause: Clause | None
    liability_cap: Decimal | None
    excludes_consequential: bool


@strawberry.type(description="A precedent ranked for a breach, with why it ranks where it does.")
class RankedPrecedent:
    precedent: Precedent
    shared_topics: list[str]
    same_country: bool


@strawberry.type(description="One breach followed to its clause, obligor, responsible person, remedy and case law.")
class LiabilityLink:
    breach: Breach
    clause: Clause
    obligor: Party
    responsible: Responsibility
    remedy: Remedy | None
    late_entries: list[IncidentEvent] = strawberry.field(
        description="Events of the breach's incident counted in its figures that were recorded later than the "
        "late-entry allowance after their `at` (see lateBySeconds): the entries the other side will question."
    )
    ranked: strawberry.Private[list[DomainRankedPrecedent]]

    @strawberry.field(description="Precedents that bear on the breach, best first (sla-rules.md §8).")
    async def precedents(self, info: Info[Context, None], first: int | None = None) -> list[Precedent]:
        return [r.precedent for r in await self._ranked(info, first)]

    @strawberry.field(description="The same ranking, with the shared topics and country match of each.")
    async def ranked_precedents(self, info: Info[Context, None], first: int | None = None) -> list[RankedPrecedent]:
        return await self._ranked(info, first)

    async def _ranked(self, info: Info[Context, None], first: int | None) -> list[RankedPrecedent]:
        chosen = self.ranked[: info.context.page_size(first)]
        rows = await precedent_reads.many(info.context, [r.key for r in chosen])
        by_key = {r["key"]: Precedent.from_row(r) for r in rows}
        return [
            RankedPrecedent(precedent=by_key[r.key], shared_topics=list(r.shared_topics), same_country=r.same_country)
            for r in chosen
            if r.key in by_key
        ]


async def liability_link(
    info: Info[Context, None],
    terms: ContractTerms,
    contract_uid: str,
    finding: BreachFinding,
    late: list[IncidentEvent] | None = None,
) -> LiabilityLink:
    """The liability chain of one computed breach; `late` are the late entries its figures count."""
    data = BreachData.from_finding(finding, contract_uid, terms.monthly_fee)
    ctx = info.context
    detail = structure_detail(info)
    clause, obligor, responsible = await asyncio.gather(
        breach_clause(ctx, data, detail=detail),
        breach_obligor(ctx, data, detail=detail),
        breach_responsible(ctx, data, detail=detail),
    )
    facts = remedy(terms, finding)
    structure = await contract_structure(info.context, contract_uid, detail=detail)
    structure_clauses = {c.number: c for c in structure.clauses()}
    return LiabilityLink(
        breach=Breach.build(data),
        clause=clause,
        obligor=obligor,
        responsible=responsible,
        remedy=Remedy(
            credit=facts.credit_amount,
            credit_percent=facts.credit_percent,
            credits_clause=structure_clauses.get(facts.credits_clause or ""),
            credit_cap=facts.credit_cap,
            cap_percent=facts.cap_percent,
            sole_remedy=facts.sole_remedy,
            liability_clause=structure_clauses.get(facts.liability_clause or ""),
            liability_cap=facts.liability_cap,
            excludes_consequential=facts.excludes_consequential,
        ),
        late_entries=list(late or []),
        ranked=await ranked_precedents(info.context, terms, finding),
    )


def late_entries(
    incident: StoredIncident, at: datetime, known_at: datetime | None, allowed: timedelta
) -> list[IncidentEvent]:
    """The incident's events counted as of `at` (and recorded by `known_at`) that were recorded late."""
    out = []
    for row in incident.events:
        recorded = row.get("recordedAt")
        if row["at"] > at or not known_by(recorded, known_at):
            continue
        if late_by_seconds(row["at"], recorded, allowed) is not None:
            out.append(IncidentEvent.from_row(row))
    return out


async def liability_chain(
    info: Info[Context, None], incident: StoredIncident, at: datetime, *, known_at: datetime | None = None
) -> list[LiabilityLink]:
    """Liability links of every breach of an incident as of `at`, as the record stood at `known_at`."""
    ctx = info.context
    evaluation = await reads.evaluation(ctx, incident, at, known_at=known_at)
    uid, terms = await reads.governing_terms(ctx, incident, known_at)
    late = late_entries(incident, at, known_at, ctx.settings.late_entry_allowance)
    return list(await asyncio.gather(*(liability_link(info, terms, uid, b, late) for b in evaluation.breaches)))
