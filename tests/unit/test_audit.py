"""API key secrets and the audit log's hash chain."""

from __future__ import annotations

import hashlib
import json

from domain.audit import entry_hash, new_api_secret, secret_hash, variables_digest, verify_chain
from domain.canonical import ZERO_HASH


def _chain(n: int) -> list[dict[str, object]]:
    entries: list[dict[str, object]] = []
    prev = ZERO_HASH
    for seq in range(1, n + 1):
        entry: dict[str, object] = {
            "seq": seq, "at": f"2026-12-01T10:0{seq}:00Z", "principal": "key:abc", "operation": "Probe",
            "kind": "MUTATION", "variablesDigest": variables_digest({"n": seq}), "outcome": "OK", "codes": [],
            "requestId": f"r{seq}", "prevHash": prev,
        }  # fmt: skip
        entry["hash"] = entry_hash(entry, prev)
        prev = str(entry["hash"])
        entries.append(entry)
    return entries


def test_secrets_are_prefixed_random_and_stored_as_their_sha256() -> None:
    a, b = new_api_secret(), new_api_secret()
    assert a.startswith("cg_") and len(a) == 46 and a != b
    assert secret_hash(a) == hashlib.sha256(a.encode()).hexdigest()


def test_the_variables_digest_is_the_sha256_of_canonical_json() -> None:
    expected = hashlib.sha256(json.dumps({"a": 1, "b": [2]}, separators=(",", ":")).encode()).hexdigest()
    assert variables_digest({"b": [2], "a": 1}) == expected
    assert variables_digest(None) == hashlib.sha256(b"{}").hexdigest()


def test_an_intact_chain_verifies() -> None:
    entries = _chain(3)
    assert verify_chain(entries, 3, str(entries[-1]["hash"])) == []
    assert verify_chain([], 0, ZERO_HASH) == []


def test_an_edited_entry_is_named() -> None:
    entries = _chain(3)
    entries[1]["outcome"] = "ERROR"
    findings = verify_chain(entries, 3, str(entries[-1]["hash"]))
    assert [f.seq for f in findings] == [2]


def test_a_removed_entry_breaks_the_chain_and_the_count() -> None:
    entries = _chain(3)
    del entries[1]
    findings = verify_chain(entries, 3, str(entries[-1]["hash"]))
    assert {f.seq for f in findings} >= {3}
    assert any("head" in f.message for f in findings)
