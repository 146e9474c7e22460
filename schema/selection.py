"""What an operation selects, so that reads fetch only what is asked for (clause text, for one)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypedDict, TypeVar, cast

from graphql import DocumentNode, FieldNode, TypeInfo, TypeInfoVisitor, Visitor, visit
from strawberry.types import Info

from graph.reads import StructureDetail
from resolvers.context import Context
from resolvers.recent import ByIdentity

T = TypeVar("T")


class _Fields(Visitor):
    """Collects (parent type, field name) for every field of a document, fragments included."""

    def __init__(self, types: TypeInfo) -> None:
        super().__init__()
        self.types = types
        self.found: set[tuple[str, str]] = set()

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        parent = self.types.get_parent_type()
        if parent is not None:
            self.found.add((parent.name, node.name.value))
            if node.arguments:
                self.found.add((parent.name, node.name.value + "()"))


def _selected(info: Info[Context, None]) -> frozenset[tuple[str, str]]:
    # graphql-core's resolve info holds the operation's fragments; strawberry's Info only the operation.
    raw = info._raw_info
    document = DocumentNode(definitions=(raw.operation, *raw.fragments.values()))
    types = TypeInfo(raw.schema)
    fields = _Fields(types)
    visit(document, TypeInfoVisitor(types, fields))
    return frozenset(fields.found)


@dataclass(frozen=True)
class _Selection:
    """What an operation selects: every (type, field), and the contract structure detail that follows; `only`
    keeps the answers of `_only` (the plain walk asks them once per incident of a page)."""

    fields: frozenset[tuple[str, str]]
    detail: StructureDetail
    only: dict[tuple[str, frozenset[str]], bool] = field(default_factory=dict, compare=False, hash=False)

    def selects_only(self, type_name: str, allowed: frozenset[str]) -> bool:
        key = (type_name, allowed)
        found = self.only.get(key)
        if found is None:
            found = self.only[key] = _only(self.fields, type_name, allowed)
        return found


def _cached(context: Context, operation: object) -> _Selection | None:
    """The selection of `operation` if this request has worked it out already."""
    cached = context.views.get(("selection", id(operation)))
    if cached is None or cached[0] is not operation:
        return None
    return cast(_Selection, cached[1])


# Selections of recent operations, across requests: walking an operation with type information was a fixed cost
# of every request, and the same query text comes back as the same operation node.
_RECENT: ByIdentity[_Selection] = ByIdentity(256)


def _made(info: Info[Context, None]) -> _Selection:
    found = _selected(info)
    return _Selection(found, _detail_of(found))


def _selection(info: Info[Context, None]) -> _Selection:
    """What the running operation selects, worked out once per operation."""
    operation = info.operation
    found = _cached(info.context, operation)
    if found is None:
        # the operation's fragments belong to its document: the same nodes every time
        found = _RECENT.get_or_make((operation,), lambda: _made(info))
        info.context.views[("selection", id(operation))] = (operation, found)
    return found


def selects(info: Info[Context, None], type_name: str, field_name: str) -> bool:
    """Whether the running operation selects `field_name` of `type_name` anywhere."""
    return (type_name, field_name) in _selection(info).fields


def _only(fields: frozenset[tuple[str, str]], type_name: str, allowed: frozenset[str]) -> bool:
    return all(f in allowed or f == "__typename" for t, f in fields if t in (type_name, "Node"))


def selects_only(info: Info[Context, None], type_name: str, allowed: frozenset[str]) -> bool:
    """Whether the operation selects nothing of `type_name` (or of the Node interface it implements) beyond
    `allowed` and `__typename`, anywhere; a field with arguments counts as beyond."""
    return _selection(info).selects_only(type_name, allowed)


def selected_only(context: Context, operation: object, type_name: str, allowed: frozenset[str]) -> bool | None:
    """`selects_only` without a resolve info, from what the operation's resolvers have worked out already; None
    when they have not."""
    found = _cached(context, operation)
    return None if found is None else found.selects_only(type_name, allowed)


def partial(cls: type[T], **attrs: Any) -> T:
    """An instance of the strawberry type `cls` with only `attrs` set, for an operation that `selects_only` them:
    its other fields are never resolved, so nothing is loaded to fill them."""
    obj = object.__new__(cls)
    obj.__dict__.update(attrs)
    return obj


# The Contract fields answered from its terms, by the kind of term each reads.
_TERM_FIELDS = {
    "creditTerms": "CREDITS",
    "documentation": "DOCUMENTATION",
    "liability": "LIABILITY",
    "disputeResolution": "DISPUTE_RESOLUTION",
}


# The fields of the structure's parts that are answered without their uids: any other (an `id`, a part's breaches
# or incidents, a field added later) has the structure read with them.
_WITHOUT_UID = {
    "Clause": frozenset({"number", "heading", "kind", "topics", "text", "contractKey", "contractVersion"}),
    "Role": frozenset({"key", "name", "party", "responsibilities", "escalationLevels"}),
    "SeverityLevel": frozenset(
        {"code", "name", "responseSeconds", "resolutionSeconds", "updateSeconds", "calendar", "clause"}
    ),
}


def _detail_of(found: frozenset[tuple[str, str]]) -> StructureDetail:
    return StructureDetail(
        text=("Clause", "text") in found,
        # `clauses(kind: ...)` filters on the kind
        clause_kinds=bool({("Clause", "kind"), ("Clause", "topics"), ("Contract", "clauses()")} & found),
        calendars=any(t == "SupportCalendar" and f not in ("key", "__typename") for t, f in found),
        responsibilities=("Role", "responsibilities") in found,
        terms=frozenset(kind for name, kind in _TERM_FIELDS.items() if ("Contract", name) in found),
        ids=not all(_only(found, part, allowed) for part, allowed in _WITHOUT_UID.items()),
    )


def structure_detail(info: Info[Context, None]) -> StructureDetail:
    """How much of a contract structure the running operation can ask for anywhere (graph/reads.py)."""
    return _selection(info).detail


def structure_detail_wanted(context: Context, operation: object) -> StructureDetail | None:
    """`structure_detail` without a resolve info, from what the operation's resolvers have worked out already;
    None when they have not."""
    found = _cached(context, operation)
    return None if found is None else found.detail


# Incident fields answered from the incident node alone; `severity` only without arguments (it is stored now), and
# `sla` and `breaches` without arguments for a settled incident (resolvers/settled.py; the others read their
# events when they are asked, batched).
_INCIDENT_STORED = frozenset(
    {
        "__typename",
        "id",
        "key",
        "title",
        "service",
        "serviceAffecting",
        "channel",
        "reportedAt",
        "contract",
        "severity",
        "sla",
        "breaches",
    }
)


def incident_needs_events(info: Info[Context, None]) -> bool:
    """Whether the operation selects any incident field computed from its events (anywhere in the operation)."""
    return any(t == "Incident" and f not in _INCIDENT_STORED for t, f in _selection(info).fields)


class IncidentPageReads(TypedDict):
    with_events: bool
    with_total: bool
    with_people: bool
    with_windows: bool


def incident_page_reads(info: Info[Context, None]) -> IncidentPageReads:
    """What a page of incidents reads for the running operation (schema/incident_queries.py: `incident_connection`):
    the incidents' events (`incident_needs_events`), the total (`totalCount`), the people their breaches name
    (`responsible { person }`), and the REPEATED windows of those whose clocks or breaches are computed now."""
    found = _selection(info).fields
    return IncidentPageReads(
        with_events=incident_needs_events(info),
        with_total=("IncidentConnection", "totalCount") in found,
        with_people=("Incident", "breaches") in found and ("Responsibility", "person") in found,
        with_windows=("Incident", "sla") in found or ("Incident", "breaches") in found,
    )
