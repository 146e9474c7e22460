"""Limits on what one GraphQL document may ask, checked before anything executes (docs/limits.md)."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLNamedType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    NullValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_interface_type,
    is_object_type,
    parse,
)
from graphql.language import DocumentNode
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from clausegraph.settings import Settings
from clausegraph.string_limits import too_long
from resolvers.recent import ByIdentity

# Object types whose name ends so are Relay connections: a page of `first` items each.
_CONNECTION_SUFFIX = "Connection"


@dataclass
class Demand:
    """What a document asks for: its deepest nesting, its aliases, and how many objects it may return."""

    depth: int = 0
    aliases: int = 0
    cost: int = 0


class _Measure:
    """Measures the operations of a document, following fragments, each fragment once (no fragment bombs).

    Costs are computed per selection set at a multiplier of 1 and scaled by the page sizes above it.
    """

    def __init__(
        self, schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any], default_page: int
    ) -> None:
        self.schema = schema
        self.variables = variables
        self.default_page = default_page
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.measured: dict[tuple[str, int], Demand] = {}
        self.defaults: dict[str, Any] = {}

    def operation(self, op: OperationDefinitionNode) -> Demand:
        self.defaults = {
            v.variable.name.value: v.default_value.value
            for v in op.variable_definitions or ()
            if isinstance(v.default_value, IntValueNode)
        }
        self.measured = {}  # variables' defaults differ between operations
        root = self.schema.get_root_type(op.operation)
        return self.selections(op.selection_set, root, frozenset(), 1) if root is not None else Demand()

    def selections(
        self, selection_set: SelectionSetNode, parent: GraphQLNamedType, seen: frozenset[str], page: int
    ) -> Demand:
        """The demand of a selection set; `page` is the page size when `parent` is a connection."""
        total = Demand()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                part = self.field(selection, parent, seen, page)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                named = self.schema.get_type(condition.name.value) if condition else parent
                part = self.selections(selection.selection_set, named or parent, seen, page)
            elif isinstance(selection, FragmentSpreadNode):
                part = self.fragment(selection.name.value, parent, seen, page)
            else:  # pragma: no cover - no other kinds of selection exist
                continue
            total = Demand(max(total.depth, part.depth), total.aliases + part.aliases, total.cost + part.cost)
        return total

    def fragment(self, name: str, parent: GraphQLNamedType, seen: frozenset[str], page: int) -> Demand:
        fragment = self.fragments.get(name)
        if fragment is None or name in seen:
            return Demand()  # unknown or cyclic fragments are reported by the standard rules
        if (name, page) not in self.measured:
            named = self.schema.get_type(fragment.type_condition.name.value)
            self.measured[(name, page)] = self.selections(fragment.selection_set, named or parent, seen | {name}, page)
        return self.measured[(name, page)]

    def field(self, node: FieldNode, parent: GraphQLNamedType, seen: frozenset[str], page: int) -> Demand:
        aliases = 1 if node.alias is not None else 0
        name = node.name.value
        if name.startswith("__"):
            return Demand(0, aliases, 0)  # introspection is bounded by the schema itself
        definition = parent.fields.get(name) if is_object_type(parent) or is_interface_type(parent) else None
        if node.selection_set is None or definition is None:
            return Demand(1, aliases, 1)  # an unknown field is reported by the standard rules
        named = get_named_type(definition.type)
        inner = max(self.page_size(node), 1) if named.name.endswith(_CONNECTION_SUFFIX) else 1
        below = self.selections(node.selection_set, named, seen, inner)
        # a connection's edges repeat once per item of its page; its totalCount and pageInfo do not
        factor = page if name == "edges" and parent.name.endswith(_CONNECTION_SUFFIX) else 1
        return Demand(1 + below.depth, aliases + below.aliases, 1 + factor * below.cost)

    def page_size(self, node: FieldNode) -> int:
        for argument in node.arguments or ():
            if argument.name.value != "first":
                continue
            value = argument.value
            if isinstance(value, IntValueNode):
                return int(value.value)
            if isinstance(value, VariableNode):
                given = self.variables.get(value.name.value, self.defaults.get(value.name.value))
                if isinstance(given, int | str) and str(given).lstrip("-").isdigit():
                    return int(given)
            if isinstance(value, NullValueNode):
                break
        return self.default_page


def measure(schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any], default_page: int) -> Demand:
    """The demand of the heaviest operation of a document (aliases counted over all operations)."""
    walker = _Measure(schema, document, variables, default_page)
    worst = Demand()
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            found = walker.operation(definition)
            worst = Demand(max(worst.depth, found.depth), worst.aliases + found.aliases, max(worst.cost, found.cost))
    return worst


def refusals(demand: Demand, settings: Settings) -> Iterator[tuple[str, str]]:
    """(code, message) for each limit the demand goes beyond."""
    if demand.depth > settings.max_query_depth:
        yield (
            "QUERY_TOO_DEEP",
            f"The query nests fields {demand.depth} levels deep; at most {settings.max_query_depth} are allowed.",
        )
    if demand.aliases > settings.max_aliases:
        yield (
            "TOO_MANY_ALIASES",
            f"The query uses {demand.aliases} aliases; at most {settings.max_aliases} are allowed. "
            "Ask for a list in one field instead, or send several requests.",
        )
    if demand.cost > settings.max_query_cost:
        yield (
            "QUERY_TOO_COSTLY",
            f"The query could resolve up to {demand.cost:,} fields (page sizes multiply through nested "
            f"connections); at most {settings.max_query_cost:,} are allowed. Ask for smaller pages with `first` "
            "or nest fewer connections.",
        )


def limit_errors(
    settings: Settings, schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any]
) -> list[GraphQLError]:
    """An error for each limit a document goes beyond with these variables: depth, aliases, cost, text length.

    The limits walk the document themselves (`measure`, `too_long`); run as a validation rule they cost a second
    walk with type information by graphql-core, which was a twelfth of the server's time under the mixed load
    (its requests carry variables, so their verdict is not kept)."""
    demand = measure(schema, document, variables, settings.default_page_size)
    errors = [GraphQLError(message, extensions={"code": code}) for code, message in refusals(demand, settings)]
    found = too_long(document, variables, settings.max_string_chars)
    if found is not None:
        where, length = found
        message = (
            f"The text at {where} is {length:,} characters long; at most {settings.max_string_chars:,} "
            "are accepted there (documents and files go in their own fields)."
        )
        errors.append(GraphQLError(message, extensions={"code": "STRING_TOO_LONG"}))
    return errors


# The limits' verdict on recent documents sent without variables, by the parsed document and the settings.
_verdicts: ByIdentity[list[GraphQLError]] = ByIdentity(256)


@functools.lru_cache(maxsize=256)
def _parsed(query: str, max_tokens: int) -> DocumentNode:
    return parse(query, max_tokens=max_tokens)


# graphql-core's standard validation of recent documents, by the identity of the schema, the parsed document
# (the same object for the same text: `_parsed`) and the rules.
_validated: ByIdentity[list[GraphQLError]] = ByIdentity(256)


class ValidateOnce(SchemaExtension):
    """Validates each parsed document once, as strawberry's ValidationCache does, keyed by the document's identity
    rather than its hash: graphql-core hashes a document by walking every node of it, a fortieth of a request for
    one contract's structure."""

    def on_validate(self) -> Iterator[None]:
        ec = self.execution_context
        schema, document, rules = ec.schema._schema, ec.graphql_document, tuple(ec.validation_rules)
        if document is not None:
            ec.pre_execution_errors = _validated.get_or_make(
                (schema, document, *rules), lambda: validate_document(schema, document, rules)
            )
        yield


