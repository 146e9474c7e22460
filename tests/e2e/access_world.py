"""Two customers of one provider, each with a contract, incidents, a dispute and evidence, for access tests.

ALPHA's customer `alphaco` and GLOBEX's customer `globex` both signed with provider `vendorx`, whose people
work on both contracts. Everything of GLOBEX carries "globex" in its key or text, so a response can be
scanned for a leak by looking for that word (in plain values and in decoded global ids).
"""

from __future__ import annotations

import base64
import contextlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.unit.fixtures_documents import CONTRACT_YAML, INCIDENTS_YAML

ALPHA, GLOBEX = "acl-alpha-msa", "acl-globex-msa"
ALPHA_DISPUTE, GLOBEX_DISPUTE = "DSP-ALPHA-1", "DSP-GLOBEX-1"
ALPHA_INCIDENT, GLOBEX_INCIDENT = "ALPHA-INC-1001", "GLOBEX-INC-1001"
ALPHA_OPEN, GLOBEX_OPEN = "ALPHA-OPEN-1", "GLOBEX-OPEN-1"
ALPHA_WORD, GLOBEX_WORD = "alphasecretword", "globexsecretword"


def contract_document(key: str, customer: str, customer_name: str, person: str, legal: str) -> str:
    text = CONTRACT_YAML
    text = text.replace("nimbus-acme-msa", key).replace("Acme Retail plc", customer_name)
    text = re.sub(r"\bnimbus\b", "vendorx", text).replace("Nimbus Cloud Ltd", "VendorX Cloud Ltd")
    text = re.sub(r"\bacme\b", customer, text)
    text = text.replace("n-duty-1", "vx-duty-1").replace("n-spec-1", "vx-spec-1")
    return text.replace(
        "  - {key: a-ops-1, name: Dana Cole, party: " + customer + "}",
        f"  - {{key: {person}, name: {customer_name} operations, party: {customer}}}\n"
        f"  - {{key: {legal}, name: {customer_name} counsel, party: {customer}}}",
    )


def incidents_document(contract: str, incident: str, person: str) -> str:
    text = INCIDENTS_YAML
    text = text.replace("nimbus-acme-msa", contract).replace("INC-1001", incident)
    text = text.replace("n-sen-1", "vx-sen-1").replace("party: nimbus", "party: vendorx")
    text = text.replace("n-duty-1", "vx-duty-1").replace("n-spec-1", "vx-spec-1").replace("a-ops-1", person)
    return text.replace("compute-eu-west-2", f"compute-{contract}")


def global_id(type_name: str, natural: str) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{natural}".encode()).decode()


