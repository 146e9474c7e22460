"""From document text (YAML or JSON) to plain data, noting keys a mapping repeats."""

from __future__ import annotations

import json
from typing import Any

import yaml

from domain.errors import DocumentInvalid, PathPart, Problem

# Limits on the expanded data: YAML aliases can make a short text expand without bound ("billion laughs")
# or refer to themselves.
MAX_NODES = 200_000
MAX_DEPTH = 64


class RecordedMapping(dict[Any, Any]):
    """A mapping that remembers the keys its text gave more than once (the last value is kept)."""

    repeated: list[tuple[Any, int | None]]

    def __init__(self) -> None:
        super().__init__()
        self.repeated = []


# libyaml's parser when PyYAML was built with it (the wheels are): the same safe constructors, ten times faster.
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeBase):  # type: ignore[misc,valid-type]
    """Safe YAML loading whose mappings note repeated keys."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Any:
    mapping = RecordedMapping()
    yield mapping
    seen: set[str] = set()
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag == "tag:yaml.org,2002:str":
            if key_node.value in seen:
                mapping.repeated.append((key_node.value, key_node.start_mark.line + 1))
            seen.add(key_node.value)
    mapping.update(loader.construct_mapping(node))


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    # A date that does not exist (2026-02-30) stays text, so the field's own check names it and its path.
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _json_mapping(pairs: list[tuple[str, Any]]) -> RecordedMapping:
    mapping = RecordedMapping()
    for key, value in pairs:
        if key in mapping:
            mapping.repeated.append((key, None))
        mapping[key] = value
    return mapping


def _invalid(message: str) -> DocumentInvalid:
    return DocumentInvalid([Problem("INVALID_YAML", message, ())])


def _yaml_message(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = " ".join(str(getattr(error, "problem", None) or error).split())
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    return f"The document is not valid YAML or JSON: {problem}{where}."


def load_text(text: str) -> Any:
    """Plain data from YAML or JSON text; DocumentInvalid(INVALID_YAML) if it cannot be read."""
    if not isinstance(text, str):
        raise _invalid("The document must be text (YAML or JSON).")
    try:
        return _load(text)
    except RecursionError:
        raise _invalid("The document nests too deeply to be read.") from None


def _load(text: str) -> Any:
    json_error: json.JSONDecodeError | None = None
    if text.lstrip().startswith(("{", "[")):
        try:
            return json.loads(text, object_pairs_hook=_json_mapping)
        except json.JSONDecodeError as error:
            json_error = error  # it may still be YAML flow style; report this if YAML fails too
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.YAMLError as error:
        if json_error is not None:
            raise _invalid(
                f"The document is not valid JSON: {json_error.msg} at line {json_error.lineno}, "
                f"column {json_error.colno}."
            ) from None
        raise _invalid(_yaml_message(error)) from None


def repeated_keys(data: Any) -> list[Problem]:
    """A DUPLICATE_KEY problem for every key a mapping of `data` repeats; INVALID_YAML if it expands too far."""
    problems: list[Problem] = []
    stack: list[tuple[Any, tuple[PathPart, ...]]] = [(data, ())]
    visited = 0
    while stack:
        node, path = stack.pop()
        visited += 1
        if visited > MAX_NODES or len(path) > MAX_DEPTH:
            raise _invalid("The document is too large or nests too deeply once its aliases are expanded.")
        if isinstance(node, dict):
            for key, line in getattr(node, "repeated", ()):
                where = f" (again at line {line})" if line is not None else ""
                problems.append(
                    Problem(
                        "DUPLICATE_KEY",
                        f"The field '{key}' is given twice in the same place{where}; only one value can apply.",
                        (*path, str(key)),
                    )
                )
            stack.extend((value, (*path, str(key))) for key, value in reversed(list(node.items())))
        elif isinstance(node, list):
            stack.extend((value, (*path, index)) for index, value in reversed(list(enumerate(node))))
    return problems


def check_size(text: str, limit: int) -> None:
    """DOCUMENT_TOO_LARGE when `text` is over `limit` bytes in UTF-8."""
    size = len(text.encode("utf-8"))
    if size > limit:
        raise DocumentInvalid(
            [Problem("DOCUMENT_TOO_LARGE", f"The document is {size} bytes; the limit is {limit} bytes.", ())]
        )
