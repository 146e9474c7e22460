"""Importing documents: parse, validate, and write in one transaction."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from domain.access import SYSTEM
from domain.documents import content_hash, contract_terms, parse_contract_document, parse_precedents_document
from domain.documents.loading import check_size
from graph.contracts import ImportOutcome, contract_rows, import_contract
from graph.database import Graph, RoundTrips, Tx
from graph.precedents import import_precedents, precedent_rows
from resolvers.incidents import import_incidents_text, relink_after_amendment

# Files read from disk by the command line and the seed are trusted more than API requests.
LOCAL_FILE_LIMIT = 100_000_000


async def import_contract_text(graph: Graph, trips: RoundTrips, text: str, max_bytes: int) -> ImportOutcome:
    """Validate a contract document and store it (all or nothing); raises DomainError on bad input."""
    check_size(text, max_bytes)
    doc = parse_contract_document(text)
    # defaults left out, so the stored document reads back exactly as a valid document
    data = doc.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    rows = contract_rows(data, contract_terms(doc), content_hash(doc))

    async def work(tx: Tx) -> ImportOutcome:
        outcome = await import_contract(tx, rows)
        if outcome.created:
            # An amendment may now govern incidents already stored (rules.md, the governing version).
            await relink_after_amendment(tx, rows["c"]["key"], datetime.now(UTC))
        return outcome

    return await graph.write(work, trips)


async def import_precedents_text(graph: Graph, trips: RoundTrips, text: str) -> int:
    """Validate a precedents document and merge it into the graph; returns how many precedents it holds."""
    doc = parse_precedents_document(text)
    rows: dict[str, Any] = precedent_rows(doc.model_dump(mode="json", by_alias=True))

    async def work(tx: Tx) -> int:
        return await import_precedents(tx, rows)

    return await graph.write(work, trips)


def document_format(text: str) -> str | None:
    """The `format` a document declares, if it can be read at all (the full parse reports the rest)."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    value = data.get("format") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


async def import_document_text(graph: Graph, trips: RoundTrips, text: str) -> str:
    """Import a contract, incidents or precedents document by its `format`; returns a one-line summary."""
    fmt = document_format(text)
    if fmt == "clausegraph/precedents@1":
        return f"{await import_precedents_text(graph, trips, text)} precedents merged"
    if fmt is not None and fmt.startswith("clausegraph/incidents"):
        keys = await import_incidents_text(graph, trips, text, LOCAL_FILE_LIMIT, SYSTEM.id)
        return f"{len(keys)} incidents imported"
    outcome = await import_contract_text(graph, trips, text, LOCAL_FILE_LIMIT)
    return f"contract {outcome.uid} {'created' if outcome.created else 'already stored, unchanged'}"
