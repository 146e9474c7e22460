"""The sealed bundle manifest: its items with Bates numbers, in a stable order, and its hash."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from domain.calendars import utc
from domain.canonical import canonical_hash
from domain.errors import RuleViolation
from domain.hashing import hash_instant

EVIDENCE_KINDS = ("INCIDENT_RECORD", "BREACH", "CLAUSE", "CREDIT_REPORT", "DOCUMENT", "COMMUNICATION")
MANIFEST_FORMAT = "clausegraph/evidence-manifest@2"
HASHING = "SHA-256 of the canonical JSON of this manifest: sorted keys, no insignificant whitespace, UTF-8"

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_NOT_BATES = re.compile(r"[^A-Z0-9]+")
_DIGITS = re.compile(r"(\d+)")


def _plain(value: Any) -> Any:
    """JSON-safe form of a value: instants as UTC 'Z' strings, decimals as strings, sequences as lists."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, str):
        return str(value)  # a StrEnum becomes its plain value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} cannot be written to JSON")
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return hash_instant(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted(_plain(v) for v in value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    raise TypeError(f"{type(value).__name__} cannot be written to a manifest")


def _when(value: Any) -> datetime:
    return utc(datetime.fromisoformat(value) if isinstance(value, str) else value)


def _rows(section: str, rows: Iterable[Mapping[str, Any]], required: Sequence[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[Any] = set()
    for position, row in enumerate(rows):
        missing = [name for name in required if row.get(name) is None]
        if missing:
            message = f"{section} row {position} lacks {', '.join(missing)}."
            raise RuleViolation.single("REQUIRED", message, (section, position, missing[0]))
        if row[required[0]] in seen:
            message = f"{section} names {required[0]} '{row[required[0]]}' twice."
            raise RuleViolation.single("DUPLICATE", message, (section, position, required[0]))
        seen.add(row[required[0]])
        out.append(dict(row))
    return out


def _natural(key: str) -> tuple[tuple[int, int | str], ...]:
    # EV-2 before EV-10, as a person numbering documents would expect.
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in _DIGITS.split(key) if part)


def bates_prefix(dispute_key: str) -> str:
    """CG-<DISPUTE KEY>, upper case, anything but letters and digits turned into hyphens."""
    return "CG-" + _NOT_BATES.sub("-", dispute_key.upper()).strip("-")


def _items(dispute_key: str, items: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    rows = _rows("items", items, ("item_key", "kind", "sha256", "added_at"))
    for position, row in enumerate(rows):
        if row["kind"] not in EVIDENCE_KINDS:
            raise RuleViolation.single(
                "INVALID_VALUE", f"'{row['kind']}' is not an evidence kind.", ("items", position)
            )
        if not _SHA256.match(str(row["sha256"])):
            message = f"Item {row['item_key']}: '{row['sha256']}' is not a lower-case hex SHA-256."
            raise RuleViolation.single("INVALID_VALUE", message, ("items", position, "sha256"))
    # Items keep the order they were added in, so a later bundle version only appends Bates numbers.
    rows.sort(key=lambda r: (_when(r["added_at"]), _natural(str(r["item_key"]))))
    prefix = bates_prefix(dispute_key)
    out = []
    for number, row in enumerate(rows, start=1):
        row.setdefault("label", None)
        row.setdefault("ref", None)
        row.setdefault("added_by", None)
        out.append({**_plain(row), "bates": f"{prefix}-{number:06d}"})
    return out


def build_manifest(
    *,
    dispute: Mapping[str, Any],
    contract: Mapping[str, Any],
    version: int,
    previous_bundle_hash: str | None,
    sealed_at: datetime,
    sealed_by: str | None,
    items: Iterable[Mapping[str, Any]],
    incidents: Iterable[Mapping[str, Any]],
    breaches: Iterable[Mapping[str, Any]],
    credits: Iterable[Mapping[str, Any]],
    precedents: Iterable[Mapping[str, Any]],
) -> dict[str, Any]:
    """The manifest a bundle seals: JSON-safe, lists in a stable order, without its own hash."""
    head = _rows("dispute", [dispute], ("key", "title", "claimant", "respondent"))[0]
    dispute_fields = ("forum", "amount_claimed", "currency", "status")
    contract_row = _rows("contract", [contract], ("key", "version", "content_hash"))[0]
    breach_rows = _rows("breaches", breaches, ("ref", "incident", "kind", "due_at"))
    return {
        "format": MANIFEST_FORMAT,
        "hashing": HASHING,
        "seal": {
            "version": version,
            "previous_bundle_hash": previous_bundle_hash,
            "sealed_at": hash_instant(sealed_at),
            # the record as known at the seal: pass it as `knownAt` to reproduce the figures later
            "known_at": hash_instant(sealed_at),
            "sealed_by": sealed_by,
        },
        "dispute": _plain({**{name: None for name in dispute_fields}, **head}),
        "contract": _plain(contract_row),
        "items": _items(str(head["key"]), items),
        "incidents": sorted(
            _plain(_rows("incidents", incidents, ("key", "event_count", "head_hash", "chain_ok"))),
            key=lambda r: r["key"],
        ),
        "breaches": _plain(sorted(breach_rows, key=lambda r: (_when(r["due_at"]), str(r["ref"])))),
        "credits": sorted(_plain(_rows("credits", credits, ("month",))), key=lambda r: r["month"]),
        "precedents": sorted(_plain(_rows("precedents", precedents, ("key",))), key=lambda r: r["key"]),
    }


def manifest_hash(manifest: Mapping[str, Any]) -> str:
    """SHA-256 of the manifest's canonical JSON: the bundle hash."""
    return canonical_hash(manifest)
