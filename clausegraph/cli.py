"""The `clausegraph` command line: serve, manage the local Neo4j, import, seed, export the schema."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from clausegraph.cli_access import audit_app, keys_app
from clausegraph.cli_output import print_json, rounded, stderr, stdout, table
from clausegraph.cli_record import verify_bundle_file, verify_live
from clausegraph.settings import PROJECT_ROOT, Settings
from domain.errors import DomainError, Unavailable
from graph.database import Graph, RoundTrips
from graph.local_neo4j import LocalNeo4jError

app = typer.Typer(
    help="Clausegraph: contracts, SLA clocks, incidents, disputes and precedents as a graph.", no_args_is_help=True
)
neo4j_app = typer.Typer(help="The project's local Neo4j (the embedded default).", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(keys_app, name="keys")
app.add_typer(audit_app, name="audit")
app.command("verify-bundle")(verify_bundle_file)
app.command("verify")(verify_live)
T = TypeVar("T")
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def _fail(message: str) -> None:
    # One line, however long, and the message taken literally (driver errors contain [brackets]).
    stderr().print(Text.assemble(("error:", "bold red"), " ", message), soft_wrap=True)
    raise typer.Exit(code=1)


def _running_local_uri(settings: Settings) -> str | None:
    """The address of the local Neo4j running on our data folder, from its pid file; None when none runs.

    Fails when CLAUSEGRAPH_NEO4J_PORT names another port than the one it runs on, rather than guess."""
    from clausegraph.runtime import local_server

    record = local_server(settings).recorded()
    if record is None:
        return None
    port = int(record["port"])
    if "local_neo4j_port" in settings.model_fields_set and settings.local_neo4j_port != port:
        _fail(
            f"The local Neo4j on {settings.local_neo4j_data} runs on port {port} (pid {record['pid']}), but "
            f"CLAUSEGRAPH_NEO4J_PORT says {settings.local_neo4j_port}. Unset it, set it to {port}, or stop that "
            "Neo4j with `clausegraph neo4j stop` first."
        )
    return str(record.get("uri") or f"bolt://127.0.0.1:{port}")


@asynccontextmanager
async def _graph(settings: Settings) -> AsyncIterator[Graph]:
    """A graph for one command: a running local Neo4j or NEO4J_URI; else start the local one for the command."""
    from clausegraph.runtime import connect, credentials, local_server, open_graph

    if settings.uses_local_neo4j:
        uri = _running_local_uri(settings)
        if uri is not None:
            graph = await connect(settings, uri, *credentials(settings, local_server(settings)))
            try:
                await graph.apply_schema()
                yield graph
            finally:
                await graph.close()
            return
    async with open_graph(settings, seed=False, supervise=False) as graph:
        yield graph


def _run(work: Callable[[Graph], Awaitable[T]], settings: Settings | None = None) -> T:
    settings = settings or Settings()

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
    workers: Annotated[int, typer.Option(min=1, help="Worker processes (more than 1 needs NEO4J_URI).")] = 1,
) -> None:
    """Serve GraphQL and GraphiQL; starts (and on exit stops) the local Neo4j unless NEO4J_URI is set."""
    import uvicorn

    # `main` restores the default SIGPIPE action for commands piped into `head`; a server must instead outlive
    # clients that hang up (its write to their socket then raises, and the connection alone is dropped).
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)

    from clausegraph.logs import configure_logging
    from clausegraph.serving import serve as serve_until_stopped

    settings = Settings()
    if settings.uses_local_neo4j:
        if workers > 1:
            _fail("Several workers cannot share the local Neo4j's data folder; set NEO4J_URI to a shared Neo4j.")
        from clausegraph.runtime import local_server

        record = local_server(settings).recorded()
        if record is not None:
            _fail(
                f"A local Neo4j started by `clausegraph neo4j start` is running on port {record['port']}; "
                "stop it with `clausegraph neo4j stop`, or set NEO4J_URI=bolt://127.0.0.1:"
                f"{record['port']} to use it."
            )
    configure_logging(settings.log_format)
    if workers > 1:
        # Each worker process builds its own app (and driver) from the environment.
        uvicorn.run(
            "clausegraph.app:from_environment",
            factory=True,
            host=host or settings.host,
            port=port or settings.port,
            workers=workers,
            log_config=None,
            # A worker busy starting up (imports, connecting) must not be taken for a dead one.
            timeout_worker_healthcheck=60,
        )
        return
    # The graph is opened before uvicorn starts, so that a Neo4j that never answers is one line, not a traceback.
    try:
        status = serve_until_stopped(settings, host or settings.host, port or settings.port)
    except (LocalNeo4jError, Unavailable) as exc:
        _fail(str(exc))
        return
    if status:
        raise typer.Exit(code=status)


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Start the local Neo4j in the background (until `clausegraph neo4j stop`)."""
    from clausegraph.runtime import local_server

    settings = Settings()
    if _running_local_uri(settings) is not None:
        _fail(f"A local Neo4j is already running on {settings.local_neo4j_data}; see `clausegraph neo4j status`.")
    server = local_server(settings)
    try:
        server.ensure_built()
        uri = server.start_detached()
    except LocalNeo4jError as exc:
        _fail(str(exc))
        return
    stdout().print(f"Neo4j is running at [bold]{uri}[/] (data in {settings.local_neo4j_data}).")


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the local Neo4j started with `clausegraph neo4j start`."""
    from clausegraph.runtime import local_server

    stopped = local_server(Settings()).stop_by_pidfile()
    stdout().print("Neo4j stopped." if stopped else "No local Neo4j was running.")


@neo4j_app.command("status")
def neo4j_status(as_json: JsonOption = False) -> None:
    """Say whether the local Neo4j is running, and where (the address its pid file records)."""
    from clausegraph.runtime import local_server

    settings = Settings()
    uri = _running_local_uri(settings)
    record = local_server(settings).recorded() if uri is not None else None
    if as_json:
        print_json(
            {
                "running": record is not None,
                "pid": record["pid"] if record else None,
                "uri": uri,
                "data": str(settings.local_neo4j_data),
            }
        )
    elif record is None:
        stdout().print("The local Neo4j is not running.")
    else:
        stdout().print(
            f"The local Neo4j is running (pid {record['pid']}) at {uri} (data in {settings.local_neo4j_data})."
        )
    if record is None:
        raise typer.Exit(code=3)


@app.command("import")
def import_files(
    files: Annotated[list[Path], typer.Argument(help="Contract, incidents or precedents documents.")],
    as_json: JsonOption = False,
) -> None:
    """Import documents (YAML or JSON), each all or nothing, with a progress bar; say what was new."""
    from clausegraph.import_report import import_document

    for path in files:
        if not path.is_file():
            _fail(f"{path}: no such file.")

    async def work(graph: Graph) -> list[dict[str, object]]:
        results: list[dict[str, object]] = []
        # With --json, standard output carries only the JSON; the progress goes to standard error.
        console = stderr() if as_json else stdout()
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console, transient=as_json) as progress:
            task = progress.add_task("importing", total=len(files))
            for path in files:
                progress.update(task, description=f"importing {path.name}")
                try:
                    report = await import_document(graph, path.read_text(encoding="utf-8"))
                    results.append({"file": str(path), "ok": True, **report.as_json()})
                    if not as_json:
                        progress.console.print(f"[green]ok[/] {path}: {report.summary()}")
                except DomainError as exc:
                    problems = [
                        {"code": p.code, "path": [str(x) for x in p.path], "message": p.message} for p in exc.problems
                    ]
                    results.append({"file": str(path), "ok": False, "problems": problems})
                    if not as_json:
                        progress.console.print(f"[red]rejected[/] {path}: nothing was written.")
                        for p in exc.problems:
                            where = "/".join(str(x) for x in p.path) or "(document)"
                            progress.console.print(f"  {p.code} at {where}: {p.message}")
                progress.advance(task)
        return results

    results = _run(work)
    if as_json:
        print_json(results)
    if any(not r["ok"] for r in results):
        raise typer.Exit(code=1)


@app.command()
def seed(as_json: JsonOption = False) -> None:
    """Load the sample data (contracts, incidents, precedents); loading twice changes nothing."""
    from dataclasses import asdict

    from clausegraph.signing import load_or_create_signer
    from seed.loader import SeedReport
    from seed.loader import seed as load_seed

    settings = Settings()

    async def work(graph: Graph) -> SeedReport:
        console = stderr() if as_json else stdout()
        with Progress(TextColumn("{task.description}"), BarColumn(), console=console, transient=as_json) as progress:
            task = progress.add_task("seeding", total=None)
            return await load_seed(
                graph,
                RoundTrips(),
                lambda name: progress.update(task, description=name),
                signer=load_or_create_signer(settings.signing_key_file),
            )

    report = _run(work)
    if as_json:
        print_json(asdict(report))
    else:
        stdout().print(str(report))


BULK_TX_TIMEOUT = 300.0  # seconds


@app.command("seed-synthetic")
def seed_synthetic(
    scale: Annotated[str, typer.Option(help="S0 (small), S1 (200 contracts, 20,000 incidents) or S10.")] = "S1",
    seed: Annotated[int, typer.Option(help="Random seed: the same seed makes the same data.")] = 1,
) -> None:
    """Load deterministic synthetic contracts, incidents, outages and disputes (for benchmarks)."""
    from seed.synthetic_cli import seed_synthetic as load

    out = stdout()
    # A bulk transaction (500 incidents, some 25,000 graph elements) outlasts the API's request timeout.
    settings = Settings()
    settings = settings.model_copy(update={"db_tx_timeout": max(settings.db_tx_timeout, BULK_TX_TIMEOUT)})
    out.print(str(_run(lambda graph: load(graph, scale, seed, out), settings)))


CREDITS_QUERY = """query($contract: String!, $month: String!, $asOf: DateTime) {
  creditReport(contractKey: $contract, month: $month, asOf: $asOf) {
    contract { key version title currency } month timezone monthStart monthEnd
    uptimePercentExact downtimeSeconds monthSeconds
    items { kind percent amount incidentKey breach { ref kind dueAt overBySeconds clause { number } } tierBelow }
    totalBeforeCap cap total claimDeadline currency
  }
}"""


@app.command()
def credits(
    contract: Annotated[str, typer.Argument(help="Contract key.")],
    month: Annotated[str, typer.Argument(help="Month as YYYY-MM (in the contract's credits time zone).")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Instant with offset; default now.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Print a month's service credits of a contract (the same figures as `creditReport`)."""
    from clausegraph.app import build_graphql_schema
    from resolvers.context import Context

    settings = Settings()
    schema = build_graphql_schema()

    async def work(graph: Graph) -> dict[str, Any]:
        result = await schema.execute(
            CREDITS_QUERY,
            variable_values={"contract": contract, "month": month, "asOf": as_of},
            context_value=Context(settings=settings, graph=graph),
        )
        if result.errors:
            _fail("; ".join(e.message for e in result.errors))
        assert result.data is not None
        report: dict[str, Any] = result.data["creditReport"]
        return report

    report = _run(work)
    if as_json:
        print_json(report)
        return
    c = report["contract"]
    rows = []
    for item in report["items"]:
        breach = item["breach"] or {}
        rows.append(
            [
                item["kind"],
                item["incidentKey"] or "",
                breach.get("dueAt", ""),
                str(breach.get("overBySeconds", "")),
                (breach.get("clause") or {}).get("number", ""),
                f"{item['percent']} %",
                item["amount"],
            ]
        )
    title = f"{c['title']} (v{c['version']}), credits for {report['month']} ({report['timezone']})"
    columns = ("kind", "incident", "due", "over by (s)", "clause", "percent", "amount")
    out = stdout()
    out.print(table(title, columns, rows, right=("percent", "amount", "over by (s)")))
    out.print(
        f"uptime {rounded(report['uptimePercentExact'])} % "
        f"({report['downtimeSeconds']:,} s down of {report['monthSeconds']:,} s)"
    )
    out.print(
        f"total before cap {report['totalBeforeCap']}, cap {report['cap']}, "
        f"[bold]total {report['total']} {report['currency']}[/], claim by {report['claimDeadline']}"
    )


