"""Recording incidents: import, report, append events; each one write transaction with its breaches."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.canonical import ZERO_HASH, canonical_hash
from domain.credits import credit_amount
from domain.documents import incident_facts, parse_incidents_document
from domain.documents.incidents import referenced_people, state_free_problems
from domain.documents.loading import check_size, load_text
from domain.errors import Conflict, DocumentInvalid, NotFound, PathPart, Problem, RuleViolation
from domain.escalations import repeated_may_change
from domain.evaluation import IncidentEvaluation, evaluate_incident
from domain.events import Event, EventKind, IncidentFacts
from domain.governing import VersionTerm, governing_version, outside_term_problem
from domain.hashing import StoredEvent, event_hash, stored_events
from domain.record import known_by
from domain.stream import CLOCK_SKEW, check_append, check_incident
from domain.terms import ContractTerms
from graph import incidents as store
from graph.database import Graph, RoundTrips, Tx
from resolvers import settled
from resolvers.terms import parties_of, terms_of

KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def _at(path: tuple[PathPart, ...], problems: Sequence[Problem]) -> list[Problem]:
    return [Problem(p.code, p.message, (*path, *p.path)) for p in problems]


@dataclass(frozen=True)
class NewIncident:
    facts: IncidentFacts
    title: str
    channel: str | None
    path: tuple[PathPart, ...]
    reported_path: tuple[PathPart, ...]  # where its REPORTED instant was given (for OUTSIDE_TERM)


def evaluate_stored(
    terms: ContractTerms,
    incident: store.StoredIncident,
    others: Sequence[store.StoredIncident],
    as_of: datetime,
    *,
    known_at: datetime | None = None,
) -> IncidentEvaluation:
    """The rules' verdict on a stored incident, counting the others on its service for REPEATED.

    With `known_at`, as the record stood then: only events, and other incidents, recorded by then count."""
    reports = [
        (o.key, o.props["reportedAt"])
        for o in others
        if o.props.get("reportedAt") and known_by(o.props.get("createdAt"), known_at)
    ]
    return evaluate_reported(terms, incident, reports, as_of, known_at=known_at)


def evaluate_reported(
    terms: ContractTerms,
    incident: store.StoredIncident,
    reports: Iterable[tuple[str, datetime]],
    as_of: datetime,
    *,
    known_at: datetime | None = None,
    facts: IncidentFacts | None = None,
) -> IncidentEvaluation:
    """The rules' verdict on a stored incident, given (key, reportedAt) of incidents on its service for REPEATED.

    Only the reports inside the incident's REPEATED windows count, so any superset of those may be passed; with
    `known_at`, the caller passes only the reports recorded by then. `facts`: the incident's, when already read."""
    others = [at for key, at in reports if key != incident.key]
    facts = facts or incident.facts()
    return evaluate_incident(terms, facts, as_of, others_reported=others, known_at=known_at)


class ServiceReports:
    """When each of a set of incidents was reported, by service and sorted, to pick those in a REPEATED window.

    Evaluating n incidents of one service against all the others is quadratic; against the window, it is not."""

    def __init__(self, incidents: Iterable[store.StoredIncident], known_at: datetime | None = None) -> None:
        self._by_service: dict[str, list[tuple[datetime, str]]] = {}
        self.known_at = known_at
        for i in incidents:
            if i.props.get("reportedAt") and known_by(i.props.get("createdAt"), known_at):
                self._by_service.setdefault(i.props["service"], []).append((i.props["reportedAt"], i.key))
        for reports in self._by_service.values():
            reports.sort()

    def window(self, terms: ContractTerms, incident: store.StoredIncident) -> list[tuple[str, datetime]]:
        """(key, reportedAt) of the incidents on its service within its widest REPEATED window (itself included)."""
        width = repeated_window(terms)
        end = incident.props.get("reportedAt")
        if width is None or end is None:
            return []
        same = self._by_service.get(incident.props["service"], [])
        lo = bisect.bisect_left(same, (end - timedelta(seconds=width), ""))
        hi = bisect.bisect_right(same, (end, "\uffff"))
        return [(key, at) for at, key in same[lo:hi]]

    def evaluate(self, terms: ContractTerms, incident: store.StoredIncident, as_of: datetime) -> IncidentEvaluation:
        """Like `evaluate_stored` over all these incidents, reading only the window."""
        return evaluate_reported(terms, incident, self.window(terms, incident), as_of, known_at=self.known_at)


