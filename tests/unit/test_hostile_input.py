"""Bad input gets a named problem: scalars, document numbers and dates, search text, future events."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from strawberry.exceptions import StrawberryInputCoercionError

from domain.documents.incidents import state_free_problems
from domain.documents.loading import load_text
from domain.documents.values import sane_decimal
from domain.errors import DomainError
from domain.events import Event, EventKind
from domain.stream import check_append
from resolvers.precedents import lucene_terms, search_words
from schema.scalars import parse_datetime, parse_decimal
from tests.unit.fixtures_documents import INCIDENTS_YAML
from tests.unit.sla_fixtures import KNOWN_PEOPLE, contract_terms

NOW = datetime(2026, 3, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    "value", ["now", "", "2026-02-30T00:00:00Z", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", 17]
)
def test_impossible_datetimes_are_refused_naming_the_value(value: object) -> None:
    with pytest.raises(StrawberryInputCoercionError) as caught:
        parse_datetime(value)
    assert repr(value if isinstance(value, str) else repr(value)) in caught.value.message


def test_a_real_datetime_is_read() -> None:
    assert parse_datetime("2026-03-02T10:15:00+01:00") == datetime(2026, 3, 2, 9, 15, tzinfo=UTC)


@pytest.mark.parametrize("value", ["1E+100000000", "1" * 19, "0.1234567", "NaN", "Infinity", "1_000", True])
def test_decimals_out_of_range_are_refused(value: object) -> None:
    with pytest.raises(StrawberryInputCoercionError):
        parse_decimal(value)
    if isinstance(value, str):
        assert sane_decimal(value) is None


def test_decimals_within_range_are_read() -> None:
    assert parse_decimal("9" * 18 + ".123456") == Decimal("9" * 18 + ".123456")
    assert parse_decimal(40) == Decimal(40)
    assert sane_decimal("00040000.00") == Decimal("40000.00")


def test_a_date_that_does_not_exist_stays_text_for_its_field_to_name() -> None:
    assert load_text("effective: 2026-02-30\nother: 2026-02-28")["effective"] == "2026-02-30"


def test_search_text_is_words_only() -> None:
    assert lucene_terms(search_words('escalation OR "x AND* \\', 10)) == r'"escalation" "OR" "\"x" "AND*" "\\"'
    with pytest.raises(DomainError) as caught:
        search_words("w " * 11, 10)
    assert caught.value.problems[0].code == "TOO_MANY_SEARCH_TERMS"
    with pytest.raises(DomainError):
        search_words("  ", 10)


def test_an_event_far_in_the_future_is_refused_with_now() -> None:
    reported = Event(NOW, EventKind.REPORTED, actor="a-ops-1")
    later = Event(datetime(2026, 3, 10, 0, 6, tzinfo=UTC), EventKind.NOTE, note="x")
    assert [p.code for p in check_append([reported], later, contract_terms(), KNOWN_PEOPLE, NOW)] == ["FUTURE_EVENT"]
    assert check_append([reported], later, contract_terms(), KNOWN_PEOPLE) == []


def test_state_free_problems_cover_every_event_even_after_an_out_of_order_one() -> None:
    raw = load_text(INCIDENTS_YAML)
    events = raw["incidents"][0]["events"]
    events[1]["at"] = "2026-03-01T00:00:00Z"  # out of order: reported by the document check
    events[2]["level"] = 9
    events[3]["actor"] = "nobody"
    events[4]["at"] = "2027-01-01T00:00:00Z"
    found = {(p.code, p.path) for p in state_free_problems(raw, contract_terms(), KNOWN_PEOPLE, NOW)}
    assert found == {
        ("INVALID_LEVEL", ("incidents", 0, "events", 2, "level")),
        ("UNKNOWN_REFERENCE", ("incidents", 0, "events", 3, "actor")),
        ("FUTURE_EVENT", ("incidents", 0, "events", 4, "at")),
    }
