"""Sealed evidence bundles as files: JSON, HTML and PDF rendered from the bundle's frozen record alone."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from clausegraph.export import (
    BreachRow,
    BundleReport,
    ClauseText,
    ContractSection,
    CreditLine,
    CreditMonth,
    CustodyLine,
    DisputeSection,
    EvidenceEntry,
    LiabilityChain,
    PrecedentEntry,
    TimelineEntry,
    TransitionLine,
    bundle_html,
    bundle_json,
    bundle_pdf,
)
from domain.errors import NotFound
from graph.reads import Reader

FORMATS = {"json": "application/json", "html": "text/html; charset=utf-8", "pdf": "application/pdf"}


@dataclass(frozen=True)
class BundleFile:
    content: bytes
    media_type: str
    filename: str
    version: int
    item_keys: tuple[str, ...]  # the items it holds, whose custody logs record the export


def _at(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _instant(value: str) -> datetime:
    return datetime.fromisoformat(value)


def report_from_record(bundle: Mapping[str, Any]) -> BundleReport:
    """The readable bundle from a stored bundle's manifest, record and signature; a record edited out of shape is
    a clear error (verification names what changed), never a server error."""
    try:
        return _report(bundle)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise NotFound.single(
            "SEALED_RECORD_UNREADABLE",
            f"Bundle version {bundle.get('version')} of dispute '{bundle.get('disputeKey')}' cannot be rendered: "
            f"its stored record is not in the shape it was sealed in ({type(exc).__name__}). Verify the bundle to "
            "see what was altered.",
            (),
        ) from exc


def _report(bundle: Mapping[str, Any]) -> BundleReport:
    manifest = json.loads(bundle["manifest"])
    if not bundle.get("record"):
        raise NotFound.single(
            "NO_SEALED_RECORD",
            f"Bundle version {bundle.get('version')} of dispute '{bundle.get('disputeKey')}' was sealed before "
            "bundles kept their frozen record, so it cannot be rendered without the live graph; seal a new version.",
            (),
        )
    r = json.loads(bundle["record"])
    d, c = r["dispute"], r["contract"]
    return BundleReport(
        manifest=manifest,
        bundle_hash=bundle["sha256"],
        dispute=DisputeSection(
            key=d["key"],
            title=d["title"],
            claimant=d["claimant"],
            respondent=d["respondent"],
            forum=d["forum"],
            amount_claimed=d["amount_claimed"],
            currency=d["currency"],
            status=d["status"],
            opened_at=_instant(d["opened_at"]),
            transitions=tuple(
                TransitionLine(
                    at=_instant(t["at"]),
                    from_status=t["from_status"],
                    to_status=t["to_status"],
                    by=t["by"],
                    reason=t["reason"],
                    override=t["override"],
                )
                for t in d["transitions"]
            ),
        ),
        contract=ContractSection(
            key=c["key"],
            version=c["version"],
            title=c["title"],
            governing_law=c["governing_law"],
            jurisdiction=c["jurisdiction"],
            content_hash=c["content_hash"],
        ),
        sealed_by=r["sealed_by"],
        timeline=tuple(
            TimelineEntry(
                at=_instant(e["at"]),
                incident=e["incident"],
                seq=e["seq"],
                kind=e["kind"],
                actor=e["actor"],
                detail=e["detail"],
                recorded_at=_at(e["recorded_at"]),
                late_by_seconds=e["late_by_seconds"],
            )
            for e in r["chronology"]
        ),
        breaches=tuple(
            BreachRow(
                ref=b["ref"],
                incident=b["incident"],
                kind=b["kind"],
                severity=b["severity"],
                due_at=_instant(b["due_at"]),
                over_by_seconds=b["over_by_seconds"],
                clause=b["clause"],
                responsible=b["responsible"],
                credit=b["credit"],
            )
            for b in r["breaches"]
        ),
        liability_chains=tuple(
            LiabilityChain(
                **{k: v for k, v in ch.items() if k not in ("due_at", "precedents", "severity")},
                due_at=_instant(ch["due_at"]),
                precedents=tuple(ch["precedents"]),
            )
            for ch in r["liability_chains"]
        ),
        credits=tuple(
            CreditMonth(
                month=m["month"],
                lines=tuple(CreditLine(**line) for line in m["lines"]),
                total_before_cap=m["total_before_cap"],
                cap=m["cap"],
                total=m["total"],
                claim_deadline=_at(m["claim_deadline"]),
            )
            for m in r["credits"]
        ),
        clauses=tuple(ClauseText(**clause) for clause in r["clauses"]),
        precedents=tuple(PrecedentEntry(**p) for p in r["precedents"]),
        evidence=tuple(
            EvidenceEntry(
                bates=e["bates"],
                item_key=e["item_key"],
                kind=e["kind"],
                label=e["label"],
                sha256=e["sha256"],
                added_by=e["added_by"],
                added_at=_instant(e["added_at"]),
                size=e["size"],
                media_type=e["media_type"],
                custody=tuple(
                    CustodyLine(at=_instant(x["at"]), person=x["person"], action=x["action"], purpose=x["purpose"])
                    for x in e["custody"]
                ),
            )
            for e in r["evidence"]
        ),
        signature=bundle.get("signature"),
        public_key=bundle.get("publicKey"),
    )


def bundle_document(bundle: Mapping[str, Any]) -> dict[str, Any]:
    """The machine export: manifest and hash, the frozen record, every item's content, the signature and its key."""
    contents = bundle.get("contents") or {}
    return {
        "format": "clausegraph/evidence-bundle@2",
        "manifest": json.loads(bundle["manifest"]),
        "sha256": bundle["sha256"],
        "record": json.loads(bundle["record"]) if bundle.get("record") else None,
        "contents": {
            key: {"encoding": row.get("encoding") or "utf-8", "content": row.get("content") or ""}
            for key, row in sorted(contents.items())
        },
        "signature": {
            "algorithm": bundle.get("signatureAlgorithm") or "Ed25519",
            "key_id": json.loads(bundle["manifest"]).get("seal", {}).get("signing_key_id"),
            "value": bundle.get("signature"),
            "public_key": bundle.get("publicKey"),
        },
    }


