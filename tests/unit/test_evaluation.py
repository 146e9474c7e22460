"""The evaluate_incident facade."""

from __future__ import annotations

from domain.clocks import ClockStatus
from domain.evaluation import evaluate_incident
from domain.events import EventKind
from domain.responsibility import Responsibility
from tests.unit.sla_fixtures import AS_OF, at, contract_terms, ev, inc_1001, incident

TERMS = contract_terms()


def test_before_r_the_evaluation_is_empty() -> None:
    evaluation = evaluate_incident(TERMS, inc_1001(), at("2026-03-01T00:00Z"))
    assert evaluation.response is None
    assert evaluation.resolution is None
    assert evaluation.requirements == ()
    assert evaluation.breaches == ()
    assert evaluation.responsible_now is None


def test_now_and_the_past_differ_only_by_as_of() -> None:
    during = evaluate_incident(TERMS, inc_1001(), at("2026-03-02T10:20Z"))
    assert during.response is not None and during.response.status is ClockStatus.MET
    assert during.resolution is not None and during.resolution.status is ClockStatus.PAUSED
    # SERVICE_AFFECTING was due at 09:45 and level 3 is only reached at 11:40: missed so far, by 35 minutes.
    (missed,) = during.breaches
    assert (missed.kind, missed.over_by_seconds) == ("ESCALATION", 35 * 60)
    assert [r.status for r in during.requirements] == ["NOT_REQUIRED", "PENDING", "MISSED"]
    assert during.responsible_now == Responsibility(2, "specialist", "nimbus", "n-spec-1")
    after = evaluate_incident(TERMS, inc_1001(), AS_OF)
    assert after.resolution is not None and after.resolution.status is ClockStatus.BREACHED


def test_repeated_is_passed_through() -> None:
    facts = incident(ev("2026-03-02T09:15Z", EventKind.REPORTED))
    as_of = at("2026-03-02T09:20Z")
    assert [r.trigger_index for r in evaluate_incident(TERMS, facts, as_of, repeated=3).requirements] == [0, 1, 4]
    assert [r.trigger_index for r in evaluate_incident(TERMS, facts, as_of).requirements] == [0, 1]
    others = [at("2026-02-20T00:00Z"), at("2026-03-01T00:00Z")]
    with_others = evaluate_incident(TERMS, facts, as_of, others_reported=others)
    assert [r.trigger_index for r in with_others.requirements] == [0, 1, 4]


def test_an_incident_without_resolution_target_has_no_resolution_clock() -> None:
    facts = incident(ev("2026-03-02T09:15Z", EventKind.REPORTED), severity="SEV4")
    assert evaluate_incident(TERMS, facts, AS_OF).resolution is None
