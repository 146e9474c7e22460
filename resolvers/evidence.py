"""Evidence bundles: deriving the manifest from the graph, sealing it, and verifying it later."""

from __future__ import annotations

import asyncio
import base64
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from domain.credits import credit_amount
from domain.documents import content_hash, parse_contract_document
from domain.errors import DomainError, NotFound, Problem, RuleViolation
from domain.evidence import (
    Mismatch,
    build_manifest,
    check_seal,
    compare_manifests,
    content_sha256,
    manifest_hash,
    snapshot_content,
    verify_manifest,
)
from domain.hashing import verify_chain
from graph import disputes as store
from graph import incidents as incident_store
from graph.database import Graph, RoundTrips, Tx
from resolvers.incidents import ServiceReports
from resolvers.snapshots import breach_snapshot, clause_snapshot, credit_inputs, credit_snapshot, incident_snapshot
from resolvers.terms import terms_of


@dataclass(frozen=True)
class SealMeta:
    version: int
    previous_hash: str | None
    sealed_at: datetime
    sealed_by: str | None


def _stored_bytes(row: dict[str, Any]) -> bytes:
    content = row.get("content") or ""
    return base64.b64decode(content) if row.get("encoding") == "base64" else str(content).encode("utf-8")


async def _rederived_item_hash(
    tx: Tx, item: dict[str, Any], stored: dict[str, Any], incidents: dict[str, incident_store.StoredIncident]
) -> str:
    """The item's hash as derived now: its stored content, or for system items the snapshot rebuilt from the graph."""
    stored_hash = content_sha256(_stored_bytes(stored))
    if stored_hash != item["sha256"] or item["kind"] in ("DOCUMENT", "COMMUNICATION"):
        return stored_hash
    ref, added_at = item.get("ref"), item["addedAt"]
    if item["kind"] == "INCIDENT_RECORD" and ref in incidents:
        whole = incidents[ref]
        known = tuple(e for e in whole.events if e.get("recordedAt") is None or e["recordedAt"] <= added_at)
        return content_sha256(snapshot_content(incident_snapshot(incident_store.StoredIncident(whole.props, known))))
    if item["kind"] == "BREACH" and ref:
        incident = incidents.get(ref.split(":", 1)[0])
        snapshot = await breach_snapshot(tx, incident, ref, added_at) if incident else None
        return content_sha256(snapshot_content(snapshot)) if snapshot else "breach no longer derivable"
    if item["kind"] == "CLAUSE" and ref:
        try:
            snapshot, _ = await clause_snapshot(tx, item["contractUid"], ref)
        except DomainError:
            return "clause no longer stored"
        return content_sha256(snapshot_content(snapshot))
    if item["kind"] == "CREDIT_REPORT" and ref:
        return content_sha256(snapshot_content(await credit_snapshot(tx, item["contractKey"], ref, added_at)))
    return stored_hash


