"""GraphQL types of a contract version and everything under it."""

from __future__ import annotations

import asyncio
import functools
import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, cast

import strawberry
from strawberry import Info

from domain.documents.vocabulary import ClauseKind
from graph.reads import FULL, StructureDetail
from resolvers import contracts as resolve
from resolvers.context import Context
from schema.execution import READY, NotPlain
from schema.ordering import IncidentOrder
from schema.relay import Node, global_id
from schema.selection import (
    incident_page_reads,
    partial,
    selects,
    structure_detail,
    structure_detail_wanted,
)

T = TypeVar("T")


def _part_id(type_name: str, uid: str | None) -> strawberry.ID:
    """The id of a structure's clause, role or severity level; null when the structure was read without uids (the
    operation selects nothing of them that needs one: `StructureDetail.ids`), so that an `id` asked for all the same
    fails as a null for a non-null field instead of answering a wrong one."""
    return cast(strawberry.ID, None) if uid is None else global_id(type_name, uid)


def _ready(part: str) -> dict[str, Any]:
    """Metadata of a structure field: the plain walk may answer it, given no arguments, with this part of a
    structure the request has already built (`Contract._ready_part`)."""

    def ready(contract: Contract, context: Context, operation: object) -> Any:
        return contract._ready_part(context, operation, getattr(ContractStructure, part))

    return {READY: ready}


def _computed(method: str) -> dict[str, Any]:
    """Metadata of a field computed from its own object by `method` (no arguments): the plain walk calls it too."""
    return {READY: lambda obj, _context, _operation: getattr(obj, method)()}


if TYPE_CHECKING:
    from schema.incident_queries import IncidentConnection, IncidentFilter
    from schema.incidents import Breach, Incident, Person
    from schema.stats import BreachCounts, IncidentCounts


@strawberry.type(description="A legal person: provider, customer or third party. Global across contracts.")
class Party(Node):
    key: str
    name: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Party:
        return cls(id=global_id("Party", row["key"]), key=row["key"], name=row["name"])

    @strawberry.field(description="The people of this party, ordered by key.")
    async def people(self, info: Info[Context, None]) -> list[Annotated[Person, strawberry.lazy("schema.incidents")]]:
        from schema.people import party_people

        return await party_people(info.context, self.key)


@strawberry.type(description="A party as it stands in one contract.")
class ContractParty:
    party: Party
    role: str = strawberry.field(description="PROVIDER | CUSTOMER | THIRD_PARTY")


@strawberry.type(description="A numbered clause of a contract version, with its full text.")
class Clause(Node):
    number: str
    heading: str
    kind: str
    topics: list[str]
    text: str
    contract_key: str
    contract_version: int
    uid: strawberry.Private[str]

    @strawberry.field(description="Breaches of this clause (as of their last recomputation).")
    async def breaches(self, info: Info[Context, None]) -> list[Annotated[Breach, strawberry.lazy("schema.incidents")]]:
        from schema.incidents import breaches_from_rows

        return await breaches_from_rows(info.context, await info.context.loaders.breaches["clause"].load(self.uid))

    @classmethod
    def from_row(cls, row: dict[str, Any], contract_key: str, version: int) -> Clause:
        return cls(
            id=_part_id("Clause", row["uid"]),
            uid=row["uid"],
            number=row["number"],
            heading=row["heading"],
            # kind, topics and text are read only when the operation selects them (graph/reads.py)
            kind=row.get("kind", ""),
            topics=list(row.get("topics") or []),
            text=row.get("text", ""),
            contract_key=contract_key,
            contract_version=version,
        )


