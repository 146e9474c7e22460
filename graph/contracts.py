"""Contracts in the graph: importing a version, and reading versions and their structure."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from domain.errors import Conflict, Problem
from domain.terms import ContractTerms
from graph.cypher import query
from graph.database import Tx


def version_uid(key: str, version: int) -> str:
    """The stable id of one contract version."""
    return f"{key}@{version}"


@dataclass(frozen=True)
class ImportOutcome:
    uid: str
    created: bool


def _uid(version: str, kind: str, local: str | int) -> str:
    return f"{version}/{kind}/{local}"


def contract_rows(data: dict[str, Any], terms: ContractTerms, content_hash: str) -> dict[str, Any]:
    """Parameters of `contract_import.cypher` from a validated document (JSON form) and its terms."""
    v = version_uid(data["key"], data["version"])
    clause = {c["number"]: _uid(v, "clause", c["number"]) for c in data["clauses"]}
    role = {r["key"]: _uid(v, "role", r["key"]) for r in data["roles"]}
    params: dict[str, Any] = {
        "c": {
            "uid": v,
            "key": data["key"],
            "version": data["version"],
            "title": data["title"],
            "kind": data["kind"],
            "effective": data["effective"],
            "expires": data.get("expires"),
            "governingLaw": data["governing_law"],
            "jurisdiction": data["jurisdiction"],
            "currency": data["currency"],
            "monthlyFee": str(terms.monthly_fee),
            "provider": terms.provider,
            "contentHash": content_hash,
            "document": json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False),
        },
        "parties": [{"key": p["key"], "name": p["name"], "role": p["role"]} for p in data["parties"]],
        "people": [
            {
                "key": m["key"],
                "name": m["name"],
                "party": m["party"],
                "roleUid": role.get(m.get("role") or ""),
            }
            for m in data.get("people") or []
        ],
        "clauses": [
            {
                "uid": clause[c["number"]],
                "number": c["number"],
                "heading": c["heading"],
                "kind": c["kind"],
                "topics": list(c.get("topics") or []),
                "text": c["text"],
                "position": i,
            }
            for i, c in enumerate(data["clauses"])
        ],
        "calendars": [
            {
                "uid": _uid(v, "calendar", spec.key),
                "key": spec.key,
                "alwaysOpen": spec.always_open,
                "timezone": spec.timezone,
                "hours": json.dumps(
                    {
                        day: [
                            f"{iv.start.strftime('%H:%M')}-{iv.end.strftime('%H:%M') if iv.end else '24:00'}"
                            for iv in intervals
                        ]
                        for day, intervals in spec.hours.items()
                    }
                ),
                "holidayCountry": spec.holiday_country,
                "holidaySubdivision": spec.holiday_subdivision,
                "closed": sorted(d.isoformat() for d in spec.closed),
            }
            for spec in terms.calendars.values()
        ],
        "roles": [
            {
                "uid": role[r["key"]],
                "key": r["key"],
                "name": r["name"],
                "party": r["party"],
                "responsibilities": list(r.get("responsibilities") or []),
            }
            for r in data["roles"]
        ],
        "severities": [
            {
                "uid": _uid(v, "severity", s.code),
                "code": s.code,
                "name": s.name,
                "position": i,
                "responseSeconds": s.response_seconds,
                "resolutionSeconds": s.resolution_seconds,
                "updateSeconds": s.update_seconds,
                "calendarUid": _uid(v, "calendar", s.calendar),
                "clauseUid": clause[s.clause],
            }
            for i, s in enumerate(terms.severities.values())
        ],
        "channels": [
            {
                "uid": _uid(v, "channel", i),
                "kind": ch["kind"],
                "address": ch["address"],
                "severities": list(ch.get("severities") or []),
                "position": i,
                "calendarUid": _uid(v, "calendar", ch["calendar"]),
                "clauseUid": clause[ch["clause"]],
            }
            for i, ch in enumerate(data.get("support_channels") or [])
        ],
        "escalation": {"uid": _uid(v, "escalation", "path"), "clauseUid": clause[terms.escalation.clause]},
        "levels": [
            {"uid": _uid(v, "level", level), "level": level, "roleUid": role[role_key]}
            for level, role_key in sorted(terms.escalation.levels.items())
        ],
        "triggers": [
            {
                "uid": _uid(v, "trigger", t.index),
                "index": t.index,
                "kind": t.kind,
                "toLevel": t.to_level,
                "afterSeconds": t.after_seconds,
                "severities": sorted(t.severities) if t.severities is not None else None,
                "count": t.count,
                "windowSeconds": t.window_seconds,
            }
            for t in terms.escalation.triggers
        ],
        "terms": _term_rows(terms, clause),
    }
    return params


def _term_rows(terms: ContractTerms, clause: dict[str, str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    if terms.credits is not None:
        cr = terms.credits
        rows.append(
            {
                "kind": "CREDITS",
                "clauseUid": clause[cr.clause],
                "props": {
                    "timezone": cr.timezone,
                    "capPercent": str(cr.cap_percent),
                    "claimWindowSeconds": cr.claim_window_seconds,
                    "soleRemedy": cr.sole_remedy,
                    "uptimeTarget": None if cr.uptime_target is None else str(cr.uptime_target),
                    "rules": json.dumps(
                        [
                            {
                                "kind": r.kind,
                                "percent": str(r.percent),
                                "severities": sorted(r.severities) if r.severities is not None else None,
                            }
                            for r in cr.rules
                        ]
                    ),
                    "tiers": json.dumps([{"below": str(t.below), "percent": str(t.percent)} for t in cr.uptime_tiers]),
                },
            }
        )
    if terms.documentation is not None:
        d = terms.documentation
        rows.append(
            {
                "kind": "DOCUMENTATION",
                "clauseUid": clause[d.clause],
                "props": {"reportDueSeconds": d.report_due_seconds, "severities": sorted(d.severities)},
            }
        )
    if terms.liability is not None:
        li = terms.liability
        rows.append(
            {
                "kind": "LIABILITY",
                "clauseUid": clause[li.clause],
                "props": {
                    "cap": None if li.cap is None else str(li.cap),
                    "excludesConsequential": li.excludes_consequential,
                },
            }
        )
    if terms.dispute_resolution is not None:
        dr = terms.dispute_resolution
        rows.append(
            {
                "kind": "DISPUTE_RESOLUTION",
                "clauseUid": clause[dr.clause],
                "props": {
                    "steps": list(dr.steps),
                    "negotiationPeriodSeconds": dr.negotiation_period_seconds,
                    "forum": dr.forum,
                },
            }
        )
    return rows


async def import_contract(tx: Tx, rows: dict[str, Any]) -> ImportOutcome:
    """Write one contract version, unless the identical version is stored already."""
    c = rows["c"]
    existing = await tx.one(
        "contract_existing",
        query("contract_existing"),
        key=c["key"],
        version=c["version"],
        partyKeys=[p["key"] for p in rows["parties"]],
        personKeys=[m["key"] for m in rows["people"]],
    )
    assert existing is not None  # OPTIONAL MATCH always yields one row
    if existing["sameVersionHash"] is not None:
        if existing["sameVersionHash"] == c["contentHash"]:
            return ImportOutcome(c["uid"], created=False)
        raise Conflict(
            [
                Problem(
                    "VERSION_CONFLICT",
                    f"Contract '{c['key']}' version {c['version']} is already stored with different content; "
                    "an amendment needs a higher version.",
                    ("version",),
                )
            ]
        )
    problems = _identity_conflicts(rows, existing)
    if problems:
        raise Conflict(problems)
    await tx.one("contract_import", query("contract_import"), **rows)
    return ImportOutcome(c["uid"], created=True)


def _identity_conflicts(rows: dict[str, Any], existing: dict[str, Any]) -> list[Problem]:
    """Parties and people are global: one named again must match what is stored."""
    problems: list[Problem] = []
    stored_parties = {p["key"]: p["name"] for p in existing["parties"]}
    for i, p in enumerate(rows["parties"]):
        stored = stored_parties.get(p["key"])
        if stored is not None and stored != p["name"]:
            problems.append(
                Problem(
                    "CONFLICT",
                    f"Party '{p['key']}' is stored as '{stored}', not '{p['name']}'.",
                    ("parties", i, "name"),
                )
            )
    stored_people = {m["key"]: m for m in existing["people"]}
    for i, m in enumerate(rows["people"]):
        stored_person = stored_people.get(m["key"])
        if stored_person is None:
            continue
        if stored_person["name"] != m["name"]:
            problems.append(
                Problem(
                    "CONFLICT",
                    f"Person '{m['key']}' is stored as '{stored_person['name']}', not '{m['name']}'.",
                    ("people", i, "name"),
                )
            )
        if stored_person["party"] != m["party"]:
            problems.append(
                Problem(
                    "CONFLICT",
                    f"Person '{m['key']}' belongs to party '{stored_person['party']}', not '{m['party']}'.",
                    ("people", i, "party"),
                )
            )
    return problems
