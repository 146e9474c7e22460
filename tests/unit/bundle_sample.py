"""A realistic sealed bundle for the worked example (INC-1001 on nimbus-acme-msa), and its renderings.

Run `python -m tests.unit.bundle_sample` to write /tmp/bundle-sample.html, .pdf and .json for a look.
"""

from __future__ import annotations

import sys
from pathlib import Path
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
from domain.canonical import canonical_hash
from domain.evidence import build_manifest, content_sha256, manifest_hash, snapshot_content
from domain.hashing import hash_instant, stored_events
from tests.unit.sla_fixtures import INC_1001_EVENTS, at

PEOPLE = {
    "a-ops-1": "Dana Cole",
    "a-legal-1": "Rachel Okafor",
    "n-duty-1": "Priya Shah",
    "n-spec-1": "Tom Ellis",
    "n-sen-1": "Ana Lima",
}
CURRENCY = "GBP"
TITLE = "eu-west-2 outage of 2 March 2026"
CONTRACT_DOCUMENT = {"key": "nimbus-acme-msa", "version": 1}  # stands in for the stored contract document
OPENED = at("2026-03-20T09:00:00Z")
SEALED = at("2026-04-22T10:30:00Z")
CLAUSES = {
    "5.2": (
        "Severity levels and response times",
        "The Provider shall respond to and resolve each Incident within the times set out for its Severity Level "
        "in the Service Level Table, measured on the calendar stated for that level.",
    ),
    "6.1": (
        "Escalation",
        "Where an Incident is not acknowledged or resolved within the stated times, the Provider shall escalate it "
        "through the Escalation Path, up to the Service Executive.",
    ),
    "9.1": (
        "Service credits",
        "If the Provider fails to meet a Service Level, the Customer is entitled to the Service Credits set out in "
        "Schedule 3, capped at 25% of the Monthly Fee, as its sole remedy for that failure.",
    ),
    "12.1": (
        "Limitation of liability",
        "Each party's total liability in any Contract Year is limited to GBP 480,000, and neither party is liable "
        "for any indirect or consequential loss.",
    ),
    "14.1": (
        "Dispute resolution",
        "The parties shall first seek to settle any dispute by negotiation for thirty days, then by mediation, and "
        "failing that by arbitration under the LCIA Rules, seated in London.",
    ),
}
NOTICE = (
    b"%PDF-1.4\n% Acme Retail plc - Notice of breach under clause 14.1, 20 March 2026\n"
    b"To: Nimbus Cloud Ltd, legal@nimbus.example\nWe give notice of a dispute concerning incident INC-1001 ...\n"
)
EMAIL = (
    "From: Priya Shah <priya.shah@nimbus.example>\n"
    "To: Dana Cole <dana.cole@acme.example>\n"
    "Date: Mon, 2 Mar 2026 09:58:00 +0000\n"
    "Subject: INC-1001 eu-west-2 instances unreachable\n\n"
    "Dana, we have escalated to our specialist team & will update you within the hour. Please send the VPC "
    "flow logs for the affected subnets so we can rule out a routing change on your side.\n"
)

EVENTS = stored_events("INC-1001", INC_1001_EVENTS)
DETAILS = {
    "REPORTED": "SEV1, service affecting: instances unreachable in eu-west-2 (reported by phone)",
    "ACKNOWLEDGED": "Acknowledged by the frontline duty engineer",
    "PAUSED": "Resolution clock paused: awaiting customer logs",
    "RESUMED": "Resolution clock resumed",
    "RESOLVED": "Service restored",
    "REPORT_FILED": "Post-incident report delivered (clause 7.1)",
}


# (ref, kind, due, over by seconds, clause, level, role, person, credit): the two breaches of sla-rules §9
BREACHES = (
    (
        "INC-1001:ESCALATION:3",
        "ESCALATION",
        "2026-03-02T09:45:00Z",
        6900,
        "6.1",
        1,
        "Frontline Support",
        "Priya Shah",
        "400.00",
    ),
    (
        "INC-1001:RESOLUTION",
        "RESOLUTION",
        "2026-03-02T13:45:00Z",
        1500,
        "5.2",
        3,
        "Senior Engineer",
        "Ana Lima",
        "4000.00",
    ),
)
PRECEDENTS = (
    PrecedentEntry(
        key="cavendish-v-makdessi",
        case_name="Cavendish Square Holding BV v Makdessi; ParkingEye Ltd v Beavis",
        citation="[2015] UKSC 67",
        court="Supreme Court",
        year=2015,
        holding="A term is penal only where it is a secondary obligation whose detriment to the contract breaker is "
        "out of all proportion to the innocent party's legitimate interest in having the primary obligation performed.",
        note="Whether the 10 % credits are a penalty or a legitimate price adjustment.",
        url=None,
    ),
    PrecedentEntry(
        key="hadley-v-baxendale",
        case_name="Hadley v Baxendale",
        citation="(1854) 9 Exch 341; 156 ER 145",
        court="Court of Exchequer",
        year=1854,
        holding="Contract damages cover loss that arises naturally from the breach, or loss that both parties could "
        "reasonably have contemplated as its probable result when they contracted.",
        note="Whether Acme's lost online sales are a direct loss or excluded consequential loss.",
        url=None,
    ),
)


