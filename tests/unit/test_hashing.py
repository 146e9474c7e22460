"""The hash chain over stored events (sla-rules §2)."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json

from domain.canonical import ZERO_HASH
from domain.events import EventKind
from domain.hashing import ChainCheck, chain, event_hash, hash_instant, stored_events, verify_chain
from tests.unit.sla_fixtures import INC_1001_EVENTS, at


def test_event_hash_is_sha256_of_the_canonical_json() -> None:
    expected_json = (
        '{"actor":"a-ops-1","at":"2026-03-02T09:15:00Z","fields":{},"incident":"INC-1001",'
        '"kind":"REPORTED","prev_hash":"' + ZERO_HASH + '","seq":1}'
    )
    assert json.loads(expected_json)["seq"] == 1
    expected = hashlib.sha256(expected_json.encode("utf-8")).hexdigest()
    got = event_hash("INC-1001", 1, at("2026-03-02T10:15:00+01:00"), EventKind.REPORTED, {}, "a-ops-1", ZERO_HASH)
    assert got == expected


def test_instants_are_written_in_utc_with_z() -> None:
    assert hash_instant(at("2026-03-02T10:15:00+01:00")) == "2026-03-02T09:15:00Z"


def test_chain_links_each_event_to_the_previous_hash() -> None:
    links = chain("INC-1001", INC_1001_EVENTS)
    assert [seq for seq, _, _ in links] == list(range(1, len(INC_1001_EVENTS) + 1))
    assert links[0][2] == ZERO_HASH
    for (_, previous, _), (_, _, prev_hash) in itertools.pairwise(links):
        assert prev_hash == previous
    assert len({digest for _, digest, _ in links}) == len(links)


def test_an_untouched_chain_verifies() -> None:
    assert verify_chain("INC-1001", stored_events("INC-1001", INC_1001_EVENTS)) == ChainCheck(True)
    assert verify_chain("INC-1001", []) == ChainCheck(True)


def test_an_edited_field_is_detected() -> None:
    stored = stored_events("INC-1001", INC_1001_EVENTS)
    stored[2] = dataclasses.replace(stored[2], fields={**stored[2].fields, "level": 3})
    assert verify_chain("INC-1001", stored) == ChainCheck(False, 3, "hash of event 3 does not match its content")


def test_an_edit_with_a_recomputed_hash_breaks_the_next_link() -> None:
    stored = stored_events("INC-1001", INC_1001_EVENTS)
    edited = dataclasses.replace(stored[2], actor="n-sen-1")
    digest = event_hash("INC-1001", 3, edited.at, edited.kind, edited.fields, edited.actor, edited.prev_hash)
    stored[2] = dataclasses.replace(edited, hash=digest)
    check = verify_chain("INC-1001", stored)
    assert check == ChainCheck(False, 4, "prev_hash of event 4 does not match the hash of event 3")


def test_a_moved_instant_is_detected() -> None:
    stored = stored_events("INC-1001", INC_1001_EVENTS)
    stored[0] = dataclasses.replace(stored[0], at=at("2026-03-02T09:20Z"))
    assert verify_chain("INC-1001", stored).first_broken_seq == 1


def test_a_missing_event_is_detected() -> None:
    stored = stored_events("INC-1001", INC_1001_EVENTS)
    del stored[4]
    assert verify_chain("INC-1001", stored) == ChainCheck(False, 5, "seq 5 missing")


def test_the_first_prev_hash_must_be_zeros() -> None:
    stored = stored_events("INC-1001", INC_1001_EVENTS)
    stored[0] = dataclasses.replace(stored[0], prev_hash="f" * 64)
    assert verify_chain("INC-1001", stored) == ChainCheck(False, 1, "prev_hash of event 1 is not 64 zeros")


def test_the_incident_key_is_part_of_the_hash() -> None:
    stored = stored_events("INC-1001", INC_1001_EVENTS)
    assert not verify_chain("INC-1002", stored).ok
