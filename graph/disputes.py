"""Disputes in the graph: opening, transitions, evidence with custody, citations and sealed bundles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.cypher import query
from graph.database import Tx
from graph.incidents import native


def _native_map(row: dict[str, Any]) -> dict[str, Any]:
    return {k: native(v) for k, v in row.items()}


@dataclass(frozen=True)
class StoredDispute:
    """A dispute as stored, with its transitions, evidence (content left out), citations and bundles."""

    props: dict[str, Any]
    transitions: tuple[dict[str, Any], ...]
    evidence: tuple[dict[str, Any], ...]
    citations: tuple[dict[str, Any], ...]
    bundles: tuple[dict[str, Any], ...]

    @property
    def key(self) -> str:
        return str(self.props["key"])

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> StoredDispute:
        evidence = []
        for e in row["evidence"]:
            item = _native_map(e)
            item["custody"] = [_native_map(c) for c in e.get("custody") or []]
            evidence.append(item)
        return cls(
            props=_native_map(row["dispute"]),
            transitions=tuple(_native_map(t) for t in row["transitions"]),
            evidence=tuple(evidence),
            citations=tuple(
                _native_map(c) | {"history": [_native_map(n) for n in c.get("history") or []]} for c in row["citations"]
            ),
            bundles=tuple(_native_map(b) for b in row["bundles"]),
        )


async def lock(tx: Tx, key: str) -> bool:
    """Take the write lock on a dispute (changes to one dispute are serialised); False if it is not stored."""
    return bool(await tx.rows("dispute_lock", query("dispute_lock"), key=key))


async def disputes(tx: Tx, keys: list[str]) -> dict[str, StoredDispute]:
    return disputes_of(await tx.rows("disputes_by_key", query("disputes_by_key"), keys=keys))


def disputes_of(rows: list[dict[str, Any]]) -> dict[str, StoredDispute]:
    """The disputes of `disputes_by_key` rows, by key."""
    found = [StoredDispute.from_row(r) for r in rows]
    return {d.key: d for d in found}


async def create(
    tx: Tx, props: dict[str, Any], contract_uid: str, incident_keys: list[str], transition: dict[str, Any]
) -> None:
    await tx.rows(
        "dispute_create",
        query("dispute_create"),
        d=props,
        contractUid=contract_uid,
        incidentKeys=incident_keys,
        transition=transition,
    )


async def add_transition(tx: Tx, key: str, status: str, transition: dict[str, Any]) -> None:
    await tx.rows("dispute_transition", query("dispute_transition"), key=key, status=status, transition=transition)


async def add_evidence(
    tx: Tx, key: str, item: dict[str, Any], custody: dict[str, Any], incident_key: str | None, clause_uid: str | None
) -> None:
    await tx.rows(
        "evidence_add",
        query("evidence_add"),
        key=key,
        item=item,
        custody=custody,
        incidentKey=incident_key,
        clauseUid=clause_uid,
    )


async def add_custody(tx: Tx, rows: list[dict[str, Any]]) -> None:
    if rows:
        await tx.rows("custody_add", query("custody_add"), rows=rows)


async def evidence_content(tx: Tx, uids: list[str]) -> dict[str, dict[str, Any]]:
    rows = await tx.rows("evidence_content", query("evidence_content"), uids=uids)
    return {r["uid"]: r for r in rows}


async def cite(tx: Tx, key: str, precedent_key: str, note: str, at: Any, by: str | None, recorded_by: str) -> bool:
    """Record the citation; False when the precedent is not stored."""
    rows = await tx.rows(
        "precedent_cite",
        query("precedent_cite"),
        key=key,
        precedentKey=precedent_key,
        note=note,
        at=at,
        by=by,
        recordedBy=recorded_by,
    )
    return bool(rows)


async def seal(tx: Tx, key: str, bundle: dict[str, Any], contents: list[dict[str, Any]]) -> None:
    """Store a sealed bundle with its frozen record and its items' contents (content-addressed)."""
    await tx.rows("bundle_seal", query("bundle_seal"), key=key, bundle=bundle, contents=contents)


async def bundle_contents(tx: Tx, uid: str) -> dict[str, dict[str, Any]]:
    """The frozen contents of a sealed bundle by evidence item key: {content, encoding, sha256}."""
    rows = await tx.rows("bundle_contents", query("bundle_contents"), uid=uid)
    return {r["itemKey"]: r for r in rows}


async def record_custody(tx: Tx, uids: list[str], entry: dict[str, Any]) -> None:
    """Append the same custody entry to each item (numbered after what each already has)."""
    if uids:
        await tx.rows("custody_record", query("custody_record"), uids=uids, entry=entry)


async def bundles(tx: Tx, uids: list[str]) -> dict[str, dict[str, Any]]:
    rows = await tx.rows("bundle_manifests", query("bundle_manifests"), uids=uids)
    return {r["bundle"]["uid"]: _native_map(r["bundle"]) for r in rows}


async def all_precedents(tx: Tx) -> list[dict[str, Any]]:
    return [r["precedent"] for r in await tx.rows("precedents_all", query("precedents_all"))]


async def add_incident(tx: Tx, key: str, incident_key: str, at: Any, recorded_by: str) -> None:
    """Link one more incident to a dispute (kept with when and by whom)."""
    await tx.rows(
        "dispute_add_incident",
        query("dispute_add_incident"),
        key=key,
        incidentKey=incident_key,
        at=at,
        recordedBy=recorded_by,
    )


async def concerned_incidents(tx: Tx, key: str) -> set[str]:
    """Keys of the incidents a dispute concerns."""
    return {r["key"] for r in await tx.rows("dispute_concerns", query("dispute_concerns"), key=key)}


async def contract_versions(tx: Tx, uids: list[str]) -> dict[str, dict[str, Any]]:
    """Stored contract version properties (without the document) by uid."""
    rows = await tx.rows("contract_versions", query("contract_versions"), uids=uids)
    return {r["version"]["uid"]: r["version"] for r in rows}
