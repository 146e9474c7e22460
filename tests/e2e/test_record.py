"""The record over HTTP (issue 8): a sealed version stays what it was, whatever happens after; tampering is named."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from clausegraph.cli import app
from graph.database import Graph
from seed.synthetic import synthetic_contracts
from tests.e2e.conftest import GraphQLClient

runner = CliRunner()

EVENT = "mutation($i: RecordIncidentEventInput!) { recordIncidentEvent(input: $i) { userErrors { code message } } }"
ATTACH = """mutation($input: AttachEvidenceInput!) { attachEvidence(input: $input) {
  evidence { key } userErrors { code message } } }"""
SEAL = """mutation($key: String!) { sealEvidenceBundle(disputeKey: $key) {
  bundle { version sha256 itemCount signature publicKey knownAt exportUrls } userErrors { code message } } }"""
FINDINGS = "kind category path message"
VERIFY = """query($key: String!) { dispute(key: $key) { bundles { version
  verify { ok tampered { %s } changedSinceSeal { %s } } } } }""" % (FINDINGS, FINDINGS)
WITHDRAW = """mutation($key: String!, $reason: String!) { withdrawEvidence(key: $key, reason: $reason) {
  evidence { key withdrawn withdrawalReason custody { action purpose recordedBy recordedAt } }
  userErrors { code path } } }"""
HAND_OVER = """mutation($key: String!, $to: String!, $note: String) {
  recordCustody(key: $key, action: HANDED_OVER, to: $to, note: $note) {
    evidence { custody { action to purpose recordedBy } } userErrors { code path } } }"""
CUSTODY = """query($key: String!) { dispute(key: $key) {
  custodyLog { itemKey action purpose recordedBy recordedAt }
  evidence { key withdrawn custody { action } } } }"""


async def _world(gql: GraphQLClient, prefix: str) -> dict[str, str]:
    """A contract of this test's own, one incident whose response was late (severity A: 1 h; acknowledged at 1 h 30)."""
    imported = await gql.data(
        "mutation($d: String!) { importContract(document: $d) { contract { key parties { role party { key } } } "
        "userErrors { code } } }",
        {"d": next(synthetic_contracts(1, prefix))},
    )
    contract = imported["importContract"]["contract"]
    roles = {p["role"]: p["party"]["key"] for p in contract["parties"]}
    incident = f"{prefix}-INC"
    reported = await gql.data(
        "mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { userErrors { code } } }",
        {"i": {"key": incident, "contractKey": contract["key"], "service": "vm", "title": "VMs down",
               "severity": "A", "reportedAt": "2026-03-10T10:00:00Z"}},
    )  # fmt: skip
    assert reported["reportIncident"]["userErrors"] == []
    for at, kind in (("2026-03-10T11:30:00Z", "ACKNOWLEDGED"), ("2026-03-10T12:00:00Z", "RESOLVED")):
        recorded = await gql.data(EVENT, {"i": {"incidentKey": incident, "at": at, "kind": kind}})
        assert recorded["recordIncidentEvent"]["userErrors"] == []
    key = f"DSP-{prefix.upper()}"
    opened = await gql.data(
        "mutation($i: OpenDisputeInput!) { openDispute(input: $i) { userErrors { code } } }",
        {"i": {"key": key, "title": "Late response of 10 March", "contractKey": contract["key"],
               "claimant": roles["CUSTOMER"], "respondent": roles["PROVIDER"], "amountClaimed": "900.00",
               "incidentKeys": [incident]}},
    )  # fmt: skip
    assert opened["openDispute"]["userErrors"] == []
    return {"contract": contract["key"], "incident": incident, "dispute": key}


async def _attach(gql: GraphQLClient, **item: Any) -> str:
    body = (await gql.data(ATTACH, {"input": item}))["attachEvidence"]
    assert body["userErrors"] == [], body
    return str(body["evidence"]["key"])


async def _downloads(gql: GraphQLClient, urls: list[str]) -> list[bytes]:
    out = []
    for url in urls:
        response = await gql.http.get(url)
        assert response.status_code == 200, (url, response.text)
        out.append(response.content)
    return out


