"""domain.documents: the incidents document of formats.md, its within-document problems, and its facts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from domain.documents import (
    IncidentsDocument,
    content_hash,
    incident_facts,
    outages,
    parse_incidents_document,
    to_event,
)
from domain.errors import PathPart
from domain.events import Event, EventKind, Outage
from tests.unit import sla_fixtures
from tests.unit.fixtures_documents import (
    CONTRACT_YAML,
    DELETE,
    INCIDENTS_YAML,
    as_json,
    as_yaml,
    codes_and_paths,
    data_of,
    edited,
    problems_of,
)

EVENTS: tuple[PathPart, ...] = ("incidents", 0, "events")


@pytest.fixture(scope="module")
def document() -> IncidentsDocument:
    return parse_incidents_document(INCIDENTS_YAML)


def example(*changes: tuple[tuple[PathPart, ...], Any]) -> str:
    """The formats.md incidents document as YAML, with some fields changed."""
    return as_yaml(edited(data_of(INCIDENTS_YAML), *changes))


def event(index: int, **fields: Any) -> tuple[tuple[PathPart, ...], Any]:
    """A change that replaces INC-1001's event `index` by one with `fields`."""
    return ((*EVENTS, index), fields)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# --- the example ------------------------------------------------------------------------------------------


def test_example_incidents_document_parses(document: IncidentsDocument) -> None:
    assert document.contract == "nimbus-acme-msa"
    assert [person.key for person in document.people] == ["n-sen-1"]
    (incident,) = document.incidents
    assert (incident.key, incident.severity, incident.service_affecting, incident.channel) == (
        "INC-1001",
        "SEV1",
        True,
        "PHONE",
    )
    assert len(incident.events) == 8
    assert document.outages[0].excluded is False


def test_incident_facts_by_hand(document: IncidentsDocument) -> None:
    facts = incident_facts(document.incidents[0])
    assert (facts.key, facts.service, facts.severity, facts.service_affecting) == (
        "INC-1001",
        "compute-eu-west-2",
        "SEV1",
        True,
    )
    assert facts.events[0] == Event(utc("2026-03-02T09:15:00"), EventKind.REPORTED, actor="a-ops-1")
    assert facts.events[2] == Event(
        utc("2026-03-02T09:50:00"), EventKind.ESCALATED, actor="n-duty-1", level=2, assignee="n-spec-1"
    )
    assert facts.events[3].reason == "awaiting customer logs"
    assert facts.events[3].fields() == {"reason": "awaiting customer logs"}
    assert all(e.seq is None for e in facts.events)


def test_incident_facts_and_outages_equal_those_the_rule_tests_use(document: IncidentsDocument) -> None:
    assert incident_facts(document.incidents[0]) == sla_fixtures.inc_1001()
    assert tuple(outages(document)) == sla_fixtures.INC_1001_OUTAGES
    assert outages(document) == [
        Outage("compute-eu-west-2", utc("2026-03-02T09:10:00"), utc("2026-03-02T13:55:00"), excluded=False)
    ]


def test_to_event_keeps_every_field() -> None:
    changed = example(event(1, at="2026-03-02T09:27:00Z", kind="UPDATED", actor="n-duty-1", note="looking"))
    model = parse_incidents_document(changed).incidents[0].events[1]
    assert to_event(model) == Event(utc("2026-03-02T09:27:00"), EventKind.UPDATED, actor="n-duty-1", note="looking")


def test_json_and_yaml_forms_hash_the_same(document: IncidentsDocument) -> None:
    data = data_of(INCIDENTS_YAML)
    from_json = parse_incidents_document(as_json(dict(reversed(list(data.items())))))
    assert from_json == document
    assert content_hash(from_json) == content_hash(document)


def test_defaults_service_affecting_false_and_outage_not_excluded() -> None:
    changed = example((("incidents", 0, "service_affecting"), DELETE), (("incidents", 0, "channel"), DELETE))
    incident = parse_incidents_document(changed).incidents[0]
    assert (incident.service_affecting, incident.channel) == (False, None)


