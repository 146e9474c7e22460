"""Loading synthetic data at scale: contracts, people, incidents with events, breaches, outages, disputes.

Deterministic for a seed. Contracts go through the normal import; incidents, events, outages and their stored
breaches are written in batched `UNWIND` statements (the same Cypher as the API's writes), with breaches
computed by the domain rules exactly as a write would compute them (REPEATED counted per service window).
"""

from __future__ import annotations

import asyncio
import bisect
import random
import resource
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import yaml

from domain.access import SYSTEM
from domain.canonical import canonical_hash
from domain.hashing import stored_events
from domain.stream import check_incident
from domain.terms import ContractTerms
from graph import incidents as store
from graph.cypher import query
from graph.database import Graph, RoundTrips, Tx
from resolvers.disputes import DisputeOpening, open_dispute
from resolvers.imports import LOCAL_FILE_LIMIT, import_contract_text
from resolvers.incidents import breach_rows, evaluate_reported, repeated_window, summary_row
from resolvers.terms import terms_of
from seed.synthetic import synthetic_contracts
from seed.synthetic_streams import Cast, SyntheticIncident, incident_stream

START = datetime(2026, 1, 2, tzinfo=UTC)
HOT_SERVICE, COLD_SERVICE = "hot-service", "cold-service"


@dataclass(frozen=True)
class Scale:
    contracts: int
    incidents: int  # besides the long- and short-history services of the first contract
    hot: int = 1500  # incidents on the first contract's long-history service
    cold: int = 20  # incidents on its short-history service


SCALES = {
    "S0": Scale(contracts=20, incidents=2_000),
    "S1": Scale(contracts=200, incidents=20_000),
    "S10": Scale(contracts=2_000, incidents=200_000),
}


@dataclass
class LoadReport:
    scale: str
    contracts: int = 0
    incidents: int = 0
    events: int = 0
    breaches: int = 0
    outages: int = 0
    disputes: int = 0
    elements: int = 0  # nodes and relationships added to the graph
    seconds: float = 0.0
    peak_memory_mb: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def elements_per_second(self) -> float:
        return self.elements / self.seconds if self.seconds else 0.0

    def __str__(self) -> str:
        phases = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.timings.items())
        return (
            f"{self.scale}: {self.contracts} contracts, {self.incidents} incidents, {self.events} events, "
            f"{self.breaches} breaches, {self.outages} outages, {self.disputes} disputes; "
            f"{self.elements} graph elements in {self.seconds:.1f} s = {self.elements_per_second:,.0f} elements/s"
            f"{f' ({phases})' if phases else ''}; peak memory {self.peak_memory_mb:.0f} MB"
        )


Progress = Callable[[str, int, int], None]  # (stage, elements added, incidents added)


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def contract_key(n: int) -> str:
    return f"syn-{n:05d}"


# libyaml's loader when PyYAML has it: the pure-Python one took a fifth of the loader's CPU time at S1.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _cast(document: str) -> Cast:
    doc = yaml.load(document, Loader=_Loader)  # noqa: S506 - a safe loader (libyaml's or PyYAML's own)
    by_role: dict[str, list[str]] = {}
    reporters: list[str] = []
    for person in doc.get("people", []):
        if person.get("role"):
            by_role.setdefault(person["role"], []).append(person["key"])
        else:
            reporters.append(person["key"])
    levels = {lv["level"]: tuple(by_role.get(lv["role"], [])) for lv in doc["escalation"]["levels"]}
    return Cast(tuple(reporters), {lv: people for lv, people in levels.items() if people})


def _services(rng: random.Random, n: int) -> list[str]:
    return [f"svc-{i}" for i in range(1, 2 + rng.randint(1, 5))] if n else []


def _incidents(
    rng: random.Random, ck: str, count: int, services: list[str], cast: Cast, now: datetime
) -> Iterator[SyntheticIncident]:
    span = (now - timedelta(days=2) - START).total_seconds()
    for i in range(count):
        reported = START + timedelta(seconds=int(rng.random() * span))
        yield incident_stream(rng, f"{ck}-I{i:06d}", rng.choice(services), reported, cast, now - timedelta(minutes=1))


def _service_incidents(
    rng: random.Random, ck: str, service: str, count: int, cast: Cast, now: datetime, tag: str
) -> Iterator[SyntheticIncident]:
    span = (now - timedelta(days=2) - START).total_seconds()
    for i in range(count):
        reported = START + timedelta(seconds=int(span * (i + rng.random()) / count))
        yield incident_stream(rng, f"{ck}-{tag}{i:05d}", service, reported, cast, now - timedelta(minutes=1))


