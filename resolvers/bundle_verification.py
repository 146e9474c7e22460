"""Verifying a sealed bundle: what was tampered with, told apart from how the live record moved on since."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.errors import DomainError, NotFound
from domain.evidence import content_sha256, snapshot_content, verify_manifest
from domain.sealed_record import check_chronology, check_contents, check_record, check_signature
from domain.verification import Mismatch
from graph import disputes as store
from graph import incidents as incident_store
from graph.database import Graph, RoundTrips, Tx
from resolvers.evidence import SealMeta, derive_manifest, withdrawn
from resolvers.snapshots import breach_snapshot, credit_snapshot


@dataclass(frozen=True)
class Verification:
    bundle: dict[str, Any]
    manifest: dict[str, Any]
    mismatches: list[Mismatch]

    @property
    def tampered(self) -> list[Mismatch]:
        return [m for m in self.mismatches if m.category == "TAMPERED"]

    @property
    def changed_since_seal(self) -> list[Mismatch]:
        return [m for m in self.mismatches if m.category != "TAMPERED"]


def _json(text: Any) -> Any:
    try:
        return json.loads(text) if isinstance(text, str) and text else None
    except ValueError:
        return None


def _instant(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


async def sealed_bundle(tx: Tx, key: str, version: int) -> dict[str, Any]:
    """The stored bundle (manifest, record, signature), or NOT_FOUND."""
    uid = f"{key}#{version}"
    bundle = (await store.bundles(tx, [uid])).get(uid)
    if bundle is None:
        raise NotFound.single("NOT_FOUND", f"Dispute '{key}' has no sealed bundle version {version}.", ())
    return bundle


def _later_events(sealed: dict[str, Any], live: dict[str, incident_store.StoredIncident]) -> list[Mismatch]:
    out = []
    for row in sealed.get("incidents") or []:
        incident = live.get(str(row["key"]))
        count = int(row.get("event_count") or 0)
        if incident is None or len(incident.events) <= count:
            continue
        later = incident.events[count:]
        kinds = ", ".join(f"{e['seq']} {e['kind']}" for e in later)
        message = f"Incident {row['key']}: {len(later)} event(s) recorded since the seal ({kinds})."
        out.append(
            Mismatch(
                ("incidents", str(row["key"]), "events"), "INCIDENT_EVENTS_ADDED", count, len(incident.events), message
            )
        )
    return out


def _withdrawals(found: list[Mismatch], evidence: dict[str, dict[str, Any]]) -> list[Mismatch]:
    out = []
    for m in found:
        entry = withdrawn(evidence.get(str(m.path[1]), {})) if m.kind == "ITEM_MISSING" and len(m.path) > 1 else None
        if entry is None:
            out.append(m)
            continue
        reason = f": {entry['purpose']}" if entry.get("purpose") else ""
        message = f"Evidence item {m.path[1]} was withdrawn after the seal{reason}; it stays in this version."
        out.append(Mismatch(m.path, "ITEM_WITHDRAWN", m.expected, None, message))
    return out


async def _rederived(tx: Tx, dispute: store.StoredDispute, sealed: dict[str, Any]) -> list[Mismatch]:
    """Breach and credit items whose snapshot, derived again from the live record, differs from what was sealed."""
    out = []
    items = {i["item_key"]: i for i in sealed.get("items") or []}
    for e in dispute.evidence:
        item = items.get(e["uid"])
        if item is None or e["kind"] not in ("BREACH", "CREDIT_REPORT") or not e.get("ref"):
            continue
        try:
            if e["kind"] == "BREACH":
                incident = (await incident_store.incidents_with_events(tx, [e["ref"].split(":", 1)[0]])).get(
                    e["ref"].split(":", 1)[0]
                )
                snapshot = await breach_snapshot(tx, incident, e["ref"], e["addedAt"]) if incident else None
            else:
                snapshot = await credit_snapshot(tx, dispute.props["contractKey"], e["ref"], e["addedAt"])
        except DomainError:
            snapshot = None
        if snapshot is not None and content_sha256(snapshot_content(snapshot)) == item["sha256"]:
            continue
        what = "no longer derives from the live record" if snapshot is None else "derives differently now"
        message = (
            f"Evidence item {e['uid']} ({e['kind']} {e['ref']}) {what}; the sealed snapshot stays as it was sealed."
        )
        out.append(
            Mismatch(("items", e["uid"], "derivation"), "ITEM_REDERIVED_DIFFERENTLY", item["sha256"], None, message)
        )
    return out


async def verify_bundle(graph: Graph, trips: RoundTrips, key: str, version: int) -> Verification:
    """Check the stored bundle against its hashes and signature, and name how the live record moved on since."""

    async def work(tx: Tx) -> Verification:
        bundle = await sealed_bundle(tx, key, version)
        dispute = (await store.disputes(tx, [key]))[key]
        sealed = _json(bundle.get("manifest"))
        if sealed is None:
            message = "The stored manifest is no longer valid JSON: it was edited after sealing."
            return Verification(
                bundle, {}, [Mismatch(("manifest",), "MANIFEST_ALTERED", bundle["sha256"], None, message)]
            )
        seal = sealed.get("seal", {})
        meta = SealMeta(version, seal.get("previous_bundle_hash"), _instant(seal["sealed_at"]), seal.get("sealed_by"))
        counts = {i["key"]: int(i["event_count"]) for i in sealed.get("incidents", [])}
        derived = await derive_manifest(tx, dispute, meta, counts)
        found = await asyncio.to_thread(verify_manifest, sealed, bundle["sha256"], derived.manifest)
        found = _withdrawals(found, {e["uid"]: e for e in dispute.evidence})
        record = _json(bundle.get("record"))
        if sealed.get("record"):
            found += check_record(record, sealed["record"])
            if record is not None:
                found += check_chronology(record.get("chronology") or [], sealed.get("incidents") or [])
            found += check_contents(sealed.get("items") or [], await store.bundle_contents(tx, bundle["uid"]))
            found += check_signature(
                bundle["sha256"],
                {"value": bundle.get("signature")},
                str(bundle.get("publicKey") or ""),
                seal.get("signing_key_id"),
            )
        live = await incident_store.incidents_with_events(tx, list(counts))
        found += _later_events(sealed, live)
        found += await _rederived(tx, dispute, sealed)
        return Verification(bundle, sealed, found)

    return await graph.read(work, trips)
