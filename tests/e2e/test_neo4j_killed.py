"""Kill -9 the local Neo4j under eight writers: fast DATABASE_UNAVAILABLE, restart, recovery, nothing lost or doubled.

Runs `clausegraph serve` as a subprocess on its own local Neo4j (own ports and data folder), so the
supervisor, the driver's reconnection and the HTTP path are the real ones.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from neo4j import GraphDatabase

from clausegraph.settings import PROJECT_ROOT
from tests.conftest import FIXTURES

pytestmark = [pytest.mark.e2e, pytest.mark.faults]

ADMIN_KEY = "cg_test_admin_0123456789"
HEADERS = {"Authorization": f"Bearer {ADMIN_KEY}"}
WRITERS = 8
START_BUDGET = 300.0  # a cold JVM on a busy machine (2 cores, load 16: up to 130 s a start); ~10 s when idle
WARM_BUDGET = 180.0
# A request during the outage ends (DATABASE_UNAVAILABLE) within its budget: acquire 3 + transaction 10 + retry 1 s.
FAIL_FAST = 3 + 10 + 1 + 4.0
BASE = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
REPORT = """mutation($input: ReportIncidentInput!) { reportIncident(input: $input) {
  incident { key } userErrors { code message } } }"""
NOTE = """mutation($input: RecordIncidentEventInput!) { recordIncidentEvent(input: $input) {
  event { seq } userErrors { code message } } }"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _state(pid: int) -> str | None:
    """The /proc state letter of `pid` (Z: zombie), or None once it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return None


@dataclass
class Service:
    base: str
    data: Path
    log: Path
    process: subprocess.Popen[bytes]

    def launcher_pid(self) -> int:
        return int(json.loads((self.data / "launcher.pid").read_text())["pid"])


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    port, data, log = _free_port(), tmp_path / "neo4j", tmp_path / "serve.log"
    env = {
        **os.environ,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "CLAUSEGRAPH_NEO4J_PORT": str(_free_port()),
        "CLAUSEGRAPH_NEO4J_DATA": str(data),
        "CLAUSEGRAPH_SEED": "false",
        "CLAUSEGRAPH_BOOTSTRAP_ADMIN_KEY": ADMIN_KEY,
        "CLAUSEGRAPH_DEV_KEY_FILE": str(tmp_path / "dev-admin-key"),  # never the developer's own key file
        "CLAUSEGRAPH_SIGNING_KEY_FILE": str(tmp_path / "signing" / "signing-key.pem"),
        "CLAUSEGRAPH_DB_ACQUIRE_TIMEOUT": "3",
        "CLAUSEGRAPH_DB_RETRY_TIME": "1",
        "CLAUSEGRAPH_NEO4J_RESTART_BACKOFF": "0.2",
    }
    env.pop("NEO4J_URI", None)
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "clausegraph", "serve"],
            cwd=PROJECT_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=out,
            start_new_session=True,  # a Ctrl-C meant for pytest reaches the service only through the fixture
        )
    service = Service(f"http://127.0.0.1:{port}", data, log, process)
    try:
        yield service
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(90)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


async def _until_ready(client: httpx.AsyncClient, service: Service, budget: float) -> None:
    deadline = time.monotonic() + budget
    while time.monotonic() < deadline:
        assert service.process.poll() is None, service.log.read_text()[-3000:]
        try:
            if (await client.get("/ready")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.5)
    raise AssertionError(f"not ready after {budget:.0f} s:\n{service.log.read_text()[-3000:]}")


async def _import_contract(client: httpx.AsyncClient) -> None:
    """Import the fixture contract; a cold JVM may need more than one transaction timeout for it."""
    deadline = time.monotonic() + WARM_BUDGET
    while True:
        imported = await client.post(
            "/graphql",
            json={
                "query": "mutation($d: String!) { importContract(document: $d) { userErrors { code } } }",
                "variables": {"d": (FIXTURES / "nimbus-acme-msa.yaml").read_text()},
            },
        )
        body = imported.json()
        if not body.get("errors"):
            assert body["data"]["importContract"]["userErrors"] == [], imported.text
            return
        assert body["errors"][0]["extensions"]["code"] == "DATABASE_UNAVAILABLE", imported.text
        assert time.monotonic() < deadline, imported.text


async def _until(done: Callable[[], bool], budget: float, writers: list[asyncio.Task[None]], what: str) -> None:
    deadline = time.monotonic() + budget
    while not done():
        failed = [t.exception() for t in writers if t.done()]
        assert not failed, failed
        assert time.monotonic() < deadline, f"{what} within {budget:.0f} s"
        await asyncio.sleep(0.1)


@dataclass
class Outcomes:
    """What the writers were told: acknowledged writes, and every failure with when and how fast."""

    incidents: set[str] = field(default_factory=set)
    notes: set[str] = field(default_factory=set)
    attempted: set[str] = field(default_factory=set)
    failures: list[tuple[float, float, str]] = field(default_factory=list)  # (ended at, took, code)
    acked_at: list[float] = field(default_factory=list)


async def _writer(client: httpx.AsyncClient, w: int, stop: asyncio.Event, out: Outcomes) -> None:
    n, mine = 0, None
    while not stop.is_set():
        n += 1
        name = f"F-{w}-{n}"
        at = (BASE + timedelta(seconds=n)).isoformat()
        if mine is None or n % 2:
            query, fields = (
                REPORT,
                {
                    "key": name,
                    "contractKey": "nimbus-acme-msa",
                    "service": f"svc-{w}",
                    "title": "Fault test",
                    "severity": "SEV3",
                    "reportedAt": at,
                },
            )
        else:
            query, fields = NOTE, {"incidentKey": mine, "at": at, "kind": "NOTE", "note": name}
        out.attempted.add(name)
        began = time.monotonic()
        try:
            response = await client.post("/graphql", json={"query": query, "variables": {"input": fields}})
        except httpx.TransportError as exc:
            raise AssertionError(f"the service itself failed: {exc!r}") from exc
        took = time.monotonic() - began
        assert response.status_code == 200, response.text
        body = response.json()
        if body.get("errors"):
            codes = {e.get("extensions", {}).get("code") for e in body["errors"]}
            out.failures.append((time.monotonic(), took, ",".join(sorted(str(c) for c in codes))))
            await asyncio.sleep(0.05)
            continue
        payload = next(iter(body["data"].values()))
        assert payload["userErrors"] == [], payload
        out.acked_at.append(time.monotonic())
        if query is REPORT:
            out.incidents.add(name)
            mine = name
        else:
            out.notes.add(name)


async def test_killing_neo4j_under_writers_loses_nothing_and_recovers(service: Service) -> None:
    began = time.monotonic()
    async with httpx.AsyncClient(base_url=service.base, headers=HEADERS, timeout=60) as client:
        await _until_ready(client, service, START_BUDGET)
        started = time.monotonic()
        await _import_contract(client)
        out, stop = Outcomes(), asyncio.Event()
        writers = [asyncio.create_task(_writer(client, w, stop, out)) for w in range(WRITERS)]
        try:
            # Warm: every writer through at least one write (the first ones compile the queries).
            await _until(lambda: len(out.acked_at) >= 2 * WRITERS, WARM_BUDGET, writers, "no writes before the kill")
            before_kill = len(out.acked_at)
            old_pid = service.launcher_pid()
            os.kill(old_pid, signal.SIGKILL)
            killed_at = time.monotonic()
            # Recovery: writes acknowledged after the restart, without touching the service.
            await _until(
                lambda: any(t > killed_at + 1 for t in out.acked_at), START_BUDGET, writers, "no writes after the kill"
            )
            recovered_at = time.monotonic()
            await asyncio.sleep(2)  # some writes on the restarted Neo4j
        finally:
            stop.set()
            await asyncio.gather(*writers, return_exceptions=True)
        for task in writers:
            if task.exception() is not None:
                raise AssertionError("a writer failed") from task.exception()

        # ready again by itself (on a loaded machine the first probe after the restart may still time out)
        await _until_ready(client, service, 60)
        ready = await client.get("/ready")
        assert ready.status_code == 200 and ready.json() == {"status": "ready"}
        assert (await client.get("/health")).json() == {"status": "ok"}

    # Failures during the outage: all DATABASE_UNAVAILABLE, each within seconds; the first soon after the kill.
    outage = [f for f in out.failures if f[0] >= killed_at]
    assert outage, "no request failed while Neo4j was down"
    assert {code for _, _, code in out.failures} == {"DATABASE_UNAVAILABLE"}
    assert max(took for _, took, _ in out.failures) < FAIL_FAST
    assert min(at for at, _, _ in outage) - killed_at < FAIL_FAST

    # The supervisor restarted Neo4j as a new child and reaped the old one; the service kept its pid.
    assert service.process.poll() is None
    new_pid = service.launcher_pid()
    assert new_pid != old_pid
    assert _state(old_pid) is None, f"the killed Neo4j {old_pid} was not reaped ({_state(old_pid)})"
    log = service.log.read_text()
    assert f"local Neo4j (pid {old_pid}) exited with status -9" in log
    # The supervisor logs the restart when its start-up thread returns, which can be a moment after Neo4j
    # already answers the service's readiness probe.
    deadline = time.monotonic() + 30
    while "local Neo4j restarted at" not in log and time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        log = service.log.read_text()
    assert "local Neo4j restarted at" in log

    # Every acknowledged write is stored exactly once; nothing unacknowledged is stored twice.
    password = (service.data / "neo4j-password").read_text().strip()
    uri = f"bolt://127.0.0.1:{json.loads((service.data / 'launcher.pid').read_text())['port']}"
    with GraphDatabase.driver(uri, auth=("neo4j", password)) as driver:
        incidents, _, _ = driver.execute_query(
            "MATCH (i:Incident) WHERE i.key STARTS WITH 'F-' RETURN i.key AS key, count(*) AS n", database_="neo4j"
        )
        notes, _, _ = driver.execute_query(
            "MATCH (e:IncidentEvent) WHERE e.note STARTS WITH 'F-' RETURN e.note AS note, count(*) AS n",
            database_="neo4j",
        )
    stored_incidents = {r["key"]: r["n"] for r in incidents}
    stored_notes = {r["note"]: r["n"] for r in notes}
    assert all(n == 1 for n in stored_incidents.values()), stored_incidents
    assert all(n == 1 for n in stored_notes.values()), stored_notes
    assert out.incidents <= set(stored_incidents), out.incidents - set(stored_incidents)
    assert out.notes <= set(stored_notes), out.notes - set(stored_notes)
    assert set(stored_incidents) | set(stored_notes) <= out.attempted

    slowest, first = max(took for _, took, _ in out.failures), min(at for at, _, _ in outage) - killed_at
    print(  # the figures, for docs/faults.md (pytest -s)
        f"\nfault run: start {started - began:.1f} s, {len(out.acked_at)} acknowledged writes "
        f"({before_kill} before the kill), {len(out.failures)} DATABASE_UNAVAILABLE, slowest failure "
        f"{slowest:.1f} s, first failure {first:.1f} s after the kill, recovered {recovered_at - killed_at:.1f} s "
        "after the kill, "
        f"{len(out.attempted) - len(out.incidents) - len(out.notes)} unacknowledged "
        f"({len(set(stored_incidents) | set(stored_notes)) - len(out.incidents) - len(out.notes)} of them stored)"
    )