async def derive_manifest(
    tx: Tx, dispute: store.StoredDispute, meta: SealMeta, sealed_counts: dict[str, int] | None = None
) -> dict[str, Any]:
    """Everything a bundle seals, derived from the graph as it is now (breaches and credits as of the seal).

    With `sealed_counts` (verification), each incident's chain is read up to the events the seal saw, so
    events appended since do not count as changes, while an edit to a sealed event does.
    """
    props = dispute.props
    contract_uid, contract_key = props["contractUid"], props["contractKey"]
    document = (await incident_store.contract_documents(tx, [contract_uid])).get(contract_uid)
    contract_row: dict[str, Any] = {
        "key": contract_key,
        "version": int(contract_uid.rsplit("@", 1)[1]),
        "content_hash": "contract version no longer stored",
    }
    if document is not None:
        contract_row["content_hash"] = content_hash(parse_contract_document(document))
    v = (await store.contract_versions(tx, [contract_uid])).get(contract_uid)
    if v is not None:
        contract_row |= {"title": v["title"], "monthly_fee": v["monthlyFee"], "stored_hash": v["contentHash"]}

    # the incidents the dispute concerns, and those its evidence is about
    incident_keys = await store.concerned_incidents(tx, dispute.key) | {
        str(e["ref"]).split(":", 1)[0]
        for e in dispute.evidence
        if e["kind"] in ("INCIDENT_RECORD", "BREACH") and e.get("ref")
    }
    all_incidents = await incident_store.contract_incidents(tx, contract_key)
    by_key = {i.key: i for i in all_incidents}
    reports = ServiceReports(all_incidents)
    sealed_view = {
        key: incident_store.StoredIncident(i.props, i.events[: sealed_counts[key]])
        for key, i in by_key.items()
        if sealed_counts is not None and key in sealed_counts
    }
    contents = await store.evidence_content(tx, [e["uid"] for e in dispute.evidence])
    items = []
    for e in dispute.evidence:
        enriched = dict(e, contractUid=contract_uid, contractKey=contract_key)
        items.append(
            {
                "item_key": e["uid"],
                "kind": e["kind"],
                "label": e.get("label"),
                "ref": e.get("ref"),
                "sha256": await _rederived_item_hash(tx, enriched, contents.get(e["uid"], {}), by_key),
                "size": e.get("size"),
                "media_type": e.get("mediaType"),
                "added_at": e["addedAt"],
                "added_by": e.get("addedBy"),
            }
        )
    incidents: list[dict[str, Any]] = []
    breaches: list[dict[str, Any]] = []
    documents = await incident_store.contract_documents(tx, sorted({i.props["contractUid"] for i in all_incidents}))
    for key in sorted(incident_keys):
        incident = sealed_view.get(key) or by_key.get(key)
        if incident is None:
            incidents.append(
                {
                    "key": key,
                    "event_count": 0,
                    "head_hash": None,
                    "chain_ok": False,
                    "first_broken_seq": None,
                    "reason": "incident no longer stored",
                }
            )
            continue
        # hashing a long chain is CPU work: keep it off the event loop
        check = await asyncio.to_thread(verify_chain, key, incident.stored_events())
        incidents.append(
            {
                "key": key,
                "event_count": len(incident.events),
                "head_hash": incident.events[-1]["hash"] if incident.events else None,
                "chain_ok": check.ok,
                "first_broken_seq": check.first_broken_seq,
                "reason": check.reason,
            }
        )
        terms = terms_of(documents[incident.props["contractUid"]])
        for b in reports.evaluate(terms, incident, meta.sealed_at).breaches:
            credit = None
            if b.credit_percent is not None:
                credit = str(credit_amount(b.credit_percent, terms.monthly_fee))
            breaches.append(
                {
                    "ref": b.ref,
                    "incident": key,
                    "kind": str(b.kind),
                    "due_at": b.due_at,
                    "over_by_seconds": b.over_by_seconds,
                    "clause": b.clause,
                    "credit": credit,
                }
            )
    credits = []
    if document is not None:
        credit_terms = terms_of(document).credits
        tz = ZoneInfo(credit_terms.timezone) if credit_terms else UTC
        months = sorted(
            {due.astimezone(tz).strftime("%Y-%m") for b in breaches if isinstance(due := b["due_at"], datetime)}
        )
        inputs = await credit_inputs(tx, contract_key, meta.sealed_at, all_incidents, documents) if months else None
        for month in months:
            assert inputs is not None
            report = inputs.report(month)
            credits.append(
                {
                    "month": month,
                    "total_before_cap": str(report.total_before_cap),
                    "cap": None if report.cap is None else str(report.cap),
                    "total": str(report.total),
                    "claim_deadline": report.claim_deadline,
                }
            )
    precedents = [{"key": c["key"], "note": c.get("note")} for c in dispute.citations]
    return build_manifest(
        dispute={
            "key": props["key"],
            "title": props["title"],
            "claimant": props["claimant"],
            "respondent": props["respondent"],
            "forum": props.get("forum"),
            "amount_claimed": props.get("amountClaimed"),
            "currency": props.get("currency"),
            "status": props.get("status"),
        },
        contract=contract_row,
        version=meta.version,
        previous_bundle_hash=meta.previous_hash,
        sealed_at=meta.sealed_at,
        sealed_by=meta.sealed_by,
        items=items,
        incidents=incidents,
        breaches=breaches,
        credits=credits,
        precedents=precedents,
    )


