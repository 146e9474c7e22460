"""Dispute queries and mutations: open, advance, attach evidence, cite, seal."""

from __future__ import annotations

from datetime import datetime, timedelta

import strawberry
from strawberry import Info

from domain.errors import DomainError
from resolvers.context import Context
from resolvers.disputes import (
    DisputeOpening,
    EvidenceInput,
    add_dispute_incident,
    advance_dispute,
    attach_evidence,
    cite_precedent,
    open_dispute,
)
from resolvers.evidence import seal_bundle
from schema.disputes import Dispute, EvidenceBundle, EvidenceItem
from schema.errors import UserError, user_errors
from schema.relay import Connection, decode_cursor
from schema.vocabulary import DisputeStatus


@strawberry.type(description="A page of disputes.")
class DisputeConnection(Connection[Dispute]):
    pass


@strawberry.input
class DisputeFilter:
    contract: str | None = None
    status: DisputeStatus | None = None


@strawberry.input
class OpenDisputeInput:
    key: str
    title: str
    contract_key: str
    claimant: str = strawberry.field(description="Party key of the claimant.")
    respondent: str = strawberry.field(description="Party key of the respondent.")
    amount_claimed: str = strawberry.field(description='Decimal text, e.g. "40000.00".')
    incident_keys: list[str]
    forum: str | None = strawberry.field(default=None, description="Defaults to the contract's forum.")
    opened_at: datetime | None = None
    opened_by: str | None = None
    reason: str | None = None


@strawberry.input
class AdvanceDisputeInput:
    dispute_key: str
    to: str = strawberry.field(description="The next step of the contract, or SETTLED | DECIDED | WITHDRAWN.")
    at: datetime | None = None
    by: str | None = None
    reason: str | None = None
    override: bool = strawberry.field(default=False, description="Leave negotiation early; needs a reason.")


@strawberry.input
class AttachEvidenceInput:
    dispute_key: str
    kind: str = strawberry.field(
        description="INCIDENT_RECORD (incidentKey) | BREACH (breachRef) | CLAUSE (clauseNumber) | "
        "CREDIT_REPORT (month) | DOCUMENT or COMMUNICATION (text, or fileBase64 with fileName)"
    )
    label: str | None = None
    text: str | None = None
    file_base64: str | None = None
    file_name: str | None = None
    media_type: str | None = None
    incident_key: str | None = None
    breach_ref: str | None = None
    clause_number: str | None = None
    month: str | None = None
    added_by: str | None = None
    purpose: str | None = None


@strawberry.input
class CitePrecedentInput:
    dispute_key: str
    precedent_key: str
    note: str = strawberry.field(description="Why the precedent is relevant.")
    by: str | None = None


@strawberry.input(description="One more incident for an open dispute to concern (of the dispute's contract).")
class AddDisputeIncidentInput:
    dispute_key: str
    incident_key: str


@strawberry.type
class DisputePayload:
    dispute: Dispute | None
    evidence: EvidenceItem | None = None
    user_errors: list[UserError]


@strawberry.type
class EvidenceBundlePayload:
    bundle: EvidenceBundle | None
    dispute: Dispute | None
    user_errors: list[UserError]


async def _dispute(ctx: Context, key: str) -> Dispute | None:
    found = await ctx.reader.disputes([key])
    return Dispute.build(found[key]) if key in found else None


@strawberry.type
class DisputeQuery:
    @strawberry.field
    async def dispute(self, info: Info[Context, None], key: str) -> Dispute | None:
        found = await info.context.loaders.disputes.load(key)
        return Dispute.build(found) if found else None

    @strawberry.field(description="Disputes ordered by key.")
    async def disputes(
        self,
        info: Info[Context, None],
        first: int | None = None,
        after: str | None = None,
        filter: DisputeFilter | None = None,
    ) -> DisputeConnection:
        ctx, f = info.context, filter or DisputeFilter()
        size, position = ctx.page_size(first), decode_cursor(after)
        status = f.status.value if f.status else None
        page = await ctx.reader.dispute_page(after=position, limit=size + 1, contract=f.contract, status=status)
        found = await ctx.loaders.disputes.load_many([r["key"] for r in page.rows[:size]])
        return DisputeConnection.build(
            [(d.key, Dispute.build(d)) for d in found if d is not None],
            total=page.total,
            has_next=len(page.rows) > size,
            after=position,
        )


