"""The hash chain over an incident's stored events: anyone can re-walk it and detect an edit (§2)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from domain.calendars import utc
from domain.canonical import ZERO_HASH, canonical_hash
from domain.events import Event

FieldValue = str | int


class StoredEventLike(Protocol):
    """What verify_chain reads from a stored event (a graph row, a StoredEvent, ...)."""

    @property
    def seq(self) -> int: ...
    @property
    def at(self) -> datetime: ...
    @property
    def kind(self) -> str: ...
    @property
    def fields(self) -> Mapping[str, FieldValue]: ...
    @property
    def actor(self) -> str | None: ...
    @property
    def hash(self) -> str: ...
    @property
    def prev_hash(self) -> str: ...


@dataclass(frozen=True)
class StoredEvent:
    """An event as stored: its content, its place in the chain and its hashes."""

    seq: int
    at: datetime
    kind: str
    fields: Mapping[str, FieldValue]
    actor: str | None
    hash: str
    prev_hash: str


@dataclass(frozen=True)
class ChainCheck:
    """Result of re-walking a chain: ok, or the first broken seq and why."""

    ok: bool
    first_broken_seq: int | None = None
    reason: str | None = None


def hash_instant(at: datetime) -> str:
    """UTC ISO 8601 with a Z; fractional seconds only when present, so an edit to them is detected too."""
    at = utc(at)
    if at.microsecond:
        return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def event_hash(
    incident_key: str,
    seq: int,
    at: datetime,
    kind: str,
    fields: Mapping[str, FieldValue],
    actor: str | None,
    prev_hash: str,
) -> str:
    """sha256 of the canonical JSON of {incident, seq, at, kind, fields, actor, prev_hash}."""
    return canonical_hash(
        {
            "incident": incident_key,
            "seq": seq,
            "at": hash_instant(at),
            "kind": str(kind),
            "fields": dict(fields),
            "actor": actor,
            "prev_hash": prev_hash,
        }
    )


def chain(incident_key: str, events: Sequence[Event]) -> list[tuple[int, str, str]]:
    """(seq, hash, prev_hash) for events numbered 1, 2, ... in order."""
    out: list[tuple[int, str, str]] = []
    prev = ZERO_HASH
    for seq, event in enumerate(events, start=1):
        digest = event_hash(incident_key, seq, event.at, event.kind, event.fields(), event.actor, prev)
        out.append((seq, digest, prev))
        prev = digest
    return out


def stored_events(incident_key: str, events: Sequence[Event]) -> list[StoredEvent]:
    """Events as they would be stored, with seq and hashes filled in."""
    return [
        StoredEvent(seq, event.at.astimezone(UTC), str(event.kind), event.fields(), event.actor, digest, prev)
        for event, (seq, digest, prev) in zip(events, chain(incident_key, events), strict=True)
    ]


def verify_chain(incident_key: str, stored: Sequence[StoredEventLike]) -> ChainCheck:
    """Re-walk stored events (ordered by seq) and report the first one whose seq, link or hash is wrong."""
    prev = ZERO_HASH
    for position, event in enumerate(stored, start=1):
        if event.seq != position:
            if event.seq > position:
                return ChainCheck(False, position, f"seq {position} missing")
            return ChainCheck(False, position, f"seq {event.seq} appears again where seq {position} belongs")
        if event.prev_hash != prev:
            if position == 1:
                reason = "prev_hash of event 1 is not 64 zeros"
            else:
                reason = f"prev_hash of event {position} does not match the hash of event {position - 1}"
            return ChainCheck(False, position, reason)
        expected = event_hash(incident_key, event.seq, event.at, event.kind, event.fields, event.actor, prev)
        if event.hash != expected:
            return ChainCheck(False, position, f"hash of event {position} does not match its content")
        prev = event.hash
    return ChainCheck(True)
