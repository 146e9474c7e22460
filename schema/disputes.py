"""GraphQL types of disputes, their evidence, citations and sealed evidence bundles."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from decimal import Decimal
from typing import Any, cast
from urllib.parse import quote

import strawberry
from strawberry import Info
from strawberry.scalars import JSON

from graph.disputes import StoredDispute
from resolvers import contracts as contract_reads
from resolvers import incident_reads as reads
from resolvers import precedents as precedent_reads
from resolvers.context import Context
from resolvers.evidence import verify_bundle
from schema.contracts import Contract, Party
from schema.incidents import Breach, BreachData, Incident, KnownAt, Person, person
from schema.liability import LiabilityLink, liability_chain
from schema.precedents import Precedent
from schema.relay import Node, global_id


@strawberry.type(description="A status change of a dispute: who moved it, when, why, and whether an override was used.")
class DisputeTransition:
    seq: int
    from_status: str | None
    to_status: str
    at: datetime
    reason: str | None
    override: bool
    recorded_by: str | None = strawberry.field(description="The principal that stored it (key:<id>, jwt:<subject>).")
    by_key: strawberry.Private[str | None]
    recorded_at: datetime | None = strawberry.field(default=None, description="When the service stored it.")

    @strawberry.field
    async def by(self, info: Info[Context, None]) -> Person | None:
        return await person(info.context, self.by_key)


@strawberry.type(description="One line of an evidence item's chain of custody.")
class CustodyEntry:
    at: datetime
    action: str = strawberry.field(description="ADDED | SEALED | EXPORTED | VIEWED | HANDED_OVER")
    purpose: str | None
    recorded_by: str | None = strawberry.field(description="The principal that stored it (key:<id>, jwt:<subject>).")
    person_key: strawberry.Private[str | None]

    @strawberry.field
    async def person(self, info: Info[Context, None]) -> Person | None:
        return await person(info.context, self.person_key)


@strawberry.type(description="What an evidence item holds, exactly as stored and hashed.")
class EvidenceContent:
    encoding: str = strawberry.field(description="UTF8 (text: documents, communications, JSON snapshots) | BASE64")
    text: str | None = strawberry.field(description="The content, when it is text.")
    base64: str | None = strawberry.field(description="The content's bytes in base64, when it is a file.")
    media_type: str | None
    file_name: str | None
    size: int
    sha256: str = strawberry.field(description="SHA-256 of the content's bytes: the item's hash.")


@strawberry.type(description="A piece of evidence: its content hash, who added it and when, and its custody.")
class EvidenceItem(Node):
    key: str
    kind: str = strawberry.field(
        description="INCIDENT_RECORD | BREACH | CLAUSE | CREDIT_REPORT | DOCUMENT | COMMUNICATION"
    )
    label: str | None
    sha256: str
    size: int
    media_type: str | None
    file_name: str | None
    ref: str | None = strawberry.field(description="What it is about: incident key, breach ref, clause number, month.")
    added_at: datetime
    custody: list[CustodyEntry]
    recorded_by: str | None = strawberry.field(description="The principal that stored it (key:<id>, jwt:<subject>).")
    added_by_key: strawberry.Private[str | None]
    recorded_at: datetime | None = strawberry.field(default=None, description="When the service stored it.")

    @strawberry.field
    async def added_by(self, info: Info[Context, None]) -> Person | None:
        return await person(info.context, self.added_by_key)

    @strawberry.field(description="The item's content (text, or base64 with its media type and size).")
    async def content(self, info: Info[Context, None]) -> EvidenceContent | None:
        row = await info.context.loaders.evidence_files.load(self.key)
        if row is None:
            return None
        base64_encoded = row.get("encoding") == "base64"
        return EvidenceContent(
            encoding="BASE64" if base64_encoded else "UTF8",
            text=None if base64_encoded else row.get("content"),
            base64=row.get("content") if base64_encoded else None,
            media_type=row.get("mediaType"),
            file_name=row.get("fileName"),
            size=int(row.get("size") or 0),
            sha256=row["sha256"],
        )

    @strawberry.field(description="Where to download the content as a file (with the Authorization header).")
    def download_url(self, info: Info[Context, None]) -> str:
        root = info.context.settings.public_base_url.rstrip("/")
        dispute, _, item = self.key.partition("/")
        return f"{root}/evidence/{quote(dispute, safe='')}/{quote(item, safe='')}"

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> EvidenceItem:
        return cls(
            id=global_id("EvidenceItem", row["uid"]),
            key=row["uid"],
            kind=row["kind"],
            label=row.get("label"),
            sha256=row["sha256"],
            size=row.get("size") or 0,
            media_type=row.get("mediaType"),
            file_name=row.get("fileName"),
            ref=row.get("ref"),
            added_at=row["addedAt"],
            added_by_key=row.get("addedBy"),
            recorded_by=row.get("recordedBy"),
            recorded_at=row.get("recordedAt"),
            custody=[
                CustodyEntry(
                    at=c["at"],
                    action=c["action"],
                    purpose=c.get("purpose"),
                    person_key=c.get("person"),
                    recorded_by=c.get("recordedBy"),
                )
                for c in row.get("custody") or []
            ],
        )


@strawberry.type(description="A precedent cited in a dispute, with why it is relevant.")
class Citation:
    precedent: Precedent
    note: str | None
    at: datetime | None


@strawberry.type(description="One difference between a sealed bundle and what the graph says now.")
class BundleMismatch:
    kind: str
    path: list[str]
    message: str
    expected: JSON | None
    actual: JSON | None


@strawberry.type(description="The result of re-deriving a sealed bundle.")
class BundleVerification:
    ok: bool
    mismatches: list[BundleMismatch]


@strawberry.type(description="A sealed, immutable manifest of a dispute's evidence, with its SHA-256.")
class EvidenceBundle(Node):
    dispute_key: str
    version: int
    sha256: str
    sealed_at: datetime
    item_count: int
    recorded_by: str | None = strawberry.field(description="The principal that stored it (key:<id>, jwt:<subject>).")
    sealed_by_key: strawberry.Private[str | None]

    @strawberry.field
    async def sealed_by(self, info: Info[Context, None]) -> Person | None:
        return await person(info.context, self.sealed_by_key)

    @strawberry.field(description="The sealed manifest (what the SHA-256 is computed over).")
    async def manifest(self, info: Info[Context, None]) -> JSON:
        verification = await verify_bundle(info.context.graph, info.context.trips, self.dispute_key, self.version)
        return cast(JSON, verification.manifest)

    @strawberry.field(description="Re-derive everything from the graph and name each mismatch.")
    async def verify(self, info: Info[Context, None]) -> BundleVerification:
        result = await verify_bundle(info.context.graph, info.context.trips, self.dispute_key, self.version)
        return BundleVerification(
            ok=not result.mismatches,
            mismatches=[
                BundleMismatch(
                    kind=m.kind,
                    path=[str(p) for p in m.path],
                    message=m.message,
                    expected=_json_safe(m.expected),
                    actual=_json_safe(m.actual),
                )
                for m in result.mismatches
            ],
        )

    @strawberry.field(description="Where to download it (absolute, from the public base URL): JSON, HTML and PDF.")
    def export_urls(self, info: Info[Context, None]) -> list[str]:
        root = info.context.settings.public_base_url.rstrip("/")
        base = f"{root}/bundles/{quote(self.dispute_key, safe='')}/{self.version}"
        return [f"{base}.json", f"{base}.html", f"{base}.pdf"]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> EvidenceBundle:
        return cls(
            id=global_id("EvidenceBundle", row["uid"]),
            dispute_key=row["disputeKey"],
            version=row["version"],
            sha256=row["sha256"],
            sealed_at=row["sealedAt"],
            item_count=row.get("itemCount") or 0,
            sealed_by_key=row.get("sealedBy"),
            recorded_by=row.get("recordedBy"),
        )


async def _incidents(ctx: Context, dispute_key: str) -> list[Incident]:
    keys = await ctx.loaders.dispute_incidents.load(dispute_key) or []
    found = await ctx.loaders.incidents.load_many(keys)
    return [Incident.build(i) for i in found if i is not None]


def _json_safe(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


@strawberry.type(description="A dispute between the parties of a contract, with its evidence and sealed bundles.")
class Dispute(Node):
    key: str
    title: str
    forum: str | None
    amount_claimed: Decimal
    currency: str
    status: str = strawberry.field(
        description="A dispute-resolution step of the contract, or SETTLED/DECIDED/WITHDRAWN."
    )
    opened_at: datetime
    stored: strawberry.Private[StoredDispute]

    @classmethod
    def build(cls, d: StoredDispute) -> Dispute:
        p = d.props
        return cls(
            id=global_id("Dispute", d.key),
            key=d.key,
            title=p["title"],
            forum=p.get("forum"),
            amount_claimed=Decimal(p["amountClaimed"]),
            currency=p["currency"],
            status=p["status"],
            opened_at=p["openedAt"],
            stored=d,
        )

    @strawberry.field
    async def contract(self, info: Info[Context, None]) -> Contract:
        row = await contract_reads.by_uid(info.context, self.stored.props["contractUid"])
        assert row is not None
        return Contract.from_row(row)

    async def _party(self, info: Info[Context, None], key: str) -> Party:
        row = await info.context.loaders.parties.load(key)
        return Party.from_row(row)

    @strawberry.field
    async def claimant(self, info: Info[Context, None]) -> Party:
        return await self._party(info, self.stored.props["claimant"])

    @strawberry.field
    async def respondent(self, info: Info[Context, None]) -> Party:
        return await self._party(info, self.stored.props["respondent"])

    @strawberry.field
    async def opened_by(self, info: Info[Context, None]) -> Person | None:
        return await person(info.context, self.stored.props.get("openedBy"))

    @strawberry.field(description="Every status change in order, with who, when and why.")
    def transitions(self) -> list[DisputeTransition]:
        return [
            DisputeTransition(
                seq=t["seq"],
                from_status=t.get("from"),
                to_status=t["to"],
                at=t["at"],
                reason=t.get("reason"),
                override=bool(t.get("override")),
                recorded_by=t.get("recordedBy"),
                by_key=t.get("by"),
                recorded_at=t.get("recordedAt"),
            )
            for t in self.stored.transitions
        ]

    @strawberry.field
    async def incidents(self, info: Info[Context, None]) -> list[Incident]:
        return await _incidents(info.context, self.key)

    @strawberry.field(description="Breaches of the incidents it concerns, as of an instant.")
    async def breaches(
        self, info: Info[Context, None], as_of: datetime | None = None, known_at: KnownAt = None
    ) -> list[Breach]:
        ctx, at = info.context, reads.as_of(as_of)
        known = reads.known_at(known_at, ctx.settings.clock_skew)
        incidents = await _incidents(ctx, self.key)
        evaluations = await asyncio.gather(*(reads.evaluation(ctx, i.stored, at, known_at=known) for i in incidents))
        out: list[Breach] = []
        for incident, evaluation in zip(incidents, evaluations, strict=True):
            uid, terms = await reads.governing_terms(ctx, incident.stored, known)
            out += [Breach.build(BreachData.from_finding(b, uid, terms.monthly_fee)) for b in evaluation.breaches]
        return out

    @strawberry.field(description="The liability chain of every breach of the incidents it concerns.")
    async def liability_chain(
        self, info: Info[Context, None], as_of: datetime | None = None, known_at: KnownAt = None
    ) -> list[LiabilityLink]:
        at = reads.as_of(as_of)
        known = reads.known_at(known_at, info.context.settings.clock_skew)
        incidents = await _incidents(info.context, self.key)
        chains = await asyncio.gather(*(liability_chain(info, i.stored, at, known_at=known) for i in incidents))
        return [link for chain in chains for link in chain]

    @strawberry.field(description="Evidence items in the order they were added.")
    def evidence(self) -> list[EvidenceItem]:
        return [EvidenceItem.from_row(e) for e in self.stored.evidence]

    @strawberry.field
    async def citations(self, info: Info[Context, None]) -> list[Citation]:
        rows = await precedent_reads.many(info.context, [c["key"] for c in self.stored.citations])
        by_key = {r["key"]: Precedent.from_row(r) for r in rows}
        return [
            Citation(precedent=by_key[c["key"]], note=c.get("note"), at=c.get("at"))
            for c in self.stored.citations
            if c["key"] in by_key
        ]

    @strawberry.field(description="Sealed bundles, oldest first; a new version is sealed when evidence changes.")
    def bundles(self) -> list[EvidenceBundle]:
        return [EvidenceBundle.from_row(b) for b in self.stored.bundles]

    @strawberry.field
    def latest_bundle(self) -> EvidenceBundle | None:
        return EvidenceBundle.from_row(self.stored.bundles[-1]) if self.stored.bundles else None
