"""The governing contract version: the highest one in force at the report instant (rules.md)."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from domain.governing import (
    VersionTerm,
    governing_uid,
    governing_version,
    month_version,
    outside_term_problem,
    period_version,
)
from tests.unit.sla_fixtures import at, contract_terms

V1 = VersionTerm("c@1", 1, date(2026, 1, 1), date(2026, 12, 31), at("2026-01-05T08:00Z"))
# An amendment from 1 May, imported on 20 June.
V2 = VersionTerm("c@2", 2, date(2026, 5, 1), date(2026, 12, 31), at("2026-06-20T12:00Z"))


def test_the_term_runs_from_the_start_of_effective_to_the_end_of_expires_in_utc() -> None:
    assert V1.in_force(at("2026-01-01T00:00Z"))
    assert not V1.in_force(at("2025-12-31T23:59:59Z"))
    assert V1.in_force(at("2026-12-31T23:59:59Z"))
    assert not V1.in_force(at("2027-01-01T00:00Z"))
    assert VersionTerm("c@1", 1, date(2026, 1, 1)).in_force(at("2099-01-01T00:00Z"))


def test_the_highest_version_in_force_at_the_report_governs() -> None:
    assert governing_version([V2, V1], at("2026-04-30T23:59Z")) == V1
    assert governing_version([V2, V1], at("2026-05-01T00:00Z")) == V2
    assert governing_version([V1, V2], at("2027-01-01T00:00Z")) is None


def test_a_version_governs_only_once_it_is_in_the_record() -> None:
    june = at("2026-06-10T10:00Z")
    assert governing_version([V1, V2], june, known_at=at("2026-06-20T11:59Z")) == V1
    assert governing_version([V1, V2], june, known_at=at("2026-06-20T12:00Z")) == V2
    assert governing_uid("c@2", [V1, V2], june, at("2026-06-01T00:00Z")) == "c@1"
    # without knownAt the stored link, which every write keeps to the governing version, is the answer
    assert governing_uid("c@2", [V1, V2], june, None) == "c@2"
    # no version known then covers it: the stored link stays
    assert governing_uid("c@2", [V1, V2], june, at("2026-01-01T00:00Z")) == "c@2"


def test_outside_every_term_names_each_version_and_its_dates() -> None:
    problem = outside_term_problem("c", [V2, V1], at("2019-05-01T09:00Z"), ("input", "reportedAt"))
    assert problem is not None and (problem.code, problem.path) == ("OUTSIDE_TERM", ("input", "reportedAt"))
    assert "version 1 is in force from 2026-01-01 to 2026-12-31" in problem.message
    assert "version 2 is in force from 2026-05-01 to 2026-12-31" in problem.message
    assert outside_term_problem("c", [V1], at("2026-03-01T00:00Z"), ()) is None


def test_a_month_takes_the_highest_version_in_force_during_it() -> None:
    april = (at("2026-04-01T00:00Z"), at("2026-05-01T00:00Z"))
    may = (at("2026-05-01T00:00Z"), at("2026-06-01T00:00Z"))
    assert period_version([(V1, *april), (V2, *april)]) == V1
    assert period_version([(V1, *may), (V2, *may)]) == V2
    assert period_version([(V1, at("2027-02-01T00:00Z"), at("2027-03-01T00:00Z"))]) is None


def test_a_month_report_uses_the_terms_of_the_highest_version_in_force_during_it() -> None:
    old, amended = contract_terms(), dataclasses.replace(contract_terms(), version=2, monthly_fee=Decimal("60000.00"))
    versions = [(V2, amended), (V1, old)]
    assert month_version("2026-04", versions) == (V1, old)
    assert month_version("2026-05", versions) == (V2, amended)
    # a month outside every term falls back to the highest version
    assert month_version("2027-03", versions) == (V2, amended)
