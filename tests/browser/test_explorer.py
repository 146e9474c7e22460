"""The explorer in a real browser: the service as a subprocess on the seeded test graph, then
`node --test tests/browser/` driving Debian's Chromium through playwright-core.

Set CLAUSEGRAPH_SCREENSHOTS=<folder> to also save a screenshot of each view (docs/screenshots/).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from clausegraph.settings import PROJECT_ROOT, Settings
from graph.database import Graph
from seed.synthetic import synthetic_contracts
from tests.services import free_port, stop, wait_until_healthy

pytestmark = pytest.mark.e2e

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
ADMIN_KEY = "cg_test_browser_admin_0123456789"
NODE_TEST = PROJECT_ROOT / "tests" / "browser" / "explorer.test.mjs"


# the running service's process, so that the test can tell whether it stayed up
_SERVICE: dict[str, subprocess.Popen[bytes]] = {}


def _require_tools() -> None:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    if shutil.which("node") is None:
        missing.append("node")
    if not (PROJECT_ROOT / "web" / "node_modules" / "playwright-core").is_dir():
        missing.append("web/node_modules (make web)")
    if not (PROJECT_ROOT / "web" / "dist" / "index.html").is_file():
        missing.append("web/dist (make web)")
    if missing:
        # a missing tool fails the run: the browser tests never pass by not running
        pytest.fail("browser tests need " + ", ".join(missing))


@pytest.fixture(scope="module")
def service(test_settings: Settings, seeded: Graph) -> Iterator[str]:
    """`clausegraph serve` on a free port over the seeded test graph; yields its base URL."""
    _require_tools()
    assert test_settings.neo4j_uri is not None
    port = free_port()
    env = {
        **os.environ,
        "NEO4J_URI": test_settings.neo4j_uri,
        "NEO4J_USER": test_settings.neo4j_user,
        "NEO4J_PASSWORD": test_settings.neo4j_password,
        "NEO4J_DATABASE": test_settings.neo4j_database,
        "CLAUSEGRAPH_SEED": "false",
        # Not development mode: the explorer must sign in through its form, as on a shared host.
        "CLAUSEGRAPH_DEV": "false",
        "CLAUSEGRAPH_BOOTSTRAP_ADMIN_KEY": ADMIN_KEY,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "PYTHONFAULTHANDLER": "1",  # should the service crash, its log shows where
    }
    log = (PROJECT_ROOT / ".pytest_cache").joinpath("browser-service.log")
    log.parent.mkdir(exist_ok=True)
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "clausegraph", "serve"], cwd=PROJECT_ROOT, env=env, stdout=out, stderr=out
        )
    base = f"http://127.0.0.1:{port}"
    _SERVICE["process"] = process
    try:
        wait_until_healthy(process, base, log)
        yield base
    finally:
        stop(process)


async def test_explorer_in_chromium(service: str, tmp_path: Path) -> None:
    live_contract = tmp_path / "live-contract.yaml"
    live_contract.write_text(next(synthetic_contracts(1, "browser-live")), encoding="utf-8")
    env = {
        **os.environ,
        "CLAUSEGRAPH_URL": service,
        "CLAUSEGRAPH_KEY": ADMIN_KEY,
        "CHROMIUM": str(CHROMIUM),
        "CLAUSEGRAPH_LIVE_CONTRACT": str(live_contract),
    }
    finished = await asyncio.to_thread(
        subprocess.run,
        ["node", "--test", "--test-reporter=spec", str(NODE_TEST)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    report = finished.stdout + finished.stderr
    assert finished.returncode == 0, report[-8000:]
    assert "ℹ fail 0" in report, report[-8000:]
