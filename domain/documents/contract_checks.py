"""Checks of a contract document that span fields: references, uniqueness, levels, ranges."""

from __future__ import annotations

from typing import Any, TypeGuard

from domain.documents.durations import parse_duration
from domain.documents.problems import Problems, capitalised, describe
from domain.documents.references import (
    Catalogue,
    catalogue,
    clause_number_or_none,
    entries,
    key_or_none,
    section,
    text_or_none,
    unique_names,
)
from domain.documents.values import lenient, read_date, read_percent, shown
from domain.documents.vocabulary import TriggerKind
from domain.errors import PathPart

_CALENDAR_FIELDS = ("timezone", "hours", "holidays", "closed")
_CLAUSED_SECTIONS = ("escalation", "credits", "documentation", "dispute_resolution", "liability")


def check_contract(raw: dict[str, Any], problems: Problems) -> None:
    """Add every cross-field problem of a contract document to `problems`."""
    parties = catalogue(raw, "parties", "key", "party", problems)
    catalogue(raw, "people", "key", "person", problems)
    calendars = catalogue(raw, "calendars", "key", "calendar", problems)
    clauses = catalogue(raw, "clauses", "number", "clause", problems, read=clause_number_or_none)
    severities = catalogue(raw, "severities", "code", "severity", problems)
    roles = catalogue(raw, "roles", "key", "role", problems)
    _check_provider(raw, problems)
    _check_dates(raw, problems)
    _check_people(raw, parties, roles, problems)
    _check_calendars(raw, problems)
    for index, entry in entries(raw, "clauses"):
        topics = entry.get("topics")
        if isinstance(topics, list):
            unique_names(topics, ("clauses", index, "topics"), "topic", problems, text_or_none)
    for index, entry in entries(raw, "support_channels"):
        _resolve(calendars, entry, ("support_channels", index, "calendar"), problems)
        _resolve(clauses, entry, ("support_channels", index, "clause"), problems)
        if severities is not None:
            severities.resolve_all(entry, ("support_channels", index, "severities"), problems)
    for index, entry in entries(raw, "severities"):
        _resolve(calendars, entry, ("severities", index, "calendar"), problems)
        _resolve(clauses, entry, ("severities", index, "clause"), problems)
        _check_targets(raw, entry, index, problems)
    for index, entry in entries(raw, "roles"):
        _resolve(parties, entry, ("roles", index, "party"), problems)
    for name in _CLAUSED_SECTIONS:
        part = section(raw, name)
        if part is not None:
            _resolve(clauses, part, (name, "clause"), problems)
    _check_escalation(raw, roles, severities, problems)
    _check_credits(raw, severities, problems)
    documentation = section(raw, "documentation")
    if documentation is not None and severities is not None:
        severities.resolve_all(documentation, ("documentation", "severities"), problems)
    disputes = section(raw, "dispute_resolution")
    if disputes is not None and isinstance(disputes.get("steps"), list):
        unique_names(disputes["steps"], ("dispute_resolution", "steps"), "step", problems, text_or_none)


def _resolve(known: Catalogue | None, entry: dict[str, Any], path: tuple[PathPart, ...], problems: Problems) -> None:
    """Resolve the reference in `entry` at the last step of `path`, if it is well formed."""
    if known is None:
        return
    read = clause_number_or_none if path[-1] == "clause" else key_or_none
    known.resolve(read(entry.get(str(path[-1]))), path, problems)


def _check_provider(raw: dict[str, Any], problems: Problems) -> None:
    providers = [
        (index, entry.get("key")) for index, entry in entries(raw, "parties") if entry.get("role") == "PROVIDER"
    ]
    if not providers and any(True for _ in entries(raw, "parties")):
        problems.add(
            "REQUIRED",
            "No party has the role PROVIDER; a contract needs exactly one provider (the party that owes "
            "the service levels).",
            ("parties",),
        )
    for index, key in providers[1:]:
        problems.add(
            "DUPLICATE_KEY",
            f"Party {shown(key)} is a second PROVIDER (after {shown(providers[0][1])}); "
            "a contract has exactly one provider.",
            ("parties", index, "role"),
        )


def _check_dates(raw: dict[str, Any], problems: Problems) -> None:
    effective, expires = lenient(read_date, raw.get("effective")), lenient(read_date, raw.get("expires"))
    if effective is not None and expires is not None and expires < effective:
        problems.add(
            "INVALID_RANGE",
            f"The contract expires ({expires}) before it takes effect ({effective}).",
            ("expires",),
        )


def _check_people(raw: dict[str, Any], parties: Catalogue | None, roles: Catalogue | None, problems: Problems) -> None:
    role_party = {key_or_none(entry.get("key")): key_or_none(entry.get("party")) for _, entry in entries(raw, "roles")}
    for index, entry in entries(raw, "people"):
        _resolve(parties, entry, ("people", index, "party"), problems)
        _resolve(roles, entry, ("people", index, "role"), problems)
        party, role = key_or_none(entry.get("party")), key_or_none(entry.get("role"))
        owner = role_party.get(role) if role is not None else None
        if party is not None and owner is not None and owner != party:
            problems.add(
                "INVALID_VALUE",
                f"Person {shown(entry.get('key'))} belongs to party '{party}', but role '{role}' is a role of "
                f"party '{owner}'.",
                ("people", index, "role"),
            )


