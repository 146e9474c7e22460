"""Contract, incidents and precedents documents: pydantic models, parsing, and conversion for the rules.

Documents are YAML or JSON text (formats.md). `parse_*_document` returns a validated model or raises
`DocumentInvalid` listing every problem found, each with a stable code and a path into the document,
e.g. ("severities", 1, "response"). The codes:

- INVALID_YAML: the text cannot be read as YAML or JSON (path empty; the message gives line and column),
  or it expands too far once YAML aliases are followed.
- NOT_A_MAPPING: the document is empty or is not a mapping of fields.
- UNSUPPORTED_FORMAT: `format` is not the one expected (clausegraph/contract@1, clausegraph/incidents@1,
  clausegraph/precedents@1); nothing else is checked then.
- REQUIRED: a required field is missing, a required list is empty, or a contract has no PROVIDER party.
- UNKNOWN_FIELD: a field the format does not have (the message suggests the closest known field).
- INVALID_KEY: a key or reference that is not ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$, or a clause number that
  is not letters, digits and . ( ) _ - (or was written unquoted, so YAML read it as a number).
- INVALID_DURATION: not an ISO 8601 duration of weeks, days, hours, minutes, seconds (PT15M, P1DT2H, P2W);
  years, months, fractions and negative durations are refused.
- NAIVE_DATETIME: an instant without a UTC offset.
- INVALID_DATETIME: an instant that is not ISO 8601 date-and-time, or not a real one.
- INVALID_DATE: a date that is not YYYY-MM-DD, or not a real one.
- INVALID_MONEY: an amount that is not non-negative decimal text ("40000.00"); YAML numbers are refused.
- INVALID_PERCENT: a percentage that is not decimal text between 0 and 100 ("99.95").
- INVALID_ENUM: a value outside its vocabulary (see vocabulary.py): contract kinds, party roles, clause
  kinds, topics, channel kinds (PHONE, EMAIL, PORTAL, CHAT, API, MONITORING, ON_SITE), trigger kinds,
  credit rule kinds, dispute steps, event kinds.
- INVALID_VALUE: any other value of the wrong type or shape (text, true/false, lists, currency, hours
  intervals, URLs), a field an event kind or trigger kind does not take, an always-open calendar with
  hours, a person holding another party's role, a decision date outside its year, a self-citation.
- UNKNOWN_REFERENCE: a calendar, role, party, clause or severity reference that the document does not
  define (incidents documents: people, parties and severities are resolved against stored data later).
- DUPLICATE_KEY: a name defined twice within its scope (keys, codes, clause numbers, levels, tiers, list
  entries, citations), a mapping that repeats a field, or a second PROVIDER party.
- INVALID_LEVEL: escalation levels that are below 1 or not 1..n without gaps; a trigger's to_level that
  the path does not define.
- OVERLAPPING_HOURS: two opening-hours intervals of one weekday overlap.
- INVALID_TIMEZONE: not an IANA time zone name.
- INVALID_JURISDICTION: not an ISO 3166-1 alpha-2 country code, optionally with -subdivision (GB-ENG).
- INVALID_HOLIDAYS: a holidays country or subdivision the `holidays` package does not support.
- INVALID_RANGE: a value outside its range: expires before effective, an outage ending at or before its
  start, an interval ending before it starts, a count or version below 1, a zero target duration,
  a resolution target shorter than the response target, an uptime tier above the target.
- MISSING_FIELD: an event or trigger lacks what its kind needs (ESCALATED/DE_ESCALATED level, ASSIGNED
  assignee, RECLASSIFIED severity, PAUSED reason, UPDATED/NOTE note; REPEATED count and window).
- OUT_OF_ORDER: an event earlier than the one before it.
- FIRST_EVENT_NOT_REPORTED: an incident whose first event is not REPORTED.

Choices where formats.md is silent:
- Contract: expires, people, credits, documentation, dispute_resolution and liability are optional; every
  other section is required, and its list must have an entry. roles[].responsibilities and
  escalation.triggers default to empty; an optional `severities` list, when given, needs an entry.
- Text is trimmed of surrounding whitespace. Durations keep the text written (PT24H stays PT24H); the
  response, resolution, update, window, report_due, claim_window and negotiation_period targets must be
  longer than zero; `after` may be PT0S. A resolution target may not be shorter than the response target.
- Instants keep the offset written; dates accept YAML dates or "YYYY-MM-DD" text; percentages and money
  are quoted decimal text; version, level, count and year are whole numbers (true/false is not one).
- Only REPEATED triggers take count/window. A person's role must belong to the person's party.
- Events: UPDATED and NOTE need `note`; `assignee`, `level`, `severity` and `reason` are accepted only on
  the kinds formats.md gives them. Checks needing stored data (people, parties, severities, the stream
  rules of sla-rules.md section 2 beyond order and the first event) are left to the import.
- A reference is called unknown only when every definition of its kind could be read, so one malformed
  key does not bury the user in follow-on errors. Problems are listed in reading order.
"""

from __future__ import annotations

from domain.documents.contract import (
    CONTRACT_FORMAT,
    Calendar,
    Clause,
    ContractDocument,
    CreditRule,
    Credits,
    DisputeResolution,
    Documentation,
    Escalation,
    EscalationLevel,
    HolidaySource,
    Liability,
    Party,
    Person,
    Role,
    Severity,
    SupportChannel,
    Trigger,
    Uptime,
    UptimeTier,
    WeeklyHours,
)
from domain.documents.conversions import (
    calendar_spec,
    content_hash,
    contract_terms,
    incident_facts,
    outages,
    to_event,
)
from domain.documents.durations import format_duration, parse_duration
from domain.documents.incidents import INCIDENTS_FORMAT, Incident, IncidentEvent, IncidentsDocument, OutagePeriod
from domain.documents.parsing import parse_contract_document, parse_incidents_document, parse_precedents_document
from domain.documents.precedents import PRECEDENTS_FORMAT, Citation, Precedent, PrecedentsDocument
from domain.documents.problems import CODES

__all__ = [
    "CODES",
    "CONTRACT_FORMAT",
    "INCIDENTS_FORMAT",
    "PRECEDENTS_FORMAT",
    "Calendar",
    "Citation",
    "Clause",
    "ContractDocument",
    "CreditRule",
    "Credits",
    "DisputeResolution",
    "Documentation",
    "Escalation",
    "EscalationLevel",
    "HolidaySource",
    "Incident",
    "IncidentEvent",
    "IncidentsDocument",
    "Liability",
    "OutagePeriod",
    "Party",
    "Person",
    "Precedent",
    "PrecedentsDocument",
    "Role",
    "Severity",
    "SupportChannel",
    "Trigger",
    "Uptime",
    "UptimeTier",
    "WeeklyHours",
    "calendar_spec",
    "content_hash",
    "contract_terms",
    "format_duration",
    "incident_facts",
    "outages",
    "parse_contract_document",
    "parse_duration",
    "parse_incidents_document",
    "parse_precedents_document",
    "to_event",
]
