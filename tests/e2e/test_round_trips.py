"""A request costs a bounded number of database round trips, whatever it returns (no N+1)."""

from __future__ import annotations

from graph.database import Graph, RoundTrips
from resolvers.imports import import_contract_text
from seed.synthetic import synthetic_contracts
from tests.e2e.conftest import GraphQLClient
from tests.e2e.test_contracts_api import STRUCTURE
from tests.e2e.test_incidents_api import IMPORT_INCIDENTS, _is_settled, _people

FILTERED = STRUCTURE.replace(
    "query($first: Int, $after: String) {\n  contracts(first: $first, after: $after) {",
    "query($first: Int, $after: String, $title: String) {\n"
    "  contracts(first: $first, after: $after, filter: {titleContains: $title}) {",
)


async def test_structure_query_costs_the_same_for_1_and_20_contracts(seeded: Graph, gql: GraphQLClient) -> None:
    for text in synthetic_contracts(20, "rt-probe"):
        await import_contract_text(seeded, RoundTrips(), text, 10_000_000)

    one = await gql(FILTERED, {"first": 1, "title": "rt-probe synthetic"})
    twenty = await gql(FILTERED, {"first": 20, "title": "rt-probe synthetic"})
    assert not one.get("errors") and not twenty.get("errors")
    assert len(one["data"]["contracts"]["edges"]) == 1
    assert len(twenty["data"]["contracts"]["edges"]) == 20
    assert twenty["data"]["contracts"]["edges"][19]["node"]["severities"]
    trips_one, trips_twenty = one["extensions"]["roundTrips"], twenty["extensions"]["roundTrips"]
    assert trips_one == trips_twenty
    # the page statement (with its count) brings the structures along
    assert trips_twenty == 1


# Every part of a structure, with the fields a lean read leaves out (graph/reads.py, StructureDetail).
PARTS = """key title parties { role party { key } } clauses { number kind topics text }
  calendars { key timezone hours } severities { code calendar { key } clause { number } }
  supportChannels { address calendar { key } } roles { key responsibilities party { key } }
  escalationPath { levels { level role { key } } triggers { kind toLevel afterSeconds } }
  creditTerms { capPercent } documentation { reportDueSeconds } liability { cap } disputeResolution { forum }"""


async def test_a_contract_by_key_comes_with_its_structure_in_one_round_trip(gql: GraphQLClient) -> None:
    latest = await gql(f'{{ contract(key: "azurite-harbor-cloud") {{ {PARTS} }} }}')
    # a given version is found first and its structure read after: the answer must not differ
    given = await gql(f'{{ contract(key: "azurite-harbor-cloud", version: 1) {{ {PARTS} }} }}')
    assert not latest.get("errors") and not given.get("errors")
    assert latest["extensions"]["roundTrips"] == 1
    assert given["extensions"]["roundTrips"] == 2
    assert latest["data"]["contract"] == given["data"]["contract"]
    assert latest["data"]["contract"]["liability"] == {"cap": "624000.00"}


async def test_an_ordered_page_comes_with_its_structures_in_one_round_trip(gql: GraphQLClient) -> None:
    ordered = await gql(
        f"{{ contracts(first: 3, orderBy: {{field: TITLE, direction: DESC}}) {{ edges {{ node {{ id {PARTS} }} }} }} }}"
    )
    assert not ordered.get("errors")
    assert ordered["extensions"]["roundTrips"] == 1
    nodes = [e["node"] for e in ordered["data"]["contracts"]["edges"]]
    titles = [n["title"] for n in nodes]
    assert titles == sorted(titles, key=str.lower, reverse=True) and len(nodes) == 3
    for node in nodes:
        # the same version by its id: found first, its structure read after
        alone = await gql(
            f"query($id: ID!) {{ node(id: $id) {{ id ... on Contract {{ {PARTS} }} }} }}", {"id": node["id"]}
        )
        assert alone["data"]["node"] == node


REPORT = """mutation($input: ReportIncidentInput!) { reportIncident(input: $input) {
  incident { key } userErrors { code message } } }"""
NOTE = """mutation($input: RecordIncidentEventInput!) { recordIncidentEvent(input: $input) {
  event { seq } userErrors { code message } } }"""


async def _write(gql: GraphQLClient, query: str, fields: dict[str, object]) -> int:
    body = await gql(query, {"input": fields})
    assert not body.get("errors"), body
    assert next(iter(body["data"].values()))["userErrors"] == [], body
    trips: int = body["extensions"]["roundTrips"]
    return trips


