"""An enum value the schema does not know is refused by GraphQL itself; this names the values it does know."""

from __future__ import annotations

import re
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

# graphql-core's wordings for a literal and for a variable that is not a value of the enum.
_UNKNOWN_VALUE = re.compile(r"Enum '(\w+)' cannot represent|does not exist in '(\w+)' enum")


class ListEnumValues(SchemaExtension):
    """Appends "Valid values: A, B." to every error about an unknown enum value, in validation or variables."""

    def on_validate(self) -> Iterator[None]:
        yield
        self._explain(self.execution_context.pre_execution_errors)

    def on_execute(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            self._explain(result.errors)

    def _explain(self, errors: list[GraphQLError] | None) -> None:
        for position, error in enumerate(errors or ()):
            match = _UNKNOWN_VALUE.search(error.message)
            if match is None or "Valid values:" in error.message:
                continue
            values = self._values(match.group(1) or match.group(2))
            if values:
                # A fresh error without the coercion failure behind it: the caller's mistake, not an internal one.
                message = f"{error.message} Valid values: {', '.join(values)}."
                errors[position] = GraphQLError(message, nodes=error.nodes, path=error.path)  # type: ignore[index]

    def _values(self, enum_name: str) -> list[str]:
        definition = self.execution_context.schema.get_type_by_name(enum_name)
        return [value.name for value in getattr(definition, "values", None) or ()]
