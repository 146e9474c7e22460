"""A downloaded bundle checked with nothing but the file and a public key: each kind of edit is named."""

from __future__ import annotations

import copy
import hashlib
import os
import stat
from pathlib import Path
from typing import Any

from clausegraph.signing import load_or_create_signer
from domain.canonical import ZERO_HASH
from domain.events import Event, EventKind
from domain.hashing import hash_instant, stored_events
from domain.manifest import build_manifest, manifest_hash
from domain.sealed_record import check_bundle_document, record_digest
from domain.signatures import Signer, load_public_key, signature_valid
from tests.unit.sla_fixtures import at

LETTER = "We hold you responsible for the outage of 2 March."
# sha256 of the letter's UTF-8 bytes, as `printf '%s' "$LETTER" | sha256sum` prints it
LETTER_SHA256 = hashlib.sha256(LETTER.encode("utf-8")).hexdigest()


def _bundle(signer: Signer) -> dict[str, Any]:
    events = [
        Event(at("2026-03-02T09:15:00Z"), EventKind.REPORTED, actor="a-ops-1"),
        Event(at("2026-03-02T09:27:00Z"), EventKind.ACKNOWLEDGED, actor="n-duty-1"),
    ]
    stored = stored_events("INC-1", events)
    chronology = [
        {
            "incident": "INC-1",
            "seq": e.seq,
            "at": hash_instant(e.at),
            "kind": e.kind,
            "fields": dict(e.fields),
            "actor_key": e.actor,
            "hash": e.hash,
            "prev_hash": e.prev_hash,
        }
        for e in stored
    ]
    record = {"dispute": {"key": "DSP-1", "status": "NEGOTIATION"}, "chronology": chronology, "evidence": []}
    manifest = build_manifest(
        dispute={"key": "DSP-1", "title": "Outage", "claimant": "acme", "respondent": "nimbus"},
        contract={"key": "nimbus-acme-msa", "version": 1, "content_hash": "0" * 64},
        version=1,
        previous_bundle_hash=None,
        sealed_at=at("2026-04-22T10:30:00Z"),
        sealed_by=None,
        items=[
            {
                "item_key": "DSP-1/E0001",
                "kind": "DOCUMENT",
                "sha256": LETTER_SHA256,
                "added_at": at("2026-04-01T09:00:00Z"),
            }
        ],
        incidents=[{"key": "INC-1", "event_count": 2, "head_hash": stored[-1].hash, "chain_ok": True}],
        breaches=[],
        credits=[],
        precedents=[],
    )
    manifest["seal"]["signing_key_id"] = signer.key_id
    manifest["record"] = record_digest(record)
    digest = manifest_hash(manifest)
    return {
        "manifest": manifest,
        "sha256": digest,
        "record": record,
        "contents": {"DSP-1/E0001": {"encoding": "utf-8", "content": LETTER}},
        "signature": {"algorithm": "Ed25519", "value": signer.sign(digest), "public_key": signer.public_pem},
    }


def test_a_signature_verifies_only_with_its_key_and_over_its_hash():
    signer, other = Signer.generate(), Signer.generate()
    digest = hashlib.sha256(b"manifest").hexdigest()
    signature = signer.sign(digest)
    key = load_public_key(signer.public_pem)
    assert key is not None and signature_valid(key, digest, signature)
    assert not signature_valid(key, ZERO_HASH, signature)
    other_key = load_public_key(other.public_pem)
    assert other_key is not None and not signature_valid(other_key, digest, signature)
    assert load_public_key("not a key") is None


def test_an_untouched_bundle_verifies_with_the_deployments_key():
    signer = Signer.generate()
    assert check_bundle_document(_bundle(signer), signer.public_pem) == []


def test_an_edited_item_content_is_named():
    document = _bundle(Signer.generate())
    document["contents"]["DSP-1/E0001"]["content"] = LETTER.replace("2 March", "3 March")
    found = check_bundle_document(document, None)
    assert [(m.kind, m.category, m.path) for m in found] == [
        ("SEALED_CONTENT_ALTERED", "TAMPERED", ("items", "DSP-1/E0001", "content"))
    ]


def test_an_edited_event_of_the_chronology_is_named_by_incident_and_seq():
    document = _bundle(Signer.generate())
    document["record"]["chronology"][1]["at"] = "2026-03-02T09:20:00Z"
    found = {(m.kind, m.path) for m in check_bundle_document(document, None)}
    assert ("EVENT_ALTERED", ("chronology", "INC-1", "2")) in found
    assert ("RECORD_ALTERED", ("record", "chronology")) in found


def test_an_edited_manifest_or_a_foreign_key_fails_the_check():
    signer = Signer.generate()
    document = _bundle(signer)
    edited = copy.deepcopy(document)
    edited["manifest"]["dispute"]["title"] = "Something else"
    assert [m.kind for m in check_bundle_document(edited, signer.public_pem)] == ["MANIFEST_ALTERED"]
    found = check_bundle_document(document, Signer.generate().public_pem)
    assert [(m.kind, m.path) for m in found] == [("SIGNATURE_INVALID", ("signature", "key_id"))]
    # a signature made by another key, with the manifest naming that key, still fails with the real one
    forged = copy.deepcopy(document)
    forged["signature"]["value"] = Signer.generate().sign(document["sha256"])
    assert [m.kind for m in check_bundle_document(forged, signer.public_pem)] == ["SIGNATURE_INVALID"]


def test_the_signing_key_file_is_created_owner_only_and_read_back(tmp_path: Path):
    path = tmp_path / "keys" / "signing-key.pem"
    first = load_or_create_signer(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert load_or_create_signer(path).key_id == first.key_id


def test_a_stored_record_edited_out_of_shape_is_a_clear_error_not_a_crash():
    from clausegraph.bundles import report_from_record
    from domain.errors import DomainError

    stored = {"version": 1, "disputeKey": "DSP-1", "sha256": ZERO_HASH, "manifest": "{}", "record": '{"dispute": '}
    for record, code in (('{"dispute": ', "SEALED_RECORD_UNREADABLE"), ("", "NO_SEALED_RECORD")):
        try:
            report_from_record({**stored, "record": record})
        except DomainError as exc:
            assert [p.code for p in exc.problems] == [code]
        else:
            raise AssertionError(f"{record!r} rendered")
