"""Loading the sample data in seed/data: contracts, precedents and incidents."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from domain.access import SYSTEM
from domain.signatures import Signer
from graph.database import Graph, RoundTrips
from graph.reads import Reader, Scope
from resolvers.imports import LOCAL_FILE_LIMIT, import_contract_text, import_precedents_text
from resolvers.incidents import import_incidents_text
from seed.disputes import seed_disputes

DATA = Path(__file__).resolve().parent / "data"


@dataclass
class SeedReport:
    contracts_created: int = 0
    contracts_unchanged: int = 0
    precedents: int = 0
    incidents: int = 0
    disputes: int = 0
    files: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{self.contracts_created} contract versions created, {self.contracts_unchanged} unchanged, "
            f"{self.precedents} precedents, {self.incidents} incidents, {self.disputes} disputes opened"
        )


def contract_files(data: Path = DATA) -> list[Path]:
    """Contract documents in import order: by name, each base version before its amendments."""
    return sorted((data / "contracts").glob("*.yaml"), key=lambda p: (p.name.split(".")[0], p.name))


async def seed(
    graph: Graph, trips: RoundTrips, progress: Callable[[str], None] | None = None, *, signer: Signer
) -> SeedReport:
    """Import every seed document; importing twice changes nothing. Sealed bundles are signed by `signer`."""
    report = SeedReport()
    for path in contract_files():
        outcome = await import_contract_text(graph, trips, path.read_text(encoding="utf-8"), LOCAL_FILE_LIMIT)
        if outcome.created:
            report.contracts_created += 1
        else:
            report.contracts_unchanged += 1
        report.files.append(path.name)
        if progress:
            progress(path.name)
    precedents = DATA / "precedents.yaml"
    report.precedents = await import_precedents_text(graph, trips, precedents.read_text(encoding="utf-8"))
    report.files.append(precedents.name)
    if progress:
        progress(precedents.name)
    for path in sorted((DATA / "incidents").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        report.incidents += len(await import_incidents_text(graph, trips, text, LOCAL_FILE_LIMIT, SYSTEM.id))
        report.files.append(path.name)
        if progress:
            progress(path.name)
    report.disputes = await seed_disputes(graph, trips, signer)
    if progress:
        progress("disputes.yaml")
    return report


async def is_empty(graph: Graph, trips: RoundTrips) -> bool:
    """True when nothing the seed loads is stored yet."""
    return not any((await Reader(graph, trips, Scope.everything()).counts()).values())


async def seed_if_empty(graph: Graph, trips: RoundTrips, *, signer: Signer) -> SeedReport | None:
    """Load the seed data on the first run, when the database holds nothing yet."""
    if not await is_empty(graph, trips):
        return None
    return await seed(graph, trips, signer=signer)
