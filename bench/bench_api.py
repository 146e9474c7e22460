"""Latency and database round trips of representative GraphQL requests against a running server.

Usage: start the service (`make run`), then
    .venv/bin/python bench/bench_api.py [--url URL] [--key SECRET] [--repeat 50] [--synthetic 0]
The URL defaults to the service of `make run` (http://127.0.0.1:$PORT/graphql, PORT default 8000) and the key
to CLAUSEGRAPH_BENCH_KEY, else the local development admin key in .clausegraph/dev-admin-key.
`--synthetic N` first imports N synthetic contracts (into the server's database) so list queries run at scale.
Requests are sequential, on loopback, bounded by --repeat. `bench/run.py` is the side-by-side benchmark.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import httpx

from clausegraph.devkey import read_dev_key
from clausegraph.settings import Settings
from seed.synthetic import synthetic_contracts

QUERIES = {
    "contract structure, 20 contracts": (
        """{ contracts(first: 20) { totalCount edges { node { key parties { role party { name } }
             severities { code responseSeconds calendar { key hours } clause { number text } }
             supportChannels { kind calendar { key } } roles { key party { key } }
             escalationPath { levels { level role { key } } triggers { kind toLevel } }
             creditTerms { capPercent rules { kind percent } } liability { cap } } } } }"""
    ),
    "incident with clocks, escalations, breaches": (
        """{ incident(key: "AHC-2026-003") { sla(asOf: "2026-06-01T00:00:00Z") { response { status } }
             escalations(asOf: "2026-06-01T00:00:00Z") { status } breaches(asOf: "2026-06-01T00:00:00Z") {
             kind clause { number } responsible { role { name } person { name } } } } }"""
    ),
    "50 incidents with breaches": (
        """{ incidents(first: 50) { edges { node { key sla(asOf: "2026-06-01T00:00:00Z") { response { status } }
             breaches(asOf: "2026-06-01T00:00:00Z") { kind responsible { level person { key } } } } } } }"""
    ),
    "credit report": '{ creditReport(contractKey: "azurite-harbor-cloud", month: "2026-04") { total items { kind } } }',
    "full-text search": '{ search(text: "liability consequential", first: 20) { kind title score } }',
}

IMPORT = "mutation($d: String!) { importContract(document: $d) { created userErrors { code } } }"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    settings = Settings()
    parser.add_argument("--url", default=f"http://127.0.0.1:{settings.port}/graphql")
    parser.add_argument("--key", default=os.environ.get("CLAUSEGRAPH_BENCH_KEY") or read_dev_key(settings.dev_key_file))
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--synthetic", type=int, default=0)
    args = parser.parse_args()
    if not args.key:
        raise SystemExit("No API key: pass --key, set CLAUSEGRAPH_BENCH_KEY, or start `make run` once to create one.")
    headers = {"Authorization": f"Bearer {args.key}"}
    try:
        with httpx.Client(timeout=60, headers=headers) as client:
            run(client, args)
    except httpx.ConnectError:
        raise SystemExit(f"Nothing answers at {args.url}: start the service (`make run`) or pass --url.") from None


def run(client: httpx.Client, args: argparse.Namespace) -> None:
    """Import the synthetic contracts asked for, then time each request."""
    for text in synthetic_contracts(args.synthetic, "bench"):
        client.post(args.url, json={"query": IMPORT, "variables": {"d": text}}).raise_for_status()
    print(f"{'request':45} {'median ms':>10} {'p95 ms':>8} {'round trips':>12}")
    for name, query in QUERIES.items():
        timings, trips = [], None
        for _ in range(args.repeat):
            start = time.perf_counter()
            body = client.post(args.url, json={"query": query}).json()
            timings.append((time.perf_counter() - start) * 1000)
            if body.get("errors"):
                raise SystemExit(f"{name}: {body['errors']}")
            trips = body.get("extensions", {}).get("roundTrips")
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        print(f"{name:45} {statistics.median(timings):10.1f} {p95:8.1f} {trips!s:>12}")


if __name__ == "__main__":
    main()
