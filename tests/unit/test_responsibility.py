"""Responsibility at an instant (sla-rules §5)."""

from __future__ import annotations

from domain.events import EventKind
from domain.responsibility import Responsibility, responsibility_at
from domain.state import incident_state
from tests.unit.sla_fixtures import AS_OF, at, contract_terms, ev, inc_1001, incident

TERMS = contract_terms()


def test_none_before_r() -> None:
    state = incident_state(inc_1001(), AS_OF)
    assert responsibility_at(state, TERMS, at("2026-03-02T09:14:59Z")) is None


def test_the_worked_example_hands_over_level_by_level() -> None:
    state = incident_state(inc_1001(), AS_OF)
    assert responsibility_at(state, TERMS, at("2026-03-02T09:15Z")) == Responsibility(1, "frontline", "nimbus", None)
    assert responsibility_at(state, TERMS, at("2026-03-02T09:45Z")) == Responsibility(
        1, "frontline", "nimbus", "n-duty-1"
    )
    assert responsibility_at(state, TERMS, at("2026-03-02T10:00Z")) == Responsibility(
        2, "specialist", "nimbus", "n-spec-1"
    )
    assert responsibility_at(state, TERMS, at("2026-03-02T13:45Z")) == Responsibility(
        3, "senior-engineer", "nimbus", "n-sen-1"
    )


def test_nobody_named_is_a_null_person() -> None:
    facts = incident(ev("2026-03-02T09:00Z", EventKind.REPORTED), ev("2026-03-02T10:00Z", EventKind.ESCALATED, level=4))
    state = incident_state(facts, AS_OF)
    assert responsibility_at(state, TERMS, at("2026-03-02T11:00Z")) == Responsibility(4, "executive", "nimbus", None)


def test_instants_after_t_read_the_state_as_of_t() -> None:
    state = incident_state(inc_1001(), at("2026-03-02T10:00Z"))
    later = responsibility_at(state, TERMS, at("2026-03-02T12:00Z"))
    assert later == Responsibility(2, "specialist", "nimbus", "n-spec-1")
