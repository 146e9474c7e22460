"""State derived from the stream as of T (sla-rules §2)."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.evaluation import evaluate_incident
from domain.events import Event, EventKind
from domain.state import incident_state
from domain.stream import check_stream
from tests.unit.sla_fixtures import (
    HOUR,
    KNOWN_PEOPLE,
    at,
    contract_terms,
    ev,
    inc_1001,
    incident,
    valid_streams,
)

K = EventKind
REPORTED = ev("2026-03-02T09:00Z", K.REPORTED, actor="a-ops-1")


def test_events_after_t_are_ignored() -> None:
    state = incident_state(inc_1001(), at("2026-03-02T10:00Z"))
    assert state.acknowledged_at == at("2026-03-02T09:27Z")
    assert state.resolved_at is None
    assert state.level_at(at("2026-03-02T10:00Z")) == 2
    assert state.first_at_level(3) is None
    assert state.pauses == ()
    assert not state.paused


def test_before_r_there_is_nothing() -> None:
    state = incident_state(inc_1001(), at("2026-03-02T09:00Z"))
    assert state.reported_at is None
    assert not state.reported
    assert state.level_at(at("2026-03-02T09:00Z")) is None


def test_an_event_exactly_at_t_counts() -> None:
    state = incident_state(inc_1001(), at("2026-03-02T09:27Z"))
    assert state.acknowledged_at == at("2026-03-02T09:27Z")


def test_a_pause_open_at_t_lasts_until_t() -> None:
    state = incident_state(inc_1001(), at("2026-03-02T10:20Z"))
    assert state.paused
    assert state.pauses == ((at("2026-03-02T10:05Z"), at("2026-03-02T10:20Z")),)


def test_resolved_while_paused_ends_the_pause_and_a_reopened_resolution_is_a_pause() -> None:
    facts = incident(
        REPORTED,
        ev("2026-03-02T10:00Z", K.PAUSED, reason="waiting"),
        ev("2026-03-02T11:00Z", K.RESOLVED),
        ev("2026-03-02T12:00Z", K.REOPENED),
        ev("2026-03-02T13:00Z", K.RESOLVED),
    )
    state = incident_state(facts, at("2026-03-03T00:00Z"))
    assert state.pauses == (
        (at("2026-03-02T10:00Z"), at("2026-03-02T11:00Z")),
        (at("2026-03-02T11:00Z"), at("2026-03-02T12:00Z")),
    )
    assert state.resolved_at == at("2026-03-02T13:00Z")
    assert not state.paused


def test_resolved_is_none_while_reopened() -> None:
    facts = incident(REPORTED, ev("2026-03-02T11:00Z", K.RESOLVED), ev("2026-03-02T12:00Z", K.REOPENED))
    state = incident_state(facts, at("2026-03-02T12:30Z"))
    assert state.resolved_at is None
    # The reopened resolution is a pause; the incident itself is not paused.
    assert state.pauses == ((at("2026-03-02T11:00Z"), at("2026-03-02T12:00Z")),)
    assert not state.paused


def test_last_reclassification_wins() -> None:
    facts = incident(
        REPORTED,
        ev("2026-03-02T09:10Z", K.RECLASSIFIED, severity="SEV3"),
        ev("2026-03-02T09:20Z", K.RECLASSIFIED, severity="SEV2"),
        severity="SEV1",
    )
    assert incident_state(facts, at("2026-03-02T09:15Z")).severity == "SEV3"
    assert incident_state(facts, at("2026-03-02T10:00Z")).severity == "SEV2"


def test_level_follows_escalations_and_de_escalations() -> None:
    facts = incident(
        REPORTED,
        ev("2026-03-02T10:00Z", K.ESCALATED, level=3),
        ev("2026-03-02T11:00Z", K.DE_ESCALATED, level=2),
        ev("2026-03-02T12:00Z", K.ESCALATED, level=4),
    )
    state = incident_state(facts, at("2026-03-03T00:00Z"))
    assert state.level_at(at("2026-03-02T09:59Z")) == 1
    assert state.level_at(at("2026-03-02T10:00Z")) == 3
    assert state.level_at(at("2026-03-02T11:30Z")) == 2
    assert state.first_at_level(1) == at("2026-03-02T09:00Z")
    assert state.first_at_level(2) == at("2026-03-02T10:00Z")
    assert state.first_at_level(3) == at("2026-03-02T10:00Z")
    assert state.first_at_level(4) == at("2026-03-02T12:00Z")


def test_assignee_comes_from_the_last_event_naming_one() -> None:
    facts = incident(
        REPORTED,
        ev("2026-03-02T09:10Z", K.ACKNOWLEDGED, actor="n-duty-1"),
        ev("2026-03-02T09:20Z", K.NOTE, actor="n-spec-1", note="not an assignment"),
        ev("2026-03-02T09:30Z", K.ASSIGNED, actor="n-duty-1", assignee="n-spec-1"),
        ev("2026-03-02T09:40Z", K.ESCALATED, level=2),
        ev("2026-03-02T09:50Z", K.DE_ESCALATED, level=1, assignee="n-duty-1"),
    )
    state = incident_state(facts, at("2026-03-03T00:00Z"))
    assert state.assignee_at(at("2026-03-02T09:05Z")) is None
    assert state.assignee_at(at("2026-03-02T09:25Z")) == "n-duty-1"
    assert state.assignee_at(at("2026-03-02T09:35Z")) == "n-spec-1"
    # An escalation that names nobody clears the assignee.
    assert state.assignee_at(at("2026-03-02T09:45Z")) is None
    assert state.assignee_at(at("2026-03-02T09:55Z")) == "n-duty-1"


def test_as_of_is_normalised_to_utc() -> None:
    state = incident_state(inc_1001(), at("2026-03-02T11:00+01:00"))
    assert state.as_of == at("2026-03-02T10:00Z")
    assert state.acknowledged_at is not None


@settings(max_examples=60, deadline=None)
@given(events=valid_streams())
def test_generated_streams_obey_the_rules(events: tuple[Event, ...]) -> None:
    assert check_stream(events, contract_terms(), KNOWN_PEOPLE) == []


@settings(max_examples=80, deadline=None)
@given(events=valid_streams(), offset=st.integers(min_value=0, max_value=80 * HOUR))
def test_results_as_of_t_ignore_events_after_t(events: tuple[Event, ...], offset: int) -> None:
    terms = contract_terms()
    as_of = events[0].at + timedelta(seconds=offset)
    everything = evaluate_incident(terms, inc_1001(events), as_of)
    known_then = evaluate_incident(terms, inc_1001(e for e in events if e.at <= as_of), as_of)
    assert everything == known_then
