"""The dispute status machine: steps in order, final statuses, the negotiation period and overrides."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.disputes import (
    FINAL_STATUSES,
    Transition,
    advance,
    check_advance,
    initial_status,
    negotiation_ends,
    opening,
)
from domain.errors import RuleViolation
from tests.unit.sla_fixtures import DAY, at

STEPS = ("NEGOTIATION", "MEDIATION", "ARBITRATION")
OPENED = at("2026-03-20T09:00:00Z")
PERIOD = 30 * DAY  # clause 14.1: thirty days of negotiation
AFTER = at("2026-04-20T11:00:00Z")  # the period has run
DURING = at("2026-04-01T12:00:00Z")  # the period still runs


def codes(current: str, target: str, when: datetime = AFTER, override: bool = False, reason: str | None = None):
    problems = check_advance(STEPS, current, target, OPENED, when, PERIOD, override, reason)
    return [(p.code, p.path) for p in problems]


def codes_for(steps: tuple[str, ...], current: str, target: str) -> list[str]:
    return [p.code for p in check_advance(steps, current, target, OPENED, AFTER, None, False, None)]


def test_a_dispute_opens_at_the_first_step():
    assert initial_status(STEPS) == "NEGOTIATION"
    assert initial_status(("MEDIATION", "ARBITRATION")) == "MEDIATION"


def test_a_contract_without_steps_still_opens_in_negotiation():
    assert initial_status(()) == "NEGOTIATION"
    assert codes_for((), "NEGOTIATION", "SETTLED") == []


def test_opening_records_who_when_and_why():
    t = opening(STEPS, OPENED, "a-legal-1", " Notice of dispute served ")
    assert t == Transition(None, "NEGOTIATION", OPENED, "a-legal-1", "Notice of dispute served", False)


@pytest.mark.parametrize(("current", "target"), [("NEGOTIATION", "MEDIATION"), ("MEDIATION", "ARBITRATION")])
def test_the_next_step_is_allowed(current, target):
    assert codes(current, target) == []


@pytest.mark.parametrize(
    ("current", "target", "says"),
    [
        ("NEGOTIATION", "ARBITRATION", "ahead past MEDIATION"),  # skipping a step
        ("ARBITRATION", "MEDIATION", "last step"),  # moving backwards from the last step
        ("MEDIATION", "NEGOTIATION", "back"),
        ("MEDIATION", "MEDIATION", "already at MEDIATION"),  # staying
        ("ARBITRATION", "ARBITRATION", "last step"),
    ],
)
def test_a_step_out_of_order_is_rejected(current, target, says):
    problems = check_advance(STEPS, current, target, OPENED, AFTER, PERIOD, False, None)
    assert [(p.code, p.path) for p in problems] == [("OUT_OF_ORDER", ("input", "to"))]
    assert says in problems[0].message


@pytest.mark.parametrize("current", STEPS)
@pytest.mark.parametrize("final", FINAL_STATUSES)
def test_a_final_status_can_be_reached_from_any_step_once_negotiation_has_run(current, final):
    assert codes(current, final) == []


@pytest.mark.parametrize("final", FINAL_STATUSES)
@pytest.mark.parametrize("target", [*STEPS, *FINAL_STATUSES])
def test_a_closed_dispute_does_not_move(final, target):
    problems = check_advance(STEPS, final, target, OPENED, AFTER, PERIOD, False, None)
    assert [p.code for p in problems] == ["ALREADY_CLOSED"]
    assert final in problems[0].message


def test_an_unknown_status_is_rejected():
    assert codes("NEGOTIATION", "LITIGATION") == [("INVALID_STATUS", ("input", "to"))]
    assert codes("COURT", "MEDIATION") == [("INVALID_STATUS", ("dispute", "status"))]


def test_leaving_negotiation_early_is_rejected_and_says_when_the_period_ends():
    problems = check_advance(STEPS, "NEGOTIATION", "MEDIATION", OPENED, DURING, PERIOD, False, None)
    assert [(p.code, p.path) for p in problems] == [("NEGOTIATION_PERIOD_RUNNING", ("input", "to"))]
    assert "2026-04-19T09:00:00Z" in problems[0].message


def test_the_period_is_wall_clock_from_the_opening_and_ends_on_the_instant():
    ends = negotiation_ends(OPENED, PERIOD)
    assert ends == at("2026-04-19T09:00:00Z")
    assert codes("NEGOTIATION", "MEDIATION", when=ends - timedelta(seconds=1)) == [
        ("NEGOTIATION_PERIOD_RUNNING", ("input", "to"))
    ]
    assert codes("NEGOTIATION", "MEDIATION", when=ends) == []


@pytest.mark.parametrize("final", ["SETTLED", "WITHDRAWN"])
def test_settling_or_withdrawing_during_negotiation_is_allowed(final):
    assert codes("NEGOTIATION", final, when=DURING) == []


def test_a_decision_during_negotiation_needs_an_override():
    # DECIDED means an adjudicator ruled: reaching it while negotiation must run bypasses the clause.
    assert codes("NEGOTIATION", "DECIDED", when=DURING) == [("NEGOTIATION_PERIOD_RUNNING", ("input", "to"))]
    assert codes("NEGOTIATION", "DECIDED", when=DURING, override=True, reason="Interim injunction granted") == []


def test_an_override_with_a_reason_lets_negotiation_end_early_and_is_recorded():
    reason = "Respondent refused to meet; both parties agree to mediate now"
    t = advance(STEPS, "NEGOTIATION", "MEDIATION", OPENED, DURING, PERIOD, "a-legal-1", override=True, reason=reason)
    assert t == Transition("NEGOTIATION", "MEDIATION", DURING, "a-legal-1", reason, True)


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_an_override_needs_a_reason(reason):
    found = codes("NEGOTIATION", "MEDIATION", when=DURING, override=True, reason=reason)
    assert found == [("OVERRIDE_NEEDS_REASON", ("input", "reason"))]


def test_an_override_without_reason_is_refused_even_when_not_needed():
    assert codes("MEDIATION", "ARBITRATION", override=True) == [("OVERRIDE_NEEDS_REASON", ("input", "reason"))]


def test_without_a_negotiation_period_nothing_waits():
    assert check_advance(STEPS, "NEGOTIATION", "MEDIATION", OPENED, OPENED, None, False, None) == []


def test_only_negotiation_has_a_period():
    steps = ("MEDIATION", "ARBITRATION")
    assert check_advance(steps, "MEDIATION", "ARBITRATION", OPENED, OPENED, PERIOD, False, None) == []


def test_naive_instants_are_rejected():
    naive = datetime(2026, 4, 20, 11, 0)
    at_naive = check_advance(STEPS, "NEGOTIATION", "MEDIATION", OPENED, naive, PERIOD, False, None)
    assert [(p.code, p.path) for p in at_naive] == [("NAIVE_DATETIME", ("input", "at"))]
    opened_naive = check_advance(STEPS, "NEGOTIATION", "MEDIATION", naive, AFTER, PERIOD, False, None)
    assert [(p.code, p.path) for p in opened_naive] == [("NAIVE_DATETIME", ("dispute", "openedAt"))]
    with pytest.raises(RuleViolation) as raised:
        opening(STEPS, naive, None)
    assert raised.value.problems[0].code == "NAIVE_DATETIME"


def test_advance_raises_every_problem_at_once():
    with pytest.raises(RuleViolation) as raised:
        advance(STEPS, "NEGOTIATION", "ARBITRATION", OPENED, AFTER, PERIOD, "a-legal-1", override=True, reason=" ")
    assert [p.code for p in raised.value.problems] == ["OVERRIDE_NEEDS_REASON", "OUT_OF_ORDER"]


def test_advance_returns_the_transition_in_utc():
    local = AFTER.astimezone(timezone(timedelta(hours=1)))
    t = advance(STEPS, "NEGOTIATION", "MEDIATION", OPENED, local, PERIOD, "a-legal-1", reason="Mediation agreed")
    assert t.at == AFTER and t.at.utcoffset() == timedelta(0)
    assert (t.from_status, t.to_status, t.by, t.reason, t.override) == (
        "NEGOTIATION",
        "MEDIATION",
        "a-legal-1",
        "Mediation agreed",
        False,
    )


@given(
    steps=st.lists(
        st.sampled_from(["NEGOTIATION", "MEDIATION", "EXPERT", "ARBITRATION", "COURT"]),
        min_size=1,
        max_size=5,
        unique=True,
    ),
    data=st.data(),
)
def test_from_any_step_exactly_the_next_step_is_allowed_among_the_steps(steps, data):
    current = data.draw(st.sampled_from(steps))
    allowed = [t for t in steps if not check_advance(steps, current, t, OPENED, AFTER, PERIOD, False, None)]
    position = steps.index(current)
    assert allowed == steps[position + 1 : position + 2]


NOW = at("2026-04-25T12:00:00Z")  # the server's clock when the transition is recorded


def timed(when: datetime, last: datetime | None = None, target: str = "MEDIATION", override: bool = False):
    problems = check_advance(
        STEPS,
        "NEGOTIATION",
        target,
        OPENED,
        when,
        PERIOD,
        override,
        "urgent" if override else None,
        last_at=last,
        now=NOW,
        skew=timedelta(minutes=5),
    )
    return [(p.code, p.path) for p in problems]


def test_a_transition_in_the_future_is_refused():
    assert timed(NOW + timedelta(minutes=5)) == []
    assert timed(NOW + timedelta(minutes=5, seconds=1), target="SETTLED") == [("FUTURE_EVENT", ("input", "at"))]


def test_a_transition_before_the_opening_or_the_last_one_is_out_of_order():
    assert timed(OPENED - timedelta(seconds=1), target="SETTLED") == [("OUT_OF_ORDER", ("input", "at"))]
    last = at("2026-04-22T09:00:00Z")
    assert timed(last - timedelta(seconds=1), last, target="SETTLED") == [("OUT_OF_ORDER", ("input", "at"))]
    assert timed(last, last, target="SETTLED") == []


def test_the_negotiation_period_is_measured_to_the_real_instant():
    # the period ends 19 April 09:00; on the server's clock of 18 April, a date of 20 April does not end it
    before_end = at("2026-04-18T12:00:00Z")
    problems = check_advance(
        STEPS,
        "NEGOTIATION",
        "MEDIATION",
        OPENED,
        at("2026-04-20T09:00:00Z"),
        PERIOD,
        False,
        None,
        now=before_end,
        skew=timedelta(days=3),
    )
    assert [p.code for p in problems] == ["NEGOTIATION_PERIOD_RUNNING"]
