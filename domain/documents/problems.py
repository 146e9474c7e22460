"""Collecting problems, and putting pydantic's validation errors in a contract manager's words."""

from __future__ import annotations

import difflib
import types
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from domain.documents.values import shown
from domain.errors import PathPart, Problem

# Codes this package reports; a validator's own error type is passed through when it is one of these.
CODES = frozenset(
    {
        "INVALID_YAML",
        "NOT_A_MAPPING",
        "UNSUPPORTED_FORMAT",
        "REQUIRED",
        "UNKNOWN_FIELD",
        "INVALID_KEY",
        "INVALID_DURATION",
        "NAIVE_DATETIME",
        "INVALID_DATETIME",
        "INVALID_DATE",
        "INVALID_MONEY",
        "INVALID_PERCENT",
        "INVALID_ENUM",
        "INVALID_VALUE",
        "UNKNOWN_REFERENCE",
        "DUPLICATE_KEY",
        "INVALID_LEVEL",
        "OVERLAPPING_HOURS",
        "INVALID_TIMEZONE",
        "INVALID_JURISDICTION",
        "INVALID_HOLIDAYS",
        "INVALID_RANGE",
        "MISSING_FIELD",
        "OUT_OF_ORDER",
        "FIRST_EVENT_NOT_REPORTED",
    }
)

# What one entry of each list is called, and the field that names it (entries without one are numbered).
_ENTRY_NAMES: dict[str, tuple[str, str | None]] = {
    "parties": ("party", "key"),
    "people": ("person", "key"),
    "calendars": ("calendar", "key"),
    "clauses": ("clause", "number"),
    "support_channels": ("support channel", None),
    "severities": ("severity", "code"),
    "roles": ("role", "key"),
    "levels": ("escalation level", "level"),
    "triggers": ("escalation trigger", None),
    "rules": ("credit rule", None),
    "tiers": ("uptime tier", None),
    "incidents": ("incident", "key"),
    "events": ("event", None),
    "outages": ("outage", None),
    "precedents": ("precedent", "key"),
    "citations": ("citation", None),
}


class Problems:
    """The problems found so far in one document, in the order found, without repeats."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def add(self, code: str, message: str, path: Sequence[PathPart] = ()) -> None:
        """Record one problem."""
        problem = Problem(code, message, tuple(path))
        if problem not in self._items:
            self._items.append(problem)

    def extend(self, problems: Sequence[Problem]) -> None:
        """Record several problems."""
        for problem in problems:
            self.add(problem.code, problem.message, problem.path)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


def child(node: Any, part: PathPart) -> Any:
    """The value at one step of a path into plain data, or None."""
    if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
        return node[part]
    if isinstance(part, str) and isinstance(node, dict):
        return node.get(part)
    return None


def describe(raw: Any, path: Sequence[PathPart]) -> str:
    """What `path` points at, as a reader names it: "severity 'SEV2'", "event #3 of incident 'INC-1'"."""
    phrases: list[str] = []
    node = raw
    last_entry = -1  # position in `path` of the innermost named list entry
    for position, part in enumerate(path):
        node = child(node, part)
        parent = path[position - 1] if position > 0 else None
        if isinstance(part, int) and isinstance(parent, str) and parent in _ENTRY_NAMES and isinstance(node, dict):
            singular, naming_field = _ENTRY_NAMES[parent]
            name = node.get(naming_field) if naming_field else None
            if isinstance(name, str):
                phrases.append(f"{singular} '{name}'")
            elif isinstance(name, int) and not isinstance(name, bool):
                phrases.append(f"{singular} {name}")
            else:
                phrases.append(f"{singular} #{part + 1}")
            last_entry = position
    if phrases:
        inner = [str(part) for part in path[last_entry + 1 :]]
        entry = " of ".join(reversed(phrases))
        return f"the '{'.'.join(inner)}' of {entry}" if inner else entry
    sections = [part for part in path if isinstance(part, str)]
    return f"the '{'.'.join(sections)}' section" if sections else "the document"


def document_order(raw: Any, path: Sequence[PathPart]) -> tuple[int, ...]:
    """A sort key that puts problems in reading order (a missing field sorts after its siblings)."""
    key: list[int] = []
    node = raw
    for part in path:
        if isinstance(part, int):
            key.append(part)
        elif isinstance(node, dict):
            names = list(node)
            key.append(names.index(part) if part in names else len(names))
        else:
            key.append(0)
        node = child(node, part)
    return tuple(key)


def capitalised(text: str) -> str:
    """`text` with its first letter in upper case."""
    return text[:1].upper() + text[1:]


def from_validation_error(error: ValidationError, model: type[BaseModel], raw: Any) -> list[Problem]:
    """One Problem per pydantic error, with a stable code and a message for people, not programmers."""
    problems: list[Problem] = []
    for item in error.errors(include_url=False):
        path: tuple[PathPart, ...] = tuple(item["loc"])
        kind, value = item["type"], item.get("input")
        where = capitalised(describe(raw, path[:-1]))
        name = path[-1] if path else ""
        if kind in CODES:
            problems.append(Problem(kind, capitalised(item["msg"]), path))
        elif kind == "missing":
            problems.append(Problem("REQUIRED", f"{where} is missing '{name}', which is required.", path))
        elif kind == "extra_forbidden":
            problems.append(Problem("UNKNOWN_FIELD", _unknown_field(model, path, where), path))
        elif kind == "invalid_key":
            written = "null" if value is None else value.isoformat() if isinstance(value, date) else str(value)
            message = f"{where} has a field named {written}; field names are text, such as 'key' or 'name'."
            problems.append(Problem("UNKNOWN_FIELD", message, (*path[:-1], written)))
        elif kind == "too_short":
            if isinstance(value, list | tuple) and value:
                continue  # pydantic counts only the entries that validated; those that did not are reported
            problems.append(Problem("REQUIRED", f"{where} needs at least one entry in '{name}'.", path))
        elif kind in ("model_type", "model_attributes_type", "dict_type"):
            message = f"Expected a mapping of fields (name: value) here, found {shown(value)}."
            problems.append(Problem("INVALID_VALUE", message, path))
        elif kind in ("tuple_type", "list_type"):
            problems.append(Problem("INVALID_VALUE", f"Expected a list here, found {shown(value)}.", path))
        elif kind == "literal_error":
            problems.append(Problem("INVALID_ENUM", f"{shown(value)} is not allowed here: {item['msg']}.", path))
        else:
            problems.append(Problem("INVALID_VALUE", f"{shown(value)} is not valid here: {item['msg']}.", path))
    return problems


def _unknown_field(model: type[BaseModel], path: tuple[PathPart, ...], where: str) -> str:
    known = _field_names(model, path[:-1])
    name = str(path[-1]) if path else ""
    message = f"{where} has a field '{name}' that this format does not have"
    if not known:
        return message + "."
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f"{message}; did you mean '{close[0]}'?"
    return f"{message} (its fields are: {', '.join(known)})."


def _field_names(model: type[BaseModel], path: Sequence[PathPart]) -> list[str]:
    """The field names (as written in documents) of the model found at `path`, if any."""
    current: Any = model
    for part in path:
        current = _unwrap(current)
        if isinstance(part, int):
            args = get_args(current) if get_origin(current) in (tuple, list) else ()
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            fields = {info.alias or name: info for name, info in current.model_fields.items()}
            current = fields[part].annotation if part in fields else None
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [info.alias or name for name, info in current.model_fields.items()]
    return []


def _unwrap(annotation: Any) -> Any:
    """`annotation` without Annotated metadata and without `| None`."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            options = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation
