"""Who held an incident at an instant: level, role, party and person (sla-rules §5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.calendars import utc
from domain.state import IncidentState
from domain.terms import ContractTerms


@dataclass(frozen=True)
class Responsibility:
    """The level an incident was at, its role and party, and the person named (None: nobody was named)."""

    level: int
    role: str | None
    party: str | None
    person: str | None


def responsibility_at(state: IncidentState, terms: ContractTerms, t: datetime) -> Responsibility | None:
    """Responsibility at instant t; None before R (instants after T read the state as of T)."""
    t = utc(t)
    level = state.level_at(t)
    if level is None:
        return None
    role = terms.escalation.levels.get(level)
    party = terms.role_party.get(role) if role is not None else None
    return Responsibility(level=level, role=role, party=party, person=state.assignee_at(t))
