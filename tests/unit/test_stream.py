"""The event-stream rules of sla-rules §2: one rejection test per code, and whole-stream checks."""

from __future__ import annotations

from datetime import timedelta

from domain.errors import Problem
from domain.events import Event, EventKind
from domain.stream import check_append, check_incident, check_stream
from tests.unit.sla_fixtures import INC_1001_EVENTS, KNOWN_PEOPLE, at, contract_terms, ev, inc_1001

TERMS = contract_terms()
K = EventKind
REPORTED = ev("2026-03-02T09:15Z", K.REPORTED, actor="a-ops-1")


def codes(existing: list[Event], new: Event) -> list[str]:
    return [p.code for p in check_append(existing, new, TERMS, KNOWN_PEOPLE)]


def test_the_worked_example_stream_is_valid() -> None:
    assert check_stream(INC_1001_EVENTS, TERMS, KNOWN_PEOPLE) == []
    assert check_incident(inc_1001(), TERMS, KNOWN_PEOPLE) == []


def test_every_prefix_of_a_valid_stream_accepts_its_next_event() -> None:
    for n, event in enumerate(INC_1001_EVENTS):
        assert check_append(INC_1001_EVENTS[:n], event, TERMS, KNOWN_PEOPLE) == []


def test_out_of_order() -> None:
    problems = check_append([REPORTED], ev("2026-03-02T09:14Z", K.NOTE, note="x"), TERMS, KNOWN_PEOPLE)
    assert [(p.code, p.path) for p in problems] == [("OUT_OF_ORDER", ("at",))]


def test_same_instant_is_in_order() -> None:
    assert codes([REPORTED], ev("2026-03-02T09:15Z", K.ACKNOWLEDGED, actor="n-duty-1")) == []


def test_first_event_not_reported() -> None:
    assert codes([], ev("2026-03-02T09:15Z", K.ACKNOWLEDGED)) == ["FIRST_EVENT_NOT_REPORTED"]


def test_duplicate_reported() -> None:
    assert codes([REPORTED], ev("2026-03-02T09:16Z", K.REPORTED)) == ["DUPLICATE_REPORTED"]


def test_already_acknowledged() -> None:
    acknowledged = ev("2026-03-02T09:20Z", K.ACKNOWLEDGED)
    assert codes([REPORTED, acknowledged], ev("2026-03-02T09:21Z", K.ACKNOWLEDGED)) == ["ALREADY_ACKNOWLEDGED"]


def test_escalated_must_raise_the_level() -> None:
    escalated = ev("2026-03-02T09:20Z", K.ESCALATED, level=3)
    assert codes([REPORTED, escalated], ev("2026-03-02T09:21Z", K.ESCALATED, level=3)) == ["INVALID_LEVEL"]
    assert codes([REPORTED, escalated], ev("2026-03-02T09:21Z", K.ESCALATED, level=2)) == ["INVALID_LEVEL"]
    assert codes([REPORTED], ev("2026-03-02T09:21Z", K.ESCALATED, level=1)) == ["INVALID_LEVEL"]


def test_escalated_must_name_a_level_the_contract_has() -> None:
    problems = check_append([REPORTED], ev("2026-03-02T09:21Z", K.ESCALATED, level=5), TERMS, KNOWN_PEOPLE)
    assert [(p.code, p.path) for p in problems] == [("INVALID_LEVEL", ("level",))]


def test_de_escalated_must_lower_the_level() -> None:
    assert codes([REPORTED], ev("2026-03-02T09:21Z", K.DE_ESCALATED, level=1)) == ["INVALID_LEVEL"]
    escalated = ev("2026-03-02T09:20Z", K.ESCALATED, level=3)
    assert codes([REPORTED, escalated], ev("2026-03-02T09:21Z", K.DE_ESCALATED, level=4)) == ["INVALID_LEVEL"]
    assert codes([REPORTED, escalated], ev("2026-03-02T09:21Z", K.DE_ESCALATED, level=2)) == []


def test_de_escalated_cannot_go_below_level_1() -> None:
    escalated = ev("2026-03-02T09:20Z", K.ESCALATED, level=2)
    assert codes([REPORTED, escalated], ev("2026-03-02T09:21Z", K.DE_ESCALATED, level=0)) == ["INVALID_LEVEL"]


def test_paused_while_paused_or_resolved() -> None:
    paused = ev("2026-03-02T09:20Z", K.PAUSED, reason="waiting")
    resolved = ev("2026-03-02T09:20Z", K.RESOLVED)
    again = ev("2026-03-02T09:21Z", K.PAUSED, reason="again")
    assert codes([REPORTED, paused], again) == ["INVALID_TRANSITION"]
    assert codes([REPORTED, resolved], again) == ["INVALID_TRANSITION"]


def test_resumed_while_not_paused() -> None:
    assert codes([REPORTED], ev("2026-03-02T09:21Z", K.RESUMED)) == ["INVALID_TRANSITION"]


def test_resolved_while_resolved() -> None:
    resolved = ev("2026-03-02T09:20Z", K.RESOLVED)
    assert codes([REPORTED, resolved], ev("2026-03-02T09:21Z", K.RESOLVED)) == ["INVALID_TRANSITION"]