def repeated_window(terms: ContractTerms) -> int | None:
    """The widest REPEATED window of the escalation path in seconds; None when it has no REPEATED trigger."""
    windows = [t.window_seconds or 0 for t in terms.escalation.triggers if t.kind == "REPEATED"]
    return max(windows) if windows else None


def repeated_reach(all_terms: Iterable[ContractTerms]) -> tuple[timedelta, int] | None:
    """The widest REPEATED window and the largest report count any REPEATED trigger of these terms asks for;
    None when none has one."""
    triggers = [t for terms in all_terms for t in terms.escalation.triggers if t.kind == "REPEATED"]
    if not triggers:
        return None
    return timedelta(seconds=max(t.window_seconds or 0 for t in triggers)), max(t.count or 1 for t in triggers)


def breach_rows(
    evaluation: IncidentEvaluation, terms: ContractTerms, contract_uid: str, computed_at: datetime
) -> list[dict[str, Any]]:
    """Graph rows of an evaluation's breaches, linked to clause, obligor, role and person."""
    rows = []
    for b in evaluation.breaches:
        resp = b.responsible
        credit = None
        if b.credit_percent is not None:
            credit = str(credit_amount(b.credit_percent, terms.monthly_fee))
        rows.append(
            {
                "uid": b.ref,
                "incidentKey": b.incident,
                "contractKey": terms.key,
                "contractUid": contract_uid,
                "kind": str(b.kind),
                "dueAt": b.due_at,
                "overBySeconds": b.over_by_seconds,
                "severity": b.severity,
                "clauseUid": f"{contract_uid}/clause/{b.clause}",
                "clauseNumber": b.clause,
                "obligor": b.obligor,
                "roleUid": f"{contract_uid}/role/{resp.role}" if resp else None,
                "roleKey": resp.role if resp else None,
                "level": resp.level if resp else None,
                "person": resp.person if resp else None,
                "trigger": str(b.trigger) if b.trigger else None,
                "toLevel": b.to_level,
                "creditPercent": str(b.credit_percent) if b.credit_percent is not None else None,
                "creditAmount": credit,
                "computedAt": computed_at,
            }
        )
    return rows


def summary_row(
    facts: IncidentFacts, evaluation: IncidentEvaluation, terms: ContractTerms, breaches: list[dict[str, Any]]
) -> dict[str, Any]:
    """The stored summary of an evaluation whose breach rows are `breaches`, with its clocks and breaches when
    they are final (resolvers/settled.py)."""
    return {
        "key": facts.key,
        "status": "RESOLVED" if evaluation.state.resolved_at else "OPEN",
        "severity": evaluation.state.severity,
        "breachCount": len(breaches),
        "levelsHeld": sorted({level for _, level in evaluation.state.level_changes}),
        "settled": settled.encode(evaluation, facts, terms, breaches),
    }


async def store_figures(
    tx: Tx,
    incidents: Sequence[store.StoredIncident],
    documents: dict[str, str],
    reports: Sequence[store.Report],
    now: datetime,
) -> None:
    """Evaluate these incidents as of `now` and replace their stored breaches and summaries (theirs only).

    `reports` must hold every incident reported inside each one's REPEATED windows on its service."""
    summaries, rows = _figures(incidents, documents, reports, now)
    await store.write_figures(tx, summaries, rows)


def _figures(
    incidents: Sequence[store.StoredIncident],
    documents: dict[str, str],
    reports: Sequence[store.Report],
    now: datetime,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The summary rows and breach rows of these incidents evaluated as of `now` (see `store_figures`)."""
    by_service: dict[str, list[tuple[str, datetime]]] = {}
    for r in reports:
        by_service.setdefault(r.service, []).append((r.key, r.reported_at))
    rows: list[dict[str, Any]] = []
    summaries: list[dict[str, Any]] = []
    for incident in incidents:
        uid = incident.props["contractUid"]
        terms = terms_of(documents[uid])
        facts = incident.facts()
        evaluation = evaluate_reported(terms, incident, by_service.get(incident.props["service"], []), now, facts=facts)
        found = breach_rows(evaluation, terms, uid, now)
        rows += found
        summaries.append(summary_row(facts, evaluation, terms, found))
    return summaries, rows


async def refresh_one(tx: Tx, incident: store.StoredIncident, document: str, now: datetime) -> None:
    """Recompute and store one incident's figures (it must be locked)."""
    summaries, rows = await figures_one(tx, incident, document, now)
    await store.write_figures(tx, summaries, rows)


async def figures_one(
    tx: Tx, incident: store.StoredIncident, document: str, now: datetime
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The summary and breach rows of one incident (it must be locked), with its REPEATED neighbours read now.
    After an event only this incident's figures change (an event never moves another one's REPEATED count)."""
    reach = repeated_reach([terms_of(document)])
    reports: list[store.Report] = []
    if reach is not None:
        width, count = reach
        point = (incident.props["service"], incident.props["reportedAt"])
        reports = await store.service_reports_near(
            tx, incident.props["contractKey"], [point], width=width, limit=count, exclude={incident.key}
        )
    return _figures([incident], {incident.props["contractUid"]: document}, reports, now)


async def refresh_after_reports(
    tx: Tx,
    contract_key: str,
    fresh: Sequence[NewIncident],
    written: dict[str, store.StoredIncident],
    governing: dict[str, str],
    documents: dict[str, str],
    now: datetime,
    rows: store.NewRows,
) -> None:
    """Write new incidents (`rows`; `written`: each as it will be stored, by key; `governing`: the version uid of
    each; `documents`: the stored document of every version of the contract, by uid), and recompute them and the
    stored incidents whose REPEATED requirements they change (`_repeated_affected`).

    A REPEATED trigger asks only whether its window [R - w, R] holds `count` reports. So around each new report
    it is enough to read the `count` stored reports nearest before and after it (the largest count and widest
    window over every version of the contract), however busy the service:
    - a stored incident whose trigger the new reports can turn on held fewer than `count` reports before; all the
      stored reports between the earliest new one in its window and itself are in that window, so it is among
      the first `count` stored reports after a new one;
    - for it and for each new incident, the reports read hold the latest `count` others before it, which is as
      much of the window as a comparison with `count` looks at.

    Those reports are read first without the service's lock (and before the new incidents are written, which
    they leave out). When they turn on no stored incident's trigger (the usual case: only the new incidents' own
    figures change), the new incidents and their figures are written by one statement that takes the lock once
    the incidents are written and writes the figures only if the same read under the lock still finds the same
    reports; the figures
    are then exactly those the read under the lock would give, and the lock is held from that statement to the
    commit, not across the round trips and the evaluation before it, where every report on a busy service
    queued behind the one before. When another report came near meanwhile, that statement writes no figures and
    answers the reports as counted under the lock; when stored incidents must be recomputed, they are read again
    under the lock. Either way what they change is then locked and recomputed, as before."""
    reach = repeated_reach(terms_of(d) for d in documents.values())
    new_keys = {n.facts.key for n in fresh}
    # The new incidents are this transaction's own (created in it, so locked already) and `written` holds them
    # as they will be stored.
    incidents = dict(written)
    affected: set[str] = set()
    reports: list[store.Report] = []
    if reach is not None:
        width, count = reach
        added = [
            store.Report(n.facts.key, n.facts.service, n.facts.events[0].at.astimezone(UTC), governing[n.facts.key])
            for n in fresh
        ]
        spans: dict[str, list[datetime]] = {}
        for r in added:
            spans.setdefault(r.service, []).append(r.reported_at)
        points = [(r.service, r.reported_at) for r in added]
        stored = await store.service_reports_near(tx, contract_key, points, width=width, limit=count, exclude=new_keys)
        first_count = stored + added
        if not _repeated_affected(first_count, new_keys, spans, width, documents):
            summaries, figure_rows = _figures([incidents[k] for k in sorted(incidents)], documents, first_count, now)
            counted_again = await store.write_figures_if_near(
                tx,
                contract_key,
                points,
                width=width,
                limit=count,
                exclude=new_keys,
                expected=stored,
                incidents=summaries,
                breaches=figure_rows,
                new=rows,
            )
            if counted_again is None:
                return
            stored = counted_again
        else:
            await store.write_incidents(tx, rows)
            stored = await store.service_reports_near(
                tx, contract_key, points, width=width, limit=count, exclude=new_keys, lock=True
            )
        reports = stored + added
        affected = _repeated_affected(reports, new_keys, spans, width, documents)
    else:
        await store.write_incidents(tx, rows)
    if affected:
        # lock them in key order (writers on several incidents always lock in the same order)
        incidents |= await store.lock_with_events(tx, sorted(affected))
    ordered = [incidents[k] for k in sorted(incidents)]
    await store_figures(tx, ordered, documents, reports, now)


def _repeated_affected(
    reports: Sequence[store.Report],
    new_keys: set[str],
    new_reports: dict[str, list[datetime]],
    width: timedelta,
    documents: dict[str, str],
) -> set[str]:
    """The stored incidents whose REPEATED requirements the new reports change (domain.escalations).

    `reports`: the stored reports nearest the new ones, and the new ones (see `refresh_after_reports`). Only a
    stored incident reported within `width` after a new one can hold it in its window, and only one whose trigger
    did not apply before and does now changes; the others stay as stored and are not locked, so that reports
    arriving out of order on a busy service do not all recompute and lock each other's later incidents."""
    before: dict[str, list[datetime]] = {}
    for r in reports:
        if r.key not in new_keys:
            before.setdefault(r.service, []).append(r.reported_at.astimezone(UTC))
    for ats in before.values():
        ats.sort()
    affected: set[str] = set()
    for r in reports:
        if r.key in new_keys:
            continue
        added = [at for at in new_reports[r.service] if at <= r.reported_at <= at + width]
        if added and repeated_may_change(terms_of(documents[r.contract_uid]), r.reported_at, before[r.service], added):
            affected.add(r.key)
    return affected


def _incident_row(new: NewIncident, contract_key: str, contract_uid: str, now: datetime) -> dict[str, Any]:
    f = new.facts
    return {
        "key": f.key,
        "title": new.title,
        "service": f.service,
        "serviceAffecting": f.service_affecting,
        "severity": f.severity,
        "currentSeverity": f.severity,
        "channel": new.channel,
        "contractKey": contract_key,
        "contractUid": contract_uid,
        "reportedAt": f.events[0].at.astimezone(UTC),
        "createdAt": now,
        "status": "OPEN",
        "lastSeq": 0,
    }


def _stored(row: dict[str, Any]) -> dict[str, Any]:
    """A node's properties as the graph holds them once `row` is written (a property set to null is not stored)."""
    return {k: v for k, v in row.items() if v is not None}


def _same_content(stored: store.StoredIncident, new: NewIncident) -> bool:
    """True when a stored incident is exactly the one being imported again (a harmless re-import)."""
    expected = stored_events(new.facts.key, list(new.facts.events))
    return (
        stored.props["service"] == new.facts.service
        and stored.props["title"] == new.title
        and stored.props["severity"] == new.facts.severity
        and [e["hash"] for e in stored.events] == [e.hash for e in expected]
    )


async def _people_problems(
    tx: Tx,
    terms: ContractTerms,
    parties: frozenset[str],
    contract_uid: str,
    extra: list[dict[str, Any]],
    referenced: set[str],
) -> tuple[list[Problem], set[str], list[dict[str, Any]]]:
    """Check extra people against the store and the contract; return problems, known keys and rows to write."""
    stored = await store.people(tx, sorted(referenced | {p["key"] for p in extra}))
    problems: list[Problem] = []
    rows: list[dict[str, Any]] = []
    for i, person in enumerate(extra):
        have = stored.get(person["key"])
        if have is not None and (have["name"] != person["name"] or have["party"] != person["party"]):
            problems.append(
                Problem(
                    "CONFLICT",
                    f"Person '{person['key']}' is stored as '{have['name']}' of party '{have['party']}'.",
                    ("people", i),
                )
            )
        if person["party"] not in parties:
            problems.append(
                Problem(
                    "UNKNOWN_REFERENCE",
                    f"Party '{person['party']}' is not a party to contract '{terms.key}'.",
                    ("people", i, "party"),
                )
            )
        role = person.get("role")
        if role is not None and role not in terms.role_party:
            problems.append(
                Problem(
                    "UNKNOWN_REFERENCE",
                    f"Role '{role}' is not defined by contract '{terms.key}'.",
                    ("people", i, "role"),
                )
            )
        elif role is not None and terms.role_party[role] != person["party"]:
            problems.append(
                Problem(
                    "INVALID_VALUE",
                    f"Role '{role}' belongs to party '{terms.role_party[role]}', not to '{person['party']}'.",
                    ("people", i, "role"),
                )
            )
        rows.append(
            {
                "key": person["key"],
                "name": person["name"],
                "party": person["party"],
                "roleUid": f"{contract_uid}/role/{role}" if role else None,
            }
        )
    return problems, set(stored) | {p["key"] for p in extra}, rows


