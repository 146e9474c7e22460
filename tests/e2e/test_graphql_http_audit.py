"""The graphql-http server audits (every MUST and SHOULD) against the real service started as a process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from clausegraph.settings import PROJECT_ROOT
from graph.database import Graph
from tests.services import free_port, stop

AUDIT = PROJECT_ROOT / "tests" / "audit"
ADMIN_KEY = "cg_test_admin_0123456789"


@pytest.fixture(scope="module")
def service(
    neo4j_uri: str, neo4j_password: str, seeded: Graph, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The service as `clausegraph serve` runs it, on a free port, over the seeded test graph."""
    port = free_port()
    env = {
        **os.environ,
        "NEO4J_URI": neo4j_uri,
        "NEO4J_PASSWORD": neo4j_password,
        # development mode keeps its local key file; this service's goes where the test can drop it
        "CLAUSEGRAPH_DEV_KEY_FILE": str(tmp_path_factory.mktemp("audit-key") / "dev-admin-key"),
        "CLAUSEGRAPH_SIGNING_KEY_FILE": str(tmp_path_factory.mktemp("audit-signing") / "signing-key.pem"),
        "PORT": str(port),
        "CLAUSEGRAPH_SEED": "false",
        "CLAUSEGRAPH_BOOTSTRAP_ADMIN_KEY": ADMIN_KEY,
    }
    log = tmp_path_factory.mktemp("audit") / "service.log"
    cli = Path(sys.executable).with_name("clausegraph")
    with log.open("wb") as out:
        process = subprocess.Popen([str(cli), "serve"], env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None, log.read_text(errors="replace")
            time.sleep(0.5)
        else:
            raise AssertionError(f"the service did not start: {log.read_text(errors='replace')}")
        yield f"http://127.0.0.1:{port}/graphql"
    finally:
        stop(process)


def _node_modules() -> None:
    if (AUDIT / "node_modules" / "graphql-http").exists():
        return
    npm = shutil.which("npm")
    assert npm is not None, "npm is needed for the graphql-http audit"
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=AUDIT, check=True, timeout=300)


def test_every_must_and_should_of_graphql_http_passes(service: str) -> None:
    _node_modules()
    node = shutil.which("node")
    assert node is not None, "node is needed for the graphql-http audit"
    run = subprocess.run(
        [node, "audit.mjs", service],
        cwd=AUDIT,
        env={**os.environ, "CLAUSEGRAPH_AUDIT_KEY": ADMIN_KEY},
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(run.stdout)
    failing = [r for r in report["results"] if r["status"] != "ok"]
    assert failing == [], json.dumps(failing, indent=2)
    assert report["counts"]["ok"] == len(report["results"]) > 0
