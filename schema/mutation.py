"""The Mutation root: every mutation writes all or nothing and reports user errors in its payload."""

from __future__ import annotations

import strawberry
from strawberry import Info

from domain.errors import DomainError
from resolvers import contracts as contract_reads
from resolvers.context import Context
from resolvers.imports import import_contract_text
from schema.access import AccessMutation
from schema.contracts import Contract
from schema.custody_mutations import CustodyMutation
from schema.dispute_mutations import DisputeMutation
from schema.errors import UserError, user_errors
from schema.incident_queries import IncidentMutation


@strawberry.type
class ImportContractPayload:
    contract: Contract | None
    created: bool
    user_errors: list[UserError]


@strawberry.type
class Mutation(IncidentMutation, DisputeMutation, CustodyMutation, AccessMutation):
    @strawberry.mutation(description="Import one contract version (YAML or JSON text, formats.md).")
    async def import_contract(self, info: Info[Context, None], document: str) -> ImportContractPayload:
        ctx = info.context
        try:
            outcome = await import_contract_text(ctx.graph, ctx.trips, document, ctx.settings.max_document_bytes)
        except DomainError as exc:
            return ImportContractPayload(contract=None, created=False, user_errors=user_errors(exc.problems))
        row = await contract_reads.by_uid(ctx, outcome.uid)
        return ImportContractPayload(
            contract=Contract.from_row(row) if row else None, created=outcome.created, user_errors=[]
        )
