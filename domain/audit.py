"""The audit log's rules: API key secrets and their hashes, audit entries and their hash chain."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from domain.canonical import ZERO_HASH, canonical_hash, canonical_json, sha256_hex

SECRET_PREFIX = "cg_"  # noqa: S105 (a prefix that marks API keys, not a secret)

# The fields of an entry that its hash covers, in the order they are documented.
AUDITED_FIELDS = ("seq", "at", "principal", "operation", "kind", "variablesDigest", "outcome", "codes", "requestId")


def new_api_secret() -> str:
    """A fresh API key secret: `cg_` and 43 URL-safe characters (256 random bits)."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def secret_hash(secret: str) -> str:
    """How a secret is stored: its SHA-256 (secrets are random, so no slow hash is needed)."""
    return sha256_hex(secret.encode("utf-8"))


def variables_digest(variables: dict[str, Any] | None) -> str:
    """SHA-256 of a request's variables in canonical JSON: enough to match a request, revealing none of it."""
    return sha256_hex(canonical_json(variables or {}))


def entry_hash(entry: dict[str, Any], prev_hash: str) -> str:
    """The hash of an audit entry: canonical JSON of its audited fields and the previous entry's hash."""
    return canonical_hash({**{k: entry.get(k) for k in AUDITED_FIELDS}, "prevHash": prev_hash})


@dataclass(frozen=True)
class AuditFinding:
    seq: int
    message: str


def verify_chain(entries: Sequence[dict[str, Any]], head_seq: int, head_hash: str) -> list[AuditFinding]:
    """Re-walk the chain: every entry's seq follows, its prevHash is the last hash, its hash matches."""
    findings: list[AuditFinding] = []
    prev = ZERO_HASH
    for expected, entry in enumerate(entries, start=1):
        seq = int(entry.get("seq", -1))
        if seq != expected:
            findings.append(AuditFinding(seq, f"entry {seq} stands where entry {expected} should be"))
        if entry.get("prevHash") != prev:
            findings.append(AuditFinding(seq, f"entry {seq} does not follow the hash of the entry before it"))
        if entry_hash(entry, str(entry.get("prevHash"))) != entry.get("hash"):
            findings.append(AuditFinding(seq, f"entry {seq} does not match its hash (it was changed)"))
        prev = str(entry.get("hash"))
    if head_seq != len(entries):
        findings.append(AuditFinding(head_seq, f"the log's head says {head_seq} entries, {len(entries)} are stored"))
    elif entries and head_hash != prev:
        findings.append(AuditFinding(head_seq, "the log's head does not name the last entry's hash"))
    return findings
