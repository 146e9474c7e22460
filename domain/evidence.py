"""Dispute evidence: content and its SHA-256, and chain of custody (EDRM practice); the manifest is re-exported."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.calendars import utc
from domain.canonical import canonical_json, sha256_hex
from domain.errors import PathPart, Problem, RuleViolation
from domain.hashing import hash_instant
from domain.manifest import EVIDENCE_KINDS, HASHING, MANIFEST_FORMAT, bates_prefix, build_manifest, manifest_hash
from domain.verification import MISMATCH_KINDS, Mismatch, check_seal, compare_manifests, verify_manifest

__all__ = [
    "CUSTODY_ACTIONS",
    "EVIDENCE_KINDS",
    "HASHING",
    "MANIFEST_FORMAT",
    "MISMATCH_KINDS",
    "PERSON_KINDS",
    "CustodyEntry",
    "Mismatch",
    "bates_prefix",
    "build_manifest",
    "check_evidence",
    "check_seal",
    "compare_manifests",
    "content_sha256",
    "manifest_hash",
    "snapshot_content",
    "verify_manifest",
]

PERSON_KINDS = ("DOCUMENT", "COMMUNICATION")
CUSTODY_ACTIONS = ("ADDED", "SEALED", "EXPORTED", "VIEWED", "HANDED_OVER", "WITHDRAWN")

_MEDIA_TYPE = re.compile(r"^[A-Za-z0-9][\w.+-]*/[A-Za-z0-9][\w.+-]*(\s*;.*)?$")


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