def test_people_and_severities_are_left_to_be_resolved_against_the_contract() -> None:
    changed = example(
        (("people", 0, "party"), "someone-else"),
        (("incidents", 0, "severity"), "SEV9"),
        event(1, at="2026-03-02T09:27:00Z", kind="ACKNOWLEDGED", actor="nobody-known"),
    )
    assert parse_incidents_document(changed).incidents[0].severity == "SEV9"


# --- instants ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("instant", ["2026-03-02T09:27:00", "2026-03-02 09:27", "2026-03-02T09:27:00.5"])
def test_naive_instants_are_rejected(instant: str) -> None:
    changed = example(event(1, at=instant, kind="ACKNOWLEDGED"))
    assert codes_and_paths(parse_incidents_document, changed) == {("NAIVE_DATETIME", (*EVENTS, 1, "at"))}


def test_a_yaml_timestamp_without_offset_is_naive() -> None:
    text = INCIDENTS_YAML.replace('{at: "2026-03-02T09:27:00Z"', "{at: 2026-03-02T09:27:00")
    problems = problems_of(parse_incidents_document, text)
    assert [(p.code, p.path) for p in problems] == [("NAIVE_DATETIME", (*EVENTS, 1, "at"))]
    assert "has no UTC offset" in problems[0].message


def test_a_yaml_timestamp_with_offset_is_accepted() -> None:
    text = INCIDENTS_YAML.replace('{at: "2026-03-02T09:27:00Z"', "{at: 2026-03-02T10:27:00+01:00")
    moment = parse_incidents_document(text).incidents[0].events[1].at
    assert moment == utc("2026-03-02T09:27:00")


def test_offsets_are_kept_and_compared_as_instants() -> None:
    changed = example(event(1, at="2026-03-02T10:27:00+01:00", kind="ACKNOWLEDGED"))
    moment = parse_incidents_document(changed).incidents[0].events[1].at
    assert moment.utcoffset() == timedelta(hours=1)
    assert moment == datetime(2026, 3, 2, 10, 27, tzinfo=timezone(timedelta(hours=1)))


@pytest.mark.parametrize(
    "instant", ["yesterday", "2026-03-02", "2026-02-30T10:00:00Z", "2026-03-02T25:00:00Z", 1772442420]
)
def test_malformed_instants_are_invalid(instant: object) -> None:
    changed = example(event(1, at=instant, kind="ACKNOWLEDGED"))
    assert codes_and_paths(parse_incidents_document, changed) == {("INVALID_DATETIME", (*EVENTS, 1, "at"))}


# --- the stream within the document -----------------------------------------------------------------------


def test_events_out_of_order_are_reported() -> None:
    changed = example(event(2, at="2026-03-02T09:20:00Z", kind="ESCALATED", level=2))
    problems = problems_of(parse_incidents_document, changed)
    assert [(p.code, p.path) for p in problems] == [("OUT_OF_ORDER", (*EVENTS, 2, "at"))]
    assert "before event #2" in problems[0].message


def test_events_at_the_same_instant_are_in_order() -> None:
    changed = example(event(1, at="2026-03-02T09:15:00Z", kind="ACKNOWLEDGED"))
    assert parse_incidents_document(changed).incidents[0].events[1].at == utc("2026-03-02T09:15:00")


def test_the_first_event_must_be_reported() -> None:
    changed = example(event(0, at="2026-03-02T09:15:00Z", kind="NOTE", note="first"))
    assert codes_and_paths(parse_incidents_document, changed) == {("FIRST_EVENT_NOT_REPORTED", (*EVENTS, 0, "kind"))}