def _detail(kind: str, fields: Any) -> str:
    if kind == "ESCALATED":
        return f"Escalated to level {fields['level']}; assigned to {PEOPLE[fields['assignee']]}"
    return DETAILS.get(kind, "")


def _items() -> list[dict[str, Any]]:
    incident = {
        "key": "INC-1001",
        "title": "Instances unreachable in eu-west-2",
        "severity": "SEV1",
        "events": [{"seq": e.seq, "at": hash_instant(e.at), "kind": e.kind, "hash": e.hash} for e in EVENTS],
    }
    breach = {ref: {"ref": ref, "due_at": due, "over_by_seconds": over} for ref, _, due, over, *_ in BREACHES}
    credits = {"contract": "nimbus-acme-msa", "month": "2026-03", "total": "8400.00"}
    added, legal = "2026-03-20T09:05:00Z", "a-legal-1"
    rows: list[tuple[str, str, str | None, bytes, str, str]] = [
        (
            "INCIDENT_RECORD",
            "INC-1001 Instances unreachable in eu-west-2",
            "INC-1001",
            snapshot_content(incident),
            legal,
            added,
        ),
        (
            "BREACH",
            "Resolution target missed (SEV1, 4 hours)",
            "INC-1001:RESOLUTION",
            snapshot_content(breach["INC-1001:RESOLUTION"]),
            legal,
            added,
        ),
        (
            "BREACH",
            "Escalation to level 3 late (service affecting)",
            "INC-1001:ESCALATION:3",
            snapshot_content(breach["INC-1001:ESCALATION:3"]),
            legal,
            added,
        ),
        *(
            (
                "CLAUSE",
                f"Clause {number} {heading}",
                number,
                snapshot_content({"contract": "nimbus-acme-msa", "version": 1, "number": number, "text": text}),
                legal,
                added,
            )
            for number, (heading, text) in CLAUSES.items()
        ),
        ("CREDIT_REPORT", "Service credits for March 2026", "2026-03", snapshot_content(credits), legal, added),
        ("DOCUMENT", "contract-notice.pdf", None, NOTICE, legal, "2026-03-20T09:12:00Z"),
        (
            "COMMUNICATION",
            "Email from Priya Shah, 2 Mar 2026 09:58",
            None,
            EMAIL.encode(),
            "a-ops-1",
            "2026-03-24T15:40:00Z",
        ),
    ]
    items = [
        {
            "item_key": f"EV-{n}",
            "kind": kind,
            "label": label,
            "ref": ref,
            "sha256": content_sha256(content),
            "size": len(content),
            "added_by": by,
            "added_at": at(when),
        }
        for n, (kind, label, ref, content, by, when) in enumerate(rows, start=1)
    ]
    items[-2]["media_type"] = "application/pdf"
    return items


def manifest_inputs() -> dict[str, Any]:
    """The keyword arguments of build_manifest for the sample bundle (tests vary them)."""
    dispute = {
        "key": "DSP-2026-014",
        "title": TITLE,
        "claimant": "acme",
        "respondent": "nimbus",
        "forum": "LCIA, London",
        "amount_claimed": "128400.00",
        "currency": CURRENCY,
        "status": "MEDIATION",
    }
    return {
        "dispute": dispute,
        "contract": {
            "key": "nimbus-acme-msa",
            "version": 1,
            "content_hash": canonical_hash({"key": "nimbus-acme-msa"}),
        },
        "version": 1,
        "previous_bundle_hash": None,
        "sealed_at": SEALED,
        "sealed_by": "a-legal-1",
        "items": _items(),
        "incidents": [{"key": "INC-1001", "event_count": len(EVENTS), "head_hash": EVENTS[-1].hash, "chain_ok": True}],
        "breaches": [
            {
                "ref": ref,
                "incident": "INC-1001",
                "kind": kind,
                "due_at": at(due),
                "over_by_seconds": over,
                "clause": clause,
                "credit": credit,
            }
            for ref, kind, due, over, clause, _, _, _, credit in BREACHES
        ],
        "credits": [
            {
                "month": "2026-03",
                "total_before_cap": "8400.00",
                "cap": "10000.00",
                "total": "8400.00",
                "claim_deadline": at("2026-05-30T23:00:00Z"),
            }
        ],
        "precedents": [{"key": p.key, "citation": p.citation.split(";")[0], "note": p.note} for p in PRECEDENTS],
    }


