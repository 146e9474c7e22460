"""`clausegraph keys` and `clausegraph audit verify` against the test Neo4j."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from typer.testing import CliRunner, Result

from clausegraph.cli import app
from graph.database import Graph

runner = CliRunner()
pytestmark = pytest.mark.e2e


async def cli(*args: str) -> Result:
    """The command runs its own event loop, so it runs in a thread beside the test's."""
    return await asyncio.to_thread(runner.invoke, app, list(args))


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, neo4j_uri: str, neo4j_password: str, seeded: Graph) -> None:
    monkeypatch.setenv("NEO4J_URI", neo4j_uri)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_password)
    monkeypatch.setenv("COLUMNS", "200")


async def test_a_key_created_on_the_command_line_works_until_revoked(cli_env: None, http: httpx.AsyncClient) -> None:
    created = await cli(
        "keys", "create", "--label", "cli legal", "--role", "LEGAL", "--party", "larkspur-ccu", "--json"
    )
    assert created.exit_code == 0, created.output
    key = json.loads(created.output)
    assert key["secret"].startswith("cg_") and key["role"] == "LEGAL" and "secretHash" not in key
    headers = {"Authorization": f"Bearer {key['secret']}"}
    seen = await http.post("/graphql", json={"query": "{ contracts { edges { node { key } } } }"}, headers=headers)
    assert [e["node"]["key"] for e in seen.json()["data"]["contracts"]["edges"]] == ["common-ledger-saas"]

    listed = await cli("keys", "list", "--json")
    assert listed.exit_code == 0, listed.output
    rows = [json.loads(line) for line in listed.output.splitlines() if line.strip()]
    assert any(r["id"] == key["id"] and r["label"] == "cli legal" for r in rows)
    assert all("secret" not in r and "secretHash" not in r for r in rows)

    revoked = await cli("keys", "revoke", key["id"])
    assert revoked.exit_code == 0, revoked.output
    refused = await http.post("/graphql", json={"query": "{ viewer { role } }"}, headers=headers)
    assert refused.status_code == 401


def test_a_key_that_does_not_fit_its_role_is_refused(cli_env: None) -> None:
    result = runner.invoke(app, ["keys", "create", "--label", "x", "--role", "ARBITRATOR", "--party", "larkspur-ccu"])
    assert result.exit_code == 1
    assert "INVALID_PRINCIPAL" in result.output


async def test_audit_verify_finds_an_edited_entry(cli_env: None, http: httpx.AsyncClient, seeded: Graph) -> None:
    await http.post("/graphql", json={"query": 'mutation { revokeApiKey(id: "none") { userErrors { code } } }'})
    intact = await cli("audit", "verify")
    assert intact.exit_code == 0, intact.output
    assert "intact chain" in intact.output
    await seeded.run_script("MATCH (a:AuditEntry) WITH a ORDER BY a.seq DESC LIMIT 1 SET a.outcome = 'OK', a._was = 1")
    try:
        broken = await cli("audit", "verify")
        assert broken.exit_code == 1
        assert "does not match its hash" in broken.output
    finally:
        await seeded.run_script("MATCH (a:AuditEntry {_was: 1}) SET a.outcome = 'USER_ERROR' REMOVE a._was")
    assert (await cli("audit", "verify")).exit_code == 0
