"""Precedent ranking (sla-rules §8)."""

from __future__ import annotations

import dataclasses

from domain.breaches import BreachFinding, BreachKind
from domain.precedents import PrecedentFacts, breach_topics, country_of, rank_precedents, relevant_topics
from tests.unit.sla_fixtures import at, contract_terms

TERMS = contract_terms()


def precedent(key: str, jurisdiction: str, year: int, *topics: str) -> PrecedentFacts:
    return PrecedentFacts(key, jurisdiction, year, frozenset(topics))


def test_ranking_order() -> None:
    relevant = {"SERVICE_CREDITS", "PENALTY_CLAUSE", "LIMITATION_OF_LIABILITY"}
    ranked = rank_precedents(
        relevant,
        "GB",
        [
            precedent("us-two", "US-NY", 2020, "SERVICE_CREDITS", "PENALTY_CLAUSE"),
            precedent("gb-two-old", "GB-ENG", 2015, "PENALTY_CLAUSE", "LIMITATION_OF_LIABILITY"),
            precedent("gb-one-b", "GB", 2019, "PENALTY_CLAUSE"),
            precedent("gb-one-a", "GB-SCT", 2019, "SERVICE_CREDITS", "GOOD_FAITH"),
            precedent("us-one-new", "US", 2024, "PENALTY_CLAUSE"),
            precedent("none", "GB", 2024, "TERMINATION"),
            precedent("all-three", "AU", 2001, *relevant),
        ],
    )
    assert [r.key for r in ranked] == ["all-three", "gb-two-old", "us-two", "gb-one-a", "gb-one-b", "us-one-new"]
    assert ranked[1].same_country and not ranked[2].same_country
    assert ranked[0].shared_count == 3
    assert ranked[3].shared_topics == ("SERVICE_CREDITS",)


def test_subdivisions_compare_by_country() -> None:
    assert country_of("GB-ENG") == country_of("gb") == "GB"
    (ranked,) = rank_precedents({"GOOD_FAITH"}, "GB-ENG", [precedent("p", "GB", 2020, "GOOD_FAITH")])
    assert ranked.same_country


def test_relevant_topics_add_credits_only_when_a_credit_applies() -> None:
    liability = {"LIMITATION_OF_LIABILITY", "CONSEQUENTIAL_LOSS"}
    assert relevant_topics("5.2", TERMS, credited=False) == liability
    assert relevant_topics("5.2", TERMS, credited=True) == liability | {"SERVICE_CREDITS", "PENALTY_CLAUSE"}
    topics = {**TERMS.clause_topics, "6.1": frozenset({"ESCALATION_FAILURE"})}
    terms = dataclasses.replace(TERMS, clause_topics=topics, liability=None)
    assert relevant_topics("6.1", terms, credited=False) == {"ESCALATION_FAILURE"}


def test_breach_topics_reads_the_breach() -> None:
    found = BreachFinding(
        "I", BreachKind.DOCUMENTATION, "I:DOCUMENTATION", at("2026-03-07T00:00Z"), 1, "7.1", "nimbus", None, "SEV1"
    )
    assert breach_topics(found, TERMS) == {"LIMITATION_OF_LIABILITY", "CONSEQUENTIAL_LOSS"}
