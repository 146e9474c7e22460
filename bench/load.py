"""A bounded load test: mixed GraphQL reads and writes from N concurrent clients against a running server.

Usage: start the service (`make run`, or `clausegraph serve` with your PORT), then
    .venv/bin/python bench/load.py [--url http://127.0.0.1:8000] [--clients 16] [--duration 60] [--writes 0.25]
It imports the fixture contract `nimbus-acme-msa` (unchanged if present), then for --duration seconds each
client sends one request after another: a write (reportIncident, or a NOTE on one of its incidents) with
probability --writes, else one of a few reads. New incidents all go to one service (so their REPEATED windows
overlap and writes meet on the same incidents) unless --service-per-client. It prints throughput, latency
percentiles, errors by code, and the transaction retries (deadlocks) the server counted in the run.
Every request carries `Authorization: Bearer $CLAUSEGRAPH_BOOTSTRAP_ADMIN_KEY` when that variable is set.
What it imports and reports stays in the server's Neo4j: point it at a Neo4j of its own, not at a benchmark
scale's data folder (.neo4j-bench-<scale>/), whose tables it would change.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import random
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

CONTRACT = "nimbus-acme-msa"
DOCUMENT = Path(__file__).resolve().parent.parent / "tests" / "unit" / "fixtures_documents" / "nimbus-acme-msa.yaml"
BASE = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
READS = {
    "contract": f'{{ contract(key: "{CONTRACT}") {{ key title severities {{ code responseSeconds }} '
    "roles { key name } } }",
    "incidents page": f'{{ incidents(first: 20, filter: {{contract: "{CONTRACT}"}}) {{ totalCount '
    "edges { node { key title severity { code } } } } }",
    "incident": "query($key: String!) { incident(key: $key) { key events { seq kind } "
    'sla(asOf: "2026-06-01T00:00:00Z") { response { status } } } }',
}
REPORT = """mutation($input: ReportIncidentInput!) { reportIncident(input: $input) {
  incident { key } userErrors { code message } } }"""
NOTE = """mutation($input: RecordIncidentEventInput!) { recordIncidentEvent(input: $input) {
  event { seq } userErrors { code message } } }"""


class Tally:
    """Latencies by kind of request, and errors by code."""

    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = collections.defaultdict(list)
        self.errors: collections.Counter[str] = collections.Counter()

    def record(self, kind: str, took: float, error: str | None) -> None:
        self.latencies[kind].append(took)
        if error:
            self.errors[error] += 1


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else float("nan")


def error_of(response: httpx.Response) -> str | None:
    if response.status_code != 200:
        return f"HTTP {response.status_code}"
    body: dict[str, Any] = response.json()
    if body.get("errors"):
        return str(body["errors"][0].get("extensions", {}).get("code", "NO_CODE"))
    payload = next(iter(body["data"].values()))
    if isinstance(payload, dict) and payload.get("userErrors"):
        return str(payload["userErrors"][0]["code"])
    return None


async def client_loop(
    http: httpx.AsyncClient, n: int, until: float, writes: float, tally: Tally, service: str | None
) -> None:
    rng = random.Random(n)
    run = uuid.uuid4().hex[:6]
    mine: list[str] = []
    step = 0
    while time.monotonic() < until:
        step += 1
        at = (BASE + timedelta(seconds=step)).isoformat()
        if rng.random() < writes:
            if mine and step % 2 == 0:
                kind, query = "write: note", NOTE
                variables: dict[str, Any] = {
                    "input": {"incidentKey": mine[-1], "at": at, "kind": "NOTE", "note": f"load {step}"}
                }
            else:
                kind, query = "write: report", REPORT
                key = f"LOAD-{run}-{n}-{step}"
                variables = {
                    "input": {
                        "key": key,
                        "contractKey": CONTRACT,
                        "service": service if service else f"load-{n}",
                        "title": "Load test",
                        "severity": "SEV3",
                        "reportedAt": at,
                    }
                }
        else:
            kind = rng.choice(list(READS))
            query = READS[kind]
            variables = {"key": rng.choice(mine)} if kind == "incident" and mine else {"key": "none"}
        began = time.monotonic()
        try:
            response = await http.post("/graphql", json={"query": query, "variables": variables})
            error = error_of(response)
        except httpx.HTTPError as exc:
            error = type(exc).__name__
        tally.record(kind, time.monotonic() - began, error)
        if kind == "write: report" and error is None:
            mine.append(variables["input"]["key"])


async def retries(http: httpx.AsyncClient) -> float:
    """The server's count of retried transaction attempts (clausegraph_neo4j_transaction_retries), summed."""
    text = (await http.get("/metrics")).text
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("clausegraph_neo4j_transaction_retries{")
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--writes", type=float, default=0.25, help="share of requests that write (0..1)")
    parser.add_argument(
        "--service-per-client",
        action="store_true",
        help="each client reports on its own service (default: all on one, so REPEATED windows overlap)",
    )
    args = parser.parse_args()
    key = os.environ.get("CLAUSEGRAPH_BOOTSTRAP_ADMIN_KEY")
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    limits = httpx.Limits(max_connections=args.clients)
    async with httpx.AsyncClient(base_url=args.url, headers=headers, timeout=60, limits=limits) as http:
        for _attempt in range(5):  # a cold Neo4j may need more than one transaction timeout to compile the import
            imported = await http.post(
                "/graphql",
                json={
                    "query": "mutation($d: String!) { importContract(document: $d) { userErrors { code message } } }",
                    "variables": {"d": DOCUMENT.read_text(encoding="utf-8")},
                },
            )
            if error_of(imported) != "DATABASE_UNAVAILABLE":
                break
        if error_of(imported):
            raise SystemExit(f"Importing {CONTRACT} failed: {imported.text}")
        tally = Tally()
        retried_before = await retries(http)
        began = time.monotonic()
        until = began + args.duration
        service = None if args.service_per_client else f"load-{uuid.uuid4().hex[:6]}"
        await asyncio.gather(*(client_loop(http, n, until, args.writes, tally, service) for n in range(args.clients)))
        elapsed = time.monotonic() - began
        retried = await retries(http) - retried_before
    every = [t for values in tally.latencies.values() for t in values]
    print(f"{args.clients} clients, {elapsed:.1f} s, {len(every)} requests, {len(every) / elapsed:.1f} requests/s")
    print(f"{'request':<16} {'count':>7} {'p50 ms':>8} {'p99 ms':>8}")
    for kind, values in [*sorted(tally.latencies.items()), ("all", every)]:
        p50, p99 = percentile(values, 50) * 1000, percentile(values, 99) * 1000
        print(f"{kind:<16} {len(values):>7} {p50:>8.0f} {p99:>8.0f}")
    print(f"errors: {sum(tally.errors.values())}" + "".join(f", {c} {n}" for c, n in tally.errors.most_common()))
    print(f"transaction retries (deadlocks and other transient errors, from /metrics): {retried:.0f}")


if __name__ == "__main__":
    asyncio.run(main())
