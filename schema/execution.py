"""Completing plain sub-trees of a result without graphql-core's per-field machinery.

A contract's structure is some 150 values a contract, nearly all plain attributes of frozen objects (a clause's
number, a severity's calendar key). graphql-core completes each one as a field: a resolve info, a path, a call
through strawberry's resolver, an awaitable check, a leaf coercion; at 100 contracts that was about 14,500 fields
and most of the request's time (docs/performance.md).

`PlainExecutionContext` completes an object value in one synchronous walk when everything selected below it is
plain: every field is a strawberry field without resolver, arguments or extensions, of object, list, scalar or
enum type (no interface or union), and nothing is deferred. The walk calls the same resolver strawberry gives
the field and the same output coercion graphql-core applies, and `__typename` answers the type's name, so the
result is the same. Whenever a value is not as the schema promises (a null for a non-null field, a coercion that
fails, an object of another type), the walk gives up and graphql-core completes that object the usual way, so
errors, their messages and their paths are exactly graphql-core's. Fields with resolvers are never touched.
"""

from __future__ import annotations

import contextlib
import operator
from collections.abc import Callable, Iterable
from typing import Any, cast

from graphql import (
    GraphQLBoolean,
    GraphQLField,
    GraphQLID,
    GraphQLInt,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLString,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
)
from graphql.execution.collect_fields import FieldDetailsList
from graphql.pyutils import AwaitableOrValue, Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

from resolvers.recent import ByIdentity

Complete = Callable[[Any], Any]
DEFINITION = GraphQLCoreConverter.DEFINITION_BACKREF  # where strawberry keeps a field's definition


# Metadata key of a strawberry field with a resolver that the walk may still use: a function (object, context,
# operation) giving the field's value when no arguments are given, or raising NotPlain when it cannot at once.
READY = "clausegraph.ready"


class NotPlain(Exception):
    """A value is not as the schema promises: let graphql-core complete it (and report the error its way)."""


def _leaf(kind: GraphQLLeafType) -> Complete:
    coerce = kind.coerce_output_value

    def complete(value: Any) -> Any:
        if value is None or value is Undefined:
            return None
        coerced = coerce(value)
        if coerced is None or coerced is Undefined:
            raise NotPlain
        return coerced

    return complete


# graphql-core's own scalars return a value of exactly their Python type unchanged (an Int only inside 32 bits):
# the walk returns such a value without calling their serializer. Any other value goes through it.
_EXACT: dict[int, type] = {id(GraphQLString): str, id(GraphQLID): str, id(GraphQLBoolean): bool, id(GraphQLInt): int}
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


def _leaf_field(attribute: str, kind: GraphQLLeafType, required: bool) -> Complete:
    """Read a leaf attribute and complete it, for a field of (non-null when `required`) type `kind`."""
    slow = _leaf(kind)
    exact = _EXACT.get(id(kind))

    def finish(value: Any) -> Any:
        completed = slow(value)
        if completed is None and required:
            raise NotPlain
        return completed

    if exact is int:

        def read_int(obj: Any) -> Any:
            value = getattr(obj, attribute)
            if type(value) is int and _INT_MIN <= value <= _INT_MAX:
                return value
            return finish(value)

        return read_int

    def read(obj: Any) -> Any:
        value = getattr(obj, attribute)
        if type(value) is exact:
            return value
        return finish(value)

    return read


def _non_null(inner: Complete) -> Complete:
    def complete(value: Any) -> Any:
        completed = inner(value)
        if completed is None:
            raise NotPlain
        return completed

    return complete


def _list(item: Complete) -> Complete:
    def complete(value: Any) -> Any:
        if value is None or value is Undefined:
            return None
        if isinstance(value, str | bytes | dict) or not isinstance(value, Iterable):
            raise NotPlain
        return [item(v) for v in value]

    return complete


def _nullable(obj: Complete) -> Complete:
    def complete(value: Any) -> Any:
        if value is None or value is Undefined:
            return None
        return obj(value)

    return complete


