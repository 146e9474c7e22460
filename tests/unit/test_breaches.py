"""Breaches (sla-rules §6): kinds, clauses, responsibility, credits, documentation on the wall clock."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from domain.breaches import BreachKind, credit_rule_for
from domain.escalations import TriggerKind
from domain.evaluation import evaluate_incident
from domain.events import Event, EventKind
from domain.responsibility import Responsibility
from domain.terms import CreditRule
from tests.unit.sla_fixtures import DAY, HOUR, MINUTE, at, contract_terms, ev, incident, with_triggers

K = EventKind
TERMS = contract_terms()
REPORTED = ev("2026-03-02T09:15Z", K.REPORTED)
RESOLVED_1000 = ev("2026-03-02T10:00Z", K.RESOLVED)


def kinds(*events: Event, as_of: str, severity: str = "SEV1") -> list[BreachKind]:
    evaluation = evaluate_incident(TERMS, incident(*events, severity=severity), at(as_of))
    return [b.kind for b in evaluation.breaches]


def test_response_breach_carries_its_credit() -> None:
    evaluation = evaluate_incident(TERMS, incident(REPORTED), at("2026-03-02T09:40Z"))
    (response,) = [b for b in evaluation.breaches if b.kind is BreachKind.RESPONSE]
    assert response.due_at == at("2026-03-02T09:30Z")
    assert response.over_by_seconds == 10 * MINUTE
    assert response.clause == "5.2"
    assert response.obligor == "nimbus"
    assert response.ref == "INC-T:RESPONSE"
    assert response.responsible == Responsibility(1, "frontline", "nimbus", None)
    assert (response.credit_percent, response.credit_rule_index) == (Decimal("5"), 0)


def test_no_credit_when_no_rule_matches_the_severity() -> None:
    evaluation = evaluate_incident(TERMS, incident(REPORTED, severity="SEV3"), at("2026-03-03T09:40Z"))
    (response,) = [b for b in evaluation.breaches if b.kind is BreachKind.RESPONSE]
    assert response.credit_percent is None
    assert response.credit_rule_index is None


def test_the_first_matching_rule_in_document_order_wins() -> None:
    rules = (CreditRule("RESPONSE", Decimal("7")), CreditRule("RESPONSE", Decimal("5"), frozenset({"SEV1"})))
    assert TERMS.credits is not None
    terms = dataclasses.replace(TERMS, credits=dataclasses.replace(TERMS.credits, rules=rules))
    match = credit_rule_for(terms, "RESPONSE", "SEV1")
    assert match is not None
    assert match[0] == 0
    assert match[1].percent == Decimal("7")
    assert credit_rule_for(dataclasses.replace(TERMS, credits=None), "RESPONSE", "SEV1") is None


def test_missed_escalation_is_a_breach_of_the_escalation_clause() -> None:
    terms = with_triggers(TERMS, dataclasses.replace(TERMS.escalation.triggers[0]))
    evaluation = evaluate_incident(terms, incident(REPORTED), at("2026-03-02T09:45Z"))
    (escalation,) = [b for b in evaluation.breaches if b.kind is BreachKind.ESCALATION]
    assert escalation.clause == "6.1"
    assert escalation.trigger is TriggerKind.UNACKNOWLEDGED
    assert (escalation.trigger_index, escalation.to_level) == (0, 2)
    assert escalation.over_by_seconds == 15 * MINUTE
    assert escalation.ref == "INC-T:ESCALATION:0"
    assert escalation.credit_percent == Decimal("1")


def test_breach_trigger_escalation_ref_names_its_clock() -> None:
    terms = with_triggers(TERMS, TERMS.escalation.triggers[5])
    evaluation = evaluate_incident(terms, incident(REPORTED), at("2026-03-02T11:00Z"))
    refs = [b.ref for b in evaluation.breaches]
    assert refs == ["INC-T:RESPONSE", "INC-T:ESCALATION:5:RESPONSE"]


def test_documentation_breach_is_measured_on_the_wall_clock_up_to_the_filing() -> None:
    late_report = ev("2026-03-08T10:00Z", K.REPORT_FILED)
    evaluation = evaluate_incident(TERMS, incident(REPORTED, RESOLVED_1000, late_report), at("2026-03-20T00:00Z"))
    (documentation,) = [b for b in evaluation.breaches if b.kind is BreachKind.DOCUMENTATION]
    assert documentation.due_at == at("2026-03-07T10:00Z")
    assert documentation.over_by_seconds == DAY
    assert documentation.clause == "7.1"
    assert documentation.credit_percent is None
    assert documentation.responsible == Responsibility(1, "frontline", "nimbus", None)


def test_documentation_breach_without_a_report_runs_to_t() -> None:
    evaluation = evaluate_incident(TERMS, incident(REPORTED, RESOLVED_1000), at("2026-03-07T12:00Z"))
    (documentation,) = [b for b in evaluation.breaches if b.kind is BreachKind.DOCUMENTATION]
    assert documentation.over_by_seconds == 2 * HOUR


def test_documentation_not_yet_due_filed_in_time_or_not_required() -> None:
    assert BreachKind.DOCUMENTATION not in kinds(REPORTED, RESOLVED_1000, as_of="2026-03-07T10:00Z")
    filed_at_due = ev("2026-03-07T10:00Z", K.REPORT_FILED)
    assert BreachKind.DOCUMENTATION not in kinds(REPORTED, RESOLVED_1000, filed_at_due, as_of="2026-03-20T00:00Z")
    assert BreachKind.DOCUMENTATION not in kinds(REPORTED, as_of="2026-03-20T00:00Z")  # never resolved
    sev3 = ev("2026-03-02T10:00Z", K.RESOLVED)
    assert BreachKind.DOCUMENTATION not in kinds(REPORTED, sev3, as_of="2026-03-20T00:00Z", severity="SEV3")


def test_documentation_due_follows_the_last_resolution() -> None:
    events = (REPORTED, RESOLVED_1000, ev("2026-03-03T10:00Z", K.REOPENED), ev("2026-03-04T10:00Z", K.RESOLVED))
    assert BreachKind.DOCUMENTATION not in kinds(*events, as_of="2026-03-08T10:00Z")
    assert BreachKind.DOCUMENTATION in kinds(*events, as_of="2026-03-09T10:00:01Z")


def test_breach_order_is_response_resolution_escalation_documentation() -> None:
    evaluation = evaluate_incident(
        TERMS, incident(REPORTED, ev("2026-03-02T20:00Z", K.RESOLVED), service_affecting=True), at("2026-03-20T00:00Z")
    )
    found = [b.kind for b in evaluation.breaches]
    assert found[:2] == [BreachKind.RESPONSE, BreachKind.RESOLUTION]
    assert found[-1] is BreachKind.DOCUMENTATION
    assert set(found[2:-1]) == {BreachKind.ESCALATION}