async def _create(
    tx: Tx,
    contract_key: str,
    new: list[NewIncident],
    extra_people: list[dict[str, Any]],
    outages: list[dict[str, Any]],
    now: datetime,
    recorded_by: str,
    skew: timedelta,
    locked: set[str] | None = None,
) -> list[str]:
    """Validate and write new incidents (all or nothing); returns the keys written or found identical.

    `locked`: the stored ones among the new keys, when the caller has taken their locks already."""
    contract, versions, documents = await store.contract_with_versions(tx, contract_key)
    if contract is None:
        raise NotFound.single("UNKNOWN_REFERENCE", f"Contract '{contract_key}' is not stored.", ("contract",))
    terms, uid = terms_of(contract["document"]), contract["uid"]
    keys = [n.facts.key for n in new]
    existing_keys = locked if locked is not None else await store.lock_incidents(tx, keys)
    existing = await store.incidents_with_events(tx, sorted(existing_keys)) if existing_keys else {}
    problems: list[Problem] = []
    fresh: list[NewIncident] = []
    for n in new:
        stored = existing.get(n.facts.key)
        if stored is None:
            fresh.append(n)
        elif stored.props["contractKey"] != contract_key or not _same_content(stored, n):
            problems.append(
                Problem(
                    "CONFLICT",
                    f"Incident '{n.facts.key}' is already stored with different "
                    "content; record new events with recordIncidentEvent.",
                    (*n.path, "key"),
                )
            )
    referenced = {k for n in fresh for e in n.facts.events for k in (e.actor, e.assignee) if k}
    parties = parties_of(contract["document"])
    people_problems, known, people_rows = await _people_problems(tx, terms, parties, uid, extra_people, referenced)
    problems += people_problems
    governing: dict[str, str] = {}
    for n in fresh:
        version = _governing(contract_key, versions, n, problems)
        if version is not None:
            governing[n.facts.key] = version.uid
        # Outside every term the stream is still checked, against the latest version, so one round of fixes does.
        checked = terms_of(documents[version.uid]) if version is not None else terms
        problems += _at(n.path, check_incident(n.facts, checked, known, now, skew))
    if problems:
        raise DocumentInvalid(problems)
    incident_rows, event_rows = [], []
    written: dict[str, store.StoredIncident] = {}
    for n in fresh:
        row = _incident_row(n, contract_key, governing[n.facts.key], now)
        chained = zip(n.facts.events, stored_events(n.facts.key, list(n.facts.events)), strict=True)
        chain = [store.event_row(n.facts.key, stored, event, now, recorded_by) for event, stored in chained]
        incident_rows.append(row)
        event_rows += chain
        # As the graph will hold it (a property set to null is not stored), for the figures below.
        written[n.facts.key] = store.StoredIncident(_stored(row), tuple(_stored(e) for e in chain))
    rows = store.NewRows(incident_rows, event_rows, people_rows)
    await store.write_outages(tx, contract_key, outages)
    if fresh:
        # Outages do not enter breaches (only credits), so they change no stored figure.
        await refresh_after_reports(tx, contract_key, fresh, written, governing, documents, now, rows)
    elif rows.people:  # a re-import that adds people only
        await store.write_incidents(tx, rows)
    return keys


