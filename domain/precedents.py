"""Which precedents bear on a breach, and in what order a legal team should read them (sla-rules §8)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from domain.breaches import BreachFinding
from domain.terms import ContractTerms

TOPICS = frozenset(
    {
        "SERVICE_CREDITS",
        "PENALTY_CLAUSE",
        "LIQUIDATED_DAMAGES",
        "LIMITATION_OF_LIABILITY",
        "EXCLUSION_CLAUSE",
        "CONSEQUENTIAL_LOSS",
        "REMOTENESS",
        "MISREPRESENTATION",
        "GOOD_FAITH",
        "ESCALATION_FAILURE",
        "TERMINATION",
        "UNFAIR_TERMS",
    }
)


@dataclass(frozen=True)
class PrecedentFacts:
    """What ranking reads from a precedent; `jurisdiction` is ISO 3166 (GB or GB-ENG)."""

    key: str
    jurisdiction: str
    year: int
    topics: frozenset[str]


@dataclass(frozen=True)
class RankedPrecedent:
    """A precedent that shares at least one topic, with the reasons for its place."""

    key: str
    jurisdiction: str
    year: int
    shared_topics: tuple[str, ...]  # sorted
    same_country: bool

    @property
    def shared_count(self) -> int:
        """Number of topics shared with the breach."""
        return len(self.shared_topics)


def country_of(jurisdiction: str) -> str:
    """The country part of an ISO 3166 code: GB-ENG -> GB."""
    return jurisdiction.split("-", 1)[0].strip().upper()


def relevant_topics(clause: str, terms: ContractTerms, credited: bool) -> set[str]:
    """Topics of the breached clause, of the credits clause if a credit applies, and of the liability one."""
    clauses = [clause]
    if credited and terms.credits is not None:
        clauses.append(terms.credits.clause)
    if terms.liability is not None:
        clauses.append(terms.liability.clause)
    topics: set[str] = set()
    for number in clauses:
        topics |= terms.clause_topics.get(number, frozenset())
    return topics


def breach_topics(breach: BreachFinding, terms: ContractTerms) -> set[str]:
    """relevant_topics of a breach finding (credited when a credit rule matched it)."""
    return relevant_topics(breach.clause, terms, breach.credit_percent is not None)


def rank_precedents(
    relevant_topics: set[str] | frozenset[str], jurisdiction: str, precedents: Iterable[PrecedentFacts]
) -> list[RankedPrecedent]:
    """Precedents sharing a topic: more shared topics, then same country, then newer, then key."""
    relevant = frozenset(relevant_topics)
    country = country_of(jurisdiction)
    ranked = [
        RankedPrecedent(
            key=p.key,
            jurisdiction=p.jurisdiction,
            year=p.year,
            shared_topics=tuple(sorted(relevant & p.topics)),
            same_country=country_of(p.jurisdiction) == country,
        )
        for p in precedents
        if relevant & p.topics
    ]
    ranked.sort(key=lambda r: (-r.shared_count, not r.same_country, -r.year, r.key))
    return ranked
