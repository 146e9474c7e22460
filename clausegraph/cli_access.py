"""`clausegraph keys create|list|revoke` and `clausegraph audit verify`: access administration from a shell."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from domain.access import SYSTEM, AccessRole
from domain.audit import verify_chain
from domain.errors import DomainError
from graph import audit as audit_store
from graph.database import Graph, RoundTrips
from graph.reads import Reader, Scope
from resolvers.keys import KeyRequest, create_key, revoke_key

keys_app = typer.Typer(help="API keys: create (the secret is shown once), list, revoke.", no_args_is_help=True)
audit_app = typer.Typer(help="The append-only, hash-chained audit log.", no_args_is_help=True)
console = Console(soft_wrap=True)
err = Console(stderr=True)
T = TypeVar("T")


def _run(work: Callable[[Graph], Awaitable[T]]) -> T:
    """Run `work` on the graph the way every command does (imported late: cli.py imports this module)."""
    from clausegraph.cli import _run as run

    return run(work)


@keys_app.command("create")
def keys_create(
    label: Annotated[str, typer.Option(help="What the key is for, e.g. 'Acme legal team'.")],
    role: Annotated[AccessRole, typer.Option(help="ADMIN, LEGAL, SUPPORT, VIEWER or ARBITRATOR.")],
    party: Annotated[str | None, typer.Option(help="The party the key acts for (every role but ADMIN).")] = None,
    person: Annotated[str | None, typer.Option(help="The person acting, recorded as author.")] = None,
    dispute: Annotated[list[str] | None, typer.Option(help="ARBITRATOR: a dispute it may see (repeat).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the key and its secret as JSON.")] = False,
) -> None:
    """Create an API key and print its secret, which is shown this once and never stored."""
    request = KeyRequest(label=label, role=role, party=party, person=person, disputes=tuple(dispute or ()))

    async def work(graph: Graph) -> tuple[dict[str, object], str]:
        return await create_key(graph, RoundTrips(), request, SYSTEM)

    try:
        row, secret = _run(work)
    except DomainError as exc:
        for p in exc.problems:
            err.print(f"[bold red]error:[/] {p.code}: {p.message}")
        raise typer.Exit(code=1) from exc
    if as_json:
        console.print_json(json.dumps({**row, "secret": secret}, default=str))
        return
    console.print(f"Created key [bold]{row['id']}[/] ({role}{f' of {party}' if party else ''}).")
    console.print("Its secret, shown only now; send it as 'Authorization: Bearer <secret>':")
    console.print(secret, markup=False, highlight=False)


@keys_app.command("list")
def keys_list(as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines.")] = False) -> None:
    """List API keys (never their secrets)."""

    async def work(graph: Graph) -> list[dict[str, object]]:
        reader = Reader(graph, RoundTrips(), Scope.everything())
        rows: list[dict[str, object]] = []
        after: str | None = None
        while True:
            page = await reader.api_key_page(after=after, limit=100)
            rows += page.rows
            if len(page.rows) < 100:
                return rows
            after = str(page.rows[-1]["id"])

    rows = _run(work)
    if as_json:
        for row in rows:
            console.print(json.dumps(row, default=str), markup=False, highlight=False)
        return
    table = Table("id", "label", "role", "party", "person", "created", "last used", "revoked")
    for r in rows:
        table.add_row(*(str(r.get(k) or "") for k in ("id", "label", "role", "party", "person")),
                      *(str(r.get(k) or "")[:19] for k in ("createdAt", "lastUsedAt", "revokedAt")))  # fmt: skip
    console.print(table)


@keys_app.command("revoke")
def keys_revoke(key_id: Annotated[str, typer.Argument(help="The key's id (from `keys list`).")]) -> None:
    """Revoke an API key: it stops working at once and stays listed with when it was revoked."""

    async def work(graph: Graph) -> dict[str, object]:
        return await revoke_key(graph, RoundTrips(), key_id)

    try:
        row = _run(work)
    except DomainError as exc:
        err.print(f"[bold red]error:[/] {exc.problems[0].message}")
        raise typer.Exit(code=1) from exc
    console.print(f"Revoked key {row['id']} at {row['revokedAt']}.")


@audit_app.command("verify")
def audit_verify() -> None:
    """Re-walk the audit log's hash chain; exit 1 and name each entry that does not match."""

    async def work(graph: Graph) -> tuple[int, list[str]]:
        head, entries = await audit_store.everything(graph, RoundTrips())
        findings = verify_chain(entries, int((head or {}).get("seq", 0)), str((head or {}).get("hash", "")))
        return len(entries), [f"seq {f.seq}: {f.message}" for f in findings]

    count, findings = _run(work)
    if findings:
        for line in findings:
            err.print(f"[bold red]broken:[/] {line}")
        raise typer.Exit(code=1)
    console.print(f"The audit log's {count} entries form an intact chain.")
