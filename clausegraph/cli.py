"""The `clausegraph` command line: serve, manage the local Neo4j, import, seed, export the schema."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from clausegraph.settings import PROJECT_ROOT, Settings
from domain.errors import DomainError, Unavailable
from graph.database import Graph, RoundTrips
from graph.local_neo4j import LocalNeo4jError

app = typer.Typer(
    help="Clausegraph: contracts, SLA clocks, incidents, disputes and precedents as a graph.", no_args_is_help=True
)
neo4j_app = typer.Typer(help="The project's local Neo4j (the embedded default).", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
console = Console()
err = Console(stderr=True)
T = TypeVar("T")


def _fail(message: str) -> None:
    err.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code=1)


@asynccontextmanager
async def _graph(settings: Settings) -> AsyncIterator[Graph]:
    """A graph for one command: a running local Neo4j or NEO4J_URI; else start the local one for the command."""
    from clausegraph.runtime import local_server, open_graph

    if settings.uses_local_neo4j:
        server = local_server(settings)
        if server.status() is not None:
            graph = await Graph.connect(
                server.uri, settings.neo4j_user, settings.neo4j_password, settings.neo4j_database
            )
            try:
                await graph.apply_schema()
                yield graph
            finally:
                await graph.close()
            return
    async with open_graph(settings, seed=False) as graph:
        yield graph


def _run(work: Callable[[Graph], Awaitable[T]]) -> T:
    settings = Settings()

    async def main() -> T:
        async with _graph(settings) as graph:
            return await work(graph)

    try:
        return asyncio.run(main())
    except (LocalNeo4jError, Unavailable) as exc:
        _fail(str(exc))
        raise AssertionError("unreachable") from exc


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on (default HOST or 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default PORT or 8000).")] = None,
) -> None:
    """Serve GraphQL and GraphiQL; starts (and on exit stops) the local Neo4j unless NEO4J_URI is set."""
    import uvicorn

    from clausegraph.app import create_app

    settings = Settings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if settings.uses_local_neo4j:
        from clausegraph.runtime import local_server

        if local_server(settings).status() is not None:
            _fail(
                f"A local Neo4j started by `clausegraph neo4j start` is running on port {settings.local_neo4j_port}; "
                "stop it with `clausegraph neo4j stop`, or set NEO4J_URI=bolt://127.0.0.1:"
                f"{settings.local_neo4j_port} to use it."
            )
    config = uvicorn.Config(
        create_app(settings),
        host=host or settings.host,
        port=port or settings.port,
        log_level="info",
        lifespan="on",
    )
    server = uvicorn.Server(config)
    # uvicorn handles SIGINT/SIGTERM: the lifespan then closes the driver and stops the local Neo4j.
    try:
        server.run()
    except (LocalNeo4jError, Unavailable) as exc:
        _fail(str(exc))
    if not server.started:
        raise typer.Exit(code=1)


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Start the local Neo4j in the background (until `clausegraph neo4j stop`)."""
    from clausegraph.runtime import local_server

    settings = Settings()
    server = local_server(settings)
    try:
        server.ensure_built()
        uri = server.start_detached()
    except LocalNeo4jError as exc:
        _fail(str(exc))
        return
    console.print(f"Neo4j is running at [bold]{uri}[/] (data in {settings.local_neo4j_data}).")


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the local Neo4j started with `clausegraph neo4j start`."""
    from clausegraph.runtime import local_server

    stopped = local_server(Settings()).stop_by_pidfile()
    console.print("Neo4j stopped." if stopped else "No local Neo4j was running.")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Say whether the local Neo4j is running, and where."""
    from clausegraph.runtime import local_server

    settings = Settings()
    pid = local_server(settings).status()
    if pid is None:
        console.print("The local Neo4j is not running.")
        raise typer.Exit(code=3)
    console.print(f"The local Neo4j is running (pid {pid}) at bolt://127.0.0.1:{settings.local_neo4j_port}.")


@app.command("import")
def import_files(
    files: Annotated[list[Path], typer.Argument(help="Contract, incidents or precedents documents.")],
) -> None:
    """Import documents (YAML or JSON), each all or nothing, with a progress bar."""
    from resolvers.imports import import_document_text

    for path in files:
        if not path.is_file():
            _fail(f"{path}: no such file.")

    async def work(graph: Graph) -> int:
        failures = 0
        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console
        ) as progress:
            task = progress.add_task("importing", total=len(files))
            for path in files:
                progress.update(task, description=f"importing {path.name}")
                try:
                    summary = await import_document_text(graph, RoundTrips(), path.read_text(encoding="utf-8"))
                    progress.console.print(f"[green]ok[/] {path}: {summary}")
                except DomainError as exc:
                    failures += 1
                    progress.console.print(f"[red]rejected[/] {path}: nothing was written.")
                    for p in exc.problems:
                        where = "/".join(str(x) for x in p.path) or "(document)"
                        progress.console.print(f"  {p.code} at {where}: {p.message}")
                progress.advance(task)
        return failures

    if _run(work):
        raise typer.Exit(code=1)


