"""Dispute evidence: content and its SHA-256, chain of custody, and the sealed bundle manifest (EDRM practice)."""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from domain.calendars import utc
from domain.canonical import canonical_hash, canonical_json, sha256_hex
from domain.errors import PathPart, Problem, RuleViolation
from domain.hashing import hash_instant

EVIDENCE_KINDS = ("INCIDENT_RECORD", "BREACH", "CLAUSE", "CREDIT_REPORT", "DOCUMENT", "COMMUNICATION")
PERSON_KINDS = ("DOCUMENT", "COMMUNICATION")
CUSTODY_ACTIONS = ("ADDED", "SEALED", "EXPORTED", "VIEWED", "HANDED_OVER")
MANIFEST_FORMAT = "clausegraph/evidence-manifest@1"
HASHING = "SHA-256 of the canonical JSON of this manifest: sorted keys, no insignificant whitespace, UTF-8"
MISMATCH_KINDS = (
    "MANIFEST_ALTERED",
    "DISPUTE_CHANGED",
    "CONTRACT_CHANGED",
    "ITEM_CONTENT_CHANGED",
    "ITEM_METADATA_CHANGED",
    "ITEM_MISSING",
    "ITEM_ADDED",
    "INCIDENT_CHAIN_CHANGED",
    "BREACH_CHANGED",
    "CREDITS_CHANGED",
    "PRECEDENTS_CHANGED",
)

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_MEDIA_TYPE = re.compile(r"^[A-Za-z0-9][\w.+-]*/[A-Za-z0-9][\w.+-]*(\s*;.*)?$")
_NOT_BATES = re.compile(r"[^A-Z0-9]+")
_DIGITS = re.compile(r"(\d+)")
# The dispute's status moves on after sealing by design, so verification does not hold it against the bundle.
_DISPUTE_NOT_COMPARED = frozenset({"status"})
# Size and media type describe the content; when the hash changed they are part of the same finding.
_CONTENT_FIELDS = frozenset({"sha256", "size", "media_type"})


def content_sha256(content: bytes) -> str:
    """Lower-case hex SHA-256 of evidence content, as stored so that anyone can re-hash it."""
    return sha256_hex(content)


def snapshot_content(snapshot: Mapping[str, Any]) -> bytes:
    """The content of a system-derived item (incident record, breach, clause, credit report): canonical JSON."""
    return canonical_json(snapshot)


def _size(n: int) -> str:
    if n < 1024:
        return f"{n:,} bytes"
    units = ("KiB", "MiB", "GiB")
    power = 1
    while power < len(units) and n >= 1024 ** (power + 1):
        power += 1
    return f"{n:,} bytes ({n / 1024**power:.1f} {units[power - 1]})"


def _decode_base64(data: str) -> bytes | None:
    # Mail clients and browsers wrap base64 in lines; the whitespace is not part of the content.
    try:
        return base64.b64decode("".join(data.split()), validate=True)
    except (binascii.Error, ValueError):
        return None


def _file_name_problem(file_name: str | None) -> Problem | None:
    path: tuple[PathPart, ...] = ("input", "fileName")
    if file_name is None or not file_name.strip():
        return Problem("REQUIRED", "A file needs its name (for example contract-notice.pdf).", path)
    if len(file_name) > 255 or any(c in file_name for c in "/\\") or any(ord(c) < 32 for c in file_name):
        message = f"'{file_name[:80]}' is not a file name: give the name alone, without folders or control characters."
        return Problem("INVALID_VALUE", message, path)
    return None


