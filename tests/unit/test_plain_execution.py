"""The plain walk (schema/execution.py) answers exactly as graphql-core would, errors included."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from enum import Enum
from typing import Any, cast

import pytest
import strawberry
from graphql import parse
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from schema.execution import READY, NotPlain, PlainExecutionContext

READY_CALLS: list[str] = []


def _ready_tally(branch: Any, context: Any, operation: Any) -> int:
    READY_CALLS.append(branch.label)
    if branch.label == "two":
        raise NotPlain  # not at hand: the field's resolver answers instead
    return len(branch.label)


@strawberry.enum
class Colour(Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.type
class Leaf:
    name: str
    colour: Colour
    tags: list[str]
    maybe: int | None


@strawberry.type
class Odd:
    """Values of other Python types than their scalar's, which the scalars' serializers convert (or refuse)."""

    n: int
    s: str
    b: bool
    i: strawberry.ID


@strawberry.type
class Branch:
    label: str
    leaves: list[Leaf]
    first: Leaf | None

    @strawberry.field
    def shout(self) -> str:
        return self.label.upper()

    @strawberry.field(metadata={READY: _ready_tally})
    def tally(self, times: int = 1) -> int:
        return len(self.label) * times


def _leaf(name: Any, tags: Any = ("a", "b")) -> Leaf:
    return Leaf(name=name, colour=Colour.BLUE, tags=list(tags) if tags is not None else tags, maybe=None)


@strawberry.type
class Query:
    @strawberry.field
    def branches(self) -> list[Branch]:
        return [
            Branch(label="one", leaves=[_leaf("x"), _leaf("y")], first=_leaf("x")),
            Branch(label="two", leaves=[], first=None),
        ]

    @strawberry.field
    def broken(self) -> list[Branch]:
        # a null where the schema promises a string, and a null inside a list of non-null strings
        return [
            Branch(label="ok", leaves=[_leaf(None)], first=None),
            Branch(label="ok", leaves=[_leaf("z", tags=["a", None])], first=None),
        ]

    @strawberry.field
    def odd(self) -> list[Odd]:
        exact = Odd(n=2**31 - 1, s="s", b=False, i=strawberry.ID("7"))
        converted = Odd(n=True, s=5, b=1, i=7)  # type: ignore[arg-type]
        return [exact, converted, Odd(n=-(2**31), s="", b=True, i=strawberry.ID(""))]

    @strawberry.field
    def too_big(self) -> list[Odd]:
        return [Odd(n=2**31, s="s", b=True, i=strawberry.ID("1"))]

    @strawberry.field
    async def later(self) -> list[Branch]:
        await asyncio.sleep(0)
        return self.branches()


def run(query: str, context: type, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    schema = strawberry.Schema(query=Query, execution_context_class=context)
    result = schema.execute_sync(query, variable_values=variables) if "later" not in query else None
    if result is None:
        result = asyncio.run(schema.execute(query, variable_values=variables))
    errors = [(e.message, e.path) for e in result.errors or []]
    return {"data": result.data, "errors": errors}


QUERIES = [
    "{ branches { label __typename leaves { name colour tags maybe __typename } first { name } } }",
    "{ branches { a: label b: label leaves { n: name ...L } } } fragment L on Leaf { colour tags }",
    "{ branches { ... on Branch { label first { ... on Leaf { name } } } } }",
    "query($x: Boolean!) { branches { label @include(if: $x) leaves { name @skip(if: $x) colour } } }",
    "{ branches { label shout leaves { name } } }",  # a resolver field: that object goes the usual way
    "{ broken { label leaves { name } } }",
    "{ broken { leaves { tags } } }",
    "{ later { label leaves { name tags } } }",
    "{ odd { n s b i } }",  # each scalar's serializer converts what is not exactly its type
    "{ tooBig { n s } }",  # an Int beyond 32 bits is graphql-core's error
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_plain_walk_answers_as_graphql_core(query: str) -> None:
    variables = {"x": True} if "$x" in query else None
    expected = run(query, StrawberryGraphQLCoreExecutionContext, variables)
    assert run(query, PlainExecutionContext, variables) == expected
    if variables:
        assert run(query, PlainExecutionContext, {"x": False}) == run(
            query, StrawberryGraphQLCoreExecutionContext, {"x": False}
        )


def test_errors_keep_graphql_cores_message_and_path() -> None:
    found = run("{ broken { label leaves { name } } }", PlainExecutionContext)
    assert found["data"] is None  # `broken` is a non-null list: the null propagates up to `data`
    assert found["errors"] == [
        ("Cannot return null for non-nullable field Leaf.name.", ["broken", 0, "leaves", 0, "name"])
    ]


def test_plain_objects_skip_graphql_cores_field_completion(monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of the walk: with it, graphql-core executes the sub-fields of far fewer objects."""
    calls: list[str] = []
    original = StrawberryGraphQLCoreExecutionContext.collect_and_execute_subfields

    def counting(self: Any, return_type: Any, *args: Any) -> Any:
        calls.append(return_type.name)
        return original(self, return_type, *args)

    monkeypatch.setattr(StrawberryGraphQLCoreExecutionContext, "collect_and_execute_subfields", counting)
    query = "{ branches { label leaves { name colour tags } first { name } } }"
    run(query, StrawberryGraphQLCoreExecutionContext)
    usual = len(calls)
    calls.clear()
    run(query, PlainExecutionContext)
    assert usual == 5  # two branches, two leaves and one first leaf
    assert cast(list[str], calls) == []


