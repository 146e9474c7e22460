"""Knowledge time: the record as it stood at `known_at` (docs/record.md)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from domain.clocks import ClockStatus
from domain.evaluation import evaluate_incident
from domain.events import EventKind
from domain.record import known_at_problem, known_by, known_facts
from domain.state import incident_state
from tests.unit.sla_fixtures import at, contract_terms, ev, inc_1001

TERMS = contract_terms()
REPORTED = ev("2026-03-02T09:15Z", EventKind.REPORTED)
# Acknowledged 12 minutes after the report (SEV1 target 15 minutes), but entered a month later.
BACK_DATED_ACK = dataclasses.replace(
    ev("2026-03-02T09:27Z", EventKind.ACKNOWLEDGED, actor="n-duty-1"), recorded_at=at("2026-04-02T10:00Z")
)
FACTS = inc_1001((dataclasses.replace(REPORTED, recorded_at=at("2026-03-02T09:16Z")), BACK_DATED_ACK))
AS_OF = at("2026-03-03T00:00Z")


def test_without_known_at_every_event_counts() -> None:
    assert known_facts(FACTS, None) is FACTS
    assert known_by(at("2026-04-02T10:00Z"), None)


def test_an_event_counts_from_the_instant_it_was_recorded() -> None:
    assert known_by(at("2026-04-02T10:00Z"), at("2026-04-02T10:00Z"))
    assert not known_by(at("2026-04-02T10:00Z"), at("2026-04-02T09:59:59Z"))
    assert [e.kind for e in known_facts(FACTS, at("2026-04-01T00:00Z")).events] == [EventKind.REPORTED]


def test_events_stored_before_recordedAt_was_kept_always_count() -> None:
    assert known_by(None, at("2020-01-01T00:00Z"))


def test_a_back_dated_acknowledgement_changes_the_clock_only_once_it_is_recorded() -> None:
    now = evaluate_incident(TERMS, FACTS, AS_OF)
    before_entry = evaluate_incident(TERMS, FACTS, AS_OF, known_at=at("2026-04-01T00:00Z"))
    after_entry = evaluate_incident(TERMS, FACTS, AS_OF, known_at=at("2026-04-02T10:00Z"))
    assert now.response is not None and now.response.status is ClockStatus.MET
    assert after_entry.response == now.response
    # As the record stood on 1 April the incident was never acknowledged: 15 minutes missed long before T.
    assert before_entry.response is not None and before_entry.response.status is ClockStatus.BREACHED
    assert "RESPONSE" in [str(b.kind) for b in before_entry.breaches]
    assert "RESPONSE" not in [str(b.kind) for b in now.breaches]


def test_an_incident_not_yet_recorded_at_known_at_is_not_reported_then() -> None:
    state = incident_state(FACTS, AS_OF, at("2026-03-02T09:15:30Z"))
    assert state.reported_at is None


def test_known_at_may_lie_up_to_the_clock_skew_ahead_but_not_further() -> None:
    now, skew = at("2026-12-02T10:00Z"), timedelta(minutes=5)
    assert known_at_problem(now + skew, now, skew) is None
    problem = known_at_problem(now + skew + timedelta(seconds=1), now, skew)
    assert problem is not None and (problem.code, problem.path) == ("FUTURE_KNOWN_AT", ("knownAt",))