def check_evidence(
    kind: str,
    text: str | None,
    file_base64: str | None,
    file_name: str | None,
    media_type: str | None,
    max_bytes: int,
) -> tuple[bytes, list[Problem]]:
    """The content bytes of a DOCUMENT or COMMUNICATION a person adds (text as UTF-8), and every problem with it."""
    problems: list[Problem] = []
    if kind not in PERSON_KINDS:
        why = "is derived by Clausegraph from its own records" if kind in EVIDENCE_KINDS else "is not an evidence kind"
        message = f"'{kind}' {why}; people add DOCUMENT or COMMUNICATION items."
        problems.append(Problem("INVALID_VALUE", message, ("input", "kind")))
    if media_type is not None and not _MEDIA_TYPE.match(media_type.strip()):
        message = f"'{media_type[:80]}' is not a media type; write it like application/pdf or text/plain."
        problems.append(Problem("INVALID_VALUE", message, ("input", "mediaType")))

    has_text = text is not None and text.strip() != ""
    has_file = file_base64 is not None and file_base64.strip() != ""
    content = b""
    if has_text and has_file:
        message = "Give the evidence either as text or as a file, not both."
        problems.append(Problem("INVALID_VALUE", message, ("input", "file")))
    elif not has_text and not has_file:
        message = "Give the evidence as text or as a file (base64 content with its file name)."
        problems.append(Problem("REQUIRED", message, ("input", "text")))
    elif text is not None and has_text:
        try:
            # The text exactly as given is the evidence: no trimming, so its hash is that of what was sent.
            content = text.encode("utf-8")
        except UnicodeEncodeError:
            problems.append(Problem("INVALID_VALUE", "The text is not valid Unicode.", ("input", "text")))
    elif file_base64 is not None:
        name_problem = _file_name_problem(file_name)
        if name_problem is not None:
            problems.append(name_problem)
        decoded = _decode_base64(file_base64)
        if decoded is None:
            message = "The file content is not valid base64 (RFC 4648, standard alphabet, with padding)."
            problems.append(Problem("INVALID_VALUE", message, ("input", "file")))
        else:
            content = decoded

    if len(content) > max_bytes:
        what, where = ("The text", "text") if has_text else ("The file", "file")
        message = f"{what} is {_size(len(content))}; the limit is {_size(max_bytes)}."
        problems.append(Problem("TOO_LARGE", message, ("input", where)))
    return (b"" if problems else content), problems


@dataclass(frozen=True)
class CustodyEntry:
    """One line of an item's chain of custody: when, who (person key), what was done, and for what purpose."""

    at: datetime
    person: str | None
    action: str  # one of CUSTODY_ACTIONS
    purpose: str | None = None

    def __post_init__(self) -> None:
        if self.action not in CUSTODY_ACTIONS:
            message = f"'{self.action}' is not a custody action ({', '.join(CUSTODY_ACTIONS)})."
            raise RuleViolation.single("INVALID_VALUE", message, ("action",))
        utc(self.at)  # rejects a naive instant with NAIVE_DATETIME

    def as_json(self) -> dict[str, Any]:
        """JSON-safe form, instants as UTC ISO 8601 with a Z."""
        return {"at": hash_instant(self.at), "person": self.person, "action": self.action, "purpose": self.purpose}


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


@dataclass(frozen=True)
class Mismatch:
    """One difference between a sealed manifest and what is derived now, keyed by identity, in words."""

    path: tuple[PathPart, ...]
    kind: str
    expected: Any
    actual: Any
    message: str


def _show(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str) and _SHA256.match(value):
        return value[:12] + "…"
    return str(value)


def _field(name: str) -> str:
    return {"sha256": "content hash", "content_hash": "content hash"}.get(name, name.replace("_", " "))


def _changes(old: Mapping[str, Any], new: Mapping[str, Any], skip: frozenset[str]) -> list[str]:
    return sorted(name for name in set(old) | set(new) if name not in skip and old.get(name) != new.get(name))


def _field_mismatches(
    path: tuple[PathPart, ...],
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    kind: str,
    who: str,
    skip: frozenset[str],
) -> list[Mismatch]:
    return [
        Mismatch(
            (*path, name),
            kind,
            old.get(name),
            new.get(name),
            f"{who}: {_field(name)} changed from {_show(old.get(name))} to {_show(new.get(name))}.",
        )
        for name in _changes(old, new, skip)
    ]


def _keyed(rows: Any, key: str) -> dict[str, Mapping[str, Any]]:
    return {str(row[key]): row for row in rows or ()}


