"""Closed vocabularies as GraphQL enums: a filter with an unknown value is refused, naming the valid ones."""

from __future__ import annotations

from enum import StrEnum

import strawberry

from domain.disputes import FINAL_STATUSES
from domain.documents.vocabulary import ContractKind, DisputeStep, Topic


class IncidentStatus(StrEnum):
    OPEN = "OPEN"
    RESOLVED = "RESOLVED"


class DisputeStatus(StrEnum):
    """A dispute is at one of the contract's steps, or closed with a final status."""

    NEGOTIATION = "NEGOTIATION"
    MEDIATION = "MEDIATION"
    ARBITRATION = "ARBITRATION"
    LITIGATION = "LITIGATION"
    EXPERT_DETERMINATION = "EXPERT_DETERMINATION"
    SETTLED = "SETTLED"
    DECIDED = "DECIDED"
    WITHDRAWN = "WITHDRAWN"


# The statuses above must be exactly the steps and final statuses the rules know.
assert {*DisputeStatus} == {*DisputeStep, *FINAL_STATUSES}

strawberry.enum(IncidentStatus, name="IncidentStatus", description="OPEN | RESOLVED (as of the last event).")
strawberry.enum(ContractKind, name="ContractKind")
strawberry.enum(Topic, name="PrecedentTopic", description="The topics of clauses and precedents.")
strawberry.enum(DisputeStatus, name="DisputeStatus", description="A dispute-resolution step, or a final status.")