@strawberry.type(description="A role of a party in the escalation ladder, with its responsibilities.")
class Role(Node):
    key: str
    name: str
    party: Party
    responsibilities: list[str]
    uid: strawberry.Private[str]
    levels: strawberry.Private[list[int]]

    @strawberry.field(description="Escalation levels this role holds in its contract's ladder.")
    def escalation_levels(self) -> list[int]:
        return self.levels

    @strawberry.field(
        description="Incidents under its contract that were held at this role's level (as last recorded)."
    )
    async def incidents(
        self, info: Info[Context, None]
    ) -> list[Annotated[Incident, strawberry.lazy("schema.incidents")]]:
        from schema.incidents import incidents_by_keys

        contract_key = self.uid.split("@", 1)[0]
        lists = await info.context.loaders.incidents_by_role_level.load_many(
            [f"{contract_key}|{level}" for level in self.levels]
        )
        keys = sorted({k for found in lists for k in found or []})
        return await incidents_by_keys(info.context, keys)

    @strawberry.field(description="Breaches for which this role held the incident at the deadline.")
    async def breaches(self, info: Info[Context, None]) -> list[Annotated[Breach, strawberry.lazy("schema.incidents")]]:
        from schema.incidents import breaches_from_rows

        return await breaches_from_rows(info.context, await info.context.loaders.breaches["role"].load(self.uid))


@strawberry.type(description="When a calendar is open: always, or weekly hours in a zone minus holidays.")
class SupportCalendar:
    key: str
    always_open: bool
    timezone: str
    holiday_country: str | None
    holiday_subdivision: str | None
    hours_text: strawberry.Private[str | None]  # as stored (JSON text): parsed only when `hours` is selected
    closed_texts: strawberry.Private[list[str]]

    @strawberry.field(
        description="Weekly open intervals, e.g. 'mon 09:00-17:30'.",
        metadata=_computed("hour_list"),
    )
    def hours(self) -> list[str]:
        return self.hour_list()

    @strawberry.field(metadata=_computed("closed_list"))
    def closed_dates(self) -> list[date]:
        return self.closed_list()

    def hour_list(self) -> list[str]:
        hours = json.loads(self.hours_text or "{}")
        return [f"{day} {iv}" for day, ivs in hours.items() for iv in ivs]

    def closed_list(self) -> list[date]:
        return [date.fromisoformat(d) for d in self.closed_texts]


@strawberry.type(description="A severity level with its response and resolution targets.")
class SeverityLevel(Node):
    code: str
    name: str
    response_seconds: int
    resolution_seconds: int | None
    update_seconds: int | None
    calendar: SupportCalendar
    clause: Clause


@strawberry.type(description="A way to reach support, when it is open and for which severities.")
class SupportChannel:
    kind: str
    address: str
    severities: list[str] = strawberry.field(description="Severity codes served; empty means all.")
    calendar: SupportCalendar
    clause: Clause


@strawberry.type
class EscalationLevel:
    level: int
    role: Role


@strawberry.type(description="A condition that requires the incident to be at `toLevel` by a deadline.")
class EscalationTrigger:
    kind: str
    to_level: int
    after_seconds: int
    severities: list[str] | None = strawberry.field(description="Null means every severity.")
    count: int | None
    window_seconds: int | None


@strawberry.type(description="The escalation ladder: levels, the role at each, and the triggers.")
class EscalationPath:
    clause: Clause
    levels: list[EscalationLevel]
    triggers: list[EscalationTrigger]


@strawberry.type
class CreditRule:
    kind: str
    percent: Decimal
    severities: list[str] | None


@strawberry.type
class UptimeTier:
    below: Decimal
    percent: Decimal


@strawberry.type(description="Service credits: rules, uptime tiers, cap and claim window.")
class CreditTerms:
    clause: Clause
    timezone: str
    cap_percent: Decimal
    claim_window_seconds: int
    sole_remedy: bool
    uptime_target: Decimal | None
    # as stored (JSON text): parsed only when `rules` or `uptimeTiers` is selected
    rules_text: strawberry.Private[str]
    tiers_text: strawberry.Private[str]

    @strawberry.field(metadata=_computed("rule_list"))
    def rules(self) -> list[CreditRule]:
        return self.rule_list()

    @strawberry.field(metadata=_computed("tier_list"))
    def uptime_tiers(self) -> list[UptimeTier]:
        return self.tier_list()

    def rule_list(self) -> list[CreditRule]:
        return [
            CreditRule(kind=r["kind"], percent=Decimal(r["percent"]), severities=r["severities"])
            for r in json.loads(self.rules_text)
        ]

    def tier_list(self) -> list[UptimeTier]:
        tiers = json.loads(self.tiers_text)
        return [UptimeTier(below=Decimal(t["below"]), percent=Decimal(t["percent"])) for t in tiers]