def _compare_rows(
    section: str,
    sealed: Any,
    rederived: Any,
    key: str,
    kinds: tuple[str, str, str],  # missing, added, changed
    describe: Callable[[Mapping[str, Any]], str],
    skip: frozenset[str] = frozenset(),
) -> list[Mismatch]:
    old, new = _keyed(sealed, key), _keyed(rederived, key)
    out: list[Mismatch] = []
    for ident in sorted(set(old) | set(new)):
        if ident not in new:
            message = f"{describe(old[ident])}: in the sealed bundle, but no longer found."
            out.append(Mismatch((section, ident), kinds[0], old[ident], None, message))
        elif ident not in old:
            message = f"{describe(new[ident])}: found now, but not in the sealed bundle."
            out.append(Mismatch((section, ident), kinds[1], None, new[ident], message))
        else:
            out += _field_mismatches((section, ident), old[ident], new[ident], kinds[2], describe(old[ident]), skip)
    return out


def _describe_item(row: Mapping[str, Any]) -> str:
    label = row.get("label") or row.get("ref") or ""
    return f"Evidence item {row['item_key']} ({row['kind']} '{label}')" if label else f"Evidence item {row['item_key']}"


def _compare_items(sealed: Any, rederived: Any) -> list[Mismatch]:
    # Bates numbers follow from the order of items; an added or missing item is the finding, not the renumbering.
    found = _compare_rows(
        "items",
        sealed,
        rederived,
        "item_key",
        ("ITEM_MISSING", "ITEM_ADDED", "ITEM_METADATA_CHANGED"),
        _describe_item,
        frozenset({"bates"}) | _CONTENT_FIELDS,
    )
    old, new = _keyed(sealed, "item_key"), _keyed(rederived, "item_key")
    for ident in sorted(set(old) & set(new)):
        before, after = old[ident], new[ident]
        if before.get("sha256") != after.get("sha256"):
            message = (
                f"{_describe_item(before)}: content hash changed from {_show(before.get('sha256'))} "
                f"to {_show(after.get('sha256'))}; the content is not what was sealed."
            )
            found.append(
                Mismatch(("items", ident, "sha256"), "ITEM_CONTENT_CHANGED", before["sha256"], after["sha256"], message)
            )
        else:
            found += _field_mismatches(
                ("items", ident),
                before,
                after,
                "ITEM_METADATA_CHANGED",
                _describe_item(before),
                (frozenset(before) | frozenset(after)) - (_CONTENT_FIELDS - {"sha256"}),
            )
    return sorted(found, key=lambda m: [str(part) for part in m.path])


def _compare_incidents(sealed: Any, rederived: Any) -> list[Mismatch]:
    old, new = _keyed(sealed, "key"), _keyed(rederived, "key")
    out: list[Mismatch] = []
    for ident in sorted(set(old) | set(new)):
        before, after = old.get(ident), new.get(ident)
        if before is None or after is None:
            where = (
                "found now, but not in the sealed bundle"
                if before is None
                else "in the sealed bundle, but no longer found"
            )
            out.append(
                Mismatch(("incidents", ident), "INCIDENT_CHAIN_CHANGED", before, after, f"Incident {ident}: {where}.")
            )
            continue
        findings: list[str] = []
        if after.get("chain_ok") is False:
            broken = after.get("first_broken_seq")
            at = f" at event {broken}" if broken is not None else ""
            reason = f" ({after['reason']})" if after.get("reason") else ""
            findings.append(f"its event chain no longer verifies{at}{reason}")
        for name in ("event_count", "head_hash"):
            if before.get(name) != after.get(name):
                findings.append(f"{_field(name)} changed from {_show(before.get(name))} to {_show(after.get(name))}")
        if findings:
            message = f"Incident {ident}: " + "; ".join(findings) + "."
            out.append(Mismatch(("incidents", ident), "INCIDENT_CHAIN_CHANGED", before, after, message))
    return out


