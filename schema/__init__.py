"""The GraphQL schema of Clausegraph."""

from __future__ import annotations

import strawberry

from schema.contracts import Clause, Contract, Party, Role, SeverityLevel
from schema.disputes import Dispute, EvidenceBundle, EvidenceItem
from schema.guard import guard_mutations
from schema.incidents import Breach, Incident, Person
from schema.mutation import Mutation
from schema.precedents import Precedent
from schema.query import Query
from schema.subscriptions import Subscription


def build_schema() -> strawberry.Schema:
    """The schema, with every Node type registered so `node(id:)` can return it, and every mutation guarded."""
    guard_mutations(Mutation)
    return strawberry.Schema(
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
