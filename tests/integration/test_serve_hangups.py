"""`clausegraph serve` survives clients that hang up in the middle of a response.

The command line restores the default SIGPIPE action so that `clausegraph ... | head` ends quietly; a server
with that action is killed, without a word in its log, the first time it writes to a socket whose client
has gone (a browser leaving a page while an asset is on its way)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from clausegraph.settings import PROJECT_ROOT, Settings
from tests.services import free_port, stop, wait_until_healthy

pytestmark = pytest.mark.integration


def test_the_service_outlives_the_broken_pipe_of_a_client_that_hung_up(test_settings: Settings, tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "NEO4J_URI": str(test_settings.neo4j_uri),
        "NEO4J_PASSWORD": test_settings.neo4j_password,
        "CLAUSEGRAPH_SEED": "false",
        "CLAUSEGRAPH_DEV": "false",
        "CLAUSEGRAPH_SIGNING_KEY_FILE": str(tmp_path / "signing-key.pem"),
        "PORT": str(port),
    }
    with (tmp_path / "serve.log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "clausegraph", "serve"], cwd=PROJECT_ROOT, env=env, stdout=log, stderr=log
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(process, base, tmp_path / "serve.log")
        # What the kernel sends a process writing to a socket whose client has gone.
        os.kill(process.pid, signal.SIGPIPE)
        time.sleep(1)
        assert process.poll() is None, f"the service ended with {process.returncode} on SIGPIPE"
        assert httpx.get(f"{base}/health", timeout=5).status_code == 200
    finally:
        stop(process)
