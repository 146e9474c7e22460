"""Verifying a sealed bundle: each difference from what is derived now, named; whether a new version may seal."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from domain.errors import PathPart, Problem
from domain.manifest import _SHA256, manifest_hash

# What no longer matches its hash, or stored data that no API can change: someone edited the record.
TAMPERED_KINDS = (
    "MANIFEST_ALTERED",
    "RECORD_ALTERED",
    "EVENT_ALTERED",
    "SEALED_CONTENT_ALTERED",
    "SIGNATURE_INVALID",
    "CONTRACT_CHANGED",
    "ITEM_CONTENT_CHANGED",
    "ITEM_METADATA_CHANGED",
    "ITEM_MISSING",
    "INCIDENT_CHAIN_CHANGED",
)
# The live record moving on after the seal, as it may: information, never an error.
CHANGED_KINDS = (
    "DISPUTE_CHANGED",
    "ITEM_ADDED",
    "ITEM_WITHDRAWN",
    "ITEM_REDERIVED_DIFFERENTLY",
    "INCIDENT_EVENTS_ADDED",
    "BREACH_CHANGED",
    "CREDITS_CHANGED",
    "PRECEDENTS_CHANGED",
)
MISMATCH_KINDS = TAMPERED_KINDS + CHANGED_KINDS
TAMPERED, CHANGED_SINCE_SEAL = "TAMPERED", "CHANGED_SINCE_SEAL"

_DISPUTE_NOT_COMPARED: frozenset[str] = frozenset()
# Size and media type describe the content; when the hash changed they are part of the same finding.
_CONTENT_FIELDS = frozenset({"sha256", "size", "media_type"})


@dataclass(frozen=True)
class Mismatch:
    """One difference between a sealed manifest and what is derived now, keyed by identity, in words."""

    path: tuple[PathPart, ...]
    kind: str
    expected: Any
    actual: Any
    message: str

    @property
    def category(self) -> str:
        """TAMPERED (something sealed or immutable no longer matches) or CHANGED_SINCE_SEAL (information)."""
        return TAMPERED if self.kind in TAMPERED_KINDS else CHANGED_SINCE_SEAL


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