async def test_a_sealed_version_stays_byte_identical_while_the_record_moves_on(
    gql: GraphQLClient, seeded: Graph, tmp_path: Path
) -> None:
    w = await _world(gql, "frozen")
    key, incident = w["dispute"], w["incident"]
    letter = await _attach(gql, disputeKey=key, kind="DOCUMENT", text="Letter: the response came 30 minutes late.")
    record = await _attach(gql, disputeKey=key, kind="INCIDENT_RECORD", incidentKey=incident)
    breach = await _attach(gql, disputeKey=key, kind="BREACH", breachRef=f"{incident}:RESPONSE")
    cite = "mutation($i: CitePrecedentInput!) { citePrecedent(input: $i) { userErrors { code } } }"
    note = {"disputeKey": key, "precedentKey": "cavendish-v-makdessi", "note": "credits are not a penalty"}
    assert (await gql.data(cite, {"i": note}))["citePrecedent"]["userErrors"] == []
    sealed = (await gql.data(SEAL, {"key": key}))["sealEvidenceBundle"]
    assert sealed["userErrors"] == []
    first = sealed["bundle"]
    assert first["version"] == 1 and first["itemCount"] == 3 and first["signature"]
    before = await _downloads(gql, first["exportUrls"])
    assert before[2].startswith(b"%PDF")

    # the record moves on: a reopening, a reclassification, a withdrawal, a new status, a new note
    for at, kind, extra in (
        ("2026-03-10T12:30:00Z", "REOPENED", {}),
        ("2026-03-10T12:35:00Z", "RECLASSIFIED", {"severity": "D"}),
    ):
        body = await gql.data(EVENT, {"i": {"incidentKey": incident, "at": at, "kind": kind, **extra}})
        assert body["recordIncidentEvent"]["userErrors"] == [], body
    withdrawn = (await gql.data(WITHDRAW, {"key": letter, "reason": "sent to the wrong address"}))["withdrawEvidence"]
    assert withdrawn["userErrors"] == []
    assert withdrawn["evidence"]["withdrawn"] is True
    assert withdrawn["evidence"]["withdrawalReason"] == "sent to the wrong address"
    assert withdrawn["evidence"]["custody"][-1]["action"] == "WITHDRAWN"
    assert withdrawn["evidence"]["custody"][-1]["recordedBy"] and withdrawn["evidence"]["custody"][-1]["recordedAt"]
    again = (await gql.data(WITHDRAW, {"key": letter, "reason": "twice"}))["withdrawEvidence"]
    assert [e["code"] for e in again["userErrors"]] == ["ALREADY_WITHDRAWN"]
    advance = "mutation($i: AdvanceDisputeInput!) { advanceDispute(input: $i) { userErrors { code } } }"
    moved = {"disputeKey": key, "to": "MEDIATION", "override": True, "reason": "the provider refuses to talk"}
    assert (await gql.data(advance, {"i": moved}))["advanceDispute"]["userErrors"] == []
    renote = {**note, "note": "and the cap on credits is enforceable"}
    cited = await gql.data(
        "mutation($i: CitePrecedentInput!) { citePrecedent(input: $i) { dispute { citations { note "
        "history { note recordedBy } } } userErrors { code } } }",
        {"i": renote},
    )
    citation = cited["citePrecedent"]["dispute"]["citations"][0]
    assert citation["note"] == "and the cap on credits is enforceable"
    assert [h["note"] for h in citation["history"]] == [
        "credits are not a penalty",
        "and the cap on credits is enforceable",
    ]

    # every export of version 1 is what it was at sealing, byte for byte
    assert await _downloads(gql, first["exportUrls"]) == before
    html = before[1].decode("utf-8")
    assert "Negotiation" in html and "Mediation" not in html  # the status as known at the seal
    assert "Reclassified" not in html and "and the cap on credits" not in html
    assert "late entry" in html  # recorded in December for March
    assert first["publicKey"].strip().splitlines()[1] in html

    # verification: nothing tampered, and each change since the seal named as information
    v1 = (await gql.data(VERIFY, {"key": key}))["dispute"]["bundles"][0]["verify"]
    assert v1["ok"] is True and v1["tampered"] == []
    changes = {(m["kind"], m["category"]) for m in v1["changedSinceSeal"]}
    expected = ("INCIDENT_EVENTS_ADDED", "ITEM_WITHDRAWN", "DISPUTE_CHANGED", "BREACH_CHANGED",
                "ITEM_REDERIVED_DIFFERENTLY", "PRECEDENTS_CHANGED")  # fmt: skip
    assert {(kind, "CHANGED_SINCE_SEAL") for kind in expected} <= changes
    later = next(m for m in v1["changedSinceSeal"] if m["kind"] == "INCIDENT_EVENTS_ADDED")
    assert "REOPENED" in later["message"] and "RECLASSIFIED" in later["message"]

    # a second seal reflects the current record: the withdrawn letter is absent, the others stay
    second = (await gql.data(SEAL, {"key": key}))["sealEvidenceBundle"]
    assert second["userErrors"] == [] and second["bundle"]["version"] == 2
    v2 = json.loads((await _downloads(gql, [second["bundle"]["exportUrls"][0]]))[0])
    assert [i["item_key"] for i in v2["manifest"]["items"]] == [record, breach]
    assert v2["manifest"]["dispute"]["status"] == "MEDIATION"
    assert v2["manifest"]["seal"]["known_at"] == v2["manifest"]["seal"]["sealed_at"]
    assert not any(m["kind"] == "RESPONSE" for m in v2["record"]["breaches"])  # severity D: 8 business hours
    # the first version still holds the letter
    v1_json = json.loads(before[0])
    assert letter in v1_json["contents"] and v1_json["manifest"]["items"][0]["item_key"] == letter

    # offline: the untouched file verifies with the key from the well-known URL
    anonymous = gql.http.build_request("GET", "/.well-known/clausegraph-signing-key")
    del anonymous.headers["authorization"]  # no credentials are needed for the public key
    well_known = await gql.http.send(anonymous)
    assert well_known.status_code == 200 and well_known.text == first["publicKey"]
    key_file, bundle_file = tmp_path / "key.pem", tmp_path / "bundle.json"
    key_file.write_text(well_known.text, encoding="utf-8")
    bundle_file.write_bytes(before[0])
    ok = runner.invoke(app, ["verify-bundle", str(bundle_file), "--public-key", str(key_file)])
    assert ok.exit_code == 0, ok.output
    assert "intact" in ok.output and "not who sealed it" not in ok.output
    own = runner.invoke(app, ["verify-bundle", str(bundle_file)])
    assert own.exit_code == 0 and "proves the bundle is intact, not who sealed it" in own.output.replace("\n", " ")

    # the same file edited by hand: one line per finding, naming the item and the event
    edited = json.loads(before[0])
    edited["contents"][record]["content"] = edited["contents"][record]["content"].replace("ACKNOWLEDGED", "NOTE")
    acknowledged = next(e for e in edited["record"]["chronology"] if e["kind"] == "ACKNOWLEDGED")
    acknowledged["at"] = "2026-03-10T10:45:00Z"
    bundle_file.write_text(json.dumps(edited), encoding="utf-8")
    bad = runner.invoke(app, ["verify-bundle", str(bundle_file), "--public-key", str(key_file)])
    assert bad.exit_code == 1
    lines = bad.output.strip().splitlines()
    assert any("SEALED_CONTENT_ALTERED" in line and record in line for line in lines), lines
    assert any("EVENT_ALTERED" in line and f"{incident}/2" in line for line in lines), lines


