"""Snapshots of what the graph says (incident records, breaches, clauses, credit reports), hashed as evidence."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain.breaches import BreachFinding
from domain.credits import CreditReport, credit_report
from domain.errors import RuleViolation
from domain.events import Outage
from domain.governing import VersionTerm, governing_uid, known_versions, month_version
from domain.hashing import hash_instant
from domain.record import known_by
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


async def governing_in_tx(
    tx: Tx, contract_key: str, incidents: list[store.StoredIncident], known_at: datetime | None
) -> dict[str, tuple[str, ContractTerms]]:
    """Each incident's governing version (uid, terms) as the record stood at `known_at`, read in a transaction."""
    versions, documents = await store.contract_versions(tx, contract_key)
    out: dict[str, tuple[str, ContractTerms]] = {}
    for i in incidents:
        uid = governing_uid(i.props["contractUid"], versions, i.props["reportedAt"], known_at)
        document = documents.get(uid) or (await store.contract_documents(tx, [uid]))[uid]
        out[i.key] = (uid, terms_of(document))
    return out


async def breach_snapshot(
    tx: Tx, incident: store.StoredIncident, ref: str, at: datetime, *, known_at: datetime | None = None
) -> dict[str, Any] | None:
    """The breach `ref` of an incident as computed at `at` (as the record stood at `known_at`), or None if there
    is no such breach then."""
    others = await store.service_incidents(tx, incident.props["contractKey"], [incident.props["service"]])
    uid, terms = (await governing_in_tx(tx, incident.props["contractKey"], [incident], known_at))[incident.key]
    evaluation = evaluate_stored(terms, incident, others, at, known_at=known_at)
    for row in breach_rows(evaluation, terms, uid, at):
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


async def credit_snapshot(
    tx: Tx, contract_key: str, month: str, at: datetime, *, known_at: datetime | None = None
) -> dict[str, Any]:
    """A month's credit report as computed at `at`, each breach under its governing version (rules.md)."""
    report = await monthly_report(tx, contract_key, month, at, known_at=known_at)
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


async def monthly_report(
    tx: Tx, contract_key: str, month: str, at: datetime, *, known_at: datetime | None = None
) -> CreditReport:
    """The domain credit report of a contract's month as of `at`, read inside a transaction."""
    inputs = await credit_inputs(tx, contract_key, at, known_at=known_at)
    return inputs.report(month)


@dataclass(frozen=True)
class CreditInputs:
    """What a contract's monthly credit reports are computed from, read once for any number of months."""

    terms: ContractTerms  # the latest known version: the fallback for a month no version is in force in
    breaches: tuple[BreachFinding, ...]
    outages: tuple[Outage, ...]
    at: datetime
    versions: tuple[tuple[VersionTerm, ContractTerms], ...] = ()
    breach_terms: Mapping[str, ContractTerms] = field(default_factory=dict)  # incident key -> governing terms

    def month_terms(self, month: str) -> ContractTerms:
        """The terms of a month: the highest version in force during it (rules.md)."""
        return month_version(month, self.versions)[1] if self.versions else self.terms

    def report(self, month: str) -> CreditReport:
        terms = self.month_terms(month)
        return credit_report(terms, self.breaches, self.outages, month, self.at, self.breach_terms)


async def credit_inputs(
    tx: Tx,
    contract_key: str,
    at: datetime,
    incidents: list[store.StoredIncident] | None = None,
    documents: dict[str, str] | None = None,
    *,
    known_at: datetime | None = None,
) -> CreditInputs:
    """The contract's versions, every incident's breaches as of `at` under its governing version, and the
    outages, as the record stood at `known_at`; pass the incidents if they were already read."""
    versions, stored_documents = await store.contract_versions(tx, contract_key)
    all_documents = {**(documents or {}), **stored_documents}
    known = known_versions(versions, known_at)
    if not known:
        raise RuleViolation.single("UNKNOWN_REFERENCE", f"Contract '{contract_key}' is not stored.", ("contract",))
    if incidents is None:
        incidents = await store.contract_incidents(tx, contract_key)
    incidents = [i for i in incidents if known_by(i.props.get("createdAt"), known_at)]
    governed = await governing_in_tx(tx, contract_key, incidents, known_at)
    breaches: list[BreachFinding] = []
    reports = ServiceReports(incidents, known_at)
    for incident in incidents:
        breaches += reports.evaluate(governed[incident.key][1], incident, at).breaches
    outages = tuple(
        Outage(o["service"], o["start"], o["end"], o["excluded"])
        for o in await store.contract_outages(tx, contract_key)
        if known_by(o.get("recordedAt"), known_at)
    )
    return CreditInputs(
        terms=terms_of(all_documents[known[-1].uid]),
        breaches=tuple(breaches),
        outages=outages,
        at=at,
        versions=tuple((v, terms_of(all_documents[v.uid])) for v in known),
        breach_terms={key: terms for key, (_, terms) in governed.items()},
    )
