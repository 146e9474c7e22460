"""GraphQL types of disputes, their evidence, citations and sealed evidence bundles."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from decimal import Decimal
from typing import Any, cast
from urllib.parse import quote

import strawberry
from strawberry import UNSET, Info
from strawberry.scalars import JSON

from domain.verification import Mismatch
from graph.disputes import StoredDispute
from resolvers import contracts as contract_reads
from resolvers import incident_reads as reads
from resolvers import precedents as precedent_reads
from resolvers.bundle_verification import verify_bundle
from resolvers.context import Context
from schema.contracts import Contract, Party
from schema.incidents import Breach, BreachData, Incident, KnownAt, Person, given, person
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


@strawberry.type(description="One line of an evidence item's chain of custody (append-only).")
class CustodyEntry:
    at: datetime
    action: str = strawberry.field(description="ADDED | SEALED | EXPORTED | VIEWED | HANDED_OVER | WITHDRAWN")
    purpose: str | None = strawberry.field(description="Why: the purpose, the note of a hand-over, the reason.")
    to: str | None = strawberry.field(description="HANDED_OVER: who received it.")
    item_key: str = strawberry.field(description="The evidence item the entry is about.")
    recorded_at: datetime | None = strawberry.field(description="When the service stored it (server time).")
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

    @strawberry.field(description="Withdrawn items stay in history and in earlier bundles, but leave new seals.")
    def withdrawn(self) -> bool:
        return any(c.action == "WITHDRAWN" for c in self.custody)

    @strawberry.field(description="Why the item was withdrawn, if it was.")
    def withdrawal_reason(self) -> str | None:
        return next((c.purpose for c in self.custody if c.action == "WITHDRAWN"), None)

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
            custody=[custody_entry(row["uid"], c) for c in row.get("custody") or []],
        )


def custody_entry(item_key: str, c: dict[str, Any]) -> CustodyEntry:
    return CustodyEntry(
        at=c["at"],
        action=c["action"],
        purpose=c.get("purpose"),
        to=c.get("to"),
        item_key=item_key,
        person_key=c.get("person"),
        recorded_at=c.get("recordedAt"),
        recorded_by=c.get("recordedBy"),
    )


@strawberry.type(description="One note given when citing a precedent; citing again adds a note, never overwrites.")
class CitationNote:
    note: str
    at: datetime
    recorded_at: datetime | None
    recorded_by: str | None = strawberry.field(description="The principal that stored it (key:<id>, jwt:<subject>).")
    by_key: strawberry.Private[str | None]

    @strawberry.field
    async def by(self, info: Info[Context, None]) -> Person | None:
        return await person(info.context, self.by_key)


@strawberry.type(description="A precedent cited in a dispute, with why it is relevant.")
class Citation:
    precedent: Precedent
    note: str | None = strawberry.field(description="The latest note.")
    at: datetime | None
    history: list[CitationNote] = strawberry.field(description="Every note given for this citation, oldest first.")


@strawberry.type(
    description="One finding of a verification: tampering, or how the live record moved on since the seal."
)
class BundleMismatch:
    kind: str
    category: str = strawberry.field(
        description="TAMPERED (stored content, a snapshot, an event or the chain no longer matches its hash) | "
        "CHANGED_SINCE_SEAL (the live record moved on: information, never an error)"
    )
    path: list[str]
    message: str
    expected: JSON | None
    actual: JSON | None


@strawberry.type(description="The result of verifying a sealed bundle.")
class BundleVerification:
    ok: bool = strawberry.field(description="Nothing sealed was tampered with (changes since the seal do not count).")
    tampered: list[BundleMismatch]
    changed_since_seal: list[BundleMismatch]
    mismatches: list[BundleMismatch] = strawberry.field(
        description="The TAMPERED findings.", deprecation_reason="Use `tampered` (and `changedSinceSeal`)."
    )


def _finding(m: Mismatch) -> BundleMismatch:
    return BundleMismatch(
        kind=m.kind,
        category=m.category,
        path=[str(p) for p in m.path],
        message=m.message,
        expected=_json_safe(m.expected),
        actual=_json_safe(m.actual),
    )


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

    signature: str | None = strawberry.field(description="Ed25519 signature (base64) over the bundle SHA-256.")
    public_key: str | None = strawberry.field(description="The PEM public key that checks the signature.")

    @strawberry.field(description="The sealed manifest (what the SHA-256 is computed over).")
    async def manifest(self, info: Info[Context, None]) -> JSON:
        bundle = await info.context.reader.sealed_bundle(self.dispute_key, self.version)
        return cast(JSON, json.loads(bundle["manifest"]) if bundle else None)

    @strawberry.field(description="The seal instant: pass it as knownAt to reproduce the sealed figures.")
    def known_at(self) -> datetime:
        return self.sealed_at

    @strawberry.field(description="Check the stored bundle against its hashes and signature; say what changed since.")
    async def verify(self, info: Info[Context, None]) -> BundleVerification:
        result = await verify_bundle(info.context.graph, info.context.trips, self.dispute_key, self.version)
        tampered = [_finding(m) for m in result.tampered]
        return BundleVerification(
            ok=not tampered,
            tampered=tampered,
            changed_since_seal=[_finding(m) for m in result.changed_since_seal],
            mismatches=tampered,
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
            signature=row.get("signature"),
            public_key=row.get("publicKey"),
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
        self, info: Info[Context, None], as_of: datetime | None = UNSET, known_at: KnownAt = UNSET
    ) -> list[Breach]:
        as_of, known_at = given(as_of), given(known_at)
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
        self, info: Info[Context, None], as_of: datetime | None = UNSET, known_at: KnownAt = UNSET
    ) -> list[LiabilityLink]:
        as_of, known_at = given(as_of), given(known_at)
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
            Citation(
                precedent=by_key[c["key"]],
                note=c.get("note"),
                at=c.get("at"),
                history=[
                    CitationNote(
                        note=n["note"],
                        at=n["at"],
                        recorded_at=n.get("recordedAt"),
                        recorded_by=n.get("recordedBy"),
                        by_key=n.get("by"),
                    )
                    for n in c.get("history") or []
                ]
                # citations stored before notes were kept have only their latest note
                or [
                    CitationNote(
                        note=c.get("note") or "",
                        at=c["at"],
                        recorded_at=None,
                        recorded_by=c.get("recordedBy"),
                        by_key=c.get("by"),
                    )
                ],
            )
            for c in self.stored.citations
            if c["key"] in by_key
        ]

    @strawberry.field(
        description="The custody entries of all its evidence items (views, exports, hand-overs), in time order."
    )
    def custody_log(self) -> list[CustodyEntry]:
        entries = [custody_entry(e["uid"], c) for e in self.stored.evidence for c in e.get("custody") or []]
        return sorted(entries, key=lambda c: (c.at, c.item_key))

    @strawberry.field(description="Sealed bundles, oldest first; a new version is sealed when evidence changes.")
    def bundles(self) -> list[EvidenceBundle]:
        return [EvidenceBundle.from_row(b) for b in self.stored.bundles]

    @strawberry.field
    def latest_bundle(self) -> EvidenceBundle | None:
        return EvidenceBundle.from_row(self.stored.bundles[-1]) if self.stored.bundles else None