async def test_editing_the_sealed_record_in_the_database_is_reported_as_tampering(
    gql: GraphQLClient, seeded: Graph
) -> None:
    w = await _world(gql, "edited")
    key, incident = w["dispute"], w["incident"]
    letter = await _attach(gql, disputeKey=key, kind="DOCUMENT", text="Letter before claim, edited-world.")
    await _attach(gql, disputeKey=key, kind="INCIDENT_RECORD", incidentKey=incident)
    sealed = (await gql.data(SEAL, {"key": key}))["sealEvidenceBundle"]
    assert sealed["userErrors"] == []
    uid = f"{key}#1"

    await seeded.run_script(
        "MATCH (:EvidenceBundle {uid: $uid})-[h:HOLDS {itemKey: $item}]->(c:SealedContent) "
        "SET c.content = c.content + ' (amended)'",
        {"uid": uid, "item": letter},
    )
    found = (await gql.data(VERIFY, {"key": key}))["dispute"]["bundles"][0]["verify"]
    assert found["ok"] is False
    assert [(m["kind"], m["path"]) for m in found["tampered"]] == [
        ("SEALED_CONTENT_ALTERED", ["items", letter, "content"])
    ]

    # an event of the frozen chronology, edited in the stored record
    await seeded.run_script(
        "MATCH (b:EvidenceBundle {uid: $uid}) SET b.record = replace(b.record, $was, $now)",
        {"uid": uid, "was": '"kind":"RESOLVED"', "now": '"kind":"NOTE"'},
    )
    found = (await gql.data(VERIFY, {"key": key}))["dispute"]["bundles"][0]["verify"]
    tampered = {(m["kind"], tuple(m["path"])) for m in found["tampered"]}
    assert ("EVENT_ALTERED", ("chronology", incident, "3")) in tampered
    assert ("RECORD_ALTERED", ("record", "chronology")) in tampered
    # the exports still render (from the stored record), and say nothing false about it being intact
    response = await gql.http.get(f"/bundles/{key}/1.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")

    # a live event edited in the database breaks the incident's chain: tampering too
    await seeded.run_script(
        "MATCH (e:IncidentEvent {incidentKey: $incident, seq: 2}) SET e.at = e.at + duration('PT1M')",
        {"incident": incident},
    )
    found = (await gql.data(VERIFY, {"key": key}))["dispute"]["bundles"][0]["verify"]
    assert "INCIDENT_CHAIN_CHANGED" in [m["kind"] for m in found["tampered"]]


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, neo4j_uri: str, neo4j_password: str, seeded: Graph) -> None:
    monkeypatch.setenv("NEO4J_URI", neo4j_uri)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_password)
    monkeypatch.setenv("COLUMNS", "200")


