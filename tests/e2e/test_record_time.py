"""The record over GraphQL: knownAt, late entries, time checks that write nothing, one governing version."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any, LiteralString

from clausegraph.settings import PROJECT_ROOT
from graph.database import Graph, RoundTrips, Tx
from tests.e2e.conftest import GraphQLClient

BASE_CONTRACT = (PROJECT_ROOT / "seed" / "data" / "contracts" / "azurite-harbor-cloud.yaml").read_text(encoding="utf-8")

IMPORT_CONTRACT = """mutation($d: String!) { importContract(document: $d) {
  contract { key version } userErrors { code message path } } }"""
REPORT = """mutation($i: ReportIncidentInput!) { reportIncident(input: $i) {
  incident { key } event { seq recordedAt } userErrors { code message path } } }"""
RECORD = """mutation($i: RecordIncidentEventInput!) { recordIncidentEvent(input: $i) {
  event { seq at recordedAt lateBySeconds } userErrors { code message path } } }"""
IMPORT_INCIDENTS = """mutation($d: String!) { importIncidents(document: $d) {
  incidents { key } userErrors { code message path } } }"""
OPEN = """mutation($i: OpenDisputeInput!) { openDispute(input: $i) { dispute { key } userErrors { code message } } }"""
ADVANCE = """mutation($i: AdvanceDisputeInput!) { advanceDispute(input: $i) {
  dispute { status transitions { seq toStatus at recordedAt } } userErrors { code message path } } }"""

# Everything stored, counted: a rejected mutation must leave these exactly as they were (the audit log, which
# records every mutation, refused ones too, left out).
FINGERPRINT: LiteralString = """
CALL () { MATCH (n) WHERE NOT (n:AuditEntry OR n:AuditHead) RETURN count(n) AS nodes, sum(size(keys(n))) AS properties }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, properties, relationships"""


def _contract(key: str, *, version: int = 1, effective: str, expires: str = "2028-12-31", fee: str) -> str:
    """The seed contract azurite-harbor-cloud under another key, version, term and monthly fee."""
    text = re.sub(r"(?m)^key: azurite-harbor-cloud$", f"key: {key}", BASE_CONTRACT)
    text = re.sub(r"(?m)^version: 1$", f"version: {version}", text)
    text = re.sub(r"(?m)^effective: .*$", f"effective: {effective}", text)
    text = re.sub(r"(?m)^expires: .*$", f"expires: {expires}", text)
    return re.sub(r'(?m)^monthly_fee: ".*"$', f'monthly_fee: "{fee}"', text)


def _iso(t: datetime) -> str:
    return t.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


async def _fingerprint(graph: Graph) -> dict[str, Any]:
    async def work(tx: Tx) -> dict[str, Any]:
        rows = await tx.rows("fingerprint", FINGERPRINT)
        return rows[0]

    return await graph.read(work, RoundTrips())


async def _import_contract(gql: GraphQLClient, document: str) -> None:
    body = await gql.data(IMPORT_CONTRACT, {"d": document})
    assert body["importContract"]["userErrors"] == [], body


async def _report(gql: GraphQLClient, contract: str, key: str, at: datetime, severity: str = "A") -> dict[str, Any]:
    report = {
        "key": key,
        "contractKey": contract,
        "service": "vm-uk-south",
        "title": "Virtual machines unreachable",
        "severity": severity,
        "reportedAt": _iso(at),
    }
    body: dict[str, Any] = (await gql.data(REPORT, {"i": report}))["reportIncident"]
    return body


async def _record(gql: GraphQLClient, incident: str, at: datetime | str, kind: str, **fields: Any) -> dict[str, Any]:
    event = {"incidentKey": incident, "at": at if isinstance(at, str) else _iso(at), "kind": kind, **fields}
    body: dict[str, Any] = (await gql.data(RECORD, {"i": event}))["recordIncidentEvent"]
    return body


def _codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["userErrors"]]


async def test_a_back_dated_acknowledgement_changes_the_past_only_for_a_later_knownAt(gql: GraphQLClient) -> None:
    await _import_contract(gql, _contract("rec-late-cloud", effective="2026-01-01", fee="52000.00"))
    # reported a month ago: the whole history is entered now, well after it happened
    reported = (datetime.now(UTC) - timedelta(days=30)).replace(second=0, microsecond=0)
    report = await _report(gql, "rec-late-cloud", "REC-LATE-1", reported)
    assert report["userErrors"] == []
    before_ack = _instant(report["event"]["recordedAt"])
    await asyncio.sleep(0.05)
    ack = await _record(gql, "REC-LATE-1", reported + timedelta(minutes=10), "ACKNOWLEDGED", actor="ah-l1-1")
    assert ack["userErrors"] == []
    recorded = _instant(ack["event"]["recordedAt"])
    assert recorded > before_ack
    # late by the whole gap between its `at` and when it was stored: about a month
    expected_late = int((recorded - (reported + timedelta(minutes=10))).total_seconds())
    assert ack["event"]["lateBySeconds"] == expected_late
    assert expected_late > 29 * 86_400

    as_of = _iso(reported + timedelta(days=1))
    query = """query($k: String!, $asOf: DateTime, $knownAt: DateTime) { incident(key: $k) {
      sla(asOf: $asOf, knownAt: $knownAt) { response { status breached } }
      breaches(asOf: $asOf, knownAt: $knownAt) { kind }
      liabilityChain(asOf: $asOf, knownAt: $knownAt) { breach { kind } lateEntries { seq kind lateBySeconds } }
      events { seq kind lateBySeconds } } }"""
    now_view = (await gql.data(query, {"k": "REC-LATE-1", "asOf": as_of}))["incident"]
    then_view = (await gql.data(query, {"k": "REC-LATE-1", "asOf": as_of, "knownAt": _iso(before_ack)}))["incident"]

    # acknowledged 10 minutes after the report: the 1 hour response target is met, as the record stands now
    assert now_view["sla"]["response"] == {"status": "MET", "breached": False}
    assert "RESPONSE" not in [b["kind"] for b in now_view["breaches"]]
    # as the record stood before the acknowledgement was entered, a day without one is a breach
    assert then_view["sla"]["response"] == {"status": "BREACHED", "breached": True}
    assert "RESPONSE" in [b["kind"] for b in then_view["breaches"]]

    # the acknowledgement is a late entry, in the events and in every link of the chain it counts in
    assert [e["kind"] for e in now_view["events"] if e["lateBySeconds"]] == ["REPORTED", "ACKNOWLEDGED"]
    assert now_view["liabilityChain"], "an unresolved SEV A has breaches a day later"
    for link in now_view["liabilityChain"]:
        assert [(e["seq"], e["kind"]) for e in link["lateEntries"]] == [(1, "REPORTED"), (2, "ACKNOWLEDGED")]
        assert link["lateEntries"][1]["lateBySeconds"] == expected_late
    for link in then_view["liabilityChain"]:
        assert [e["kind"] for e in link["lateEntries"]] == ["REPORTED"]


async def test_knownAt_in_the_future_or_without_an_offset_is_an_error_of_the_argument(gql: GraphQLClient) -> None:
    future = _iso(datetime.now(UTC) + timedelta(days=1))
    body = await gql(
        'query($t: DateTime) { incident(key: "AHC-2026-003") { sla(knownAt: $t) { response { status } } } }',
        {"t": future},
    )
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FUTURE_KNOWN_AT"]
    assert "knownAt" in body["errors"][0]["message"]
    body = await gql(
        '{ creditReport(contractKey: "azurite-harbor-cloud", month: "2026-03", '
        'knownAt: "2099-01-01T00:00:00Z") { total } }'
    )
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FUTURE_KNOWN_AT"]


async def test_events_and_reports_in_the_future_are_refused_and_write_nothing(
    gql: GraphQLClient, seeded: Graph
) -> None:
    await _import_contract(gql, _contract("rec-future-cloud", effective="2026-01-01", fee="52000.00"))
    reported = datetime.now(UTC) - timedelta(hours=3)
    assert (await _report(gql, "rec-future-cloud", "REC-FUT-1", reported))["userErrors"] == []
    before = await _fingerprint(seeded)

    ahead = await _report(gql, "rec-future-cloud", "REC-FUT-2", datetime.now(UTC) + timedelta(days=1))
    assert [(e["code"], e["path"]) for e in ahead["userErrors"]] == [("FUTURE_EVENT", ["input", "reportedAt"])]
    # 2031 is also after the contract expires (2028-12-31): both are said
    ahead = await _report(gql, "rec-future-cloud", "REC-FUT-2", datetime(2031, 1, 6, 9, tzinfo=UTC))
    assert sorted(e["code"] for e in ahead["userErrors"]) == ["FUTURE_EVENT", "OUTSIDE_TERM"]
    for at in ("9999-12-31T00:00:00Z", _iso(datetime.now(UTC) + timedelta(hours=1))):
        event = await _record(gql, "REC-FUT-1", at, "NOTE", note="from the future")
        assert [(e["code"], e["path"]) for e in event["userErrors"]] == [("FUTURE_EVENT", ["input", "at"])]
    document = {
        "format": "clausegraph/incidents@1",
        "contract": "rec-future-cloud",
        "incidents": [
            {
                "key": "REC-FUT-3",
                "service": "vm-uk-south",
                "title": "t",
                "severity": "A",
                "events": [
                    {"at": "2026-05-04T10:00:00Z", "kind": "REPORTED"},
                    {"at": "2030-01-01T00:00:00Z", "kind": "RESOLVED"},
                ],
            }
        ],
    }
    imported = (await gql.data(IMPORT_INCIDENTS, {"d": json.dumps(document)}))["importIncidents"]
    assert [(e["code"], e["path"]) for e in imported["userErrors"]] == [
        ("FUTURE_EVENT", ["incidents", "0", "events", "1", "at"])
    ]
    assert await _fingerprint(seeded) == before

    # nothing of the future was kept, so a real event is in order
    real = await _record(gql, "REC-FUT-1", datetime.now(UTC) - timedelta(minutes=1), "NOTE", note="now")
    assert real["userErrors"] == []


async def test_an_incident_outside_the_contract_term_is_refused_and_writes_nothing(
    gql: GraphQLClient, seeded: Graph
) -> None:
    await _import_contract(
        gql, _contract("rec-term-cloud", effective="2026-01-01", expires="2026-06-30", fee="52000.00")
    )
    before = await _fingerprint(seeded)
    for at in (datetime(2019, 5, 1, 9, tzinfo=UTC), datetime(2026, 7, 1, 0, 0, 1, tzinfo=UTC)):
        found = await _report(gql, "rec-term-cloud", "REC-TERM-1", at)
        assert [(e["code"], e["path"]) for e in found["userErrors"]] == [("OUTSIDE_TERM", ["input", "reportedAt"])]
        message = found["userErrors"][0]["message"]
        assert "version 1" in message and "2026-01-01" in message and "2026-06-30" in message
    document = {
        "format": "clausegraph/incidents@1",
        "contract": "rec-term-cloud",
        "incidents": [
            {
                "key": "REC-TERM-2",
                "service": "vm-uk-south",
                "title": "t",
                "severity": "A",
                "events": [{"at": "2025-12-31T23:59:59Z", "kind": "REPORTED"}],
            }
        ],
    }
    imported = (await gql.data(IMPORT_INCIDENTS, {"d": json.dumps(document)}))["importIncidents"]
    assert [(e["code"], e["path"]) for e in imported["userErrors"]] == [
        ("OUTSIDE_TERM", ["incidents", "0", "events", "0", "at"])
    ]
    assert await _fingerprint(seeded) == before
    # the last day of the term still counts, all of it
    assert (await _report(gql, "rec-term-cloud", "REC-TERM-3", datetime(2026, 6, 30, 23, 59, tzinfo=UTC)))[
        "userErrors"
    ] == []


async def _dispute(gql: GraphQLClient, contract: str, key: str, opened: datetime) -> None:
    body = await gql.data(
        OPEN,
        {
            "i": {
                "key": key,
                "title": "Late responses",
                "contractKey": contract,
                "claimant": "fenwick-mutual",
                "respondent": "azurite-harbor",
                "amountClaimed": "1040.00",
                "incidentKeys": [],
                "openedAt": _iso(opened),
            }
        },
    )
    assert body["openDispute"]["userErrors"] == [], body


async def test_dispute_transitions_out_of_time_are_refused_and_write_nothing(gql: GraphQLClient, seeded: Graph) -> None:
    await _import_contract(gql, _contract("rec-dispute-cloud", effective="2026-01-01", fee="52000.00"))
    now = datetime.now(UTC)
    opened = now - timedelta(days=10)
    await _dispute(gql, "rec-dispute-cloud", "REC-DSP-1", opened)
    before = await _fingerprint(seeded)

    def move(at: datetime, to: str = "MEDIATION", **extra: Any) -> dict[str, Any]:
        return {"i": {"disputeKey": "REC-DSP-1", "to": to, "at": _iso(at), **extra}}

    # dated after the 30-day negotiation period, which has 20 days to run: not a way round it
    skipped = (await gql.data(ADVANCE, move(opened + timedelta(days=31))))["advanceDispute"]
    assert [(e["code"], e["path"]) for e in skipped["userErrors"]] == [
        ("FUTURE_EVENT", ["input", "at"]),
        ("NEGOTIATION_PERIOD_RUNNING", ["input", "to"]),
    ]
    early = (await gql.data(ADVANCE, move(opened - timedelta(days=1), override=True, reason="urgent")))[
        "advanceDispute"
    ]
    assert [(e["code"], e["path"]) for e in early["userErrors"]] == [("OUT_OF_ORDER", ["input", "at"])]
    assert "opened" in early["userErrors"][0]["message"]
    assert await _fingerprint(seeded) == before

    moved = (await gql.data(ADVANCE, move(opened + timedelta(days=2), override=True, reason="urgent")))[
        "advanceDispute"
    ]
    assert moved["userErrors"] == []
    after_move = await _fingerprint(seeded)
    back = (await gql.data(ADVANCE, move(opened + timedelta(days=1), to="ARBITRATION")))["advanceDispute"]
    assert [(e["code"], e["path"]) for e in back["userErrors"]] == [("OUT_OF_ORDER", ["input", "at"])]
    assert "last one" in back["userErrors"][0]["message"]
    assert await _fingerprint(seeded) == after_move
    status = await gql.data('{ dispute(key: "REC-DSP-1") { status transitions { toStatus recordedAt } } }')
    assert status["dispute"]["status"] == "MEDIATION"
    assert [t["toStatus"] for t in status["dispute"]["transitions"]] == ["NEGOTIATION", "MEDIATION"]
    assert all(t["recordedAt"] for t in status["dispute"]["transitions"])


async def test_the_negotiation_period_is_measured_to_the_real_instant_of_the_transition(gql: GraphQLClient) -> None:
    await _import_contract(gql, _contract("rec-nego-cloud", effective="2026-01-01", fee="52000.00"))
    # the 30-day period ends two minutes from now; a date four minutes ahead is within the clock skew
    opened = datetime.now(UTC) - timedelta(days=30) + timedelta(minutes=2)
    await _dispute(gql, "rec-nego-cloud", "REC-DSP-2", opened)
    ahead = {"i": {"disputeKey": "REC-DSP-2", "to": "MEDIATION", "at": _iso(datetime.now(UTC) + timedelta(minutes=4))}}
    body = (await gql.data(ADVANCE, ahead))["advanceDispute"]
    assert _codes(body) == ["NEGOTIATION_PERIOD_RUNNING"]


CHAIN_AND_CREDITS = """query($k: String!, $month: String!, $knownAt: DateTime) {
  incident(key: $k) { contract { version }
    liabilityChain(asOf: "2026-12-01T00:00:00Z", knownAt: $knownAt) { breach { ref kind } remedy { credit } } }
  creditReport(contractKey: "rec-amend-cloud", month: $month, asOf: "2026-12-01T00:00:00Z", knownAt: $knownAt) {
    items { kind amount breach { ref } } } }"""


async def _chain_and_credits(
    gql: GraphQLClient, incident: str, month: str, known_at: str | None = None
) -> tuple[int, list[tuple[str, str | None]]]:
    """The incident's governing version and its chain's (kind, credit) pairs, checked against the credit report."""
    data = await gql.data(CHAIN_AND_CREDITS, {"k": incident, "month": month, "knownAt": known_at})
    links = data["incident"]["liabilityChain"]
    chain = {link["breach"]["ref"]: link["remedy"]["credit"] for link in links}
    credits = {i["breach"]["ref"]: i["amount"] for i in data["creditReport"]["items"] if i["breach"]}
    # the same breach is credited the same amount in both answers, and nothing is credited that the chain lacks
    assert credits == {ref: credit for ref, credit in chain.items() if credit is not None}
    kinds = sorted((link["breach"]["kind"], link["remedy"]["credit"]) for link in links)
    return data["incident"]["contract"]["version"], kinds


def _figures(fee_percent_1: str, fee_percent_2: str) -> list[tuple[str, str | None]]:
    """A SEV A acknowledged after 2 h and resolved after 3 h, with no post-incident review: the 30-minute and
    the after-a-breach escalations missed (1 % each), the response missed (2 %), the review owed (no credit)."""
    return [
        ("DOCUMENTATION", None),
        ("ESCALATION", fee_percent_1),
        ("ESCALATION", fee_percent_1),
        ("RESPONSE", fee_percent_2),
    ]


async def test_after_an_amendment_the_chain_and_the_credit_report_agree_on_every_breach(gql: GraphQLClient) -> None:
    await _import_contract(gql, _contract("rec-amend-cloud", effective="2026-01-01", fee="52000.00"))
    # one incident before the amendment takes effect (1 May), one after; each acknowledged two hours late
    incidents = (
        ("REC-AMD-MAR", datetime(2026, 3, 10, 10, tzinfo=UTC)),
        ("REC-AMD-JUN", datetime(2026, 6, 10, 10, tzinfo=UTC)),
    )
    for key, reported in incidents:
        assert (await _report(gql, "rec-amend-cloud", key, reported))["userErrors"] == []
        assert (await _record(gql, key, reported + timedelta(hours=2), "ACKNOWLEDGED", actor="ah-l1-1"))[
            "userErrors"
        ] == []
        assert (await _record(gql, key, reported + timedelta(hours=3), "RESOLVED", actor="ah-l1-1"))["userErrors"] == []

    # version 1 only: 1 % of 52,000.00 is 520.00, 2 % is 1,040.00
    under_v1 = _figures("520.00", "1040.00")
    assert await _chain_and_credits(gql, "REC-AMD-MAR", "2026-03") == (1, under_v1)
    assert await _chain_and_credits(gql, "REC-AMD-JUN", "2026-06") == (1, under_v1)
    before_amendment = _iso(datetime.now(UTC))
    await asyncio.sleep(0.05)

    await _import_contract(gql, _contract("rec-amend-cloud", version=2, effective="2026-05-01", fee="60000.00"))
    # March stays under version 1; June is now governed by version 2: 1 % of 60,000.00 is 600.00, 2 % 1,200.00
    assert await _chain_and_credits(gql, "REC-AMD-MAR", "2026-03") == (1, under_v1)
    assert await _chain_and_credits(gql, "REC-AMD-JUN", "2026-06") == (2, _figures("600.00", "1200.00"))
    # as the record stood before the amendment was imported, both still give version 1's figures
    _, kinds = await _chain_and_credits(gql, "REC-AMD-JUN", "2026-06", before_amendment)
    assert kinds == under_v1


UNRECORDED: LiteralString = """
UNWIND ['IncidentEvent', 'DisputeTransition', 'EvidenceItem'] AS label
CALL (label) {
  MATCH (n) WHERE label IN labels(n)
  RETURN count(n) AS stored, count(CASE WHEN n.recordedAt IS NULL OR n.recordedBy IS NULL THEN 1 END) AS missing
}
RETURN label, stored, missing ORDER BY label"""


async def test_every_stored_event_transition_and_evidence_item_says_when_and_by_whom(seeded: Graph) -> None:
    # the seed data (imported incidents, opened and advanced disputes, attached evidence) and whatever the tests
    # before this one stored
    async def work(tx: Tx) -> list[dict[str, Any]]:
        return await tx.rows("unrecorded", UNRECORDED)

    rows = await seeded.read(work, RoundTrips())
    assert [r["label"] for r in rows] == ["DisputeTransition", "EvidenceItem", "IncidentEvent"]
    assert all(r["stored"] > 0 for r in rows), rows
    assert [r["missing"] for r in rows] == [0, 0, 0], rows
