"""From a principal to what it may see (its scope) and to whom it may name as an author."""

from __future__ import annotations

from domain.access import AccessRole, Capability, Principal, author
from graph.database import Graph, RoundTrips
from graph.reads import Reader, Scope


async def scope_of(graph: Graph, trips: RoundTrips, principal: Principal) -> Scope:
    """The scope of a principal: everything for ADMIN, else its party's contracts (or its granted disputes)."""
    if principal.is_admin:
        return Scope.everything()
    arbitrator = principal.role is AccessRole.ARBITRATOR
    found = await Reader(graph, trips).principal_scope(
        principal.party, sorted(principal.disputes) if arbitrator else None
    )
    parties = {*found["parties"], *([principal.party] if principal.party else [])}
    disputes: frozenset[str] | None
    if not principal.may(Capability.READ_DISPUTES):
        disputes = frozenset()
    elif arbitrator:
        disputes = frozenset(found["disputes"])
    else:
        disputes = None
    return Scope(
        contracts=frozenset(found["contracts"]),
        incidents=frozenset(found["incidents"]) if arbitrator else None,
        disputes=disputes,
        parties=frozenset(parties),
        credits=principal.may(Capability.READ_CREDITS),
    )


async def recorded_author(reader: Reader, principal: Principal, named: str | None) -> str | None:
    """The person an entry is recorded as: the principal's own, or `named` when acting on behalf is allowed."""
    if named is None or named == principal.person:
        return principal.person
    parties = await reader.person_parties([named])
    return author(principal, named, parties.get(named))
