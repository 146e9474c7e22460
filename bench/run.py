"""One benchmark run: Clausegraph, the hand-written floor and the peer (@neo4j/graphql) on one Neo4j, warm and
interleaved, on synthetic data; writes the table and a plot into docs/performance.md.

Usage (from the repository root, after `make install`):
    .venv/bin/python bench/run.py [--scale S0|S1|S10] [--rounds 15] [--clients 8] [--no-peer]
Ports: CLAUSEGRAPH_NEO4J_PORT (Neo4j, default 17105), PORT (Clausegraph, default 8105), the floor on PORT+10
and the peer on PORT-4000. The Neo4j data lives in .neo4j-bench-<scale>/ and is loaded once per scale.
Every request is bounded (count and timeout) and goes to 127.0.0.1 only; every process started is stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
ADMIN_KEY = os.environ.get("CLAUSEGRAPH_BOOTSTRAP_ADMIN_KEY", "cg_bench_admin_0123456789")
HEADERS = {"Authorization": f"Bearer {ADMIN_KEY}"}
CONTRACT = "syn-00001"
HOT, COLD = f"{CONTRACT}-H01499", f"{CONTRACT}-C00019"

STRUCTURE = """key title currency parties { role party { key name } } clauses { number heading }
  severities { code name responseSeconds resolutionSeconds calendar { key } clause { number } }
  supportChannels { kind address calendar { key } } roles { key name party { key } }
  escalationPath { levels { level role { key } } triggers { kind toLevel afterSeconds } }
  creditTerms { capPercent } liability { cap }"""
PEER_STRUCTURE = """key title currency partiesConnection { edges { properties { role } node { key name } } }
  clauses(sort: [{position: ASC}]) { number heading }
  severities(sort: [{position: ASC}]) { code name responseSeconds resolutionSeconds calendar { key }
    clause { number } }
  supportChannels(sort: [{position: ASC}]) { kind address calendar { key } } roles { key name party { key } }
  escalationPath { levels(sort: [{level: ASC}]) { level role { key } }
    triggers(sort: [{index: ASC}]) { kind toLevel afterSeconds } }
  terms(where: {kind: {in: ["CREDITS", "LIABILITY"]}}) { kind capPercent cap }"""


def contracts_query(n: int) -> str:
    return f"{{ contracts(first: {n}) {{ edges {{ node {{ {STRUCTURE} }} }} }} }}"


def peer_contracts_query(n: int) -> str:
    return f"{{ contractVersions(sort: [{{key: ASC}}], limit: {n}) {{ {PEER_STRUCTURE} }} }}"


INCIDENTS = (
    "{ incidents(first: 50) { edges { node { key title service reportedAt severity { code } contract { key } } } } }"
)
PEER_INCIDENTS = (
    "{ incidents(sort: [{reportedAt: ASC}, {key: ASC}], limit: 50) "
    "{ key title service reportedAtText currentSeverity contractKey } }"
)
INCIDENTS_SLA = (
    "{ incidents(first: 50) { edges { node { key title service reportedAt severity { code } contract { key } "
    "sla { response { status dueAt } resolution { status dueAt } } "
    "breaches { kind dueAt overBySeconds responsible { level person { key } } } } } } }"
)
SEARCH_TEXT = "liability consequential"
SEARCH = f'{{ search(text: "{SEARCH_TEXT}", first: 20) {{ kind id title score }} }}'
PEER_SEARCH = (
    f'{{ clausesFulltext(phrase: "{SEARCH_TEXT}", first: 20) '
    "{ edges { score node { uid heading contractKey } } } }"
)
LIABILITY = (
    "query($k: String!) { incident(key: $k) { key liabilityChain { breach { kind dueAt overBySeconds } "
    "clause { number heading } obligor { key } responsible { level role { key } person { key } } "
    "remedy { credit creditPercent liabilityCap soleRemedy } } } }"
)
DISPUTE = (
    "query($k: String!) { dispute(key: $k) { key status incidents { key } "
    "breaches { ref kind dueAt overBySeconds } liabilityChain { clause { number } obligor { key } "
    "remedy { credit } } evidence { kind } } }"
)
CREDITS = (
    'query($c: String!) { creditReport(contractKey: $c, month: "2026-06") '
    "{ month downtimeSeconds uptimePercentExact items { kind percent amount incidentKey } total claimDeadline } }"
)
NOTE = "mutation($i: RecordIncidentEventInput!) { recordIncidentEvent(input: $i) { userErrors { code message } } }"
REPORT = "mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { userErrors { code message } } }"


@dataclass(frozen=True)
class Reply:
    trips: int | None  # round trips, when the target reports them
    size: int  # bytes of the response body


Call = Callable[[httpx.AsyncClient], Awaitable[Reply]]


@dataclass
class Targets:
    clausegraph: str
    floor: str
    peer: str | None


class Unavailable(RuntimeError):
    """Clausegraph answered DATABASE_UNAVAILABLE (a statement passed the transaction timeout, say)."""


# Warm-up requests answered DATABASE_UNAVAILABLE that are sent again: on a Neo4j just started, with its page cache
# empty, the first large statements can pass the 10 s transaction timeout (the first S10 run of the eighth round).
WARM_UP_RETRIES = 3


def gql(url: str, query: str, variables: dict[str, Any] | Callable[[], dict[str, Any]] | None = None) -> Call:
    async def call(client: httpx.AsyncClient) -> Reply:
        variables_now = variables() if callable(variables) else variables
        r = await client.post(url, json={"query": query, "variables": variables_now or {}}, headers=HEADERS)
        if r.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {r.status_code}: {r.text[:500]}")
        body = r.json()
        if body.get("errors"):
            error = body["errors"][0]
            code = (error.get("extensions") or {}).get("code")
            raise (Unavailable if code == "DATABASE_UNAVAILABLE" else RuntimeError)(f"{url}: {error.get('message')}")
        payload = next(iter(body["data"].values())) if body.get("data") else None
        if isinstance(payload, dict) and payload.get("userErrors"):
            raise RuntimeError(f"{url}: {payload['userErrors']}")
        trips = (body.get("extensions") or {}).get("roundTrips")
        return Reply(trips if isinstance(trips, int) else None, len(r.content))

    return call


def floor(url: str, name: str, params: dict[str, Any]) -> Call:
    async def call(client: httpx.AsyncClient) -> Reply:
        r = await client.post(f"{url}/q/{name}", json=params)
        r.raise_for_status()
        return Reply(1, len(r.content))

    return call


def _now() -> str:
    return datetime.now(UTC).isoformat()


def note_vars(key: str) -> Callable[[], dict[str, Any]]:
    return lambda: {"i": {"incidentKey": key, "at": _now(), "kind": "NOTE", "note": "bench note"}}


def report_vars(service: str) -> Callable[[], dict[str, Any]]:
    def make() -> dict[str, Any]:
        key = f"bench-{uuid.uuid4().hex[:12]}"
        return {
            "i": {
                "key": key,
                "contractKey": CONTRACT,
                "service": service,
                "title": "bench report",
                "severity": "B",
                "reportedAt": _now(),
            }
        }

    return make


def cases(t: Targets, dispute: str, liability_incident: str) -> dict[str, dict[str, Call]]:
    cg = f"{t.clausegraph}/graphql"
    out: dict[str, dict[str, Call]] = {
        "20 contracts, full structure": {
            "clausegraph": gql(cg, contracts_query(20)),
            "floor": floor(t.floor, "structure", {"limit": 20, "key": None}),
        },
        "100 contracts, full structure": {
            "clausegraph": gql(cg, contracts_query(100)),
            "floor": floor(t.floor, "structure", {"limit": 100, "key": None}),
        },
        "50 incidents, stored fields": {
            "clausegraph": gql(cg, INCIDENTS),
            "floor": floor(t.floor, "incidents", {"limit": 50}),
        },
        "50 incidents with sla and breaches": {"clausegraph": gql(cg, INCIDENTS_SLA)},
        "one contract by key": {
            "clausegraph": gql(cg, f'{{ contract(key: "{CONTRACT}") {{ {STRUCTURE} }} }}'),
            "floor": floor(t.floor, "structure", {"limit": 1, "key": CONTRACT}),
        },
        "full-text search, 20 hits": {
            "clausegraph": gql(cg, SEARCH),
            "floor": floor(t.floor, "search", {"text": SEARCH_TEXT, "limit": 20}),
        },
        "an incident's liability chain": {"clausegraph": gql(cg, LIABILITY, {"k": liability_incident})},
        "a dispute's bundle": {"clausegraph": gql(cg, DISPUTE, {"k": dispute})},
        "a month's credit report": {"clausegraph": gql(cg, CREDITS, {"c": "syn-00002"})},
    }
    if t.peer:
        peer = t.peer
        out["20 contracts, full structure"]["peer"] = gql(peer, peer_contracts_query(20))
        out["100 contracts, full structure"]["peer"] = gql(peer, peer_contracts_query(100))
        out["50 incidents, stored fields"]["peer"] = gql(peer, PEER_INCIDENTS)
        out["one contract by key"]["peer"] = gql(
            peer, f'{{ contractVersions(where: {{key: {{eq: "{CONTRACT}"}}}}) {{ {PEER_STRUCTURE} }} }}'
        )
        out["full-text search, 20 hits"]["peer"] = gql(peer, PEER_SEARCH)
    return out


def write_cases(t: Targets) -> dict[str, dict[str, Call]]:
    cg = f"{t.clausegraph}/graphql"
    return {
        "NOTE, 1,500-incident service vs 20": {
            "long": gql(cg, NOTE, note_vars(HOT)),
            "short": gql(cg, NOTE, note_vars(COLD)),
        },
        "reportIncident, 1,500-incident service vs 20": {
            "long": gql(cg, REPORT, report_vars("hot-service")),
            "short": gql(cg, REPORT, report_vars("cold-service")),
        },
    }


@dataclass
class Stats:
    times: list[float] = field(default_factory=list)
    trips: int | None = None
    size: int = 0  # bytes of one response
    throughput: float | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p99(self) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


async def _warm(call: Call, client: httpx.AsyncClient) -> Reply:
    """A warm-up request, sent again (up to WARM_UP_RETRIES times) while the database is cold and unavailable."""
    for attempt in range(WARM_UP_RETRIES + 1):
        try:
            return await call(client)
        except Unavailable as exc:
            if attempt == WARM_UP_RETRIES:
                raise
            print(f"  warm-up: {exc}; again", file=sys.stderr, flush=True)
    raise AssertionError("unreachable")


async def measure(
    table: dict[str, dict[str, Call]], rounds: int, clients: int, per_client: int
) -> dict[str, dict[str, Stats]]:
    stats = {case: {target: Stats() for target in calls} for case, calls in table.items()}
    limits = httpx.Limits(max_connections=max(4, clients * 2))
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        for case, calls in table.items():  # warm-up
            for target, call in calls.items():
                for _ in range(2):
                    reply = await _warm(call, client)
                    stats[case][target].trips, stats[case][target].size = reply.trips, reply.size
        for n in range(rounds):  # interleaved: every round visits every case and target, in a rotating order
            for case, calls in table.items():
                items = list(calls.items())
                shift = n % len(items)
                for target, call in items[shift:] + items[:shift]:
                    start = time.perf_counter()
                    await call(client)
                    stats[case][target].times.append((time.perf_counter() - start) * 1000)
            print(f"  round {n + 1}/{rounds}", file=sys.stderr, flush=True)
        if clients:
            for case, calls in table.items():
                for target, call in calls.items():

                    async def worker(c: Call = call) -> None:
                        for _ in range(per_client):
                            await c(client)

                    start = time.perf_counter()
                    await asyncio.gather(*(worker() for _ in range(clients)))
                    stats[case][target].throughput = clients * per_client / (time.perf_counter() - start)
    return stats


def _wait(url: str, seconds: float, process: subprocess.Popen[bytes], name: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{name} did not answer at {url} within {seconds:.0f} s")


def _peer_ready(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the peer exited with {process.returncode}")
        try:
            r = httpx.post(url, json={"query": "{ __typename }"}, timeout=2)
            if r.status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("the peer did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="S0", choices=["S0", "S1", "S10"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--per-client", type=int, default=3)
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "performance.md")
    args = parser.parse_args()

    neo4j_port = int(os.environ.get("CLAUSEGRAPH_NEO4J_PORT", "17105"))
    port = int(os.environ.get("PORT", "8105"))
    data = ROOT / f".neo4j-bench-{args.scale}"
    base = os.environ | {
        "CLAUSEGRAPH_NEO4J_PORT": str(neo4j_port),
        "CLAUSEGRAPH_NEO4J_DATA": str(data),
        "CLAUSEGRAPH_BOOTSTRAP_ADMIN_KEY": ADMIN_KEY,
    }
    base.pop("NEO4J_URI", None)
    uri = f"bolt://127.0.0.1:{neo4j_port}"
    procs: list[subprocess.Popen[bytes]] = []
    logs = ROOT / "bench" / "results"
    logs.mkdir(parents=True, exist_ok=True)

    def spawn(cmd: list[str], env: dict[str, str], name: str, cwd: Path = ROOT) -> subprocess.Popen[bytes]:
        log = (logs / f"{name}.log").open("wb")
        p = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        procs.append(p)
        return p

    subprocess.run([str(BIN / "clausegraph"), "neo4j", "start"], env=base, check=True)
    try:
        marker = data / "bench-loaded"
        if not marker.exists():
            print(f"loading synthetic {args.scale} (seed {args.seed}) ...", file=sys.stderr)
            loaded = subprocess.run(
                [str(BIN / "clausegraph"), "seed-synthetic", "--scale", args.scale, "--seed", str(args.seed)],
                env=base | {"COLUMNS": "400"},
                check=True,
                stdout=subprocess.PIPE,
                text=True,
            )
            # the loader's closing report (elements per second, peak memory) is its last line
            marker.write_text(loaded.stdout.strip().splitlines()[-1] + "\n")
        # every target connects with the local Neo4j's own password, kept in its data folder
        base = base | {"NEO4J_PASSWORD": (data / "neo4j-password").read_text().strip()}
        served = base | {"NEO4J_URI": uri, "PORT": str(port), "CLAUSEGRAPH_DEV": "1", "CLAUSEGRAPH_SEED": "0"}
        cg = spawn([str(BIN / "clausegraph"), "serve", "--port", str(port)], served, "clausegraph")
        floor_port = port + 10
        fl = spawn(
            [str(BIN / "python"), str(ROOT / "bench" / "floor.py")],
            base | {"NEO4J_URI": uri, "PORT": str(floor_port)},
            "floor",
        )
        peer_url = None
        if not args.no_peer:
            peer_dir = ROOT / "bench" / "peer"
            if not (peer_dir / "node_modules").exists():
                subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=peer_dir, check=True)
            peer_port = port - 4000
            node = shutil.which("node") or "node"
            pe = spawn([node, "server.mjs"], base | {"NEO4J_URI": uri, "PORT": str(peer_port)}, "peer", peer_dir)
            peer_url = f"http://127.0.0.1:{peer_port}/"
            _peer_ready(peer_url, pe)
        _wait(f"http://127.0.0.1:{port}/health", 180, cg, "clausegraph")
        _wait(f"http://127.0.0.1:{floor_port}/health", 60, fl, "floor")
        targets = Targets(f"http://127.0.0.1:{port}", f"http://127.0.0.1:{floor_port}", peer_url)
        dispute = f"{CONTRACT}-D1"
        liability = _breached_incident(targets.clausegraph)
        print("reads ...", file=sys.stderr)
        reads = asyncio.run(measure(cases(targets, dispute, liability), args.rounds, args.clients, args.per_client))
        (logs / f"bench-{args.scale}-reads.json").write_text(json.dumps(_plain(reads), indent=2))
        print("writes ...", file=sys.stderr)
        writes = asyncio.run(measure(write_cases(targets), args.rounds, 0, 0))
        result = {
            "scale": args.scale,
            "reads": _plain(reads),
            "writes": _plain(writes),
            "at": _now(),
            "load": marker.read_text(encoding="utf-8").strip(),
        }
        (logs / f"bench-{args.scale}.json").write_text(json.dumps(result, indent=2))
        from bench.report import write_report, write_scaling

        write_report(result, args.output)
        write_scaling(logs, args.output)
        print(f"wrote {args.output}", file=sys.stderr)
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
        subprocess.run([str(BIN / "clausegraph"), "neo4j", "stop"], env=base, check=False)


def _breached_incident(url: str) -> str:
    page = f'incidents(first: 1, filter: {{contract: "{CONTRACT}", breached: true}})'
    query = f"{{ {page} {{ edges {{ node {{ key }} }} }} }}"
    body = httpx.post(f"{url}/graphql", json={"query": query}, headers=HEADERS, timeout=60).json()
    edges = body["data"]["incidents"]["edges"]
    return edges[0]["node"]["key"] if edges else HOT


def _plain(stats: dict[str, dict[str, Stats]]) -> dict[str, dict[str, dict[str, Any]]]:
    return {
        case: {
            target: {
                "median": s.median,
                "p99": s.p99,
                "throughput": s.throughput,
                "roundTrips": s.trips,
                "bytes": s.size,
            }
            for target, s in row.items()
        }
        for case, row in stats.items()
    }


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
