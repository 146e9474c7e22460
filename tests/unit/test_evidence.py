"""Evidence content and custody, the sealed manifest, verification mismatches and resealing."""

from __future__ import annotations

import base64
import copy
import json
import random
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest

from domain.canonical import canonical_hash, canonical_json
from domain.errors import PathPart, Problem, RuleViolation
from domain.evidence import (
    CustodyEntry,
    bates_prefix,
    build_manifest,
    check_evidence,
    check_seal,
    compare_manifests,
    content_sha256,
    manifest_hash,
    snapshot_content,
    verify_manifest,
)
from tests.unit.bundle_sample import manifest_inputs
from tests.unit.sla_fixtures import at

LIMIT = 1024
ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def evidence(
    kind: str = "DOCUMENT",
    text: str | None = None,
    file: str | None = None,
    name: str | None = None,
    media: str | None = None,
    limit: int = LIMIT,
) -> tuple[bytes, list[tuple[str, tuple[PathPart, ...]]], list[Problem]]:
    content, problems = check_evidence(kind, text, file, name, media, limit)
    return content, [(p.code, p.path) for p in problems], problems


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def manifest(**changes: Any) -> dict[str, Any]:
    return build_manifest(**{**manifest_inputs(), **changes})


# ---- content and its hash ----


def test_content_sha256_is_the_sha256_of_the_bytes():
    assert content_sha256(b"abc") == ABC_SHA256


def test_text_is_stored_as_utf8_exactly_as_given():
    content, found, _ = evidence("COMMUNICATION", text="Dana, café at 10:05 \n")
    assert found == []
    assert content == "Dana, café at 10:05 \n".encode()


def test_a_file_is_decoded_from_base64_even_when_wrapped_in_lines():
    data = bytes(range(256)) * 2
    encoded = b64(data)
    wrapped = "\n".join(encoded[i : i + 76] for i in range(0, len(encoded), 76))
    content, found, _ = evidence(file=wrapped, name="contract-notice.pdf", media="application/pdf")
    assert found == []
    assert content == data


def test_text_and_file_together_are_rejected():
    content, found, _ = evidence(text="note", file=b64(b"x"), name="x.txt")
    assert content == b""
    assert found == [("INVALID_VALUE", ("input", "file"))]


@pytest.mark.parametrize(("text", "file"), [(None, None), ("", None), ("   ", ""), (None, "  ")])
def test_neither_text_nor_file_is_required(text, file):
    assert evidence(text=text, file=file, name="x.txt")[1] == [("REQUIRED", ("input", "text"))]


@pytest.mark.parametrize("bad", ["not base64!", "abc", "QQ", "QUJ=RA=="])
def test_base64_that_does_not_decode_is_rejected(bad):
    assert evidence(file=bad, name="x.bin")[1] == [("INVALID_VALUE", ("input", "file"))]


def test_a_file_needs_a_plain_name():
    assert evidence(file=b64(b"x"))[1] == [("REQUIRED", ("input", "fileName"))]
    assert evidence(file=b64(b"x"), name="../etc/passwd")[1] == [("INVALID_VALUE", ("input", "fileName"))]
    assert evidence(file=b64(b"x"), name="C:\\notice.pdf")[1] == [("INVALID_VALUE", ("input", "fileName"))]


def test_a_media_type_must_look_like_one():
    assert evidence(text="x", media="pdf")[1] == [("INVALID_VALUE", ("input", "mediaType"))]
    assert evidence(text="x", media="text/plain; charset=utf-8")[1] == []


def test_the_size_limit_counts_bytes_and_names_both_sizes():
    at_limit, found, _ = evidence(file=b64(b"x" * LIMIT), name="a.bin")
    assert found == [] and len(at_limit) == LIMIT
    content, found, problems = evidence(file=b64(b"x" * (LIMIT + 1)), name="a.bin")
    assert content == b""
    assert found == [("TOO_LARGE", ("input", "file"))]
    assert "1,025 bytes" in problems[0].message and "1,024 bytes" in problems[0].message


