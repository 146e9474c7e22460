"""Every read of the graph, behind one class, so that what a caller may see is decided in one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from graph import disputes as dispute_store
from graph.cypher import query
from graph.database import Graph, RoundTrips, Tx
from graph.disputes import StoredDispute
from graph.incidents import StoredIncident, incident_props, incidents_of, native
from graph.temporal import row_from_wire


@dataclass(frozen=True)
class StructureDetail:
    """How much of a contract structure to read. In every detail a structure has all its parts, with their keys,
    uids, numbers, headings, names and links; the fields below are read only when asked for: they are most of a
    structure's bytes, and decoding the driver's records is most of the time a structure takes."""

    text: bool = True  # the clauses' text
    clause_kinds: bool = True  # the clauses' kind and topics
    calendars: bool = True  # the calendars' fields (else only their keys)
    responsibilities: bool = True  # the roles' responsibilities
    terms: frozenset[str] | None = None  # the kinds of contract terms (CREDITS, LIABILITY, ...) to read; None: all
    ids: bool = True  # the uids of clauses, roles and severity levels (their ids, and the reads that start there)

    def parameters(self) -> dict[str, Any]:
        return {
            "withText": self.text,
            "withClauseKinds": self.clause_kinds,
            "withCalendars": self.calendars,
            "withResponsibilities": self.responsibilities,
            "termKinds": None if self.terms is None else sorted(self.terms),
            "withIds": self.ids,
        }


FULL = StructureDetail()


def _structure_parameters(structure: StructureDetail | None) -> dict[str, Any]:
    """The parameters of a statement that returns contract structures when asked (`withStructure`)."""
    return {"withStructure": structure is not None, **(structure or FULL).parameters()}


@dataclass(frozen=True)
class Scope:
    """What a caller may see; the default sees nothing. `None` in a set means "every one"."""

    contracts: frozenset[str] | None = frozenset()
    incidents: frozenset[str] | None = frozenset()  # narrower than the contracts' incidents for an arbitrator
    disputes: frozenset[str] | None = frozenset()
    parties: frozenset[str] | None = frozenset()
    credits: bool = False
    administers: bool = False  # API keys and the audit log

    @classmethod
    def everything(cls) -> Scope:
        """The scope of an administrator, and of the system itself (seeding, the command line)."""
        return cls(contracts=None, incidents=None, disputes=None, parties=None, credits=True, administers=True)

    def sees_contract(self, key: str | None) -> bool:
        return self.contracts is None or (key is not None and key in self.contracts)

    def sees_incident(self, key: str | None, contract: str | None) -> bool:
        return self.sees_contract(contract) and (self.incidents is None or (key is not None and key in self.incidents))

    def sees_dispute(self, key: str | None, contract: str | None) -> bool:
        return self.sees_contract(contract) and (self.disputes is None or (key is not None and key in self.disputes))

    def sees_party(self, key: str | None) -> bool:
        return self.parties is None or (key is not None and key in self.parties)

    def params(self) -> dict[str, list[str] | None]:
        """The scope as Cypher parameters: `$contracts`, `$incidents`, `$disputes` (null = every one)."""

        def listed(keys: frozenset[str] | None) -> list[str] | None:
            return None if keys is None else sorted(keys)

        return {
            "contracts": listed(self.contracts),
            "incidents": listed(self.incidents),
            "disputes": listed(self.disputes),
        }


def _incident_filters(filters: dict[str, Any]) -> dict[str, Any]:
    """The filter parameters every incident page query takes (absent ones as null)."""
    names = ("contract", "severity", "service", "status", "breached", "from", "to")
    return {name: filters.get(name) for name in names}


def _contract_of(uid: str) -> str:
    """The contract key of a version uid (`key@version`) or a part's uid (`key@version/...`)."""
    return uid.split("/", 1)[0].rsplit("@", 1)[0]


@dataclass(frozen=True)
class Page:
    total: int
    rows: list[dict[str, Any]]