@strawberry.type(description="The duty to file a post-incident report.")
class DocumentationDuty:
    clause: Clause
    report_due_seconds: int
    severities: list[str]


@strawberry.type(description="The liability limit of a contract.")
class LiabilityTerms:
    clause: Clause
    cap: Decimal | None
    excludes_consequential: bool


@strawberry.type(description="The ordered steps a dispute moves through.")
class DisputeResolutionTerms:
    clause: Clause
    steps: list[str]
    negotiation_period_seconds: int | None
    forum: str | None


@strawberry.type(description="One version of a contract: what it promises.")
class Contract(Node):
    key: str
    version: int
    title: str
    kind: str
    effective: date
    expires: date | None
    governing_law: str
    jurisdiction: str
    currency: str
    monthly_fee: Decimal
    content_hash: str = strawberry.field(description="SHA-256 of the canonical contract document.")
    uid: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Contract:
        return cls(
            id=global_id("Contract", row["uid"]),
            uid=row["uid"],
            key=row["key"],
            version=row["version"],
            title=row["title"],
            kind=row["kind"],
            effective=date.fromisoformat(row["effective"]),
            expires=date.fromisoformat(row["expires"]) if row.get("expires") else None,
            governing_law=row["governingLaw"],
            jurisdiction=row["jurisdiction"],
            currency=row["currency"],
            monthly_fee=Decimal(row["monthlyFee"]),
            content_hash=row["contentHash"],
        )

    async def _structure(self, info: Info[Context, None]) -> ContractStructure:
        return await self._structure_for(info.context, structure_detail(info))

    async def _structure_for(self, ctx: Context, detail: StructureDetail = FULL) -> ContractStructure:
        # One structure per contract version, detail and request: its parts are built once, however often asked
        # for. The detail is what the operation selects (so the structure holds what it can ask for); one
        # already built in a fuller detail serves as well. The sibling fields of a contract resolve concurrently,
        # so the first one's pending build is shared, not repeated.
        whole = self._pending(ctx.views, detail)
        if whole is None:
            whole = asyncio.ensure_future(self._build(ctx, detail))
            ctx.views[("structure", self.uid, detail)] = whole
        return cast(ContractStructure, await whole)

    async def _build(self, ctx: Context, detail: StructureDetail) -> ContractStructure:
        return ContractStructure(self, await resolve.structure(ctx, self.uid, detail))

    def _pending(self, views: dict[Any, Any], detail: StructureDetail) -> Any:
        """This contract's structure build in `detail`, or in full, if the request has started one."""
        return views.get(("structure", self.uid, detail)) or views.get(("structure", self.uid, FULL))

    def _built(self, views: dict[Any, Any], detail: StructureDetail) -> ContractStructure | None:
        """This contract's structure in `detail` (or in full) if the request has already built it."""
        pending = self._pending(views, detail)
        if pending is not None and pending.done() and not pending.cancelled() and pending.exception() is None:
            return cast(ContractStructure, pending.result())
        return None

    def _part(self, info: Info[Context, None], build: Callable[[ContractStructure], T]) -> T:
        """A part of this contract's structure: at once when the request has already built the structure (a page
        of contracts loads its structures before their fields resolve, see `with_structures`), else once built.

        So it returns the part, or an awaitable of it, which graphql-core awaits; the fields of a preloaded page
        then cost no coroutine each (there are some ten per contract)."""
        built = self._built(info.context.views, structure_detail(info))
        if built is not None:
            return build(built)

        async def later() -> T:
            return build(await self._structure(info))

        return cast(T, later())

    def _ready_part(self, context: Context, operation: object, build: Callable[[ContractStructure], T]) -> T:
        """The part for the plain walk (schema/execution.py), which has no resolve info: only from a structure
        already built, else NotPlain (and the field resolves the usual way, through `_part`)."""
        detail = structure_detail_wanted(context, operation)
        built = None if detail is None else self._built(context.views, detail)
        if built is None:
            raise NotPlain
        return build(built)

    @strawberry.field(metadata=_ready("parties"))
    def parties(self, info: Info[Context, None]) -> list[ContractParty]:
        return self._part(info, ContractStructure.parties)

    @strawberry.field(
        description="The party that owes the service (the obligor of every breach).", metadata=_ready("provider")
    )
    def provider(self, info: Info[Context, None]) -> Party:
        return self._part(info, ContractStructure.provider)

    @strawberry.field(
        description="The clauses, in document order; `kind` keeps one kind of clause.", metadata=_ready("clauses")
    )
    def clauses(self, info: Info[Context, None], kind: str | None = None) -> list[Clause]:
        if kind is not None and kind not in ClauseKind.__members__:
            raise ValueError(f"'{kind}' is not a clause kind; the kinds are {', '.join(ClauseKind)}.")
        return self._part(info, lambda s: [c for c in s.clauses() if kind is None or c.kind == kind])

    @strawberry.field
    def clause(self, info: Info[Context, None], number: str) -> Clause | None:
        return self._part(info, lambda s: next((c for c in s.clauses() if c.number == number), None))

    @strawberry.field(metadata=_ready("calendar_list"))
    def calendars(self, info: Info[Context, None]) -> list[SupportCalendar]:
        return self._part(info, ContractStructure.calendar_list)

    @strawberry.field(metadata=_ready("severities"))
    def severities(self, info: Info[Context, None]) -> list[SeverityLevel]:
        return self._part(info, ContractStructure.severities)

    @strawberry.field(metadata=_ready("channels"))
    def support_channels(self, info: Info[Context, None]) -> list[SupportChannel]:
        return self._part(info, ContractStructure.channels)

    @strawberry.field(metadata=_ready("role_list"))
    def roles(self, info: Info[Context, None]) -> list[Role]:
        return self._part(info, ContractStructure.role_list)

    @strawberry.field(metadata=_ready("escalation_path"))
    def escalation_path(self, info: Info[Context, None]) -> EscalationPath:
        return self._part(info, ContractStructure.escalation_path)

    @strawberry.field(metadata=_ready("credit_terms"))
    def credit_terms(self, info: Info[Context, None]) -> CreditTerms | None:
        return self._part(info, ContractStructure.credit_terms)

    @strawberry.field(metadata=_ready("documentation"))
    def documentation(self, info: Info[Context, None]) -> DocumentationDuty | None:
        return self._part(info, ContractStructure.documentation)

    @strawberry.field(metadata=_ready("liability"))
    def liability(self, info: Info[Context, None]) -> LiabilityTerms | None:
        return self._part(info, ContractStructure.liability)

    @strawberry.field(metadata=_ready("dispute_resolution"))
    def dispute_resolution(self, info: Info[Context, None]) -> DisputeResolutionTerms | None:
        return self._part(info, ContractStructure.dispute_resolution)

    @strawberry.field(description="Every stored version of this contract, oldest first.")
    async def versions(self, info: Info[Context, None]) -> list[Contract]:
        rows = await resolve.versions_of(info.context, self.key)
        return [Contract.from_row(r) for r in rows]

    @strawberry.field(description="Incidents under this contract, ordered by when they were reported, or by `orderBy`.")
    async def incidents(
        self,
        info: Info[Context, None],
        first: int | None = None,
        after: str | None = None,
        filter: Annotated[IncidentFilter, strawberry.lazy("schema.incident_queries")] | None = None,
        order_by: IncidentOrder | None = None,
    ) -> Annotated[IncidentConnection, strawberry.lazy("schema.incident_queries")]:
        from schema.incident_queries import incident_connection

        return await incident_connection(
            info.context,
            first,
            after,
            filter,
            contract=self.key,
            order=order_by,
            **incident_page_reads(info),
        )

    @strawberry.field(description="Breaches under this contract (as of their last recomputation), by due time.")
    async def breaches(self, info: Info[Context, None]) -> list[Annotated[Breach, strawberry.lazy("schema.incidents")]]:
        from schema.incidents import breaches_from_rows

        return await breaches_from_rows(info.context, await info.context.loaders.breaches["contract"].load(self.key))

    @strawberry.field(
        description="Its incidents counted by status, severity, service and month (as of the last write)."
    )
    async def incident_counts(
        self, info: Info[Context, None]
    ) -> Annotated[IncidentCounts, strawberry.lazy("schema.stats")]:
        from schema.stats import stats_for

        return (await stats_for(info.context, self.key)).incidents

    @strawberry.field(description="Its stored breaches counted by kind, severity and month.")
    async def breach_counts(
        self, info: Info[Context, None]
    ) -> Annotated[BreachCounts, strawberry.lazy("schema.stats")]:
        from schema.stats import stats_for

        return (await stats_for(info.context, self.key)).breaches

    @strawberry.field(description="True when no higher version of this contract is stored.")
    async def is_latest(self, info: Info[Context, None]) -> bool:
        return await resolve.is_latest(info.context, self.key, self.uid)