def test_text_over_the_limit_counts_utf8_bytes():
    text = "é" * 513  # 1,026 bytes in UTF-8, 513 characters
    _, found, problems = evidence(text=text)
    assert found == [("TOO_LARGE", ("input", "text"))]
    assert "1,026 bytes" in problems[0].message
    _, _, big = evidence(text="x" * (10 * 1024 * 1024 + 1), limit=10 * 1024 * 1024)
    assert "10.0 MiB" in big[0].message


@pytest.mark.parametrize("kind", ["INCIDENT_RECORD", "BREACH", "CLAUSE", "CREDIT_REPORT", "PHOTO"])
def test_people_add_only_documents_and_communications(kind):
    assert evidence(kind, text="x")[1] == [("INVALID_VALUE", ("input", "kind"))]


def test_a_snapshot_is_hashed_as_canonical_json_whatever_the_key_order():
    first = {"ref": "INC-1001:RESOLUTION", "over_by_seconds": 1500, "due_at": "2026-03-02T13:45:00Z"}
    second = dict(reversed(list(first.items())))
    assert snapshot_content(first) == snapshot_content(second) == canonical_json(first)
    assert content_sha256(snapshot_content(first)) == canonical_hash(first)


# ---- custody ----


def test_a_custody_entry_knows_its_actions_and_needs_an_offset():
    entry = CustodyEntry(at("2026-04-22T10:41:00Z"), "a-legal-1", "HANDED_OVER", "served on the respondent")
    assert entry.as_json() == {
        "at": "2026-04-22T10:41:00Z",
        "person": "a-legal-1",
        "action": "HANDED_OVER",
        "purpose": "served on the respondent",
    }
    with pytest.raises(RuleViolation) as raised:
        CustodyEntry(at("2026-04-22T10:41:00Z"), "a-legal-1", "COPIED")
    assert raised.value.problems[0].code == "INVALID_VALUE"
    with pytest.raises(RuleViolation) as naive:
        CustodyEntry(datetime(2026, 4, 22, 10, 41), None, "VIEWED")
    assert naive.value.problems[0].code == "NAIVE_DATETIME"


# ---- the manifest ----


def test_the_manifest_is_json_safe_with_utc_z_instants_and_decimal_strings():
    m = manifest(credits=[{"month": "2026-03", "total": Decimal("8400.00"), "claim_deadline": at("2026-05-30T23:00Z")}])
    assert json.loads(json.dumps(m)) == m
    assert m["seal"] == {
        "version": 1,
        "previous_bundle_hash": None,
        "sealed_at": "2026-04-22T10:30:00Z",
        "known_at": "2026-04-22T10:30:00Z",  # the figures are those of the record as known at the seal
        "sealed_by": "a-legal-1",
    }
    assert m["credits"] == [{"month": "2026-03", "total": "8400.00", "claim_deadline": "2026-05-30T23:00:00Z"}]
    assert m["breaches"][0]["due_at"] == "2026-03-02T09:45:00Z"
    assert "sha256" not in m and "hash" not in m  # the manifest never holds its own hash
    assert manifest_hash(m) == canonical_hash(m)


def test_the_manifest_does_not_depend_on_the_order_of_its_inputs():
    inputs = manifest_inputs()
    shuffled = copy.deepcopy(inputs)
    for name in ("items", "incidents", "breaches", "credits", "precedents"):
        random.Random(7).shuffle(shuffled[name])
    shuffled["items"] = [dict(reversed(list(item.items()))) for item in shuffled["items"]]
    assert build_manifest(**shuffled) == build_manifest(**inputs)
    assert manifest_hash(build_manifest(**shuffled)) == manifest_hash(build_manifest(**inputs))


