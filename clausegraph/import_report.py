"""What importing one document did: which of its contracts, incidents or precedents were new."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.access import SYSTEM
from graph.database import Graph, RoundTrips
from graph.reads import Reader, Scope
from resolvers.imports import (
    LOCAL_FILE_LIMIT,
    document_format,
    import_contract_text,
    import_precedents_text,
)


@dataclass(frozen=True)
class ImportReport:
    """The keys a document named, split into those it created and those already stored."""

    kind: str  # contract, incident or precedent
    created: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line: "1 incident imported, 2 already present", "contract k@1 already stored, unchanged"."""
        if self.kind == "contract":
            uid = (self.created or self.present)[0]
            return f"contract {uid} {'created' if self.created else 'already stored, unchanged'}"
        verb = "merged" if self.kind == "precedent" else "imported"
        parts = []
        if self.created or not self.present:
            parts.append(f"{plural(len(self.created), self.kind)} {verb}")
        if self.present:
            parts.append(f"{plural(len(self.present), self.kind) if not parts else len(self.present)} already present")
        return ", ".join(parts)

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "created": self.created, "alreadyPresent": self.present}


def plural(count: int, noun: str) -> str:
    """ "1 incident", "2 incidents", "0 precedents"."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


async def import_document(graph: Graph, text: str) -> ImportReport:
    """Import a contract, incidents or precedents document by its `format`; raises DomainError on bad input."""
    import yaml

    fmt = document_format(text)
    reader = Reader(graph, RoundTrips(), Scope.everything())  # the command line acts as the system
    if fmt == "clausegraph/precedents@1":
        keys = _keys(yaml.safe_load(text), "precedents")
        before = set(await reader.precedents(keys)) if keys else set()
        await import_precedents_text(graph, RoundTrips(), text)
        return _split("precedent", keys, before)
    if fmt is not None and fmt.startswith("clausegraph/incidents"):
        from resolvers.incidents import import_incidents_text

        keys = _keys(yaml.safe_load(text), "incidents")
        before = set(await reader.incidents(keys)) if keys else set()
        await import_incidents_text(graph, RoundTrips(), text, LOCAL_FILE_LIMIT, SYSTEM.id)
        return _split("incident", keys, before)
    outcome = await import_contract_text(graph, RoundTrips(), text, LOCAL_FILE_LIMIT)
    return ImportReport("contract", [outcome.uid] if outcome.created else [], [] if outcome.created else [outcome.uid])


def _keys(data: object, section: str) -> list[str]:
    """The string keys of a document section's entries (the import itself validates everything)."""
    entries = data.get(section) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return []
    return [e["key"] for e in entries if isinstance(e, dict) and isinstance(e.get("key"), str)]


def _split(kind: str, keys: list[str], before: set[str]) -> ImportReport:
    unique = list(dict.fromkeys(keys))
    return ImportReport(kind, [k for k in unique if k not in before], [k for k in unique if k in before])
