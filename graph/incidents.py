"""Incidents in the graph: locking, reading and appending events, outages and derived breaches."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from neo4j.time import Date as Neo4jDate
from neo4j.time import DateTime as Neo4jDateTime

from domain.events import Event, EventKind, IncidentFacts
from domain.governing import VersionTerm
from domain.hashing import StoredEvent
from graph.cypher import query
from graph.database import Tx
from graph.temporal import from_wire, rows_to_wire


def native(value: Any) -> Any:
    """A Python datetime for a Neo4j one (UTC), anything else unchanged."""
    if isinstance(value, Neo4jDateTime):
        return value.to_native().astimezone(UTC)
    return value


@dataclass(frozen=True)
class StoredIncident:
    """An incident as stored: its properties and its events in seq order.

    A page that selects nothing computed from the events reads the properties alone (`with_events` False);
    asking such an incident for its events is a programming error, not an empty history."""

    props: dict[str, Any]
    events: tuple[dict[str, Any], ...]
    with_events: bool = True

    @property
    def key(self) -> str:
        return str(self.props["key"])

    def domain_events(self) -> tuple[Event, ...]:
        if not self.with_events:
            raise LookupError(f"Incident {self.key} was read without its events.")
        return tuple(event_from_row(e) for e in self.events)

    def facts(self) -> IncidentFacts:
        return IncidentFacts(
            key=self.key,
            service=self.props["service"],
            severity=self.props["severity"],
            service_affecting=self.props["serviceAffecting"],
            events=self.domain_events(),
        )

    def stored_events(self) -> list[StoredEvent]:
        """Events as the hash chain sees them, read back from the graph."""
        if not self.with_events:
            raise LookupError(f"Incident {self.key} was read without its events.")
        out = []
        for row in self.events:
            event = event_from_row(row)
            out.append(
                StoredEvent(
                    row["seq"], event.at, row["kind"], event.fields(), row.get("actor"), row["hash"], row["prevHash"]
                )
            )
        return out


def event_from_row(row: Mapping[str, Any]) -> Event:
    return Event(
        at=native(row["at"]),
        kind=EventKind(row["kind"]),
        actor=row.get("actor"),
        assignee=row.get("assignee"),
        level=row.get("level"),
        severity=row.get("severity"),
        reason=row.get("reason"),
        note=row.get("note"),
        seq=row.get("seq"),
        recorded_at=native(row.get("recordedAt")),
    )


# The instants of incidents and events, sent and read as text by the hot statements (graph/temporal.py).
INCIDENT_TIMES = ("reportedAt", "createdAt", "lastAt", "lockedAt")
EVENT_TIMES = ("at", "recordedAt")
BREACH_TIMES = ("dueAt", "computedAt")


def incident_props(row: dict[str, Any]) -> dict[str, Any]:
    """An incident node's properties as read by the hot statements (instants as text).

    Copied whole, then its instants parsed: a page reads 50 incidents of some 15 properties, and passes over every
    value (one to parse the instants, one for any driver DateTime) were a tenth of a page of stored fields. The
    hot statements send every instant of an incident as text, so only a property outside INCIDENT_TIMES that
    is still a driver DateTime needs converting."""
    props = dict(row)
    for name in INCIDENT_TIMES:
        if name in props:
            props[name] = from_wire(props[name])
    for name, value in props.items():
        if isinstance(value, Neo4jDateTime):
            props[name] = native(value)
    return props


def _incident(row: dict[str, Any]) -> StoredIncident:
    props = incident_props(row["incident"])
    return StoredIncident(props, _events(row["events"]))


def _events(rows: list[dict[str, Any]]) -> tuple[dict[str, Any], ...]:
    # Every statement that reads events sends their only instants, `at` and `recordedAt`, as text, so a row is
    # copied and those two parsed: a credit report reads some thousand events, and a pass over every value of each
    # (`native`) was most of the time spent on them.
    out = []
    for row in rows:
        event = dict(row)
        for name in EVENT_TIMES:
            if name in event:
                event[name] = from_wire(event[name])
        out.append(event)
    return tuple(out)


def page_incident(props: dict[str, Any]) -> StoredIncident:
    """An incident of a page read with its settled figures: with its events when it has none (`unsettledEvents`,
    incident_page.cypher), else its properties alone."""
    events = props.pop("unsettledEvents", None)
    if events is None:
        return StoredIncident(props, (), with_events=False)
    return StoredIncident(props, _events(events))


async def lock_incidents(tx: Tx, keys: Sequence[str]) -> set[str]:
    """Take the write lock on the stored ones among `keys` (appends to one incident are serialised)."""
    rows = await tx.rows("incident_lock", query("incident_lock"), keys=list(keys))
    return {r["incident"]["key"] for r in rows}


async def lock_with_events(tx: Tx, keys: Sequence[str]) -> dict[str, StoredIncident]:
    """Lock the stored ones among `keys` (in sorted order) and read them with their events, in one statement."""
    return {i.key: i for i, _document in await _lock_with_events(tx, keys, with_document=False)}


async def lock_with_document(tx: Tx, key: str) -> tuple[StoredIncident, str] | None:
    """Lock incident `key` and read it with its events and the stored document of its contract version, in one
    statement; None when it is not stored."""
    found = await _lock_with_events(tx, [key], with_document=True)
    if not found:
        return None
    incident, document = found[0]
    if document is None:
        uid = incident.props.get("contractUid")
        raise LookupError(f"The contract version '{uid}' of incident '{key}' is not stored.")
    return incident, document


async def _lock_with_events(
    tx: Tx, keys: Sequence[str], *, with_document: bool
) -> list[tuple[StoredIncident, str | None]]:
    rows = await tx.rows(
        "incident_lock_events", query("incident_lock_events"), keys=sorted(set(keys)), withDocument=with_document
    )
    return [(_incident(r), r["document"]) for r in rows]


@dataclass(frozen=True)
class Report:
    """When an incident was reported, and on what (enough for REPEATED windows)."""

    key: str
    service: str
    reported_at: datetime
    contract_uid: str


async def service_reports_near(
    tx: Tx,
    contract_key: str,
    points: Sequence[tuple[str, datetime]],
    *,
    width: timedelta,
    limit: int,
    exclude: Collection[str] = (),
    lock: bool = False,
) -> list[Report]:
    """Incidents of a contract nearest to each (service, instant) point: the `limit` latest reported at or before
    it and the `limit` earliest at or after it, within `width` on the wall clock, without those in `exclude`.

    With `lock`, first takes the write lock of each of these services (held to the end of the transaction), so
    that transactions adding reports to one service count them one after another."""
    if not points:
        return []
    rows = await tx.rows(
        "service_reports_near",
        query("service_reports_near"),
        **_near(contract_key, points, width, limit, exclude),
        lock=lock,
    )
    return [_report(r) for r in rows]


def _report(row: dict[str, Any]) -> Report:
    """A report as service_reports_near.cypher and incident_figures_if_near.cypher return it."""
    return Report(row["key"], row["service"], from_wire(row["reportedAt"]), row["contractUid"])


def _near(
    contract_key: str, points: Sequence[tuple[str, datetime]], width: timedelta, limit: int, exclude: Collection[str]
) -> dict[str, Any]:
    """The parameters of service_near_rows.cypher."""
    return {
        "contractKey": contract_key,
        "points": [{"service": s, "at": at} for s, at in sorted(points)],
        "width": int(width.total_seconds()),
        "limit": limit,
        "exclude": sorted(exclude),
    }


async def contract_versions(tx: Tx, contract_key: str) -> tuple[list[VersionTerm], dict[str, str]]:
    """Every version of a contract with its term, and their stored documents by uid."""
    _latest, versions, documents = await contract_with_versions(tx, contract_key)
    return versions, documents


async def contract_with_versions(
    tx: Tx, contract_key: str
) -> tuple[dict[str, Any] | None, list[VersionTerm], dict[str, str]]:
    """In one round trip: the latest version of a contract (uid, stored document and provider, as
    `latest_contract`; None when the contract is not stored), every version with its term, and the stored
    documents by uid."""
    rows = await tx.rows("contract_version_documents", query("contract_version_documents"), key=contract_key)
    latest = next(({k: r[k] for k in ("uid", "document", "provider")} for r in rows if r["latest"]), None)
    return latest, [version_term(r) for r in rows], {r["uid"]: r["document"] for r in rows}


def version_term(row: Mapping[str, Any]) -> VersionTerm:
    """The term of a stored contract version (uid, version, effective, expires, importedAt)."""
    return VersionTerm(
        uid=row["uid"],
        version=row["version"],
        effective=_day(row["effective"]),
        expires=_day(row["expires"]) if row.get("expires") else None,
        imported_at=native(from_wire(row.get("importedAt"))),  # text from the hot statements
    )


def _day(value: Any) -> date:
    if isinstance(value, str):
        return date.fromisoformat(value)
    if isinstance(value, Neo4jDate):
        return value.to_native()
    return cast(date, value)


async def relink(tx: Tx, rows: list[dict[str, str]]) -> None:
    """Put incidents ({key, contractUid}) under the version that governs them."""
    if rows:
        await tx.rows("incident_relink", query("incident_relink"), rows=rows)


async def incidents_with_events(tx: Tx, keys: Sequence[str]) -> dict[str, StoredIncident]:
    return incidents_of(await tx.rows("incident_events", query("incident_events"), keys=list(keys)))


def incidents_of(rows: Sequence[dict[str, Any]]) -> dict[str, StoredIncident]:
    """The incidents of `incident_events` rows, by key."""
    found = [_incident(r) for r in rows]
    return {i.key: i for i in found}


async def service_incidents(tx: Tx, contract_key: str, services: Sequence[str]) -> list[StoredIncident]:
    rows = await tx.rows(
        "service_incidents", query("service_incidents"), contractKey=contract_key, services=sorted(set(services))
    )
    return [_incident(r) for r in rows]


async def latest_contract(tx: Tx, key: str) -> dict[str, Any] | None:
    """uid, stored document and provider of the latest version of contract `key`."""
    return await tx.one("contract_latest_document", query("contract_latest_document"), key=key)


async def contract_documents(tx: Tx, uids: Sequence[str]) -> dict[str, str]:
    rows = await tx.rows("contract_documents", query("contract_documents"), uids=sorted(set(uids)))
    return {r["uid"]: r["document"] for r in rows}


async def people(tx: Tx, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
    if not keys:
        return {}
    rows = await tx.rows("people_by_key", query("people_by_key"), keys=sorted(set(keys)))
    return {r["person"]["key"]: r["person"] for r in rows}


def event_row(
    incident_key: str, stored: StoredEvent, event: Event, recorded_at: datetime, recorded_by: str
) -> dict[str, Any]:
    """Properties of one IncidentEvent node; `recorded_by` is the principal that stored it."""
    return {
        "uid": f"{incident_key}#{stored.seq}",
        "incidentKey": incident_key,
        "seq": stored.seq,
        "at": stored.at,
        "kind": stored.kind,
        "actor": event.actor,
        "assignee": event.assignee,
        "level": event.level,
        "severity": event.severity,
        "reason": event.reason,
        "note": event.note,
        "hash": stored.hash,
        "prevHash": stored.prev_hash,
        "recordedAt": recorded_at,
        "recordedBy": recorded_by,
    }


@dataclass(frozen=True)
class NewRows:
    """New incidents, their events (in seq order) and people, as `write_incidents` takes them."""

    incidents: list[dict[str, Any]]
    events: list[dict[str, Any]]
    people: list[dict[str, Any]]

    def params(self) -> dict[str, Any]:
        return {
            "newIncidents": rows_to_wire(self.incidents, INCIDENT_TIMES),
            "chains": _chains(self.events),
            "people": self.people,
        }


async def write_incidents(tx: Tx, rows: NewRows) -> None:
    """Create new incidents, append events (in seq order) and record people, in one statement."""
    await tx.rows("incidents_write", query("incidents_write"), **rows.params())


async def append_with_figures(
    tx: Tx, events: list[dict[str, Any]], incidents: list[dict[str, Any]], breaches: list[dict[str, Any]]
) -> None:
    """Append events (in seq order) and replace the figures of these incidents, in one statement."""
    figures = _figure_params(incidents, breaches)
    await tx.rows("incident_append", query("incident_append"), chains=_chains(events), **figures)


def _chains(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events grouped by incident, each group with its new head (last seq, hash, instant), so a statement finds
    each incident and moves its head once, not once per event (a bulk load appends some 10 events an incident)."""
    chains: dict[str, list[dict[str, Any]]] = {}
    for event in rows_to_wire(events, EVENT_TIMES):
        chains.setdefault(event["incidentKey"], []).append(event)
    return [
        {
            "incidentKey": key,
            "events": rows,
            "lastSeq": rows[-1]["seq"],
            "headHash": rows[-1]["hash"],
            "lastAt": rows[-1]["at"],
        }
        for key, rows in chains.items()
    ]


