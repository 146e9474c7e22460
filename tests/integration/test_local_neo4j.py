"""The local Neo4j for real: build, start, query over Bolt, stop, and no orphans."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

import graph.local_neo4j as local_neo4j
from clausegraph.settings import PROJECT_ROOT
from graph.local_neo4j import LocalNeo4j, LocalNeo4jError, port_in_use

pytestmark = pytest.mark.integration


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _gone(pid: int) -> bool:
    """True once `pid` has exited (a zombie waiting for its reaper counts as exited)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in ("Z", "X")


def _wait_until(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.fixture(scope="module", autouse=True)
def built() -> None:
    """Build the launcher (and its class archive) once, outside the timed starts."""
    LocalNeo4j(home=PROJECT_ROOT, port=_free_port()).ensure_built()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LocalNeo4j]:
    local = LocalNeo4j(home=PROJECT_ROOT, data_dir=tmp_path / "neo4j", port=_free_port(), startup_timeout=180)
    try:
        yield local
    finally:
        local.stop()


def test_starts_answers_bolt_and_stops_leaving_nothing_behind(server: LocalNeo4j) -> None:
    uri = server.start()
    assert uri == f"bolt://127.0.0.1:{server.port}"
    assert server.running
    pid = server.status()
    assert pid is not None

    with GraphDatabase.driver(uri, auth=server.auth) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one", database_="neo4j")
    assert records[0]["one"] == 1

    # Bolt asks for the password kept, for the owner only, in the data folder.
    assert server.password_path.stat().st_mode & 0o777 == 0o600
    for refused in (None, ("neo4j", "neo4j"), ("neo4j", "not-the-password")):
        with GraphDatabase.driver(uri, auth=refused) as driver, pytest.raises(AuthError):
            driver.execute_query("RETURN 1 AS one", database_="neo4j")

    server.stop()
    assert not server.running
    assert _gone(pid)
    assert not port_in_use("127.0.0.1", server.port)
    assert server.status() is None
    assert not server.pid_path.exists()
    assert (server.data_dir / "logs" / "debug.log").exists()


def test_a_taken_port_is_refused_with_a_clear_message(server: LocalNeo4j) -> None:
    with socket.socket() as other:
        other.bind(("127.0.0.1", server.port))
        other.listen()
        with pytest.raises(LocalNeo4jError) as refused:
            server.start()
    assert str(refused.value) == (
        f"Bolt port {server.port} on 127.0.0.1 is already in use (another Neo4j?). "
        "Stop it, or set CLAUSEGRAPH_NEO4J_PORT / NEO4J_URI."
    )
    assert not server.running


def test_the_launcher_itself_refuses_a_taken_port(server: LocalNeo4j, monkeypatch: pytest.MonkeyPatch) -> None:
    # Skip the Python-side check, as when another process takes the port during start-up.
    monkeypatch.setattr(local_neo4j, "port_in_use", lambda host, port: False)
    with socket.socket() as other:
        other.bind(("127.0.0.1", server.port))
        other.listen()
        with pytest.raises(LocalNeo4jError, match=f"Bolt port {server.port} on 127.0.0.1 is already in use"):
            server.start()
    assert f"Bolt port {server.port} on 127.0.0.1 is already in use" in server.log_path.read_text()
    assert not server.running
    assert not server.pid_path.exists()


_PARENT = """
import sys, time
from pathlib import Path
from graph.local_neo4j import LocalNeo4j
server = LocalNeo4j(home=Path(sys.argv[1]), data_dir=Path(sys.argv[2]), port=int(sys.argv[3]))
server.start()
print(server.status(), flush=True)
time.sleep(600)
"""


def test_the_launcher_stops_by_itself_when_its_parent_is_killed(tmp_path: Path) -> None:
    port = _free_port()
    parent = subprocess.Popen(
        [sys.executable, "-c", _PARENT, str(PROJECT_ROOT), str(tmp_path / "neo4j"), str(port)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=PROJECT_ROOT,
    )
    try:
        assert parent.stdout is not None
        launcher_pid = int(parent.stdout.readline())
        assert not _gone(launcher_pid)
        parent.kill()  # SIGKILL: no cleanup runs in the parent; only its stdin pipe to the launcher closes
        parent.wait()
        assert _wait_until(lambda: _gone(launcher_pid), 60), "the launcher outlived its parent"
        assert not port_in_use("127.0.0.1", port)
        assert "stdin closed, shutting down" in (tmp_path / "neo4j" / "launcher.log").read_text()
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        if parent.stdout is not None:
            parent.stdout.close()


_DETACH = """
import sys
from pathlib import Path
from graph.local_neo4j import LocalNeo4j
print(LocalNeo4j(home=Path(sys.argv[1]), data_dir=Path(sys.argv[2]), port=int(sys.argv[3])).start_detached())
"""


def test_a_detached_start_outlives_its_command_until_stopped_by_pid_file(tmp_path: Path) -> None:
    port = _free_port()
    data = tmp_path / "neo4j"
    started = subprocess.run(
        [sys.executable, "-c", _DETACH, str(PROJECT_ROOT), str(data), str(port)],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=300,
        check=False,
    )
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == f"bolt://127.0.0.1:{port}"

    server = LocalNeo4j(home=PROJECT_ROOT, data_dir=data, port=port)
    pid = server.status()
    try:
        assert pid is not None
        with GraphDatabase.driver(server.uri, auth=server.auth) as driver:
            records, _, _ = driver.execute_query("RETURN 2 AS two", database_="neo4j")
        assert records[0]["two"] == 2
        with pytest.raises(LocalNeo4jError, match=f"already running on {data}"):
            server.start()
    finally:
        assert server.stop_by_pidfile() is True
    assert pid is not None and _gone(pid)
    assert server.status() is None
    assert not port_in_use("127.0.0.1", port)
    assert server.stop_by_pidfile() is False
    assert os.path.exists(data / "launcher.log")
