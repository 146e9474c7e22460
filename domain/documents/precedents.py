"""The precedents document (Clausegraph's own seed format): court decisions, their topics and citations.

format: clausegraph/precedents@1
precedents:
  - key: hadley-v-baxendale            # global key
    case_name: Hadley v Baxendale
    citation: (1854) 9 Exch 341
    court: Court of Exchequer
    decided: 1854-02-23                # optional; its year must equal `year`
    year: 1854
    jurisdiction: GB                   # ISO 3166-1 alpha-2, optionally -subdivision
    holding: Damages are recoverable only for losses ...
    topics: [REMOTENESS, CONSEQUENTIAL_LOSS]   # sla-rules.md section 8; at least one
    url: https://...                   # optional, http(s)
citations:                             # optional; keys in this document or already stored
  - {from: later-case, to: hadley-v-baxendale, note: applied}
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from domain.documents.base import DocumentModel
from domain.documents.problems import Problems
from domain.documents.references import catalogue, entries, key_or_none, text_or_none, unique_names
from domain.documents.values import (
    Day,
    Jurisdiction,
    Key,
    Text,
    TopicValue,
    Url,
    Year,
    lenient,
    read_date,
    read_year,
    shown,
)

PRECEDENTS_FORMAT = "clausegraph/precedents@1"


class Precedent(DocumentModel):
    key: Key
    case_name: Text
    citation: Text
    court: Text
    decided: Day | None = None
    year: Year
    jurisdiction: Jurisdiction
    holding: Text
    topics: tuple[TopicValue, ...] = Field(min_length=1)
    url: Url | None = None


class Citation(DocumentModel):
    """`from` cites `to`; either may be a precedent stored earlier."""

    from_: Key = Field(alias="from")
    to: Key
    note: Text | None = None


class PrecedentsDocument(DocumentModel):
    format: Literal["clausegraph/precedents@1"]
    precedents: tuple[Precedent, ...]
    citations: tuple[Citation, ...] = ()


def check_precedents(raw: dict[str, Any], problems: Problems) -> None:
    """Add the cross-field problems of a precedents document."""
    catalogue(raw, "precedents", "key", "precedent", problems, scope="this document")
    for index, entry in entries(raw, "precedents"):
        topics = entry.get("topics")
        if isinstance(topics, list):
            unique_names(topics, ("precedents", index, "topics"), "topic", problems, text_or_none)
        decided, year = lenient(read_date, entry.get("decided")), lenient(read_year, entry.get("year"))
        if decided is not None and year is not None and decided.year != year:
            problems.add(
                "INVALID_VALUE",
                f"Precedent {shown(entry.get('key'))} was decided on {decided}, which is not in {year}.",
                ("precedents", index, "year"),
            )
    pairs: set[tuple[str, str]] = set()
    for index, entry in entries(raw, "citations"):
        source, target = key_or_none(entry.get("from")), key_or_none(entry.get("to"))
        if source is None or target is None:
            continue
        if source == target:
            problems.add("INVALID_VALUE", f"Precedent '{source}' cannot cite itself.", ("citations", index, "to"))
        elif (source, target) in pairs:
            problems.add(
                "DUPLICATE_KEY", f"The citation from '{source}' to '{target}' is listed twice.", ("citations", index)
            )
        pairs.add((source, target))
