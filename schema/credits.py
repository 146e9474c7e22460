"""GraphQL types of monthly service-credit reports."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from domain.credits import CreditReport as DomainCreditReport
from schema.contracts import Contract
from schema.incidents import Breach, BreachData


@strawberry.type(description="One line of a credit report: a breach's credit, or the month's uptime credit.")
class CreditItem:
    kind: str = strawberry.field(description="RESPONSE | RESOLUTION | ESCALATION | UPTIME")
    amount: Decimal
    percent: Decimal
    breach: Breach | None
    incident_key: str | None
    tier_below: Decimal | None = strawberry.field(description="For UPTIME: the tier that applied.")


@strawberry.type(description="What a month's service failures are worth under the contract, as of an instant.")
class CreditReport:
    contract: Contract
    month: str
    timezone: str
    month_start: datetime
    month_end: datetime
    month_seconds: int
    downtime_seconds: int
    uptime_percent: float | None
    uptime_percent_exact: str | None = strawberry.field(description="Uptime as an exact decimal string.")
    items: list[CreditItem]
    total_before_cap: Decimal
    cap: Decimal
    total: Decimal
    claim_deadline: datetime
    currency: str


def credit_report_type(report: DomainCreditReport, contract: Contract, breaches: dict[str, BreachData]) -> CreditReport:
    """The GraphQL credit report of a computed one; `breaches` maps breach refs to their data."""
    items = [
        CreditItem(
            kind=str(item.kind),
            amount=item.amount,
            percent=item.percent,
            breach=Breach.build(breaches[item.breach_ref]) if item.breach_ref in breaches else None,
            incident_key=item.incident,
            tier_below=item.tier_below,
        )
        for item in report.items
    ]
    uptime = report.uptime_percent
    return CreditReport(
        contract=contract,
        month=report.month,
        timezone=report.timezone,
        month_start=report.start,
        month_end=report.end,
        month_seconds=report.month_seconds,
        downtime_seconds=report.downtime_seconds,
        uptime_percent=float(uptime) if uptime is not None else None,
        uptime_percent_exact=str(uptime) if uptime is not None else None,
        items=items,
        total_before_cap=report.total_before_cap,
        cap=report.cap if report.cap is not None else Decimal("0.00"),
        total=report.total,
        claim_deadline=report.claim_deadline if report.claim_deadline is not None else report.end,
        currency=report.currency,
    )
