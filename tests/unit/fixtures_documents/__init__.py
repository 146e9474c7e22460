"""Documents for the document tests: the formats.md examples, and helpers to break them one field at a time."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from domain.errors import DocumentInvalid, PathPart, Problem

HERE = Path(__file__).resolve().parent
CONTRACT_YAML = (HERE / "nimbus-acme-msa.yaml").read_text(encoding="utf-8")
INCIDENTS_YAML = (HERE / "nimbus-acme-incidents.yaml").read_text(encoding="utf-8")
PRECEDENTS_YAML = (HERE / "precedents-sample.yaml").read_text(encoding="utf-8")

_DELETE = object()
DELETE: Any = _DELETE  # as a value in `edited`: remove the field


def data_of(text: str) -> Any:
    """Plain data of a YAML fixture, to edit."""
    return copy.deepcopy(yaml.safe_load(text))


def edited(data: Any, *changes: tuple[tuple[PathPart, ...], Any]) -> Any:
    """A deep copy of `data` with the value at each path replaced, added (one past a list's end) or removed."""
    result = copy.deepcopy(data)
    for path, value in changes:
        node = result
        for part in path[:-1]:
            node = node[part]
        if value is _DELETE:
            del node[path[-1]]
        elif isinstance(node, list) and path[-1] == len(node):
            node.append(value)
        else:
            node[path[-1]] = value
    return result


def as_yaml(data: Any) -> str:
    """YAML text of plain data."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def as_json(data: Any) -> str:
    """JSON text of plain data (dates as YYYY-MM-DD)."""
    return json.dumps(data, default=str, indent=2)


def problems_of(parse: Callable[[str], object], text: str) -> list[Problem]:
    """The problems `parse` reports for `text` (it must report some)."""
    with pytest.raises(DocumentInvalid) as caught:
        parse(text)
    return list(caught.value.problems)


def codes_and_paths(parse: Callable[[str], object], text: str) -> set[tuple[str, tuple[PathPart, ...]]]:
    """(code, path) of each problem `parse` reports for `text`."""
    return {(problem.code, problem.path) for problem in problems_of(parse, text)}
