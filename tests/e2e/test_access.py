"""Access control, tried by every path with every role: nothing of another party is returned, counted or changed.

The tables below name every root query field, every mutation, every subscription and every Node type;
`test_the_tables_cover_the_whole_schema` fails when the schema grows a root field or node type that the
tables do not probe, so nothing added later skips these checks.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.e2e.access_world import (
    ALPHA,
    ALPHA_DISPUTE,
    ALPHA_INCIDENT,
    ALPHA_OPEN,
    ALPHA_WORD,
    GLOBEX,
    GLOBEX_DISPUTE,
    GLOBEX_INCIDENT,
    GLOBEX_OPEN,
    GLOBEX_WORD,
    Client,
    World,
    build_world,
    global_id,
    leaks,
)

pytestmark = pytest.mark.e2e

# Principals of the ALPHA side; none may see anything of GLOBEX. The arbitrator may see only its dispute.
ALPHA_SIDE = ("alpha-legal", "alpha-support", "alpha-viewer", "alpha-arbitrator")
FORBIDDEN = ("globex",)
# What the arbitrator must not see of its own contract: the incident its dispute does not concern.
ARBITRATOR_FORBIDDEN = ("globex", ALPHA_OPEN.lower())


@pytest.fixture(scope="module")
async def world(http: httpx.AsyncClient) -> World:
    return await build_world(Client(http, _admin_secret()))


def _admin_secret() -> str:
    from tests.conftest import ADMIN_SECRET

    return ADMIN_SECRET


@pytest.fixture(scope="module")
def clients(http: httpx.AsyncClient, world: World) -> dict[str, Client]:
    found = {name: Client(http, secret) for name, secret in world.secrets.items()}
    found["admin"] = Client(http, _admin_secret())
    return found


def _forbidden_for(name: str) -> tuple[str, ...]:
    return ARBITRATOR_FORBIDDEN if name == "alpha-arbitrator" else FORBIDDEN


# --- every root query field, with the selection most likely to leak ---------------------------------

_CONTRACT_DEEP = """key parties { party { key } } clauses { number breaches { id incident { key } } }
  roles { key incidents { key } breaches { id incident { key } } }
  incidents(first: 100) { totalCount edges { node { key } } } breaches { id incident { key } } versions { key }"""

ROOT_QUERIES: dict[str, str] = {
    "node": '{ node(id: "%s") { id } }' % global_id("Contract", GLOBEX + "@1"),
    "contract": '{ contract(key: "%s") { %s } }' % (GLOBEX, _CONTRACT_DEEP),
    "contracts": "{ contracts(first: 100) { totalCount edges { node { %s } } } }" % _CONTRACT_DEEP,
    "incident": '{ incident(key: "%s") { key } }' % GLOBEX_INCIDENT,
    "incidents": "{ incidents(first: 100) { totalCount edges { node { key contract { key } "
    "events { actor { key incidents { key } breaches { id incident { key } } } } } } } }",
    "dispute": '{ dispute(key: "%s") { key evidence { key } } }' % GLOBEX_DISPUTE,
    "disputes": "{ disputes(first: 100) { totalCount edges { node { key evidence { key label } "
    "incidents { key } bundles { version } } } } }",
    "precedent": '{ precedent(key: "hadley-v-baxendale") { key citedBy { key } cites { key } } }',
    "precedents": "{ precedents(first: 100) { totalCount edges { node { key } } } }",
    "search": '{ a: search(text: "%s", first: 50) { kind id key title snippet contractKey } '
    'b: search(text: "Instances unreachable", first: 50) { kind id key title snippet contractKey } '
    'c: search(text: "Letter", first: 50) { kind id key title snippet contractKey } }' % GLOBEX_WORD,
    "creditReport": '{ creditReport(contractKey: "%s", month: "2026-03") { total } }' % GLOBEX,
    "viewer": "{ viewer { principal role party { key } person { key incidents { key } } } }",
    "people": "{ people(first: 100) { totalCount edges { node { key party { key people { key } } "
    "incidents { key } breaches { id } } } } }",
    "stats": "{ all: stats { incidents { total byService { value count } } breaches { total } } "
    'globex: stats(contractKey: "%s") { incidents { total } breaches { total } } }' % GLOBEX,
    "apiKeys": "{ apiKeys(first: 100) { totalCount edges { node { id label party { key } } } } }",
    "auditLog": "{ auditLog(first: 100) { totalCount edges { node { operation principal } } } }",
}

# Node types, each with a GLOBEX object's global id; Precedent is public.
PUBLIC_NODE_TYPES = {"Precedent"}


def node_ids(world: World) -> dict[str, list[str]]:
    v = GLOBEX + "@1"
    return {
        "Contract": [global_id("Contract", v)],
        "Clause": [global_id("Clause", f"{v}/clause/5.2")],
        "Role": [global_id("Role", f"{v}/role/frontline")],
        "SeverityLevel": [global_id("SeverityLevel", f"{v}/severity/SEV1")],
        "Party": [global_id("Party", "globex")],
        "Person": [global_id("Person", "globex-ops-1"), global_id("Person", "globex-legal-1")],
        "Incident": [global_id("Incident", GLOBEX_INCIDENT), global_id("Incident", GLOBEX_OPEN)],
        "Breach": world.globex_breach_ids,
        "Dispute": [global_id("Dispute", GLOBEX_DISPUTE)],
        "EvidenceItem": [global_id("EvidenceItem", f"{GLOBEX_DISPUTE}/E0001")],
        "EvidenceBundle": [global_id("EvidenceBundle", f"{GLOBEX_DISPUTE}#1")],
    }


# Paths that lead from an object every ALPHA principal may see to objects of other parties: the provider's
# people work on both contracts.
NESTED_QUERIES = {
    "provider person": '{ node(id: "%s") { ... on Person { key incidents { key contract { key } } '
    "breaches { id incident { key } } role { key incidents { key } breaches { id } } } } }"
    % global_id("Person", "vx-duty-1"),
    "provider party": '{ node(id: "%s") { ... on Party { key name people { key incidents { key } } } } }'
    % global_id("Party", "vendorx"),
}

# --- every mutation, aimed at GLOBEX ------------------------------------------------------------------

MUTATIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "importContract": ("mutation($d: String!) { importContract(document: $d) { userErrors { code } } }",
                       {"d": "format: clausegraph/contract@1\nkey: x\n"}),
    "importIncidents": ("mutation($d: String!) { importIncidents(document: $d) { userErrors { code } } }",
                        {"d": f"format: clausegraph/incidents@1\ncontract: {GLOBEX}\nincidents: []\n"}),
    "reportIncident": ("mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { userErrors { code } } }",
                       {"i": {"key": "GLOBEX-FORGED-1", "contractKey": GLOBEX, "service": "s", "title": "forged",
                              "severity": "SEV1", "reportedAt": "2026-11-30T10:00:00Z"}}),
    "recordIncidentEvent": (
        "mutation($i: RecordIncidentEventInput!) { recordIncidentEvent(input: $i) { userErrors { code } } }",
        {"i": {"incidentKey": GLOBEX_OPEN, "at": "2026-12-01T10:00:00Z", "kind": "NOTE", "note": "forged"}}),
    "openDispute": ("mutation($i: OpenDisputeInput!) { openDispute(input: $i) { userErrors { code } } }",
                    {"i": {"key": "DSP-GLOBEX-FORGED", "title": "forged", "contractKey": GLOBEX, "claimant": "globex",
                           "respondent": "vendorx", "amountClaimed": "1.00", "incidentKeys": [GLOBEX_INCIDENT]}}),
    "advanceDispute": ("mutation($i: AdvanceDisputeInput!) { advanceDispute(input: $i) { userErrors { code } } }",
                       {"i": {"disputeKey": GLOBEX_DISPUTE, "to": "WITHDRAWN", "reason": "forged"}}),
    "attachEvidence": ("mutation($i: AttachEvidenceInput!) { attachEvidence(input: $i) { userErrors { code } } }",
                       {"i": {"disputeKey": GLOBEX_DISPUTE, "kind": "DOCUMENT", "text": "forged letter"}}),
    "addDisputeIncident": (
        "mutation($i: AddDisputeIncidentInput!) { addDisputeIncident(input: $i) { userErrors { code } } }",
        {"i": {"disputeKey": GLOBEX_DISPUTE, "incidentKey": GLOBEX_OPEN}}),
    "citePrecedent": ("mutation($i: CitePrecedentInput!) { citePrecedent(input: $i) { userErrors { code } } }",
                      {"i": {"disputeKey": GLOBEX_DISPUTE, "precedentKey": "hadley-v-baxendale", "note": "forged"}}),
    "sealEvidenceBundle": ("mutation($k: String!) { sealEvidenceBundle(disputeKey: $k) { userErrors { code } } }",
                           {"k": GLOBEX_DISPUTE}),
    "recordCustody": (
        'mutation($k: String!) { recordCustody(key: $k, action: HANDED_OVER, to: "forged") { userErrors { code } } }',
        {"k": f"{GLOBEX_DISPUTE}/E0001"}),
    "withdrawEvidence": (
        'mutation($k: String!) { withdrawEvidence(key: $k, reason: "forged") { userErrors { code } } }',
        {"k": f"{GLOBEX_DISPUTE}/E0001"}),
    "createApiKey": ("mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret userErrors { code } } }",
                     {"i": {"label": "forged", "role": "ADMIN"}}),
    "revokeApiKey": ("mutation($id: String!) { revokeApiKey(id: $id) { userErrors { code } } }", {"id": "?"}),
}  # fmt: skip

SUBSCRIPTIONS = {"slaWarnings"}

GLOBEX_STATE = """{
  contract(key: "%s") { incidents(first: 100) { totalCount } }
  incident(key: "%s") { events { seq } }
  dispute(key: "%s") { status evidence { key custody { action } } citations { precedent { key } }
    bundles { version } transitions { seq }
    incidents { key } }
  disputes(first: 100, filter: {contract: "%s"}) { totalCount }
  apiKeys(first: 100) { totalCount edges { node { id revokedAt } } }
}""" % (GLOBEX, GLOBEX_OPEN, GLOBEX_DISPUTE, GLOBEX)


# --- the tests ------------------------------------------------------------------------------------------


async def test_the_tables_cover_the_whole_schema(clients: dict[str, Client], world: World) -> None:
    found = await clients["admin"].data(
        """{ __schema { queryType { fields { name } } mutationType { fields { name } }
             subscriptionType { fields { name } } }
           __type(name: "Node") { possibleTypes { name } } }"""
    )
    schema = found["__schema"]
    assert {f["name"] for f in schema["queryType"]["fields"]} == set(ROOT_QUERIES)
    assert {f["name"] for f in schema["mutationType"]["fields"]} == set(MUTATIONS)
    assert {f["name"] for f in schema["subscriptionType"]["fields"]} == SUBSCRIPTIONS
    assert {t["name"] for t in found["__type"]["possibleTypes"]} == set(node_ids(world)) | PUBLIC_NODE_TYPES


@pytest.mark.parametrize("principal", ALPHA_SIDE)
@pytest.mark.parametrize("field", sorted(ROOT_QUERIES))
async def test_no_root_field_shows_another_partys_data(clients: dict[str, Client], principal: str, field: str) -> None:
    body = await clients[principal](ROOT_QUERIES[field])
    assert leaks(body.get("data"), _forbidden_for(principal)) == []


@pytest.mark.parametrize("principal", ALPHA_SIDE)
async def test_no_node_of_another_party_resolves_by_its_id(
    clients: dict[str, Client], world: World, principal: str
) -> None:
    for type_name, ids in node_ids(world).items():
        for node_id in ids:
            body = await clients[principal]("query($id: ID!) { node(id: $id) { id } }", {"id": node_id})
            assert body["data"]["node"] is None, (type_name, node_id)
            # the administrator sees the same id: it names something real
            admin = await clients["admin"].data("query($id: ID!) { node(id: $id) { id } }", {"id": node_id})
            assert admin["node"] == {"id": node_id}, (type_name, node_id)


@pytest.mark.parametrize("principal", ALPHA_SIDE)
@pytest.mark.parametrize("path", sorted(NESTED_QUERIES))
async def test_nested_paths_do_not_lead_to_another_party(clients: dict[str, Client], principal: str, path: str) -> None:
    body = await clients[principal](NESTED_QUERIES[path])
    assert not body.get("errors"), body["errors"]
    assert leaks(body["data"], _forbidden_for(principal)) == []


# A page of incidents with their clocks and breaches (nothing else from their events) reads the people its breaches
# can name in the page's own statement (graph/reads.py: `incident_page`), not through the people loader.
FIGURES_PAGE = (
    "{ incidents(first: 100) { edges { node { key sla { resolution { status } } breaches { kind responsible { "
    "person { key party { key } incidents { key } breaches { id incident { key } } role { key incidents { key } } } "
    "} } } } } }"
)


@pytest.mark.parametrize("principal", ALPHA_SIDE)
async def test_who_a_page_of_breaches_names_leads_to_no_other_party(clients: dict[str, Client], principal: str) -> None:
    body = await clients[principal](FIGURES_PAGE)
    assert not body.get("errors"), body["errors"]
    assert leaks(body["data"], _forbidden_for(principal)) == []


async def test_a_page_of_breaches_names_the_shared_provider_person_to_the_admin(clients: dict[str, Client]) -> None:
    """The probe above would pass vacuously if no breach on the page named anyone of both sides."""
    body = await clients["admin"].data(FIGURES_PAGE)
    named = {
        b["responsible"]["person"]["key"]: b["responsible"]["person"]
        for e in body["incidents"]["edges"]
        for b in e["node"]["breaches"]
        if b["responsible"] and b["responsible"]["person"]
    }
    assert "vx-duty-1" in named, sorted(named)
    keys = {i["key"] for i in named["vx-duty-1"]["incidents"]}
    assert {ALPHA_INCIDENT, GLOBEX_INCIDENT} <= keys


async def test_the_shared_provider_person_leads_the_admin_to_both_parties(clients: dict[str, Client]) -> None:
    """The nested probes would pass vacuously if the path led nowhere: for the administrator it leads to both."""
    body = await clients["admin"].data(NESTED_QUERIES["provider person"])
    contracts = {i["contract"]["key"] for i in body["node"]["incidents"]}
    assert {ALPHA, GLOBEX} <= contracts


@pytest.mark.parametrize("principal", ALPHA_SIDE)
async def test_lists_count_only_what_the_principal_sees(clients: dict[str, Client], principal: str) -> None:
    body = await clients[principal].data(
        "{ contracts(first: 100) { totalCount edges { node { key } } } "
        "incidents(first: 100) { totalCount edges { node { key } } } "
        "disputes(first: 100) { totalCount edges { node { key } } } "
        'globex: incidents(filter: {contract: "%s"}) { totalCount } }' % GLOBEX
    )
    contracts = [e["node"]["key"] for e in body["contracts"]["edges"]]
    incidents = [e["node"]["key"] for e in body["incidents"]["edges"]]
    disputes = [e["node"]["key"] for e in body["disputes"]["edges"]]
    assert contracts == [ALPHA] and body["contracts"]["totalCount"] == 1
    expected_incidents = [ALPHA_INCIDENT] if principal == "alpha-arbitrator" else [ALPHA_INCIDENT, ALPHA_OPEN]
    assert incidents == expected_incidents and body["incidents"]["totalCount"] == len(expected_incidents)
    expected_disputes = [ALPHA_DISPUTE] if principal in ("alpha-legal", "alpha-arbitrator") else []
    assert disputes == expected_disputes and body["disputes"]["totalCount"] == len(expected_disputes)
    assert body["globex"]["totalCount"] == 0
    stats = await clients[principal].data(
        '{ all: stats { incidents { total } } globex: stats(contractKey: "%s") { incidents { total } } }' % GLOBEX
    )
    assert stats == {"all": {"incidents": {"total": len(expected_incidents)}}, "globex": {"incidents": {"total": 0}}}


@pytest.mark.parametrize("principal", ALPHA_SIDE)
async def test_no_mutation_changes_another_partys_data(clients: dict[str, Client], principal: str) -> None:
    admin = clients["admin"]
    before = await admin.data(GLOBEX_STATE)
    for name, (query, variables) in MUTATIONS.items():
        if name == "revokeApiKey":
            variables = {"id": before["apiKeys"]["edges"][0]["node"]["id"]}
        body = await clients[principal](query, variables)
        assert not body.get("errors"), (name, body["errors"])
        payload = body["data"][name]
        codes = {e["code"] for e in payload["userErrors"]}
        assert codes and codes <= {"FORBIDDEN", "NOT_FOUND", "UNKNOWN_REFERENCE"}, (name, codes)
        assert payload.get("secret") is None
    assert await admin.data(GLOBEX_STATE) == before
    forged = await admin.data('{ incident(key: "GLOBEX-FORGED-1") { key } dispute(key: "DSP-GLOBEX-FORGED") { key } }')
    assert forged == {"incident": None, "dispute": None}


@pytest.mark.parametrize("principal", ALPHA_SIDE)
async def test_bundle_routes_of_another_party_are_not_found(clients: dict[str, Client], principal: str) -> None:
    for fmt in ("json", "html", "pdf"):
        response = await clients[principal].get(f"/bundles/{GLOBEX_DISPUTE}/latest.{fmt}")
        assert response.status_code == 404
        assert "globex" not in response.text.lower().replace(GLOBEX_DISPUTE.lower(), "")
    assert (await clients["admin"].get(f"/bundles/{GLOBEX_DISPUTE}/1.json")).status_code == 200


async def test_bundles_of_the_own_dispute_open_to_legal_and_the_arbitrator_only(clients: dict[str, Client]) -> None:
    for principal, status in (
        ("alpha-legal", 200),
        ("alpha-arbitrator", 200),
        ("alpha-support", 404),
        ("alpha-viewer", 404),
        ("globex-legal", 404),
    ):
        response = await clients[principal].get(f"/bundles/{ALPHA_DISPUTE}/latest.json")
        assert response.status_code == status, principal


async def test_search_finds_the_own_evidence_but_never_another_partys(clients: dict[str, Client]) -> None:
    query = "query($t: String!) { search(text: $t, first: 20) { kind key snippet } }"
    own = await clients["alpha-legal"].data(query, {"t": ALPHA_WORD})
    assert any(h["kind"] == "EVIDENCE" and ALPHA_WORD in h["snippet"] for h in own["search"])
    for principal in ALPHA_SIDE:
        other = await clients[principal].data(query, {"t": GLOBEX_WORD})
        assert other["search"] == [], principal
    for principal in ("alpha-support", "alpha-viewer"):
        assert (await clients[principal].data(query, {"t": ALPHA_WORD}))["search"] == [], principal
    admin = await clients["admin"].data(query, {"t": GLOBEX_WORD})
    assert [h["kind"] for h in admin["search"]] == ["EVIDENCE"]


async def test_roles_may_do_what_the_matrix_says(clients: dict[str, Client]) -> None:
    note = "mutation($i: RecordIncidentEventInput!) { recordIncidentEvent(input: $i) { event { seq actor { key } " \
        "recordedBy } userErrors { code } } }"  # fmt: skip
    at = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    event = {"incidentKey": ALPHA_OPEN, "at": at, "kind": "NOTE", "note": "called the customer"}
    for principal, allowed in (
        ("alpha-support", True),
        ("vendor-support", True),
        ("alpha-legal", False),
        ("alpha-viewer", False),
        ("alpha-arbitrator", False),
    ):
        payload = (await clients[principal].data(note, {"i": event}))["recordIncidentEvent"]
        assert (payload["userErrors"] == []) is allowed, (principal, payload)
        if not allowed:
            assert {e["code"] for e in payload["userErrors"]} == {"FORBIDDEN"}
    credits = '{ creditReport(contractKey: "%s", month: "2026-03") { total } }' % ALPHA
    for principal, allowed in (("alpha-viewer", True), ("alpha-legal", True), ("alpha-support", False)):
        body = await clients[principal](credits)
        assert (body.get("errors") is None) is allowed, (principal, body)
    cite = "mutation($i: CitePrecedentInput!) { citePrecedent(input: $i) { userErrors { code } } }"
    citation = {"disputeKey": ALPHA_DISPUTE, "precedentKey": "hadley-v-baxendale", "note": "remoteness of loss"}
    for principal, allowed in (("alpha-legal", True), ("alpha-viewer", False), ("alpha-arbitrator", False)):
        payload = (await clients[principal].data(cite, {"i": citation}))["citePrecedent"]
        assert (payload["userErrors"] == []) is allowed, (principal, payload)


async def test_custody_is_recorded_only_by_those_who_may_write_evidence(
    clients: dict[str, Client], world: World
) -> None:
    hand_over = """mutation($k: String!, $by: String) { recordCustody(key: $k, action: HANDED_OVER, to: "tribunal",
      by: $by) { evidence { custody { action to person { key } recordedBy } } userErrors { code } } }"""
    withdraw = """mutation($k: String!) { withdrawEvidence(key: $k, reason: "superseded") {
      evidence { withdrawn } userErrors { code } } }"""
    item = f"{ALPHA_DISPUTE}/E0001"
    for principal in ("alpha-support", "alpha-viewer", "alpha-arbitrator"):
        for query in (hand_over, withdraw):
            body = await clients[principal].data(query, {"k": item})
            payload = next(iter(body.values()))
            assert {e["code"] for e in payload["userErrors"]} == {"FORBIDDEN"}, (principal, payload)
    other = (await clients["globex-legal"].data(hand_over, {"k": item}))["recordCustody"]
    assert [e["code"] for e in other["userErrors"]] == ["NOT_FOUND"]
    forged = (await clients["alpha-legal"].data(hand_over, {"k": item, "by": "alpha-ops-1"}))["recordCustody"]
    assert [e["code"] for e in forged["userErrors"]] == ["FORBIDDEN"]
    own = (await clients["alpha-legal"].data(hand_over, {"k": item}))["recordCustody"]
    assert own["userErrors"] == []
    assert own["evidence"]["custody"][-1] == {
        "action": "HANDED_OVER",
        "to": "tribunal",
        "person": {"key": "alpha-legal-1"},
        "recordedBy": f"key:{world.key_ids['alpha-legal']}",
    }
    attach = (
        """mutation($i: AttachEvidenceInput!) { attachEvidence(input: $i) { evidence { key } userErrors { code } } }"""
    )
    letter = {"disputeKey": ALPHA_DISPUTE, "kind": "DOCUMENT", "text": "A draft sent by mistake."}
    added = (await clients["alpha-legal"].data(attach, {"i": letter}))["attachEvidence"]["evidence"]["key"]
    withdrawn = (await clients["alpha-legal"].data(withdraw, {"k": added}))["withdrawEvidence"]
    assert withdrawn == {"evidence": {"withdrawn": True}, "userErrors": []}


async def test_nobody_is_recorded_as_someone_else(clients: dict[str, Client], world: World) -> None:
    attach = """mutation($i: AttachEvidenceInput!) { attachEvidence(input: $i) {
      evidence { addedBy { key } recordedBy custody { person { key } recordedBy } } userErrors { code } } }"""
    letter = {"disputeKey": ALPHA_DISPUTE, "kind": "DOCUMENT", "text": "A note from counsel."}
    forged = (await clients["alpha-legal"].data(attach, {"i": {**letter, "addedBy": "alpha-ops-1"}}))["attachEvidence"]
    assert [e["code"] for e in forged["userErrors"]] == ["FORBIDDEN"]
    own = (await clients["alpha-legal"].data(attach, {"i": letter}))["attachEvidence"]
    legal_id = f"key:{world.key_ids['alpha-legal']}"
    assert own["evidence"]["addedBy"] == {"key": "alpha-legal-1"}
    assert own["evidence"]["recordedBy"] == legal_id
    assert own["evidence"]["custody"] == [{"person": {"key": "alpha-legal-1"}, "recordedBy": legal_id}]

    note = """mutation($i: RecordIncidentEventInput!) { recordIncidentEvent(input: $i) {
      event { actor { key } recordedBy } userErrors { code } } }"""
    at = (datetime.now(UTC) - timedelta(minutes=30)).isoformat()
    base = {"incidentKey": ALPHA_OPEN, "at": at, "kind": "NOTE", "note": "by phone"}
    # an operator of the provider transcribes a colleague's call: both names are kept
    on_behalf = await clients["vendor-support"].data(note, {"i": {**base, "actor": "vx-spec-1"}})
    event = on_behalf["recordIncidentEvent"]["event"]
    assert event == {"actor": {"key": "vx-spec-1"}, "recordedBy": f"key:{world.key_ids['vendor-support']}"}
    # ... but never for a person of another party
    across = await clients["vendor-support"].data(note, {"i": {**base, "actor": "alpha-ops-1"}})
    assert [e["code"] for e in across["recordIncidentEvent"]["userErrors"]] == ["FORBIDDEN"]
    seal = "mutation($k: String!) { sealEvidenceBundle(disputeKey: $k) { bundle { sealedBy { key } recordedBy } " \
        "userErrors { code } } }"  # fmt: skip
    sealed = (await clients["alpha-legal"].data(seal, {"k": ALPHA_DISPUTE}))["sealEvidenceBundle"]
    assert sealed["bundle"] == {"sealedBy": {"key": "alpha-legal-1"}, "recordedBy": legal_id}, sealed


async def test_the_arbitrator_sees_its_dispute_and_what_it_references(clients: dict[str, Client]) -> None:
    body = await clients["alpha-arbitrator"].data(
        """{ dispute(key: "%s") { key incidents { key breaches { kind clause { number } } }
             evidence { key } bundles { version } contract { key } }
             open: incident(key: "%s") { key } viewer { role disputes } }"""
        % (ALPHA_DISPUTE, ALPHA_OPEN)
    )
    dispute = body["dispute"]
    assert dispute["key"] == ALPHA_DISPUTE and dispute["contract"] == {"key": ALPHA}
    assert [i["key"] for i in dispute["incidents"]] == [ALPHA_INCIDENT]
    assert {b["kind"] for b in dispute["incidents"][0]["breaches"]} == {"RESOLUTION", "ESCALATION"}
    assert dispute["evidence"] and dispute["bundles"]
    assert body["open"] is None
    assert body["viewer"] == {"role": "ARBITRATOR", "disputes": [ALPHA_DISPUTE]}


async def test_requests_without_valid_credentials_get_401(clients: dict[str, Client], world: World) -> None:
    http = clients["admin"].http
    anonymous = Client(http, None)
    for query in ("{ contracts { totalCount } }", "{ __schema { types { name } } }"):
        response = await anonymous.post(query)
        assert response.status_code == 401
        assert response.json() == {
            "errors": [{"message": response.json()["errors"][0]["message"], "extensions": {"code": "UNAUTHENTICATED"}}]
        }
    for bad in ("cg_not_a_key", "Bearer", "eyJ.eyJ.sig", "not-a-credential"):
        response = await Client(http, bad).post("{ viewer { role } }")
        assert response.status_code == 401, bad
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    response = await http.get(f"/bundles/{ALPHA_DISPUTE}/latest.json", headers={"Authorization": ""})
    assert response.status_code == 401


async def test_a_revoked_key_stops_working(clients: dict[str, Client]) -> None:
    admin = clients["admin"]
    created = await admin.data(
        'mutation { createApiKey(input: {label: "short-lived", role: VIEWER, party: "alphaco"}) '
        "{ apiKey { id } secret } }"
    )
    secret, key_id = created["createApiKey"]["secret"], created["createApiKey"]["apiKey"]["id"]
    assert secret.startswith("cg_")
    viewer = Client(admin.http, secret)
    assert (await viewer.data("{ viewer { role party { key } } }"))["viewer"] == {
        "role": "VIEWER",
        "party": {"key": "alphaco"},
    }
    revoked = await admin.data('mutation { revokeApiKey(id: "%s") { apiKey { revokedAt } } }' % key_id)
    assert revoked["revokeApiKey"]["apiKey"]["revokedAt"] is not None
    assert (await viewer.post("{ viewer { role } }")).status_code == 401
    listed = await admin.data("{ apiKeys(first: 100) { edges { node { id revokedAt lastUsedAt } } } }")
    row = next(e["node"] for e in listed["apiKeys"]["edges"] if e["node"]["id"] == key_id)
    assert row["revokedAt"] is not None and row["lastUsedAt"] is not None


async def test_keys_need_a_consistent_role_party_and_person(clients: dict[str, Client]) -> None:
    create = "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret userErrors { code path } } }"
    cases = [
        ({"label": "x", "role": "LEGAL"}, "INVALID_PRINCIPAL"),
        ({"label": "x", "role": "ADMIN", "party": "alphaco"}, "INVALID_PRINCIPAL"),
        ({"label": "x", "role": "ARBITRATOR", "party": "alphaco"}, "INVALID_PRINCIPAL"),
        ({"label": "x", "role": "LEGAL", "party": "no-such-party"}, "UNKNOWN_REFERENCE"),
        ({"label": "x", "role": "LEGAL", "party": "alphaco", "person": "globex-ops-1"}, "WRONG_PARTY"),
        ({"label": "x", "role": "ARBITRATOR", "party": "alphaco", "disputes": ["DSP-NONE"]}, "UNKNOWN_REFERENCE"),
    ]
    for grant, code in cases:
        payload = (await clients["admin"].data(create, {"i": grant}))["createApiKey"]
        assert payload["secret"] is None and code in {e["code"] for e in payload["userErrors"]}, (grant, payload)


async def test_every_mutation_is_in_the_audit_log(clients: dict[str, Client], world: World) -> None:
    legal = clients["alpha-legal"]
    await legal.data(
        "mutation Probe($i: CitePrecedentInput!) { citePrecedent(input: $i) { userErrors { code } } }",
        {"i": {"disputeKey": GLOBEX_DISPUTE, "precedentKey": "hadley-v-baxendale", "note": "audit probe"}},
    )
    await legal.get(f"/bundles/{ALPHA_DISPUTE}/latest.json")
    found = await clients["admin"].data(
        "query($p: String!) { auditLog(first: 100, filter: {principal: $p}) { totalCount edges { node { "
        "seq operation kind outcome codes principal hash prevHash } } } }",
        {"p": f"key:{world.key_ids['alpha-legal']}"},
    )
    entries = [e["node"] for e in found["auditLog"]["edges"]]
    probe = next(e for e in entries if e["operation"] == "Probe")
    assert probe["kind"] == "MUTATION" and probe["outcome"] == "USER_ERROR" and probe["codes"] == ["NOT_FOUND"]
    export = next(e for e in entries if e["kind"] == "EXPORT")
    assert export["operation"] == f"/bundles/{ALPHA_DISPUTE}/latest.json" and export["outcome"] == "OK"
    seqs = [e["seq"] for e in entries]
    assert seqs == sorted(seqs, reverse=True)


@pytest.fixture
async def legal_context(test_settings: Any, seeded: Any, world: World) -> AsyncIterator[Any]:
    from clausegraph.auth import Authenticator
    from graph.database import RoundTrips
    from resolvers.access import scope_of
    from resolvers.context import Context

    authenticator = Authenticator(test_settings, lambda: seeded)
    principal = await authenticator.principal(world.secrets["alpha-legal"])
    scope = await scope_of(seeded, RoundTrips(), principal)
    yield Context(settings=test_settings, graph=seeded, principal=principal, scope=scope)


async def test_sla_warnings_reach_only_the_contracts_a_principal_sees(legal_context: Any) -> None:
    from clausegraph.app import build_graphql_schema

    schema = build_graphql_schema()
    stream = await schema.subscribe(
        "subscription { slaWarnings(thresholds: [50], pollSeconds: 60) { incident { key contract { key } } } }",
        context_value=legal_context,
    )
    seen: list[str] = []
    async with asyncio.timeout(60):
        async for result in stream:  # type: ignore[union-attr]
            assert not result.errors, result.errors
            seen.append(result.data["slaWarnings"]["incident"]["key"])
            if ALPHA_OPEN in seen:
                break
    await stream.aclose()  # type: ignore[union-attr]
    assert ALPHA_OPEN in seen and not any("GLOBEX" in k for k in seen)


async def test_a_subscription_socket_authenticates_in_its_connection_init(
    test_settings: Any, seeded: Any, world: World
) -> None:
    from strawberry.exceptions import ConnectionRejectionError

    from clausegraph.app import _NOBODY, _NOTHING, ClausegraphGraphQL, build_graphql_schema
    from clausegraph.auth import Authenticator
    from resolvers.context import Context

    view = ClausegraphGraphQL(
        build_graphql_schema(), test_settings, {"graph": seeded}, Authenticator(test_settings, lambda: seeded)
    )

    def socket(params: dict[str, Any] | None) -> Context:
        ctx = Context(settings=test_settings, graph=seeded, principal=_NOBODY, scope=_NOTHING)
        ctx.connection_params = params
        return ctx

    signed_in = socket({"Authorization": f"Bearer {world.secrets['alpha-legal']}"})
    await view.on_ws_connect(signed_in)
    assert signed_in.principal.id == f"key:{world.key_ids['alpha-legal']}"
    assert signed_in.scope.contracts == frozenset({ALPHA})
    for params in (None, {}, {"Authorization": "Bearer cg_unknown"}, {"Authorization": "Basic abc"}):
        with pytest.raises(ConnectionRejectionError):
            await view.on_ws_connect(socket(params))


async def test_subscription_messages_go_out_as_text_frames(test_settings: Any, seeded: Any) -> None:
    import json

    from starlette.websockets import WebSocket
    from strawberry.asgi import ASGIWebSocketAdapter

    from clausegraph.app import ClausegraphGraphQL, build_graphql_schema
    from clausegraph.auth import Authenticator

    view = ClausegraphGraphQL(
        build_graphql_schema(), test_settings, {"graph": seeded}, Authenticator(test_settings, lambda: seeded)
    )
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "websocket.connect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    socket = WebSocket({"type": "websocket", "path": "/graphql", "headers": []}, receive, send)
    await socket.accept(subprotocol="graphql-transport-ws")
    sent.clear()
    message = {"id": "1", "type": "next", "payload": {"data": {"slaWarnings": {"title": "Délai dépassé"}}}}
    await ASGIWebSocketAdapter(view, socket, socket).send_json(message)
    # graphql-transport-ws clients (the explorer's) read text frames only; a bytes body went out as a binary one
    (frame,) = sent
    assert frame["type"] == "websocket.send" and frame.get("bytes") is None
    assert json.loads(frame["text"]) == message


async def test_evidence_content_downloads_to_whoever_may_see_the_item(clients: dict[str, Client]) -> None:
    import hashlib

    letter = "Our claim, marked %s." % ALPHA_WORD
    body = await clients["alpha-legal"].data(
        '{ dispute(key: "%s") { evidence { key downloadUrl content { encoding text base64 mediaType size sha256 } '
        "sha256 } } }" % ALPHA_DISPUTE
    )
    item = next(e for e in body["dispute"]["evidence"] if e["key"] == f"{ALPHA_DISPUTE}/E0001")
    digest = hashlib.sha256(letter.encode()).hexdigest()
    assert item["content"] == {
        "encoding": "UTF8",
        "text": letter,
        "base64": None,
        "mediaType": "text/plain; charset=utf-8",
        "size": len(letter.encode()),
        "sha256": digest,
    }
    assert item["sha256"] == digest and item["downloadUrl"].endswith(f"/evidence/{ALPHA_DISPUTE}/E0001")
    for principal, status in (("alpha-legal", 200), ("alpha-arbitrator", 200), ("alpha-viewer", 404),
                              ("alpha-support", 404), ("globex-legal", 404)):  # fmt: skip
        response = await clients[principal].get(f"/evidence/{ALPHA_DISPUTE}/E0001")
        assert response.status_code == status, principal
        if status == 200:
            assert response.content == letter.encode()
            assert response.headers["content-type"].startswith("text/plain")
            assert response.headers["content-disposition"].startswith('attachment; filename="')
    assert (await clients["alpha-legal"].get(f"/evidence/{GLOBEX_DISPUTE}/E0001")).status_code == 404
    assert (await clients["admin"].get(f"/evidence/{GLOBEX_DISPUTE}/E0001")).status_code == 200
    assert (await clients["admin"].get(f"/evidence/{ALPHA_DISPUTE}/E9999")).status_code == 404
    audit = await clients["admin"].data('{ auditLog(first: 20, filter: {operation: "/evidence/%s/E0001"}) '
                                        "{ edges { node { kind outcome } } } }" % ALPHA_DISPUTE)  # fmt: skip
    kinds = {(e["node"]["kind"], e["node"]["outcome"]) for e in audit["auditLog"]["edges"]}
    assert ("DOWNLOAD", "OK") in kinds and ("DOWNLOAD", "USER_ERROR") in kinds
