"""Disputes over GraphQL: steps in order, evidence, citations, sealing, and verification after tampering."""

from __future__ import annotations

import base64
import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from graph.database import Graph
from seed.synthetic import synthetic_contracts
from tests.e2e.conftest import GraphQLClient

_numbers = itertools.count(1)
CONTRACT = "azurite-harbor-cloud"

OPEN = """mutation($input: OpenDisputeInput!) { openDispute(input: $input) {
  dispute { key status forum claimant { key } respondent { key } transitions { seq toStatus reason } }
  userErrors { code message path } } }"""
ADVANCE = """mutation($input: AdvanceDisputeInput!) { advanceDispute(input: $input) {
  dispute { status transitions { seq fromStatus toStatus reason override } } userErrors { code message path } } }"""
ATTACH = """mutation($input: AttachEvidenceInput!) { attachEvidence(input: $input) {
  evidence { key kind sha256 size custody { action } } userErrors { code message path } } }"""
CITE = """mutation($input: CitePrecedentInput!) { citePrecedent(input: $input) {
  dispute { citations { precedent { key } note } } userErrors { code message path } } }"""
SEAL = """mutation($key: String!) { sealEvidenceBundle(disputeKey: $key) {
  bundle { version sha256 itemCount } userErrors { code message path } } }"""
VERIFY = """query($key: String!) { dispute(key: $key) { bundles { version sha256
  verify { ok mismatches { kind path message } } } } }"""


async def _parties(gql: GraphQLClient) -> tuple[str, str]:
    data = await gql.data('{ contract(key: "azurite-harbor-cloud") { parties { role party { key } } } }')
    roles = {p["role"]: p["party"]["key"] for p in data["contract"]["parties"]}
    return roles["CUSTOMER"], roles["PROVIDER"]


async def _open(gql: GraphQLClient, **extra: Any) -> str:
    customer, provider = await _parties(gql)
    key = f"DSP-{next(_numbers):03d}"
    body = await gql.data(
        OPEN,
        {
            "input": {
                "key": key,
                "title": "Unresolved outages in March",
                "contractKey": CONTRACT,
                "claimant": customer,
                "respondent": provider,
                "amountClaimed": "52000.00",
                "incidentKeys": ["AHC-2026-003"],
                **extra,
            }
        },
    )
    assert body["openDispute"]["userErrors"] == [], body
    return key


async def test_a_dispute_opens_in_the_first_step_and_moves_through_the_steps_in_order(gql: GraphQLClient) -> None:
    key = await _open(gql, openedAt="2026-04-01T09:00:00Z")
    early = await gql.data(ADVANCE, {"input": {"disputeKey": key, "to": "MEDIATION", "at": "2026-04-10T09:00:00Z"}})
    assert [e["code"] for e in early["advanceDispute"]["userErrors"]] == ["NEGOTIATION_PERIOD_RUNNING"]
    skip = await gql.data(ADVANCE, {"input": {"disputeKey": key, "to": "ARBITRATION", "at": "2026-06-01T09:00:00Z"}})
    assert [e["code"] for e in skip["advanceDispute"]["userErrors"]] == ["OUT_OF_ORDER"]
    no_reason = await gql.data(
        ADVANCE, {"input": {"disputeKey": key, "to": "MEDIATION", "at": "2026-04-10T09:00:00Z", "override": True}}
    )
    assert "OVERRIDE_NEEDS_REASON" in [e["code"] for e in no_reason["advanceDispute"]["userErrors"]]
    moved = await gql.data(
        ADVANCE,
        {
            "input": {
                "disputeKey": key,
                "to": "MEDIATION",
                "at": "2026-04-10T09:00:00Z",
                "override": True,
                "reason": "both parties asked for early mediation",
            }
        },
    )
    dispute = moved["advanceDispute"]["dispute"]
    assert moved["advanceDispute"]["userErrors"] == [] and dispute["status"] == "MEDIATION"
    last = dispute["transitions"][-1]
    assert last == {
        "seq": 2,
        "fromStatus": "NEGOTIATION",
        "toStatus": "MEDIATION",
        "reason": "both parties asked for early mediation",
        "override": True,
    }
    back = await gql.data(ADVANCE, {"input": {"disputeKey": key, "to": "NEGOTIATION"}})
    assert [e["code"] for e in back["advanceDispute"]["userErrors"]] == ["OUT_OF_ORDER"]
    settled = await gql.data(ADVANCE, {"input": {"disputeKey": key, "to": "SETTLED", "reason": "credit paid"}})
    assert settled["advanceDispute"]["dispute"]["status"] == "SETTLED"
    closed = await gql.data(ADVANCE, {"input": {"disputeKey": key, "to": "WITHDRAWN"}})
    assert [e["code"] for e in closed["advanceDispute"]["userErrors"]] == ["ALREADY_CLOSED"]