@pytest.mark.parametrize(
    ("kind", "needed"),
    [
        ("ESCALATED", "level"),
        ("DE_ESCALATED", "level"),
        ("ASSIGNED", "assignee"),
        ("RECLASSIFIED", "severity"),
        ("PAUSED", "reason"),
        ("UPDATED", "note"),
        ("NOTE", "note"),
    ],
)
def test_an_event_without_the_field_its_kind_needs_is_missing_a_field(kind: str, needed: str) -> None:
    changed = example(event(1, at="2026-03-02T09:27:00Z", kind=kind))
    problems = problems_of(parse_incidents_document, changed)
    assert [(p.code, p.path) for p in problems] == [("MISSING_FIELD", (*EVENTS, 1, needed))]
    assert problems[0].message == f"Event #2 of incident 'INC-1001' is {kind}, so it needs '{needed}'."


def test_a_field_the_kind_does_not_take_is_invalid() -> None:
    changed = example(event(6, at="2026-03-02T14:10:00Z", kind="RESOLVED", level=3))
    assert codes_and_paths(parse_incidents_document, changed) == {("INVALID_VALUE", (*EVENTS, 6, "level"))}


def test_several_incidents_with_mistakes_report_all_of_them() -> None:
    data = data_of(INCIDENTS_YAML)
    second = edited(data["incidents"][0], (("events",), []), (("service_affecting",), "yes"))
    changed = as_yaml(
        edited(
            data,
            (("incidents", 1), second),
            (("people", 1), {"key": "n-sen-1", "name": "Ana Lima", "party": "nimbus"}),
            (("incidents", 0, "events", 4, "kind"), "CONTINUED"),
            (("incidents", 0, "events", 5, "level"), 0),
            (("outages", 0, "end"), "2026-03-02T09:00:00Z"),
            (("outages", 0, "excluded"), "no"),
        )
    )
    assert codes_and_paths(parse_incidents_document, changed) == {
        ("DUPLICATE_KEY", ("people", 1, "key")),
        ("INVALID_ENUM", (*EVENTS, 4, "kind")),
        ("INVALID_LEVEL", (*EVENTS, 5, "level")),
        ("DUPLICATE_KEY", ("incidents", 1, "key")),
        ("INVALID_VALUE", ("incidents", 1, "service_affecting")),
        ("REQUIRED", ("incidents", 1, "events")),
        ("INVALID_RANGE", ("outages", 0, "end")),
        ("INVALID_VALUE", ("outages", 0, "excluded")),
    }


@pytest.mark.parametrize(
    ("path", "value", "code"),
    [
        (("contract",), DELETE, "REQUIRED"),
        (("incidents", 0, "title"), DELETE, "REQUIRED"),
        (("incidents", 0, "priority"), "P1", "UNKNOWN_FIELD"),
        (("incidents", 0, "key"), "INC 1001", "INVALID_KEY"),
        (("contract",), "nimbus/acme", "INVALID_KEY"),
        (("incidents", 0, "channel"), "TELEPHONE", "INVALID_ENUM"),
        (("incidents", 0, "events", 1, "kind"), "ACKNOWLEDGE", "INVALID_ENUM"),
        (("incidents", 0, "events", 1, "actor"), "n duty", "INVALID_KEY"),
        (("incidents",), {"INC-1001": {}}, "INVALID_VALUE"),
        (("outages", 0, "start"), "2026-03-02T13:55:00Z", "INVALID_RANGE"),
    ],
)
def test_each_mistake_is_reported_with_its_code(path: tuple[PathPart, ...], value: Any, code: str) -> None:
    assert codes_and_paths(parse_incidents_document, example((path, value))) == {
        (code, ("outages", 0, "end") if path == ("outages", 0, "start") else path)
    }


def test_a_contract_given_as_incidents_is_an_unsupported_format() -> None:
    (problem,) = problems_of(parse_incidents_document, CONTRACT_YAML)
    assert (problem.code, problem.path) == ("UNSUPPORTED_FORMAT", ("format",))
    assert "This is a contract document" in problem.message
