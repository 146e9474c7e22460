"""Sealed evidence bundles as files: the JSON manifest, and HTML/PDF documents built from the graph."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import strawberry

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
from clausegraph.settings import Settings
from domain.errors import NotFound
from graph.database import Graph
from resolvers.context import Context

FORMATS = {"json": "application/json", "html": "text/html; charset=utf-8", "pdf": "application/pdf"}

REPORT_QUERY = """query($key: String!, $asOf: DateTime!) {
  dispute(key: $key) {
    key title forum amountClaimed currency status openedAt
    claimant { name } respondent { name }
    transitions { at fromStatus toStatus reason override by { name } }
    contract { key version title governingLaw jurisdiction contentHash }
    incidents { key events { seq at kind level severity reason note actor { name } assignee { name } } }
    liabilityChain(asOf: $asOf) {
      breach { ref kind severity dueAt overBySeconds credit incident { key } }
      clause { number heading text }
      obligor { name }
      responsible { level role { name } party { name } person { name } }
      remedy { credit creditsClause { number } creditCap soleRemedy liabilityClause { number } liabilityCap
               excludesConsequential }
      precedents(first: 5) { caseName citation }
    }
    citations { note precedent { key caseName citation court year holding url } }
    evidence { key kind label sha256 size mediaType addedAt addedBy { name }
               custody { at action purpose person { name } } }
    bundles { version sha256 sealedAt sealedBy { name } manifest }
  }
}"""

CREDITS_QUERY = """query($contract: String!, $month: String!, $asOf: DateTime!) {
  creditReport(contractKey: $contract, month: $month, asOf: $asOf) {
    items { kind percent amount breach { ref } } totalBeforeCap cap total claimDeadline
  }
}"""


@dataclass(frozen=True)
class BundleFile:
    content: bytes
    media_type: str
    filename: str


async def _execute(schema: strawberry.Schema, ctx: Context, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    result = await schema.execute(query, variable_values=variables, context_value=ctx)
    if result.errors:
        raise RuntimeError("; ".join(e.message for e in result.errors))
    assert result.data is not None
    return result.data


def _at(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _name(value: dict[str, Any] | None) -> str | None:
    return value["name"] if value else None


async def bundle_report(schema: strawberry.Schema, ctx: Context, key: str, version: int | None) -> BundleReport:
    """The readable report of a sealed bundle (default: the latest), with figures as of its seal."""
    probe = await _execute(
        schema, ctx, "query($k: String!) { dispute(key: $k) { bundles { version sealedAt } } }", {"k": key}
    )
    bundles = (probe["dispute"] or {}).get("bundles") or []
    chosen = [b for b in bundles if version is None or b["version"] == version]
    if probe["dispute"] is None or not chosen:
        what = f"Dispute '{key}'" if probe["dispute"] is None else f"Dispute '{key}' has no sealed bundle"
        raise NotFound.single("NOT_FOUND", f"{what}{'' if version is None else f' version {version}'}.", ())
    sealed = chosen[-1]
    d = (await _execute(schema, ctx, REPORT_QUERY, {"key": key, "asOf": sealed["sealedAt"]}))["dispute"]
    bundle = next(b for b in d["bundles"] if b["version"] == sealed["version"])
    manifest = bundle["manifest"]
    credits = []
    for row in manifest.get("credits", []):
        report = (
            await _execute(
                schema,
                ctx,
                CREDITS_QUERY,
                {"contract": d["contract"]["key"], "month": row["month"], "asOf": sealed["sealedAt"]},
            )
        )["creditReport"]
        credits.append(
            CreditMonth(
                month=row["month"],
                lines=tuple(
                    CreditLine(
                        kind=i["kind"], ref=(i["breach"] or {}).get("ref"), percent=i["percent"], amount=i["amount"]
                    )
                    for i in report["items"]
                ),
                total_before_cap=report["totalBeforeCap"],
                cap=report["cap"],
                total=report["total"],
                claim_deadline=_at(report["claimDeadline"]),
            )
        )
    bates = {item["item_key"]: item["bates"] for item in manifest.get("items", [])}
    chains = d["liabilityChain"]
    clauses: dict[str, ClauseText] = {}
    for link in chains:
        c = link["clause"]
        clauses.setdefault(c["number"], ClauseText(c["number"], c["heading"], c["text"]))
    return BundleReport(
        manifest=manifest,
        bundle_hash=bundle["sha256"],
        dispute=DisputeSection(
            key=d["key"],
            title=d["title"],
            claimant=d["claimant"]["name"],
            respondent=d["respondent"]["name"],
            forum=d["forum"],
            amount_claimed=d["amountClaimed"],
            currency=d["currency"],
            status=d["status"],
            opened_at=datetime.fromisoformat(d["openedAt"]),
            transitions=tuple(
                TransitionLine(
                    at=datetime.fromisoformat(t["at"]),
                    from_status=t["fromStatus"],
                    to_status=t["toStatus"],
                    by=_name(t["by"]),
                    reason=t["reason"],
                    override=t["override"],
                )
                for t in d["transitions"]
            ),
        ),
        contract=ContractSection(
            key=d["contract"]["key"],
            version=d["contract"]["version"],
            title=d["contract"]["title"],
            governing_law=d["contract"]["governingLaw"],
            jurisdiction=d["contract"]["jurisdiction"],
            content_hash=d["contract"]["contentHash"],
        ),
        sealed_by=_name(bundle["sealedBy"]),
        timeline=tuple(
            sorted(
                (
                    TimelineEntry(
                        at=datetime.fromisoformat(e["at"]),
                        incident=i["key"],
                        seq=e["seq"],
                        kind=e["kind"],
                        actor=_name(e["actor"]),
                        detail=_detail(e),
                    )
                    for i in d["incidents"]
                    for e in i["events"]
                ),
                key=lambda t: (t.at, t.incident, t.seq or 0),
            )
        ),
        breaches=tuple(
            BreachRow(
                ref=link["breach"]["ref"],
                incident=link["breach"]["incident"]["key"],
                kind=link["breach"]["kind"],
                severity=link["breach"]["severity"],
                due_at=datetime.fromisoformat(link["breach"]["dueAt"]),
                over_by_seconds=link["breach"]["overBySeconds"],
                clause=link["clause"]["number"],
                responsible=_responsible(link["responsible"]),
                credit=link["breach"]["credit"],
            )
            for link in chains
        ),
        liability_chains=tuple(_chain(link) for link in chains),
        credits=tuple(credits),
        clauses=tuple(
            sorted(clauses.values(), key=lambda c: [int(p) if p.isdigit() else p for p in c.number.split(".")])
        ),
        precedents=tuple(
            PrecedentEntry(
                key=c["precedent"]["key"],
                case_name=c["precedent"]["caseName"],
                citation=c["precedent"]["citation"],
                court=c["precedent"]["court"],
                year=c["precedent"]["year"],
                holding=c["precedent"]["holding"],
                note=c["note"],
                url=c["precedent"]["url"],
            )
            for c in d["citations"]
        ),
        evidence=tuple(
            EvidenceEntry(
                bates=bates.get(e["key"], "not in this bundle"),
                item_key=e["key"],
                kind=e["kind"],
                label=e["label"] or e["key"],
                sha256=e["sha256"],
                added_by=_name(e["addedBy"]),
                added_at=datetime.fromisoformat(e["addedAt"]),
                size=e["size"],
                media_type=e["mediaType"],
                custody=tuple(
                    CustodyLine(
                        at=datetime.fromisoformat(c["at"]),
                        person=_name(c["person"]),
                        action=c["action"],
                        purpose=c["purpose"],
                    )
                    for c in e["custody"]
                ),
            )
            for e in d["evidence"]
            if e["key"] in bates
        ),
    )


def _detail(e: dict[str, Any]) -> str:
    parts = []
    if e.get("level") is not None:
        parts.append(f"level {e['level']}")
    if e.get("assignee"):
        parts.append(f"assigned to {e['assignee']['name']}")
    if e.get("severity"):
        parts.append(f"severity {e['severity']}")
    for name in ("reason", "note"):
        if e.get(name):
            parts.append(str(e[name]))
    return "; ".join(parts)


def _responsible(r: dict[str, Any]) -> str:
    person = r["person"]["name"] if r["person"] else "nobody named"
    return f"L{r['level']} {r['role']['name']} ({r['party']['name']}): {person}"


def _chain(link: dict[str, Any]) -> LiabilityChain:
    b, r, remedy = link["breach"], link["responsible"], link["remedy"] or {}
    return LiabilityChain(
        breach_ref=b["ref"],
        breach_kind=b["kind"],
        incident=b["incident"]["key"],
        due_at=datetime.fromisoformat(b["dueAt"]),
        over_by_seconds=b["overBySeconds"],
        clause_number=link["clause"]["number"],
        clause_heading=link["clause"]["heading"],
        clause_text=link["clause"]["text"],
        obligor=link["obligor"]["name"],
        level=r["level"],
        role=r["role"]["name"],
        party=r["party"]["name"],
        person=_name(r["person"]),
        credit_amount=remedy.get("credit"),
        credits_clause=(remedy.get("creditsClause") or {}).get("number"),
        credit_cap=remedy.get("creditCap"),
        sole_remedy=bool(remedy.get("soleRemedy")),
        liability_clause=(remedy.get("liabilityClause") or {}).get("number"),
        liability_cap=remedy.get("liabilityCap"),
        excludes_consequential=bool(remedy.get("excludesConsequential")),
        precedents=tuple(f"{p['caseName']} {p['citation']}" for p in link["precedents"]),
    )


async def export_bundle(
    graph: Graph, settings: Settings, schema: strawberry.Schema, key: str, version: int | None, fmt: str
) -> BundleFile:
    """A sealed bundle as a file in `fmt` (json, html or pdf)."""
    if fmt not in FORMATS:
        raise NotFound.single("INVALID_VALUE", f"Format '{fmt}' is not one of {', '.join(FORMATS)}.", ("format",))
    report = await bundle_report(schema, Context(settings=settings, graph=graph), key, version)
    name = f"{key}-bundle-v{report.seal.get('version')}.{fmt}"
    # Rendering is CPU work: it runs on a worker thread so other requests keep being served meanwhile.
    if fmt == "json":
        text = await asyncio.to_thread(bundle_json, report.manifest, report.bundle_hash)
        return BundleFile(text.encode("utf-8"), FORMATS[fmt], name)
    if fmt == "html":
        return BundleFile((await asyncio.to_thread(bundle_html, report)).encode("utf-8"), FORMATS[fmt], name)
    return BundleFile(await asyncio.to_thread(bundle_pdf, report), FORMATS[fmt], name)
