"""Precedents in the graph: merging a precedents document."""

from __future__ import annotations

from typing import Any

from domain.errors import DocumentInvalid, Problem
from graph.cypher import query
from graph.database import Tx


def precedent_rows(data: dict[str, Any]) -> dict[str, Any]:
    """Parameters of `precedents_import.cypher` from a validated precedents document (JSON form)."""
    return {
        "precedents": [
            {
                "key": p["key"],
                "caseName": p["case_name"],
                "citation": p["citation"],
                "court": p["court"],
                "decided": p.get("decided"),
                "year": p["year"],
                "jurisdiction": p["jurisdiction"],
                "holding": p["holding"],
                "topics": list(p["topics"]),
                "url": p.get("url"),
            }
            for p in data["precedents"]
        ],
        "citations": [{"from": c["from"], "to": c["to"], "note": c.get("note")} for c in data.get("citations") or []],
    }


async def import_precedents(tx: Tx, rows: dict[str, Any]) -> int:
    """Merge precedents and citations; a citation naming an unknown precedent is an error."""
    named = {p["key"] for p in rows["precedents"]}
    cited = {c[end] for c in rows["citations"] for end in ("from", "to")} - named
    if cited:
        stored = {
            r["key"] for r in await tx.rows("precedents_existing", query("precedents_existing"), keys=sorted(cited))
        }
        problems = [
            Problem(
                "UNKNOWN_REFERENCE",
                f"Citation names precedent '{key}', which is neither in the document nor stored.",
                ("citations", i, end),
            )
            for i, c in enumerate(rows["citations"])
            for end in ("from", "to")
            if (key := c[end]) in cited - stored
        ]
        if problems:
            raise DocumentInvalid(problems)
    await tx.rows("precedents_import", query("precedents_import"), **rows)
    return len(rows["precedents"])
