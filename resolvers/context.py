"""The per-request context: settings, the reader, round-trip counter and DataLoaders."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any

from strawberry.dataloader import DataLoader

from domain.access import SYSTEM, Principal
from domain.signatures import Signer
from graph.database import Graph, RoundTrips
from graph.reads import Reader, Scope, StructureDetail

if TYPE_CHECKING:
    from clausegraph.settings import Settings


def _loader(fetch: Any) -> DataLoader[str, Any]:
    async def load(keys: list[str]) -> list[Any]:
        found = await fetch(list(keys))
        return [found.get(k) for k in keys]

    return DataLoader(load_fn=load)


def loaded(loader: DataLoader[str, Any], key: str) -> Any:
    """What `loader` has already loaded for `key` in this request, without awaiting; LookupError when it has not
    (never asked, still pending, or failed: awaiting it reports the failure)."""
    future = loader.cache_map.get(key)
    if future is None or not future.done() or future.cancelled() or future.exception() is not None:
        raise LookupError(key)
    return future.result()


def _lazy(fetch: Callable[[Reader], Any]) -> cached_property[DataLoader[str, Any]]:
    """A loader made on first use: a request uses a few of them, and making them all was a fixed cost."""

    def make(self: Loaders) -> DataLoader[str, Any]:
        return _loader(fetch(self.reader))

    return cached_property(make)


class Loaders:
    """Batching loaders, created per request so nothing is cached across requests (each on first use)."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader

    contract_versions = _lazy(lambda r: r.contract_versions)
    latest_versions = _lazy(lambda r: r.latest_versions)
    documents = _lazy(lambda r: r.contract_documents)
    precedents = _lazy(lambda r: r.precedents)
    citations = _lazy(lambda r: r.precedent_citations)
    parties = _lazy(lambda r: r.parties)
    people = _lazy(lambda r: r.people)
    incidents = _lazy(lambda r: r.incidents)
    service_reports = _lazy(lambda r: r.service_reports)
    outages = _lazy(lambda r: r.outages)
    all_precedents = _lazy(lambda r: r.all_precedents)
    disputes = _lazy(lambda r: r.disputes)
    incidents_by_role_level = _lazy(lambda r: r.incidents_by_role_level)
    incidents_by_person = _lazy(lambda r: r.incidents_by_person)
    dispute_incidents = _lazy(lambda r: r.dispute_incidents)
    evidence_files = _lazy(lambda r: r.evidence_files)
    people_by_party = _lazy(lambda r: r.people_by_party)
    dashboard_counts = _lazy(lambda r: r.dashboard_counts)

    @cached_property
    def _structures(self) -> dict[StructureDetail, DataLoader[str, Any]]:
        return {}

    def structures(self, detail: StructureDetail) -> DataLoader[str, Any]:
        """Contract structures in `detail` (graph/reads.py): one loader, so one batched read, per detail."""
        loader = self._structures.get(detail)
        if loader is None:
            loader = self._structures[detail] = _loader(partial(self.reader.contract_structure, detail=detail))
        return loader

    @cached_property
    def breaches(self) -> dict[str, DataLoader[str, Any]]:
        r = self.reader
        return {via: _loader(partial(r.breaches, via)) for via in ("role", "person", "clause", "contract", "uid")}


@dataclass
class Context:
    """What every resolver gets through `info.context`.

    `principal` is who is asking and `scope` what it may see; the default (the system itself, for the
    command line and seeding) sees everything. The web app always passes the request's own.
    """

    settings: Settings
    graph: Graph
    principal: Principal = SYSTEM
    scope: Scope = field(default_factory=Scope.everything)
    trips: RoundTrips = field(default_factory=RoundTrips)
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    # the deployment's signing key, loaded on first use: seals sign with it (the web app passes it)
    signer: Callable[[], Signer] | None = None
    reader: Reader = field(init=False)
    loaders: Loaders = field(init=False)
    # evaluations of incidents computed in this request, by (incident key, as of)
    evaluations: dict[tuple[str, str], Any] = field(default_factory=dict)
    # views built from loaded rows (contract structures), by (kind, id), so each is built once per request
    views: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    # subscriptions running on this context's WebSocket connection (one context per connection)
    live_subscriptions: int = 0

    # (mutation field, user error codes) of each mutation this request ran, for the audit log
    mutation_outcomes: list[tuple[str, list[str]]] = field(default_factory=list)
    # set by the WebSocket handshake (graphql-transport-ws `connection_init` payload)
    connection_params: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        self.reader = Reader(self.graph, self.trips, self.scope)
        self.loaders = Loaders(self.reader)

    def assume(self, principal: Principal, scope: Scope) -> None:
        """Act for `principal` from now on (a WebSocket authenticates after its context is made)."""
        self.principal = principal
        self.scope = scope
        self.reader = Reader(self.graph, self.trips, scope)
        self.loaders = Loaders(self.reader)

    def release(self) -> None:
        """Let go of what this request loaded and built (rows, structures, evaluations) once its result is made.

        graphql-core's execution context and the driver's result objects of a request form reference cycles that
        reach this context; while it held the request's rows and views, everything the request read could only
        be freed by the garbage collector, which walked all of it first (most of the time the collector took,
        docs/performance.md). Emptied here, those are freed as soon as the result is, and the cycles left are a
        hundred small objects."""
        self.views.clear()
        self.evaluations.clear()
        self.loaders = Loaders(self.reader)

    def page_size(self, first: int | None) -> int:
        """The page size asked for, checked against the maximum."""
        size = self.settings.default_page_size if first is None else first
        if size < 0:
            raise ValueError("`first` must not be negative.")
        if size > self.settings.max_page_size:
            raise ValueError(f"`first` is {size}; the maximum page size is {self.settings.max_page_size}.")
        return size