def test_a_ready_field_is_read_by_the_walk_without_arguments_and_resolved_with_them() -> None:
    READY_CALLS.clear()
    query = "{ branches { label tally } }"
    assert run(query, PlainExecutionContext) == run(query, StrawberryGraphQLCoreExecutionContext)
    # the walk of the whole list asked READY for both branches and "two" raised NotPlain; graphql-core then
    # completed the list item by item, walking "one" again and resolving "two" through its resolver
    assert READY_CALLS == ["one", "two", "one", "two"]
    READY_CALLS.clear()
    query = "{ branches { label tally(times: 3) } }"
    found = run(query, PlainExecutionContext)
    assert found == run(query, StrawberryGraphQLCoreExecutionContext)
    assert found["data"]["branches"][0]["tally"] == 9
    assert READY_CALLS == []


@strawberry.type
class Echo:
    name: str

    @strawberry.field(metadata={READY: lambda echo, context, _operation: f"{echo.name} in {context}"})
    def seen(self, info: strawberry.Info) -> str:
        return f"{self.name} in {info.context}"


@strawberry.type
class EchoQuery:
    @strawberry.field
    def echoes(self) -> list[Echo]:
        return [Echo(name="a"), Echo(name="b")]


_DOCUMENTS: dict[str, Any] = {}


class _SameDocument(SchemaExtension):
    """Each text parsed once, as the service's parse cache does (clausegraph/query_limits.py)."""

    def on_parse(self) -> Iterator[None]:
        ec = self.execution_context
        if ec.query is not None:
            ec.graphql_document = _DOCUMENTS.setdefault(ec.query, parse(ec.query))
        yield


def _kept_plans(execution: Any) -> int:
    return len(execution._OBJECT_PLANS) + len(execution._LIST_PLANS)


def test_a_plan_serves_later_requests_of_the_same_document_each_with_its_own_context() -> None:
    from schema import execution

    schema = strawberry.Schema(
        query=EchoQuery, execution_context_class=PlainExecutionContext, extensions=[_SameDocument]
    )

    def run_with(context: str, query: str, variables: dict[str, Any] | None = None) -> Any:
        result = schema.execute_sync(query, context_value=context, variable_values=variables)
        assert not result.errors, result.errors
        return result.data

    query = "{ echoes { name seen } }"
    assert run_with("one", query) == {"echoes": [{"name": "a", "seen": "a in one"}, {"name": "b", "seen": "b in one"}]}
    shared = _kept_plans(execution)
    assert shared > 0
    assert run_with("two", query) == {"echoes": [{"name": "a", "seen": "a in two"}, {"name": "b", "seen": "b in two"}]}
    assert _kept_plans(execution) == shared  # the second request used the first one's plans
    # with variables, plans are the request's own (an @include may depend on them)
    with_variables = "query($x: Boolean!) { echoes { name @include(if: $x) seen } }"
    for x in (True, False, True):
        expected = [{"name": n, "seen": f"{n} in v"} if x else {"seen": f"{n} in v"} for n in ("a", "b")]
        assert run_with("v", with_variables, {"x": x}) == {"echoes": expected}
    assert _kept_plans(execution) == shared
