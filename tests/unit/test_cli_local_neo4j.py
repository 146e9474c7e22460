"""The command line takes the local Neo4j's address from the pid file of the one that runs."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from clausegraph.cli import app
from graph.local_neo4j import LocalNeo4j

runner = CliRunner()
RECORD = {"pid": 4242, "port": 17901, "uri": "bolt://127.0.0.1:17901"}


@pytest.fixture
def running(monkeypatch: pytest.MonkeyPatch) -> None:
    def recorded(self: LocalNeo4j) -> dict[str, Any]:
        return dict(RECORD)

    monkeypatch.setattr(LocalNeo4j, "recorded", recorded)
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("CLAUSEGRAPH_NEO4J_PORT", raising=False)


def test_status_reports_the_port_of_the_pid_file(running: None) -> None:
    result = runner.invoke(app, ["neo4j", "status"])
    assert result.exit_code == 0 and "bolt://127.0.0.1:17901" in result.output and "pid 4242" in result.output
    data = json.loads(runner.invoke(app, ["neo4j", "status", "--json"]).stdout)
    assert data["running"] and data["uri"] == "bolt://127.0.0.1:17901" and data["pid"] == 4242


def test_another_port_in_the_environment_is_a_clear_error(running: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAUSEGRAPH_NEO4J_PORT", "17902")
    result = runner.invoke(app, ["neo4j", "status"])
    assert result.exit_code == 1
    assert "17901" in result.output and "17902" in result.output and "CLAUSEGRAPH_NEO4J_PORT" in result.output
    monkeypatch.setenv("CLAUSEGRAPH_NEO4J_PORT", "17901")
    assert runner.invoke(app, ["neo4j", "status"]).exit_code == 0


def test_status_when_nothing_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LocalNeo4j, "recorded", lambda self: None)
    result = runner.invoke(app, ["neo4j", "status", "--json"])
    assert result.exit_code == 3 and json.loads(result.stdout)["running"] is False


def test_several_workers_need_a_shared_neo4j(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    result = runner.invoke(app, ["serve", "--workers", "2"])
    assert result.exit_code == 1 and "NEO4J_URI" in result.output


def test_several_workers_on_a_shared_neo4j_run_the_app_factory(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: calls.append((args, kwargs)))
    monkeypatch.setattr("clausegraph.logs.configure_logging", lambda fmt: None)
    monkeypatch.setenv("NEO4J_URI", "bolt://db.invalid:7687")
    result = runner.invoke(app, ["serve", "--workers", "3", "--port", "8999"])
    assert result.exit_code == 0, result.output
    ((args, kwargs),) = calls
    assert args == ("clausegraph.app:from_environment",) and kwargs["factory"] and kwargs["workers"] == 3
    assert kwargs["port"] == 8999


def test_the_app_factory_builds_the_app_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from starlette.applications import Starlette

    from clausegraph import app as app_module

    monkeypatch.setattr("clausegraph.logs.configure_logging", lambda fmt: None)
    monkeypatch.setenv("NEO4J_URI", "bolt://db.invalid:7687")
    assert isinstance(app_module.from_environment(), Starlette)
