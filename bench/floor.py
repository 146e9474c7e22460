"""The benchmark's floor: one hand-written Cypher statement per request, through the same Python driver as
Clausegraph, served by Starlette on uvicorn. `POST /q/<name>` with JSON parameters returns the rows as JSON.
It does what Clausegraph learnt to do where that is cheaper: instants travel as text (`toString`), since the
driver's DateTime hydration costs about 0.1 ms a value, and the response is encoded with orjson.

Run: NEO4J_URI=bolt://127.0.0.1:17105 PORT=8115 .venv/bin/python bench/floor.py
"""

from __future__ import annotations

import json
import os
from contextlib import asynccontextmanager
from datetime import date, datetime
from typing import Any, LiteralString

import orjson
import uvicorn
from neo4j import AsyncDriver, AsyncGraphDatabase
from neo4j.time import Date, DateTime
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

# `c.key IS NOT NULL` (true of every contract) lets Neo4j read the contract key index in order and stop at the
# limit, as Clausegraph's own page statement does.
STRUCTURE: LiteralString = """
MATCH (c:Contract)-[:HAS_VERSION]->(v:ContractVersion) WHERE c.key IS NOT NULL AND v.version = c.latestVersion
  AND ($key IS NULL OR c.key = $key)
WITH c, v ORDER BY c.key LIMIT $limit
WITH v
RETURN v {.key, .title, .currency,
  parties: COLLECT { MATCH (v)-[r:PARTY]->(p:Party) RETURN {role: r.role, party: {key: p.key, name: p.name}} },
  clauses: COLLECT { MATCH (v)-[:HAS_CLAUSE]->(cl:Clause) RETURN {number: cl.number, heading: cl.heading}
                     ORDER BY cl.position },
  severities: COLLECT { MATCH (v)-[:HAS_SEVERITY]->(s:SeverityLevel)-[:MEASURED_ON]->(cal:Calendar),
                              (s)-[:DEFINED_IN]->(cl:Clause)
                        RETURN {code: s.code, name: s.name, responseSeconds: s.responseSeconds,
                                resolutionSeconds: s.resolutionSeconds, calendar: {key: cal.key},
                                clause: {number: cl.number}} ORDER BY s.position },
  supportChannels: COLLECT { MATCH (v)-[:HAS_CHANNEL]->(ch:SupportChannel)-[:AVAILABLE_ON]->(cal:Calendar)
                             RETURN {kind: ch.kind, address: ch.address, calendar: {key: cal.key}}
                             ORDER BY ch.position },
  roles: COLLECT { MATCH (v)-[:HAS_ROLE]->(r:Role)-[:OF_PARTY]->(p:Party)
                   RETURN {key: r.key, name: r.name, party: {key: p.key}} },
  levels: COLLECT { MATCH (v)-[:HAS_ESCALATION]->(:EscalationPath)-[:HAS_LEVEL]->(l:EscalationLevel)
                          -[:HELD_BY]->(r:Role) RETURN {level: l.level, role: {key: r.key}} ORDER BY l.level },
  triggers: COLLECT { MATCH (v)-[:HAS_ESCALATION]->(:EscalationPath)-[:HAS_TRIGGER]->(t:EscalationTrigger)
                      RETURN {kind: t.kind, toLevel: t.toLevel, afterSeconds: t.afterSeconds} ORDER BY t.index },
  terms: COLLECT { MATCH (v)-[:HAS_TERM]->(t:ContractTerm) WHERE t.kind IN ['CREDITS', 'LIABILITY']
                   RETURN {kind: t.kind, capPercent: t.capPercent, cap: t.cap} }
} AS contract
"""

# `reportedAt IS NOT NULL` (true of every incident) lets Neo4j read the reportedAt index in order and stop at the
# limit instead of sorting every incident, as Clausegraph's own page statement does.
INCIDENTS: LiteralString = """
MATCH (i:Incident) WHERE i.reportedAt IS NOT NULL WITH i ORDER BY i.reportedAt, i.key LIMIT $limit
RETURN i {.key, .title, .service, reportedAt: toString(i.reportedAt), severity: {code: i.currentSeverity},
          contract: {key: i.contractKey}} AS incident
"""

SEARCH: LiteralString = """
CALL db.index.fulltext.queryNodes('knowledge_text', $text, {limit: $limit}) YIELD node, score
RETURN labels(node)[0] AS kind, coalesce(node.uid, node.key) AS id,
       coalesce(node.heading, node.caseName, node.title) AS title, score
"""

QUERIES: dict[str, LiteralString] = {"structure": STRUCTURE, "incidents": INCIDENTS, "search": SEARCH}


def _plain(value: Any) -> Any:
    if isinstance(value, DateTime | Date):
        return value.iso_format()
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def create_app(uri: str, user: str | None, password: str | None) -> Starlette:
    state: dict[str, AsyncDriver] = {}

    @asynccontextmanager
    async def lifespan(_: Starlette) -> Any:
        auth = (user or "neo4j", password) if password else None
        state["driver"] = AsyncGraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF")
        yield
        await state["driver"].close()

    async def run(request: Request) -> Response:
        name = request.path_params["name"]
        params = json.loads(await request.body() or b"{}")
        async with state["driver"].session() as session:
            result = await session.run(QUERIES[name], params)
            rows = [record.data() async for record in result]
        return Response(orjson.dumps({"data": rows}, default=_plain), media_type="application/json")

    async def health(_: Request) -> Response:
        return Response("ok")

    routes = [Route("/q/{name}", run, methods=["POST"]), Route("/health", health)]
    return Starlette(routes=routes, lifespan=lifespan)


if __name__ == "__main__":
    app = create_app(
        os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"), os.environ.get("NEO4J_USER"), os.getenv("NEO4J_PASSWORD")
    )
    uvicorn.run(app, host="127.0.0.1", port=int(os.environ.get("PORT", "8115")), log_level="warning")
