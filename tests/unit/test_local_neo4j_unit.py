"""The local Neo4j's checks that need no Java: ports, missing tools, pid files."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from clausegraph.settings import PROJECT_ROOT
from graph.local_neo4j import LocalNeo4j, LocalNeo4jError, port_in_use


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_port_in_use_sees_a_listener_and_its_absence() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        assert port_in_use("127.0.0.1", port)
    assert not port_in_use("127.0.0.1", port)


def test_port_in_use_counts_a_bound_socket_that_does_not_listen() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        assert port_in_use("127.0.0.1", holder.getsockname()[1])


def test_a_missing_java_is_explained(tmp_path: Path) -> None:
    server = LocalNeo4j(home=PROJECT_ROOT, data_dir=tmp_path / "neo4j", port=_free_port(), java="/nonexistent/java")
    with pytest.raises(LocalNeo4jError, match=r"Java 17 or newer is needed .*'/nonexistent/java' was not found"):
        server.start()
    with pytest.raises(LocalNeo4jError, match="Install a JDK 17"):
        server.ensure_built()
    assert not server.running


def test_a_missing_maven_is_explained_when_a_build_is_needed(tmp_path: Path) -> None:
    launcher = tmp_path / "graph" / "launcher"
    (launcher / "src").mkdir(parents=True)
    (launcher / "pom.xml").write_text("<project/>\n")
    # Any existing executable will do as `java`: the build is refused before Java runs.
    server = LocalNeo4j(home=tmp_path, port=_free_port(), java=sys.executable, mvn="/nonexistent/mvn")
    with pytest.raises(LocalNeo4jError, match=r"Maven is needed .*'/nonexistent/mvn' was not found.*Install Maven"):
        server.ensure_built()


def test_the_data_folder_defaults_to_the_project(tmp_path: Path) -> None:
    server = LocalNeo4j(home=tmp_path, port=7687)
    assert server.data_dir == (tmp_path / ".neo4j-data").resolve()
    assert server.uri == "bolt://127.0.0.1:7687"


def test_a_stale_pid_file_means_not_running(tmp_path: Path) -> None:
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    server = LocalNeo4j(home=PROJECT_ROOT, data_dir=tmp_path, port=_free_port())
    server.pid_path.write_text(json.dumps({"pid": int(finished.stdout), "port": server.port}))
    assert server.status() is None
    assert server.stop_by_pidfile() is False
    assert not server.pid_path.exists()


def test_a_pid_file_naming_another_program_means_not_running(tmp_path: Path) -> None:
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"]) as other:
        try:
            server = LocalNeo4j(home=PROJECT_ROOT, data_dir=tmp_path, port=_free_port())
            server.pid_path.write_text(json.dumps({"pid": other.pid, "port": server.port}))
            assert server.status() is None
            assert other.poll() is None
        finally:
            other.kill()
