"""Live SLA warnings: an open incident past its thresholds is announced once per threshold."""

from __future__ import annotations

import asyncio
from typing import Any

from clausegraph.app import build_graphql_schema
from clausegraph.settings import Settings
from graph.database import Graph
from resolvers.context import Context
from seed.synthetic import synthetic_contracts
from tests.e2e.conftest import GraphQLClient

WARNINGS = """subscription($contract: String!) {
  slaWarnings(contractKey: $contract, thresholds: [50, 100], pollSeconds: 0.2) {
    incident { key } clock thresholdPercent elapsedPercent remainingSeconds
  }
}"""


async def test_an_overdue_open_incident_is_warned_once_per_threshold_and_clock(
    gql: GraphQLClient, seeded: Graph, test_settings: Settings
) -> None:
    imported = await gql.data(
        "mutation($d: String!) { importContract(document: $d) { contract { key severities { code } } } }",
        {"d": next(synthetic_contracts(1, "warn"))},
    )
    contract = imported["importContract"]["contract"]
    reported = await gql.data(
        "mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { userErrors { code } } }",
        {
            "i": {
                "key": "WARN-1",
                "contractKey": contract["key"],
                "service": "vm",
                "title": "Still down",
                "severity": contract["severities"][0]["code"],
                "reportedAt": "2026-05-04T10:00:00Z",
            }
        },
    )
    assert reported["reportIncident"]["userErrors"] == []

    schema = build_graphql_schema()
    quick = test_settings.model_copy(update={"min_poll_seconds": 0.1})
    stream = await schema.subscribe(
        WARNINGS,
        variable_values={"contract": contract["key"]},
        context_value=Context(settings=quick, graph=seeded),
    )
    assert not isinstance(stream, type(None))
    received: list[dict[str, Any]] = []

    async def take(n: int) -> None:
        async for result in stream:  # type: ignore[union-attr]
            assert not result.errors, result.errors
            received.append(result.data["slaWarnings"])
            if len(received) == n:
                return

    # months overdue: response and resolution clocks each pass 50 % and 100 %, and nothing more comes after
    await asyncio.wait_for(take(4), timeout=30)
    assert sorted((w["clock"], w["thresholdPercent"]) for w in received) == [
        ("RESOLUTION", 50),
        ("RESOLUTION", 100),
        ("RESPONSE", 50),
        ("RESPONSE", 100),
    ]
    assert all(w["incident"] == {"key": "WARN-1"} and w["remainingSeconds"] == 0 for w in received)
    try:
        await asyncio.wait_for(take(5), timeout=1)
        raise AssertionError(f"a warning was repeated: {received[4:]}")
    except TimeoutError:
        pass
    await stream.aclose()  # type: ignore[union-attr]


async def _first(stream: Any) -> Any:
    async for result in stream:
        return result
    raise AssertionError("the stream ended without a result")


async def test_polling_faster_than_the_minimum_is_refused(seeded: Graph, test_settings: Settings) -> None:
    schema = build_graphql_schema(test_settings)
    stream = await schema.subscribe(
        WARNINGS, variable_values={"contract": "x"}, context_value=Context(settings=test_settings, graph=seeded)
    )
    result = await asyncio.wait_for(_first(stream), timeout=10)
    assert result.errors and "pollSeconds" in result.errors[0].message
    assert result.errors[0].extensions["code"] == "BAD_USER_INPUT"


async def test_a_connection_runs_a_bounded_number_of_subscriptions(seeded: Graph, test_settings: Settings) -> None:
    schema = build_graphql_schema(test_settings)
    connection = Context(settings=test_settings, graph=seeded)
    connection.live_subscriptions = test_settings.max_subscriptions_per_connection
    query = WARNINGS.replace("pollSeconds: 0.2", f"pollSeconds: {test_settings.min_poll_seconds}")
    stream = await schema.subscribe(query, variable_values={"contract": "x"}, context_value=connection)
    result = await asyncio.wait_for(_first(stream), timeout=10)
    assert result.errors and result.errors[0].extensions["code"] == "TOO_MANY_SUBSCRIPTIONS"
    assert connection.live_subscriptions == test_settings.max_subscriptions_per_connection
