"""`settled`: when an incident's clocks and breaches no longer change as T moves on, so they may be stored."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.evaluation import IncidentEvaluation, evaluate_incident, settled
from domain.events import Event, EventKind, IncidentFacts
from tests.unit.sla_fixtures import HOUR, INC_1001_EVENTS, at, contract_terms, ev, inc_1001, incident, valid_streams

TERMS = contract_terms()
DAY = 24 * HOUR


def _what_is_stored(e: IncidentEvaluation) -> tuple[object, ...]:
    return (e.response, e.resolution, e.breaches)


@settings(max_examples=300, deadline=None)
@given(
    events=valid_streams(),
    after=st.integers(min_value=0, max_value=10 * DAY),
    later=st.lists(st.integers(min_value=1, max_value=400 * DAY), min_size=1, max_size=4),
    severity=st.sampled_from(["SEV1", "SEV2", "SEV3", "SEV4"]),
)
def test_a_settled_evaluation_is_the_same_at_every_later_instant(
    events: tuple[Event, ...], after: int, later: list[int], severity: str
) -> None:
    facts = IncidentFacts("INC-G", "compute-eu-west-2", severity, True, events)
    t = events[-1].at + timedelta(seconds=after)
    now = evaluate_incident(TERMS, facts, t)
    if not settled(now, facts, TERMS):
        return
    for seconds in later:
        assert _what_is_stored(evaluate_incident(TERMS, facts, t + timedelta(seconds=seconds))) == _what_is_stored(now)


def test_inc_1001_is_settled_once_resolved_and_its_report_filed() -> None:
    # INC-1001 (formats.md) is resolved on 2026-03-02 and its post-incident report filed on 2026-03-05.
    facts = inc_1001()
    assert settled(evaluate_incident(TERMS, facts, at("2026-04-15T00:00Z")), facts, TERMS)
    # while it still runs, and while the report is still awaited, it is not
    assert not settled(evaluate_incident(TERMS, facts, at("2026-03-02T10:20Z")), facts, TERMS)
    unfiled = inc_1001(e for e in INC_1001_EVENTS if e.kind is not EventKind.REPORT_FILED)
    assert not settled(evaluate_incident(TERMS, unfiled, at("2026-04-15T00:00Z")), unfiled, TERMS)


def test_an_open_incident_and_an_event_after_t_are_not_settled() -> None:
    reported = incident(ev("2026-03-02T09:15Z", EventKind.REPORTED, actor="a-ops-1"))
    assert not settled(evaluate_incident(TERMS, reported, at("2026-03-10T00:00Z")), reported, TERMS)
    acknowledged = incident(
        ev("2026-03-02T09:15Z", EventKind.REPORTED, actor="a-ops-1"),
        ev("2026-03-02T09:20Z", EventKind.ACKNOWLEDGED, actor="a-ops-1"),
        ev("2026-03-02T10:00Z", EventKind.RESOLVED, actor="a-ops-1"),
    )
    t: datetime = at("2026-03-02T09:30Z")  # the RESOLVED is still to come
    assert not settled(evaluate_incident(TERMS, acknowledged, t), acknowledged, TERMS)
