"""domain.documents: the contract document of formats.md, its problems, and its ContractTerms."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Any

import pytest

from domain.documents import (
    ContractDocument,
    content_hash,
    contract_terms,
    parse_contract_document,
)
from domain.errors import PathPart
from domain.terms import OpenInterval
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

Change = tuple[tuple[PathPart, ...], Any]

CLAUSE_5_1 = {"number": "5.1", "heading": "Support channels (again)", "kind": "OTHER", "text": "Repeated."}


@pytest.fixture(scope="module")
def contract() -> ContractDocument:
    return parse_contract_document(CONTRACT_YAML)


def example(*changes: Change) -> str:
    """The formats.md contract as YAML, with some fields changed."""
    return as_yaml(edited(data_of(CONTRACT_YAML), *changes))


def single_problem(*changes: Change) -> tuple[str, tuple[PathPart, ...], str]:
    """(code, path, message) of the one problem the changed contract has."""
    problems = problems_of(parse_contract_document, example(*changes))
    assert len(problems) == 1, problems
    return problems[0].code, problems[0].path, problems[0].message


# --- the example parses, and gives the terms the rules expect ---------------------------------------------


def test_example_contract_parses(contract: ContractDocument) -> None:
    assert contract.key == "nimbus-acme-msa"
    assert contract.version == 1
    assert contract.effective == date(2026, 1, 1)
    assert contract.expires == date(2027, 12, 31)
    assert contract.monthly_fee == Decimal("40000.00")
    assert [party.key for party in contract.parties] == ["nimbus", "acme"]
    assert [clause.number for clause in contract.clauses] == ["5.1", "5.2", "6.1", "7.1", "9.1", "12.1", "14.1"]
    assert contract.clauses[0].text.startswith("The Provider shall provide support by telephone")
    assert contract.severities[3].resolution is None
    assert contract.escalation.triggers[4].after is None
    assert contract.liability is not None and contract.liability.cap == Decimal("480000.00")


def test_contract_terms_of_example_by_hand(contract: ContractDocument) -> None:
    terms = contract_terms(contract)
    assert terms.provider == "nimbus"
    assert terms.jurisdiction == "GB"
    assert terms.monthly_fee == Decimal("40000.00")
    sev1, sev3, sev4 = terms.severities["SEV1"], terms.severities["SEV3"], terms.severities["SEV4"]
    assert (sev1.response_seconds, sev1.resolution_seconds, sev1.update_seconds) == (900, 14400, 3600)
    assert (sev1.calendar, sev1.clause) == ("always", "5.2")
    assert (sev3.response_seconds, sev3.resolution_seconds, sev3.calendar) == (14400, 259200, "uk-business")
    assert (sev4.response_seconds, sev4.resolution_seconds) == (86400, None)
    business = terms.calendars["uk-business"]
    assert business.hours["mon"] == (OpenInterval(time(9, 0), time(17, 30)),)
    assert "sat" not in business.hours
    assert (business.timezone, business.holiday_country, business.holiday_subdivision) == ("Europe/London", "GB", "ENG")
    assert business.closed == frozenset({date(2026, 12, 24)})
    assert terms.calendars["always"].always_open
    assert terms.role_party["senior-engineer"] == "nimbus"
    assert terms.escalation.levels == {1: "frontline", 2: "specialist", 3: "senior-engineer", 4: "executive"}
    triggers = terms.escalation.triggers
    assert [t.index for t in triggers] == [0, 1, 2, 3, 4, 5]
    assert [t.after_seconds for t in triggers] == [900, 7200, 21600, 1800, 0, 3600]
    assert (triggers[4].kind, triggers[4].count, triggers[4].window_seconds) == ("REPEATED", 3, 2592000)
    assert triggers[0].severities == frozenset({"SEV1"}) and triggers[3].severities is None
    assert terms.credits is not None
    assert (terms.credits.cap_percent, terms.credits.claim_window_seconds) == (Decimal("25"), 5184000)
    assert terms.credits.rules[2].severities == frozenset({"SEV1", "SEV2"})
    assert terms.credits.rules[3].severities is None
    assert [tier.below for tier in terms.credits.uptime_tiers] == [Decimal("99.95"), Decimal("99.0"), Decimal("95.0")]
    assert terms.documentation is not None and terms.documentation.report_due_seconds == 432000
    assert terms.dispute_resolution is not None
    assert terms.dispute_resolution.steps == ("NEGOTIATION", "MEDIATION", "ARBITRATION")
    assert terms.dispute_resolution.negotiation_period_seconds == 2592000
    assert terms.clause_topics["9.1"] == frozenset({"SERVICE_CREDITS", "PENALTY_CLAUSE"})
    assert terms.clause_topics["5.1"] == frozenset()


def test_contract_terms_of_example_equal_those_the_rule_tests_use(contract: ContractDocument) -> None:
    assert contract_terms(contract) == sla_fixtures.contract_terms()


def test_json_and_yaml_forms_hash_the_same(contract: ContractDocument) -> None:
    data = data_of(CONTRACT_YAML)
    reordered = dict(reversed(list(data.items())))
    from_json = parse_contract_document(as_json(reordered))
    assert from_json == contract
    assert content_hash(from_json) == content_hash(contract)
    assert content_hash(parse_contract_document(example((("title",), "Another title")))) != content_hash(contract)


def test_optional_sections_may_be_left_out() -> None:
    optional = ("expires", "people", "credits", "documentation", "dispute_resolution", "liability")
    text = example(*(((name,), DELETE) for name in optional))
    document = parse_contract_document(text)
    terms = contract_terms(document)
    assert (terms.credits, terms.documentation, terms.liability, terms.dispute_resolution) == (None, None, None, None)


def test_credits_timezone_defaults_to_utc() -> None:
    document = parse_contract_document(example((("credits", "timezone"), DELETE)))
    assert document.credits is not None and document.credits.timezone == "UTC"


def test_hours_may_end_at_midnight_touch_and_split_a_day() -> None:
    hours = {"sat": ["13:00-24:00", "00:00-06:00", "06:00-07:30"], "sun": ["00:00-24:00"]}
    terms = contract_terms(parse_contract_document(example((("calendars", 1, "hours"), hours))))
    calendar = terms.calendars["uk-business"]
    assert calendar.hours["sat"] == (
        OpenInterval(time(0), time(6)),
        OpenInterval(time(6), time(7, 30)),
        OpenInterval(time(13), None),
    )
    assert calendar.hours["sun"] == (OpenInterval(time(0), None),)


# --- every problem at once ---------------------------------------------------------------------------------


def test_a_document_with_several_mistakes_reports_all_of_them() -> None:
    text = example(
        (("version",), 0),
        (("monthly_fee",), 40000.0),
        (("parties", 1, "role"), "VENDOR"),
        (("calendars", 1, "timezone"), "Europe/Londn"),
        (("severities", 1, "response"), "P1M"),
        (("severities", 2, "calendar"), "uk-biz"),
        (("severities", 3, "resolutoin"), "P5D"),
        (("escalation", "levels", 3, "level"), 5),
        (("credits", "rules", 0, "severities"), ["SEV9"]),
    )
    assert codes_and_paths(parse_contract_document, text) == {
        ("INVALID_RANGE", ("version",)),
        ("INVALID_MONEY", ("monthly_fee",)),
        ("INVALID_ENUM", ("parties", 1, "role")),
        ("INVALID_TIMEZONE", ("calendars", 1, "timezone")),
        ("INVALID_DURATION", ("severities", 1, "response")),
        ("UNKNOWN_REFERENCE", ("severities", 2, "calendar")),
        ("UNKNOWN_FIELD", ("severities", 3, "resolutoin")),
        ("INVALID_LEVEL", ("escalation", "levels")),
        ("INVALID_LEVEL", ("escalation", "triggers", 5, "to_level")),
        ("UNKNOWN_REFERENCE", ("credits", "rules", 0, "severities", 0)),
    }


def test_problems_come_in_reading_order() -> None:
    text = example((("liability", "cap"), 1), (("key",), "a b"), (("severities", 0, "calendar"), "x"))
    paths = [problem.path for problem in problems_of(parse_contract_document, text)]
    assert paths == [("key",), ("severities", 0, "calendar"), ("liability", "cap")]


def test_references_are_checked_even_where_the_same_entry_has_other_mistakes() -> None:
    text = example((("severities", 0, "response"), "15 minutes"), (("severities", 0, "calendar"), "nights"))
    assert codes_and_paths(parse_contract_document, text) == {
        ("INVALID_DURATION", ("severities", 0, "response")),
        ("UNKNOWN_REFERENCE", ("severities", 0, "calendar")),
    }


def test_unknown_reference_names_what_is_defined() -> None:
    code, path, message = single_problem((("support_channels", 0, "severities"), ["SEV1", "SEV9"]))
    assert (code, path) == ("UNKNOWN_REFERENCE", ("support_channels", 0, "severities", 1))
    assert message == "Severity 'SEV9' is not defined in this contract (severities: SEV1, SEV2, SEV3, SEV4)."


# --- one test or more per code -----------------------------------------------------------------------------


def case(path: tuple[PathPart, ...], value: Any, code: str, at: tuple[PathPart, ...] | None = None) -> Any:
    """One mistake: set `path` to `value` (or DELETE it); expect `code` at `at` (default: `path`)."""
    return pytest.param(path, value, code, path if at is None else at, id=f"{code}-{'.'.join(map(str, path))}")


@pytest.mark.parametrize(
    ("path", "value", "code", "expected_path"),
    [
        # REQUIRED
        case(("title",), DELETE, "REQUIRED"),
        case(("severities", 1, "response"), DELETE, "REQUIRED"),
        case(("escalation",), DELETE, "REQUIRED"),
        case(("roles",), [], "REQUIRED"),
        case(("calendars", 1, "timezone"), DELETE, "REQUIRED"),
        case(("escalation", "triggers", 0, "severities"), [], "REQUIRED"),
        case(("parties", 0, "role"), "THIRD_PARTY", "REQUIRED", at=("parties",)),
        case(("format",), DELETE, "REQUIRED"),
        # UNKNOWN_FIELD
        case(("owner",), "legal", "UNKNOWN_FIELD"),
        case(("calendars", 1, "hours", "monday"), ["09:00-17:00"], "UNKNOWN_FIELD"),
        # INVALID_KEY
        case(("key",), "nimbus acme", "INVALID_KEY"),
        case(("parties", 0, "key"), "-nimbus", "INVALID_KEY"),
        case(("key",), "k" * 65, "INVALID_KEY"),
        case(("clauses", 6, "number"), "14 .1", "INVALID_KEY"),
        # INVALID_DURATION
        case(("severities", 0, "resolution"), "P1Y", "INVALID_DURATION"),
        case(("severities", 0, "update"), "-PT1H", "INVALID_DURATION"),
        case(("escalation", "triggers", 0, "after"), 15, "INVALID_DURATION"),
        # INVALID_DATE
        case(("effective",), "2026-02-30", "INVALID_DATE"),
        case(("effective",), "01/01/2026", "INVALID_DATE"),
        case(("calendars", 1, "closed"), ["2026-12-24T00:00:00Z"], "INVALID_DATE", at=("calendars", 1, "closed", 0)),
        # INVALID_MONEY
        case(("monthly_fee",), 40000, "INVALID_MONEY"),
        case(("monthly_fee",), "-1.00", "INVALID_MONEY"),
        case(("liability", "cap"), "480,000.00", "INVALID_MONEY"),
        # INVALID_PERCENT
        case(("credits", "cap_percent"), "125", "INVALID_PERCENT"),
        case(("credits", "rules", 0, "percent"), 5, "INVALID_PERCENT"),
        case(("credits", "uptime", "target"), "ninety", "INVALID_PERCENT"),
        # INVALID_ENUM
        case(("kind",), "CLOUD", "INVALID_ENUM"),
        case(("parties", 1, "role"), "customer", "INVALID_ENUM"),
        case(("clauses", 0, "kind"), "SUPPORT", "INVALID_ENUM"),
        case(("clauses", 0, "topics"), ["PENALTIES"], "INVALID_ENUM", at=("clauses", 0, "topics", 0)),
        case(("support_channels", 0, "kind"), "PAGER", "INVALID_ENUM"),
        case(("escalation", "triggers", 0, "kind"), "LATE", "INVALID_ENUM"),
        case(("credits", "rules", 0, "kind"), "UPTIME", "INVALID_ENUM"),
        case(("dispute_resolution", "steps"), ["COURT"], "INVALID_ENUM", at=("dispute_resolution", "steps", 0)),
        # INVALID_VALUE
        case(("currency",), "gbp", "INVALID_VALUE"),
        case(("title",), "  ", "INVALID_VALUE"),
        case(("credits", "sole_remedy"), "yes", "INVALID_VALUE"),
        case(("calendars", 1, "hours", "mon"), ["9-5"], "INVALID_VALUE", at=("calendars", 1, "hours", "mon", 0)),
        case(("calendars", 1, "hours", "mon"), "09:00-17:30", "INVALID_VALUE"),
        case(
            ("calendars", 1, "hours", "mon"), ["09:00-25:00"], "INVALID_VALUE", at=("calendars", 1, "hours", "mon", 0)
        ),
        case(("parties", 1), "acme", "INVALID_VALUE"),
        case(("calendars", 0, "hours"), {"mon": ["09:00-17:00"]}, "INVALID_VALUE"),
        case(("people", 2, "role"), "frontline", "INVALID_VALUE"),
        case(("escalation", "triggers", 5, "count"), 2, "INVALID_VALUE"),
        # UNKNOWN_REFERENCE
        case(("severities", 0, "calendar"), "nights", "UNKNOWN_REFERENCE"),
        case(("severities", 0, "clause"), "5.3", "UNKNOWN_REFERENCE"),
        case(("roles", 3, "party"), "nimbus-ltd", "UNKNOWN_REFERENCE"),
        case(("people", 2, "party"), "acme-plc", "UNKNOWN_REFERENCE"),
        case(("escalation", "levels", 0, "role"), "duty", "UNKNOWN_REFERENCE"),
        case(("documentation", "severities"), ["SEV5"], "UNKNOWN_REFERENCE", at=("documentation", "severities", 0)),
        case(("liability", "clause"), "12.2", "UNKNOWN_REFERENCE"),
        # DUPLICATE_KEY
        case(("severities", 3, "code"), "SEV3", "DUPLICATE_KEY"),
        case(("clauses", 7), CLAUSE_5_1, "DUPLICATE_KEY", at=("clauses", 7, "number")),
        case(("calendars", 2), {"key": "always", "always_open": True}, "DUPLICATE_KEY", at=("calendars", 2, "key")),
        case(
            ("people", 3),
            {"key": "a-ops-1", "name": "D. Cole", "party": "acme"},
            "DUPLICATE_KEY",
            at=("people", 3, "key"),
        ),
        case(
            ("escalation", "levels", 4),
            {"level": 4, "role": "executive"},
            "DUPLICATE_KEY",
            at=("escalation", "levels", 4, "level"),
        ),
        case(
            ("clauses", 4, "topics"),
            ["PENALTY_CLAUSE", "PENALTY_CLAUSE"],
            "DUPLICATE_KEY",
            at=("clauses", 4, "topics", 1),
        ),
        case(("parties", 1, "role"), "PROVIDER", "DUPLICATE_KEY"),
        case(("documentation", "severities"), ["SEV1", "SEV1"], "DUPLICATE_KEY", at=("documentation", "severities", 1)),
        case(("credits", "uptime", "tiers", 1, "below"), "99.95", "DUPLICATE_KEY"),
        # INVALID_LEVEL
        case(
            ("escalation", "levels", 4), {"level": 6, "role": "executive"}, "INVALID_LEVEL", at=("escalation", "levels")
        ),
        case(("escalation", "levels", 0, "level"), 0, "INVALID_LEVEL"),
        case(("escalation", "triggers", 0, "to_level"), 7, "INVALID_LEVEL"),
        case(("escalation", "triggers", 0, "to_level"), 0, "INVALID_LEVEL"),
        # OVERLAPPING_HOURS
        case(("calendars", 1, "hours", "mon"), ["09:00-13:00", "12:30-17:30"], "OVERLAPPING_HOURS"),
        # INVALID_TIMEZONE
        case(("calendars", 1, "timezone"), "London", "INVALID_TIMEZONE"),
        case(("credits", "timezone"), "GMT+1", "INVALID_TIMEZONE"),
        # INVALID_JURISDICTION
        case(("jurisdiction",), "UK", "INVALID_JURISDICTION"),
        case(("jurisdiction",), "GBR", "INVALID_JURISDICTION"),
        case(("jurisdiction",), "gb", "INVALID_JURISDICTION"),
        case(("jurisdiction",), False, "INVALID_JURISDICTION"),
        # INVALID_HOLIDAYS
        case(("calendars", 1, "holidays", "country"), "XX", "INVALID_HOLIDAYS"),
        case(("calendars", 1, "holidays", "subdivision"), "LDN", "INVALID_HOLIDAYS"),
        # INVALID_RANGE
        case(("expires",), "2025-12-31", "INVALID_RANGE"),
        case(("version",), 0, "INVALID_RANGE"),
        case(("escalation", "triggers", 4, "count"), 0, "INVALID_RANGE"),
        case(
            ("calendars", 1, "hours", "mon"), ["17:30-09:00"], "INVALID_RANGE", at=("calendars", 1, "hours", "mon", 0)
        ),
        case(("severities", 0, "resolution"), "PT10M", "INVALID_RANGE"),
        case(("severities", 0, "response"), "PT0S", "INVALID_RANGE"),
        case(("credits", "uptime", "tiers", 0, "below"), "99.99", "INVALID_RANGE"),
        # MISSING_FIELD
        case(("escalation", "triggers", 4, "window"), DELETE, "MISSING_FIELD"),
        case(("escalation", "triggers", 4, "count"), DELETE, "MISSING_FIELD"),
    ],
)
def test_each_mistake_is_reported_with_its_code_and_path(
    path: tuple[PathPart, ...], value: Any, code: str, expected_path: tuple[PathPart, ...]
) -> None:
    assert single_problem((path, value))[:2] == (code, expected_path)


def test_a_malformed_definition_does_not_make_every_reference_to_it_unknown() -> None:
    text = example((("parties", 0, "key"), "-nimbus"))
    assert codes_and_paths(parse_contract_document, text) == {("INVALID_KEY", ("parties", 0, "key"))}


def test_a_renamed_definition_leaves_its_references_unknown() -> None:
    text = example((("calendars", 1, "key"), "always"))
    assert codes_and_paths(parse_contract_document, text) == {
        ("DUPLICATE_KEY", ("calendars", 1, "key")),
        ("UNKNOWN_REFERENCE", ("support_channels", 1, "calendar")),
        ("UNKNOWN_REFERENCE", ("severities", 2, "calendar")),
        ("UNKNOWN_REFERENCE", ("severities", 3, "calendar")),
    }


def test_a_missing_level_is_reported_once_with_the_trigger_that_needs_it() -> None:
    text = example((("escalation", "levels", 2, "level"), 4))
    assert codes_and_paths(parse_contract_document, text) == {
        ("DUPLICATE_KEY", ("escalation", "levels", 3, "level")),
        ("INVALID_LEVEL", ("escalation", "levels")),
        *{("INVALID_LEVEL", ("escalation", "triggers", index, "to_level")) for index in (1, 2, 3, 4)},
    }


def test_an_empty_required_list_does_not_make_every_reference_unknown() -> None:
    assert codes_and_paths(parse_contract_document, example((("roles",), []))) == {("REQUIRED", ("roles",))}


def test_a_person_cannot_hold_another_partys_role() -> None:
    code, path, message = single_problem((("people", 2, "role"), "frontline"))
    assert (code, path) == ("INVALID_VALUE", ("people", 2, "role"))
    assert message == "Person 'a-ops-1' belongs to party 'acme', but role 'frontline' is a role of party 'nimbus'."


def test_unknown_field_suggests_the_closest_field() -> None:
    _, _, message = single_problem((("severities", 0, "resolutoin"), "PT4H"))
    assert message == (
        "Severity 'SEV1' has a field 'resolutoin' that this format does not have; did you mean 'resolution'?"
    )


def test_required_field_message_names_the_entry() -> None:
    _, _, message = single_problem((("severities", 1, "response"), DELETE))
    assert message == "Severity 'SEV2' is missing 'response', which is required."


def test_unquoted_clause_number_is_explained() -> None:
    code, path, message = single_problem((("severities", 0, "clause"), 5.2))
    assert (code, path) == ("INVALID_KEY", ("severities", 0, "clause"))
    assert "write clause numbers in quotes" in message


def test_money_read_as_a_yaml_number_is_refused() -> None:
    text = CONTRACT_YAML.replace('monthly_fee: "40000.00"', "monthly_fee: 40000.00")
    problems = problems_of(parse_contract_document, text)
    assert [(p.code, p.path) for p in problems] == [("INVALID_MONEY", ("monthly_fee",))]
    assert '"40000.00"' in problems[0].message


def test_unquoted_norway_is_explained() -> None:
    text = CONTRACT_YAML.replace("jurisdiction: GB", "jurisdiction: NO")
    problems = problems_of(parse_contract_document, text)
    assert [(p.code, p.path) for p in problems] == [("INVALID_JURISDICTION", ("jurisdiction",))]
    assert "put the value in quotes" in problems[0].message


def test_jurisdiction_may_name_a_subdivision() -> None:
    assert parse_contract_document(example((("jurisdiction",), "GB-ENG"))).jurisdiction == "GB-ENG"


def test_always_open_calendar_needs_no_timezone_but_business_hours_do() -> None:
    code, path, message = single_problem((("calendars", 1, "hours"), DELETE))
    assert (code, path) == ("REQUIRED", ("calendars", 1, "hours"))
    assert message.startswith("Calendar 'uk-business' is missing 'hours'")


def test_a_calendar_that_never_opens_is_refused() -> None:
    code, path, _ = single_problem((("calendars", 1, "hours"), {"mon": []}))
    assert (code, path) == ("INVALID_VALUE", ("calendars", 1, "hours"))


def test_repeated_yaml_field_is_a_duplicate_key() -> None:
    text = CONTRACT_YAML.replace("currency: GBP\n", "currency: GBP\ncurrency: EUR\n")
    problems = problems_of(parse_contract_document, text)
    assert [(p.code, p.path) for p in problems] == [("DUPLICATE_KEY", ("currency",))]
    assert "line 11" in problems[0].message


@pytest.mark.parametrize("wrong", ["clausegraph/contract@2", "clausegraph/incidents@1", 1])
def test_other_formats_are_unsupported_and_nothing_else_is_checked(wrong: object) -> None:
    problems = problems_of(parse_contract_document, example((("format",), wrong), (("title",), DELETE)))
    assert [(p.code, p.path) for p in problems] == [("UNSUPPORTED_FORMAT", ("format",))]
    assert "clausegraph/contract@1" in problems[0].message


def test_an_incidents_document_given_as_a_contract_says_what_it_is() -> None:
    (problem,) = problems_of(parse_contract_document, INCIDENTS_YAML)
    assert problem.code == "UNSUPPORTED_FORMAT"
    assert "This is an incidents document" in problem.message
