"""The GraphQL schema of Clausegraph."""

from __future__ import annotations

import strawberry
from strawberry.schema.config import StrawberryConfig

from schema.contracts import Clause, Contract, Party, Role, SeverityLevel
from schema.disputes import Dispute, EvidenceBundle, EvidenceItem
from schema.execution import PlainExecutionContext
from schema.guard import guard_mutations
from schema.incidents import Breach, Incident, Person
from schema.mutation import Mutation
from schema.precedents import Precedent
from schema.query import Query
from schema.scalars import SCALAR_OVERRIDES
from schema.subscriptions import Subscription


def build_schema(*, suggestions: bool = True) -> strawberry.Schema:
    """The schema, with every Node type registered so `node(id:)` can return it, and every mutation guarded.

    Without `suggestions`, errors about unknown fields do not hint at the names that exist.
    """
    guard_mutations(Mutation)
    return strawberry.Schema(
        config=StrawberryConfig(disable_field_suggestions=not suggestions),
        scalar_overrides=SCALAR_OVERRIDES,
        execution_context_class=PlainExecutionContext,
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[
            Contract,
            Clause,
            Party,
            Role,
            SeverityLevel,
            Precedent,
            Incident,
            Breach,
            Person,
            Dispute,
            EvidenceItem,
            EvidenceBundle,
        ],
    )