def test_lists_are_sorted_by_time_then_key():
    m = manifest()
    assert [b["ref"] for b in m["breaches"]] == ["INC-1001:ESCALATION:3", "INC-1001:RESOLUTION"]
    assert [p["key"] for p in m["precedents"]] == ["cavendish-v-makdessi", "hadley-v-baxendale"]
    # Items added at the same instant follow their keys in natural order: EV-2 before EV-10.
    assert [i["item_key"] for i in m["items"]] == [f"EV-{n}" for n in range(1, 12)]


def test_bates_numbers_are_sequential_in_item_order():
    m = manifest()
    assert [i["bates"] for i in m["items"]] == [f"CG-DSP-2026-014-{n:06d}" for n in range(1, 12)]


def test_a_later_item_gets_the_next_bates_number():
    inputs = manifest_inputs()
    late = {**inputs["items"][-1], "item_key": "EV-2a", "added_at": at("2026-04-01T08:00:00Z")}
    m = build_manifest(**{**inputs, "items": [late, *inputs["items"]]})
    assert (m["items"][-1]["item_key"], m["items"][-1]["bates"]) == ("EV-2a", "CG-DSP-2026-014-000012")


def test_the_bates_prefix_is_upper_case_letters_digits_and_hyphens():
    assert bates_prefix("dsp 2026/14") == "CG-DSP-2026-14"


def test_missing_duplicate_or_malformed_rows_are_rejected():
    inputs = manifest_inputs()
    item = inputs["items"][0]
    cases = [
        ({**inputs, "items": [{k: v for k, v in item.items() if k != "sha256"}]}, "REQUIRED"),
        ({**inputs, "items": [item, item]}, "DUPLICATE"),
        ({**inputs, "items": [{**item, "sha256": "ABC"}]}, "INVALID_VALUE"),
        ({**inputs, "items": [{**item, "kind": "PHOTO"}]}, "INVALID_VALUE"),
        ({**inputs, "incidents": [{"key": "INC-1001"}]}, "REQUIRED"),
    ]
    for arguments, code in cases:
        with pytest.raises(RuleViolation) as raised:
            build_manifest(**arguments)
        assert raised.value.problems[0].code == code


# ---- verification: compare_manifests and verify_manifest ----


def kinds(sealed: dict[str, Any], rederived: dict[str, Any]) -> list[tuple[str, tuple[PathPart, ...]]]:
    return [(m.kind, m.path) for m in compare_manifests(sealed, rederived)]


def test_the_same_evidence_verifies_whatever_the_seal_metadata():
    sealed = manifest()
    later = manifest(sealed_at=at("2026-05-01T00:00:00Z"), sealed_by="n-legal-1", version=3)
    assert compare_manifests(sealed, later) == []


def test_a_new_status_is_a_change_since_the_seal_not_tampering():
    sealed = manifest()
    later = copy.deepcopy(sealed)
    later["dispute"]["status"] = "ARBITRATION"  # the dispute moves on after sealing by design
    found = compare_manifests(sealed, later)
    assert [(m.kind, m.category, m.path) for m in found] == [
        ("DISPUTE_CHANGED", "CHANGED_SINCE_SEAL", ("dispute", "status"))
    ]


def test_verification_is_keyed_by_identity_not_list_position():
    sealed = manifest()
    reordered = copy.deepcopy(sealed)
    for name in ("items", "breaches", "precedents"):
        reordered[name].reverse()
    assert compare_manifests(sealed, reordered) == []


def test_altered_document_content_is_named():
    sealed = manifest()
    rederived = copy.deepcopy(sealed)
    document = next(i for i in rederived["items"] if i["item_key"] == "EV-10")
    old = document["sha256"]
    document["sha256"] = content_sha256(b"a different notice")
    document["size"] = 18
    [mismatch] = compare_manifests(sealed, rederived)
    assert (mismatch.kind, mismatch.path) == ("ITEM_CONTENT_CHANGED", ("items", "EV-10", "sha256"))
    assert (mismatch.expected, mismatch.actual) == (old, document["sha256"])
    assert mismatch.message.startswith("Evidence item EV-10 (DOCUMENT 'contract-notice.pdf'): content hash changed")
    assert old[:12] in mismatch.message and document["sha256"][:12] in mismatch.message