def leaks(value: Any, words: tuple[str, ...], path: str = "") -> list[str]:
    """Where in a response a forbidden word appears, in a value or in a decoded global id."""
    found: list[str] = []
    if isinstance(value, dict):
        for k, v in value.items():
            found += leaks(v, words, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += leaks(v, words, f"{path}[{i}]")
    elif isinstance(value, str):
        texts = [value.lower()]
        with contextlib.suppress(ValueError, UnicodeDecodeError):
            texts.append(base64.urlsafe_b64decode(value.encode()).decode().lower())
        found += [f"{path}: {value!r} mentions {w!r}" for w in words if any(w.lower() in t for t in texts)]
    return found


@dataclass
class World:
    """The secrets of each principal under test, and ids to probe."""

    secrets: dict[str, str] = field(default_factory=dict)
    key_ids: dict[str, str] = field(default_factory=dict)
    globex_breach_ids: list[str] = field(default_factory=list)


class Client:
    """GraphQL over HTTP as one principal."""

    def __init__(self, http: httpx.AsyncClient, secret: str | None) -> None:
        self.http = http
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {"Authorization": ""}

    async def post(self, query: str, variables: dict[str, Any] | None = None) -> httpx.Response:
        headers = self.headers if self.headers["Authorization"] else {}
        if not headers:
            # the shared client sends the admin header by default: take it off for anonymous requests
            request = self.http.build_request("POST", "/graphql", json={"query": query, "variables": variables or {}})
            del request.headers["authorization"]
            return await self.http.send(request)
        return await self.http.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)

    async def __call__(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await self.post(query, variables)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        body = await self(query, variables)
        assert not body.get("errors"), body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    async def get(self, path: str) -> httpx.Response:
        return await self.http.get(path, headers=self.headers)


IMPORT_CONTRACT = "mutation($d: String!) { importContract(document: $d) { userErrors { code message path } } }"
IMPORT_INCIDENTS = "mutation($d: String!) { importIncidents(document: $d) { userErrors { code message path } } }"
REPORT = """mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { userErrors { code message } } }"""
OPEN = """mutation($i: OpenDisputeInput!) { openDispute(input: $i) { userErrors { code message } } }"""
ATTACH = """mutation($i: AttachEvidenceInput!) {
  attachEvidence(input: $i) { evidence { key addedBy { key } recordedBy } userErrors { code message } } }"""
SEAL = """mutation($k: String!) {
  sealEvidenceBundle(disputeKey: $k) { bundle { version } userErrors { code message } } }"""
CREATE_KEY = """mutation($i: CreateApiKeyInput!) {
  createApiKey(input: $i) { apiKey { id role party { key } person { key } } secret userErrors { code message } } }"""


def _ok(body: dict[str, Any], field_name: str) -> dict[str, Any]:
    assert not body.get("errors"), body["errors"]
    payload: dict[str, Any] = body["data"][field_name]
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload


async def build_world(admin: Client) -> World:
    world = World()
    reported = (datetime.now(UTC) - timedelta(hours=6)).isoformat()
    for key, customer, name, person, legal, incident, open_key, dispute, word in (
        (ALPHA, "alphaco", "Alpha Co plc", "alpha-ops-1", "alpha-legal-1", ALPHA_INCIDENT, ALPHA_OPEN,
         ALPHA_DISPUTE, ALPHA_WORD),
        (GLOBEX, "globex", "Globex Corporation", "globex-ops-1", "globex-legal-1", GLOBEX_INCIDENT, GLOBEX_OPEN,
         GLOBEX_DISPUTE, GLOBEX_WORD),
    ):  # fmt: skip
        _ok(
            await admin(IMPORT_CONTRACT, {"d": contract_document(key, customer, name, person, legal)}), "importContract"
        )
        _ok(await admin(IMPORT_INCIDENTS, {"d": incidents_document(key, incident, person)}), "importIncidents")
        report = {
            "key": open_key, "contractKey": key, "service": f"compute-{key}", "title": f"Open case of {customer}",
            "severity": "SEV2", "reportedAt": reported, "actor": person,
        }  # fmt: skip
        _ok(await admin(REPORT, {"i": report}), "reportIncident")
        opening = {
            "key": dispute, "title": f"{name} v VendorX", "contractKey": key, "claimant": customer,
            "respondent": "vendorx", "amountClaimed": "4000.00", "incidentKeys": [incident], "openedBy": legal,
            "openedAt": "2026-04-01T09:00:00Z",
        }  # fmt: skip
        _ok(await admin(OPEN, {"i": opening}), "openDispute")
        letter = {"disputeKey": dispute, "kind": "DOCUMENT", "label": f"Letter of {customer}",
                  "text": f"Our claim, marked {word}.", "addedBy": legal}  # fmt: skip
        _ok(await admin(ATTACH, {"i": letter}), "attachEvidence")
        _ok(await admin(SEAL, {"k": dispute}), "sealEvidenceBundle")
    grants = {
        "alpha-legal": {"role": "LEGAL", "party": "alphaco", "person": "alpha-legal-1"},
        "alpha-support": {"role": "SUPPORT", "party": "alphaco", "person": "alpha-ops-1"},
        "alpha-viewer": {"role": "VIEWER", "party": "alphaco"},
        "alpha-arbitrator": {"role": "ARBITRATOR", "party": "alphaco", "disputes": [ALPHA_DISPUTE]},
        "vendor-support": {"role": "SUPPORT", "party": "vendorx", "person": "vx-duty-1"},
        "globex-legal": {"role": "LEGAL", "party": "globex", "person": "globex-legal-1"},
    }
    for name, grant in grants.items():
        created = _ok(await admin(CREATE_KEY, {"i": {"label": name, **grant}}), "createApiKey")
        world.secrets[name] = created["secret"]
        world.key_ids[name] = created["apiKey"]["id"]
    breaches = await admin.data("query($k: String!) { incident(key: $k) { breaches { id } } }", {"k": GLOBEX_INCIDENT})
    world.globex_breach_ids = [b["id"] for b in breaches["incident"]["breaches"]]
    assert world.globex_breach_ids, "the GLOBEX incident should have breaches (it follows the worked example)"
    return world
