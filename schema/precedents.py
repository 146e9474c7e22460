"""GraphQL types of legal precedents and full-text search hits."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry
from strawberry import Info

from resolvers import precedents as resolve
from resolvers.context import Context
from schema.relay import Node, global_id


@strawberry.type(description="A decided case that may bear on a breach, with its topics and citations.")
class Precedent(Node):
    key: str
    case_name: str
    citation: str
    court: str
    year: int
    decided: date | None
    jurisdiction: str
    holding: str
    topics: list[str]
    url: str | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Precedent:
        decided = row.get("decided")
        return cls(
            id=global_id("Precedent", row["key"]),
            key=row["key"],
            case_name=row["caseName"],
            citation=row["citation"],
            court=row["court"],
            year=row["year"],
            decided=date.fromisoformat(decided) if decided else None,
            jurisdiction=row["jurisdiction"],
            holding=row["holding"],
            topics=list(row["topics"] or []),
            url=row.get("url"),
        )

    @strawberry.field(description="Cases this one cites, directly (depth 1) or through others (up to 5).")
    async def cites(self, info: Info[Context, None], depth: int = 1) -> list[Precedent]:
        return [Precedent.from_row(r) for r in await resolve.citations(info.context, self.key, "cites", depth)]

    @strawberry.field(description="Cases citing this one, directly (depth 1) or through others (up to 5).")
    async def cited_by(self, info: Info[Context, None], depth: int = 1) -> list[Precedent]:
        return [Precedent.from_row(r) for r in await resolve.citations(info.context, self.key, "citedBy", depth)]


@strawberry.type(description="A full-text match: a clause, precedent, incident or evidence item.")
class SearchHit:
    kind: str = strawberry.field(description="CLAUSE | PRECEDENT | INCIDENT | EVIDENCE")
    id: strawberry.ID = strawberry.field(description="Global id of the matching object (for `node`).")
    key: str | None
    title: str
    snippet: str
    score: float
    contract_key: str | None
    clause_number: str | None


_KINDS = {"Clause": "CLAUSE", "Precedent": "PRECEDENT", "Incident": "INCIDENT", "EvidenceItem": "EVIDENCE"}


def search_hit(row: dict[str, Any]) -> SearchHit:
    """A hit from one row of the full-text query."""
    text = row.get("text") or ""
    return SearchHit(
        kind=_KINDS.get(row["label"], row["label"].upper()),
        id=global_id(row["label"], row["id"]),
        key=row.get("key"),
        title=row.get("title") or "",
        snippet=text if len(text) <= 240 else text[:237] + "...",
        score=float(row["score"]),
        contract_key=row.get("contractKey"),
        clause_number=row.get("number"),
    )