def _governing(
    contract_key: str, versions: Sequence[VersionTerm], new: NewIncident, problems: list[Problem]
) -> VersionTerm | None:
    """The version governing a new incident (rules.md), or None after adding OUTSIDE_TERM to `problems`."""
    reported = new.facts.events[0].at
    if reported.tzinfo is None:
        return None  # NAIVE_DATETIME is reported by the document checks
    outside = outside_term_problem(contract_key, versions, reported, new.reported_path)
    if outside is not None:
        problems.append(outside)
        return None
    return governing_version(versions, reported)


async def relink_after_amendment(tx: Tx, contract_key: str, now: datetime) -> list[str]:
    """After a new contract version: put each incident under the version that now governs it and recompute the
    figures of those that moved. Returns their keys."""
    versions, documents = await store.contract_versions(tx, contract_key)
    moved: list[dict[str, str]] = []
    for incident in await store.contract_incidents(tx, contract_key):
        reported = incident.props.get("reportedAt")
        version = governing_version(versions, reported) if reported is not None else None
        if version is not None and version.uid != incident.props["contractUid"]:
            moved.append({"key": incident.key, "contractUid": version.uid})
    if not moved:
        return []
    await store.relink(tx, moved)
    locked = await store.lock_with_events(tx, [m["key"] for m in moved])
    for key in sorted(locked):
        incident = locked[key]
        await refresh_one(tx, incident, documents[incident.props["contractUid"]], now)
    return sorted(locked)


async def import_incidents_text(
    graph: Graph,
    trips: RoundTrips,
    text: str,
    max_bytes: int,
    recorded_by: str,
    *,
    clock_skew: timedelta = CLOCK_SKEW,
) -> list[str]:
    """Validate an incidents document and store all of it, or nothing; returns the incident keys."""
    check_size(text, max_bytes)
    try:
        doc = parse_incidents_document(text)
    except DocumentInvalid as exc:
        # report the contract-dependent problems of every event too, so one round of fixes is enough
        more = await _state_free_problems(graph, trips, text, datetime.now(UTC), clock_skew)
        seen = {(p.code, p.path) for p in exc.problems}
        raise DocumentInvalid([*exc.problems, *(p for p in more if (p.code, p.path) not in seen)]) from None
    new = [
        NewIncident(incident_facts(inc), inc.title, inc.channel, ("incidents", i), ("incidents", i, "events", 0, "at"))
        for i, inc in enumerate(doc.incidents)
    ]
    people = [p.model_dump(mode="json", by_alias=True) for p in doc.people]
    now = datetime.now(UTC)
    outages = [
        {
            "uid": canonical_hash([doc.contract, o.service, o.start.isoformat(), o.end.isoformat(), o.excluded]),
            "contractKey": doc.contract,
            "service": o.service,
            "start": o.start.astimezone(UTC),
            "end": o.end.astimezone(UTC),
            "excluded": o.excluded,
            "recordedAt": now,
            "recordedBy": recorded_by,
        }
        for o in doc.outages
    ]

    async def work(tx: Tx) -> list[str]:
        return await _create(tx, doc.contract, new, people, outages, now, recorded_by, clock_skew)

    return await graph.write(work, trips)


async def _state_free_problems(
    graph: Graph, trips: RoundTrips, text: str, now: datetime, skew: timedelta
) -> list[Problem]:
    """The problems of an invalid incidents document that do not depend on its streams' state."""
    raw = load_text(text)
    contract_key = raw.get("contract") if isinstance(raw, dict) else None
    if not isinstance(contract_key, str):
        return []
    named = sorted(referenced_people(raw))

    async def work(tx: Tx) -> tuple[dict[str, Any] | None, set[str]]:
        contract = await store.latest_contract(tx, contract_key)
        return contract, set(await store.people(tx, named)) if named else set()

    contract, stored_people = await graph.read(work, trips)
    if contract is None:
        return []
    return state_free_problems(raw, terms_of(contract["document"]), stored_people, now, skew)


@dataclass(frozen=True)
class IncidentReport:
    """What `reportIncident` takes: a new incident and its REPORTED event."""

    key: str
    contract_key: str
    service: str
    title: str
    severity: str
    service_affecting: bool
    channel: str | None
    reported_at: datetime
    actor: str | None
    note: str | None


def _check_instant(at: datetime, path: tuple[PathPart, ...]) -> list[Problem]:
    if at.tzinfo is None or at.utcoffset() is None:
        return [Problem("NAIVE_DATETIME", "The instant has no UTC offset; write it like 2026-03-02T09:15:00Z.", path)]
    return []