def test_missing_and_added_items_are_named():
    sealed = manifest()
    rederived = copy.deepcopy(sealed)
    removed = rederived["items"].pop(0)
    rederived["items"].append({**removed, "item_key": "EV-99", "label": "Late email"})
    found = kinds(sealed, rederived)
    assert ("ITEM_MISSING", ("items", "EV-1")) in found
    assert ("ITEM_ADDED", ("items", "EV-99")) in found
    assert len(found) == 2  # the Bates numbers that shift are not findings of their own


def test_changed_item_metadata_is_named():
    sealed = manifest()
    rederived = copy.deepcopy(sealed)
    rederived["items"][0]["added_by"] = "n-duty-1"
    [mismatch] = compare_manifests(sealed, rederived)
    assert (mismatch.kind, mismatch.path) == ("ITEM_METADATA_CHANGED", ("items", "EV-1", "added_by"))
    assert "added by changed from a-legal-1 to n-duty-1" in mismatch.message


def test_an_edited_event_breaks_the_incident_chain_and_is_named_with_its_seq():
    sealed = manifest()
    rederived = copy.deepcopy(sealed)
    rederived["incidents"][0].update(
        chain_ok=False, head_hash="f" * 64, first_broken_seq=4, reason="hash of event 4 does not match its content"
    )
    [mismatch] = compare_manifests(sealed, rederived)
    assert (mismatch.kind, mismatch.path) == ("INCIDENT_CHAIN_CHANGED", ("incidents", "INC-1001"))
    assert "no longer verifies at event 4 (hash of event 4 does not match its content)" in mismatch.message
    assert "head hash changed from" in mismatch.message


def test_a_changed_event_count_or_a_lost_incident_is_named():
    sealed = manifest()
    rederived = copy.deepcopy(sealed)
    rederived["incidents"][0]["event_count"] = 9
    [count] = compare_manifests(sealed, rederived)
    assert count.kind == "INCIDENT_CHAIN_CHANGED" and "event count changed from 8 to 9" in count.message
    rederived["incidents"] = []
    [lost] = compare_manifests(sealed, rederived)
    assert lost.kind == "INCIDENT_CHAIN_CHANGED" and "no longer found" in lost.message


def test_a_changed_contract_version_is_named():
    sealed = manifest()
    rederived = manifest(contract={**manifest_inputs()["contract"], "version": 2, "content_hash": "e" * 64})
    found = compare_manifests(sealed, rederived)
    assert [(m.kind, m.path) for m in found] == [
        ("CONTRACT_CHANGED", ("contract", "content_hash")),
        ("CONTRACT_CHANGED", ("contract", "version")),
    ]
    assert found[1].message == "Contract nimbus-acme-msa: version changed from 1 to 2."


def test_breaches_added_removed_or_changed_are_named():
    inputs = manifest_inputs()
    sealed = manifest()
    escalation, resolution = inputs["breaches"]
    documentation = {**resolution, "ref": "INC-1001:DOCUMENTATION", "kind": "DOCUMENTATION", "clause": "7.1"}
    rederived = manifest(breaches=[{**resolution, "over_by_seconds": 1800}, documentation])
    found = compare_manifests(sealed, rederived)
    assert [(m.kind, m.path) for m in found] == [
        ("BREACH_CHANGED", ("breaches", "INC-1001:DOCUMENTATION")),
        ("BREACH_CHANGED", ("breaches", "INC-1001:ESCALATION:3")),
        ("BREACH_CHANGED", ("breaches", "INC-1001:RESOLUTION", "over_by_seconds")),
    ]
    assert "found now, but not in the sealed bundle" in found[0].message
    assert "in the sealed bundle, but no longer found" in found[1].message
    assert found[2].message == (
        "Breach INC-1001:RESOLUTION (RESOLUTION of INC-1001): over by seconds changed from 1500 to 1800."
    )
    assert escalation["ref"] in found[1].message


