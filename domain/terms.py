"""What a contract version promises, in the shape the rules need (built from a contract document)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class OpenInterval:
    """A local wall-clock interval [start, end); `end` None means 24:00."""

    start: time
    end: time | None


@dataclass(frozen=True)
class CalendarSpec:
    """A support calendar: always open, or weekly hours in a zone minus holidays and closed dates."""

    key: str
    always_open: bool = False
    timezone: str = "UTC"
    # weekday name ("mon".."sun") -> intervals, sorted and non-overlapping
    hours: dict[str, tuple[OpenInterval, ...]] = field(default_factory=dict)
    holiday_country: str | None = None
    holiday_subdivision: str | None = None
    closed: frozenset[date] = frozenset()


@dataclass(frozen=True)
class SeverityTerms:
    """Targets of one severity level; seconds are open seconds of its calendar."""

    code: str
    name: str
    response_seconds: int
    resolution_seconds: int | None
    update_seconds: int | None
    calendar: str
    clause: str


@dataclass(frozen=True)
class TriggerTerms:
    """One escalation trigger of the contract's escalation path (document order kept in `index`)."""

    index: int
    kind: str  # UNACKNOWLEDGED | UNRESOLVED | SERVICE_AFFECTING | REPEATED | BREACH
    to_level: int
    after_seconds: int = 0
    severities: frozenset[str] | None = None  # None = all
    count: int | None = None  # REPEATED only
    window_seconds: int | None = None  # REPEATED only


@dataclass(frozen=True)
class EscalationTerms:
    clause: str
    levels: dict[int, str]  # level -> role key
    triggers: tuple[TriggerTerms, ...]


@dataclass(frozen=True)
class CreditRule:
    kind: str  # RESPONSE | RESOLUTION | ESCALATION
    percent: Decimal
    severities: frozenset[str] | None = None  # None = all


@dataclass(frozen=True)
class UptimeTier:
    below: Decimal
    percent: Decimal


@dataclass(frozen=True)
class CreditTerms:
    clause: str
    timezone: str
    cap_percent: Decimal
    claim_window_seconds: int
    sole_remedy: bool
    rules: tuple[CreditRule, ...]
    uptime_target: Decimal | None = None
    uptime_tiers: tuple[UptimeTier, ...] = ()


@dataclass(frozen=True)
class DocumentationTerms:
    clause: str
    report_due_seconds: int
    severities: frozenset[str]


@dataclass(frozen=True)
class LiabilityTerms:
    clause: str
    cap: Decimal | None
    excludes_consequential: bool


@dataclass(frozen=True)
class DisputeTerms:
    clause: str
    steps: tuple[str, ...]
    negotiation_period_seconds: int | None
    forum: str | None


@dataclass(frozen=True)
class ContractTerms:
    """Everything the SLA rules read from one contract version."""

    key: str
    version: int
    jurisdiction: str
    currency: str
    monthly_fee: Decimal
    provider: str  # party key of the PROVIDER
    calendars: dict[str, CalendarSpec]
    severities: dict[str, SeverityTerms]
    role_party: dict[str, str]  # role key -> party key
    escalation: EscalationTerms
    credits: CreditTerms | None = None
    documentation: DocumentationTerms | None = None
    liability: LiabilityTerms | None = None
    dispute_resolution: DisputeTerms | None = None
    clause_topics: dict[str, frozenset[str]] = field(default_factory=dict)  # clause number -> topics