def _check_key(key: str, path: tuple[PathPart, ...]) -> list[Problem]:
    if KEY.match(key):
        return []
    shown = key if len(key) <= 60 else f"{key[:57]}..."
    return [Problem("INVALID_KEY", f"'{shown}' is not a valid key (letters, digits, '.', '_', '-'; at most 64).", path)]


async def report_incident(
    graph: Graph,
    trips: RoundTrips,
    report: IncidentReport,
    recorded_by: str,
    *,
    clock_skew: timedelta = CLOCK_SKEW,
) -> str:
    """Create an incident with its REPORTED event."""
    problems = _check_key(report.key, ("input", "key")) + _check_instant(report.reported_at, ("input", "reportedAt"))
    problems += _check_key(report.service, ("input", "service"))
    if not report.title.strip():
        problems.append(Problem("REQUIRED", "The title must not be empty.", ("input", "title")))
    if problems:
        raise DocumentInvalid(problems)
    event = Event(at=report.reported_at, kind=EventKind.REPORTED, actor=report.actor, note=report.note)
    facts = IncidentFacts(report.key, report.service, report.severity, report.service_affecting, (event,))
    new = NewIncident(facts, report.title, report.channel, ("input",), ("input", "reportedAt"))
    now = datetime.now(UTC)

    async def work(tx: Tx) -> str:
        existing = await store.lock_incidents(tx, [report.key])
        if existing:
            raise Conflict.single("CONFLICT", f"Incident '{report.key}' already exists.", ("input", "key"))
        try:
            await _create(tx, report.contract_key, [new], [], [], now, recorded_by, clock_skew, locked=existing)
        except DocumentInvalid as exc:
            raise DocumentInvalid([_report_path(p) for p in exc.problems]) from None
        return report.key

    return await graph.write(work, trips)


# The REPORTED event's fields as reportIncident's input names them.
_REPORT_FIELDS: dict[PathPart, str] = {"at": "reportedAt", "actor": "actor", "severity": "severity"}


def _report_path(problem: Problem) -> Problem:
    """A problem of the REPORTED event (input.events.0.at) pointed at reportIncident's own input field."""
    path = problem.path
    if path[:3] == ("input", "events", 0) and len(path) == 4 and path[3] in _REPORT_FIELDS:
        return Problem(problem.code, problem.message, ("input", _REPORT_FIELDS[path[3]]))
    return problem


async def record_event(
    graph: Graph,
    trips: RoundTrips,
    incident_key: str,
    event: Event,
    recorded_by: str,
    *,
    clock_skew: timedelta = CLOCK_SKEW,
) -> int:
    """Append one event to an incident's chain; returns its seq. Concurrent appends are serialised."""
    problems = _check_instant(event.at, ("input", "at"))
    if problems:
        raise RuleViolation(problems)
    now = datetime.now(UTC)

    async def work(tx: Tx) -> int:
        locked = await store.lock_with_document(tx, incident_key)
        if locked is None:
            raise NotFound.single("NOT_FOUND", f"Incident '{incident_key}' is not stored.", ("input", "incidentKey"))
        incident, document = locked
        terms = terms_of(document)
        named = [k for k in (event.actor, event.assignee) if k]
        known = set(await store.people(tx, named)) if named else set()
        found = check_append(incident.domain_events(), event, terms, known, now, clock_skew)
        if found:
            raise RuleViolation(_at(("input",), found))
        seq = len(incident.events) + 1
        prev = incident.events[-1]["hash"] if incident.events else ZERO_HASH
        digest = event_hash(incident_key, seq, event.at, event.kind, event.fields(), event.actor, prev)
        stored = StoredEvent(seq, event.at.astimezone(UTC), str(event.kind), event.fields(), event.actor, digest, prev)
        row = store.event_row(incident_key, stored, event, now, recorded_by)
        # the figures as the chain will stand, written with the event in one statement
        appended = store.StoredIncident(incident.props, (*incident.events, _stored(row)))
        summaries, rows = await figures_one(tx, appended, document, now)
        await store.append_with_figures(tx, [row], summaries, rows)
        return seq

    return await graph.write(work, trips)