def _check_calendars(raw: dict[str, Any], problems: Problems) -> None:
    for index, entry in entries(raw, "calendars"):
        where = capitalised(describe(raw, ("calendars", index)))
        if entry.get("always_open") is True:
            for name in _CALENDAR_FIELDS:
                if entry.get(name) is not None:
                    problems.add(
                        "INVALID_VALUE",
                        f"{where} is always open, so it cannot have '{name}'; remove it or set always_open: false.",
                        ("calendars", index, name),
                    )
        else:
            for name in ("timezone", "hours"):
                if entry.get(name) is None:
                    problems.add(
                        "REQUIRED",
                        f"{where} is missing '{name}'; a calendar that is not always open needs a timezone "
                        "and weekly hours.",
                        ("calendars", index, name),
                    )


def _seconds(value: object) -> int | None:
    try:
        return parse_duration(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _check_targets(raw: dict[str, Any], entry: dict[str, Any], index: int, problems: Problems) -> None:
    response, resolution = _seconds(entry.get("response")), _seconds(entry.get("resolution"))
    if response is not None and resolution is not None and resolution < response:
        problems.add(
            "INVALID_RANGE",
            f"{capitalised(describe(raw, ('severities', index)))} must be resolved "
            f"({entry.get('resolution')}) sooner than it must be responded to ({entry.get('response')}).",
            ("severities", index, "resolution"),
        )


def _is_level(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _check_escalation(
    raw: dict[str, Any], roles: Catalogue | None, severities: Catalogue | None, problems: Problems
) -> None:
    escalation = section(raw, "escalation")
    if escalation is None:
        return
    listed = escalation.get("levels")
    # Only when every level is readable can a level be called missing.
    complete = isinstance(listed, list) and all(isinstance(e, dict) and _is_level(e.get("level")) for e in listed)
    levels: dict[int, int] = {}  # level -> index of its first entry
    for index, entry in entries(escalation, "levels"):
        _resolve(roles, entry, ("escalation", "levels", index, "role"), problems)
        level = entry.get("level")
        if not _is_level(level):
            continue
        if level in levels:
            problems.add(
                "DUPLICATE_KEY",
                f"Escalation level {level} is defined twice (entries {levels[level] + 1} and {index + 1}).",
                ("escalation", "levels", index, "level"),
            )
        else:
            levels[level] = index
    missing = [n for n in range(1, max(levels, default=0) + 1) if n not in levels]
    if complete and missing:
        problems.add(
            "INVALID_LEVEL",
            f"Escalation levels must run 1, 2, 3, ... without gaps; level {', '.join(map(str, missing))} "
            f"{'is' if len(missing) == 1 else 'are'} missing.",
            ("escalation", "levels"),
        )
    for index, entry in entries(escalation, "triggers"):
        _check_trigger(entry, index, sorted(levels) if complete else None, severities, problems)


def _check_trigger(
    entry: dict[str, Any],
    index: int,
    levels: list[int] | None,
    severities: Catalogue | None,
    problems: Problems,
) -> None:
    path: tuple[PathPart, ...] = ("escalation", "triggers", index)
    to_level = entry.get("to_level")
    if levels is not None and _is_level(to_level) and to_level not in levels:
        problems.add(
            "INVALID_LEVEL",
            f"Escalation trigger #{index + 1} escalates to level {to_level}, which the escalation path does "
            f"not define (levels: {', '.join(map(str, levels)) or 'none'}).",
            (*path, "to_level"),
        )
    if severities is not None:
        severities.resolve_all(entry, (*path, "severities"), problems)
    kind = entry.get("kind")
    known_kind = isinstance(kind, str) and kind in TriggerKind.__members__
    for name in ("count", "window"):
        if kind == "REPEATED" and entry.get(name) is None:
            problems.add(
                "MISSING_FIELD",
                f"Escalation trigger #{index + 1} is REPEATED, so it needs '{name}' (how many incidents "
                "within what window).",
                (*path, name),
            )
        elif known_kind and kind != "REPEATED" and entry.get(name) is not None:
            problems.add(
                "INVALID_VALUE",
                f"Escalation trigger #{index + 1} is {kind}; only REPEATED triggers take '{name}'.",
                (*path, name),
            )


def _check_credits(raw: dict[str, Any], severities: Catalogue | None, problems: Problems) -> None:
    credits = section(raw, "credits")
    if credits is None:
        return
    for index, entry in entries(credits, "rules"):
        if severities is not None:
            severities.resolve_all(entry, ("credits", "rules", index, "severities"), problems)
    uptime = section(credits, "uptime")
    if uptime is None:
        return
    target = lenient(read_percent, uptime.get("target"))
    seen: set[Any] = set()
    for index, tier in entries(uptime, "tiers"):
        below = lenient(read_percent, tier.get("below"))
        if below is None:
            continue
        path = ("credits", "uptime", "tiers", index, "below")
        if below in seen:
            problems.add("DUPLICATE_KEY", f"Two uptime tiers apply below {below}%; each needs its own 'below'.", path)
        seen.add(below)
        if target is not None and below > target:
            problems.add(
                "INVALID_RANGE",
                f"An uptime tier applies below {below}%, above the target of {target}%; a credit would be due "
                "while the target is met.",
                path,
            )