def _object(kind: GraphQLObjectType, entries: list[tuple[str, Any, Complete | None]]) -> Complete:
    """Complete an object from (response key, getter of the value from the object, or a constant; its completion,
    None for a constant)."""
    is_type_of: Any = kind.is_type_of  # strawberry's checks an instance and ignores its info

    def complete(value: Any) -> dict[str, Any]:
        if isinstance(value, Exception) or (is_type_of is not None and is_type_of(value, None) is not True):
            raise NotPlain
        out: dict[str, Any] = {}
        for key, resolve, finish in entries:
            if finish is None:
                out[key] = resolve
            elif finish is _READ:
                out[key] = resolve(value)  # a leaf attribute, read and completed at once (`_leaf_field`)
            else:
                out[key] = finish(resolve(value))
        return out

    return complete


def _READ(value: Any) -> Any:
    """The completion of an entry whose getter completes its value itself (a marker, never called)."""
    raise AssertionError("_READ is a marker")


def _attribute(field: GraphQLField) -> str | None:
    """The attribute a strawberry field without resolver, arguments or extensions reads with `getattr`."""
    resolve = field.resolve
    if resolve is None or field.args or getattr(resolve, "_is_default", False) is not True:
        return None
    definition = field.extensions.get(DEFINITION)
    if isinstance(definition, StrawberryField) and definition.default_resolver is getattr and definition.python_name:
        return definition.python_name
    return None


def _plain_getter(field: GraphQLField) -> Callable[[Any], Any] | None:
    """For a strawberry field without resolver, arguments or extensions, how to read its value from its object:
    the attribute itself when strawberry's default resolver is `getattr` (as it is here), else strawberry's own
    resolver. None for any other field."""
    resolve = field.resolve
    if resolve is None or field.args or getattr(resolve, "_is_default", False) is not True:
        return None
    attribute = _attribute(field)
    if attribute is not None:
        return operator.attrgetter(attribute)
    return lambda value: resolve(value, None)  # strawberry's basic-field resolver ignores its info


class _Running:
    """The request whose walk is running: READY functions get its context and operation from here, so that a
    plan does not hold one request's and can serve the next. The walk never awaits, so no other request's walk
    runs in between."""

    context: Any = None
    operation: Any = None


_RUNNING = _Running()

# Plans of recent operations sent without variables, across requests, by type and field nodes (object plans and
# list plans apart): building them was about a tenth of a small request.
_OBJECT_PLANS: ByIdentity[Complete | None] = ByIdentity(2048)
_LIST_PLANS: ByIdentity[Complete | None] = ByIdentity(2048)


class PlainExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """strawberry's execution context, completing plain sub-trees in one synchronous walk (see the module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # (type, id(field list)) -> (the field list, kept alive; its plan, or None when it is not plain)
        self._plans: dict[tuple[GraphQLObjectType, int], tuple[FieldDetailsList, Complete | None]] = {}
        # (id(type), id(field list)) -> (the type and field list, kept alive; the plan of a list value, or None)
        self._list_plans: dict[tuple[int, int], tuple[Any, FieldDetailsList, Complete | None]] = {}
        # without variables, which fields are collected (and so the plans) depends on the document alone
        self._shareable = not self.operation.variable_definitions

    def _shared(
        self,
        plans: ByIdentity[Complete | None],
        kind: Any,
        fields: FieldDetailsList,
        build: Callable[[], Complete | None],
    ) -> Complete | None:
        """`build()`, or what it gave for the same type and field nodes in an earlier request."""
        if not self._shareable or any(d.fragment_variable_values is not None for d in fields):
            return build()
        return plans.get_or_make((kind, *(d.node for d in fields)), build)

    def _object_plan(self, kind: GraphQLObjectType, fields: FieldDetailsList) -> Complete | None:
        key = (kind, id(fields))
        cached = self._plans.get(key)
        if cached is not None:
            return cached[1]
        plan = self._shared(_OBJECT_PLANS, kind, fields, lambda: self._build_object_plan(kind, fields))
        self._plans[key] = (fields, plan)
        return plan

    def _build_object_plan(self, kind: GraphQLObjectType, fields: FieldDetailsList) -> Complete | None:
        grouped, deferred, _ = self.collect_subfields(kind, fields)
        if deferred:
            return None
        entries: list[tuple[str, Any, Complete | None]] = []
        for response_key, details in grouped.items():
            name = details[0].node.name.value
            if name == "__typename":
                entries.append((response_key, kind.name, None))
                continue
            field = kind.fields.get(name)
            attribute = None if field is None else _attribute(field)
            if field is not None and attribute is not None:
                required = is_non_null_type(field.type)
                inner = cast(GraphQLNonNull[Any], field.type).of_type if required else field.type
                if is_leaf_type(inner):
                    entries.append((response_key, _leaf_field(attribute, inner, required), _READ))
                    continue
            getter = None if field is None else (_plain_getter(field) or self._ready_getter(field, details))
            if field is None or getter is None:
                return None
            finish = self._value_plan(field.type, details)
            if finish is None:
                return None
            entries.append((response_key, getter, finish))
        return _object(kind, entries)

    def _ready_getter(self, field: GraphQLField, details: FieldDetailsList) -> Callable[[Any], Any] | None:
        """For a field whose strawberry definition has a READY function, no extensions, and no arguments in the
        operation, how to read its value from its object (READY raises NotPlain when it cannot)."""
        definition = field.extensions.get(DEFINITION)
        if not isinstance(definition, StrawberryField) or definition.extensions:
            return None
        ready = definition.metadata.get(READY)
        if ready is None or any(d.node.arguments for d in details):
            return None
        return lambda value: ready(value, _RUNNING.context, _RUNNING.operation)

    def _value_plan(self, kind: GraphQLOutputType, fields: FieldDetailsList) -> Complete | None:
        if is_non_null_type(kind):
            assert isinstance(kind, GraphQLNonNull)
            inner = self._value_plan(kind.of_type, fields)
            return None if inner is None else _non_null(inner)
        if is_list_type(kind):
            assert isinstance(kind, GraphQLList)
            item = self._value_plan(kind.of_type, fields)
            return None if item is None else _list(item)
        if is_leaf_type(kind):
            return _leaf(kind)
        if is_object_type(kind):
            assert isinstance(kind, GraphQLObjectType)
            obj = self._object_plan(kind, fields)
            return None if obj is None else _nullable(obj)
        return None  # interfaces and unions: graphql-core resolves their runtime type

    def collect_and_execute_subfields(
        self,
        return_type: GraphQLObjectType,
        field_details_list: FieldDetailsList,
        path: Path,
        result: Any,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        plan = self._object_plan(return_type, field_details_list)
        if plan is not None:
            _RUNNING.context, _RUNNING.operation = self.context_value, self.operation
            with contextlib.suppress(Exception):  # NotPlain, or what a resolver raised: graphql-core reports it
                return cast(dict[str, Any], plan(result))
        return super().collect_and_execute_subfields(return_type, field_details_list, path, result, position_context)

    def complete_list_value(
        self,
        return_type: GraphQLList[GraphQLOutputType],
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        path: Path,
        result: Any,
        position_context: Any,
    ) -> AwaitableOrValue[list[Any]]:
        key = (id(return_type), id(field_details_list))
        cached = self._list_plans.get(key)
        if cached is None:
            plan = self._shared(
                _LIST_PLANS, return_type, field_details_list, lambda: self._value_plan(return_type, field_details_list)
            )
            cached = (return_type, field_details_list, plan)
            self._list_plans[key] = cached
        plan = cached[2]
        if plan is not None and isinstance(result, list | tuple):
            _RUNNING.context, _RUNNING.operation = self.context_value, self.operation
            with contextlib.suppress(Exception):  # as above
                return cast(list[Any], plan(result))
        return super().complete_list_value(return_type, field_details_list, info, path, result, position_context)