@dataclass(frozen=True)
class IncidentPage(Page):
    """A page of incidents with what was read ahead for the figures computed now: the people their figures can
    name (by key; None for one not stored or not visible) and the REPEATED windows of the unsettled ones (by
    `service_window` id, as `service_reports` gives them)."""

    people: dict[str, dict[str, Any] | None]
    windows: dict[str, list[dict[str, Any]]]


def service_window(contract: str, service: str, start: datetime, end: datetime) -> str:
    """The id `service_reports` reads a window by: the reports on a contract's service in [start, end]."""
    return f"{start.isoformat()}|{end.isoformat()}|{contract}|{service}"


class Reader:
    """Read access for one request: counts round trips and applies the caller's scope to every read.

    Lookups by key drop what the scope does not see; pages, counts and search pass the scope to Cypher
    as `$contracts`, `$incidents` and `$disputes`, so totals count only what the caller may see.
    """

    def __init__(self, graph: Graph, trips: RoundTrips, scope: Scope | None = None) -> None:
        self.graph = graph
        self.trips = trips
        self.scope = scope or Scope()

    async def _rows(self, name: str, **params: Any) -> list[dict[str, Any]]:
        return await self.graph.read_statement(name, query(name), params, self.trips)

    async def _scoped_rows(self, name: str, **params: Any) -> list[dict[str, Any]]:
        return await self._rows(name, **params, **self.scope.params())

    async def contract_page(
        self,
        *,
        after: str | None,
        limit: int,
        kind: str | None,
        jurisdiction: str | None,
        party: str | None,
        text: str | None,
        structure: StructureDetail | None = None,
        with_total: bool = True,
    ) -> Page:
        """Latest contract versions, ordered by key; with `structure`, each with its structure in that detail;
        without `with_total`, nothing is counted and `total` is 0."""
        row = (
            await self._scoped_rows(
                "contract_page",
                after=after,
                limit=limit,
                kind=kind,
                jurisdiction=jurisdiction,
                party=party,
                text=text,
                withTotal=with_total,
                **_structure_parameters(structure),
            )
        )[0]
        return Page(row["total"], row["page"])

    async def contract_versions(self, uids: list[str]) -> dict[str, dict[str, Any]]:
        uids = [u for u in uids if self.scope.sees_contract(_contract_of(u))]
        rows = await self._rows("contract_versions", uids=uids) if uids else []
        return {r["version"]["uid"]: r["version"] for r in rows}

    async def latest_versions(
        self, keys: list[str], structure: StructureDetail | None = None
    ) -> dict[str, dict[str, Any]]:
        """For each contract key: `latest` uid, all version `uids` in order, and the latest `version`'s row; with
        `structure`, its structure in that detail."""
        keys = [k for k in keys if self.scope.sees_contract(k)]
        rows = await self._rows("contract_latest", keys=keys, **_structure_parameters(structure)) if keys else []
        return {r["key"]: r for r in rows}

    async def contract_structure(self, uids: list[str], detail: StructureDetail = FULL) -> dict[str, dict[str, Any]]:
        """Everything under these contract versions, in `detail`."""
        uids = [u for u in uids if self.scope.sees_contract(_contract_of(u))]
        rows = await self._rows("contract_structure", uids=uids, **detail.parameters()) if uids else []
        return {r["structure"]["uid"]: r["structure"] for r in rows}

    async def contract_documents(self, uids: list[str]) -> dict[str, str]:
        uids = [u for u in uids if self.scope.sees_contract(_contract_of(u))]
        rows = await self._rows("contract_documents", uids=uids) if uids else []
        return {r["uid"]: r["document"] for r in rows}

    # Precedents are public to every authenticated principal.
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

    async def all_precedents(self, keys: list[str]) -> dict[str, list[dict[str, Any]]]:
        """Every precedent, under each key asked for (one key, 'all', in practice)."""
        rows = await self._rows("precedents_all")
        found = [r["precedent"] for r in rows]
        return {k: found for k in keys}

    async def parties(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        keys = [k for k in keys if self.scope.sees_party(k)]
        rows = await self._rows("parties_by_key", keys=keys) if keys else []
        return {r["key"]: r for r in rows}

    async def people(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        found = (self._person(r["person"]) for r in await self._rows("people_by_key", keys=keys))
        return {p["key"]: p for p in found if p is not None}

    def _person(self, row: dict[str, Any] | None) -> dict[str, Any] | None:
        """A person's row as the caller may see it (the roles of contracts they see), or None."""
        if row is None or not self.scope.sees_party(row["party"]):
            return None
        return {**row, "roleUids": [u for u in row["roleUids"] if self.scope.sees_contract(_contract_of(u))]}

    async def person_parties(self, keys: list[str]) -> dict[str, str]:
        """The party of each stored person, whatever the scope (for checks on who may be named)."""
        rows = await self._rows("people_by_key", keys=keys)
        return {r["person"]["key"]: r["person"]["party"] for r in rows}

    async def incidents(self, keys: list[str]) -> dict[str, StoredIncident]:
        found = incidents_of(await self._rows("incident_events", keys=keys))
        return {k: i for k, i in found.items() if self.scope.sees_incident(k, i.props.get("contractKey"))}

    async def service_reports(self, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """For ids 'from|to|contract|service' (instants in ISO 8601): the key, reportedAt and createdAt of every
        incident on that service reported in [from, to].

        Scoped by contract only: REPEATED counts every incident on the service, whoever asks, so that
        figures do not depend on the caller.
        """
        parts = [(i, i.split("|", 3)) for i in ids]
        pairs = [{"id": i, "from": p[0], "to": p[1], "contract": p[2], "service": p[3]} for i, p in parts]
        pairs = [p for p in pairs if self.scope.sees_contract(p["contract"])]
        rows = await self._rows("service_reports", pairs=pairs) if pairs else []
        times = ("reportedAt", "createdAt")
        return {r["id"]: [row_from_wire(x, times) for x in r["reports"]] for r in rows}

    async def breaches(self, via: str, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """Stored breaches reached from roles, people, clauses, contracts or by uid (`via`)."""
        if via not in ("role", "person", "clause", "contract", "uid"):
            raise ValueError(f"Breaches cannot be reached via '{via}'.")
        rows = await self._rows(f"breaches_by_{via}", ids=ids)
        return {
            r["id"]: [
                {k: native(v) for k, v in b.items()}
                for b in r["breaches"]
                if self.scope.sees_incident(str(b.get("incidentKey")), str(b.get("contractKey")))
            ]
            for r in rows
        }

    async def incident_page(
        self,
        *,
        limit: int,
        after: tuple[datetime, str] | None,
        with_total: bool = True,
        with_settled: bool = False,
        with_people: bool = False,
        **filters: Any,
    ) -> IncidentPage:
        """Incidents in (reportedAt, key) order; without `with_total`, nothing is counted and `total` is 0; with
        `with_settled`, their `settled` figures are read too (resolvers/settled.py), and for the others their events
        and REPEATED windows, and with `with_people` the people the figures can name, in the same statement."""
        row = (
            await self._scoped_rows(
                "incident_page",
                limit=limit,
                withTotal=with_total,
                withSettled=with_settled,
                withPeople=with_people,
                afterAt=after[0] if after else None,
                afterKey=after[1] if after else None,
                **_incident_filters(filters),
            )
        )[0]
        rows, windows = [], {}
        times = ("reportedAt", "createdAt")
        for found in row["page"]:
            width, reports = found.pop("windowSeconds"), found.pop("windowReports")
            props = incident_props(found)
            contract, service = props["contractKey"], props["service"]
            if reports is not None and self.scope.sees_contract(contract):
                end = props["reportedAt"]
                window = service_window(contract, service, end - timedelta(seconds=width), end)
                windows[window] = [row_from_wire(r, times) for r in reports]
            rows.append(props)
        people = {p["key"]: self._person(p["person"]) for p in row["people"]}
        return IncidentPage(row["total"], rows, people, windows)

    def sees_credits(self, contract_key: str) -> bool:
        """Whether the caller may read a contract's monthly credit reports."""
        return self.scope.credits and self.scope.sees_contract(contract_key)

    async def outages(self, keys: list[str]) -> dict[str, list[dict[str, Any]]]:
        keys = [k for k in keys if self.scope.sees_contract(k)]
        rows = await self._rows("contract_outages", keys=keys) if keys else []
        return {r["key"]: [{k: native(v) for k, v in o.items()} for o in r["outages"]] for r in rows}

    async def contract_incident_keys(self, key: str) -> list[str]:
        if not self.scope.sees_contract(key):
            return []
        found = [r["key"] for r in await self._rows("contract_incident_keys", key=key)]
        return [k for k in found if self.scope.sees_incident(k, key)]

    async def disputes(self, keys: list[str]) -> dict[str, StoredDispute]:
        found = dispute_store.disputes_of(await self._rows("disputes_by_key", keys=keys))
        return {k: d for k, d in found.items() if self.scope.sees_dispute(k, d.props.get("contractKey"))}

    async def sealed_bundle(self, key: str, version: int | None, *, contents: bool = False) -> dict[str, Any] | None:
        """A sealed bundle as stored (version None: the latest), with its frozen contents when asked; None when the
        dispute is not visible or has no such version."""
        dispute = (await self.disputes([key])).get(key)
        if dispute is None or not dispute.bundles:
            return None
        chosen = [b for b in dispute.bundles if version is None or b["version"] == version]
        if not chosen:
            return None
        uid = str(chosen[-1]["uid"])

        async def work(tx: Tx) -> dict[str, Any] | None:
            bundle = (await dispute_store.bundles(tx, [uid])).get(uid)
            if bundle is not None and contents:
                bundle["contents"] = await dispute_store.bundle_contents(tx, uid)
            return bundle

        return await self.graph.read(work, self.trips)

    async def evidence_files(self, uids: list[str]) -> dict[str, dict[str, Any]]:
        """Evidence content, only of items in disputes the caller may see."""
        visible = await self.disputes(sorted({u.split("/", 1)[0] for u in uids}))
        asked = [u for u in uids if u.split("/", 1)[0] in visible]
        rows = await self._rows("evidence_files", uids=asked) if asked else []
        return {r["uid"]: r for r in rows if r["dispute"] in visible}

    async def dispute_incidents(self, keys: list[str]) -> dict[str, list[str]]:
        visible = await self.disputes(keys)
        rows = await self._rows("dispute_incident_keys", keys=list(visible)) if visible else []
        return {r["key"]: r["incidents"] for r in rows}

    async def dispute_page(self, *, after: str | None, limit: int, contract: str | None, status: str | None) -> Page:
        row = (await self._scoped_rows("dispute_page", after=after, limit=limit, contract=contract, status=status))[0]
        return Page(row["total"], [{"key": k} for k in row["page"]])

    async def incidents_by_role_level(self, ids: list[str]) -> dict[str, list[str]]:
        """For ids 'contract|level': keys of the incidents held at that level."""
        contract = {i: i.rsplit("|", 1)[0] for i in ids if self.scope.sees_contract(i.rsplit("|", 1)[0])}
        pairs = [{"id": i, "contract": c, "level": int(i.rsplit("|", 1)[1])} for i, c in contract.items()]
        rows = await self._rows("incidents_by_role_level", pairs=pairs) if pairs else []
        return {r["id"]: [k for k in r["incidents"] if self.scope.sees_incident(k, contract[r["id"]])] for r in rows}

    async def incidents_by_person(self, keys: list[str]) -> dict[str, list[str]]:
        rows = await self._scoped_rows("incidents_by_person", keys=keys)
        return {r["key"]: r["incidents"] for r in rows}

    async def counts(self) -> dict[str, int]:
        """How many contracts, precedents and incidents are stored (whatever the scope: used to seed)."""
        return (await self._rows("graph_counts"))[0]

    async def incident_page_ordered(
        self,
        *,
        limit: int,
        order: str,
        descending: bool,
        after: tuple[Any, str] | None,
        with_total: bool = True,
        **filters: Any,
    ) -> Page:
        """Incidents in the order of `order` (REPORTED_AT, SEVERITY, BREACH_COUNT), ties broken by key; without
        `with_total`, nothing is counted and `total` is 0."""
        row = (
            await self._scoped_rows(
                "incident_page_ordered_desc" if descending else "incident_page_ordered",
                limit=limit,
                withTotal=with_total,
                orderBy=order,
                afterValue=after[0] if after else None,
                afterKey=after[1] if after else None,
                **_incident_filters(filters),
            )
        )[0]
        return Page(row["total"], [{"key": r["key"], "value": native(r["value"])} for r in row["page"]])

    async def contract_page_ordered(
        self,
        *,
        limit: int,
        order: str,
        descending: bool,
        after: tuple[Any, str] | None,
        structure: StructureDetail | None = None,
        with_total: bool = True,
        **filters: Any,
    ) -> Page:
        """Latest contract versions in the order of `order` (KEY, TITLE, EFFECTIVE), ties broken by key; with
        `structure`, each with its structure in that detail; without `with_total`, nothing is counted and `total`
        is 0."""
        row = (
            await self._scoped_rows(
                "contract_page_ordered_desc" if descending else "contract_page_ordered",
                limit=limit,
                orderBy=order,
                afterValue=after[0] if after else None,
                afterKey=after[1] if after else None,
                kind=filters.get("kind"),
                jurisdiction=filters.get("jurisdiction"),
                party=filters.get("party"),
                text=filters.get("text"),
                withTotal=with_total,
                **_structure_parameters(structure),
            )
        )[0]
        return Page(row["total"], row["page"])

    async def people_page(
        self, *, after: str | None, limit: int, party: str | None, contract: str | None, text: str | None
    ) -> Page:
        """People ordered by key, in the row shape of `people`."""
        row = (
            await self._scoped_rows(
                "people_page",
                after=after,
                limit=limit,
                party=party,
                contract=contract,
                text=text,
            )
        )[0]
        return Page(row["total"], row["page"])

    async def people_by_party(self, keys: list[str]) -> dict[str, list[dict[str, Any]]]:
        rows = await self._scoped_rows("people_by_party", keys=keys)
        return {r["key"]: r["people"] for r in rows}

    async def dashboard_counts(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        """Grouped incident and breach counts per contract key ('' for every contract)."""
        asked = [key or None for key in keys]
        rows = await self._scoped_rows("dashboard_counts", keys=asked)
        return {r["key"] or "": r for r in rows}

    async def search(self, text: str, limit: int, with_text: bool = True) -> list[dict[str, Any]]:
        """Full-text hits the caller may see: precedents, and clauses, incidents and evidence in scope; the
        matched text (for snippets) only `with_text`."""
        return await self._scoped_rows("search", text=text, limit=limit, withText=with_text)

    async def api_key_page(self, *, after: str | None, limit: int) -> Page:
        """API keys (never their secrets), for administrators only."""
        if not self.scope.administers:
            return Page(0, [])
        row = (await self._rows("api_key_page", after=after, limit=limit))[0]
        keys = [{k: native(v) for k, v in key.items() if k != "secretHash"} for key in row["page"]]
        return Page(row["total"], keys)

    async def audit_page(self, *, before: int | None, limit: int, **filters: str | None) -> Page:
        """Audit entries newest first, for administrators only."""
        if not self.scope.administers:
            return Page(0, [])
        row = (
            await self._rows(
                "audit_page",
                before=before,
                limit=limit,
                principal=filters.get("principal"),
                operation=filters.get("operation"),
                outcome=filters.get("outcome"),
            )
        )[0]
        return Page(row["total"], [{k: native(v) for k, v in e.items()} for e in row["page"]])

    async def principal_scope(self, party: str | None, disputes: list[str] | None) -> dict[str, list[str]]:
        """The contracts, parties, disputes and incidents visible to a party or a dispute grant."""
        return (await self._rows("principal_scope", party=party, disputes=disputes))[0]