@app.command()
def seed() -> None:
    """Load the sample data (contracts, incidents, precedents); loading twice changes nothing."""
    from seed.loader import seed as load_seed

    async def work(graph: Graph) -> str:
        with Progress(TextColumn("{task.description}"), BarColumn(), console=console) as progress:
            task = progress.add_task("seeding", total=None)
            report = await load_seed(graph, RoundTrips(), lambda name: progress.update(task, description=name))
        return str(report)

    console.print(_run(work))


@app.command("seed-synthetic")
def seed_synthetic(
    scale: Annotated[str, typer.Option(help="S0 (small), S1 (200 contracts, 20,000 incidents) or S10.")] = "S1",
    seed: Annotated[int, typer.Option(help="Random seed: the same seed makes the same data.")] = 1,
) -> None:
    """Load deterministic synthetic contracts, incidents, outages and disputes (for benchmarks)."""
    from seed.synthetic_cli import seed_synthetic as load

    console.print(str(_run(lambda graph: load(graph, scale, seed, console))))


CREDITS_QUERY = """query($contract: String!, $month: String!, $asOf: DateTime) {
  creditReport(contractKey: $contract, month: $month, asOf: $asOf) {
    contract { key version title currency } month timezone uptimePercentExact downtimeSeconds monthSeconds
    items { kind percent amount incidentKey breach { kind dueAt overBySeconds clause { number } } tierBelow }
    totalBeforeCap cap total claimDeadline currency
  }
}"""


@app.command()
def credits(
    contract: Annotated[str, typer.Argument(help="Contract key.")],
    month: Annotated[str, typer.Argument(help="Month as YYYY-MM (in the contract's credits time zone).")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Instant with offset; default now.")] = None,
) -> None:
    """Print a month's service credits of a contract (the same figures as `creditReport`)."""
    from rich.table import Table

    from clausegraph.app import build_graphql_schema
    from resolvers.context import Context

    settings = Settings()
    schema = build_graphql_schema()

    async def work(graph: Graph) -> dict[str, object]:
        result = await schema.execute(
            CREDITS_QUERY,
            variable_values={"contract": contract, "month": month, "asOf": as_of},
            context_value=Context(settings=settings, graph=graph),
        )
        if result.errors:
            _fail("; ".join(e.message for e in result.errors))
        assert result.data is not None
        report: dict[str, object] = result.data["creditReport"]
        return report

    report = _run(work)
    c = report["contract"]
    assert isinstance(c, dict)
    table = Table(title=f"{c['title']} (v{c['version']}), credits for {report['month']} ({report['timezone']})")
    for column in ("kind", "incident", "due", "over by (s)", "clause", "percent", "amount"):
        table.add_column(column, justify="right" if column in ("percent", "amount", "over by (s)") else "left")
    items = report["items"]
    assert isinstance(items, list)
    for item in items:
        breach = item["breach"] or {}
        table.add_row(
            item["kind"],
            item["incidentKey"] or "",
            breach.get("dueAt", ""),
            str(breach.get("overBySeconds", "")),
            (breach.get("clause") or {}).get("number", ""),
            f"{item['percent']} %",
            item["amount"],
        )
    console.print(table)
    console.print(
        f"uptime {report['uptimePercentExact']} % ({report['downtimeSeconds']} s down of {report['monthSeconds']} s)"
    )
    console.print(
        f"total before cap {report['totalBeforeCap']}, cap {report['cap']}, "
        f"[bold]total {report['total']} {report['currency']}[/], claim by {report['claimDeadline']}"
    )


@app.command("export-bundle")
def export_bundle_command(
    key: Annotated[str, typer.Argument(help="Dispute key.")],
    format: Annotated[str, typer.Option("--format", "-f", help="json, html or pdf.")] = "html",
    version: Annotated[int | None, typer.Option(help="Bundle version (default: the latest).")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: its own name).")
    ] = None,
) -> None:
    """Write a sealed evidence bundle as JSON (the manifest), HTML or PDF."""
    from clausegraph.app import build_graphql_schema
    from clausegraph.bundles import FORMATS, BundleFile, export_bundle

    if format not in FORMATS:
        _fail(f"--format must be one of {', '.join(FORMATS)}, not '{format}'.")
    settings = Settings()

    async def work(graph: Graph) -> BundleFile:
        try:
            return await export_bundle(graph, settings, build_graphql_schema(), key, version, format)
        except DomainError as exc:
            _fail("; ".join(p.message for p in exc.problems))
            raise

    file = _run(work)
    target = output or Path(file.filename)
    target.write_bytes(file.content)
    console.print(f"Bundle written to {target} ({len(file.content):,} bytes).")


@app.command("export-schema")
def export_schema(
    output: Annotated[Path, typer.Option(help="Where to write the SDL.")] = PROJECT_ROOT / "schema.graphql",
) -> None:
    """Write the GraphQL schema (SDL) to schema.graphql."""
    from clausegraph.app import build_graphql_schema

    output.write_text(build_graphql_schema().as_str() + "\n", encoding="utf-8")
    console.print(f"Schema written to {output}.")


def main() -> None:
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    app()


if __name__ == "__main__":
    main()
