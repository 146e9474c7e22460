"""Custody mutations: hand an evidence item over, or withdraw it (a correction that rewrites nothing)."""

from __future__ import annotations

from enum import Enum

import strawberry
from strawberry import Info

from domain.errors import DomainError
from resolvers.context import Context
from resolvers.custody import record_hand_over, withdraw_evidence
from schema.disputes import Dispute, EvidenceItem
from schema.errors import UserError, user_errors


@strawberry.enum(description="What a person records in an item's custody (the service records the rest itself).")
class CustodyHandling(Enum):
    HANDED_OVER = "HANDED_OVER"


@strawberry.type
class EvidencePayload:
    evidence: EvidenceItem | None
    dispute: Dispute | None
    user_errors: list[UserError]


async def _payload(ctx: Context, key: str) -> EvidencePayload:
    dispute_key = key.split("/", 1)[0]
    found = (await ctx.reader.disputes([dispute_key])).get(dispute_key)
    dispute = Dispute.build(found) if found else None
    item = next((EvidenceItem.from_row(e) for e in found.evidence if e["uid"] == key), None) if found else None
    return EvidencePayload(evidence=item, dispute=dispute, user_errors=[])


@strawberry.type
class CustodyMutation:
    @strawberry.mutation(description="Record that an evidence item (its key, e.g. DSP-1/E0001) was handed over.")
    async def record_custody(
        self,
        info: Info[Context, None],
        key: str,
        action: CustodyHandling,
        to: str,
        note: str | None = None,
        by: str | None = None,
    ) -> EvidencePayload:
        ctx = info.context
        try:
            await record_hand_over(ctx.graph, ctx.trips, key, to, note, by, ctx.principal.id)
        except DomainError as exc:
            return EvidencePayload(evidence=None, dispute=None, user_errors=user_errors(exc.problems))
        return await _payload(ctx, key)

    @strawberry.mutation(
        description="Withdraw an evidence item: kept in history and earlier bundles, left out of new seals."
    )
    async def withdraw_evidence(
        self, info: Info[Context, None], key: str, reason: str, by: str | None = None
    ) -> EvidencePayload:
        ctx = info.context
        try:
            await withdraw_evidence(ctx.graph, ctx.trips, key, reason, by, ctx.principal.id)
        except DomainError as exc:
            return EvidencePayload(evidence=None, dispute=None, user_errors=user_errors(exc.problems))
        return await _payload(ctx, key)
