"""Recording incidents over GraphQL: rejections, as-of invariance, races, the hash chain, all-or-nothing."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime
from typing import Any

import pytest

from graph.database import Graph, RoundTrips, Tx
from seed.synthetic import synthetic_contracts
from tests.e2e.conftest import GraphQLClient

CONTRACT = "azurite-harbor-cloud"
_numbers = itertools.count(1)

REPORT = """mutation($input: ReportIncidentInput!) { reportIncident(input: $input) {
  incident { key events { seq hash prevHash } } userErrors { code message path } } }"""
RECORD = """mutation($input: RecordIncidentEventInput!) { recordIncidentEvent(input: $input) {
  event { seq kind hash prevHash } incident { key } userErrors { code message path } } }"""
EVENTS = """query($key: String!) { incident(key: $key) { events { seq kind hash prevHash }
  verifyChain { ok eventCount firstBrokenSeq reason } } }"""


async def _people(gql: GraphQLClient) -> dict[str, str]:
    """Role key -> a person holding it, from the seed contract."""
    data = await gql.data(
        '{ incidents(filter: {contract: "azurite-harbor-cloud"}, first: 50) { edges { node { events { '
        "actor { key role { key } } } } } } }"
    )
    out: dict[str, str] = {}
    for edge in data["incidents"]["edges"]:
        for e in edge["node"]["events"]:
            if e["actor"] and e["actor"]["role"]:
                out.setdefault(e["actor"]["role"]["key"], e["actor"]["key"])
    return out


async def _severity(gql: GraphQLClient) -> str:
    data = await gql.data('{ contract(key: "azurite-harbor-cloud") { severities { code } } }')
    return str(data["contract"]["severities"][0]["code"])


async def _new_incident(gql: GraphQLClient, at: str = "2026-05-04T10:00:00Z") -> str:
    key = f"E2E-{next(_numbers):04d}"
    body = await gql.data(
        REPORT,
        {
            "input": {
                "key": key,
                "contractKey": CONTRACT,
                "service": f"svc-{key}",
                "title": "Test incident",
                "severity": await _severity(gql),
                "reportedAt": at,
                "serviceAffecting": True,
            }
        },
    )
    assert body["reportIncident"]["userErrors"] == [], body
    return key


async def _record(gql: GraphQLClient, key: str, **fields: Any) -> dict[str, Any]:
    body = await gql.data(RECORD, {"input": {"incidentKey": key, **fields}})
    result: dict[str, Any] = body["recordIncidentEvent"]
    return result


async def _event_count(gql: GraphQLClient, key: str) -> int:
    return len((await gql.data(EVENTS, {"key": key}))["incident"]["events"])


@pytest.mark.parametrize(
    ("setup", "event", "code"),
    [
        ([], {"at": "2026-05-04T09:00:00Z", "kind": "NOTE", "note": "too early"}, "OUT_OF_ORDER"),
        ([], {"at": "2026-05-04T10:05:00Z", "kind": "REPORTED"}, "DUPLICATE_REPORTED"),
        (
            [{"at": "2026-05-04T10:01:00Z", "kind": "ACKNOWLEDGED"}],
            {"at": "2026-05-04T10:02:00Z", "kind": "ACKNOWLEDGED"},
            "ALREADY_ACKNOWLEDGED",
        ),
        ([], {"at": "2026-05-04T10:05:00Z", "kind": "ESCALATED", "level": 1}, "INVALID_LEVEL"),
        ([], {"at": "2026-05-04T10:05:00Z", "kind": "ESCALATED", "level": 9}, "INVALID_LEVEL"),
        ([], {"at": "2026-05-04T10:05:00Z", "kind": "DE_ESCALATED", "level": 1}, "INVALID_LEVEL"),
        ([], {"at": "2026-05-04T10:05:00Z", "kind": "RESUMED"}, "INVALID_TRANSITION"),
        ([], {"at": "2026-05-04T10:05:00Z", "kind": "REOPENED"}, "INVALID_TRANSITION"),
        ([], {"at": "2026-05-04T10:05:00Z", "kind": "REPORT_FILED"}, "INVALID_TRANSITION"),
        (
            [{"at": "2026-05-04T10:01:00Z", "kind": "PAUSED", "reason": "waiting"}],
            {"at": "2026-05-04T10:02:00Z", "kind": "PAUSED", "reason": "again"},
            "INVALID_TRANSITION",
        ),
        (
            [{"at": "2026-05-04T10:01:00Z", "kind": "RESOLVED"}],
            {"at": "2026-05-04T10:02:00Z", "kind": "RESOLVED"},
            "INVALID_TRANSITION",
        ),
        ([], {"at": "2026-05-04T10:05:00Z", "kind": "ASSIGNED", "assignee": "nobody-at-all"}, "UNKNOWN_REFERENCE"),
        (
            [],
            {"at": "2026-05-04T10:05:00Z", "kind": "NOTE", "note": "x", "actor": "nobody-at-all"},
            "UNKNOWN_REFERENCE",
        ),
        ([], {"at": "2026-05-04T10:05:00Z", "kind": "RECLASSIFIED", "severity": "NOPE"}, "UNKNOWN_REFERENCE"),
        ([], {"at": "2026-05-04T10:05:00", "kind": "NOTE", "note": "naive"}, "NAIVE_DATETIME"),
    ],
)
async def test_impossible_events_are_refused_and_nothing_is_written(
    gql: GraphQLClient, setup: list[dict[str, Any]], event: dict[str, Any], code: str
) -> None:
    key = await _new_incident(gql)
    for earlier in setup:
        assert (await _record(gql, key, **earlier))["userErrors"] == []
    before = await _event_count(gql, key)
    result = await _record(gql, key, **event)
    assert [e["code"] for e in result["userErrors"]] == [code], result
    assert result["event"] is None
    assert await _event_count(gql, key) == before


async def test_answers_as_of_a_past_instant_ignore_what_was_recorded_later(gql: GraphQLClient) -> None:
    key = await _new_incident(gql)
    query = """query($key: String!, $t: DateTime!) { incident(key: $key) {
        sla(asOf: $t) { response { status elapsedSeconds dueAt } resolution { status elapsedSeconds } }
        escalations(asOf: $t) { trigger status dueAt } breaches(asOf: $t) { kind dueAt overBySeconds }
        level(at: $t) } }"""
    t = "2026-05-04T10:10:00Z"
    before = await gql.data(query, {"key": key, "t": t})
    roles = await _people(gql)
    assert (
        await _record(
            gql,
            key,
            at="2026-05-04T10:20:00Z",
            kind="ACKNOWLEDGED",
            actor=roles.get("frontline"),
        )
    )["userErrors"] == []
    assert (await _record(gql, key, at="2026-05-04T10:30:00Z", kind="ESCALATED", level=2))["userErrors"] == []
    assert (await _record(gql, key, at="2026-05-04T11:00:00Z", kind="RESOLVED"))["userErrors"] == []
    after = await gql.data(query, {"key": key, "t": t})
    assert after == before
    assert before["incident"]["level"] == 1
    later = await gql.data(query, {"key": key, "t": "2026-05-04T12:00:00Z"})
    assert later["incident"]["sla"]["resolution"]["status"] in ("MET", "BREACHED")
    assert later["incident"]["level"] == 2


async def test_an_instant_left_out_given_as_null_or_as_an_unset_variable_means_now(gql: GraphQLClient) -> None:
    # The instant arguments have no GraphQL default (`asOf: DateTime`): all three ways of not giving one must
    # answer for now. The incident is resolved, so now answers as any instant after its resolution does, and
    # not as one before it (breaches' `overBySeconds` is left out: the report due after resolution is still
    # missing, so that one grows with now).
    key = await _new_incident(gql)
    roles = await _people(gql)
    acknowledged = await _record(gql, key, at="2026-05-04T10:20:00Z", kind="ACKNOWLEDGED", actor=roles.get("frontline"))
    assert acknowledged["userErrors"] == []
    assert (await _record(gql, key, at="2026-05-04T10:30:00Z", kind="ESCALATED", level=2))["userErrors"] == []
    assert (await _record(gql, key, at="2026-05-04T11:00:00Z", kind="RESOLVED"))["userErrors"] == []
    fields = (
        "severity{a} {{ code }} sla{a} {{ response {{ status dueAt }} resolution {{ status dueAt }} }} "
        "escalations{a} {{ trigger status dueAt }} breaches{a} {{ kind dueAt }} level{at}"
    )

    def form(alias: str, instant: str, at: str) -> str:
        return f"{alias}: incident(key: $key) {{ {fields.format(a=instant, at=at)} }} "

    query = (
        "query($key: String!, $unset: DateTime, $after: DateTime!, $before: DateTime!) { "
        + form("absent", "", "")
        + form("nulls", "(asOf: null, knownAt: null)", "(at: null, knownAt: null)")
        + form("variable", "(asOf: $unset, knownAt: $unset)", "(at: $unset, knownAt: $unset)")
        + form("after", "(asOf: $after)", "(at: $after)")
        + form("before", "(asOf: $before)", "(at: $before)")
        + " }"
    )
    data = await gql.data(query, {"key": key, "after": "2026-06-01T00:00:00Z", "before": "2026-05-04T10:10:00Z"})
    assert data["absent"]["level"] == 2
    assert data["absent"] == data["nulls"] == data["variable"] == data["after"]
    assert data["before"] != data["absent"]


async def test_racing_acknowledgements_do_not_both_succeed(gql: GraphQLClient) -> None:
    key = await _new_incident(gql)
    results = await asyncio.gather(
        *(_record(gql, key, at="2026-05-04T10:03:00Z", kind="ACKNOWLEDGED") for _ in range(4))
    )
    ok = [r for r in results if not r["userErrors"]]
    refused = [r for r in results if r["userErrors"]]
    assert len(ok) == 1
    assert all(r["userErrors"][0]["code"] == "ALREADY_ACKNOWLEDGED" for r in refused)
    assert await _event_count(gql, key) == 2


async def test_concurrent_appends_get_distinct_consecutive_seqs(gql: GraphQLClient) -> None:
    key = await _new_incident(gql)
    results = await asyncio.gather(
        *(_record(gql, key, at="2026-05-04T10:03:00Z", kind="NOTE", note=f"note {n}") for n in range(8))
    )
    assert all(r["userErrors"] == [] for r in results)
    seqs = sorted(r["event"]["seq"] for r in results)
    assert seqs == list(range(2, 10))
    chain = (await gql.data(EVENTS, {"key": key}))["incident"]
    assert chain["verifyChain"]["ok"] and chain["verifyChain"]["eventCount"] == 9
    events = chain["events"]
    assert all(b["prevHash"] == a["hash"] for a, b in itertools.pairwise(events))


async def test_editing_a_stored_event_breaks_the_chain_at_that_event(gql: GraphQLClient, seeded: Graph) -> None:
    key = await _new_incident(gql)
    for n in range(3):
        assert (await _record(gql, key, at=f"2026-05-04T10:0{n + 1}:00Z", kind="NOTE", note=f"n{n}"))[
            "userErrors"
        ] == []
    await seeded.run_script(
        "MATCH (e:IncidentEvent {incidentKey: $key, seq: 3}) SET e.note = 'rewritten later'", {"key": key}
    )
    check = (await gql.data(EVENTS, {"key": key}))["incident"]["verifyChain"]
    assert check["ok"] is False and check["firstBrokenSeq"] == 3
    assert "event 3" in check["reason"]


async def test_incident_documents_are_imported_all_or_nothing(gql: GraphQLClient) -> None:
    severity = await _severity(gql)
    document = f"""
