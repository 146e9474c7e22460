"""The `seed-synthetic` command's body: a rich progress bar over the synthetic load, then its report."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from graph.database import Graph
from seed.synthetic_load import SCALES, LoadReport, load_synthetic, peak_memory_mb


async def seed_synthetic(graph: Graph, scale: str, seed: int, console: Console) -> LoadReport:
    """Load scale `scale` from `seed` with a live progress bar (incidents, elements/s, memory)."""
    spec = SCALES[scale]
    total = spec.incidents + spec.hot + spec.cold
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:>8,.0f} elements/s  {task.fields[memory]:>5.0f} MB"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console) as progress:
        contracts = progress.add_task("contracts", total=spec.contracts, rate=0.0, memory=0.0)
        incidents = progress.add_task("incidents", total=total, rate=0.0, memory=0.0)
        elements = 0
        started = progress.get_time()

        def update(stage: str, added: int, count: int) -> None:
            nonlocal elements
            elements += added
            rate = elements / max(progress.get_time() - started, 1e-6)
            if stage == "contracts":
                progress.update(contracts, advance=1, memory=peak_memory_mb())
            elif stage == "incidents":
                progress.update(incidents, advance=count, rate=rate, memory=peak_memory_mb())

        return await load_synthetic(graph, scale, seed, update)
