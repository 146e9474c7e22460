"""GraphQL types of incidents, their events, clocks, escalations, responsibility and breaches."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, cast

import strawberry
from strawberry import UNSET, Info

from domain.breaches import BreachFinding
from domain.clocks import Clock, ClockStatus
from domain.credits import credit_amount
from domain.hashing import verify_chain
from domain.lateness import late_by_seconds
from domain.responsibility import responsibility_at
from graph.incidents import StoredIncident
from graph.reads import FULL, StructureDetail
from resolvers import contracts as contract_reads
from resolvers import incident_reads as reads
from resolvers.context import Context, loaded
from schema.contracts import Clause, Contract, ContractStructure, Party, Role, SeverityLevel
from schema.execution import READY, NotPlain
from schema.relay import Node, global_id
from schema.selection import partial, selected_only, selects_only, structure_detail

if TYPE_CHECKING:
    from schema.liability import LiabilityLink

T = TypeVar("T")

KnownAt = Annotated[
    datetime | None,
    strawberry.argument(
        description="The record as it stood at this instant (default now): only what was recorded by then counts "
        "(docs/record.md)."
    ),
]


def given(value: datetime | None) -> datetime | None:
    """An instant argument that defaults to now (`asOf`, `at`, `knownAt`), None when absent.

    They default to UNSET, which leaves them without a GraphQL default (`asOf: DateTime`, as graphql-api.md writes
    them): an absent one is then not passed at all, so strawberry does not convert it for every incident of a page
    (a twentieth of a page with `sla` and `breaches`), and arrives here as UNSET."""
    return None if value is UNSET else value


async def contract_structure(ctx: Context, contract_uid: str, *, detail: StructureDetail = FULL) -> ContractStructure:
    # The version's row and its structure are loaded side by side (each batched with the rest of the request), not
    # one round trip after the other; the structure is then built from the loader's cached row.
    structure = contract_reads.structure(ctx, contract_uid, detail)
    row, _ = await asyncio.gather(contract_reads.by_uid(ctx, contract_uid), structure, return_exceptions=True)
    if isinstance(row, BaseException):
        raise row
    if row is None:
        raise LookupError(f"Contract version '{contract_uid}' is not stored.")
    return await Contract.from_row(row)._structure_for(ctx, detail)


@strawberry.type(description="A person who acts in incidents: a member of a party, maybe holding a role.")
class Person(Node):
    key: str
    name: str
    party: Party
    role_uids: strawberry.Private[list[str]]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Person:
        return cls(
            id=global_id("Person", row["key"]),
            key=row["key"],
            name=row["name"],
            party=Party.from_row({"key": row["party"], "name": row["partyName"]}),
            role_uids=list(row.get("roleUids") or []),
        )

    @strawberry.field(description="The role this person holds in the newest contract naming them.")
    async def role(self, info: Info[Context, None]) -> Role | None:
        if not self.role_uids:
            return None
        uid = self.role_uids[0]
        structure = await contract_structure(info.context, uid.split("/", 1)[0], detail=structure_detail(info))
        return structure.roles().get(uid.rsplit("/", 1)[1])

    @strawberry.field(description="Incidents in which this person acted or was assigned.")
    async def incidents(self, info: Info[Context, None]) -> list[Incident]:
        keys = await info.context.loaders.incidents_by_person.load(self.key) or []
        return await incidents_by_keys(info.context, keys)

    @strawberry.field(description="Breaches for which this person held the incident at the deadline.")
    async def breaches(self, info: Info[Context, None]) -> list[Breach]:
        return await breaches_from_rows(info.context, await info.context.loaders.breaches["person"].load(self.key))


async def incidents_by_keys(ctx: Context, keys: list[str]) -> list[Incident]:
    """Incidents by key, in the order given, skipping any no longer stored."""
    found = await ctx.loaders.incidents.load_many(keys)
    return [Incident.build(i) for i in found if i is not None]


async def person(ctx: Context, key: str | None) -> Person | None:
    if key is None:
        return None
    row = await ctx.loaders.people.load(key)
    return Person.from_row(row) if row else None


def _or_not_plain(value: T | None) -> T:
    """A READY function's value, or NotPlain when there is none (the field's resolver then answers)."""
    if value is None:
        raise NotPlain
    return value


def person_read(ctx: Context, key: str | None) -> Person | None:
    """`person` for the plain walk: the person when this request has read them already (`prime_people`), else
    NotPlain."""
    if key is None:
        return None
    try:
        row = loaded(ctx.loaders.people, key)
    except LookupError:
        raise NotPlain from None
    return Person.from_row(row) if row else None


async def prepare_page(ctx: Context, incidents: list[StoredIncident], *, people: bool, windows: bool) -> None:
    """Before a page of incidents is completed, read at once what its fields will ask for: with `people`, the
    people its breaches can name (`prime_people`); with `windows`, the REPEATED windows of the incidents whose
    figures now must be computed (the unsettled ones: resolvers/settled.py). The two reads run side by side;
    one that fails is left for the field that needs it to report."""
    work: list[Awaitable[None]] = []
    if people:
        work.append(prime_people(ctx, incidents))
    if windows:
        work += [reads.warm_window(ctx, i) for i in incidents if i.with_events and reads.settled_now(ctx, i) is None]
    if work:
        await asyncio.gather(*work, return_exceptions=True)


async def prime_people(ctx: Context, incidents: list[StoredIncident]) -> None:
    """Read at once everyone the breaches of `incidents` now can name: the people named in the stored breaches of
    the settled ones, and those named in the events of the others (a breach names who held the incident, an
    event's actor or assignee: domain/state.py). One batched read before the page is completed, so that the plain
    walk finds the settled ones' (`person_read`) and the others' evaluations read nobody afterwards; it was two,
    one for each."""
    keys: set[str] = set()
    for i in incidents:
        final = reads.settled_now(ctx, i)
        if final is not None:
            keys.update(b["person"] for b in final.breaches if b.get("person"))
        elif i.with_events:
            keys.update(k for e in i.events for k in (e.get("actor"), e.get("assignee")) if k)
    if keys:
        await ctx.loaders.people.load_many(sorted(keys))


@strawberry.type(description="Who held an incident at an instant: level, role, party and person (null: nobody named).")
class Responsibility:
    at: datetime
    level: int
    role: Role
    party: Party
    person: Person | None


async def responsibility(
    ctx: Context,
    contract_uid: str,
    at: datetime,
    level: int,
    role_key: str,
    person_key: str | None,
    *,
    detail: StructureDetail = FULL,
) -> Responsibility:
    structure, who = await asyncio.gather(contract_structure(ctx, contract_uid, detail=detail), person(ctx, person_key))
    role = structure.roles()[role_key]
    return Responsibility(at=at, level=level, role=role, party=role.party, person=who)


@dataclass(frozen=True)
class BreachData:
    """A breach as computed now or as stored, in the one shape the Breach type reads."""

    ref: str
    incident_key: str
    contract_uid: str
    kind: str
    due_at: datetime
    over_by_seconds: int
    severity: str
    clause_number: str
    obligor: str
    level: int | None
    role_key: str | None
    person: str | None
    credit_percent: Decimal | None
    credit_amount: Decimal | None
    trigger: str | None
    to_level: int | None

    @classmethod
    def from_finding(cls, b: BreachFinding, contract_uid: str, monthly_fee: Decimal) -> BreachData:
        amount = None
        if b.credit_percent is not None:
            amount = credit_amount(b.credit_percent, monthly_fee)
        r = b.responsible
        return cls(
            b.ref,
            b.incident,
            contract_uid,
            str(b.kind),
            b.due_at,
            b.over_by_seconds,
            b.severity,
            b.clause,
            b.obligor,
            r.level if r else None,
            r.role if r else None,
            r.person if r else None,
            b.credit_percent,
            amount,
            str(b.trigger) if b.trigger else None,
            b.to_level,
        )

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> BreachData:
        return cls(
            row["uid"],
            row["incidentKey"],
            row["contractUid"],
            row["kind"],
            row["dueAt"],
            row["overBySeconds"],
            row["severity"],
            row["clauseNumber"],
            row["obligor"],
            row.get("level"),
            row.get("roleKey"),
            row.get("person"),
            Decimal(row["creditPercent"]) if row.get("creditPercent") else None,
            Decimal(row["creditAmount"]) if row.get("creditAmount") else None,
            row.get("trigger"),
            row.get("toLevel"),
        )


@strawberry.type(description="A missed commitment: which clause, who owed it, who held the incident, what is owed.")
class Breach(Node):
    ref: str = strawberry.field(description="Stable reference, e.g. INC-1001:RESOLUTION or INC-1001:ESCALATION:3.")
    kind: str = strawberry.field(description="RESPONSE | RESOLUTION | ESCALATION | DOCUMENTATION")
    due_at: datetime
    over_by_seconds: int
    severity: str
    trigger: str | None = strawberry.field(description="For ESCALATION: the trigger whose requirement was missed.")
    to_level: int | None
    credit: Decimal | None = strawberry.field(description="Service credit owed for it, if a credit rule applies.")
    credit_percent: Decimal | None
    data: strawberry.Private[BreachData]

    @classmethod
    def build(cls, d: BreachData) -> Breach:
        return cls(
            id=global_id("Breach", d.ref),
            ref=d.ref,
            kind=d.kind,
            due_at=d.due_at,
            over_by_seconds=d.over_by_seconds,
            severity=d.severity,
            trigger=d.trigger,
            to_level=d.to_level,
            credit=d.credit_amount,
            credit_percent=d.credit_percent,
            data=d,
        )

    @strawberry.field
    async def incident(self, info: Info[Context, None]) -> Incident:
        found = await reads.stored(info.context, self.data.incident_key)
        if found is None:
            raise LookupError(f"Incident '{self.data.incident_key}' is not stored.")
        return Incident.build(found)

    @strawberry.field(description="The clause that made the promise.")
    async def clause(self, info: Info[Context, None]) -> Clause:
        return await breach_clause(info.context, self.data, detail=structure_detail(info))

    @strawberry.field(description="The party that owed the service (the contract's provider).")
    async def obligor(self, info: Info[Context, None]) -> Party:
        return await breach_obligor(info.context, self.data, detail=structure_detail(info))

    @strawberry.field(
        description="Who held the incident at the deadline.",
        metadata={READY: lambda b, context, operation: b._responsible_read(context, operation)},
    )
    async def responsible(self, info: Info[Context, None]) -> Responsibility:
        whole = not selects_only(info, "Responsibility", _AT_LEVEL_PERSON)
        return await breach_responsible(info.context, self.data, detail=structure_detail(info), whole=whole)

    def _responsible_read(self, context: Context, operation: object) -> Responsibility:
        """`responsible` for the plain walk: when the operation selects only its instant, level and person, and
        the person is read already (else NotPlain, and the resolver above answers)."""
        d = self.data
        if d.level is None or d.role_key is None:
            raise NotPlain  # the resolver reports it
        if selected_only(context, operation, "Responsibility", _AT_LEVEL_PERSON) is not True:
            raise NotPlain
        return partial(Responsibility, at=d.due_at, level=d.level, person=person_read(context, d.person))


async def breach_clause(ctx: Context, d: BreachData, *, detail: StructureDetail = FULL) -> Clause:
    structure = await contract_structure(ctx, d.contract_uid, detail=detail)
    return next(c for c in structure.clauses() if c.number == d.clause_number)


async def breach_obligor(ctx: Context, d: BreachData, *, detail: StructureDetail = FULL) -> Party:
    structure = await contract_structure(ctx, d.contract_uid, detail=detail)
    return next(p.party for p in structure.parties() if p.party.key == d.obligor)


# Responsibility fields answered without the contract's structure (which only `role` and `party` need)
_AT_LEVEL_PERSON = frozenset({"at", "level", "person"})


async def breach_responsible(
    ctx: Context, d: BreachData, *, detail: StructureDetail = FULL, whole: bool = True
) -> Responsibility:
    """Who held the incident at the breach's deadline; without `whole`, only its instant, level and person (the
    operation selects nothing else of it)."""
    if d.level is None or d.role_key is None:
        raise LookupError(f"Breach '{d.ref}' has no responsibility recorded.")
    if not whole:
        return partial(Responsibility, at=d.due_at, level=d.level, person=await person(ctx, d.person))
    return await responsibility(ctx, d.contract_uid, d.due_at, d.level, d.role_key, d.person, detail=detail)


async def breaches_from_rows(ctx: Context, rows: list[dict[str, Any]] | None) -> list[Breach]:
    return [Breach.build(BreachData.from_row(r)) for r in rows or []]


strawberry.enum(ClockStatus, name="ClockStatus")


@strawberry.type(description="A response or resolution clock as of an instant.")
class SlaClock:
    status: ClockStatus
    target_seconds: int
    elapsed_seconds: int
    remaining_seconds: int
    over_by_seconds: int
    due_at: datetime
    stopped_at: datetime | None
    breached: bool

    @classmethod
    def build(cls, c: Clock) -> SlaClock:
        return cls(
            status=c.status,
            target_seconds=c.target_seconds,
            elapsed_seconds=c.elapsed_seconds,
            remaining_seconds=c.remaining_seconds,
            over_by_seconds=c.over_by_seconds,
            due_at=c.due_at,
            stopped_at=c.stopped_at,
            breached=c.breached,
        )


@strawberry.type
class IncidentSla:
    response: SlaClock
    resolution: SlaClock | None

    @classmethod
    def of(cls, response: Clock | None, resolution: Clock | None) -> IncidentSla:
        if response is None:
            raise ValueError("The incident was not yet reported at `asOf` (or not yet recorded at `knownAt`).")
        return cls(response=SlaClock.build(response), resolution=SlaClock.build(resolution) if resolution else None)


@strawberry.type(description="A level the incident had to reach by a deadline, and whether it did.")
class EscalationRequirement:
    trigger: str
    to_level: int
    due_at: datetime
    status: str = strawberry.field(description="MET | NOT_REQUIRED | LATE | MISSED | PENDING")
    reached_at: datetime | None
    over_by_seconds: int
    clock: str | None = strawberry.field(description="For BREACH triggers: the clock whose breach raised it.")


@strawberry.type(description="One event of an incident's append-only, hash-chained history.")
class IncidentEvent:
    seq: int
    at: datetime
    kind: str
    level: int | None
    severity: str | None
    reason: str | None
    note: str | None
    hash: str
    prev_hash: str
    recorded_at: datetime | None
    recorded_by: str | None = strawberry.field(
        description="The principal that stored the event ('key:<id>', 'jwt:<subject>'); beside `actor` when "
        "an operator recorded it on someone's behalf."
    )
    actor_key: strawberry.Private[str | None]
    assignee_key: strawberry.Private[str | None]

    @classmethod
    def from_row(cls, e: dict[str, Any]) -> IncidentEvent:
        return cls(
            seq=e["seq"],
            at=e["at"],
            kind=e["kind"],
            level=e.get("level"),
            severity=e.get("severity"),
            reason=e.get("reason"),
            note=e.get("note"),
            hash=e["hash"],
            prev_hash=e["prevHash"],
            recorded_at=e.get("recordedAt"),
            recorded_by=e.get("recordedBy"),
            actor_key=e.get("actor"),
            assignee_key=e.get("assignee"),
        )

    @strawberry.field(
        description="How many seconds after its `at` the event was recorded, when that is more than the late-entry "
        "allowance (CLAUSEGRAPH_LATE_ENTRY_SECONDS); null when it was not late."
    )
    def late_by_seconds(self, info: Info[Context, None]) -> int | None:
        return late_by_seconds(self.at, self.recorded_at, info.context.settings.late_entry_allowance)

    @strawberry.field
    async def actor(self, info: Info[Context, None]) -> Person | None:
        return await person(info.context, self.actor_key)

    @strawberry.field
    async def assignee(self, info: Info[Context, None]) -> Person | None:
        return await person(info.context, self.assignee_key)


@strawberry.type(description="The result of re-walking an incident's hash chain.")
class ChainVerification:
    ok: bool
    event_count: int
    head_hash: str | None
    first_broken_seq: int | None
    reason: str | None


_KEY_ONLY = frozenset({"key"})
_CODE_ONLY = frozenset({"code"})


@strawberry.type(description="An incident under a contract, with its events and what the rules say of it.")
class Incident(Node):
    key: str
    title: str
    service: str
    service_affecting: bool
    channel: str | None
    reported_at: datetime
    stored: strawberry.Private[StoredIncident]

    @classmethod
    def build(cls, s: StoredIncident) -> Incident:
        p = s.props
        return cls(
            id=global_id("Incident", s.key),
            key=s.key,
            title=p["title"],
            service=p["service"],
            service_affecting=p["serviceAffecting"],
            channel=p.get("channel"),
            reported_at=p["reportedAt"],
            stored=s,
        )

    # The fields below answer at once when they need no read (a page of settled incidents has hundreds of them),
    # else with an awaitable, which graphql-core awaits: an async resolver would cost a task each.

    @strawberry.field(metadata={READY: lambda i, context, operation: i._contract_key(context, operation)})
    def contract(self, info: Info[Context, None]) -> Contract:
        uid = self.stored.props["contractUid"]
        if selects_only(info, "Contract", _KEY_ONLY):
            return self._keyed_contract()
        return cast(Contract, self._contract(info.context, uid))

    def _keyed_contract(self) -> Contract:
        # an incident the caller sees is under a contract it sees, and the key is the incident's own field
        return partial(Contract, key=self.stored.props["contractKey"], uid=self.stored.props["contractUid"])

    def _contract_key(self, context: Context, operation: object) -> Contract:
        """`contract` for the plain walk (schema/execution.py): only when the operation selects its key alone."""
        if selected_only(context, operation, "Contract", _KEY_ONLY) is not True:
            raise NotPlain
        return self._keyed_contract()

    async def _contract(self, ctx: Context, uid: str) -> Contract:
        row = await contract_reads.by_uid(ctx, uid)
        if row is None:
            raise LookupError("The incident's contract version is not stored.")
        return Contract.from_row(row)

    @strawberry.field(
        description="The severity now (after any reclassification).",
        metadata={READY: lambda i, context, operation: i._severity_code(context, operation)},
    )
    def severity(
        self, info: Info[Context, None], as_of: datetime | None = UNSET, known_at: KnownAt = UNSET
    ) -> SeverityLevel:
        as_of, known_at = given(as_of), given(known_at)
        known = self._known(info, known_at)
        # Now, the severity is the one every write stores with the incident's figures: no need to re-run the rules.
        code = self.stored.props.get("currentSeverity") if as_of is None and known is None else None
        if code is not None and selects_only(info, "SeverityLevel", _CODE_ONLY):
            return partial(SeverityLevel, code=code)  # no structure is loaded for a code alone
        return cast(SeverityLevel, self._severity(info, code, as_of, known))

    def _severity_code(self, context: Context, operation: object) -> SeverityLevel:
        """`severity` now for the plain walk: only the stored code, when the operation selects the code alone."""
        code = self.stored.props.get("currentSeverity")
        if code is None or selected_only(context, operation, "SeverityLevel", _CODE_ONLY) is not True:
            raise NotPlain
        return partial(SeverityLevel, code=code)

    async def _severity(
        self, info: Info[Context, None], code: str | None, as_of: datetime | None, known: datetime | None
    ) -> SeverityLevel:
        ctx = info.context
        if code is None:
            ev = await reads.evaluation(ctx, self.stored, reads.as_of(as_of), known_at=known)
            code = ev.state.severity
        uid = await reads.governing_uid(ctx, self.stored, known)
        structure = await contract_structure(ctx, uid, detail=structure_detail(info))
        return next(s for s in structure.severities() if s.code == code)

    def _known(self, info: Info[Context, None], known_at: datetime | None) -> datetime | None:
        return reads.known_at(known_at, info.context.settings.clock_skew)

    @strawberry.field(description="Events in seq order, with their hashes.")
    def events(self) -> list[IncidentEvent]:
        return [IncidentEvent.from_row(e) for e in self.stored.events]

    @strawberry.field(description="The escalation level at an instant (default now).")
    async def level(self, info: Info[Context, None], at: datetime | None = UNSET, known_at: KnownAt = UNSET) -> int:
        at, known_at = given(at), given(known_at)
        known = self._known(info, known_at)
        ev = await reads.evaluation(info.context, self.stored, reads.as_of(at), known_at=known)
        return (ev.state.level_at(ev.as_of) if ev.state.reported_at else None) or 1

    @strawberry.field(metadata={READY: lambda i, context, operation: _or_not_plain(i._settled_sla(context))})
    def sla(self, info: Info[Context, None], as_of: datetime | None = UNSET, known_at: KnownAt = UNSET) -> IncidentSla:
        as_of, known_at = given(as_of), given(known_at)
        ctx, known = info.context, self._known(info, known_at)
        settled = self._settled_sla(ctx) if as_of is None and known is None else None
        if settled is not None:
            return settled
        return cast(IncidentSla, self._sla(ctx, as_of, known))

    def _settled_sla(self, ctx: Context) -> IncidentSla | None:
        """The clocks now of a settled incident, as stored; None when the rules must be run."""
        final = reads.settled_now(ctx, self.stored)
        return None if final is None else IncidentSla.of(final.response, final.resolution)

    async def _sla(self, ctx: Context, as_of: datetime | None, known: datetime | None) -> IncidentSla:
        stored = await reads.with_events(ctx, self.stored)
        ev = await reads.evaluation(ctx, stored, reads.as_of(as_of), known_at=known)
        return IncidentSla.of(ev.response, ev.resolution)

    @strawberry.field
    async def escalations(
        self, info: Info[Context, None], as_of: datetime | None = UNSET, known_at: KnownAt = UNSET
    ) -> list[EscalationRequirement]:
        as_of, known_at = given(as_of), given(known_at)
        known = self._known(info, known_at)
        ev = await reads.evaluation(info.context, self.stored, reads.as_of(as_of), known_at=known)
        return [
            EscalationRequirement(
                trigger=str(r.trigger),
                to_level=r.to_level,
                due_at=r.due_at,
                status=str(r.status),
                reached_at=r.reached_at,
                over_by_seconds=r.over_by_seconds,
                clock=str(r.clock) if r.clock else None,
            )
            for r in ev.requirements
        ]

    @strawberry.field(
        description="Breaches as of an instant, computed from the events known then.",
        metadata={READY: lambda i, context, operation: _or_not_plain(i._settled_breaches(context))},
    )
    def breaches(
        self, info: Info[Context, None], as_of: datetime | None = UNSET, known_at: KnownAt = UNSET
    ) -> list[Breach]:
        as_of, known_at = given(as_of), given(known_at)
        ctx, known = info.context, self._known(info, known_at)
        settled = self._settled_breaches(ctx) if as_of is None and known is None else None
        if settled is not None:
            return settled
        return cast(list[Breach], self._breaches(ctx, as_of, known))

    def _settled_breaches(self, ctx: Context) -> list[Breach] | None:
        """The breaches now of a settled incident, as stored; None when the rules must be run."""
        final = reads.settled_now(ctx, self.stored)
        return None if final is None else [Breach.build(BreachData.from_row(r)) for r in final.breaches]

    async def _breaches(self, ctx: Context, as_of: datetime | None, known: datetime | None) -> list[Breach]:
        stored = await reads.with_events(ctx, self.stored)
        ev = await reads.evaluation(ctx, stored, reads.as_of(as_of), known_at=known)
        uid, terms = await reads.governing_terms(ctx, stored, known)
        return [Breach.build(BreachData.from_finding(b, uid, terms.monthly_fee)) for b in ev.breaches]

    @strawberry.field(description="Who held the incident at an instant; null before it was reported.")
    async def responsible_at(
        self, info: Info[Context, None], at: datetime, known_at: KnownAt = UNSET
    ) -> Responsibility | None:
        known_at = given(known_at)
        ctx, known = info.context, self._known(info, known_at)
        t = reads.as_of(at)
        ev = await reads.evaluation(ctx, self.stored, t, known_at=known)
        uid, terms = await reads.governing_terms(ctx, self.stored, known)
        r = responsibility_at(ev.state, terms, t) if ev.state.reported_at else None
        if r is None or r.role is None:
            return None
        return await responsibility(ctx, uid, t, r.level, r.role, r.person, detail=structure_detail(info))

    @strawberry.field(
        description="Each breach followed to its clause, obligor, responsible person, remedy, precedents."
    )
    async def liability_chain(
        self, info: Info[Context, None], as_of: datetime | None = UNSET, known_at: KnownAt = UNSET
    ) -> list[Annotated[LiabilityLink, strawberry.lazy("schema.liability")]]:
        as_of, known_at = given(as_of), given(known_at)
        from schema.liability import liability_chain

        known = self._known(info, known_at)
        return await liability_chain(info, self.stored, reads.as_of(as_of), known_at=known)

    @strawberry.field(description="Re-walk the hash chain of the stored events and report the first broken link.")
    def verify_chain(self) -> ChainVerification:
        check = verify_chain(self.key, self.stored.stored_events())
        events = self.stored.events
        return ChainVerification(
            ok=check.ok,
            event_count=len(events),
            head_hash=events[-1]["hash"] if events else None,
            first_broken_seq=check.first_broken_seq,
            reason=check.reason,
        )
