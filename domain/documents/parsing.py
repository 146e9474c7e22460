"""From document text to a validated model, or DocumentInvalid listing every problem found."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from domain.documents.contract import CONTRACT_FORMAT, ContractDocument
from domain.documents.contract_checks import check_contract
from domain.documents.incidents import INCIDENTS_FORMAT, IncidentsDocument, check_incidents
from domain.documents.loading import load_text, repeated_keys
from domain.documents.precedents import PRECEDENTS_FORMAT, PrecedentsDocument, check_precedents
from domain.documents.problems import Problems, document_order, from_validation_error
from domain.documents.values import shown
from domain.errors import DocumentInvalid

M = TypeVar("M", bound=BaseModel)

_NAMES = {
    CONTRACT_FORMAT: "a contract document",
    INCIDENTS_FORMAT: "an incidents document",
    PRECEDENTS_FORMAT: "a precedents document",
}


def parse_contract_document(text: str) -> ContractDocument:
    """A contract document from YAML or JSON text; DocumentInvalid lists every problem found."""
    return _parse(text, CONTRACT_FORMAT, ContractDocument, check_contract)


def parse_incidents_document(text: str) -> IncidentsDocument:
    """An incidents document from YAML or JSON text; DocumentInvalid lists every problem found."""
    return _parse(text, INCIDENTS_FORMAT, IncidentsDocument, check_incidents)


def parse_precedents_document(text: str) -> PrecedentsDocument:
    """A precedents document from YAML or JSON text; DocumentInvalid lists every problem found."""
    return _parse(text, PRECEDENTS_FORMAT, PrecedentsDocument, check_precedents)


def _parse(
    text: str,
    expected: str,
    model: type[M],
    check: Callable[[dict[str, Any], Problems], None],
) -> M:
    raw = load_text(text)
    if not isinstance(raw, dict):
        found = "empty" if raw is None else f"{shown(raw)}, not a mapping of fields"
        raise DocumentInvalid.single(
            "NOT_A_MAPPING",
            f"The document is {found}; {_NAMES[expected]} is a mapping that starts with 'format: {expected}'.",
        )
    problems = Problems()
    problems.extend(repeated_keys(raw))
    if "format" not in raw:
        message = f"The document has no 'format'; {_NAMES[expected]} starts with 'format: {expected}'."
        problems.add("REQUIRED", message, ("format",))
    elif raw["format"] != expected:
        # A different format has a different shape: checking it field by field would only add noise.
        known = _NAMES.get(raw["format"]) if isinstance(raw["format"], str) else None
        hint = f" This is {known}; import it as one." if known else ""
        problems.add(
            "UNSUPPORTED_FORMAT",
            f"The 'format' here must be '{expected}', not {shown(raw['format'])}.{hint}",
            ("format",),
        )
        raise DocumentInvalid(list(problems))
    document: M | None = None
    try:
        document = model.model_validate(raw)
    except ValidationError as error:
        problems.extend([p for p in from_validation_error(error, model, raw) if p.path != ("format",)])
    check(raw, problems)
    if len(problems) or document is None:
        raise DocumentInvalid(sorted(problems, key=lambda problem: document_order(raw, problem.path)))
    return document
