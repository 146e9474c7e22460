"""The role matrix and the author rule, without a database."""

from __future__ import annotations

import pytest

from domain.access import AccessRole, Capability, Principal, author, principal_problems, require
from domain.errors import DomainError


def _p(role: AccessRole, party: str | None = "acme", person: str | None = "a-1") -> Principal:
    return Principal(id="key:t", role=role, party=party, person=person)


@pytest.mark.parametrize(
    ("role", "may"),
    [
        (AccessRole.ADMIN, set(Capability)),
        (AccessRole.LEGAL, {"READ_STRUCTURE", "READ_INCIDENTS", "READ_CREDITS", "READ_DISPUTES", "WRITE_DISPUTES"}),
        (AccessRole.SUPPORT, {"READ_STRUCTURE", "READ_INCIDENTS", "WRITE_INCIDENTS"}),
        (AccessRole.VIEWER, {"READ_STRUCTURE", "READ_INCIDENTS", "READ_CREDITS"}),
        (AccessRole.ARBITRATOR, {"READ_STRUCTURE", "READ_INCIDENTS", "READ_DISPUTES"}),
    ],
)
def test_each_role_has_exactly_the_capabilities_of_the_matrix(role: AccessRole, may: set[str]) -> None:
    principal = _p(role)
    assert {c for c in Capability if principal.may(c)} == {Capability(c) for c in may}


def test_a_missing_capability_is_forbidden() -> None:
    with pytest.raises(DomainError) as caught:
        require(_p(AccessRole.VIEWER), Capability.WRITE_INCIDENTS)
    assert caught.value.problems[0].code == "FORBIDDEN"


def test_the_author_is_the_principals_own_person_by_default() -> None:
    assert author(_p(AccessRole.LEGAL), None, None) == "a-1"
    assert author(_p(AccessRole.LEGAL), "a-1", "acme") == "a-1"
    assert author(_p(AccessRole.LEGAL, person=None), None, None) is None


@pytest.mark.parametrize("role", [AccessRole.LEGAL, AccessRole.VIEWER, AccessRole.ARBITRATOR])
def test_only_admin_and_support_write_on_behalf_of_someone(role: AccessRole) -> None:
    with pytest.raises(DomainError) as caught:
        author(_p(role), "a-2", "acme")
    assert caught.value.problems[0].code == "FORBIDDEN"


def test_support_writes_on_behalf_only_within_its_party() -> None:
    support = _p(AccessRole.SUPPORT)
    assert author(support, "a-2", "acme") == "a-2"
    with pytest.raises(DomainError):
        author(support, "b-1", "other-party")


def test_admin_writes_on_behalf_of_anyone() -> None:
    assert author(_p(AccessRole.ADMIN, party=None, person=None), "b-1", "other-party") == "b-1"


@pytest.mark.parametrize(
    ("role", "party", "disputes", "ok"),
    [
        (AccessRole.ADMIN, None, frozenset(), True),
        (AccessRole.ADMIN, "acme", frozenset(), False),
        (AccessRole.LEGAL, None, frozenset(), False),
        (AccessRole.LEGAL, "acme", frozenset(), True),
        (AccessRole.LEGAL, "acme", frozenset({"D"}), False),
        (AccessRole.ARBITRATOR, "lcia", frozenset(), False),
        (AccessRole.ARBITRATOR, "lcia", frozenset({"D"}), True),
    ],
)
def test_a_principal_needs_a_party_and_grants_that_fit_its_role(
    role: AccessRole, party: str | None, disputes: frozenset[str], ok: bool
) -> None:
    assert (principal_problems(role, party, disputes) == []) is ok
