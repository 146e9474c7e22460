"""Before and after: the same requests sent alternately to two running Clausegraph servers (say, one on the code
before a change and one after it, on the same Neo4j), with each one's median and whether they answered alike.

Usage (from the repository root, both servers started in development mode with the same admin key):
    .venv/bin/python bench/ab.py --before http://127.0.0.1:8106 --after http://127.0.0.1:8105 [--rounds 40] \
        [sla credits ...]
Requests are `bench/run.py`'s (named in `requests` below). Each round sends each request once to each server, in
an order swapped every round so that a slow moment of the machine falls on both alike; the first two rounds warm
up and are not counted. Sequential, on loopback, bounded by --rounds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.run import (
    COLD,
    CONTRACT,
    CREDITS,
    DISPUTE,
    HEADERS,
    HOT,
    INCIDENTS,
    INCIDENTS_SLA,
    LIABILITY,
    NOTE,
    REPORT,
    SEARCH,
    STRUCTURE,
    _breached_incident,
    contracts_query,
    note_vars,
    report_vars,
)

WARM_UP = 2
COUNTED = "totalCount edges { node { key title severity { code } } }"


def requests(url: str) -> dict[str, tuple[str, Any]]:
    """The requests by name, with their variables or a maker of fresh ones (the liability chain's incident is found
    on `url`). The writes are `bench/run.py`'s: a NOTE and a report on the 1,500-incident service (`long`) and on
    the 20-incident one (`short`); both servers write into the same Neo4j."""
    return {
        "contracts20": (contracts_query(20), None),
        "contracts100": (contracts_query(100), None),
        "incidents": (INCIDENTS, None),
        "sla": (INCIDENTS_SLA, None),
        "contract": (f'{{ contract(key: "{CONTRACT}") {{ {STRUCTURE} }} }}', None),
        "search": (SEARCH, None),
        "chain": (LIABILITY, {"k": _breached_incident(url)}),
        "dispute": (DISPUTE, {"k": f"{CONTRACT}-D1"}),
        "credits": (CREDITS, {"c": "syn-00002"}),
        # pages of 20 with their totalCount: one contract's, every incident's, and a filter no index answers
        "counted-contract": (f'{{ incidents(first: 20, filter: {{contract: "{CONTRACT}"}}) {{ {COUNTED} }} }}', None),
        "counted-all": (f"{{ incidents(first: 20) {{ {COUNTED} }} }}", None),
        "counted-status": (f"{{ incidents(first: 20, filter: {{status: RESOLVED}}) {{ {COUNTED} }} }}", None),
        "note-long": (NOTE, note_vars(HOT)),
        "note-short": (NOTE, note_vars(COLD)),
        "report-long": (REPORT, report_vars("hot-service")),
        "report-short": (REPORT, report_vars("cold-service")),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="base URL of the server on the code before")
    parser.add_argument("--after", required=True, help="base URL of the server on the code after")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("names", nargs="*", help="requests to send (default: every read)")
    args = parser.parse_args()
    known = requests(args.after)
    names = args.names or [n for n in known if not n.startswith(("note-", "report-"))]
    unknown = [n for n in names if n not in known]
    if unknown:
        parser.error(f"unknown request(s) {', '.join(unknown)}; known: {', '.join(known)}")
    servers = {"before": args.before.rstrip("/"), "after": args.after.rstrip("/")}
    times: dict[tuple[str, str], list[float]] = {(n, s): [] for n in names for s in servers}
    answers: dict[tuple[str, str], Any] = {}
    with httpx.Client(headers=HEADERS, timeout=60) as client:
        for round_ in range(args.rounds + WARM_UP):
            order = list(servers) if round_ % 2 == 0 else list(servers)[::-1]
            for name in names:
                query, variables = known[name]
                for server in order:
                    started = time.perf_counter()
                    given = variables() if callable(variables) else variables
                    response = client.post(f"{servers[server]}/graphql", json={"query": query, "variables": given})
                    elapsed = (time.perf_counter() - started) * 1000
                    body = response.json()
                    payload = next(iter((body.get("data") or {}).values()), None)
                    refused = isinstance(payload, dict) and payload.get("userErrors")
                    if response.status_code != 200 or body.get("errors") or refused:
                        sys.exit(f"{name} on {server}: HTTP {response.status_code} {str(body)[:300]}")
                    body.pop("extensions", None)
                    answers[(name, server)] = body
                    if round_ >= WARM_UP:
                        times[(name, server)].append(elapsed)
    print(f"{'request':14} {'before ms':>10} {'after ms':>10} {'after/before':>13}  same answer")
    for name in names:
        before, after = (statistics.median(times[(name, s)]) for s in servers)
        same = answers[(name, "before")] == answers[(name, "after")]
        print(f"{name:14} {before:10.1f} {after:10.1f} {after / before:12.2f}x  {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
