"""Service credits (sla-rules §7)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from domain.breaches import BreachFinding, BreachKind
from domain.credits import CreditKind, credit_report, downtime_seconds, month_bounds, parse_month
from domain.errors import RuleViolation
from domain.events import Outage
from tests.unit.sla_fixtures import HOUR, at, contract_terms

TERMS = contract_terms()
AS_OF = at("2026-05-01T00:00Z")


def breach(kind: BreachKind, due: str, severity: str = "SEV1", ref: str = "B") -> BreachFinding:
    return BreachFinding("INC-X", kind, ref, at(due), 60, "5.2", "nimbus", None, severity)


def outage(start: str, end: str, service: str = "a", excluded: bool = False) -> Outage:
    return Outage(service, at(start), at(end), excluded)


def test_month_bounds_in_london_across_dst() -> None:
    assert month_bounds("2026-03", "Europe/London") == (at("2026-03-01T00:00Z"), at("2026-03-31T23:00Z"))
    assert month_bounds("2026-10", "Europe/London") == (at("2026-09-30T23:00Z"), at("2026-11-01T00:00Z"))
    assert month_bounds("2026-12", "UTC") == (at("2026-12-01T00:00Z"), at("2027-01-01T00:00Z"))


@pytest.mark.parametrize("bad", ["2026-13", "2026-00", "2026-3", "26-03", "2026-03-01", "March", ""])
def test_invalid_month(bad: str) -> None:
    with pytest.raises(RuleViolation) as raised:
        parse_month(bad)
    assert [(p.code, p.path) for p in raised.value.problems] == [("INVALID_MONTH", ("month",))]


def test_downtime_merges_across_services_and_leaves_out_excluded_outages() -> None:
    start, end = month_bounds("2026-03", "UTC")
    outages = [
        outage("2026-03-02T09:00Z", "2026-03-02T11:00Z", "a"),
        outage("2026-03-02T10:00Z", "2026-03-02T12:00Z", "b"),  # overlaps: merged, not added
        outage("2026-03-02T12:00Z", "2026-03-02T12:30Z", "c"),  # touching: one stretch
        outage("2026-03-03T00:00Z", "2026-03-03T05:00Z", "a", excluded=True),
    ]
    assert downtime_seconds(outages, start, end, AS_OF) == 3 * HOUR + 1800


def test_downtime_is_clipped_to_the_month_and_to_t() -> None:
    start, end = month_bounds("2026-03", "UTC")
    outages = [
        outage("2026-02-28T23:00Z", "2026-03-01T01:00Z"),  # one hour inside March
        outage("2026-03-31T23:00Z", "2026-04-01T02:00Z"),  # one hour inside March
        outage("2026-03-10T00:00Z", "2026-03-10T10:00Z"),
    ]
    assert downtime_seconds(outages, start, end, AS_OF) == 12 * HOUR
    assert downtime_seconds(outages, start, end, at("2026-03-10T04:00Z")) == 5 * HOUR
    assert downtime_seconds(outages, start, end, at("2026-02-01T00:00Z")) == 0


def test_excluded_time_stays_in_the_month_length() -> None:
    report = credit_report(
        TERMS, [], [outage("2026-03-02T00:00Z", "2026-03-05T00:00Z", excluded=True)], "2026-03", AS_OF
    )
    assert report.month_seconds == 2_674_800
    assert report.downtime_seconds == 0
    assert report.uptime_percent == Decimal(100)
    assert report.items == ()


@pytest.mark.parametrize(
    ("down_seconds", "tier_percent"),
    [
        (0, None),
        (1337, None),  # 99.95002 %: not under 99.95
        (1338, Decimal("10")),  # 99.94998 %
        (26748, Decimal("10")),  # exactly 99.0 %: not under 99.0, so the 99.95 tier
        (26749, Decimal("25")),
        (133740, Decimal("25")),  # exactly 95.0 %
        (133741, Decimal("100")),
    ],
)
def test_uptime_tier_is_the_smallest_below_that_uptime_is_under(
    down_seconds: int, tier_percent: Decimal | None
) -> None:
    start, _ = month_bounds("2026-03", "Europe/London")
    down = Outage("a", start, datetime.fromtimestamp(start.timestamp() + down_seconds, UTC))
    report = credit_report(TERMS, [], [down], "2026-03", AS_OF)
    uptime = [item for item in report.items if item.kind is CreditKind.UPTIME]
    assert [item.percent for item in uptime] == ([] if tier_percent is None else [tier_percent])


def test_only_breaches_due_in_the_month_with_a_matching_rule_earn_credits() -> None:
    found = [
        breach(BreachKind.RESPONSE, "2026-03-10T00:00Z", ref="in"),
        breach(BreachKind.RESPONSE, "2026-03-31T23:00Z", ref="april-in-london"),
        breach(BreachKind.RESPONSE, "2026-02-28T23:59Z", ref="february"),
        breach(BreachKind.RESPONSE, "2026-03-10T00:00Z", severity="SEV3", ref="no-rule"),
        breach(BreachKind.DOCUMENTATION, "2026-03-10T00:00Z", ref="documentation"),
    ]
    report = credit_report(TERMS, found, [], "2026-03", AS_OF)
    assert [(item.breach_ref, item.amount) for item in report.items] == [("in", Decimal("2000.00"))]
    assert report.items[0].rule_index == 0


def test_amounts_round_half_up_per_item_and_the_cap_applies() -> None:
    terms = dataclasses.replace(TERMS, monthly_fee=Decimal("40000.50"))
    found = [breach(BreachKind.ESCALATION, f"2026-03-{day:02d}T12:00Z", ref=str(day)) for day in range(1, 31)]
    report = credit_report(terms, found, [], "2026-03", AS_OF)
    assert {item.amount for item in report.items} == {Decimal("400.01")}  # 400.005 rounds half up
    assert report.total_before_cap == Decimal("12000.30")
    assert report.cap == Decimal("10000.13")  # 10000.125 rounds half up
    assert report.total == Decimal("10000.13")


def test_claim_deadline_is_the_month_end_plus_the_window_on_the_wall_clock() -> None:
    report = credit_report(TERMS, [], [], "2026-10", AS_OF)
    assert report.end == at("2026-11-01T00:00Z")
    assert report.claim_deadline == at("2026-12-31T00:00Z")


def test_a_contract_without_credit_terms_has_an_empty_report() -> None:
    terms = dataclasses.replace(TERMS, credits=None)
    report = credit_report(terms, [breach(BreachKind.RESPONSE, "2026-03-10T00:00Z")], [], "2026-03", AS_OF)
    assert report.items == ()
    assert report.timezone == "UTC"
    assert (report.total_before_cap, report.cap, report.total, report.claim_deadline) == (
        Decimal("0.00"),
        None,
        Decimal("0.00"),
        None,
    )


def test_each_breach_is_credited_under_the_version_that_governs_its_incident() -> None:
    # An amendment raised the fee to 60,000.00; incident INC-Y falls under it, INC-X under the original.
    amended = dataclasses.replace(TERMS, version=2, monthly_fee=Decimal("60000.00"))
    found = [
        breach(BreachKind.RESPONSE, "2026-03-10T00:00Z", ref="old"),
        dataclasses.replace(breach(BreachKind.RESPONSE, "2026-03-20T00:00Z", ref="new"), incident="INC-Y"),
    ]
    report = credit_report(amended, found, [], "2026-03", AS_OF, {"INC-X": TERMS, "INC-Y": amended})
    # SEV1 response credits 5 %: of 40,000.00 is 2,000.00, of 60,000.00 is 3,000.00; the cap (25 %) is the month's
    assert {i.breach_ref: i.amount for i in report.items} == {"old": Decimal("2000.00"), "new": Decimal("3000.00")}
    assert report.cap == Decimal("15000.00")
