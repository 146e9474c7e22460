"""Evidence bundles: deriving the manifest from the graph, sealing it, and verifying it later."""

from __future__ import annotations

import asyncio
import base64
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from domain.breaches import BreachFinding
from domain.canonical import canonical_json
from domain.credits import CreditReport, credit_amount
from domain.documents import content_hash, parse_contract_document
from domain.errors import NotFound, Problem, RuleViolation
from domain.evidence import build_manifest, check_seal, compare_manifests, content_sha256, manifest_hash
from domain.hashing import verify_chain
from domain.sealed_record import record_digest
from domain.signatures import SIGNATURE_ALGORITHM, Signer
from domain.terms import ContractTerms
from graph import disputes as store
from graph import incidents as incident_store
from graph.database import Graph, RoundTrips, Tx
from resolvers.incidents import ServiceReports
from resolvers.sealed_record import build_record
from resolvers.snapshots import credit_inputs
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


def withdrawn(item: dict[str, Any]) -> dict[str, Any] | None:
    """The item's WITHDRAWN custody entry, when it was withdrawn (it then stays in history, out of new seals)."""
    return next((c for c in item.get("custody") or [] if c.get("action") == "WITHDRAWN"), None)


@dataclass(frozen=True)
class Derivation:
    """A manifest and what it was derived from, which the sealed record is built from too."""

    manifest: dict[str, Any]
    incidents: list[incident_store.StoredIncident]
    breaches: list[tuple[BreachFinding, ContractTerms]]
    credit_reports: dict[str, CreditReport]
    contents: dict[str, dict[str, Any]]


async def derive_manifest(
    tx: Tx, dispute: store.StoredDispute, meta: SealMeta, sealed_counts: dict[str, int] | None = None
) -> Derivation:
    """Everything a bundle seals, derived from the graph as it is now (breaches and credits as of the seal).

    Withdrawn items are left out. With `sealed_counts` (verification), each incident's chain is read up to the
    events the seal saw, so events appended since are not a change to the chain, while an edit to a sealed event is.
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

    kept = [e for e in dispute.evidence if withdrawn(e) is None]
    # the incidents the dispute concerns, and those its evidence is about
    incident_keys = await store.concerned_incidents(tx, dispute.key) | {
        str(e["ref"]).split(":", 1)[0] for e in kept if e["kind"] in ("INCIDENT_RECORD", "BREACH") and e.get("ref")
    }
    all_incidents = await incident_store.contract_incidents(tx, contract_key)
    by_key = {i.key: i for i in all_incidents}
    reports = ServiceReports(all_incidents)
    contents = await store.evidence_content(tx, [e["uid"] for e in kept])
    items = [
        {
            "item_key": e["uid"],
            "kind": e["kind"],
            "label": e.get("label"),
            "ref": e.get("ref"),
            # the content as stored is the evidence: its hash, never a re-derivation, is what a bundle seals
            "sha256": content_sha256(_stored_bytes(contents.get(e["uid"], {}))),
            "size": e.get("size"),
            "media_type": e.get("mediaType"),
            "added_at": e["addedAt"],
            "added_by": e.get("addedBy"),
        }
        for e in kept
    ]
    incidents: list[dict[str, Any]] = []
    views: list[incident_store.StoredIncident] = []
    breaches: list[dict[str, Any]] = []
    findings: list[tuple[BreachFinding, ContractTerms]] = []
    documents = await incident_store.contract_documents(tx, sorted({i.props["contractUid"] for i in all_incidents}))
    for key in sorted(incident_keys):
        live = by_key.get(key)
        if live is None:
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
        view = live
        if sealed_counts is not None and key in sealed_counts:
            view = incident_store.StoredIncident(live.props, live.events[: sealed_counts[key]])
        views.append(view)
        # hashing a long chain is CPU work: keep it off the event loop
        check = await asyncio.to_thread(verify_chain, key, view.stored_events())
        incidents.append(
            {
                "key": key,
                "event_count": len(view.events),
                "head_hash": view.events[-1]["hash"] if view.events else None,
                "chain_ok": check.ok,
                "first_broken_seq": check.first_broken_seq,
                "reason": check.reason,
            }
        )
        terms = terms_of(documents[live.props["contractUid"]])
        for b in reports.evaluate(terms, live, meta.sealed_at).breaches:
            findings.append((b, terms))
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
    credit_reports: dict[str, CreditReport] = {}
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
            credit_reports[month] = report
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
    manifest = build_manifest(
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
    return Derivation(manifest, views, findings, credit_reports, contents)


async def seal_bundle(
    graph: Graph,
    trips: RoundTrips,
    key: str,
    sealed_by: str | None,
    recorded_by: str,
    *,
    signer: Signer,
    late_allowed: timedelta = timedelta(hours=1),
) -> int:
    """Freeze the dispute's evidence and record into a new, signed bundle version; refused when nothing changed."""
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
        derived = await derive_manifest(tx, dispute, meta)
        manifest = derived.manifest
        manifest["seal"]["signing_key_id"] = signer.key_id
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
        sealing = {
            item["item_key"]: {
                "at": now,
                "person": sealed_by,
                "action": "SEALED",
                "purpose": f"sealed in bundle version {version}",
                "recordedAt": now,
                "recordedBy": recorded_by,
            }
            for item in manifest["items"]
        }
        custody = {e["uid"]: [*e["custody"], sealing[e["uid"]]] for e in dispute.evidence if e["uid"] in sealing}
        record = await build_record(
            tx, dispute, manifest, derived.incidents, derived.breaches, derived.credit_reports, custody, late_allowed
        )
        manifest["record"] = record_digest(record)
        digest = manifest_hash(manifest)
        contents = [
            {
                "itemKey": item["item_key"],
                "sha256": item["sha256"],
                "content": derived.contents.get(item["item_key"], {}).get("content") or "",
                "encoding": "base64"
                if derived.contents.get(item["item_key"], {}).get("encoding") == "base64"
                else "utf-8",
            }
            for item in manifest["items"]
        ]
        await store.seal(
            tx,
            key,
            {
                "uid": f"{key}#{version}",
                "disputeKey": key,
                "version": version,
                "sha256": digest,
                "manifest": canonical_json(manifest).decode("utf-8"),
                "record": canonical_json(record).decode("utf-8"),
                "signature": signer.sign(digest),
                "signatureAlgorithm": SIGNATURE_ALGORITHM,
                "publicKey": signer.public_pem,
                "sealedAt": now,
                "sealedBy": sealed_by,
                "recordedAt": now,
                "recordedBy": recorded_by,
                "itemCount": len(manifest["items"]),
            },
            contents,
        )
        await store.add_custody(tx, [{"uid": uid, "entry": entry} for uid, entry in sealing.items()])
        return version

    return await graph.write(work, trips)


def _recorded_facts(manifest: dict[str, Any]) -> dict[str, Any]:
    """A manifest without the sections derived as of the seal instant (breaches, credits) or sealed with it."""
    return {k: v for k, v in manifest.items() if k not in ("breaches", "credits", "record")}