async def export_bundle(reader: Reader, key: str, version: int | None, fmt: str) -> BundleFile:
    """A sealed bundle as a file in `fmt` (json, html or pdf), the same bytes for the same version forever."""
    if fmt not in FORMATS:
        raise NotFound.single("INVALID_VALUE", f"Format '{fmt}' is not one of {', '.join(FORMATS)}.", ("format",))
    bundle = await reader.sealed_bundle(key, version, contents=fmt == "json")
    if bundle is None:
        what = f"Dispute '{key}' has no sealed bundle" if await reader.disputes([key]) else f"Dispute '{key}'"
        raise NotFound.single("NOT_FOUND", f"{what}{'' if version is None else f' version {version}'}.", ())
    report = report_from_record(bundle)
    if fmt == "json":
        try:
            document = bundle_document(bundle)
        except ValueError as exc:
            raise NotFound.single(
                "SEALED_RECORD_UNREADABLE", f"The stored bundle is not valid JSON ({exc}).", ()
            ) from exc
    number = int(bundle["version"])
    name = f"{key}-bundle-v{number}.{fmt}"
    items = tuple(str(i["item_key"]) for i in report.manifest.get("items", []))
    # Rendering is CPU work: it runs on a worker thread so other requests keep being served meanwhile.
    if fmt == "json":
        text = await asyncio.to_thread(bundle_json, document)
        return BundleFile(text.encode("utf-8"), FORMATS[fmt], name, number, items)
    if fmt == "html":
        html = await asyncio.to_thread(bundle_html, report)
        return BundleFile(html.encode("utf-8"), FORMATS[fmt], name, number, items)
    return BundleFile(await asyncio.to_thread(bundle_pdf, report), FORMATS[fmt], name, number, items)
