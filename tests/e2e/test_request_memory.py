"""What a request reads and builds is freed with its response, not left for the garbage collector to find."""

from __future__ import annotations

import gc
from collections import Counter

from bench.run import INCIDENTS_SLA, contracts_query
from tests.e2e.conftest import GraphQLClient

# a page of structures, and a page of incidents with their clocks and breaches (evaluations, people, windows)
QUERIES = [contracts_query(20), INCIDENTS_SLA]


# A request's own machinery is in reference cycles that reach its context (graphql-core's execution context, the
# principal it runs as): a few objects, which hold nothing of what it read once the context lets go.
MACHINERY = {"PlainExecutionContext", "Principal"}


def _ours(obj: object) -> bool:
    kind = type(obj)
    ours = kind.__module__.startswith(("schema.", "domain.", "resolvers.settled"))
    return ours and kind.__qualname__ not in MACHINERY


async def test_what_a_request_read_is_freed_by_the_time_its_response_is_sent(gql: GraphQLClient) -> None:
    for query in QUERIES:  # first use fills the process's own caches (selections, terms)
        assert not (await gql(query)).get("errors")
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what a collection finds unreachable is kept in gc.garbage to be looked at
    try:
        for query in QUERIES:
            body = await gql(query)
            assert not body.get("errors"), body["errors"]
            assert body["data"]
        gc.collect()
        left = Counter(type(o).__qualname__ for o in gc.garbage if _ours(o))
        everything = len(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    # Before: every clause, role, severity, incident and breach the two requests made (thousands of objects, with
    # the driver's rows) waited in reference cycles for the collector, which walked them all first.
    assert not left, left.most_common(10)
    assert everything < 1_000
