"""Which contract version governs an incident: the highest one in force when it was reported (rules.md §0)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from domain.credits import month_bounds, parse_month
from domain.errors import PathPart, Problem
from domain.record import known_by
from domain.terms import ContractTerms


@dataclass(frozen=True)
class VersionTerm:
    """When one contract version is in force, and when it entered the record."""

    uid: str
    version: int
    effective: date
    expires: date | None = None
    imported_at: datetime | None = None

    @property
    def starts(self) -> datetime:
        """The first instant in force: 00:00 UTC of `effective`."""
        return datetime.combine(self.effective, time(0), tzinfo=UTC)

    @property
    def ends(self) -> datetime | None:
        """The first instant no longer in force: 00:00 UTC of the day after `expires` (the whole day counts)."""
        if self.expires is None:
            return None
        return datetime.combine(self.expires + timedelta(days=1), time(0), tzinfo=UTC)

    def in_force(self, instant: datetime) -> bool:
        """True when `starts <= instant < ends`."""
        ends = self.ends
        return self.starts <= instant and (ends is None or instant < ends)

    def overlaps(self, start: datetime, end: datetime) -> bool:
        """True when the version is in force at some instant of [start, end)."""
        ends = self.ends
        return self.starts < end and (ends is None or start < ends)

    def span(self) -> str:
        """The term in words, e.g. "from 2026-01-01 to 2027-12-31" or "from 2026-01-01 with no end"."""
        end = f"to {self.expires.isoformat()}" if self.expires else "with no end"
        return f"from {self.effective.isoformat()} {end}"


def known_versions(versions: Iterable[VersionTerm], known_at: datetime | None) -> list[VersionTerm]:
    """The versions already imported at `known_at` (all of them without it), lowest version first."""
    return sorted((v for v in versions if known_by(v.imported_at, known_at)), key=lambda v: v.version)


def governing_version(
    versions: Iterable[VersionTerm], reported_at: datetime, known_at: datetime | None = None
) -> VersionTerm | None:
    """The highest version in force at `reported_at` among those known at `known_at`; None when none is."""
    in_force = [v for v in known_versions(versions, known_at) if v.in_force(reported_at)]
    return in_force[-1] if in_force else None


def outside_term_problem(
    contract_key: str, versions: Iterable[VersionTerm], reported_at: datetime, path: tuple[PathPart, ...]
) -> Problem | None:
    """OUTSIDE_TERM, naming every version and its term, when no version is in force at `reported_at`."""
    stored = known_versions(versions, None)
    if not stored or governing_version(stored, reported_at) is not None:
        return None
    terms = "; ".join(f"version {v.version} is in force {v.span()}" for v in stored)
    return Problem(
        "OUTSIDE_TERM",
        f"The incident is reported at {reported_at.astimezone(UTC).isoformat()}, when no version of contract "
        f"'{contract_key}' is in force ({terms}).",
        path,
    )


def period_version(candidates: Iterable[tuple[VersionTerm, datetime, datetime]]) -> VersionTerm | None:
    """Of (version, period start, period end) triples, the highest version in force during its period.

    A month is counted in each version's own credit time zone, hence one period per version."""
    overlapping = [v for v, start, end in candidates if v.overlaps(start, end)]
    return max(overlapping, key=lambda v: v.version) if overlapping else None


def governing_uid(
    stored_uid: str, versions: Iterable[VersionTerm], reported_at: datetime, known_at: datetime | None
) -> str:
    """The uid of the version governing an incident as the record stood at `known_at`.

    The stored link is kept to the governing version on every write (an amendment moves it), so without
    `known_at` it is the answer; a past `known_at` leaves out the versions imported after it. An incident that
    no known version covers (stored before terms were checked) keeps its stored link."""
    if known_at is None:
        return stored_uid
    found = governing_version(versions, reported_at, known_at)
    return found.uid if found is not None else stored_uid


def month_version(
    month: str, versions: Sequence[tuple[VersionTerm, ContractTerms]]
) -> tuple[VersionTerm, ContractTerms]:
    """The version whose terms a month's credit report uses: the highest in force during the month (counted in
    its own credit time zone), or the highest of all when none is. `versions` must not be empty."""
    parse_month(month)
    candidates = []
    for version, terms in versions:
        zone = terms.credits.timezone if terms.credits else "UTC"
        candidates.append((version, *month_bounds(month, zone)))
    chosen = period_version(candidates)
    ranked = sorted(versions, key=lambda pair: pair[0].version)
    return next((pair for pair in ranked if chosen is not None and pair[0].uid == chosen.uid), ranked[-1])
