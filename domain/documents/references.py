"""Checks beside the models: what is defined in a document, and whether references to it resolve.

They read the plain data rather than the models, so that they still run where some fields failed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from domain.documents.problems import Problems, capitalised
from domain.documents.values import lenient, read_clause_number, read_key
from domain.errors import PathPart


def entries(raw: Any, *path: PathPart) -> Iterator[tuple[int, dict[str, Any]]]:
    """(index, mapping) for each entry of the list at `path` that is a mapping."""
    node = raw
    for part in path:
        node = node.get(part) if isinstance(node, dict) and isinstance(part, str) else None
    if isinstance(node, list):
        for index, entry in enumerate(node):
            if isinstance(entry, dict):
                yield index, entry


def section(raw: Any, name: str) -> dict[str, Any] | None:
    """The mapping at `name`, if there is one."""
    value = raw.get(name) if isinstance(raw, dict) else None
    return value if isinstance(value, dict) else None


def key_or_none(value: object) -> str | None:
    """`value` if it is a valid key (an invalid one is reported by the models)."""
    return lenient(read_key, value)


def text_or_none(value: object) -> str | None:
    """`value` if it is text."""
    return value if isinstance(value, str) else None


def clause_number_or_none(value: object) -> str | None:
    """`value` if it is a valid clause number."""
    return lenient(read_clause_number, value)


@dataclass
class Catalogue:
    """The names a document defines for one kind of thing (calendars, severities, ...), in document order."""

    singular: str
    plural: str
    scope: str
    names: list[str] = field(default_factory=list)
    complete: bool = True  # False when an entry's name is missing or malformed: then nothing can be said unknown

    def resolve(self, value: object, path: tuple[PathPart, ...], problems: Problems) -> None:
        """Report UNKNOWN_REFERENCE if `value` names nothing defined here."""
        if self.complete and isinstance(value, str) and value not in self.names:
            known = f"{self.plural}: {', '.join(self.names)}" if self.names else f"no {self.plural} are defined"
            message = f"{capitalised(self.singular)} '{value}' is not defined in {self.scope} ({known})."
            problems.add("UNKNOWN_REFERENCE", message, path)

    def resolve_all(self, raw: Any, path: tuple[PathPart, ...], problems: Problems) -> None:
        """Resolve each name in the list at `path`, reporting names the list repeats."""
        values = raw.get(path[-1]) if isinstance(raw, dict) and isinstance(path[-1], str) else None
        if isinstance(values, list):
            unique_names(values, path, self.singular, problems, key_or_none)
            for index, value in enumerate(values):
                self.resolve(key_or_none(value), (*path, index), problems)


def catalogue(
    raw: Any,
    list_name: str,
    name_field: str,
    singular: str,
    problems: Problems,
    *,
    read: Callable[[object], str | None] = key_or_none,
    scope: str = "this contract",
) -> Catalogue | None:
    """The names defined by the list `list_name`, reporting repeats; None if the list is absent or empty."""
    listed = raw.get(list_name)
    if not isinstance(listed, list) or not listed:
        return None
    found = Catalogue(singular, list_name.replace("_", " "), scope)
    first_index: dict[str, int] = {}
    for index, entry in enumerate(listed):
        name = read(entry.get(name_field)) if isinstance(entry, dict) else None
        if name is None:
            found.complete = False
            continue
        if name in first_index:
            problems.add(
                "DUPLICATE_KEY",
                f"{capitalised(singular)} '{name}' is defined twice (entries {first_index[name] + 1} and "
                f"{index + 1}); each must be unique in {scope}.",
                (list_name, index, name_field),
            )
        else:
            first_index[name] = index
            found.names.append(name)
    return found


def unique_names(
    values: list[Any],
    path: tuple[PathPart, ...],
    what: str,
    problems: Problems,
    read: Callable[[object], str | None],
) -> None:
    """Report DUPLICATE_KEY for each value a list repeats."""
    seen: set[str] = set()
    for index, value in enumerate(values):
        name = read(value)
        if name is not None and name in seen:
            problems.add("DUPLICATE_KEY", f"{capitalised(what)} '{name}' is listed twice.", (*path, index))
        if name is not None:
            seen.add(name)
