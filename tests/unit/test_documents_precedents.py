"""domain.documents: the precedents seed document (clausegraph/precedents@1)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.documents import PrecedentsDocument, content_hash, parse_precedents_document
from domain.documents.vocabulary import Topic
from domain.errors import PathPart
from tests.unit.fixtures_documents import (
    DELETE,
    PRECEDENTS_YAML,
    as_json,
    as_yaml,
    codes_and_paths,
    data_of,
    edited,
    problems_of,
)


@pytest.fixture(scope="module")
def document() -> PrecedentsDocument:
    return parse_precedents_document(PRECEDENTS_YAML)


def example(*changes: tuple[tuple[PathPart, ...], Any]) -> str:
    """The sample precedents document as YAML, with some fields changed."""
    return as_yaml(edited(data_of(PRECEDENTS_YAML), *changes))


def test_sample_precedents_parse(document: PrecedentsDocument) -> None:
    assert [precedent.key for precedent in document.precedents] == [
        "hadley-v-baxendale",
        "photo-production-v-securicor",
        "the-achilleas",
        "cavendish-v-makdessi",
        "triple-point-v-ptt",
    ]
    hadley = document.precedents[0]
    assert (hadley.year, hadley.decided, hadley.jurisdiction) == (1854, date(1854, 2, 23), "GB")
    assert hadley.topics == (Topic.REMOTENESS, Topic.CONSEQUENTIAL_LOSS)
    assert hadley.url is None
    assert document.precedents[3].url == "https://www.supremecourt.uk/cases/uksc-2013-0280.html"


def test_citations_use_from_and_to_and_may_name_stored_precedents(document: PrecedentsDocument) -> None:
    first, second, third = document.citations
    assert (first.from_, first.to, first.note) == ("the-achilleas", "hadley-v-baxendale", "applied and refined")
    assert second.to == "dunlop-v-new-garage"  # not in this document: stored earlier, or later
    assert third.note is None


def test_json_and_yaml_forms_hash_the_same(document: PrecedentsDocument) -> None:
    data = data_of(PRECEDENTS_YAML)
    from_json = parse_precedents_document(as_json(dict(reversed(list(data.items())))))
    assert from_json == document
    assert content_hash(from_json) == content_hash(document)


def test_citations_and_decision_dates_are_optional() -> None:
    document = parse_precedents_document(example((("citations",), DELETE), (("precedents", 0, "decided"), DELETE)))
    assert (document.citations, document.precedents[0].decided) == ((), None)


def test_a_precedent_may_come_from_a_subdivision() -> None:
    document = parse_precedents_document(example((("precedents", 0, "jurisdiction"), "US-NY")))
    assert document.precedents[0].jurisdiction == "US-NY"


@pytest.mark.parametrize(
    ("path", "value", "code", "expected_path"),
    [
        (("precedents", 0, "year"), DELETE, "REQUIRED", None),
        (("precedents", 0, "topics"), [], "REQUIRED", None),
        (("precedents", 0, "judge"), "Alderson B", "UNKNOWN_FIELD", None),
        (("precedents", 0, "key"), "Hadley v Baxendale", "INVALID_KEY", None),
        (("citations", 0, "from"), "the achilleas", "INVALID_KEY", None),
        (("precedents", 0, "topics"), ["DAMAGES"], "INVALID_ENUM", ("precedents", 0, "topics", 0)),
        (("precedents", 0, "jurisdiction"), "England", "INVALID_JURISDICTION", None),
        (("precedents", 0, "decided"), "23 February 1854", "INVALID_DATE", None),
        (("precedents", 0, "year"), "1854", "INVALID_VALUE", None),
        (("precedents", 0, "year"), 854, "INVALID_RANGE", None),
        (("precedents", 0, "year"), 1855, "INVALID_VALUE", None),
        (("precedents", 0, "url"), "www.example.com", "INVALID_VALUE", None),
        (("precedents", 0, "holding"), "", "INVALID_VALUE", None),
        (("precedents", 1, "key"), "hadley-v-baxendale", "DUPLICATE_KEY", None),
        (("precedents", 0, "topics"), ["REMOTENESS", "REMOTENESS"], "DUPLICATE_KEY", ("precedents", 0, "topics", 1)),
        (("citations", 2, "to"), "triple-point-v-ptt", "INVALID_VALUE", None),
        (("citations", 2), {"from": "the-achilleas", "to": "hadley-v-baxendale"}, "DUPLICATE_KEY", None),
        (("citations", 0, "from_"), "x", "UNKNOWN_FIELD", None),
        (("format",), "clausegraph/precedents@2", "UNSUPPORTED_FORMAT", None),
    ],
)
def test_each_mistake_is_reported_with_its_code_and_path(
    path: tuple[PathPart, ...], value: Any, code: str, expected_path: tuple[PathPart, ...] | None
) -> None:
    assert codes_and_paths(parse_precedents_document, example((path, value))) == {(code, expected_path or path)}


def test_several_mistakes_are_reported_together() -> None:
    text = example(
        (("precedents", 0, "court"), DELETE),
        (("precedents", 2, "topics"), ["REMOTENESS", "NEGLIGENCE"]),
        (("citations", 1, "to"), "cavendish-v-makdessi"),
    )
    problems = problems_of(parse_precedents_document, text)
    assert [(p.code, p.path) for p in problems] == [
        ("REQUIRED", ("precedents", 0, "court")),
        ("INVALID_ENUM", ("precedents", 2, "topics", 1)),
        ("INVALID_VALUE", ("citations", 1, "to")),
    ]
    assert problems[2].message == "Precedent 'cavendish-v-makdessi' cannot cite itself."