async def test_evidence_for_another_contracts_incident_and_unknown_precedents_are_refused(gql: GraphQLClient) -> None:
    key = await _open(gql)
    wrong = await gql.data(
        ATTACH, {"input": {"disputeKey": key, "kind": "INCIDENT_RECORD", "incidentKey": "CLS-2026-002"}}
    )
    assert [e["code"] for e in wrong["attachEvidence"]["userErrors"]] == ["WRONG_CONTRACT"]
    unknown = await gql.data(CITE, {"input": {"disputeKey": key, "precedentKey": "no-such-case", "note": "x"}})
    assert [e["code"] for e in unknown["citePrecedent"]["userErrors"]] == ["UNKNOWN_REFERENCE"]
    data = await gql.data("query($k: String!) { dispute(key: $k) { evidence { key } citations { note } } }", {"k": key})
    assert data["dispute"] == {"evidence": [], "citations": []}


async def _own_contract(gql: GraphQLClient, seeded: Graph, prefix: str) -> tuple[str, str, str, str]:
    """A contract and incident of this test's own, so tampering with them touches no shared data."""
    text = next(synthetic_contracts(1, prefix))
    imported = await gql.data(
        "mutation($d: String!) { importContract(document: $d) { contract { key severities { code } "
        "parties { role party { key } } } userErrors { code } } }",
        {"d": text},
    )
    contract = imported["importContract"]["contract"]
    roles = {p["role"]: p["party"]["key"] for p in contract["parties"]}
    incident = f"{prefix}-INC"
    reported = await gql.data(
        "mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { userErrors { code } } }",
        {
            "i": {
                "key": incident,
                "contractKey": contract["key"],
                "service": "vm",
                "title": "VMs down",
                "severity": contract["severities"][0]["code"],
                "reportedAt": "2026-03-10T10:00:00Z",
            }
        },
    )
    assert reported["reportIncident"]["userErrors"] == []
    for at, kind in (("2026-03-10T10:20:00Z", "ACKNOWLEDGED"), ("2026-03-10T18:00:00Z", "RESOLVED")):
        recorded = await gql.data(
            "mutation($i: RecordIncidentEventInput!) { recordIncidentEvent(input: $i) { userErrors { code } } }",
            {"i": {"incidentKey": incident, "at": at, "kind": kind}},
        )
        assert recorded["recordIncidentEvent"]["userErrors"] == []
    return contract["key"], incident, roles["CUSTOMER"], roles["PROVIDER"]