format: clausegraph/incidents@1
contract: {CONTRACT}
incidents:
  - key: AON-GOOD
    service: aon
    title: fine on its own
    severity: {severity}
    events:
      - {{at: "2026-05-05T10:00:00Z", kind: REPORTED}}
  - key: AON-BAD
    service: aon
    title: acknowledges twice
    severity: {severity}
    events:
      - {{at: "2026-05-05T10:00:00Z", kind: REPORTED}}
      - {{at: "2026-05-05T10:01:00Z", kind: ACKNOWLEDGED}}
      - {{at: "2026-05-05T10:02:00Z", kind: ACKNOWLEDGED}}
      - {{at: "2026-05-05T10:03:00Z", kind: ESCALATED, level: 7}}
"""
    body = await gql.data(
        "mutation($d: String!) { importIncidents(document: $d) { incidents { key } userErrors { code path } } }",
        {"d": document},
    )
    errors = body["importIncidents"]["userErrors"]
    assert {"code": "ALREADY_ACKNOWLEDGED", "path": ["incidents", "1", "events", "2", "kind"]} in errors
    assert any(e["code"] == "INVALID_LEVEL" and e["path"][:4] == ["incidents", "1", "events", "3"] for e in errors)
    assert body["importIncidents"]["incidents"] == []
    for key in ("AON-GOOD", "AON-BAD"):
        assert (await gql.data("query($k: String!) { incident(key: $k) { key } }", {"k": key}))["incident"] is None


async def test_seed_incidents_cover_every_breach_kind_with_hand_computed_figures(gql: GraphQLClient) -> None:
    data = await gql.data(
        """{ incidents(first: 100, filter: {breached: true}) { totalCount edges { node { key
             breaches(asOf: "2026-06-01T00:00:00Z") { kind dueAt overBySeconds } } } } }"""
    )
    found = {e["node"]["key"]: e["node"]["breaches"] for e in data["incidents"]["edges"]}
    kinds = {b["kind"] for bs in found.values() for b in bs}
    assert kinds == {"RESPONSE", "RESOLUTION", "ESCALATION", "DOCUMENTATION"}
    # figures computed by hand in seed/data/README.md
    assert {"kind": "RESOLUTION", "dueAt": "2026-04-21T15:45:00+00:00", "overBySeconds": 1500} in found["AHC-2026-008"]
    assert {"kind": "DOCUMENTATION", "dueAt": "2026-02-14T14:40:00+00:00", "overBySeconds": 238800} in found[
        "SOI-2026-005"
    ]
    assert sorted(b["overBySeconds"] for b in found["AHC-2026-002"]) == [1500, 5400, 9000, 10800]


async def test_page_of_incidents_filters_by_contract_and_status(gql: GraphQLClient) -> None:
    data = await gql.data(
        '{ incidents(first: 3, filter: {contract: "common-ledger-saas", status: RESOLVED}) '
        "{ totalCount pageInfo { hasNextPage endCursor } edges { node { key contract { key } } } } }"
    )
    page = data["incidents"]
    assert page["totalCount"] == 8 and page["pageInfo"]["hasNextPage"]
    assert {e["node"]["contract"]["key"] for e in page["edges"]} == {"common-ledger-saas"}
    rest = await gql.data(
        "query($a: String) { incidents(first: 10, after: $a, "
        'filter: {contract: "common-ledger-saas", status: RESOLVED}) { edges { node { key } } } }',
        {"a": page["pageInfo"]["endCursor"]},
    )
    keys = [e["node"]["key"] for e in page["edges"]] + [e["node"]["key"] for e in rest["incidents"]["edges"]]
    assert len(keys) == len(set(keys)) == 8


def _incident_yaml(key: str, day: str) -> str:
    return f"""
  - key: {key}
    service: vm-pool
    title: VM pool degraded ({key})
    severity: B
    events:
      - {{at: "2026-05-{day}T10:00:00Z", kind: REPORTED}}
      - {{at: "2026-05-{day}T10:10:00Z", kind: ACKNOWLEDGED}}
      - {{at: "2026-05-{day}T13:00:00Z", kind: RESOLVED}}
      - {{at: "2026-05-{day}T15:00:00Z", kind: REPORT_FILED}}