async def test_a_report_and_a_note_cost_the_same_few_round_trips_on_a_busy_service_as_on_a_new_one(
    gql: GraphQLClient,
) -> None:
    severity = (await gql.data('{ contract(key: "azurite-harbor-cloud") { severities { code } } }'))["contract"]
    report = {
        "contractKey": "azurite-harbor-cloud",
        "title": "Round trips",
        "severity": severity["severities"][0]["code"],
    }
    for n in range(8):  # a history on one service, inside one another's REPEATED windows
        await _write(
            gql, REPORT, report | {"key": f"RT-BUSY-{n}", "service": "rt-busy", "reportedAt": f"2026-05-04T10:0{n}:00Z"}
        )
    # The latest report of the service, so no stored incident's REPEATED count changes (one that did would be
    # locked and recomputed: one statement more, whatever their number).
    busy = await _write(
        gql, REPORT, report | {"key": "RT-BUSY-8", "service": "rt-busy", "reportedAt": "2026-05-04T10:09:00Z"}
    )
    quiet = await _write(
        gql, REPORT, report | {"key": "RT-QUIET", "service": "rt-quiet", "reportedAt": "2026-05-04T10:09:00Z"}
    )
    # the guard's contract lookup, the incident's lock, the contract's versions, the REPEATED neighbours, the
    # write with the figures (taking the service's lock and counting them again), and the payload's read
    assert busy == quiet == 6
    note = {"kind": "NOTE", "note": "checked", "at": "2026-05-04T10:30:00Z"}
    noted_busy = await _write(gql, NOTE, note | {"incidentKey": "RT-BUSY-3"})
    noted_quiet = await _write(gql, NOTE, note | {"incidentKey": "RT-QUIET"})
    # the guard's incident lookup, the lock with the events and the contract's document, the REPEATED
    # neighbours, the event written with the figures, and the payload's read
    assert noted_busy == noted_quiet == 5


PAGE_WITH_FIGURES = """query($s: String!) { incidents(filter: {contract: "azurite-harbor-cloud", service: $s}) {
  edges { node { key sla { response { status } resolution { status } }
                 breaches { kind responsible { level person { key name } } } } } } }"""


def _page_incident(key: str, day: int, severity: str, actor: str, *, settled: bool) -> str:
    events = [
        f'{{at: "2026-05-{day:02d}T10:00:00Z", kind: REPORTED}}',
        f'{{at: "2026-05-{day:02d}T10:05:00Z", kind: ACKNOWLEDGED, actor: {actor}}}',
    ]
    if settled:  # resolved two days on and its report filed: the figures are settled (resolvers/settled.py)
        events += [
            f'{{at: "2026-05-{day + 2:02d}T10:00:00Z", kind: RESOLVED}}',
            f'{{at: "2026-05-{day + 2:02d}T11:00:00Z", kind: REPORT_FILED}}',
        ]
    lines = [f"  - key: {key}", "    service: rt-page", f"    title: A page's round trips ({key})"]
    lines += [f"    severity: {severity}", "    events:", *(f"      - {e}" for e in events)]
    return "\n" + "\n".join(lines)


async def test_a_page_with_clocks_breaches_and_who_held_them_costs_one_round_trip_settled_or_not(
    gql: GraphQLClient, seeded: Graph
) -> None:
    people = await _people(gql)
    # the settled ones acknowledged by one person, the open ones by another
    actors = {"S": people["service-desk"], "O": people["tech-specialist"]}
    assert actors["S"] != actors["O"]
    severity = (await gql.data('{ contract(key: "azurite-harbor-cloud") { severities { code } } }'))["contract"]
    code = severity["severities"][0]["code"]
    incidents = [_page_incident(f"RT-PAGE-S{n}", 3 + 4 * n, code, actors["S"], settled=True) for n in range(3)]
    incidents += [_page_incident(f"RT-PAGE-O{n}", 16 + 4 * n, code, actors["O"], settled=False) for n in range(2)]
    document = "format: clausegraph/incidents@1\ncontract: azurite-harbor-cloud\nincidents:" + "".join(incidents)
    assert (await gql.data(IMPORT_INCIDENTS, {"d": document}))["importIncidents"]["userErrors"] == []
    assert [await _is_settled(seeded, f"RT-PAGE-S{n}") for n in range(3)] == [True] * 3
    assert [await _is_settled(seeded, f"RT-PAGE-O{n}") for n in range(2)] == [False] * 2

    first = await gql(PAGE_WITH_FIGURES, {"s": "rt-page"})
    body = await gql(PAGE_WITH_FIGURES, {"s": "rt-page"})
    assert not body.get("errors"), body
    assert first["data"] == body["data"]
    nodes = {e["node"]["key"]: e["node"] for e in body["data"]["incidents"]["edges"]}
    assert len(nodes) == 5
    for key, node in nodes.items():
        # resolved two days after the report, or still open in December: late for its resolution target, while
        # the acknowledger held it
        resolution = [b for b in node["breaches"] if b["kind"] == "RESOLUTION"]
        assert len(resolution) == 1, (key, node["breaches"])
        assert resolution[0]["responsible"]["person"]["key"] == actors[key[len("RT-PAGE-")]]
        assert node["sla"]["resolution"]["status"] == "BREACHED"
    # one statement: the page with the settled figures, the events of the others and their REPEATED windows, and
    # the people their breaches can name; the first time, the process also reads the contract version's row and
    # terms (kept by content hash from then on)
    assert body["extensions"]["roundTrips"] == 1
    assert first["extensions"]["roundTrips"] <= 3