def compare_manifests(sealed: Mapping[str, Any], rederived: Mapping[str, Any]) -> list[Mismatch]:
    """Every difference between a sealed manifest and one derived now, named; seal metadata is not compared."""
    dispute_who = f"Dispute {sealed.get('dispute', {}).get('key')}"
    contract_who = f"Contract {sealed.get('contract', {}).get('key')}"
    return [
        *_field_mismatches(
            ("dispute",),
            sealed.get("dispute", {}),
            rederived.get("dispute", {}),
            "DISPUTE_CHANGED",
            dispute_who,
            _DISPUTE_NOT_COMPARED,
        ),
        *_field_mismatches(
            ("contract",),
            sealed.get("contract", {}),
            rederived.get("contract", {}),
            "CONTRACT_CHANGED",
            contract_who,
            frozenset(),
        ),
        *_compare_items(sealed.get("items"), rederived.get("items")),
        *_compare_incidents(sealed.get("incidents"), rederived.get("incidents")),
        *_compare_rows(
            "breaches",
            sealed.get("breaches"),
            rederived.get("breaches"),
            "ref",
            ("BREACH_CHANGED",) * 3,
            lambda r: f"Breach {r['ref']} ({r.get('kind')} of {r.get('incident')})",
        ),
        *_compare_rows(
            "credits",
            sealed.get("credits"),
            rederived.get("credits"),
            "month",
            ("CREDITS_CHANGED",) * 3,
            lambda r: f"Credits for {r['month']}",
        ),
        *_compare_rows(
            "precedents",
            sealed.get("precedents"),
            rederived.get("precedents"),
            "key",
            ("PRECEDENTS_CHANGED",) * 3,
            lambda r: f"Precedent {r['key']}" + (f" ({r['citation']})" if r.get("citation") else ""),
        ),
    ]


def verify_manifest(sealed: Mapping[str, Any], sealed_hash: str, rederived: Mapping[str, Any]) -> list[Mismatch]:
    """compare_manifests, after checking that the stored manifest still hashes to the sealed bundle hash."""
    actual = manifest_hash(sealed)
    altered = []
    if actual != sealed_hash:
        message = (
            f"The stored manifest hashes to {_show(actual)}, not to the sealed bundle hash {_show(sealed_hash)}: "
            "the manifest itself was edited after sealing."
        )
        altered.append(Mismatch(("manifest",), "MANIFEST_ALTERED", sealed_hash, actual, message))
    return [*altered, *compare_manifests(sealed, rederived)]


def check_seal(previous_manifest: Mapping[str, Any] | None, new_manifest: Mapping[str, Any]) -> list[Problem]:
    """Why a new bundle version may not be sealed: nothing new, no evidence, a broken chain, a wrong version link."""
    problems: list[Problem] = []
    seal = new_manifest.get("seal", {})
    if previous_manifest is None:
        expected_version, expected_previous = 1, None
    else:
        expected_version = int(previous_manifest.get("seal", {}).get("version", 0)) + 1
        expected_previous = manifest_hash(previous_manifest)
    if seal.get("version") != expected_version or seal.get("previous_bundle_hash") != expected_previous:
        message = (
            f"The new bundle must be version {expected_version} linked to "
            f"{'no previous bundle' if expected_previous is None else 'previous bundle ' + _show(expected_previous)}; "
            "another seal may have happened meanwhile."
        )
        problems.append(Problem("VERSION_CONFLICT", message, ("seal",)))
    if not new_manifest.get("items"):
        problems.append(Problem("NO_EVIDENCE", "A bundle needs at least one evidence item to seal.", ("items",)))
    for incident in new_manifest.get("incidents") or ():
        if incident.get("chain_ok") is False:
            message = (
                f"Incident {incident['key']}'s event chain does not verify; sealing it would freeze evidence "
                "that has already been altered."
            )
            problems.append(Problem("CHAIN_BROKEN", message, ("incidents", str(incident["key"]))))
    if previous_manifest is not None and not compare_manifests(previous_manifest, new_manifest):
        previous_seal = previous_manifest.get("seal", {})
        message = (
            f"Nothing changed since bundle version {previous_seal.get('version')} sealed at "
            f"{previous_seal.get('sealed_at')}; add or change evidence before sealing again."
        )
        problems.append(Problem("NOTHING_NEW", message, ()))
    return problems
