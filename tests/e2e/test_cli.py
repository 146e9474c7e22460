"""The command line against the test Neo4j (NEO4J_URI): import, credits, bundle export, schema export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clausegraph.cli import app
from clausegraph.settings import PROJECT_ROOT
from graph.database import Graph
from seed.synthetic import synthetic_contracts
from tests.conftest import FIXTURES

runner = CliRunner()


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, neo4j_uri: str, neo4j_password: str, seeded: Graph) -> None:
    monkeypatch.setenv("NEO4J_URI", neo4j_uri)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_password)
    monkeypatch.setenv("COLUMNS", "200")


def test_import_reports_every_problem_of_a_rejected_file_and_exits_non_zero(cli_env: None, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        (FIXTURES / "nimbus-acme-msa.yaml")
        .read_text()
        .replace("key: nimbus-acme-msa", "key: cli-bad")
        .replace("response: PT15M", "response: fifteen minutes")
        .replace('monthly_fee: "40000.00"', "monthly_fee: 40000")
    )
    result = runner.invoke(app, ["import", str(bad)])
    assert result.exit_code == 1
    assert "rejected" in result.output and "nothing was written" in result.output
    assert "INVALID_DURATION at severities/0/response" in result.output
    assert "INVALID_MONEY at monthly_fee" in result.output


def test_import_accepts_a_contract_file(cli_env: None, tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(next(synthetic_contracts(1, "cli")))
    result = runner.invoke(app, ["import", str(good), str(good)])
    assert result.exit_code == 0, result.output
    assert "contract cli-00001@1 created" in result.output
    assert "contract cli-00001@1 already stored, unchanged" in result.output


def test_credits_prints_the_months_figures(cli_env: None) -> None:
    result = runner.invoke(app, ["credits", "azurite-harbor-cloud", "2026-04", "--as-of", "2026-06-01T00:00:00Z"])
    assert result.exit_code == 0, result.output
    # hand-computed in seed/data/incidents/azurite-harbor-cloud.yaml: uptime tier 25 % + AHC-2026-008 5 %
    assert "13000.00" in result.output and "2600.00" in result.output
    assert "total 15600.00 GBP" in result.output


def test_export_bundle_writes_the_sealed_manifest(cli_env: None, tmp_path: Path) -> None:
    target = tmp_path / "bundle.json"
    result = runner.invoke(app, ["export-bundle", "DSP-2026-FENWICK-01", "--format", "json", "-o", str(target)])
    assert result.exit_code == 0, result.output
    body = json.loads(target.read_text())
    assert len(body["sha256"]) == 64 and body["manifest"]["dispute"]["key"] == "DSP-2026-FENWICK-01"
    missing = runner.invoke(app, ["export-bundle", "NO-SUCH-DISPUTE", "--format", "pdf", "-o", str(tmp_path / "x")])
    assert missing.exit_code == 1 and "NO-SUCH-DISPUTE" in missing.output


def test_export_schema_writes_the_committed_schema(tmp_path: Path) -> None:
    target = tmp_path / "schema.graphql"
    result = runner.invoke(app, ["export-schema", "--output", str(target)])
    assert result.exit_code == 0
    assert target.read_text() == (PROJECT_ROOT / "schema.graphql").read_text()


INCIDENTS_DOC = """format: clausegraph/incidents@1
contract: {contract}
incidents:
  - key: {key}
    service: vm-1
    title: CLI import
    severity: A
    events:
      - {{at: "2026-02-02T09:00:00Z", kind: REPORTED}}
"""


def test_import_counts_say_what_was_created_and_what_was_already_there(cli_env: None, tmp_path: Path) -> None:
    contract = tmp_path / "contract.yaml"
    contract.write_text(next(synthetic_contracts(1, "clicount")))
    incidents = tmp_path / "incidents.yaml"
    incidents.write_text(INCIDENTS_DOC.format(contract="clicount-00001", key="CLICOUNT-1"))
    first = runner.invoke(app, ["import", str(contract), str(incidents)])
    assert first.exit_code == 0, first.output
    assert "1 incident imported" in first.output and "already present" not in first.output
    again = runner.invoke(app, ["import", str(incidents)])
    assert again.exit_code == 0 and "1 incident already present" in again.output
    assert "imported" not in again.output
    as_json = runner.invoke(app, ["import", "--json", str(incidents), str(contract)])
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.stdout) == [
        {"file": str(incidents), "ok": True, "kind": "incident", "created": [], "alreadyPresent": ["CLICOUNT-1"]},
        {"file": str(contract), "ok": True, "kind": "contract", "created": [], "alreadyPresent": ["clicount-00001@1"]},
    ]


def test_credits_as_json_and_as_a_table_that_keeps_every_column_when_piped(cli_env: None) -> None:
    args = ["credits", "azurite-harbor-cloud", "2026-04", "--as-of", "2026-06-01T00:00:00Z"]
    report = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    assert report["total"] == "15600.00" and report["contract"]["key"] == "azurite-harbor-cloud"
    text = runner.invoke(app, args, env={"COLUMNS": "40"}).output
    for column in ("kind", "incident", "due", "over by (s)", "clause", "percent", "amount"):
        assert column in text
    assert "…" not in text and "AHC-2026-008" in text
    uptime = next(line for line in text.splitlines() if line.startswith("uptime "))
    assert len(uptime.split()[1].partition(".")[2]) == 4, uptime  # four decimals, not 28 digits


def test_export_bundle_writes_into_the_folder_given_or_refuses_the_repository(
    cli_env: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = runner.invoke(app, ["export-bundle", "DSP-2026-FENWICK-01", "--format", "json", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = list(tmp_path.glob("DSP-2026-FENWICK-01-bundle-v*.json"))
    assert len(written) == 1 and json.loads(written[0].read_text())["sha256"]
    monkeypatch.chdir(tmp_path)
    here = runner.invoke(app, ["export-bundle", "DSP-2026-FENWICK-01", "--format", "html", "--json"])
    assert here.exit_code == 0, here.output
    assert Path(json.loads(here.stdout)["file"]).parent == tmp_path
    monkeypatch.chdir(PROJECT_ROOT)
    refused = runner.invoke(app, ["export-bundle", "DSP-2026-FENWICK-01", "--format", "json"])
    assert refused.exit_code == 1 and "--out" in refused.output
    assert not list(PROJECT_ROOT.glob("DSP-2026-FENWICK-01-bundle-v*"))
