"""Service credits for one calendar month: breach credits, uptime credit, cap and claim deadline (§7)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from domain.breaches import BreachFinding, BreachKind, credit_rule_for
from domain.calendars import utc
from domain.errors import RuleViolation
from domain.events import Outage
from domain.terms import ContractTerms

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_ONE_SECOND = timedelta(seconds=1)
_CREDITED_KINDS = (BreachKind.RESPONSE, BreachKind.RESOLUTION, BreachKind.ESCALATION)


class CreditKind(StrEnum):
    RESPONSE = "RESPONSE"
    RESOLUTION = "RESOLUTION"
    ESCALATION = "ESCALATION"
    UPTIME = "UPTIME"


@dataclass(frozen=True)
class CreditItem:
    """One credit: a breach credit (with its breach's ref) or the month's uptime credit."""

    kind: CreditKind
    percent: Decimal
    amount: Decimal  # percent / 100 * monthly fee, rounded half-up to 0.01
    breach_ref: str | None = None
    incident: str | None = None
    severity: str | None = None
    due_at: datetime | None = None
    rule_index: int | None = None  # position in terms.credits.rules
    tier_below: Decimal | None = None  # UPTIME only


@dataclass(frozen=True)
class CreditReport:
    """A contract's credits for one month as of T; `cap`, `claim_deadline` None without credit terms."""

    contract: str
    month: str
    timezone: str
    start: datetime  # UTC
    end: datetime  # UTC, exclusive
    month_seconds: int
    downtime_seconds: int
    uptime_percent: Decimal  # full precision (28 significant digits)
    uptime_target: Decimal | None
    items: tuple[CreditItem, ...]
    total_before_cap: Decimal
    cap: Decimal | None
    total: Decimal
    claim_deadline: datetime | None
    currency: str


def parse_month(month: str) -> tuple[int, int]:
    """(year, month) of a "YYYY-MM" string, or RuleViolation INVALID_MONTH."""
    match = _MONTH.match(month)
    if match is None:
        message = f"'{month}' is not a month; write it as YYYY-MM, e.g. 2026-03."
        raise RuleViolation.single("INVALID_MONTH", message, ("month",))
    return int(match.group(1)), int(match.group(2))


def month_bounds(month: str, tz: str) -> tuple[datetime, datetime]:
    """[start, end) of a calendar month in zone `tz`, as UTC instants."""
    year, number = parse_month(month)
    zone = ZoneInfo(tz)
    next_year, next_number = (year + 1, 1) if number == 12 else (year, number + 1)
    start = datetime(year, number, 1, tzinfo=zone)
    end = datetime(next_year, next_number, 1, tzinfo=zone)
    return utc(start), utc(end)


def downtime_seconds(outages: Iterable[Outage], start: datetime, end: datetime, as_of: datetime) -> int:
    """Seconds of [start, end) covered by non-excluded outages, merged across services, counted up to T."""
    limit = min(utc(end), utc(as_of))
    spans = sorted((max(utc(o.start), start), min(utc(o.end), limit)) for o in outages if not o.excluded)
    total = timedelta(0)
    current: tuple[datetime, datetime] | None = None
    for span_start, span_end in spans:
        if span_end <= span_start:
            continue
        if current is not None and span_start <= current[1]:
            current = (current[0], max(current[1], span_end))
            continue
        if current is not None:
            total += current[1] - current[0]
        current = (span_start, span_end)
    if current is not None:
        total += current[1] - current[0]
    return total // _ONE_SECOND


def credit_amount(percent: Decimal, fee: Decimal) -> Decimal:
    """`percent` of `fee`, rounded half-up to the cent (every credit, cap and item uses this)."""
    return (percent / HUNDRED * fee).quantize(CENT, rounding=ROUND_HALF_UP)


def credit_report(
    terms: ContractTerms,
    breaches: Iterable[BreachFinding],
    outages: Iterable[Outage],
    month: str,
    as_of: datetime,
    breach_terms: Mapping[str, ContractTerms] | None = None,
) -> CreditReport:
    """Credits of `month` as of T from the contract's breaches and outages (sla-rules §7).

    `terms` gives the month's terms (time zone, uptime tiers, cap, claim window); each breach is credited under
    the version that governs its incident, `breach_terms[incident key]` (`terms` for an incident not in it)."""
    credit_terms = terms.credits
    timezone = credit_terms.timezone if credit_terms else "UTC"
    start, end = month_bounds(month, timezone)
    month_seconds = (end - start) // _ONE_SECOND
    down = downtime_seconds(outages, start, end, as_of)
    uptime = HUNDRED * Decimal(month_seconds - down) / Decimal(month_seconds)
    fee = terms.monthly_fee
    items: list[CreditItem] = []
    for breach in breaches:
        if breach.kind not in _CREDITED_KINDS or not start <= breach.due_at < end:
            continue
        # Matched against the incident's governing version, as its liability chain's remedy is (rules.md).
        governing = (breach_terms or {}).get(breach.incident, terms)
        match = credit_rule_for(governing, breach.kind, breach.severity)
        if match is None:
            continue
        position, rule = match
        items.append(
            CreditItem(
                kind=CreditKind(breach.kind.value),
                percent=rule.percent,
                amount=credit_amount(rule.percent, governing.monthly_fee),
                breach_ref=breach.ref,
                incident=breach.incident,
                severity=breach.severity,
                due_at=breach.due_at,
                rule_index=position,
            )
        )
    if credit_terms is not None:
        # The tier with the smallest `below` that the uptime is under applies.
        tiers = sorted(credit_terms.uptime_tiers, key=lambda t: t.below)
        tier = next((t for t in tiers if uptime < t.below), None)
        if tier is not None:
            items.append(
                CreditItem(
                    kind=CreditKind.UPTIME,
                    percent=tier.percent,
                    amount=credit_amount(tier.percent, fee),
                    tier_below=tier.below,
                )
            )
    total_before_cap = sum((item.amount for item in items), Decimal("0.00"))
    cap = credit_amount(credit_terms.cap_percent, fee) if credit_terms else None
    total = min(total_before_cap, cap) if cap is not None else total_before_cap
    deadline = end + timedelta(seconds=credit_terms.claim_window_seconds) if credit_terms else None
    return CreditReport(
        contract=terms.key,
        month=month,
        timezone=timezone,
        start=start,
        end=end,
        month_seconds=month_seconds,
        downtime_seconds=down,
        uptime_percent=uptime,
        uptime_target=credit_terms.uptime_target if credit_terms else None,
        items=tuple(items),
        total_before_cap=total_before_cap,
        cap=cap,
        total=total,
        claim_deadline=deadline,
        currency=terms.currency,
    )
