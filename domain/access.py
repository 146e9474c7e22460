"""Who may see and change what: access roles, principals, and the role matrix (pure rules, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from domain.errors import DomainError


class AccessRole(StrEnum):
    ADMIN = "ADMIN"
    LEGAL = "LEGAL"
    SUPPORT = "SUPPORT"
    VIEWER = "VIEWER"
    ARBITRATOR = "ARBITRATOR"


class Capability(StrEnum):
    """What a role may do; reads are scoped further by party (and, for arbitrators, by dispute)."""

    READ_STRUCTURE = "READ_STRUCTURE"  # contracts, clauses, terms
    READ_INCIDENTS = "READ_INCIDENTS"  # incidents, their events, clocks and breaches
    READ_CREDITS = "READ_CREDITS"  # monthly credit reports
    READ_DISPUTES = "READ_DISPUTES"  # disputes, evidence and its content, bundles
    WRITE_INCIDENTS = "WRITE_INCIDENTS"  # report incidents, record events
    WRITE_DISPUTES = "WRITE_DISPUTES"  # open and advance disputes, evidence, citations, seals
    ADMINISTER = "ADMINISTER"  # imports, API keys, the audit log, every party


_READ_ALL = {Capability.READ_STRUCTURE, Capability.READ_INCIDENTS, Capability.READ_CREDITS, Capability.READ_DISPUTES}

ROLE_CAPABILITIES: dict[AccessRole, frozenset[Capability]] = {
    AccessRole.ADMIN: frozenset(Capability),
    AccessRole.LEGAL: frozenset({*_READ_ALL, Capability.WRITE_DISPUTES}),
    AccessRole.SUPPORT: frozenset({Capability.READ_STRUCTURE, Capability.READ_INCIDENTS, Capability.WRITE_INCIDENTS}),
    AccessRole.VIEWER: frozenset({Capability.READ_STRUCTURE, Capability.READ_INCIDENTS, Capability.READ_CREDITS}),
    # An arbitrator reads its granted disputes and what they reference; the scope narrows it to those.
    AccessRole.ARBITRATOR: frozenset({Capability.READ_STRUCTURE, Capability.READ_INCIDENTS, Capability.READ_DISPUTES}),
}

# Roles that may record an entry on behalf of another person (an operator transcribing a phone call).
ON_BEHALF_ROLES = frozenset({AccessRole.ADMIN, AccessRole.SUPPORT})


@dataclass(frozen=True)
class Principal:
    """Who is asking: an API key or a JWT subject, with its role, party, person and dispute grants."""

    id: str  # "key:<id>", "jwt:<subject>" or "bootstrap"
    role: AccessRole
    party: str | None = None
    person: str | None = None
    disputes: frozenset[str] = field(default_factory=frozenset)

    def may(self, capability: Capability) -> bool:
        return capability in ROLE_CAPABILITIES[self.role]

    @property
    def is_admin(self) -> bool:
        return self.role is AccessRole.ADMIN


SYSTEM = Principal(id="system", role=AccessRole.ADMIN)


def principal_problems(role: AccessRole, party: str | None, disputes: frozenset[str]) -> list[str]:
    """Why a role, party and dispute grant do not fit together (empty when they do)."""
    problems = []
    if role is AccessRole.ADMIN and party is not None:
        problems.append("An ADMIN principal acts across parties and takes no party.")
    if role is not AccessRole.ADMIN and party is None:
        problems.append(f"A {role} principal needs the party it acts for.")
    if role is AccessRole.ARBITRATOR and not disputes:
        problems.append("An ARBITRATOR principal needs the disputes it may see.")
    if role is not AccessRole.ARBITRATOR and disputes:
        problems.append("Only an ARBITRATOR principal is granted disputes.")
    return problems


def require(principal: Principal, capability: Capability) -> None:
    """Raise FORBIDDEN unless the principal's role has the capability."""
    if not principal.may(capability):
        raise DomainError.single(
            "FORBIDDEN", f"A {principal.role} principal may not do this (it needs {capability}).", ()
        )


def author(principal: Principal, named: str | None, named_party: str | None) -> str | None:
    """The person to record as the author: the principal's own, or `named` where acting on behalf is allowed.

    `named_party` is the party of the named person (None when the person is unknown; the caller's
    reference check reports that).
    """
    if named is None or named == principal.person:
        return principal.person
    if principal.role not in ON_BEHALF_ROLES:
        raise DomainError.single(
            "FORBIDDEN",
            f"A {principal.role} principal records entries as its own person "
            f"({principal.person or 'none'}), not as '{named}'.",
            (),
        )
    if principal.role is not AccessRole.ADMIN and named_party is not None and named_party != principal.party:
        raise DomainError.single(
            "FORBIDDEN", f"'{named}' is not a person of {principal.party}; entries on behalf stay within a party.", ()
        )
    return named