async def write_outages(tx: Tx, contract_key: str, outages: list[dict[str, Any]]) -> None:
    if outages:
        await tx.rows("outages_write", query("outages_write"), contractKey=contract_key, outages=outages)


async def write_figures(tx: Tx, incidents: list[dict[str, Any]], breaches: list[dict[str, Any]]) -> None:
    """Replace the stored breaches and summary (status, severity, counts) of these incidents only."""
    await tx.rows("incident_figures", query("incident_figures"), **_figure_params(incidents, breaches))


def _figure_params(incidents: list[dict[str, Any]], breaches: list[dict[str, Any]]) -> dict[str, Any]:
    """The parameters of incident_figures_rows.cypher: summaries and breach rows, breach instants as text."""
    return {"incidents": incidents, "breaches": rows_to_wire(breaches, BREACH_TIMES)}


async def write_figures_if_near(
    tx: Tx,
    contract_key: str,
    points: Sequence[tuple[str, datetime]],
    *,
    width: timedelta,
    limit: int,
    exclude: Collection[str],
    expected: Sequence[Report],
    incidents: list[dict[str, Any]],
    breaches: list[dict[str, Any]],
    new: NewRows,
) -> list[Report] | None:
    """Write `new` (as `write_incidents` does), take the lock of each point's service, and only if
    `service_reports_near` (same arguments) still finds exactly `expected`, write these figures as `write_figures`
    does; in one statement. None when the figures are written; else they are not, and the answer is what
    `service_reports_near` finds now (under the lock, held from now on)."""
    row = await tx.one(
        "incident_figures_if_near",
        query("incident_figures_if_near"),
        **new.params(),
        **_near(contract_key, points, width, limit, exclude),
        lock=True,
        expected=[f"{r.key} {r.contract_uid}" for r in expected],
        **_figure_params(incidents, breaches),
    )
    if row is None:
        raise LookupError("incident_figures_if_near returned no row")
    if row["fits"]:
        return None
    return [_report(r) for r in row["near"]]


async def contract_incidents(tx: Tx, contract_key: str) -> list[StoredIncident]:
    """Every incident of a contract, with its events."""
    rows = await tx.rows("contract_incidents", query("contract_incidents"), contractKey=contract_key)
    return [_incident(r) for r in rows]


async def contract_outages(tx: Tx, contract_key: str) -> list[dict[str, Any]]:
    rows = await tx.rows("contract_outages", query("contract_outages"), keys=[contract_key])
    return [{k: native(v) for k, v in o.items()} for o in rows[0]["outages"]] if rows else []
