"""Snapshots of what the graph says (incident records, breaches, clauses, credit reports), hashed as evidence."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.breaches import BreachFinding
from domain.credits import CreditReport, credit_report
from domain.errors import RuleViolation
from domain.events import Outage
from domain.hashing import hash_instant
from domain.terms import ContractTerms
from graph import incidents as store
from graph.database import Tx
from resolvers.incidents import ServiceReports, breach_rows, evaluate_stored
from resolvers.terms import terms_of


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return hash_instant(value)
    return value


def incident_snapshot(incident: store.StoredIncident) -> dict[str, Any]:
    """An incident's record: its facts and every stored event with its hashes."""
    fields = ("key", "title", "service", "severity", "serviceAffecting", "channel", "contractKey", "contractUid")
    return {
        "incident": {f: incident.props.get(f) for f in fields},
        "events": [
            {k: _plain(v) for k, v in sorted(e.items()) if k not in ("uid", "recordedAt")} for e in incident.events
        ],
    }


async def breach_snapshot(tx: Tx, incident: store.StoredIncident, ref: str, at: datetime) -> dict[str, Any] | None:
    """The breach `ref` of an incident as computed at `at`, or None if there is no such breach then."""
    others = await store.service_incidents(tx, incident.props["contractKey"], [incident.props["service"]])
    documents = await store.contract_documents(tx, [incident.props["contractUid"]])
    terms = terms_of(documents[incident.props["contractUid"]])
    evaluation = evaluate_stored(terms, incident, others, at)
    for row in breach_rows(evaluation, terms, incident.props["contractUid"], at):
        if row["uid"] == ref:
            return {"as_of": hash_instant(at)} | {k: _plain(v) for k, v in sorted(row.items()) if k != "computedAt"}
    return None


async def clause_snapshot(tx: Tx, contract_uid: str, number: str | None) -> tuple[dict[str, Any], str]:
    """A clause's number, heading, kind, topics and text as stored in its contract version."""
    documents = await store.contract_documents(tx, [contract_uid])
    document = json.loads(documents[contract_uid])
    for clause in document["clauses"]:
        if clause["number"] == number:
            snapshot = {"contract": contract_uid, **{k: clause.get(k) for k in ("number", "heading", "kind", "text")}}
            snapshot["topics"] = list(clause.get("topics") or [])
            return snapshot, f"{contract_uid}/clause/{number}"
    raise RuleViolation.single(
        "UNKNOWN_REFERENCE", f"Contract version {contract_uid} has no clause '{number}'.", ("input", "clauseNumber")
    )


async def credit_snapshot(tx: Tx, contract_key: str, month: str, at: datetime) -> dict[str, Any]:
    """A month's credit report as computed at `at` under the latest contract version."""
    report = await monthly_report(tx, contract_key, month, at)
    return {
        "contract": contract_key,
        "month": month,
        "as_of": hash_instant(at),
        "uptime_percent": str(report.uptime_percent),
        "items": [
            {"kind": str(i.kind), "percent": str(i.percent), "amount": str(i.amount), "breach": i.breach_ref}
            for i in report.items
        ],
        "total_before_cap": str(report.total_before_cap),
        "cap": None if report.cap is None else str(report.cap),
        "total": str(report.total),
        "claim_deadline": None if report.claim_deadline is None else hash_instant(report.claim_deadline),
    }


async def monthly_report(tx: Tx, contract_key: str, month: str, at: datetime) -> CreditReport:
    """The domain credit report of a contract's month as of `at`, read inside a transaction."""
    inputs = await credit_inputs(tx, contract_key, at)
    return inputs.report(month)


@dataclass(frozen=True)
class CreditInputs:
    """What a contract's monthly credit reports are computed from, read once for any number of months."""

    terms: ContractTerms
    breaches: tuple[BreachFinding, ...]
    outages: tuple[Outage, ...]
    at: datetime

    def report(self, month: str) -> CreditReport:
        return credit_report(self.terms, self.breaches, self.outages, month, self.at)


async def credit_inputs(
    tx: Tx,
    contract_key: str,
    at: datetime,
    incidents: list[store.StoredIncident] | None = None,
    documents: dict[str, str] | None = None,
) -> CreditInputs:
    """Latest terms, every incident's breaches as of `at`, and the outages; pass what was already read."""
    contract = await store.latest_contract(tx, contract_key)
    if contract is None:
        raise RuleViolation.single("UNKNOWN_REFERENCE", f"Contract '{contract_key}' is not stored.", ("contract",))
    if incidents is None:
        incidents = await store.contract_incidents(tx, contract_key)
    if documents is None:
        documents = await store.contract_documents(tx, sorted({i.props["contractUid"] for i in incidents}))
    breaches: list[BreachFinding] = []
    reports = ServiceReports(incidents)
    for incident in incidents:
        breaches += reports.evaluate(terms_of(documents[incident.props["contractUid"]]), incident, at).breaches
    outages = tuple(
        Outage(o["service"], o["start"], o["end"], o["excluded"])
        for o in await store.contract_outages(tx, contract_key)
    )
    return CreditInputs(terms_of(contract["document"]), tuple(breaches), outages, at)
