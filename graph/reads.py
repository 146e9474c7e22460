"""Every read of the graph, behind one class, so that what a caller may see is decided in one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from graph import disputes as dispute_store
from graph.cypher import query
from graph.database import Graph, RoundTrips, Tx
from graph.disputes import StoredDispute
from graph.incidents import StoredIncident, incidents_with_events, native


@dataclass(frozen=True)
class Scope:
    """What a caller may see. Today everyone sees everything; a customer scope would set `party`."""

    party: str | None = None
    contracts: list[str] | None = None


@dataclass(frozen=True)
class Page:
    total: int
    rows: list[dict[str, Any]]


class Reader:
    """Read access for one request: counts round trips and applies the caller's scope."""

    def __init__(self, graph: Graph, trips: RoundTrips, scope: Scope | None = None) -> None:
        self.graph = graph
        self.trips = trips
        self.scope = scope or Scope()

    async def _rows(self, name: str, **params: Any) -> list[dict[str, Any]]:
        async def work(tx: Tx) -> list[dict[str, Any]]:
            return await tx.rows(name, query(name), **params)

        return await self.graph.read(work, self.trips)

    async def contract_page(
        self,
        *,
        after: str | None,
        limit: int,
        kind: str | None,
        jurisdiction: str | None,
        party: str | None,
        text: str | None,
    ) -> Page:
        """Latest contract versions, ordered by key."""
        row = (
            await self._rows(
                "contract_page",
                after=after,
                limit=limit,
                kind=kind,
                jurisdiction=jurisdiction,
                party=party or self.scope.party,
                text=text,
            )
        )[0]
        return Page(row["total"], row["page"])

    async def contract_versions(self, uids: list[str]) -> dict[str, dict[str, Any]]:
        rows = await self._rows("contract_versions", uids=uids)
        return {r["version"]["uid"]: r["version"] for r in rows}

    async def latest_versions(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        """For each contract key: `latest` uid and all version `uids` in order."""
        rows = await self._rows("contract_latest", keys=keys)
        return {r["key"]: r for r in rows}

    async def contract_structure(self, uids: list[str]) -> dict[str, dict[str, Any]]:
        rows = await self._rows("contract_structure", uids=uids)
        return {r["uid"]: r for r in rows}

    async def contract_documents(self, uids: list[str]) -> dict[str, str]:
        rows = await self._rows("contract_documents", uids=uids)
        return {r["uid"]: r["document"] for r in rows}

    async def precedent_page(
        self, *, after: str | None, limit: int, topic: str | None, jurisdiction: str | None, text: str | None
    ) -> Page:
        row = (
            await self._rows(
                "precedent_page", after=after, limit=limit, topic=topic, jurisdiction=jurisdiction, text=text
            )
        )[0]
        return Page(row["total"], row["page"])

    async def precedents(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        rows = await self._rows("precedents_by_key", keys=keys)
        return {r["precedent"]["key"]: r["precedent"] for r in rows}

    async def precedent_citations(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        rows = await self._rows("precedent_citations", keys=keys)
        return {r["key"]: r for r in rows}

    async def parties(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        rows = await self._rows("parties_by_key", keys=keys)
        return {r["key"]: r for r in rows}

    async def people(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        rows = await self._rows("people_by_key", keys=keys)
        return {r["key"]: r for r in rows}

    async def incidents(self, keys: list[str]) -> dict[str, StoredIncident]:
        async def work(tx: Tx) -> dict[str, StoredIncident]:
            return await incidents_with_events(tx, keys)

        return await self.graph.read(work, self.trips)

    async def service_reports(self, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """For ids 'contract|service': every incident's key and reportedAt on that service."""
        pairs = [{"id": i, "contract": i.split("|", 1)[0], "service": i.split("|", 1)[1]} for i in ids]
        rows = await self._rows("service_reports", pairs=pairs)
        return {r["id"]: [{k: native(v) for k, v in x.items()} for x in r["reports"]] for r in rows}

    async def breaches(self, via: str, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """Stored breaches reached from roles, people, clauses, contracts or by uid (`via`)."""
        if via not in ("role", "person", "clause", "contract", "uid"):
            raise ValueError(f"Breaches cannot be reached via '{via}'.")
        rows = await self._rows(f"breaches_by_{via}", ids=ids)
        return {r["id"]: [{k: native(v) for k, v in b.items()} for b in r["breaches"]] for r in rows}

    async def incident_page(self, *, limit: int, after: tuple[datetime, str] | None, **filters: Any) -> Page:
        row = (
            await self._rows(
                "incident_page",
                limit=limit,
                afterAt=after[0] if after else None,
                afterKey=after[1] if after else None,
                contract=filters.get("contract"),
                severity=filters.get("severity"),
                service=filters.get("service"),
                status=filters.get("status"),
                breached=filters.get("breached"),
                **{"from": filters.get("from"), "to": filters.get("to")},
            )
        )[0]
        return Page(row["total"], [{"key": k} for k in row["page"]])

    async def outages(self, keys: list[str]) -> dict[str, list[dict[str, Any]]]:
        rows = await self._rows("contract_outages", keys=keys)
        return {r["key"]: [{k: native(v) for k, v in o.items()} for o in r["outages"]] for r in rows}

    async def contract_incident_keys(self, key: str) -> list[str]:
        return [r["key"] for r in await self._rows("contract_incident_keys", key=key)]

    async def all_precedents(self, keys: list[str]) -> dict[str, list[dict[str, Any]]]:
        """Every precedent, under each key asked for (one key, 'all', in practice)."""
        rows = await self._rows("precedents_all")
        found = [r["precedent"] for r in rows]
        return {k: found for k in keys}

    async def disputes(self, keys: list[str]) -> dict[str, StoredDispute]:
        async def work(tx: Tx) -> dict[str, StoredDispute]:
            return await dispute_store.disputes(tx, keys)

        return await self.graph.read(work, self.trips)

    async def dispute_incidents(self, keys: list[str]) -> dict[str, list[str]]:
        rows = await self._rows("dispute_incident_keys", keys=keys)
        return {r["key"]: r["incidents"] for r in rows}

    async def dispute_page(self, *, after: str | None, limit: int, contract: str | None, status: str | None) -> Page:
        row = (await self._rows("dispute_page", after=after, limit=limit, contract=contract, status=status))[0]
        return Page(row["total"], [{"key": k} for k in row["page"]])

    async def incidents_by_role_level(self, ids: list[str]) -> dict[str, list[str]]:
        """For ids 'contract|level': keys of the incidents held at that level."""
        pairs = [{"id": i, "contract": i.rsplit("|", 1)[0], "level": int(i.rsplit("|", 1)[1])} for i in ids]
        rows = await self._rows("incidents_by_role_level", pairs=pairs)
        return {r["id"]: r["incidents"] for r in rows}

    async def incidents_by_person(self, keys: list[str]) -> dict[str, list[str]]:
        rows = await self._rows("incidents_by_person", keys=keys)
        return {r["key"]: r["incidents"] for r in rows}

    async def counts(self) -> dict[str, int]:
        """How many contracts, precedents and incidents are stored."""
        return (await self._rows("graph_counts"))[0]

    async def incident_page_ordered(
        self, *, limit: int, order: str, descending: bool, after: tuple[Any, str] | None, **filters: Any
    ) -> Page:
        """Incidents in the order of `order` (REPORTED_AT, SEVERITY, BREACH_COUNT), ties broken by key."""
        row = (
            await self._rows(
                "incident_page_ordered_desc" if descending else "incident_page_ordered",
                limit=limit,
                orderBy=order,
                afterValue=after[0] if after else None,
                afterKey=after[1] if after else None,
                contract=filters.get("contract"),
                severity=filters.get("severity"),
                service=filters.get("service"),
                status=filters.get("status"),
                breached=filters.get("breached"),
                contracts=self.scope.contracts,
                **{"from": filters.get("from"), "to": filters.get("to")},
            )
        )[0]
        return Page(row["total"], [{"key": r["key"], "value": native(r["value"])} for r in row["page"]])

    async def contract_page_ordered(
        self, *, limit: int, order: str, descending: bool, after: tuple[Any, str] | None, **filters: Any
    ) -> Page:
        """Latest contract versions in the order of `order` (KEY, TITLE, EFFECTIVE), ties broken by key."""
        row = (
            await self._rows(
                "contract_page_ordered_desc" if descending else "contract_page_ordered",
                limit=limit,
                orderBy=order,
                afterValue=after[0] if after else None,
                afterKey=after[1] if after else None,
                kind=filters.get("kind"),
                jurisdiction=filters.get("jurisdiction"),
                party=filters.get("party") or self.scope.party,
                text=filters.get("text"),
                contracts=self.scope.contracts,
            )
        )[0]
        return Page(row["total"], row["page"])

    async def people_page(
        self, *, after: str | None, limit: int, party: str | None, contract: str | None, text: str | None
    ) -> Page:
        """People ordered by key, in the row shape of `people`."""
        row = (
            await self._rows(
                "people_page",
                after=after,
                limit=limit,
                party=party,
                contract=contract,
                text=text,
                contracts=self.scope.contracts,
            )
        )[0]
        return Page(row["total"], row["page"])

    async def people_by_party(self, keys: list[str]) -> dict[str, list[dict[str, Any]]]:
        rows = await self._rows("people_by_party", keys=keys, contracts=self.scope.contracts)
        return {r["key"]: r["people"] for r in rows}

    async def dashboard_counts(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        """Grouped incident and breach counts per contract key ('' for every contract)."""
        asked = [key or None for key in keys]
        rows = await self._rows("dashboard_counts", keys=asked, contracts=self.scope.contracts)
        return {r["key"] or "": r for r in rows}

    async def search(self, text: str, limit: int) -> list[dict[str, Any]]:
        return await self._rows("search", text=text, limit=limit)
