"""Creating and revoking API keys: checked against what is stored, written with only the secret's hash."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from domain.access import AccessRole, Principal, principal_problems
from domain.audit import new_api_secret, secret_hash
from domain.errors import DomainError, NotFound, Problem
from graph import keys as key_store
from graph.database import Graph, RoundTrips
from graph.reads import Reader, Scope


@dataclass(frozen=True)
class KeyRequest:
    label: str
    role: AccessRole
    party: str | None = None
    person: str | None = None
    disputes: tuple[str, ...] = ()


async def _problems(reader: Reader, request: KeyRequest) -> list[Problem]:
    problems = [
        Problem("INVALID_PRINCIPAL", m, ("input",))
        for m in principal_problems(request.role, request.party, frozenset(request.disputes))
    ]
    if not request.label.strip() or len(request.label) > 200:
        problems.append(Problem("INVALID_LABEL", "A key needs a label of 1 to 200 characters.", ("input", "label")))
    if request.party is not None and not await reader.parties([request.party]):
        problems.append(Problem("UNKNOWN_REFERENCE", f"Party '{request.party}' is not stored.", ("input", "party")))
    if request.person is not None:
        person = (await reader.people([request.person])).get(request.person)
        if person is None:
            problems.append(
                Problem("UNKNOWN_REFERENCE", f"Person '{request.person}' is not stored.", ("input", "person"))
            )
        elif request.party is not None and person["party"] != request.party:
            problems.append(
                Problem(
                    "WRONG_PARTY",
                    f"Person '{request.person}' is of party '{person['party']}', not '{request.party}'.",
                    ("input", "person"),
                )
            )
    if request.disputes:
        found = await reader.disputes(list(request.disputes))
        problems += [
            Problem("UNKNOWN_REFERENCE", f"Dispute '{d}' is not stored.", ("input", "disputes", i))
            for i, d in enumerate(request.disputes)
            if d not in found
        ]
    return problems


async def create_key(
    graph: Graph, trips: RoundTrips, request: KeyRequest, created_by: Principal
) -> tuple[dict[str, Any], str]:
    """Store a new key and return it with its secret, which is shown this once and never stored."""
    problems = await _problems(Reader(graph, trips, Scope.everything()), request)
    if problems:
        raise DomainError(problems)
    secret = new_api_secret()
    props = {
        "id": secrets.token_hex(8),
        "label": request.label.strip(),
        "role": str(request.role),
        "party": request.party,
        "person": request.person,
        "disputes": sorted(set(request.disputes)),
        "secretHash": secret_hash(secret),
        "createdAt": datetime.now(UTC),
        "createdBy": created_by.id,
    }
    return await key_store.create(graph, trips, props), secret


async def revoke_key(graph: Graph, trips: RoundTrips, key_id: str) -> dict[str, Any]:
    found = await key_store.revoke(graph, trips, key_id, datetime.now(UTC))
    if found is None:
        raise NotFound.single("NOT_FOUND", f"API key '{key_id}' is not stored.", ("id",))
    return found


def principal_of_key(row: dict[str, Any]) -> Principal:
    """The principal a stored key stands for."""
    return Principal(
        id=f"key:{row['id']}",
        role=AccessRole(row["role"]),
        party=row.get("party"),
        person=row.get("person"),
        disputes=frozenset(row.get("disputes") or ()),
    )
