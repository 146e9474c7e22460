"""What an operation selects, so that reads fetch only what is asked for (clause text, for one)."""

from __future__ import annotations

from typing import Any, TypeVar, cast

from graphql import DocumentNode, FieldNode, TypeInfo, TypeInfoVisitor, Visitor, visit
from strawberry.types import Info

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


def _cached(context: Context, operation: object) -> frozenset[tuple[str, str]] | None:
    """The selection of `operation` if this request has worked it out already."""
    cached = context.views.get(("selection", str(id(operation))))
    if cached is None or cached[0] is not operation:
        return None
    return cast(frozenset[tuple[str, str]], cached[1])


# Selections of recent operations, across requests: walking an operation with type information was a fixed cost
# of every request, and the same query text comes back as the same operation node.
_RECENT: ByIdentity[frozenset[tuple[str, str]]] = ByIdentity(256)


def _selection(info: Info[Context, None]) -> frozenset[tuple[str, str]]:
    """Every (type, field) the running operation selects, computed once per operation."""
    operation = info.operation
    found = _cached(info.context, operation)
    if found is None:
        # the operation's fragments belong to its document: the same nodes every time
        found = _RECENT.get_or_make((operation,), lambda: _selected(info))
        info.context.views[("selection", str(id(operation)))] = (operation, found)
    return found


def selects(info: Info[Context, None], type_name: str, field_name: str) -> bool:
    """Whether the running operation selects `field_name` of `type_name` anywhere."""
    return (type_name, field_name) in _selection(info)


def selects_only(info: Info[Context, None], type_name: str, allowed: frozenset[str]) -> bool:
    """Whether the operation selects nothing of `type_name` (or of the Node interface it implements) beyond
    `allowed` and `__typename`, anywhere; a field with arguments counts as beyond."""
    return all(f in allowed or f == "__typename" for t, f in _selection(info) if t in (type_name, "Node"))


def partial(cls: type[T], **attrs: Any) -> T:
    """An instance of the strawberry type `cls` with only `attrs` set, for an operation that `selects_only` them:
    its other fields are never resolved, so nothing is loaded to fill them."""
    obj = object.__new__(cls)
    obj.__dict__.update(attrs)
    return obj


def wants_clause_text(info: Info[Context, None]) -> bool:
    return selects(info, "Clause", "text")


def clause_text_wanted(context: Context, operation: object) -> bool | None:
    """`wants_clause_text` without a resolve info, from what the operation's resolvers have worked out already;
    None when they have not."""
    found = _cached(context, operation)
    return None if found is None else ("Clause", "text") in found


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
    return any(t == "Incident" and f not in _INCIDENT_STORED for t, f in _selection(info))