async def seal_bundle(graph: Graph, trips: RoundTrips, key: str, sealed_by: str | None, recorded_by: str) -> int:
    """Freeze the dispute's evidence into a new bundle version; refused when nothing changed."""
    now = datetime.now(UTC)

    async def work(tx: Tx) -> int:
        if not await store.lock(tx, key):
            raise NotFound.single("NOT_FOUND", f"Dispute '{key}' is not stored.", ("disputeKey",))
        dispute = (await store.disputes(tx, [key]))[key]
        previous = None
        if dispute.bundles:
            last = dispute.bundles[-1]
            previous = json.loads((await store.bundles(tx, [last["uid"]]))[last["uid"]]["manifest"])
        version = len(dispute.bundles) + 1
        meta = SealMeta(version, manifest_hash(previous) if previous else None, now, sealed_by)
        manifest = await derive_manifest(tx, dispute, meta)
        problems = [p for p in check_seal(previous, manifest) if p.code != "NOTHING_NEW"]
        # Derived figures that only move with the clock (an open breach's overBy) are not new evidence.
        if previous is not None and not compare_manifests(_recorded_facts(previous), _recorded_facts(manifest)):
            sealed_at = previous["seal"]["sealed_at"]
            problems.append(
                Problem(
                    "NOTHING_NEW",
                    f"Nothing was added or changed since bundle version {version - 1} "
                    f"sealed at {sealed_at}; add or change evidence before sealing again.",
                    (),
                )
            )
        if problems:
            raise RuleViolation(problems)
        digest = manifest_hash(manifest)
        await store.seal(
            tx,
            key,
            {
                "uid": f"{key}#{version}",
                "disputeKey": key,
                "version": version,
                "sha256": digest,
                "manifest": json.dumps(manifest, sort_keys=True, separators=(",", ":"), ensure_ascii=False),
                "sealedAt": now,
                "sealedBy": sealed_by,
                "recordedBy": recorded_by,
                "itemCount": len(manifest["items"]),
            },
        )
        await store.add_custody(
            tx,
            [
                {
                    "uid": e["uid"],
                    "entry": {
                        "at": now,
                        "person": sealed_by,
                        "action": "SEALED",
                        "purpose": f"sealed in bundle version {version}",
                        "seq": len(e["custody"]) + 1,
                        "recordedBy": recorded_by,
                    },
                }
                for e in dispute.evidence
            ],
        )
        return version

    return await graph.write(work, trips)


def _recorded_facts(manifest: dict[str, Any]) -> dict[str, Any]:
    """A manifest without the sections derived as of the seal instant (breaches, credits)."""
    return {k: v for k, v in manifest.items() if k not in ("breaches", "credits")}


@dataclass(frozen=True)
class Verification:
    bundle: dict[str, Any]
    manifest: dict[str, Any]
    mismatches: list[Mismatch]


async def verify_bundle(graph: Graph, trips: RoundTrips, key: str, version: int) -> Verification:
    """Re-derive a sealed bundle from the graph as it is now and name every difference."""

    async def work(tx: Tx) -> Verification:
        uid = f"{key}#{version}"
        bundle = (await store.bundles(tx, [uid])).get(uid)
        if bundle is None:
            raise NotFound.single("NOT_FOUND", f"Dispute '{key}' has no sealed bundle version {version}.", ())
        dispute = (await store.disputes(tx, [key]))[key]
        sealed = json.loads(bundle["manifest"])
        seal = sealed.get("seal", {})
        meta = SealMeta(
            version,
            seal.get("previous_bundle_hash"),
            datetime.fromisoformat(seal["sealed_at"].replace("Z", "+00:00")),
            seal.get("sealed_by"),
        )
        counts = {i["key"]: int(i["event_count"]) for i in sealed.get("incidents", [])}
        rederived = await derive_manifest(tx, dispute, meta, counts)
        mismatches = await asyncio.to_thread(verify_manifest, sealed, bundle["sha256"], rederived)
        return Verification(bundle, sealed, mismatches)

    return await graph.read(work, trips)