class QueryLimits(SchemaExtension):
    """Applies the token limit to parsing, and the depth, alias, cost and introspection rules to validation."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def on_operation(self) -> Iterator[None]:
        ec = self.execution_context
        ec.parse_options["max_tokens"] = self.settings.max_tokens
        if not self.settings.dev:
            ec.validation_rules = (*ec.validation_rules, NoSchemaIntrospectionCustomRule)
        yield

    def on_parse(self) -> Iterator[None]:
        # Clients send the same few documents again and again: each text is parsed once (a bounded cache). A
        # text that does not parse is left to strawberry, which reports the syntax error with its code.
        ec = self.execution_context
        if ec.query is not None and ec.graphql_document is None:
            with contextlib.suppress(GraphQLError):
                ec.graphql_document = _parsed(ec.query, self.settings.max_tokens)
        yield

    def on_validate(self) -> Iterator[None]:
        # The standard rules depend on the document alone, so their verdict is cached (ValidationCache, which
        # runs before this extension); the limits depend on the variables too (`first: $n`), so they are
        # checked on every request, here, before strawberry looks at the errors.
        # Without variables the verdict depends on the document alone, so it is kept with the parsed document.
        ec = self.execution_context
        document = ec.graphql_document
        if document is not None:
            variables = ec.variables or {}

            def judge() -> list[GraphQLError]:
                return limit_errors(self.settings, ec.schema._schema, document, variables)

            errors = judge() if variables else _verdicts.get_or_make((document, self.settings), judge)
            if errors:
                ec.pre_execution_errors = [*(ec.pre_execution_errors or ()), *errors]
        yield