def _evidence(manifest: dict[str, Any]) -> tuple[EvidenceEntry, ...]:
    custody = (
        ("2026-04-22T10:30:00Z", "SEALED", "bundle version 1"),
        ("2026-04-22T10:41:00Z", "HANDED_OVER", "served on Nimbus Cloud Ltd's solicitors"),
    )
    return tuple(
        EvidenceEntry(
            bates=item["bates"],
            item_key=item["item_key"],
            kind=item["kind"],
            label=item["label"],
            sha256=item["sha256"],
            added_by=PEOPLE[item["added_by"]],
            added_at=at(item["added_at"]),
            custody=(
                CustodyLine(at(item["added_at"]), PEOPLE[item["added_by"]], "ADDED", "collected for the dispute"),
                *(CustodyLine(at(when), "Rachel Okafor", action, purpose) for when, action, purpose in custody),
            ),
            size=item["size"],
            media_type=item.get("media_type"),
        )
        for item in manifest["items"]
    )


def _chains() -> tuple[LiabilityChain, ...]:
    return tuple(
        LiabilityChain(
            breach_ref=ref,
            breach_kind=kind,
            incident="INC-1001",
            due_at=at(due),
            over_by_seconds=over,
            clause_number=clause,
            clause_heading=CLAUSES[clause][0],
            clause_text=CLAUSES[clause][1],
            obligor="Nimbus Cloud Ltd",
            level=level,
            role=role,
            party="Nimbus Cloud Ltd",
            person=person,
            credit_amount=credit,
            credits_clause="9.1",
            credit_cap="10000.00",
            sole_remedy=True,
            liability_clause="12.1",
            liability_cap="480000.00",
            excludes_consequential=True,
            precedents=tuple(f"{p.case_name.split(';')[0]} {p.citation.split(';')[0]}" for p in PRECEDENTS),
        )
        for ref, kind, due, over, clause, level, role, person, credit in BREACHES
    )


def sample_report() -> BundleReport:
    """The sealed bundle of the sample dispute, with names, clause texts and precedents filled in."""
    manifest = build_manifest(**manifest_inputs())
    transitions = (
        TransitionLine(OPENED, None, "NEGOTIATION", "Rachel Okafor", "Notice of dispute served under clause 14.1"),
        TransitionLine(
            at("2026-04-20T11:00:00Z"),
            "NEGOTIATION",
            "MEDIATION",
            "Rachel Okafor",
            "Without-prejudice meeting of 14 April did not settle; CEDR mediator proposed",
        ),
    )
    credit_lines = (
        CreditLine("RESOLUTION", "INC-1001:RESOLUTION", "10", "4000.00"),
        CreditLine("ESCALATION", "INC-1001:ESCALATION:3", "1", "400.00"),
        CreditLine("UPTIME", "uptime 99.3607 % (below 99.95 %)", "10", "4000.00"),
    )
    return BundleReport(
        manifest=manifest,
        bundle_hash=manifest_hash(manifest),
        dispute=DisputeSection(
            "DSP-2026-014",
            TITLE,
            "Acme Retail plc",
            "Nimbus Cloud Ltd",
            "LCIA, London",
            "128400.00",
            CURRENCY,
            "MEDIATION",
            OPENED,
            transitions,
        ),
        contract=ContractSection(
            "nimbus-acme-msa",
            1,
            "Nimbus Cloud Infrastructure Services Agreement",
            "England and Wales",
            "GB",
            manifest["contract"]["content_hash"],
        ),
        sealed_by="Rachel Okafor",
        timeline=tuple(
            TimelineEntry(e.at, "INC-1001", e.seq, e.kind, PEOPLE.get(e.actor or ""), _detail(e.kind, e.fields))
            for e in EVENTS
        ),
        breaches=tuple(
            BreachRow(
                ref,
                "INC-1001",
                kind,
                "SEV1",
                at(due),
                over,
                clause,
                f"Level {level}, {role} (Nimbus Cloud Ltd): {person}",
                credit,
            )
            for ref, kind, due, over, clause, level, role, person, credit in BREACHES
        ),
        liability_chains=_chains(),
        credits=(CreditMonth("2026-03", credit_lines, "8400.00", "10000.00", "8400.00", at("2026-05-30T23:00:00Z")),),
        clauses=tuple(ClauseText(number, heading, text) for number, (heading, text) in CLAUSES.items()),
        precedents=PRECEDENTS,
        evidence=_evidence(manifest),
    )


def render(folder: Path) -> list[Path]:
    """Write the sample bundle as HTML, PDF and JSON into `folder`."""
    report = sample_report()
    paths = [folder / "bundle-sample.html", folder / "bundle-sample.pdf", folder / "bundle-sample.json"]
    paths[0].write_text(bundle_html(report), encoding="utf-8")
    paths[1].write_bytes(bundle_pdf(report))
    paths[2].write_text(bundle_json({"manifest": report.manifest, "sha256": report.bundle_hash}), encoding="utf-8")
    return paths


if __name__ == "__main__":
    for path in render(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp")):
        print(path)
