"""Disputes: opening, moving through the contract's steps, evidence and citations; one transaction each."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.disputes import FINAL_STATUSES, Transition, advance, dispute_steps, opening
from domain.documents.values import DECIMAL_FRACTION_DIGITS, DECIMAL_INTEGER_DIGITS, sane_decimal
from domain.errors import Conflict, DomainError, NotFound, Problem, RuleViolation
from domain.evidence import CustodyEntry, check_evidence, content_sha256, snapshot_content
from domain.hashing import hash_instant
from domain.stream import CLOCK_SKEW
from graph import disputes as store
from graph import incidents as incident_store
from graph.database import Graph, RoundTrips, Tx
from resolvers.incidents import KEY
from resolvers.snapshots import breach_snapshot, clause_snapshot, credit_snapshot, incident_snapshot
from resolvers.terms import parties_of, terms_of


def _transition_row(key: str, seq: int, t: Transition, recorded_by: str) -> dict[str, Any]:
    return {
        "recordedAt": datetime.now(UTC),
        "recordedBy": recorded_by,
        "uid": f"{key}#T{seq}",
        "seq": seq,
        "from": t.from_status,
        "to": t.to_status,
        "at": t.at,
        "by": t.by,
        "reason": t.reason,
        "override": t.override,
    }


def _now(at: datetime | None) -> datetime:
    return datetime.now(UTC) if at is None else at


@dataclass(frozen=True)
class DisputeOpening:
    key: str
    title: str
    contract_key: str
    claimant: str
    respondent: str
    amount_claimed: str
    incident_keys: list[str]
    forum: str | None = None
    opened_at: datetime | None = None
    opened_by: str | None = None
    reason: str | None = None
    recorded_by: str = "system"  # the principal
    clock_skew: timedelta = CLOCK_SKEW  # how far past the server's clock `opened_at` may lie


async def _check_person(tx: Tx, key: str | None, path: tuple[str, ...]) -> list[Problem]:
    if key is None:
        return []
    found = await incident_store.people(tx, [key])
    return [] if key in found else [Problem("UNKNOWN_REFERENCE", f"Person '{key}' is not stored.", path)]


async def open_dispute(graph: Graph, trips: RoundTrips, o: DisputeOpening) -> str:
    """Open a dispute between the parties of a contract over some of its incidents."""
    problems: list[Problem] = []
    if not KEY.match(o.key):
        problems.append(Problem("INVALID_KEY", f"'{o.key}' is not a valid key.", ("input", "key")))
    if not o.title.strip():
        problems.append(Problem("REQUIRED", "The title must not be empty.", ("input", "title")))
    amount = sane_decimal(o.amount_claimed.strip())
    if amount is None or amount < 0:
        problems.append(
            Problem(
                "INVALID_MONEY",
                f"'{o.amount_claimed[:60]}' is not an amount like \"40000.00\" (plain decimal text, at most "
                f"{DECIMAL_INTEGER_DIGITS} digits before the point and {DECIMAL_FRACTION_DIGITS} after).",
                ("input", "amountClaimed"),
            )
        )
    if o.claimant == o.respondent:
        problems.append(Problem("INVALID_VALUE", "Claimant and respondent must differ.", ("input", "respondent")))
    now = datetime.now(UTC)
    if o.opened_at is not None and o.opened_at > now + o.clock_skew:
        problems.append(
            Problem(
                "FUTURE_EVENT",
                f"The dispute is opened at {o.opened_at.isoformat()}, in the future (the server's clock says "
                f"{now.isoformat()}); disputes are recorded once they are opened.",
                ("input", "openedAt"),
            )
        )
    if problems:
        raise RuleViolation(problems)
    at = _now(o.opened_at)

    async def work(tx: Tx) -> str:
        if await store.lock(tx, o.key):
            raise Conflict.single("CONFLICT", f"Dispute '{o.key}' already exists.", ("input", "key"))
        contract = await incident_store.latest_contract(tx, o.contract_key)
        if contract is None:
            raise NotFound.single(
                "UNKNOWN_REFERENCE", f"Contract '{o.contract_key}' is not stored.", ("input", "contractKey")
            )
        terms = terms_of(contract["document"])
        parties = parties_of(contract["document"])
        found: list[Problem] = []
        for name, party in (("claimant", o.claimant), ("respondent", o.respondent)):
            if party not in parties:
                found.append(
                    Problem(
                        "UNKNOWN_REFERENCE",
                        f"Party '{party}' is not a party to contract '{o.contract_key}'.",
                        ("input", name),
                    )
                )
        stored = await incident_store.incidents_with_events(tx, o.incident_keys)
        for i, key in enumerate(o.incident_keys):
            incident = stored.get(key)
            if incident is None:
                found.append(
                    Problem("UNKNOWN_REFERENCE", f"Incident '{key}' is not stored.", ("input", "incidentKeys", i))
                )
            elif incident.props["contractKey"] != o.contract_key:
                found.append(
                    Problem(
                        "WRONG_CONTRACT",
                        f"Incident '{key}' is under contract "
                        f"'{incident.props['contractKey']}', not '{o.contract_key}'.",
                        ("input", "incidentKeys", i),
                    )
                )
        found += await _check_person(tx, o.opened_by, ("input", "openedBy"))
        if found:
            raise RuleViolation(found)
        procedure = terms.dispute_resolution
        first = opening(procedure.steps if procedure else (), at, o.opened_by, o.reason or "dispute opened")
        props = {
            "key": o.key,
            "title": o.title.strip(),
            "contractKey": o.contract_key,
            "contractUid": contract["uid"],
            "claimant": o.claimant,
            "respondent": o.respondent,
            "forum": o.forum or (procedure.forum if procedure else None),
            "amountClaimed": str(amount),
            "currency": terms.currency,
            "status": first.to_status,
            "openedAt": first.at,
            "openedBy": o.opened_by,
            "recordedBy": o.recorded_by,
            "evidenceCount": 0,
        }
        first_row = _transition_row(o.key, 1, first, o.recorded_by)
        await store.create(tx, props, contract["uid"], sorted(set(o.incident_keys)), first_row)
        return o.key

    return await graph.write(work, trips)


async def _locked(tx: Tx, key: str) -> store.StoredDispute:
    if not await store.lock(tx, key):
        raise NotFound.single("NOT_FOUND", f"Dispute '{key}' is not stored.", ("input", "disputeKey"))
    return (await store.disputes(tx, [key]))[key]


async def advance_dispute(
    graph: Graph,
    trips: RoundTrips,
    key: str,
    to: str,
    *,
    at: datetime | None,
    by: str | None,
    reason: str | None,
    override: bool,
    recorded_by: str,
    clock_skew: timedelta = CLOCK_SKEW,
) -> None:
    """Move a dispute to its next step or to a final status; who, when and why are kept."""
    now = datetime.now(UTC)
    when = now if at is None else at

    async def work(tx: Tx) -> None:
        dispute = await _locked(tx, key)
        documents = await incident_store.contract_documents(tx, [dispute.props["contractUid"]])
        procedure = terms_of(documents[dispute.props["contractUid"]]).dispute_resolution
        problems = await _check_person(tx, by, ("input", "by"))
        if problems:
            raise RuleViolation(problems)
        transition = advance(
            dispute_steps(procedure.steps if procedure else ()),
            dispute.props["status"],
            to,
            dispute.props["openedAt"],
            when,
            procedure.negotiation_period_seconds if procedure else None,
            by,
            override,
            reason,
            last_at=max((t["at"] for t in dispute.transitions), default=None),
            now=now,
            skew=clock_skew,
        )
        seq = len(dispute.transitions) + 1
        await store.add_transition(tx, key, transition.to_status, _transition_row(key, seq, transition, recorded_by))

    await graph.write(work, trips)


async def cite_precedent(
    graph: Graph, trips: RoundTrips, key: str, precedent_key: str, note: str, by: str | None, recorded_by: str
) -> None:
    """Cite a precedent in a dispute with a note on why it is relevant."""
    if not note.strip():
        raise RuleViolation.single(
            "REQUIRED", "Say why the precedent is relevant: `note` must not be empty.", ("input", "note")
        )

    async def work(tx: Tx) -> None:
        await _locked(tx, key)
        problems = await _check_person(tx, by, ("input", "by"))
        if problems:
            raise RuleViolation(problems)
        if not await store.cite(tx, key, precedent_key, note.strip(), datetime.now(UTC), by, recorded_by):
            raise NotFound.single(
                "UNKNOWN_REFERENCE", f"Precedent '{precedent_key}' is not stored.", ("input", "precedentKey")
            )

    await graph.write(work, trips)


@dataclass(frozen=True)
class EvidenceInput:
    dispute_key: str
    kind: str
    label: str | None = None
    text: str | None = None
    file_base64: str | None = None
    file_name: str | None = None
    media_type: str | None = None
    incident_key: str | None = None
    breach_ref: str | None = None
    clause_number: str | None = None
    month: str | None = None
    added_by: str | None = None
    purpose: str | None = None
    recorded_by: str = "system"  # the principal


async def attach_evidence(graph: Graph, trips: RoundTrips, e: EvidenceInput, max_bytes: int) -> str:
    """Add an evidence item (hashed, with its first custody entry); returns its id."""
    now = datetime.now(UTC)

    async def work(tx: Tx) -> str:
        dispute = await _locked(tx, e.dispute_key)
        problems = await _check_person(tx, e.added_by, ("input", "addedBy"))
        if problems:
            raise RuleViolation(problems)
        content, label, encoding, incident_key, clause_uid = await _content(tx, dispute, e, max_bytes, now)
        if incident_key is not None and incident_key not in await store.concerned_incidents(tx, e.dispute_key):
            raise RuleViolation.single(
                "WRONG_INCIDENT",
                f"Dispute '{e.dispute_key}' does not concern incident '{incident_key}'; "
                "only evidence about the incidents it concerns is accepted.",
                ("input", "breachRef" if e.kind == "BREACH" else "incidentKey"),
            )
        digest = content_sha256(content)
        earlier = next((item for item in dispute.evidence if item.get("sha256") == digest), None)
        if earlier is not None:
            raise RuleViolation.single(
                "DUPLICATE_EVIDENCE",
                f"The same content is already in dispute '{e.dispute_key}' as item {earlier['uid']}.",
                ("input",),
            )
        seq = len(dispute.evidence) + 1
        uid = f"{e.dispute_key}/E{seq:04d}"
        item = {
            "uid": uid,
            "seq": seq,
            "disputeKey": e.dispute_key,
            "kind": e.kind,
            "label": label,
            "sha256": digest,
            "size": len(content),
            "mediaType": e.media_type or ("application/json" if encoding == "json" else "text/plain; charset=utf-8"),
            "fileName": e.file_name,
            "ref": e.incident_key or e.breach_ref or e.clause_number or e.month,
            "content": base64.b64encode(content).decode() if encoding == "base64" else content.decode("utf-8"),
            "contentEncoding": "base64" if encoding == "base64" else "utf-8",
            # searchable text of what people wrote; files and system snapshots are not indexed
            "text": e.text if e.kind in ("DOCUMENT", "COMMUNICATION") else None,
            "title": label,
            "addedAt": now,
            "addedBy": e.added_by,
            "recordedAt": now,
            "recordedBy": e.recorded_by,
        }
        custody = CustodyEntry(now, e.added_by, "ADDED", e.purpose)
        entry = {
            "at": custody.at,
            "person": custody.person,
            "action": custody.action,
            "purpose": custody.purpose,
            "seq": 1,
            "recordedAt": now,
            "recordedBy": e.recorded_by,
        }
        await store.add_evidence(tx, e.dispute_key, item, entry, incident_key, clause_uid)
        return uid

    return await graph.write(work, trips)


async def _content(
    tx: Tx, dispute: store.StoredDispute, e: EvidenceInput, max_bytes: int, now: datetime
) -> tuple[bytes, str, str, str | None, str | None]:
    """Content bytes, label, encoding, and what the item is about, for each kind of evidence."""
    contract_key = dispute.props["contractKey"]
    if e.kind in ("DOCUMENT", "COMMUNICATION"):
        content, problems = check_evidence(e.kind, e.text, e.file_base64, e.file_name, e.media_type, max_bytes)
        if problems:
            raise RuleViolation(problems)
        label = e.label or e.file_name or f"{e.kind.title()} added {hash_instant(now)}"
        return content, label, "base64" if e.file_base64 else "utf-8", None, None
    if e.kind == "INCIDENT_RECORD":
        incident = await _incident_of(tx, contract_key, e.incident_key, ("input", "incidentKey"))
        return (
            snapshot_content(incident_snapshot(incident)),
            e.label or f"Incident record {incident.key}",
            "json",
            incident.key,
            None,
        )
    if e.kind == "BREACH":
        if not e.breach_ref:
            raise RuleViolation.single("REQUIRED", "A BREACH item names `breachRef`.", ("input", "breachRef"))
        incident_key = e.breach_ref.split(":", 1)[0]
        incident = await _incident_of(tx, contract_key, incident_key, ("input", "breachRef"))
        snapshot = await breach_snapshot(tx, incident, e.breach_ref, now)
        if snapshot is None:
            raise RuleViolation.single(
                "UNKNOWN_REFERENCE",
                f"Incident {incident_key} has no breach '{e.breach_ref}' as of now.",
                ("input", "breachRef"),
            )
        return snapshot_content(snapshot), e.label or f"Breach {e.breach_ref}", "json", incident.key, None
    if e.kind == "CLAUSE":
        snapshot, clause_uid = await clause_snapshot(tx, dispute.props["contractUid"], e.clause_number)
        return snapshot_content(snapshot), e.label or f"Clause {e.clause_number}", "json", None, clause_uid
    if e.kind == "CREDIT_REPORT":
        if not e.month:
            raise RuleViolation.single("REQUIRED", "A CREDIT_REPORT item names `month` (YYYY-MM).", ("input", "month"))
        snapshot = await credit_snapshot(tx, contract_key, e.month, now)
        return snapshot_content(snapshot), e.label or f"Credit report {e.month}", "json", None, None
    raise RuleViolation.single("INVALID_VALUE", f"'{e.kind}' is not an evidence kind.", ("input", "kind"))


async def add_dispute_incident(graph: Graph, trips: RoundTrips, key: str, incident_key: str, recorded_by: str) -> None:
    """Let an open dispute concern one more incident of its contract."""

    async def work(tx: Tx) -> None:
        dispute = await _locked(tx, key)
        if dispute.props["status"] in FINAL_STATUSES:
            raise RuleViolation.single(
                "ALREADY_CLOSED", f"Dispute '{key}' is {dispute.props['status']}; it takes no more incidents.", ()
            )
        await _incident_of(tx, dispute.props["contractKey"], incident_key, ("input", "incidentKey"))
        if incident_key in await store.concerned_incidents(tx, key):
            raise RuleViolation.single(
                "ALREADY_CONCERNED", f"Dispute '{key}' already concerns incident '{incident_key}'.", ("input",)
            )
        await store.add_incident(tx, key, incident_key, datetime.now(UTC), recorded_by)

    await graph.write(work, trips)


async def _incident_of(
    tx: Tx, contract_key: str, key: str | None, path: tuple[str, ...]
) -> incident_store.StoredIncident:
    if not key:
        raise RuleViolation.single("REQUIRED", "Name the incident.", path)
    found = (await incident_store.incidents_with_events(tx, [key])).get(key)
    if found is None:
        raise NotFound.single("UNKNOWN_REFERENCE", f"Incident '{key}' is not stored.", path)
    if found.props["contractKey"] != contract_key:
        raise RuleViolation.single(
            "WRONG_CONTRACT",
            f"Incident '{key}' is under contract '{found.props['contractKey']}'; this dispute is under "
            f"'{contract_key}', so it cannot be evidence here.",
            path,
        )
    return found


__all__ = ["DomainError"]
