"""sla-rules.md §9, end to end: the formats.md documents imported over GraphQL, figures read back."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES
from tests.e2e.conftest import GraphQLClient

AS_OF = "2026-04-15T00:00:00Z"

IMPORT_CONTRACT = (
    "mutation($d: String!) { importContract(document: $d) "
    "{ created contract { key version } userErrors { code message path } } }"
)
IMPORT_INCIDENTS = (
    "mutation($d: String!) { importIncidents(document: $d) { incidents { key } userErrors { code message path } } }"
)

INCIDENT = """
query($asOf: DateTime!) {
  incident(key: "INC-1001") {
    key severity { code } reportedAt
    sla(asOf: $asOf) {
      response { status targetSeconds elapsedSeconds overBySeconds dueAt stoppedAt breached }
      resolution { status targetSeconds elapsedSeconds overBySeconds dueAt stoppedAt breached }
    }
    escalations(asOf: $asOf) { trigger toLevel dueAt status reachedAt overBySeconds }
    breaches(asOf: $asOf) {
      kind dueAt overBySeconds credit clause { number } obligor { key }
      responsible { level role { key } party { key } person { key name } }
    }
    verifyChain { ok eventCount firstBrokenSeq }
  }
}
"""


@pytest.fixture(scope="module")
async def imported(gql: GraphQLClient) -> None:
    contract = await gql.data(IMPORT_CONTRACT, {"d": (FIXTURES / "nimbus-acme-msa.yaml").read_text()})
    assert contract["importContract"]["userErrors"] == []
    incidents = await gql.data(IMPORT_INCIDENTS, {"d": (FIXTURES / "nimbus-acme-incidents.yaml").read_text()})
    assert incidents["importIncidents"]["userErrors"] == []
    assert incidents["importIncidents"]["incidents"] == [{"key": "INC-1001"}]


async def test_clocks_escalations_and_breaches_match_the_worked_example(imported: None, gql: GraphQLClient) -> None:
    inc = (await gql.data(INCIDENT, {"asOf": AS_OF}))["incident"]
    response, resolution = inc["sla"]["response"], inc["sla"]["resolution"]
    assert response == {
        "status": "MET",
        "targetSeconds": 900,
        "elapsedSeconds": 720,
        "overBySeconds": 0,
        "dueAt": "2026-03-02T09:30:00+00:00",
        "stoppedAt": "2026-03-02T09:27:00+00:00",
        "breached": False,
    }
    assert resolution["status"] == "BREACHED" and resolution["breached"]
    assert (resolution["elapsedSeconds"], resolution["overBySeconds"]) == (15900, 1500)
    assert resolution["dueAt"] == "2026-03-02T13:45:00+00:00"

    by_trigger = {(e["trigger"], e["toLevel"]): e for e in inc["escalations"]}
    assert by_trigger[("UNACKNOWLEDGED", 2)]["status"] == "NOT_REQUIRED"
    unresolved = by_trigger[("UNRESOLVED", 3)]
    assert (unresolved["status"], unresolved["dueAt"]) == ("MET", "2026-03-02T11:45:00+00:00")
    affecting = by_trigger[("SERVICE_AFFECTING", 3)]
    assert (affecting["status"], affecting["overBySeconds"]) == ("LATE", 6900)
    assert affecting["reachedAt"] == "2026-03-02T11:40:00+00:00"
    breach_trigger = by_trigger[("BREACH", 4)]
    assert (breach_trigger["status"], breach_trigger["dueAt"]) == ("NOT_REQUIRED", "2026-03-02T14:45:00+00:00")

    breaches = {b["kind"]: b for b in inc["breaches"]}
    assert set(breaches) == {"RESOLUTION", "ESCALATION"}
    res = breaches["RESOLUTION"]
    assert (res["dueAt"], res["overBySeconds"], res["credit"]) == ("2026-03-02T13:45:00+00:00", 1500, "4000.00")
    assert res["clause"] == {"number": "5.2"} and res["obligor"] == {"key": "nimbus"}
    assert res["responsible"] == {
        "level": 3,
        "role": {"key": "senior-engineer"},
        "party": {"key": "nimbus"},
        "person": {"key": "n-sen-1", "name": "Ana Lima"},
    }
    esc = breaches["ESCALATION"]
    assert (esc["dueAt"], esc["overBySeconds"], esc["credit"]) == ("2026-03-02T09:45:00+00:00", 6900, "400.00")
    assert esc["clause"] == {"number": "6.1"}
    assert esc["responsible"]["level"] == 1 and esc["responsible"]["role"] == {"key": "frontline"}
    assert esc["responsible"]["person"]["key"] == "n-duty-1"
    assert inc["verifyChain"] == {"ok": True, "eventCount": 8, "firstBrokenSeq": None}


async def test_march_credit_report_matches_the_worked_example(imported: None, gql: GraphQLClient) -> None:
    data = await gql.data(
        """{ creditReport(contractKey: "nimbus-acme-msa", month: "2026-03", asOf: "2026-04-15T00:00:00Z") {
             month monthSeconds downtimeSeconds uptimePercent uptimePercentExact
             items { kind amount breach { kind } } totalBeforeCap cap total claimDeadline } }"""
    )
    report = data["creditReport"]
    assert (report["monthSeconds"], report["downtimeSeconds"]) == (2_674_800, 17_100)
    assert report["uptimePercentExact"].startswith("99.36069")  # 100 * 2657700 / 2674800
    assert sorted((i["kind"], i["amount"]) for i in report["items"]) == [
        ("ESCALATION", "400.00"),
        ("RESOLUTION", "4000.00"),
        ("UPTIME", "4000.00"),
    ]
    assert (report["totalBeforeCap"], report["cap"], report["total"]) == ("8400.00", "10000.00", "8400.00")
    assert report["claimDeadline"] == "2026-05-30T23:00:00+00:00"


async def test_importing_the_same_incidents_again_changes_nothing(imported: None, gql: GraphQLClient) -> None:
    again = await gql.data(IMPORT_INCIDENTS, {"d": (FIXTURES / "nimbus-acme-incidents.yaml").read_text()})
    assert again["importIncidents"]["userErrors"] == []
    inc = (await gql.data(INCIDENT, {"asOf": AS_OF}))["incident"]
    assert inc["verifyChain"]["eventCount"] == 8


async def test_stored_breaches_are_reachable_from_role_person_and_clause(imported: None, gql: GraphQLClient) -> None:
    data = await gql.data(
        """{ contract(key: "nimbus-acme-msa") {
              breaches { kind incident { key } }
              clause(number: "5.2") { breaches { kind } }
              roles { key breaches { kind } } } }"""
    )
    contract = data["contract"]
    assert sorted(b["kind"] for b in contract["breaches"]) == ["ESCALATION", "RESOLUTION"]
    assert contract["clause"]["breaches"] == [{"kind": "RESOLUTION"}]
    roles = {r["key"]: [b["kind"] for b in r["breaches"]] for r in contract["roles"]}
    assert roles["senior-engineer"] == ["RESOLUTION"] and roles["frontline"] == ["ESCALATION"]
    person = await gql.data("""{ incident(key: "INC-1001") { events { seq actor { key breaches { kind } } } } }""")
    n_sen = next(e["actor"] for e in person["incident"]["events"] if e["actor"]["key"] == "n-sen-1")
    assert n_sen["breaches"] == [{"kind": "RESOLUTION"}]


async def test_liability_chain_follows_each_breach_to_remedy_and_ranked_precedents(
    imported: None, gql: GraphQLClient
) -> None:
    data = await gql.data(
        """{ incident(key: "INC-1001") { liabilityChain(asOf: "2026-04-15T00:00:00Z") {
             breach { kind } clause { number } obligor { key name }
             responsible { level role { key } person { name } }
             remedy { credit creditsClause { number } creditCap soleRemedy liabilityClause { number }
                      liabilityCap excludesConsequential }
             precedents { key }
             rankedPrecedents(first: 2) { precedent { key } sharedTopics sameCountry } } } }"""
    )
    links = {link["breach"]["kind"]: link for link in data["incident"]["liabilityChain"]}
    resolution = links["RESOLUTION"]
    assert resolution["clause"] == {"number": "5.2"}
    assert resolution["obligor"]["key"] == "nimbus"
    assert resolution["responsible"] == {"level": 3, "role": {"key": "senior-engineer"}, "person": {"name": "Ana Lima"}}
    assert resolution["remedy"] == {
        "credit": "4000.00",
        "creditsClause": {"number": "9.1"},
        "creditCap": "10000.00",
        "soleRemedy": True,
        "liabilityClause": {"number": "12.1"},
        "liabilityCap": "480000.00",
        "excludesConsequential": True,
    }
    # ranked by hand from sla-rules.md §8: topics of 5.2 (none), 9.1 (SERVICE_CREDITS, PENALTY_CLAUSE) and
    # 12.1 (LIMITATION_OF_LIABILITY, CONSEQUENTIAL_LOSS); Cavendish shares two; then GB before US, newer first, key
    assert [p["key"] for p in resolution["precedents"]] == [
        "cavendish-v-makdessi",
        "triple-point-v-ptt",
        "transocean-v-providence",
        "kudos-v-manchester-central",
        "mid-essex-v-compass",
        "bskyb-v-hp",
        "gb-gas-v-accenture",
        "kingsway-hall-v-red-sky",
        "photo-production-v-securicor",
        "hadley-v-baxendale",
        "xat-v-hosting-services",
    ]
    assert resolution["rankedPrecedents"][0] == {
        "precedent": {"key": "cavendish-v-makdessi"},
        "sharedTopics": ["PENALTY_CLAUSE", "SERVICE_CREDITS"],
        "sameCountry": True,
    }
    assert links["ESCALATION"]["remedy"]["credit"] == "400.00"
    assert links["ESCALATION"]["responsible"]["person"]["name"] == "Priya Shah"


async def test_roles_and_people_lead_back_to_their_incidents(imported: None, gql: GraphQLClient) -> None:
    data = await gql.data(
        """{ contract(key: "nimbus-acme-msa") { roles { key escalationLevels incidents { key } } }
             incident(key: "INC-1001") { events { actor { key incidents { key } } } } }"""
    )
    roles = {r["key"]: (r["escalationLevels"], [i["key"] for i in r["incidents"]]) for r in data["contract"]["roles"]}
    # INC-1001 was held at levels 1, 2 and 3, never at 4
    assert roles == {
        "frontline": ([1], ["INC-1001"]),
        "specialist": ([2], ["INC-1001"]),
        "senior-engineer": ([3], ["INC-1001"]),
        "executive": ([4], []),
    }
    actors = {e["actor"]["key"]: e["actor"]["incidents"] for e in data["incident"]["events"] if e["actor"]}
    assert actors["n-sen-1"] == [{"key": "INC-1001"}] and actors["a-ops-1"] == [{"key": "INC-1001"}]
