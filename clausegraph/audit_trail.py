"""Writing the audit log: every mutation (after it ran) and every export or download."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from domain.access import Principal
from domain.audit import variables_digest
from graph import audit as audit_store
from graph.database import Graph, RoundTrips

log = logging.getLogger("clausegraph.audit")


async def record(
    graph: Graph,
    *,
    principal: Principal,
    operation: str,
    kind: str,
    variables: dict[str, Any] | None,
    outcome: str,
    codes: list[str],
    request_id: str,
) -> None:
    """Append one entry. A failure is logged loudly and not raised: the operation it records has already
    happened (or failed), and an error now would tell the client otherwise and invite a duplicate retry."""
    entry = {
        "at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "principal": principal.id,
        "operation": operation,
        "kind": kind,
        "variablesDigest": variables_digest(variables),
        "outcome": outcome,
        "codes": sorted(set(codes)),
        "requestId": request_id,
    }
    try:
        await audit_store.append(graph, RoundTrips(), entry)
    except Exception:
        log.exception("request %s: the audit entry for %s could not be written", request_id, operation)


def _error_codes(errors: list[Any]) -> list[str]:
    return [str((e.extensions or {}).get("code") or "ERROR") for e in errors]


class AuditMutations(SchemaExtension):
    """After a mutation operation ran, one audit entry: who, what, a digest of its variables, the outcome."""

    async def on_execute(self) -> AsyncIterator[None]:
        yield
        ec = self.execution_context
        if ec.operation_type is not OperationType.MUTATION:
            return
        ctx = ec.context
        fields = [name for name, _ in ctx.mutation_outcomes]
        codes = [code for _, found in ctx.mutation_outcomes for code in found]
        errors = list(ec.result.errors or []) if ec.result is not None else []
        outcome = "ERROR" if errors else ("USER_ERROR" if codes else "OK")
        await record(
            ctx.graph,
            principal=ctx.principal,
            operation=ec.operation_name or ",".join(fields) or "mutation",
            kind="MUTATION",
            variables=ec.variables,
            outcome=outcome,
            codes=codes + _error_codes(errors),
            request_id=ctx.request_id,
        )