def _outages(rng: random.Random, ck: str, services: list[str], now: datetime) -> list[dict[str, Any]]:
    out = []
    span = (now - timedelta(days=2) - START).total_seconds()
    for _ in range(rng.randint(1, 6)):
        service = rng.choice(services)
        start = START + timedelta(seconds=int(rng.random() * span))
        end = start + timedelta(minutes=rng.randint(5, 240))
        excluded = rng.random() < 0.15
        out.append(
            {
                "uid": canonical_hash([ck, service, start.isoformat(), end.isoformat(), excluded]),
                "contractKey": ck,
                "service": service,
                "start": start,
                "end": end,
                "excluded": excluded,
            }
        )
    return out


@dataclass
class Batch:
    incidents: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    breaches: list[dict[str, Any]] = field(default_factory=list)
    elements: int = 0


def _figures(
    items: list[SyntheticIncident], terms: ContractTerms, ck: str, uid: str, now: datetime, check: bool
) -> Batch:
    """Rows for a contract's incidents: incident, events (hash chain) and breaches as the rules compute them."""
    known = {p for e in (i.facts.events for i in items) for ev in e for p in (ev.actor, ev.assignee) if p}
    window = repeated_window(terms)
    by_service: dict[str, list[tuple[datetime, str]]] = {}
    for item in items:
        by_service.setdefault(item.facts.service, []).append((item.facts.events[0].at, item.facts.key))
    for same_service in by_service.values():
        same_service.sort()
    batch = Batch()
    for item in items:
        f = item.facts
        if check:
            problems = check_incident(f, terms, known)
            if problems:
                raise ValueError(f"synthetic incident {f.key} is invalid: {problems[0].message}")
        reported = f.events[0].at
        batch.incidents.append(
            {
                "key": f.key,
                "title": item.title,
                "service": f.service,
                "serviceAffecting": f.service_affecting,
                "severity": f.severity,
                "currentSeverity": f.severity,
                "channel": item.channel,
                "contractKey": ck,
                "contractUid": uid,
                "reportedAt": reported,
                "createdAt": now,
                "status": "OPEN",
                "lastSeq": 0,
            }
        )
        batch.elements += 2
        chain = stored_events(f.key, list(f.events))
        rows = []
        for event, stored in zip(f.events, chain, strict=True):
            row = store.event_row(f.key, stored, event, now, SYSTEM.id)
            rows.append(row)
            batch.elements += 2 + (event.actor is not None) + (event.assignee is not None)
        batch.events += rows
        stored_incident = store.StoredIncident(
            batch.incidents[-1], tuple({k: v for k, v in r.items() if v is not None} for r in rows)
        )
        reports: list[tuple[str, datetime]] = []
        if window is not None:
            same = by_service[f.service]
            lo = bisect.bisect_left(same, (reported - timedelta(seconds=window), ""))
            hi = bisect.bisect_right(same, (reported, "\uffff"))
            reports = [(k, at) for at, k in same[lo:hi]]
        evaluation = evaluate_reported(terms, stored_incident, reports, now, facts=f)
        found = breach_rows(evaluation, terms, uid, now)
        batch.breaches += found
        batch.elements += sum(4 + (b["roleUid"] is not None) + (b["person"] is not None) for b in found)
        batch.figures.append(summary_row(f, evaluation, terms, found))
    return batch


def _batch_work(
    incidents: list[dict[str, Any]],
    events: list[dict[str, Any]],
    figures: list[dict[str, Any]],
    breaches: list[dict[str, Any]],
    ck: str,
    outages: list[dict[str, Any]],
) -> Callable[[Tx], Awaitable[None]]:
    async def work(tx: Tx) -> None:
        await store.write_incidents(tx, store.NewRows(incidents, events, []))
        await store.write_figures(tx, figures, breaches)
        await store.write_outages(tx, ck, outages)

    return work


async def _write(graph: Graph, batch: Batch, ck: str, outages: list[dict[str, Any]], size: int) -> None:
    """Write a contract's rows in transactions of about `size` incidents each."""
    by_key: dict[str, list[dict[str, Any]]] = {}
    for e in batch.events:
        by_key.setdefault(e["incidentKey"], []).append(e)
    breaches: dict[str, list[dict[str, Any]]] = {}
    for b in batch.breaches:
        breaches.setdefault(b["incidentKey"], []).append(b)
    for start in range(0, len(batch.incidents), size):
        part = batch.incidents[start : start + size]
        keys = [i["key"] for i in part]
        events = [e for k in keys for e in by_key[k]]
        found = [b for k in keys for b in breaches.get(k, [])]
        figures = batch.figures[start : start + size]
        await graph.write(_batch_work(part, events, figures, found, ck, outages if start == 0 else []), RoundTrips())


async def graph_elements(graph: Graph) -> int:
    async def work(tx: Tx) -> int:
        row = await tx.one("graph_size", query("graph_size"))
        return int(row["nodes"]) + int(row["relationships"]) if row else 0

    return await graph.read(work, RoundTrips())