async def test_sealing_freezes_the_evidence_and_verification_names_each_tampering(
    gql: GraphQLClient, seeded: Graph
) -> None:
    contract, incident, customer, provider = await _own_contract(gql, seeded, "tamper")
    key = "DSP-TAMPER"
    opened = await gql.data(
        OPEN,
        {
            "input": {
                "key": key,
                "title": "Outage of 10 March",
                "contractKey": contract,
                "claimant": customer,
                "respondent": provider,
                "amountClaimed": "10000.00",
                "incidentKeys": [incident],
            }
        },
    )
    assert opened["openDispute"]["userErrors"] == []
    text = "Letter of 2 April 2026: we hold you responsible for the outage of 12 March."
    doc = await gql.data(
        ATTACH, {"input": {"disputeKey": key, "kind": "DOCUMENT", "text": text, "label": "Letter before claim"}}
    )
    item = doc["attachEvidence"]["evidence"]
    assert doc["attachEvidence"]["userErrors"] == []
    import hashlib

    assert item["sha256"] == hashlib.sha256(text.encode()).hexdigest()
    assert item["custody"] == [{"action": "ADDED"}]
    record = await gql.data(ATTACH, {"input": {"disputeKey": key, "kind": "INCIDENT_RECORD", "incidentKey": incident}})
    assert record["attachEvidence"]["userErrors"] == []
    pdf = await gql.data(
        ATTACH,
        {
            "input": {
                "disputeKey": key,
                "kind": "COMMUNICATION",
                "fileName": "mail.eml",
                "fileBase64": base64.b64encode(b"From: ops\n\nSorry.").decode(),
            }
        },
    )
    assert pdf["attachEvidence"]["userErrors"] == []
    cited = await gql.data(
        CITE,
        {
            "input": {
                "disputeKey": key,
                "precedentKey": "cavendish-v-makdessi",
                "note": "service credits are not a penalty",
            }
        },
    )
    assert cited["citePrecedent"]["userErrors"] == []

    sealed = await gql.data(SEAL, {"key": key})
    assert sealed["sealEvidenceBundle"]["userErrors"] == []
    bundle = sealed["sealEvidenceBundle"]["bundle"]
    assert bundle["version"] == 1 and bundle["itemCount"] == 3 and len(bundle["sha256"]) == 64
    twice = await gql.data(SEAL, {"key": key})
    assert [e["code"] for e in twice["sealEvidenceBundle"]["userErrors"]] == ["NOTHING_NEW"]

    clean = (await gql.data(VERIFY, {"key": key}))["dispute"]["bundles"][0]["verify"]
    assert clean == {"ok": True, "mismatches": []}

    await seeded.run_script(
        "MATCH (e:EvidenceItem {disputeKey: $key, kind: 'DOCUMENT'}) SET e.content = e.content + ' (amended)'",
        {"key": key},
    )
    after_doc = (await gql.data(VERIFY, {"key": key}))["dispute"]["bundles"][0]["verify"]
    assert [m["kind"] for m in after_doc["mismatches"]] == ["ITEM_CONTENT_CHANGED"]
    assert "Letter before claim" in after_doc["mismatches"][0]["message"]

    await seeded.run_script(
        "MATCH (e:IncidentEvent {incidentKey: $incident, seq: 2}) SET e.at = e.at + duration('PT1M')",
        {"incident": incident},
    )
    after_event = (await gql.data(VERIFY, {"key": key}))["dispute"]["bundles"][0]["verify"]
    kinds = [m["kind"] for m in after_event["mismatches"]]
    assert "INCIDENT_CHAIN_CHANGED" in kinds
    chain = next(m for m in after_event["mismatches"] if m["kind"] == "INCIDENT_CHAIN_CHANGED")
    assert incident in chain["message"] and "2" in chain["message"]

    await seeded.run_script(
        "MATCH (v:ContractVersion {key: $contract}) SET v.document = replace(v.document, '52000.00', '5200.00')",
        {"contract": contract},
    )
    after_contract = (await gql.data(VERIFY, {"key": key}))["dispute"]["bundles"][0]["verify"]
    assert "CONTRACT_CHANGED" in [m["kind"] for m in after_contract["mismatches"]]


async def test_one_query_gives_a_seed_disputes_full_liability_chain_and_its_sealed_bundle_verifies(
    gql: GraphQLClient,
) -> None:
    data = await gql.data(
        """{ dispute(key: "DSP-2026-FENWICK-01") {
             status claimant { name } respondent { name }
             liabilityChain(asOf: "2026-06-01T00:00:00Z") {
               breach { kind dueAt overBySeconds incident { key } }
               clause { number heading text }
               obligor { name }
               responsible { level role { name } party { name } person { name } }
               remedy { credit creditsClause { number } creditCap soleRemedy liabilityCap excludesConsequential }
               precedents(first: 3) { key caseName }
             }
             evidence { kind sha256 custody { action } }
             latestBundle { version itemCount verify { ok mismatches { kind message } } }
           } }"""
    )
    dispute = data["dispute"]
    assert dispute["claimant"]["name"] == "Fenwick Mutual Assurance plc"
    links = dispute["liabilityChain"]
    # AHC-2026-002: RESPONSE + 3 ESCALATION; AHC-2026-003: RESPONSE + 3 ESCALATION (seed/data/README.md)
    assert sorted((link["breach"]["incident"]["key"], link["breach"]["kind"]) for link in links) == sorted(
        [("AHC-2026-002", "RESPONSE")]
        + [("AHC-2026-002", "ESCALATION")] * 3
        + [("AHC-2026-003", "RESPONSE")]
        + [("AHC-2026-003", "ESCALATION")] * 3
    )
    for link in links:
        assert link["clause"]["text"] and link["obligor"]["name"] == "Azurite Harbor Cloud Ltd"
        assert link["responsible"]["party"]["name"] and link["responsible"]["role"]["name"]
        assert link["remedy"]["soleRemedy"] is True and link["remedy"]["creditsClause"]
        assert link["precedents"], link
    assert len(dispute["evidence"]) == 10  # as listed in seed/data/disputes.yaml
    # added, sealed, and afterwards only views, exports and hand-overs (other tests download the bundle)
    for e in dispute["evidence"]:
        actions = [c["action"] for c in e["custody"]]
        assert actions[0] == "ADDED" and "SEALED" in actions, actions
        assert set(actions[actions.index("SEALED") + 1 :]) <= {"SEALED", "VIEWED", "EXPORTED", "HANDED_OVER"}
    bundle = dispute["latestBundle"]
    assert bundle["version"] == 1 and bundle["itemCount"] == 10
    assert bundle["verify"] == {"ok": True, "mismatches": []}


