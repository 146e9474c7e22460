"""Liability chains: breach -> clause -> obligor -> responsible -> remedy -> ranked precedents."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from domain.breaches import BreachFinding
from domain.credits import credit_amount
from domain.precedents import PrecedentFacts, RankedPrecedent, breach_topics, rank_precedents
from domain.terms import ContractTerms
from resolvers.context import Context


@dataclass(frozen=True)
class RemedyFacts:
    """What the contract gives for a breach, and what limits it."""

    credit_amount: Decimal | None
    credit_percent: Decimal | None
    credits_clause: str | None
    credit_cap: Decimal | None
    cap_percent: Decimal | None
    sole_remedy: bool
    liability_clause: str | None
    liability_cap: Decimal | None
    excludes_consequential: bool


def remedy(terms: ContractTerms, breach: BreachFinding) -> RemedyFacts:
    """The remedy terms that apply to a breach under `terms`."""
    credits, liability = terms.credits, terms.liability
    amount = None
    if breach.credit_percent is not None:
        amount = credit_amount(breach.credit_percent, terms.monthly_fee)
    cap = None
    if credits is not None:
        cap = credit_amount(credits.cap_percent, terms.monthly_fee)
    return RemedyFacts(
        credit_amount=amount,
        credit_percent=breach.credit_percent,
        credits_clause=credits.clause if credits else None,
        credit_cap=cap,
        cap_percent=credits.cap_percent if credits else None,
        sole_remedy=credits.sole_remedy if credits else False,
        liability_clause=liability.clause if liability else None,
        liability_cap=liability.cap if liability else None,
        excludes_consequential=liability.excludes_consequential if liability else False,
    )


async def ranked_precedents(ctx: Context, terms: ContractTerms, breach: BreachFinding) -> list[RankedPrecedent]:
    """Precedents ranked for a breach as sla-rules.md §8 orders them."""
    rows = await ctx.loaders.all_precedents.load("all") or []
    facts = [PrecedentFacts(r["key"], r["jurisdiction"], r["year"], frozenset(r["topics"] or [])) for r in rows]
    return rank_precedents(breach_topics(breach, terms), terms.jurisdiction, facts)
