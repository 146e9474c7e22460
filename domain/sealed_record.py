"""The frozen record of a sealed bundle: its hashes, and the checks anyone can run on it with the bundle alone."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from domain.canonical import ZERO_HASH, canonical_hash, sha256_hex
from domain.hashing import event_hash
from domain.manifest import manifest_hash
from domain.signatures import key_id, load_public_key, signature_valid
from domain.verification import Mismatch

RECORD_FORMAT = "clausegraph/sealed-record@1"
BUNDLE_FORMAT = "clausegraph/evidence-bundle@2"
RECORD_SECTIONS = (
    "dispute",
    "contract",
    "chronology",
    "breaches",
    "liability_chains",
    "credits",
    "clauses",
    "precedents",
    "evidence",
)


def record_digest(record: Mapping[str, Any]) -> dict[str, Any]:
    """What the manifest keeps of the record: its format, its SHA-256 and one SHA-256 per section."""
    return {
        "format": RECORD_FORMAT,
        "sha256": canonical_hash(record),
        "sections": {name: canonical_hash(record.get(name)) for name in RECORD_SECTIONS},
    }


def content_bytes(stored: Mapping[str, Any]) -> bytes | None:
    """The bytes of one stored content ({encoding, content}); None when they cannot be decoded."""
    text = stored.get("content")
    if not isinstance(text, str):
        return None
    if stored.get("encoding") == "base64":
        try:
            return base64.b64decode(text.encode("ascii"), validate=True)
        except (binascii.Error, ValueError, UnicodeEncodeError):
            return None
    return text.encode("utf-8")


def check_record(record: Mapping[str, Any] | None, sealed: Mapping[str, Any] | None) -> list[Mismatch]:
    """TAMPERED findings when the stored record no longer hashes to what the manifest sealed, per section."""
    if not sealed:
        return []
    if record is None:
        message = "The sealed record (what the HTML and PDF are rendered from) is missing."
        return [Mismatch(("record",), "RECORD_ALTERED", sealed.get("sha256"), None, message)]
    if canonical_hash(record) == sealed.get("sha256"):
        return []
    out = []
    for name, expected in sorted((sealed.get("sections") or {}).items()):
        actual = canonical_hash(record.get(name))
        if actual != expected:
            message = f"The sealed record's section '{name}' no longer matches the hash sealed in the manifest."
            out.append(Mismatch(("record", name), "RECORD_ALTERED", expected, actual, message))
    if not out:
        message = "The sealed record no longer matches the hash sealed in the manifest."
        out.append(Mismatch(("record",), "RECORD_ALTERED", sealed.get("sha256"), canonical_hash(record), message))
    return out


def check_chronology(chronology: Sequence[Mapping[str, Any]], incidents: Sequence[Mapping[str, Any]]) -> list[Mismatch]:
    """Re-walk each incident's frozen events: every hash from its content, and the head and count sealed."""
    out: list[Mismatch] = []
    for incident in incidents:
        key = str(incident["key"])
        events = sorted((e for e in chronology if e.get("incident") == key), key=lambda e: int(e.get("seq") or 0))
        prev = ZERO_HASH
        for position, e in enumerate(events, start=1):
            try:
                at = datetime.fromisoformat(str(e["at"]))
                expected = event_hash(
                    key, int(e["seq"]), at, str(e["kind"]), dict(e.get("fields") or {}), e.get("actor_key"), prev
                )
            except (KeyError, TypeError, ValueError):
                expected = None
            if e.get("seq") != position or e.get("prev_hash") != prev or e.get("hash") != expected:
                message = f"Incident {key}, event {e.get('seq')} of the sealed chronology does not match its hash."
                out.append(Mismatch(("chronology", key, str(e.get("seq"))), "EVENT_ALTERED", expected, e, message))
                break
            prev = str(e["hash"])
        else:
            head = events[-1]["hash"] if events else None
            if len(events) != incident.get("event_count") or head != incident.get("head_hash"):
                message = (
                    f"Incident {key}: the sealed chronology holds {len(events)} events ending in {str(head)[:12]}, "
                    f"not the {incident.get('event_count')} events sealed in the manifest."
                )
                out.append(Mismatch(("chronology", key), "EVENT_ALTERED", incident.get("head_hash"), head, message))
    return out


def check_contents(
    items: Sequence[Mapping[str, Any]], contents: Mapping[str, Mapping[str, Any] | None]
) -> list[Mismatch]:
    """Each item's frozen content must hash to the SHA-256 the manifest lists for it."""
    out = []
    for item in items:
        ident = str(item["item_key"])
        stored = contents.get(ident)
        data = content_bytes(stored) if stored is not None else None
        actual = sha256_hex(data) if data is not None else None
        if actual != item.get("sha256"):
            what = "is missing" if stored is None else "does not hash to the SHA-256 sealed for it"
            message = f"Evidence item {ident} ({item.get('bates')}): its sealed content {what}."
            out.append(
                Mismatch(("items", ident, "content"), "SEALED_CONTENT_ALTERED", item.get("sha256"), actual, message)
            )
    return out


def check_signature(
    bundle_hash: str, signature: Mapping[str, Any] | None, public_pem: str, expected_key_id: str | None
) -> list[Mismatch]:
    """The signature over the bundle hash must verify with `public_pem`, the key the manifest names."""
    key = load_public_key(public_pem)
    if key is None:
        return [Mismatch(("signature",), "SIGNATURE_INVALID", None, None, "The public key is not an Ed25519 PEM key.")]
    if expected_key_id is not None and key_id(key) != expected_key_id:
        message = f"The manifest was signed by key {expected_key_id[:12]}…, not by the key given ({key_id(key)[:12]}…)."
        return [Mismatch(("signature", "key_id"), "SIGNATURE_INVALID", expected_key_id, key_id(key), message)]
    value = (signature or {}).get("value")
    if not isinstance(value, str) or not signature_valid(key, bundle_hash, value):
        message = "The signature does not verify over the bundle hash with this public key."
        return [Mismatch(("signature", "value"), "SIGNATURE_INVALID", None, value, message)]
    return []


def check_bundle_document(document: Mapping[str, Any], public_pem: str | None) -> list[Mismatch]:
    """Every check of a downloaded JSON bundle that needs only the file and a public key (default: its own)."""
    manifest = document.get("manifest")
    if not isinstance(manifest, Mapping):
        return [Mismatch(("manifest",), "MANIFEST_ALTERED", None, None, "The file has no manifest.")]
    sealed_hash = str(document.get("sha256"))
    out: list[Mismatch] = []
    actual = manifest_hash(manifest)
    if actual != sealed_hash:
        message = f"The manifest hashes to {actual[:12]}…, not to the bundle hash {sealed_hash[:12]}… in the file."
        out.append(Mismatch(("manifest",), "MANIFEST_ALTERED", sealed_hash, actual, message))
    signature = document.get("signature")
    signature = signature if isinstance(signature, Mapping) else None
    key = public_pem if public_pem is not None else str((signature or {}).get("public_key") or "")
    out += check_signature(sealed_hash, signature, key, (manifest.get("seal") or {}).get("signing_key_id"))
    record = document.get("record")
    out += check_record(record if isinstance(record, Mapping) else None, manifest.get("record"))
    if isinstance(record, Mapping):
        out += check_chronology(record.get("chronology") or [], manifest.get("incidents") or [])
    contents = document.get("contents")
    out += check_contents(manifest.get("items") or [], contents if isinstance(contents, Mapping) else {})
    return out
