"""sla-rules §9: every figure of the worked example, INC-1001 as of 2026-04-15."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.breaches import BreachKind
from domain.clocks import ClockStatus
from domain.credits import CreditKind, credit_report
from domain.escalations import RequirementStatus, TriggerKind
from domain.evaluation import IncidentEvaluation, evaluate_incident
from domain.responsibility import Responsibility
from tests.unit.sla_fixtures import AS_OF, INC_1001_OUTAGES, at, contract_terms, inc_1001


@pytest.fixture(scope="module")
def evaluation() -> IncidentEvaluation:
    return evaluate_incident(contract_terms(), inc_1001(), AS_OF)


def test_state(evaluation: IncidentEvaluation) -> None:
    state = evaluation.state
    assert state.reported_at == at("2026-03-02T09:15Z")
    assert state.severity == "SEV1"
    assert state.acknowledged_at == at("2026-03-02T09:27Z")
    assert state.resolved_at == at("2026-03-02T14:10Z")
    assert state.pauses == ((at("2026-03-02T10:05Z"), at("2026-03-02T10:35Z")),)


def test_response_met_in_720_seconds(evaluation: IncidentEvaluation) -> None:
    clock = evaluation.response
    assert clock is not None
    assert clock.status is ClockStatus.MET
    assert clock.due_at == at("2026-03-02T09:30Z")
    assert clock.stopped_at == at("2026-03-02T09:27Z")
    assert (clock.elapsed_seconds, clock.target_seconds, clock.over_by_seconds) == (720, 900, 0)
    assert clock.remaining_seconds == 180
    assert not clock.breached


def test_resolution_breached_by_1500_seconds(evaluation: IncidentEvaluation) -> None:
    clock = evaluation.resolution
    assert clock is not None
    assert clock.status is ClockStatus.BREACHED
    assert clock.breached
    assert clock.elapsed_seconds == 4 * 3600 + 55 * 60 - 30 * 60 == 15900
    assert clock.target_seconds == 14400
    assert clock.over_by_seconds == 1500
    assert clock.remaining_seconds == 0
    assert clock.due_at == at("2026-03-02T13:45Z")
    assert clock.stopped_at == at("2026-03-02T14:10Z")


def test_escalation_requirements(evaluation: IncidentEvaluation) -> None:
    got = [(r.trigger, r.to_level, r.due_at, r.status, r.over_by_seconds) for r in evaluation.requirements]
    assert got == [
        (TriggerKind.UNACKNOWLEDGED, 2, at("2026-03-02T09:30Z"), RequirementStatus.NOT_REQUIRED, 0),
        (TriggerKind.UNRESOLVED, 3, at("2026-03-02T11:45Z"), RequirementStatus.MET, 0),
        (TriggerKind.SERVICE_AFFECTING, 3, at("2026-03-02T09:45Z"), RequirementStatus.LATE, 6900),
        (TriggerKind.BREACH, 4, at("2026-03-02T14:45Z"), RequirementStatus.NOT_REQUIRED, 0),
    ]
    unacknowledged, unresolved, service_affecting, breach = evaluation.requirements
    assert unacknowledged.reached_at == at("2026-03-02T09:50Z")
    assert unresolved.reached_at == service_affecting.reached_at == at("2026-03-02T11:40Z")
    assert breach.reached_at is None
    assert breach.clock == "RESOLUTION"
    assert [r.trigger_index for r in evaluation.requirements] == [0, 1, 3, 5]


def test_breaches_with_responsibility(evaluation: IncidentEvaluation) -> None:
    resolution, escalation = evaluation.breaches
    assert resolution.kind is BreachKind.RESOLUTION
    assert resolution.due_at == at("2026-03-02T13:45Z")
    assert resolution.over_by_seconds == 1500
    assert resolution.clause == "5.2"
    assert resolution.obligor == "nimbus"
    assert resolution.severity == "SEV1"
    assert resolution.responsible == Responsibility(3, "senior-engineer", "nimbus", "n-sen-1")
    assert resolution.credit_percent == Decimal("10")
    assert resolution.credit_rule_index == 2

    assert escalation.kind is BreachKind.ESCALATION
    assert escalation.due_at == at("2026-03-02T09:45Z")
    assert escalation.over_by_seconds == 6900
    assert escalation.clause == "6.1"
    assert escalation.trigger is TriggerKind.SERVICE_AFFECTING
    assert escalation.to_level == 3
    assert escalation.responsible == Responsibility(1, "frontline", "nimbus", "n-duty-1")
    assert escalation.credit_percent == Decimal("1")


def test_documentation_met(evaluation: IncidentEvaluation) -> None:
    assert all(b.kind is not BreachKind.DOCUMENTATION for b in evaluation.breaches)
    assert evaluation.state.report_filings == (at("2026-03-05T16:00Z"),)


def test_march_credit_report(evaluation: IncidentEvaluation) -> None:
    report = credit_report(contract_terms(), evaluation.breaches, INC_1001_OUTAGES, "2026-03", AS_OF)
    assert report.start == at("2026-03-01T00:00Z")
    assert report.end == at("2026-03-31T23:00Z")
    assert report.month_seconds == 743 * 3600 == 2_674_800
    assert report.downtime_seconds == 17_100
    # sla-rules prints 99.36070...: the exact value 99.3606998... rounded to five places.
    assert report.uptime_percent.quantize(Decimal("0.00001")) == Decimal("99.36070")
    assert report.uptime_percent == Decimal(100) * Decimal(2_674_800 - 17_100) / Decimal(2_674_800)
    items = {item.kind: item for item in report.items}
    assert items[CreditKind.UPTIME].amount == Decimal("4000.00")
    assert items[CreditKind.UPTIME].tier_below == Decimal("99.95")
    assert items[CreditKind.RESOLUTION].amount == Decimal("4000.00")
    assert items[CreditKind.RESOLUTION].breach_ref == "INC-1001:RESOLUTION"
    assert items[CreditKind.ESCALATION].amount == Decimal("400.00")
    assert len(report.items) == 3
    assert report.total_before_cap == Decimal("8400.00")
    assert report.cap == Decimal("10000.00")
    assert report.total == Decimal("8400.00")
    assert report.claim_deadline == at("2026-05-30T23:00Z")