def test_the_command_line_verifies_a_sealed_bundle_against_the_database(cli_env: None) -> None:
    intact = runner.invoke(app, ["verify", "DSP-2026-FENWICK-01", "--version", "1"])
    assert intact.exit_code == 0, intact.output
    assert "bundle version 1: intact" in intact.output and "TAMPERED" not in intact.output
    missing = runner.invoke(app, ["verify", "NO-SUCH-DISPUTE"])
    assert missing.exit_code == 1 and "Traceback" not in missing.output
    assert "'NO-SUCH-DISPUTE' is not stored or has no sealed bundle" in missing.output
    no_version = runner.invoke(app, ["verify", "DSP-2026-FENWICK-01", "--version", "99"])
    assert no_version.exit_code == 1 and "has no sealed bundle version 99" in no_version.output


async def test_downloads_and_exports_are_custody_events(gql: GraphQLClient, seeded: Graph) -> None:
    w = await _world(gql, "custody")
    key = w["dispute"]
    letter = await _attach(gql, disputeKey=key, kind="DOCUMENT", text="Letter of the custody world.")
    sealed = (await gql.data(SEAL, {"key": key}))["sealEvidenceBundle"]
    assert sealed["userErrors"] == []
    dispute, item = letter.split("/")
    assert (await gql.http.get(f"/evidence/{dispute}/{item}")).status_code == 200
    assert (await gql.http.get(f"/bundles/{key}/1.html")).status_code == 200
    handed = await gql.data(HAND_OVER, {"key": letter, "to": "LCIA registry", "note": "courier, sealed envelope"})
    assert handed["recordCustody"]["userErrors"] == []
    log = (await gql.data(CUSTODY, {"key": key}))["dispute"]
    actions = [(e["itemKey"], e["action"]) for e in log["custodyLog"]]
    assert actions == [
        (letter, "ADDED"), (letter, "SEALED"), (letter, "VIEWED"), (letter, "EXPORTED"), (letter, "HANDED_OVER")
    ]  # fmt: skip
    exported = log["custodyLog"][3]
    assert exported["purpose"] == "bundle version 1 exported as html"
    assert exported["recordedBy"].startswith("bootstrap") or exported["recordedBy"]
    handed_entry = handed["recordCustody"]["evidence"]["custody"][-1]
    assert handed_entry["to"] == "LCIA registry" and handed_entry["purpose"] == "courier, sealed envelope"
    # bad input: a clear user error, nothing written
    blank = await gql.data(HAND_OVER, {"key": letter, "to": "  "})
    assert [(e["code"], e["path"]) for e in blank["recordCustody"]["userErrors"]] == [("REQUIRED", ["to"])]
    missing = await gql.data(HAND_OVER, {"key": f"{key}/E0099", "to": "someone"})
    assert [e["code"] for e in missing["recordCustody"]["userErrors"]] == ["NOT_FOUND"]
    no_reason = await gql.data(WITHDRAW, {"key": letter, "reason": ""})
    assert [(e["code"], e["path"]) for e in no_reason["withdrawEvidence"]["userErrors"]] == [("REQUIRED", ["reason"])]
    after = (await gql.data(CUSTODY, {"key": key}))["dispute"]
    assert len(after["custodyLog"]) == 5 and after["evidence"][0]["withdrawn"] is False
