"""domain.documents: reading document text (YAML or JSON) before any field is checked."""

from __future__ import annotations

import subprocess
import sys

import pytest

from domain.documents import (
    CODES,
    parse_contract_document,
    parse_incidents_document,
    parse_precedents_document,
)
from tests.unit.fixtures_documents import INCIDENTS_YAML, problems_of


def test_invalid_yaml_gives_line_and_column() -> None:
    problems = problems_of(parse_incidents_document, "format: clausegraph/incidents@1\nincidents: [a, b\n")
    assert [(p.code, p.path) for p in problems] == [("INVALID_YAML", ())]
    assert "line 3, column 1" in problems[0].message


def test_a_yaml_mapping_value_error_names_its_place() -> None:
    (problem,) = problems_of(parse_incidents_document, "format: clausegraph/incidents@1\ncontract: a: b\n")
    assert problem.code == "INVALID_YAML"
    # the wording is the YAML parser's (libyaml's: "... not allowed in this context"); the place is ours to give
    assert "mapping values are not allowed" in problem.message
    assert problem.message.endswith("at line 2, column 12.")


def test_invalid_json_is_reported_as_json() -> None:
    (problem,) = problems_of(parse_incidents_document, '{"format": "clausegraph/incidents@1",\n "contract": "c}')
    assert problem.code == "INVALID_YAML"
    assert problem.message.startswith("The document is not valid JSON: Unterminated string")
    assert "line 2, column 14" in problem.message


def test_json_that_is_also_yaml_flow_style_is_read() -> None:
    text = "{format: clausegraph/incidents@1, contract: c, incidents: []}"
    assert parse_incidents_document(text).contract == "c"


@pytest.mark.parametrize("text", ["", "   \n", "# nothing\n", "- a\n- b\n", "just text", "42"])
def test_a_document_that_is_not_a_mapping_is_refused(text: str) -> None:
    (problem,) = problems_of(parse_contract_document, text)
    assert (problem.code, problem.path) == ("NOT_A_MAPPING", ())
    assert "format: clausegraph/contract@1" in problem.message


def test_field_names_that_are_not_text_are_unknown_fields() -> None:
    text = "format: clausegraph/precedents@1\nprecedents: []\n1: x\nnull: y\n"
    problems = problems_of(parse_precedents_document, text)
    assert [(p.code, p.path) for p in problems] == [("UNKNOWN_FIELD", ("1",)), ("UNKNOWN_FIELD", ("null",))]
    assert problems[0].message == "The document has a field named 1; field names are text, such as 'key' or 'name'."


def test_repeated_keys_in_json_are_duplicates() -> None:
    text = '{"format": "clausegraph/precedents@1", "precedents": [], "precedents": []}'
    assert [(p.code, p.path) for p in problems_of(parse_precedents_document, text)] == [
        ("DUPLICATE_KEY", ("precedents",))
    ]


def test_repeated_keys_inside_entries_are_duplicates_with_their_path() -> None:
    text = INCIDENTS_YAML.replace("kind: REPORTED, actor: a-ops-1}", "kind: REPORTED, actor: a-ops-1, actor: x}")
    (problem,) = problems_of(parse_incidents_document, text)
    assert (problem.code, problem.path) == ("DUPLICATE_KEY", ("incidents", 0, "events", 0, "actor"))


def test_yaml_merge_keys_are_not_duplicates() -> None:
    text = (
        "format: clausegraph/precedents@1\n"
        "base: &base {court: House of Lords, jurisdiction: GB, year: 1980}\n"
        "precedents: []\n"
    )
    # `base` is an unknown field; the anchor itself must not confuse the duplicate check.
    assert [(p.code, p.path) for p in problems_of(parse_precedents_document, text)] == [("UNKNOWN_FIELD", ("base",))]


def test_aliases_that_expand_without_bound_are_refused() -> None:
    lines = ["format: clausegraph/precedents@1", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 7)]
    (problem,) = problems_of(parse_precedents_document, "\n".join(lines) + "\n")
    assert problem.code == "INVALID_YAML"
    assert "too large" in problem.message


def test_a_self_referring_yaml_document_is_refused() -> None:
    (problem,) = problems_of(parse_precedents_document, "format: clausegraph/precedents@1\nprecedents: &p [*p]\n")
    assert problem.code == "INVALID_YAML"


def test_deeply_nested_text_is_refused() -> None:
    (problem,) = problems_of(parse_precedents_document, "[" * 5000)
    assert problem.code == "INVALID_YAML"


def test_text_must_be_text() -> None:
    (problem,) = problems_of(parse_precedents_document, b"format: x")  # type: ignore[arg-type]
    assert problem.code == "INVALID_YAML"


def test_every_code_is_documented_in_the_package_docstring() -> None:
    import domain.documents as package

    assert package.__doc__ is not None
    assert all(f"- {code}:" in package.__doc__ for code in CODES)


def test_documents_import_neither_the_database_nor_the_web() -> None:
    script = (
        "import sys, domain.documents\n"
        "print(sorted(name for name in ('neo4j', 'strawberry', 'starlette') if name in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
