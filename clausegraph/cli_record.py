"""`clausegraph verify-bundle FILE.json` (offline, with a public key) and `clausegraph verify DISPUTE` (live)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from domain.sealed_record import check_bundle_document
from domain.verification import Mismatch
from graph.database import Graph, RoundTrips, Tx

out = Console(soft_wrap=True, highlight=False)
err = Console(stderr=True, soft_wrap=True, highlight=False)


def _line(m: Mismatch) -> str:
    return f"{m.category} {m.kind} {'/'.join(str(p) for p in m.path)}: {m.message}"


def verify_bundle_file(
    file: Annotated[Path, typer.Argument(help="A bundle downloaded as JSON (/bundles/{dispute}/{version}.json).")],
    public_key: Annotated[
        Path | None,
        typer.Option(
            "--public-key", help="The deployment's public key (PEM), from /.well-known/clausegraph-signing-key."
        ),
    ] = None,
) -> None:
    """Check a downloaded bundle offline: every content hash, the chronology, the manifest hash and the signature."""
    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        err.print(f"error: {file} is not a readable JSON bundle ({exc}).", markup=False)
        raise typer.Exit(code=1) from exc
    pem = None
    if public_key is not None:
        try:
            pem = public_key.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            err.print(f"error: cannot read the public key {public_key} ({exc}).", markup=False)
            raise typer.Exit(code=1) from exc
    findings = check_bundle_document(document, pem) if isinstance(document, dict) else None
    if findings is None:
        err.print(f"error: {file} is not a bundle (a JSON object with a manifest).", markup=False)
        raise typer.Exit(code=1)
    for m in findings:
        out.print(_line(m), markup=False)
    if findings:
        raise typer.Exit(code=1)
    manifest = document["manifest"]
    seal = manifest.get("seal", {})
    out.print(
        f"intact: bundle version {seal.get('version')} of dispute {manifest.get('dispute', {}).get('key')}, "
        f"SHA-256 {document.get('sha256')}, {len(manifest.get('items') or [])} items, signature valid.",
        markup=False,
    )
    if pem is None:
        out.print(
            "note: checked with the public key printed in the bundle itself: this proves the bundle is intact, "
            "not who sealed it. Pass --public-key with the key from /.well-known/clausegraph-signing-key for that.",
            markup=False,
        )


def verify_live(
    key: Annotated[str, typer.Argument(help="Dispute key.")],
    version: Annotated[int | None, typer.Option(help="Bundle version (default: the latest).")] = None,
) -> None:
    """Verify a sealed bundle against the database: TAMPERED findings fail (exit 1); changes since are information."""
    from clausegraph.cli import _run
    from domain.errors import DomainError
    from graph import disputes as store
    from resolvers.bundle_verification import Verification, verify_bundle

    async def work(graph: Graph) -> Verification | None:
        async def latest(tx: Tx) -> int | None:
            found = (await store.disputes(tx, [key])).get(key)
            return int(found.bundles[-1]["version"]) if found and found.bundles else None

        chosen = version if version is not None else await graph.read(latest, RoundTrips())
        if chosen is None:
            return None
        return await verify_bundle(graph, RoundTrips(), key, chosen)

    try:
        result = _run(work)
    except DomainError as exc:
        err.print("error: " + "; ".join(p.message for p in exc.problems), markup=False)
        raise typer.Exit(code=1) from exc
    if result is None:
        err.print(f"error: Dispute '{key}' is not stored or has no sealed bundle.", markup=False)
        raise typer.Exit(code=1)
    for m in result.tampered + result.changed_since_seal:
        out.print(_line(m), markup=False)
    seal = result.manifest.get("seal", {})
    state = "TAMPERED" if result.tampered else "intact"
    changes = len(result.changed_since_seal)
    out.print(f"bundle version {seal.get('version')}: {state}; {changes} change(s) since the seal.", markup=False)
    if result.tampered:
        raise typer.Exit(code=1)