"""


IMPORT_INCIDENTS = "mutation($d: String!) { importIncidents(document: $d) { userErrors { code message path } } }"


async def _synthetic_contract(gql: GraphQLClient, prefix: str) -> tuple[str, str]:
    """Import a fresh synthetic contract; its key and the head of an incidents document for it."""
    imported = await gql.data(
        "mutation($d: String!) { importContract(document: $d) { contract { key } userErrors { code } } }",
        {"d": next(synthetic_contracts(1, prefix))},
    )
    key = imported["importContract"]["contract"]["key"]
    return key, f"format: clausegraph/incidents@1\ncontract: {key}\nincidents:"


async def test_a_back_filled_incident_updates_the_stored_breaches_of_later_ones(gql: GraphQLClient) -> None:
    key, head = await _synthetic_contract(gql, "backfill")
    query = "query($k: String!) { contract(key: $k) { breaches { ref kind trigger incident { key } } } }"
    later = head + _incident_yaml("BF-2", "06") + _incident_yaml("BF-3", "07")
    assert (await gql.data(IMPORT_INCIDENTS, {"d": later}))["importIncidents"]["userErrors"] == []
    # two incidents in 14 days: the contract's REPEATED trigger (3 in P14D, to level 3 within 2 h) does not apply
    assert (await gql.data(query, {"k": key}))["contract"]["breaches"] == []

    earlier = head + _incident_yaml("BF-1", "05")
    assert (await gql.data(IMPORT_INCIDENTS, {"d": earlier}))["importIncidents"]["userErrors"] == []
    # BF-3 is now the third in the window, was never raised to level 3, and was resolved after the 2 h deadline
    breaches = (await gql.data(query, {"k": key}))["contract"]["breaches"]
    assert [(b["incident"]["key"], b["kind"], b["trigger"]) for b in breaches] == [("BF-3", "ESCALATION", "REPEATED")]


async def test_reports_arriving_at_once_on_one_service_count_each_other(gql: GraphQLClient) -> None:
    """Three incidents on one service in 14 days, each imported in its own request at the same moment: whatever
    order their transactions commit in, the third (7 May) ends up with the REPEATED breach, as if they had come
    one after another (each report takes the service's lock before counting the window)."""
    key, head = await _synthetic_contract(gql, "racing-repeated")
    documents = [head + _incident_yaml(f"RR-{day}", day) for day in ("07", "05", "06")]
    results = await asyncio.gather(*(gql.data(IMPORT_INCIDENTS, {"d": d}) for d in documents))
    assert [r["importIncidents"]["userErrors"] for r in results] == [[], [], []]
    query = "query($k: String!) { contract(key: $k) { breaches { kind trigger incident { key } } } }"
    breaches = (await gql.data(query, {"k": key}))["contract"]["breaches"]
    assert [(b["incident"]["key"], b["kind"], b["trigger"]) for b in breaches] == [("RR-07", "ESCALATION", "REPEATED")]


async def test_a_report_that_comes_near_while_another_is_counted_is_counted_with_it(
    gql: GraphQLClient, seeded: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A report counts its window without the service's lock first, and writes its figures only if the same
    count under the lock finds the same reports. Here RC-06 is committed between the two: RC-07's first count
    (RC-05 only) would leave it short of REPEATED's 3 in P14D; counted again with RC-06, it is the third."""
    from graph import incidents as store

    key, head = await _synthetic_contract(gql, "counted-twice")
    assert (await gql.data(IMPORT_INCIDENTS, {"d": head + _incident_yaml("RC-05", "05")}))["importIncidents"][
        "userErrors"
    ] == []
    real = store.write_figures_if_near
    written: list[list[store.Report] | None] = []

    async def another_report_commits_first(*args: Any, **kwargs: Any) -> list[store.Report] | None:
        if not written:
            # as a report on the same service committed by another request would be, for counting
            await seeded.write_statement(
                "probe",
                "MATCH (o:Incident {key: 'RC-05'}) CREATE (:Incident {key: 'RC-06', contractKey: o.contractKey, "
                "service: o.service, contractUid: o.contractUid, reportedAt: datetime('2026-05-06T10:00:00Z')})",
                {},
                RoundTrips(),
            )
        written.append(await real(*args, **kwargs))
        return written[-1]

    monkeypatch.setattr(store, "write_figures_if_near", another_report_commits_first)
    try:
        result = await gql.data(IMPORT_INCIDENTS, {"d": head + _incident_yaml("RC-07", "07")})
        assert result["importIncidents"]["userErrors"] == []
        # nothing was written from the first count: the one under the lock found RC-06, and RC-07 was evaluated on it
        assert len(written) == 1 and written[0] is not None
        assert sorted(r.key for r in written[0]) == ["RC-05", "RC-06"]
        query = "query($k: String!) { contract(key: $k) { breaches { kind trigger incident { key } } } }"
        breaches = (await gql.data(query, {"k": key}))["contract"]["breaches"]
        assert [(b["incident"]["key"], b["kind"], b["trigger"]) for b in breaches] == [
            ("RC-07", "ESCALATION", "REPEATED")
        ]
    finally:
        # RC-06 has no events, and RC-07's stored figures count it: gone together, they leave the other tests a
        # graph whose stored figures are what the rules say
        await seeded.write_statement(
            "probe",
            "MATCH (i:Incident {contractKey: $key}) OPTIONAL MATCH (i)-[:HAS_EVENT]->(e:IncidentEvent) "
            "OPTIONAL MATCH (b:Breach {incidentKey: i.key}) DETACH DELETE i, e, b",
            {"key": key},
            RoundTrips(),
        )


async def test_stored_repeated_breaches_match_a_plain_count_of_each_window_whatever_the_order(
    gql: GraphQLClient,
) -> None:
    """Reports on one service, imported one at a time and out of order, some at the same instant, in a dense run
    and sparse ones. Each write reads only the reports nearest its own (resolvers/incidents.py); what it stores
    must still be what counting every window says: REPEATED (3 in P14D) applies to an incident with two others
    reported in the 14 days up to it, and every one here is resolved three hours in, after the 2 h deadline."""
    key, head = await _synthetic_contract(gql, "dense-repeated")
    # working days of May 2026 clear of bank holidays (a deadline in business hours falls on the same day)
    days = ["05", "06", "07", "12", "12", "12", "12", "13", "13", "19", "27", "29", "08"]
    keys = [f"DR-{n:02d}-{day}" for n, day in enumerate(days)]
    order = [7, 0, 12, 3, 10, 1, 8, 5, 11, 2, 6, 9, 4]
    for n in order:
        result = await gql.data(IMPORT_INCIDENTS, {"d": head + _incident_yaml(keys[n], days[n])})
        assert result["importIncidents"]["userErrors"] == []

    def others_in_window(n: int) -> int:
        at = int(days[n])
        return sum(1 for m, day in enumerate(days) if m != n and at - 14 <= int(day) <= at)

    expected = sorted(keys[n] for n in range(len(days)) if others_in_window(n) >= 2)
    assert "DR-00-05" not in expected and "DR-01-06" not in expected and "DR-02-07" in expected
    assert "DR-11-29" in expected  # two sparse reports before it, the dense run out of its window
    query = "query($k: String!) { contract(key: $k) { breaches { trigger incident { key } } } }"
    stored = (await gql.data(query, {"k": key}))["contract"]["breaches"]
    assert sorted(b["incident"]["key"] for b in stored if b["trigger"] == "REPEATED") == expected
    # a note recomputes its own incident only, from the reports nearest it: in the dense run, the answer stands
    noted = await _record(gql, "DR-07-13", at="2026-05-13T16:00:00Z", kind="NOTE", note="after the fact")
    assert noted["userErrors"] == []
    stored = (await gql.data(query, {"k": key}))["contract"]["breaches"]
    assert sorted(b["incident"]["key"] for b in stored if b["trigger"] == "REPEATED") == expected


async def test_racing_reports_of_the_same_new_incident_create_it_once(gql: GraphQLClient) -> None:
    severity = await _severity(gql)
    variables = {
        "input": {
            "key": "RACE-1",
            "contractKey": CONTRACT,
            "service": "race",
            "title": "Same incident",
            "severity": severity,
            "reportedAt": "2026-05-06T10:00:00Z",
        }
    }
    results = await asyncio.gather(*(gql.data(REPORT, variables) for _ in range(4)))
    errors = [r["reportIncident"]["userErrors"] for r in results]
    assert sum(1 for e in errors if not e) == 1
    assert all(e[0]["code"] == "CONFLICT" for e in errors if e)
    assert await _event_count(gql, "RACE-1") == 1


async def test_an_incidents_document_may_name_new_people_of_either_party(gql: GraphQLClient) -> None:
    customer_provider = await gql.data('{ contract(key: "azurite-harbor-cloud") { parties { role party { key } } } }')
    parties = {p["role"]: p["party"]["key"] for p in customer_provider["contract"]["parties"]}
    severity = await _severity(gql)
    document = f"""
format: clausegraph/incidents@1
contract: {CONTRACT}
people:
  - {{key: new-customer-contact, name: Rosa Vale, party: {parties["CUSTOMER"]}}}
  - {{key: wrong-role-person, name: Sam Hart, party: {parties["CUSTOMER"]}, role: senior-engineer}}
incidents:
  - key: PPL-1
    service: people
    title: reported by a new customer contact
    severity: {severity}
    events:
      - {{at: "2026-05-07T10:00:00Z", kind: REPORTED, actor: new-customer-contact}}
"""
    mutation = "mutation($d: String!) { importIncidents(document: $d) { incidents { key } userErrors { code path } } }"
    refused = (await gql.data(mutation, {"d": document}))["importIncidents"]
    assert refused["userErrors"] == [{"code": "INVALID_VALUE", "path": ["people", "1", "role"]}]
    fixed = document.replace(", role: senior-engineer", "")
    accepted = (await gql.data(mutation, {"d": fixed}))["importIncidents"]
    assert accepted == {"incidents": [{"key": "PPL-1"}], "userErrors": []}


async def _is_settled(graph: Graph, key: str) -> bool:
    async def work(tx: Tx) -> dict[str, Any] | None:
        return await tx.one("settled", "MATCH (i:Incident {key: $key}) RETURN i.settled IS NOT NULL AS s", key=key)

    row = await graph.read(work, RoundTrips())
    return bool(row and row["s"])


async def test_settled_figures_follow_every_event_and_never_outlive_a_reopening(
    gql: GraphQLClient, seeded: Graph
) -> None:
    # Now (stored figures when settled) and `knownAt` now (the rules run on the events) must agree after each
    # event, including the REOPENED that unsettles a resolved incident.
    key = await _new_incident(gql, at="2026-05-06T10:00:00Z")
    roles = await _people(gql)
    query = """query($key: String!, $k: DateTime!) { incident(key: $key) {
        now: sla { response { status stoppedAt elapsedSeconds } resolution { status stoppedAt elapsedSeconds } }
        ruled: sla(knownAt: $k) { response { status stoppedAt elapsedSeconds }
                                  resolution { status stoppedAt elapsedSeconds } }
        nowBreaches: breaches { ref overBySeconds } ruledBreaches: breaches(knownAt: $k) { ref overBySeconds } } }"""

    async def both() -> dict[str, Any]:
        found: dict[str, Any] = (await gql.data(query, {"key": key, "k": datetime.now(UTC).isoformat()}))["incident"]
        assert found["now"] == found["ruled"] and found["nowBreaches"] == found["ruledBreaches"]
        return found

    steps = [
        {"at": "2026-05-06T10:05:00Z", "kind": "ACKNOWLEDGED", "actor": roles.get("frontline")},
        {"at": "2026-05-06T11:00:00Z", "kind": "RESOLVED"},
        {"at": "2026-05-06T12:00:00Z", "kind": "REPORT_FILED"},
    ]
    for step in steps:
        assert (await _record(gql, key, **step))["userErrors"] == []
        await both()
    resolved = await both()
    assert resolved["now"]["resolution"]["stoppedAt"] is not None
    assert await _is_settled(seeded, key)  # resolved and its report filed: read from the stored figures
    assert (await _record(gql, key, at="2026-05-06T13:00:00Z", kind="REOPENED"))["userErrors"] == []
    reopened = await both()
    assert reopened["now"]["resolution"]["stoppedAt"] is None
    assert not await _is_settled(seeded, key)


async def test_a_page_of_settled_incidents_reads_neither_events_nor_contracts(
    gql: GraphQLClient, seeded: Graph
) -> None:
    key, head = await _synthetic_contract(gql, "settled")
    document = head + _incident_yaml("ST-1", "05") + _incident_yaml("ST-2", "06") + _incident_yaml("ST-3", "07")
    assert (await gql.data(IMPORT_INCIDENTS, {"d": document}))["importIncidents"]["userErrors"] == []
    for incident in ("ST-1", "ST-2", "ST-3"):
        assert await _is_settled(seeded, incident)  # resolved, report filed
    page = "query($c: String!) { incidents(filter: {contract: $c}) { edges { node { key %s } } } }"
    fields = "sla%s { response { status elapsedSeconds } } breaches%s { ref kind responsible { level person { key } } }"
    stored = await gql(page % (fields % ("", "")), {"c": key})
    now = datetime.now(UTC).isoformat()
    ruled = await gql(page % (fields % ((f'(knownAt: "{now}")',) * 2)), {"c": key})
    assert not stored.get("errors") and not ruled.get("errors")
    assert stored["data"] == ruled["data"]
    # ST-3 is the third report in 14 days: its REPEATED escalation was missed (as in the back-fill test above)
    breaches = {e["node"]["key"]: e["node"]["breaches"] for e in stored["data"]["incidents"]["edges"]}
    assert [b["kind"] for b in breaches["ST-3"]] == ["ESCALATION"]
    # the page and, at most, the people named: no events, no contract structure, no REPEATED windows
    assert stored["extensions"]["roundTrips"] <= 2 < ruled["extensions"]["roundTrips"]


async def test_a_page_of_unsettled_incidents_counts_their_repeated_windows_as_the_rules_do(
    gql: GraphQLClient, seeded: Graph
) -> None:
    """The page's own statement reads each unsettled incident's REPEATED window (graph/cypher/incident_page.cypher);
    the figures must be those of the rules' own reads (`knownAt`), and the window must be the one they ask for."""
    key, head = await _synthetic_contract(gql, "unsettled")
    # resolved, but no report filed: their figures are computed when asked, not settled
    document = head + "".join(
        _incident_yaml(k, day).replace('      - {at: "2026-05-%sT15:00:00Z", kind: REPORT_FILED}\n' % day, "")
        for k, day in (("UW-1", "05"), ("UW-2", "06"), ("UW-3", "07"))
    )
    assert "REPORT_FILED" not in document
    assert (await gql.data(IMPORT_INCIDENTS, {"d": document}))["importIncidents"]["userErrors"] == []
    for incident in ("UW-1", "UW-2", "UW-3"):
        assert not await _is_settled(seeded, incident)
    page = "query($c: String!) { incidents(filter: {contract: $c}) { edges { node { key %s } } } }"
    fields = "sla%s { resolution { status dueAt } } breaches%s { kind trigger dueAt responsible { level } }"
    await gql(page % (fields % ("", "")), {"c": key})  # the contract version's terms, read once per process
    read_ahead = await gql(page % (fields % ("", "")), {"c": key})
    now = datetime.now(UTC).isoformat()
    ruled = await gql(page % (fields % ((f'(knownAt: "{now}")',) * 2)), {"c": key})
    assert not read_ahead.get("errors") and not ruled.get("errors")
    assert read_ahead["data"] == ruled["data"]
    # UW-3 is the third report in 14 days: REPEATED asked for level 3 within 2 h of it, and nobody escalated (and
    # none of the three has its report filed: a DOCUMENTATION breach each)
    escalations = {
        e["node"]["key"]: [b["trigger"] for b in e["node"]["breaches"] if b["kind"] == "ESCALATION"]
        for e in read_ahead["data"]["incidents"]["edges"]
    }
    assert escalations == {"UW-1": [], "UW-2": [], "UW-3": ["REPEATED"]}
    # the page with the events and the windows in one statement: nothing read afterwards
    assert read_ahead["extensions"]["roundTrips"] == 1
