"""Incident events as the rules see them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class EventKind(StrEnum):
    REPORTED = "REPORTED"
    ACKNOWLEDGED = "ACKNOWLEDGED"
    ASSIGNED = "ASSIGNED"
    ESCALATED = "ESCALATED"
    DE_ESCALATED = "DE_ESCALATED"
    RECLASSIFIED = "RECLASSIFIED"
    PAUSED = "PAUSED"
    RESUMED = "RESUMED"
    UPDATED = "UPDATED"
    RESOLVED = "RESOLVED"
    REOPENED = "REOPENED"
    REPORT_FILED = "REPORT_FILED"
    NOTE = "NOTE"


@dataclass(frozen=True)
class Event:
    """One incident event; `at` is timezone-aware. `seq` is None until stored."""

    at: datetime
    kind: EventKind
    actor: str | None = None
    assignee: str | None = None
    level: int | None = None
    severity: str | None = None
    reason: str | None = None
    note: str | None = None
    seq: int | None = None
    # When the service stored it (server time); None until stored, and for events stored before it was kept.
    recorded_at: datetime | None = None

    def fields(self) -> dict[str, str | int]:
        """The kind-specific fields that are set (what the hash calls `fields`)."""
        out: dict[str, str | int] = {}
        for name in ("assignee", "level", "severity", "reason", "note"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out


@dataclass(frozen=True)
class IncidentFacts:
    """An incident's fixed facts plus its events in order."""

    key: str
    service: str
    severity: str  # severity at REPORTED
    service_affecting: bool
    events: tuple[Event, ...]


@dataclass(frozen=True)
class Outage:
    service: str
    start: datetime
    end: datetime
    excluded: bool = False
