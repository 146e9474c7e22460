"""The contract document (formats.md, "Contract document"): one version of one contract."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import holidays as holiday_calendars
from pydantic import Field, ValidationInfo, field_validator, model_validator

from domain.documents.base import DocumentModel
from domain.documents.values import (
    ChannelKindValue,
    ClauseKindValue,
    ClauseNumber,
    ContractKindValue,
    Count,
    CreditRuleKindValue,
    Currency,
    Day,
    DayHours,
    DisputeStepValue,
    Duration,
    Flag,
    Jurisdiction,
    Key,
    Level,
    Money,
    PartyRoleValue,
    Percent,
    PositiveDuration,
    Text,
    TimezoneName,
    TopicValue,
    TriggerKindValue,
    fail,
    shown,
)

CONTRACT_FORMAT = "clausegraph/contract@1"


@lru_cache(maxsize=1)
def supported_holidays() -> dict[str, tuple[str, ...]]:
    """Country code -> subdivision codes, as the `holidays` package supports them."""
    supported = holiday_calendars.list_supported_countries(include_aliases=False)
    return {country: tuple(subdivisions) for country, subdivisions in supported.items()}


class Party(DocumentModel):
    key: Key
    name: Text
    role: PartyRoleValue


class Person(DocumentModel):
    key: Key
    name: Text
    party: Key
    role: Key | None = None


class HolidaySource(DocumentModel):
    """Public holidays from the `holidays` package for a country and, optionally, a subdivision."""

    country: str
    subdivision: str | None = None

    @field_validator("country", mode="before")
    @classmethod
    def _supported_country(cls, value: object) -> str:
        if isinstance(value, str) and value in supported_holidays():
            return value
        raise fail(
            "INVALID_HOLIDAYS",
            f"{shown(value)} is not a country whose public holidays are known; "
            "use an ISO 3166-1 country code such as GB, US or DE.",
        )

    @field_validator("subdivision", mode="before")
    @classmethod
    def _supported_subdivision(cls, value: object, info: ValidationInfo) -> str | None:
        country = info.data.get("country")
        if value is None or country is None:
            return None if value is None else str(value)
        subdivisions = supported_holidays()[country]
        if isinstance(value, str) and value in subdivisions:
            return value
        known = ", ".join(subdivisions) if subdivisions else "none"
        raise fail(
            "INVALID_HOLIDAYS",
            f"{shown(value)} is not a subdivision of {country} with known public holidays (known: {known}).",
        )


class WeeklyHours(DocumentModel):
    """Local opening hours per weekday, as "HH:MM-HH:MM" intervals (end exclusive, 24:00 allowed)."""

    mon: DayHours = ()
    tue: DayHours = ()
    wed: DayHours = ()
    thu: DayHours = ()
    fri: DayHours = ()
    sat: DayHours = ()
    sun: DayHours = ()

    @model_validator(mode="after")
    def _opens_some_time(self) -> WeeklyHours:
        if not any((self.mon, self.tue, self.wed, self.thu, self.fri, self.sat, self.sun)):
            raise fail("INVALID_VALUE", "These hours are never open; give at least one weekday an interval.")
        return self


class Calendar(DocumentModel):
    """Always open, or open during `hours` in `timezone` except public holidays and `closed` dates."""

    key: Key
    always_open: Flag = False
    timezone: TimezoneName | None = None
    hours: WeeklyHours | None = None
    holidays: HolidaySource | None = None
    closed: tuple[Day, ...] = ()


class Clause(DocumentModel):
    number: ClauseNumber
    heading: Text
    kind: ClauseKindValue
    topics: tuple[TopicValue, ...] = ()
    text: Text


class SupportChannel(DocumentModel):
    kind: ChannelKindValue
    address: Text
    calendar: Key
    severities: tuple[Key, ...] | None = Field(default=None, min_length=1)  # None: every severity
    clause: ClauseNumber


class Severity(DocumentModel):
    code: Key
    name: Text
    response: PositiveDuration
    resolution: PositiveDuration | None = None
    update: PositiveDuration | None = None
    calendar: Key
    clause: ClauseNumber


class Role(DocumentModel):
    key: Key
    name: Text
    party: Key
    responsibilities: tuple[Text, ...] = ()


class EscalationLevel(DocumentModel):
    level: Level
    role: Key


class Trigger(DocumentModel):
    kind: TriggerKindValue
    severities: tuple[Key, ...] | None = Field(default=None, min_length=1)  # None: every severity
    after: Duration | None = None  # None: PT0S
    to_level: Level
    count: Count | None = None  # REPEATED only
    window: PositiveDuration | None = None  # REPEATED only


class Escalation(DocumentModel):
    clause: ClauseNumber
    levels: tuple[EscalationLevel, ...] = Field(min_length=1)
    triggers: tuple[Trigger, ...] = ()


class CreditRule(DocumentModel):
    kind: CreditRuleKindValue
    severities: tuple[Key, ...] | None = Field(default=None, min_length=1)  # None: every severity
    percent: Percent


class UptimeTier(DocumentModel):
    below: Percent
    percent: Percent


class Uptime(DocumentModel):
    target: Percent
    tiers: tuple[UptimeTier, ...] = Field(min_length=1)


class Credits(DocumentModel):
    clause: ClauseNumber
    timezone: TimezoneName = "UTC"
    cap_percent: Percent
    claim_window: PositiveDuration
    sole_remedy: Flag
    rules: tuple[CreditRule, ...] = ()
    uptime: Uptime | None = None


class Documentation(DocumentModel):
    clause: ClauseNumber
    report_due: PositiveDuration
    severities: tuple[Key, ...] = Field(min_length=1)


class DisputeResolution(DocumentModel):
    clause: ClauseNumber
    steps: tuple[DisputeStepValue, ...] = Field(min_length=1)
    negotiation_period: PositiveDuration | None = None
    forum: Text | None = None


class Liability(DocumentModel):
    clause: ClauseNumber
    cap: Money | None = None
    excludes_consequential: Flag


class ContractDocument(DocumentModel):
    """One version of a contract, as imported."""

    format: Literal["clausegraph/contract@1"]
    key: Key
    version: Count
    title: Text
    kind: ContractKindValue
    effective: Day
    expires: Day | None = None
    governing_law: Text
    jurisdiction: Jurisdiction
    currency: Currency
    monthly_fee: Money
    parties: tuple[Party, ...] = Field(min_length=1)
    people: tuple[Person, ...] = ()
    calendars: tuple[Calendar, ...] = Field(min_length=1)
    clauses: tuple[Clause, ...] = Field(min_length=1)
    support_channels: tuple[SupportChannel, ...] = Field(min_length=1)
    severities: tuple[Severity, ...] = Field(min_length=1)
    roles: tuple[Role, ...] = Field(min_length=1)
    escalation: Escalation
    credits: Credits | None = None
    documentation: Documentation | None = None
    dispute_resolution: DisputeResolution | None = None
    liability: Liability | None = None
