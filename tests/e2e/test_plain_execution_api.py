"""Over the seeded graph, the plain walk (schema/execution.py) gives the very responses graphql-core gives."""

from __future__ import annotations

from typing import Any

import pytest

from bench.run import INCIDENTS, INCIDENTS_SLA, STRUCTURE
from schema.execution import PlainExecutionContext
from tests.e2e.conftest import GraphQLClient

STRUCTURE_QUERY = f"""query($text: Boolean!) {{ contracts(first: 10) {{ totalCount edges {{ cursor node {{
  __typename id {STRUCTURE}
  clauses {{ ...ClauseParts text @include(if: $text) }}
  calendars {{ key alwaysOpen timezone hours holidayCountry closedDates }}
  severities {{ sev: code calendar {{ __typename key hours }} clause {{ ...ClauseParts }} }}
  roles {{ key escalationLevels responsibilities party {{ id key name }} }}
  creditTerms {{ capPercent uptimeTiers {{ below percent }} }} }} }} }} }}
fragment ClauseParts on Clause {{ id number heading kind topics contractKey contractVersion }}"""

AS_OF = '"2026-06-01T00:00:00Z"'
QUERIES: list[tuple[str, dict[str, Any]]] = [
    (STRUCTURE_QUERY, {"text": True}),
    (STRUCTURE_QUERY, {"text": False}),
    (INCIDENTS, {}),
    # now: settled incidents' stored figures (READY) beside the others' evaluations, without the parts that move
    # with the clock (a paused clock's dueAt, the seconds of a running one)
    (
        """{ incidents(first: 50) { edges { node { key sla { response { status } resolution { status } }
             breaches { ref kind dueAt responsible { at level person { key name party { key } } } } } } } }""",
        {},
    ),
    # a fixed instant: figures as of now move between the two requests
    (INCIDENTS_SLA.replace("sla {", f"sla(asOf: {AS_OF}) {{").replace("breaches {", f"breaches(asOf: {AS_OF}) {{"), {}),
    (
        """{ incident(key: "AHC-2026-003") { key events { seq kind at recordedAt actor { key name } }
             breaches(asOf: "2026-06-01T00:00:00Z") { kind dueAt overBySeconds clause { number }
               responsible { level role { key } person { key } } }
             liabilityChain(asOf: "2026-06-01T00:00:00Z") { clause { number } obligor { key } } } }""",
        {},
    ),
    (
        """{ dispute(key: "DSP-2026-FENWICK-01") { key status transitions { seq fromStatus toStatus at }
             evidence { key kind label custody { action at } } citations { note precedent { key caseName } } } }""",
        {},
    ),
    ('{ search(text: "liability", first: 5) { kind title } }', {}),
    # structure fields the walk answers from a preloaded page, next to ones with arguments it leaves alone
    (
        """{ contracts(first: 10) { edges { node { key provider { key name } documentation { reportDueSeconds }
             liability { cap excludesConsequential } disputeResolution { forum steps }
             escalationPath { clause { number } levels { level role { key } } }
             definitions: clauses(kind: "ESCALATION") { number } clause(number: "1.1") { heading }
             supportChannels { kind severities calendar { key } } } } } }""",
        {},
    ),
    # one contract: nothing is preloaded, so its fields resolve the usual way
    (f'{{ contract(key: "azurite-harbor-cloud") {{ {STRUCTURE} }} }}', {}),
]


def _without_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PlainExecutionContext, "_object_plan", lambda *_: None)
    monkeypatch.setattr(PlainExecutionContext, "_value_plan", lambda *_: None)


@pytest.mark.parametrize(("query", "variables"), QUERIES)
async def test_the_walk_answers_as_graphql_core_does(
    gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch, query: str, variables: dict[str, Any]
) -> None:
    walked = await gql(query, variables)
    with monkeypatch.context() as patch:
        _without_walk(patch)
        usual = await gql(query, variables)
    assert walked.get("errors") == usual.get("errors")
    assert walked["data"] == usual["data"]
    assert walked["data"] is not None