def memo(method: Callable[[ContractStructure], T]) -> Callable[[ContractStructure], T]:
    """Compute a structure's part once per instance (the row it is built from never changes)."""

    @functools.wraps(method)
    def wrapper(self: ContractStructure) -> T:
        key = method.__name__
        if key not in self.parts:
            self.parts[key] = method(self)
        return cast(T, self.parts[key])

    return wrapper


class ContractStructure:
    """Builds the nested types of one contract version from its structure row (no further I/O), whose lists come in
    the structure's order (contract_structure_map.cypher)."""

    def __init__(self, contract: Contract, row: dict[str, Any]) -> None:
        self.contract = contract
        self.row = row
        self.parts: dict[str, Any] = {}

    @memo
    def _clause_map(self) -> dict[str, Clause]:
        return {r["number"]: Clause.from_row(r, self.contract.key, self.contract.version) for r in self.row["clauses"]}

    def clauses(self) -> list[Clause]:
        return list(self._clause_map().values())

    @memo
    def parties(self) -> list[ContractParty]:
        return [ContractParty(party=Party.from_row(r), role=r["role"]) for r in self.row["parties"]]

    def provider(self) -> Party:
        return next(cp.party for cp in self.parties() if cp.role == "PROVIDER")

    def calendar_list(self) -> list[SupportCalendar]:
        return list(self.calendars().values())

    def role_list(self) -> list[Role]:
        return list(self.roles().values())

    @memo
    def calendars(self) -> dict[str, SupportCalendar]:
        out: dict[str, SupportCalendar] = {}
        for r in self.row["calendars"]:
            if "timezone" not in r:  # read as a key alone: the operation selects no other calendar field
                out[r["key"]] = partial(SupportCalendar, key=r["key"])
                continue
            out[r["key"]] = SupportCalendar(
                key=r["key"],
                always_open=r["alwaysOpen"],
                timezone=r["timezone"],
                holiday_country=r.get("holidayCountry"),
                holiday_subdivision=r.get("holidaySubdivision"),
                hours_text=r["hours"],
                closed_texts=list(r.get("closed") or []),
            )
        return out

    @memo
    def roles(self) -> dict[str, Role]:
        parties = {cp.party.key: cp.party for cp in self.parties()}
        levels: dict[str, list[int]] = {}
        for lv in self.row["levels"]:
            levels.setdefault(lv["role"], []).append(lv["level"])
        return {
            r["key"]: Role(
                id=_part_id("Role", r["uid"]),
                uid=r["uid"],
                levels=levels.get(r["key"], []),
                key=r["key"],
                name=r["name"],
                party=parties[r["party"]],
                responsibilities=list(r.get("responsibilities") or []),
            )
            for r in self.row["roles"]
        }

    @memo
    def severities(self) -> list[SeverityLevel]:
        clauses, calendars = self._clause_map(), self.calendars()
        return [
            SeverityLevel(
                id=_part_id("SeverityLevel", r["uid"]),
                code=r["code"],
                name=r["name"],
                response_seconds=r["responseSeconds"],
                resolution_seconds=r["resolutionSeconds"],
                update_seconds=r["updateSeconds"],
                calendar=calendars[r["calendar"]],
                clause=clauses[r["clause"]],
            )
            for r in self.row["severities"]
        ]

    @memo
    def channels(self) -> list[SupportChannel]:
        clauses, calendars = self._clause_map(), self.calendars()
        return [
            SupportChannel(
                kind=r["kind"],
                address=r["address"],
                severities=list(r["severities"] or []),
                calendar=calendars[r["calendar"]],
                clause=clauses[r["clause"]],
            )
            for r in self.row["channels"]
        ]

    @memo
    def escalation_path(self) -> EscalationPath:
        clauses, roles = self._clause_map(), self.roles()
        return EscalationPath(
            clause=clauses[self.row["escalationClause"][0]],
            levels=[EscalationLevel(level=r["level"], role=roles[r["role"]]) for r in self.row["levels"]],
            triggers=[
                EscalationTrigger(
                    kind=t["kind"],
                    to_level=t["toLevel"],
                    after_seconds=t["afterSeconds"],
                    severities=t.get("severities"),
                    count=t.get("count"),
                    window_seconds=t.get("windowSeconds"),
                )
                for t in self.row["triggers"]
            ],
        )

    def _term(self, kind: str) -> tuple[Clause, dict[str, Any]] | None:
        for t in self.row["terms"]:
            if t["kind"] == kind:
                return self._clause_map()[t["clause"]], t["props"]
        return None

    def credit_terms(self) -> CreditTerms | None:
        found = self._term("CREDITS")
        if found is None:
            return None
        clause, p = found
        return CreditTerms(
            clause=clause,
            timezone=p["timezone"],
            cap_percent=Decimal(p["capPercent"]),
            claim_window_seconds=p["claimWindowSeconds"],
            sole_remedy=p["soleRemedy"],
            uptime_target=Decimal(p["uptimeTarget"]) if p.get("uptimeTarget") else None,
            rules_text=p["rules"],
            tiers_text=p["tiers"],
        )

    def documentation(self) -> DocumentationDuty | None:
        found = self._term("DOCUMENTATION")
        if found is None:
            return None
        clause, p = found
        return DocumentationDuty(
            clause=clause, report_due_seconds=p["reportDueSeconds"], severities=list(p["severities"])
        )

    def liability(self) -> LiabilityTerms | None:
        found = self._term("LIABILITY")
        if found is None:
            return None
        clause, p = found
        return LiabilityTerms(
            clause=clause,
            cap=Decimal(p["cap"]) if p.get("cap") else None,
            excludes_consequential=p["excludesConsequential"],
        )

    def dispute_resolution(self) -> DisputeResolutionTerms | None:
        found = self._term("DISPUTE_RESOLUTION")
        if found is None:
            return None
        clause, p = found
        return DisputeResolutionTerms(
            clause=clause,
            steps=list(p["steps"]),
            negotiation_period_seconds=p.get("negotiationPeriodSeconds"),
            forum=p.get("forum"),
        )


# The Contract fields answered from its structure (schema.graphql names).
STRUCTURE_FIELDS = (
    "parties",
    "provider",
    "clauses",
    "clause",
    "calendars",
    "severities",
    "supportChannels",
    "roles",
    "escalationPath",
    "creditTerms",
    "documentation",
    "liability",
    "disputeResolution",
)


def structure_wanted(info: Info[Context, None]) -> StructureDetail | None:
    """The detail of the contract structures the operation asks for, or None when it selects no part of one (the
    statement that finds contracts can then bring their structures along)."""
    if any(selects(info, "Contract", name) for name in STRUCTURE_FIELDS):
        return structure_detail(info)
    return None


async def with_structures(info: Info[Context, None], contracts: list[Contract]) -> list[Contract]:
    """Load the structures of these contracts (one batched round trip, none when the statement that found them
    brought them) before their fields resolve, when the operation selects any part of a structure; a failed load is
    left for the field that needs it to report."""
    detail = structure_wanted(info)
    if detail is not None:
        await asyncio.gather(*(c._structure_for(info.context, detail) for c in contracts), return_exceptions=True)
    return contracts
