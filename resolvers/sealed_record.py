"""The frozen record a bundle seals: everything its JSON, HTML and PDF show, read once inside the seal."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from domain.breaches import BreachFinding
from domain.credits import CreditReport
from domain.hashing import hash_instant
from domain.lateness import late_by_seconds
from domain.precedents import PrecedentFacts, breach_topics, rank_precedents
from domain.sealed_record import RECORD_FORMAT
from domain.terms import ContractTerms
from graph import disputes as store
from graph import incidents as incident_store
from graph.database import Tx
from resolvers.liability import remedy

NOBODY = "nobody named"
_PRECEDENTS_PER_CHAIN = 5


def _when(value: datetime | None) -> str | None:
    return None if value is None else hash_instant(value)


def _money(value: Any) -> str | None:
    return None if value is None else str(value)


class _Names:
    """Names of the people, parties and roles a record mentions (the record shows names, not keys)."""

    def __init__(self, document: Mapping[str, Any], people: Mapping[str, Mapping[str, Any]]) -> None:
        self.parties = {p["key"]: p["name"] for p in document.get("parties") or []}
        self.roles = {r["key"]: r["name"] for r in document.get("roles") or []}
        self.people = {k: str(v.get("name") or k) for k, v in people.items()}

    def person(self, key: str | None) -> str | None:
        return None if key is None else self.people.get(key, key)


def _detail(e: Mapping[str, Any], names: _Names) -> str:
    parts = []
    if e.get("level") is not None:
        parts.append(f"level {e['level']}")
    if e.get("assignee"):
        parts.append(f"assigned to {names.person(e['assignee'])}")
    if e.get("severity"):
        parts.append(f"severity {e['severity']}")
    for name in ("reason", "note"):
        if e.get(name):
            parts.append(str(e[name]))
    return "; ".join(parts)


def _chronology(
    incidents: Sequence[incident_store.StoredIncident], names: _Names, late_allowed: timedelta
) -> list[dict[str, Any]]:
    out = []
    for incident in incidents:
        for row, stored in zip(incident.events, incident.stored_events(), strict=True):
            recorded_at = row.get("recordedAt")
            out.append(
                {
                    "incident": incident.key,
                    "seq": stored.seq,
                    "at": hash_instant(stored.at),
                    "kind": stored.kind,
                    "fields": dict(stored.fields),
                    "actor_key": stored.actor,
                    "actor": names.person(stored.actor),
                    "detail": _detail(row, names),
                    "hash": stored.hash,
                    "prev_hash": stored.prev_hash,
                    "recorded_at": _when(recorded_at),
                    "recorded_by": row.get("recordedBy"),
                    "late_by_seconds": late_by_seconds(stored.at, recorded_at, late_allowed),
                }
            )
    return sorted(out, key=lambda e: (e["at"], e["incident"], e["seq"]))


def _chain(
    b: BreachFinding, terms: ContractTerms, clauses: Mapping[str, Mapping[str, Any]], names: _Names, ranked: list[str]
) -> dict[str, Any]:
    facts = remedy(terms, b)
    r = b.responsible
    clause = clauses.get(b.clause, {})
    return {
        "breach_ref": b.ref,
        "breach_kind": str(b.kind),
        "incident": b.incident,
        "severity": b.severity,
        "due_at": hash_instant(b.due_at),
        "over_by_seconds": b.over_by_seconds,
        "clause_number": b.clause,
        "clause_heading": clause.get("heading", ""),
        "clause_text": clause.get("text", ""),
        "obligor": names.parties.get(b.obligor, b.obligor),
        "level": r.level if r else None,
        "role": names.roles.get(r.role, r.role) if r and r.role else None,
        "party": names.parties.get(r.party, r.party) if r and r.party else None,
        "person": names.person(r.person) if r else None,
        "credit_amount": _money(facts.credit_amount),
        "credits_clause": facts.credits_clause,
        "credit_cap": _money(facts.credit_cap),
        "sole_remedy": facts.sole_remedy,
        "liability_clause": facts.liability_clause,
        "liability_cap": _money(facts.liability_cap),
        "excludes_consequential": facts.excludes_consequential,
        "precedents": ranked,
    }


def _responsible_text(chain: Mapping[str, Any]) -> str:
    if chain["level"] is None:
        return "nobody held the incident at the deadline"
    return f"L{chain['level']} {chain['role'] or 'no role'} ({chain['party'] or '—'}): {chain['person'] or NOBODY}"


def _credit_month(month: str, report: CreditReport) -> dict[str, Any]:
    return {
        "month": month,
        "lines": [
            {"kind": str(i.kind), "ref": i.breach_ref, "percent": str(i.percent), "amount": str(i.amount)}
            for i in report.items
        ],
        "total_before_cap": str(report.total_before_cap),
        "cap": _money(report.cap),
        "total": str(report.total),
        "claim_deadline": _when(report.claim_deadline),
    }


async def build_record(
    tx: Tx,
    dispute: store.StoredDispute,
    manifest: Mapping[str, Any],
    incidents: Sequence[incident_store.StoredIncident],
    breaches: Sequence[tuple[BreachFinding, ContractTerms]],
    credit_reports: Mapping[str, CreditReport],
    custody: Mapping[str, Sequence[Mapping[str, Any]]],
    late_allowed: timedelta,
) -> dict[str, Any]:
    """The record sealed with `manifest`: names, texts, events, figures and custody as they stand at the seal."""
    props = dispute.props
    document = json.loads((await incident_store.contract_documents(tx, [props["contractUid"]]))[props["contractUid"]])
    person_keys = {props.get("openedBy"), manifest["seal"].get("sealed_by")}
    person_keys |= {t.get("by") for t in dispute.transitions}
    person_keys |= {e.get(f) for i in incidents for e in i.events for f in ("actor", "assignee")}
    person_keys |= {b.responsible.person for b, _ in breaches if b.responsible}
    person_keys |= {c.get("person") for entries in custody.values() for c in entries}
    person_keys |= {e.get("addedBy") for e in dispute.evidence}
    names = _Names(document, await incident_store.people(tx, sorted(k for k in person_keys if k)))
    clauses = {c["number"]: c for c in document.get("clauses") or []}

    precedents = {p["key"]: p for p in await store.all_precedents(tx)}
    facts = [
        PrecedentFacts(p["key"], p["jurisdiction"], p["year"], frozenset(p.get("topics") or []))
        for p in precedents.values()
    ]
    chains = []
    for b, terms in breaches:
        ranked = rank_precedents(breach_topics(b, terms), terms.jurisdiction, facts)[:_PRECEDENTS_PER_CHAIN]
        shown = [f"{precedents[r.key]['caseName']} {precedents[r.key]['citation']}" for r in ranked]
        chains.append(_chain(b, terms, clauses, names, shown))
    numbers = sorted(
        {c["clause_number"] for c in chains}, key=lambda n: [int(p) if p.isdigit() else p for p in n.split(".")]
    )

    evidence = {e["uid"]: e for e in dispute.evidence}
    items = []
    for item in manifest["items"]:
        e = evidence[item["item_key"]]
        items.append(
            {
                "bates": item["bates"],
                "item_key": item["item_key"],
                "kind": e["kind"],
                "label": e.get("label") or e["uid"],
                "sha256": item["sha256"],
                "added_by": names.person(e.get("addedBy")),
                "added_at": hash_instant(e["addedAt"]),
                "size": e.get("size"),
                "media_type": e.get("mediaType"),
                "custody": [
                    {
                        "at": hash_instant(c["at"]),
                        "person": names.person(c.get("person")),
                        "action": c["action"],
                        "purpose": c.get("purpose"),
                        "recorded_by": c.get("recordedBy"),
                    }
                    for c in custody.get(item["item_key"], ())
                ],
            }
        )
    contract = manifest["contract"]
    return {
        "format": RECORD_FORMAT,
        "known_at": manifest["seal"]["sealed_at"],
        "sealed_by": names.person(manifest["seal"].get("sealed_by")),
        "dispute": {
            "key": props["key"],
            "title": props["title"],
            "claimant": names.parties.get(props["claimant"], props["claimant"]),
            "respondent": names.parties.get(props["respondent"], props["respondent"]),
            "forum": props.get("forum"),
            "amount_claimed": props.get("amountClaimed"),
            "currency": props["currency"],
            "status": props["status"],
            "opened_at": hash_instant(props["openedAt"]),
            "transitions": [
                {
                    "at": hash_instant(t["at"]),
                    "from_status": t.get("from"),
                    "to_status": t["to"],
                    "by": names.person(t.get("by")),
                    "reason": t.get("reason"),
                    "override": bool(t.get("override")),
                    "recorded_at": _when(t.get("recordedAt")),
                    "recorded_by": t.get("recordedBy"),
                }
                for t in dispute.transitions
            ],
        },
        "contract": {
            "key": contract["key"],
            "version": contract["version"],
            "title": document.get("title", contract.get("title")),
            "governing_law": document.get("governing_law"),
            "jurisdiction": document.get("jurisdiction"),
            "content_hash": contract["content_hash"],
        },
        "chronology": _chronology(incidents, names, late_allowed),
        "breaches": [
            {
                "ref": c["breach_ref"],
                "incident": c["incident"],
                "kind": c["breach_kind"],
                "severity": c["severity"],
                "due_at": c["due_at"],
                "over_by_seconds": c["over_by_seconds"],
                "clause": c["clause_number"],
                "responsible": _responsible_text(c),
                "credit": c["credit_amount"],
            }
            for c in chains
        ],
        "liability_chains": chains,
        "credits": [_credit_month(month, report) for month, report in sorted(credit_reports.items())],
        "clauses": [
            {"number": n, "heading": clauses[n].get("heading", ""), "text": clauses[n].get("text", "")}
            for n in numbers
            if n in clauses
        ],
        "precedents": [
            {
                "key": c["key"],
                "case_name": precedents[c["key"]]["caseName"],
                "citation": precedents[c["key"]]["citation"],
                "court": precedents[c["key"]].get("court"),
                "year": precedents[c["key"]].get("year"),
                "holding": precedents[c["key"]].get("holding", ""),
                "note": c.get("note"),
                "url": precedents[c["key"]].get("url"),
            }
            for c in dispute.citations
            if c["key"] in precedents
        ],
        "evidence": items,
    }