async def test_search_finds_evidence_and_node_resolves_it(gql: GraphQLClient) -> None:
    data = await gql.data('{ search(text: "policy administration platform", first: 5) { kind id title } }')
    hits = [h for h in data["search"] if h["kind"] == "EVIDENCE"]
    assert hits and hits[0]["title"] == "Letter before claim, 20 April 2026"
    node = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on EvidenceItem { kind label sha256 } } }", {"id": hits[0]["id"]}
    )
    assert node["node"]["kind"] == "DOCUMENT" and len(node["node"]["sha256"]) == 64


async def test_a_sealed_bundle_exports_as_json_html_and_pdf_over_http(gql: GraphQLClient) -> None:
    http = gql.http
    data = await gql.data('{ dispute(key: "DSP-2026-FENWICK-01") { latestBundle { sha256 exportUrls } } }')
    bundle = data["dispute"]["latestBundle"]
    as_json = await http.get(bundle["exportUrls"][0])
    assert as_json.status_code == 200
    body = as_json.json()
    assert body["sha256"] == bundle["sha256"]
    import hashlib
    import json

    canonical = json.dumps(body["manifest"], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert hashlib.sha256(canonical.encode()).hexdigest() == bundle["sha256"]
    html = await http.get(bundle["exportUrls"][1])
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    for expected in (bundle["sha256"], "Fenwick Mutual Assurance plc", "Cavendish", "AHC-2026-002"):
        assert expected in html.text
    pdf = await http.get(bundle["exportUrls"][2])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    missing = await http.get("/bundles/DSP-2026-LARKSPUR-01/latest.pdf")
    assert missing.status_code == 404 and "no sealed bundle" in missing.json()["error"]


async def test_events_recorded_after_the_seal_do_not_break_its_verification(gql: GraphQLClient, seeded: Graph) -> None:
    contract, incident, customer, provider = await _own_contract(gql, seeded, "later")
    key = "DSP-LATER"
    opened = await gql.data(
        OPEN,
        {
            "input": {
                "key": key,
                "title": "Later events",
                "contractKey": contract,
                "claimant": customer,
                "respondent": provider,
                "amountClaimed": "100.00",
                "incidentKeys": [incident],
            }
        },
    )
    assert opened["openDispute"]["userErrors"] == []
    attached = await gql.data(
        ATTACH, {"input": {"disputeKey": key, "kind": "INCIDENT_RECORD", "incidentKey": incident}}
    )
    assert attached["attachEvidence"]["userErrors"] == []
    assert (await gql.data(SEAL, {"key": key}))["sealEvidenceBundle"]["userErrors"] == []
    later = await gql.data(
        "mutation($i: RecordIncidentEventInput!) { recordIncidentEvent(input: $i) { userErrors { code } } }",
        {"i": {"incidentKey": incident, "at": "2026-03-11T09:00:00Z", "kind": "REPORT_FILED"}},
    )
    assert later["recordIncidentEvent"]["userErrors"] == []
    check = (await gql.data(VERIFY, {"key": key}))["dispute"]["bundles"][0]["verify"]
    assert check == {"ok": True, "mismatches": []}
    resealed = await gql.data(SEAL, {"key": key})
    assert resealed["sealEvidenceBundle"]["userErrors"] == []  # the incident's chain grew: new evidence
    assert resealed["sealEvidenceBundle"]["bundle"]["version"] == 2


async def test_evidence_about_other_incidents_and_repeated_content_are_refused(gql: GraphQLClient) -> None:
    key = "DSP-E2E-CORRECTIONS"
    opening = {
        "key": key, "title": "Corrections", "contractKey": "common-ledger-saas", "claimant": "larkspur-ccu",
        "respondent": "common-ledger", "amountClaimed": "100.00", "incidentKeys": ["CLS-2026-002"],
    }  # fmt: skip
    assert (await gql.data(OPEN, {"input": opening}))["openDispute"]["userErrors"] == []
    other = {"disputeKey": key, "kind": "INCIDENT_RECORD", "incidentKey": "CLS-2026-001"}
    refused = (await gql.data(ATTACH, {"input": other}))["attachEvidence"]
    assert [(e["code"], e["path"]) for e in refused["userErrors"]] == [("WRONG_INCIDENT", ["input", "incidentKey"])]
    breach = {"disputeKey": key, "kind": "BREACH", "breachRef": "CLS-2026-006:RESPONSE"}
    refused = (await gql.data(ATTACH, {"input": breach}))["attachEvidence"]
    assert [e["code"] for e in refused["userErrors"]] == ["WRONG_INCIDENT"]
    letter = {"disputeKey": key, "kind": "DOCUMENT", "text": "We dispute the credits of February."}
    first = (await gql.data(ATTACH, {"input": letter}))["attachEvidence"]
    assert first["userErrors"] == []
    again = (await gql.data(ATTACH, {"input": {**letter, "label": "the same letter, again"}}))["attachEvidence"]
    assert [e["code"] for e in again["userErrors"]] == ["DUPLICATE_EVIDENCE"]
    assert first["evidence"]["key"] in again["userErrors"][0]["message"]
    stored = await gql.data('{ dispute(key: "%s") { evidence { key } } }' % key)
    assert [e["key"] for e in stored["dispute"]["evidence"]] == [first["evidence"]["key"]]

    # the incident joins the dispute explicitly; then evidence about it is accepted
    add = "mutation($i: AddDisputeIncidentInput!) { addDisputeIncident(input: $i) { " \
        "dispute { incidents { key } } userErrors { code } } }"  # fmt: skip
    joined = (await gql.data(add, {"i": {"disputeKey": key, "incidentKey": "CLS-2026-001"}}))["addDisputeIncident"]
    assert joined["userErrors"] == []
    assert [i["key"] for i in joined["dispute"]["incidents"]] == ["CLS-2026-001", "CLS-2026-002"]
    again = (await gql.data(add, {"i": {"disputeKey": key, "incidentKey": "CLS-2026-001"}}))["addDisputeIncident"]
    assert [e["code"] for e in again["userErrors"]] == ["ALREADY_CONCERNED"]
    across = (await gql.data(add, {"i": {"disputeKey": key, "incidentKey": "AHC-2026-002"}}))["addDisputeIncident"]
    assert [e["code"] for e in across["userErrors"]] == ["WRONG_CONTRACT"]
    assert (await gql.data(ATTACH, {"input": other}))["attachEvidence"]["userErrors"] == []


async def test_a_dispute_opened_in_the_future_is_refused_and_not_stored(gql: GraphQLClient) -> None:
    customer, provider = await _parties(gql)
    opened_at = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    body = await gql.data(
        OPEN,
        {
            "input": {
                "key": "DSP-FUTURE-1",
                "title": "Opened the day after tomorrow",
                "contractKey": CONTRACT,
                "claimant": customer,
                "respondent": provider,
                "amountClaimed": "100.00",
                "incidentKeys": ["AHC-2026-003"],
                "openedAt": opened_at,
            }
        },
    )
    assert [(e["code"], e["path"]) for e in body["openDispute"]["userErrors"]] == [
        ("FUTURE_EVENT", ["input", "openedAt"])
    ]
    assert (await gql.data('{ dispute(key: "DSP-FUTURE-1") { key } }'))["dispute"] is None