def test_changed_credits_are_named():
    sealed = manifest()
    rederived = copy.deepcopy(sealed)
    rederived["credits"][0]["total"] = "8800.00"
    [mismatch] = compare_manifests(sealed, rederived)
    assert (mismatch.kind, mismatch.path) == ("CREDITS_CHANGED", ("credits", "2026-03", "total"))
    assert mismatch.message == "Credits for 2026-03: total changed from 8400.00 to 8800.00."


def test_changed_precedents_are_named():
    sealed = manifest()
    rederived = copy.deepcopy(sealed)
    rederived["precedents"].pop()
    found = compare_manifests(sealed, rederived)
    assert [(m.kind, m.path) for m in found] == [("PRECEDENTS_CHANGED", ("precedents", "hadley-v-baxendale"))]
    assert "Precedent hadley-v-baxendale ((1854) 9 Exch 341)" in found[0].message


def test_changed_dispute_facts_are_named():
    sealed = manifest()
    rederived = copy.deepcopy(sealed)
    rederived["dispute"]["amount_claimed"] = "250000.00"
    assert kinds(sealed, rederived) == [("DISPUTE_CHANGED", ("dispute", "amount_claimed"))]


def test_a_stored_manifest_edited_after_sealing_no_longer_matches_its_hash():
    sealed = manifest()
    bundle_hash = manifest_hash(sealed)
    assert verify_manifest(sealed, bundle_hash, copy.deepcopy(sealed)) == []
    edited = copy.deepcopy(sealed)
    edited["credits"][0]["total"] = "10000.00"
    found = verify_manifest(edited, bundle_hash, sealed)
    assert [m.kind for m in found] == ["MANIFEST_ALTERED", "CREDITS_CHANGED"]


# ---- sealing ----


def test_the_first_bundle_may_be_sealed():
    assert check_seal(None, manifest()) == []


def test_sealing_again_without_changes_is_refused():
    first = manifest()
    second = manifest(version=2, previous_bundle_hash=manifest_hash(first), sealed_at=at("2026-04-23T09:00:00Z"))
    problems = check_seal(first, second)
    assert [p.code for p in problems] == ["NOTHING_NEW"]
    assert "bundle version 1 sealed at 2026-04-22T10:30:00Z" in problems[0].message


def test_new_evidence_makes_a_new_version():
    first = manifest()
    inputs = manifest_inputs()
    note = {
        **inputs["items"][-1],
        "item_key": "EV-12",
        "sha256": content_sha256(b"minutes"),
        "size": 7,
        "added_at": at("2026-04-23T08:00:00Z"),
    }
    second = manifest(version=2, previous_bundle_hash=manifest_hash(first), items=[*inputs["items"], note])
    assert check_seal(first, second) == []


def test_a_new_version_must_follow_the_last_one():
    first = manifest()
    assert [p.code for p in check_seal(first, manifest(version=3, previous_bundle_hash=manifest_hash(first)))] == [
        "VERSION_CONFLICT",
        "NOTHING_NEW",
    ]
    assert [p.code for p in check_seal(None, manifest(version=2))] == ["VERSION_CONFLICT"]


def test_an_empty_bundle_or_a_broken_chain_is_not_sealed():
    assert [p.code for p in check_seal(None, manifest(items=[]))] == ["NO_EVIDENCE"]
    broken = [{"key": "INC-1001", "event_count": 8, "head_hash": "a" * 64, "chain_ok": False}]
    problems = check_seal(None, manifest(incidents=broken))
    assert [(p.code, p.path) for p in problems] == [("CHAIN_BROKEN", ("incidents", "INC-1001"))]
