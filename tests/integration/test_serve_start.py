"""`clausegraph serve` with a Neo4j that never answers: retries, then one line on stderr and exit status 1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clausegraph.settings import PROJECT_ROOT

pytestmark = pytest.mark.integration


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_unreachable_neo4j_uri_is_retried_then_reported_in_one_line(tmp_path: Path) -> None:
    uri = f"bolt://127.0.0.1:{_closed_port()}"
    env = {
        **os.environ,
        "NEO4J_URI": uri,
        "CLAUSEGRAPH_SIGNING_KEY_FILE": str(tmp_path / "signing-key.pem"),
        "CLAUSEGRAPH_DB_START_TIMEOUT": "2",
        "PORT": str(_closed_port()),
        "COLUMNS": "80",  # a narrow terminal must not wrap the line
    }
    began = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "clausegraph", "serve"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert time.monotonic() - began >= 2
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, done.stderr
    assert errors[0].startswith(f"error: Neo4j at {uri} did not answer within 2 s (CLAUSEGRAPH_DB_START_TIMEOUT)")
    assert done.stderr.count("is not reachable yet") >= 2  # it retried, with one warning per attempt