@app.command("export-bundle")
def export_bundle_command(
    key: Annotated[str, typer.Argument(help="Dispute key.")],
    format: Annotated[str, typer.Option("--format", "-f", help="json, html or pdf.")] = "html",
    version: Annotated[int | None, typer.Option(help="Bundle version (default: the latest).")] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder to write into (default: the current folder).")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Exact file to write (instead of --out).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Write a sealed evidence bundle as JSON (the manifest), HTML or PDF, named after the dispute and version."""
    from clausegraph.bundles import FORMATS, BundleFile, export_bundle
    from domain.access import SYSTEM
    from graph.reads import Reader, Scope
    from resolvers.custody import record_access

    if format not in FORMATS:
        _fail(f"--format must be one of {', '.join(FORMATS)}, not '{format}'.")
    if out is not None and output is not None:
        _fail("Give either --out DIR or --output FILE, not both.")
    folder = out if out is not None else Path.cwd()
    if output is None and out is None and Path.cwd().resolve().is_relative_to(PROJECT_ROOT):
        _fail(
            "The current folder is inside the Clausegraph repository; say where the bundle goes with --out DIR "
            "(or --output FILE), so exports do not end up among the sources."
        )
    if output is None and not folder.is_dir():
        _fail(f"--out {folder}: no such folder.")

    async def work(graph: Graph) -> BundleFile:
        reader = Reader(graph, RoundTrips(), Scope.everything())
        try:
            file = await export_bundle(reader, key, version, format)
        except DomainError as exc:
            _fail("; ".join(p.message for p in exc.problems))
            raise
        await record_access(
            graph,
            RoundTrips(),
            list(file.item_keys),
            "EXPORTED",
            f"bundle version {file.version} exported as {format} from the command line",
            None,
            SYSTEM.id,
        )
        return file

    file = _run(work)
    target = output if output is not None else folder / file.filename
    target.write_bytes(file.content)
    if as_json:
        print_json({"file": str(target), "bytes": len(file.content), "mediaType": file.media_type})
    else:
        stdout().print(f"Bundle written to {target} ({len(file.content):,} bytes).")


@app.command("export-schema")
def export_schema(
    output: Annotated[Path, typer.Option(help="Where to write the SDL.")] = PROJECT_ROOT / "schema.graphql",
) -> None:
    """Write the GraphQL schema (SDL) to schema.graphql."""
    from clausegraph.app import build_graphql_schema

    output.write_text(build_graphql_schema().as_str() + "\n", encoding="utf-8")
    stdout().print(f"Schema written to {output}.")


def main() -> None:
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    app()


if __name__ == "__main__":
    main()
