"""The per-request context: settings, the reader, round-trip counter and DataLoaders."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from strawberry.dataloader import DataLoader

from domain.access import SYSTEM, Principal
from domain.signatures import Signer
from graph.database import Graph, RoundTrips
from graph.reads import Reader, Scope

if TYPE_CHECKING:
    from clausegraph.settings import Settings


def _loader(fetch: Any) -> DataLoader[str, Any]:
    async def load(keys: list[str]) -> list[Any]:
        found = await fetch(list(keys))
        return [found.get(k) for k in keys]

    return DataLoader(load_fn=load)


@dataclass
class Loaders:
    """Batching loaders, created per request so nothing is cached across requests."""

    reader: Reader
    contract_versions: DataLoader[str, Any] = field(init=False)
    latest_versions: DataLoader[str, Any] = field(init=False)
    structures: DataLoader[str, Any] = field(init=False)
    outlines: DataLoader[str, Any] = field(init=False)  # structures without the clauses' text
    documents: DataLoader[str, Any] = field(init=False)
    precedents: DataLoader[str, Any] = field(init=False)
    citations: DataLoader[str, Any] = field(init=False)
    parties: DataLoader[str, Any] = field(init=False)
    people: DataLoader[str, Any] = field(init=False)
    incidents: DataLoader[str, Any] = field(init=False)
    service_reports: DataLoader[str, Any] = field(init=False)
    outages: DataLoader[str, Any] = field(init=False)
    breaches: dict[str, DataLoader[str, Any]] = field(init=False)
    all_precedents: DataLoader[str, Any] = field(init=False)
    disputes: DataLoader[str, Any] = field(init=False)
    incidents_by_role_level: DataLoader[str, Any] = field(init=False)
    incidents_by_person: DataLoader[str, Any] = field(init=False)
    dispute_incidents: DataLoader[str, Any] = field(init=False)
    evidence_files: DataLoader[str, Any] = field(init=False)
    people_by_party: DataLoader[str, Any] = field(init=False)
    dashboard_counts: DataLoader[str, Any] = field(init=False)

    def __post_init__(self) -> None:
        r = self.reader
        self.contract_versions = _loader(r.contract_versions)
        self.latest_versions = _loader(r.latest_versions)
        self.structures = _loader(r.contract_structure)
        self.outlines = _loader(partial(r.contract_structure, with_text=False))
        self.documents = _loader(r.contract_documents)
        self.precedents = _loader(r.precedents)
        self.citations = _loader(r.precedent_citations)
        self.parties = _loader(r.parties)
        self.people = _loader(r.people)
        self.incidents = _loader(r.incidents)
        self.service_reports = _loader(r.service_reports)
        self.outages = _loader(r.outages)
        self.all_precedents = _loader(r.all_precedents)
        self.disputes = _loader(r.disputes)
        self.incidents_by_role_level = _loader(r.incidents_by_role_level)
        self.incidents_by_person = _loader(r.incidents_by_person)
        self.dispute_incidents = _loader(r.dispute_incidents)
        self.evidence_files = _loader(r.evidence_files)
        self.people_by_party = _loader(r.people_by_party)
        self.dashboard_counts = _loader(r.dashboard_counts)
        self.breaches = {
            via: _loader(partial(r.breaches, via)) for via in ("role", "person", "clause", "contract", "uid")
        }


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
    views: dict[tuple[str, str], Any] = field(default_factory=dict)
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

    def page_size(self, first: int | None) -> int:
        """The page size asked for, checked against the maximum."""
        size = self.settings.default_page_size if first is None else first
        if size < 0:
            raise ValueError("`first` must not be negative.")
        if size > self.settings.max_page_size:
            raise ValueError(f"`first` is {size}; the maximum page size is {self.settings.max_page_size}.")
        return size