def test_reopened_while_not_resolved() -> None:
    assert codes([REPORTED], ev("2026-03-02T09:21Z", K.REOPENED)) == ["INVALID_TRANSITION"]


def test_report_filed_before_any_resolution() -> None:
    assert codes([REPORTED], ev("2026-03-02T09:21Z", K.REPORT_FILED)) == ["INVALID_TRANSITION"]


def test_report_filed_after_a_reopened_resolution_is_allowed() -> None:
    resolved = ev("2026-03-02T09:20Z", K.RESOLVED)
    reopened = ev("2026-03-02T09:21Z", K.REOPENED)
    assert codes([REPORTED, resolved, reopened], ev("2026-03-02T09:22Z", K.REPORT_FILED)) == []


def test_resolved_while_paused_ends_the_pause() -> None:
    paused = ev("2026-03-02T09:20Z", K.PAUSED, reason="waiting")
    resolved = ev("2026-03-02T09:21Z", K.RESOLVED)
    assert codes([REPORTED, paused], resolved) == []
    reopened = ev("2026-03-02T09:22Z", K.REOPENED)
    assert codes([REPORTED, paused, resolved, reopened], ev("2026-03-02T09:23Z", K.RESUMED)) == ["INVALID_TRANSITION"]
    assert codes([REPORTED, paused, resolved, reopened], ev("2026-03-02T09:23Z", K.PAUSED, reason="x")) == []


def test_unknown_actor() -> None:
    problems = check_append([REPORTED], ev("2026-03-02T09:21Z", K.NOTE, actor="nobody"), TERMS, KNOWN_PEOPLE)
    assert [(p.code, p.path) for p in problems] == [("UNKNOWN_REFERENCE", ("actor",))]


def test_unknown_assignee() -> None:
    problems = check_append([REPORTED], ev("2026-03-02T09:21Z", K.ASSIGNED, assignee="x"), TERMS, KNOWN_PEOPLE)
    assert [(p.code, p.path) for p in problems] == [("UNKNOWN_REFERENCE", ("assignee",))]


def test_unknown_severity() -> None:
    problems = check_append([REPORTED], ev("2026-03-02T09:21Z", K.RECLASSIFIED, severity="SEV9"), TERMS, KNOWN_PEOPLE)
    assert [(p.code, p.path) for p in problems] == [("UNKNOWN_REFERENCE", ("severity",))]


def test_missing_fields() -> None:
    cases = {
        K.ESCALATED: "level",
        K.DE_ESCALATED: "level",
        K.ASSIGNED: "assignee",
        K.RECLASSIFIED: "severity",
        K.PAUSED: "reason",
    }
    for kind, field in cases.items():
        problems = check_append([REPORTED], ev("2026-03-02T09:21Z", kind), TERMS, KNOWN_PEOPLE)
        assert [(p.code, p.path) for p in problems] == [("MISSING_FIELD", (field,))], kind


def test_one_event_can_break_several_rules() -> None:
    bad = ev("2026-03-02T09:00Z", K.ESCALATED, level=9, actor="ghost")
    assert codes([REPORTED], bad) == ["OUT_OF_ORDER", "INVALID_LEVEL", "UNKNOWN_REFERENCE"]


def test_check_stream_paths_point_at_the_event() -> None:
    events = [
        REPORTED,
        ev("2026-03-02T09:20Z", K.ESCALATED, level=2),
        ev("2026-03-02T09:21Z", K.ESCALATED, level=2),
        ev("2026-03-02T09:22Z", K.RESUMED),
    ]
    problems = check_stream(events, TERMS, KNOWN_PEOPLE)
    assert problems == [
        Problem("INVALID_LEVEL", "ESCALATED must raise the level above 2.", ("events", 2, "level")),
        Problem("INVALID_TRANSITION", "RESUMED while the incident is not paused.", ("events", 3, "kind")),
    ]


def test_a_rejected_event_does_not_cascade() -> None:
    events = [
        ev("2026-03-02T09:10Z", K.NOTE, note="too early"),  # not REPORTED: rejected, so the next one is first
        REPORTED,
        ev("2026-03-02T09:20Z", K.PAUSED, actor="ghost", reason="x"),  # bad actor, but the pause still counts
        ev("2026-03-02T09:30Z", K.RESUMED),
    ]
    problems = check_stream(events, TERMS, KNOWN_PEOPLE)
    assert [(p.code, p.path) for p in problems] == [
        ("FIRST_EVENT_NOT_REPORTED", ("events", 0, "kind")),
        ("UNKNOWN_REFERENCE", ("events", 2, "actor")),
    ]


def test_check_incident_checks_the_reported_severity() -> None:
    problems = check_incident(inc_1001(severity="SEV9"), TERMS, KNOWN_PEOPLE)
    assert [(p.code, p.path) for p in problems] == [("UNKNOWN_REFERENCE", ("severity",))]


def test_the_clock_skew_is_a_parameter() -> None:
    now = at("2026-03-02T09:30Z")
    later = ev("2026-03-02T09:40Z", K.NOTE, note="ten minutes ahead")
    assert [p.code for p in check_append([REPORTED], later, TERMS, KNOWN_PEOPLE, now)] == ["FUTURE_EVENT"]
    assert check_append([REPORTED], later, TERMS, KNOWN_PEOPLE, now, timedelta(minutes=10)) == []
