"""The longest text a request may carry outside its bulk fields (documents and files)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    ArgumentNode,
    ListValueNode,
    ObjectFieldNode,
    ObjectValueNode,
    StringValueNode,
    ValueNode,
    VariableNode,
)
from graphql.language import DocumentNode, Visitor, visit

# Arguments and input fields that carry whole documents or files, bounded by their own limits
# (CLAUSEGRAPH_MAX_DOCUMENT_BYTES, CLAUSEGRAPH_MAX_EVIDENCE_BYTES) and by the request body size.
# Evidence `text` is a document too (CLAUSEGRAPH_MAX_EVIDENCE_BYTES); `search(text:)` is capped by its words.
BULK_FIELDS = frozenset({"document", "fileBase64", "text"})


def _variable_strings(value: Any, path: str) -> Iterator[tuple[str, int]]:
    if isinstance(value, str):
        yield path, len(value)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if key not in BULK_FIELDS:
                yield from _variable_strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _variable_strings(item, f"{path}[{index}]")


def _literal_strings(value: ValueNode, path: str) -> Iterator[tuple[str, int]]:
    if isinstance(value, StringValueNode):
        yield path, len(value.value)
    elif isinstance(value, ObjectValueNode):
        for field in value.fields:
            if field.name.value not in BULK_FIELDS:
                yield from _literal_strings(field.value, f"{path}.{field.name.value}")
    elif isinstance(value, ListValueNode):
        for index, item in enumerate(value.values):
            yield from _literal_strings(item, f"{path}[{index}]")


class _Arguments(Visitor):
    """Collects the literal texts of arguments, and the variables that fill bulk fields."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, int]] = []
        self.bulk_variables: set[str] = set()

    def enter_argument(self, node: ArgumentNode, *_: object) -> None:
        if node.name.value not in BULK_FIELDS:
            self.found.extend(_literal_strings(node.value, node.name.value))
        elif isinstance(node.value, VariableNode):
            self.bulk_variables.add(node.value.name.value)

    def enter_object_field(self, node: ObjectFieldNode, *_: object) -> None:
        if node.name.value in BULK_FIELDS and isinstance(node.value, VariableNode):
            self.bulk_variables.add(node.value.name.value)


def too_long(document: DocumentNode, variables: Mapping[str, Any], most: int) -> tuple[str, int] | None:
    """(where, length) of the first text longer than `most` characters, outside the bulk fields."""
    arguments = _Arguments()
    visit(document, arguments)
    for name, value in variables.items():
        if name in arguments.bulk_variables:
            continue
        for where, length in _variable_strings(value, f"${name}"):
            if length > most:
                return where, length
    return next(((w, n) for w, n in arguments.found if n > most), None)