@strawberry.type
class DisputeMutation:
    @strawberry.mutation(description="Open a dispute between the parties of a contract over some of its incidents.")
    async def open_dispute(self, info: Info[Context, None], input: OpenDisputeInput) -> DisputePayload:
        ctx = info.context
        opening = DisputeOpening(
            key=input.key,
            title=input.title,
            contract_key=input.contract_key,
            claimant=input.claimant,
            respondent=input.respondent,
            amount_claimed=input.amount_claimed,
            incident_keys=input.incident_keys,
            forum=input.forum,
            opened_at=input.opened_at,
            opened_by=input.opened_by,
            reason=input.reason,
            recorded_by=ctx.principal.id,
            clock_skew=ctx.settings.clock_skew,
        )
        try:
            key = await open_dispute(ctx.graph, ctx.trips, opening)
        except DomainError as exc:
            return DisputePayload(dispute=None, user_errors=user_errors(exc.problems))
        return DisputePayload(dispute=await _dispute(ctx, key), user_errors=[])

    @strawberry.mutation(description="Move a dispute to its next step or close it; who, when and why are kept.")
    async def advance_dispute(self, info: Info[Context, None], input: AdvanceDisputeInput) -> DisputePayload:
        ctx = info.context
        try:
            await advance_dispute(
                ctx.graph,
                ctx.trips,
                input.dispute_key,
                input.to,
                at=input.at,
                by=input.by,
                reason=input.reason,
                override=input.override,
                recorded_by=ctx.principal.id,
                clock_skew=ctx.settings.clock_skew,
            )
        except DomainError as exc:
            return DisputePayload(dispute=None, user_errors=user_errors(exc.problems))
        return DisputePayload(dispute=await _dispute(ctx, input.dispute_key), user_errors=[])

    @strawberry.mutation(description="Add evidence to a dispute: hashed, with who added it and a custody log.")
    async def attach_evidence(self, info: Info[Context, None], input: AttachEvidenceInput) -> DisputePayload:
        ctx = info.context
        evidence = EvidenceInput(
            dispute_key=input.dispute_key,
            kind=input.kind,
            label=input.label,
            text=input.text,
            file_base64=input.file_base64,
            file_name=input.file_name,
            media_type=input.media_type,
            incident_key=input.incident_key,
            breach_ref=input.breach_ref,
            clause_number=input.clause_number,
            month=input.month,
            added_by=input.added_by,
            purpose=input.purpose,
            recorded_by=ctx.principal.id,
        )
        try:
            uid = await attach_evidence(ctx.graph, ctx.trips, evidence, ctx.settings.max_evidence_bytes)
        except DomainError as exc:
            return DisputePayload(dispute=None, user_errors=user_errors(exc.problems))
        dispute = await _dispute(ctx, input.dispute_key)
        item = (
            next((EvidenceItem.from_row(e) for e in dispute.stored.evidence if e["uid"] == uid), None)
            if dispute
            else None
        )
        return DisputePayload(dispute=dispute, evidence=item, user_errors=[])

    @strawberry.mutation(description="Let an open dispute concern one more incident of its contract.")
    async def add_dispute_incident(self, info: Info[Context, None], input: AddDisputeIncidentInput) -> DisputePayload:
        ctx = info.context
        try:
            await add_dispute_incident(ctx.graph, ctx.trips, input.dispute_key, input.incident_key, ctx.principal.id)
        except DomainError as exc:
            return DisputePayload(dispute=None, user_errors=user_errors(exc.problems))
        return DisputePayload(dispute=await _dispute(ctx, input.dispute_key), user_errors=[])

    @strawberry.mutation(description="Cite a precedent in a dispute, saying why it is relevant.")
    async def cite_precedent(self, info: Info[Context, None], input: CitePrecedentInput) -> DisputePayload:
        ctx = info.context
        try:
            await cite_precedent(
                ctx.graph, ctx.trips, input.dispute_key, input.precedent_key, input.note, input.by, ctx.principal.id
            )
        except DomainError as exc:
            return DisputePayload(dispute=None, user_errors=user_errors(exc.problems))
        return DisputePayload(dispute=await _dispute(ctx, input.dispute_key), user_errors=[])

    @strawberry.mutation(description="Seal the dispute's evidence into a new, immutable bundle version.")
    async def seal_evidence_bundle(
        self, info: Info[Context, None], dispute_key: str, sealed_by: str | None = None
    ) -> EvidenceBundlePayload:
        ctx = info.context
        if ctx.signer is None:
            raise RuntimeError("this context has no signing key; seals are made through the web app")
        try:
            version = await seal_bundle(
                ctx.graph,
                ctx.trips,
                dispute_key,
                sealed_by,
                ctx.principal.id,
                signer=ctx.signer(),
                late_allowed=timedelta(seconds=ctx.settings.late_entry_seconds),
            )
        except DomainError as exc:
            return EvidenceBundlePayload(bundle=None, dispute=None, user_errors=user_errors(exc.problems))
        dispute = await _dispute(ctx, dispute_key)
        bundle = next((b for b in dispute.bundles() if b.version == version), None) if dispute else None
        return EvidenceBundlePayload(bundle=bundle, dispute=dispute, user_errors=[])