async def load_synthetic(
    graph: Graph,
    scale: str = "S1",
    seed: int = 1,
    progress: Progress | None = None,
    check: bool = True,
    writers: int = 2,
    batch_size: int = 500,
) -> LoadReport:
    """Load a synthetic data set of `scale` (S0, S1, S10) made from `seed`; the same seed gives the same data."""
    spec = SCALES[scale]
    report = LoadReport(scale)
    now = datetime.now(UTC).replace(microsecond=0)
    before = await graph_elements(graph)
    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not security
    documents = list(synthetic_contracts(spec.contracts, "syn"))
    gate = asyncio.Semaphore(writers * 2)
    last_imported = 0.0  # seconds from the start until the last contract was stored

    async def import_one(document: str) -> dict[str, str]:
        nonlocal last_imported
        async with gate:
            outcome = await import_contract_text(graph, RoundTrips(), document, LOCAL_FILE_LIMIT)
            stored = await graph.read(lambda tx: store.contract_documents(tx, [outcome.uid]), RoundTrips())
        report.contracts += 1
        last_imported = time.perf_counter() - started
        if progress:
            progress("contracts", 0, 0)
        return stored

    # Contracts are independent of each other (their own parties, people and clauses): import a few at once,
    # while the incidents of those already stored are worked out and written (the import mostly waits on Neo4j,
    # the incidents mostly on Python).
    contracts = [asyncio.create_task(import_one(d)) for d in documents]
    per_contract = [spec.incidents // spec.contracts] * spec.contracts
    for i in range(spec.incidents % spec.contracts):
        per_contract[i] += 1
    queue: asyncio.Queue[tuple[Batch, str, list[dict[str, Any]]] | None] = asyncio.Queue(maxsize=writers * 2)

    async def writer() -> None:
        while (job := await queue.get()) is not None:
            batch, ck, outages = job
            await _write(graph, batch, ck, outages, batch_size)
            if progress:
                progress("incidents", batch.elements + 2 * len(outages), len(batch.incidents))

    tasks = [asyncio.create_task(writer()) for _ in range(writers)]
    try:
        for n, document in enumerate(documents, start=1):
            ck = contract_key(n)
            crng = random.Random(f"{seed}/{ck}")  # noqa: S311 - reproducible synthetic data
            stored = await contracts[n - 1]
            terms = terms_of(stored[f"{ck}@1"])
            cast = _cast(document)
            services = _services(crng, per_contract[n - 1])
            items = list(_incidents(crng, ck, per_contract[n - 1], services, cast, now)) if services else []
            if n == 1:
                items += list(_service_incidents(crng, ck, HOT_SERVICE, spec.hot, cast, now, "H"))
                items += list(_service_incidents(crng, ck, COLD_SERVICE, spec.cold, cast, now, "C"))
            outages = _outages(crng, ck, services or [COLD_SERVICE], now)
            batch = await asyncio.to_thread(_figures, items, terms, ck, f"{ck}@1", now, check)
            report.incidents += len(batch.incidents)
            report.events += len(batch.events)
            report.breaches += len(batch.breaches)
            report.outages += len(outages)
            await queue.put((batch, ck, outages))
    finally:
        for _ in tasks:
            await queue.put(None)
        await asyncio.gather(*tasks)
        await asyncio.gather(*contracts, return_exceptions=True)  # none left running after a failure
    report.timings["contracts"] = last_imported
    report.timings["contracts and incidents"] = time.perf_counter() - started
    disputes_started = time.perf_counter()
    report.disputes = await _disputes(graph, spec, rng)
    report.timings["disputes"] = time.perf_counter() - disputes_started
    if progress:
        progress("disputes", 0, 0)
    report.seconds = time.perf_counter() - started
    report.elements = await graph_elements(graph) - before
    report.peak_memory_mb = peak_memory_mb()
    return report


async def _disputes(graph: Graph, spec: Scale, rng: random.Random) -> int:
    """One dispute per 10 contracts, over three incidents of its contract, customer against provider."""
    made = 0
    for n in range(1, spec.contracts + 1, 10):
        ck = contract_key(n)
        keys = [f"{ck}-I{i:06d}" for i in sorted(rng.sample(range(max(3, spec.incidents // spec.contracts)), 3))]
        opening = DisputeOpening(
            key=f"{ck}-D1",
            title=f"Service credits claimed under {ck}",
            contract_key=ck,
            claimant=f"{ck}-fenwick-mutual",
            respondent=f"{ck}-azurite-harbor",
            amount_claimed="12000.00",
            incident_keys=keys,
        )
        await open_dispute(graph, RoundTrips(), opening)
        made += 1
    return made
