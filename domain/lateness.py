"""Late entries: an event recorded well after the instant it says it happened."""

from __future__ import annotations

from datetime import datetime, timedelta


def late_by_seconds(at: datetime, recorded_at: datetime | None, allowed: timedelta) -> int | None:
    """Whole seconds between `at` and when it was recorded, if that exceeds `allowed`; otherwise None.

    Events stored before the service kept `recordedAt` have none and are never late."""
    if recorded_at is None:
        return None
    delay = recorded_at - at
    if delay <= allowed:
        return None
    return int(delay.total_seconds())
