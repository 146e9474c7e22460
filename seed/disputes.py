"""Loading the sample disputes of seed/data/disputes.yaml through the same code paths as the API."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from domain.access import SYSTEM
from domain.signatures import Signer
from graph.database import Graph, RoundTrips
from graph.reads import Reader, Scope
from resolvers.disputes import (
    DisputeOpening,
    EvidenceInput,
    advance_dispute,
    attach_evidence,
    cite_precedent,
    open_dispute,
)
from resolvers.evidence import seal_bundle

FILE = Path(__file__).resolve().parent / "data" / "disputes.yaml"


def _instant(value: Any) -> datetime | None:
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else None


async def seed_disputes(graph: Graph, trips: RoundTrips, signer: Signer, path: Path = FILE) -> int:
    """Open, fill, move and seal the sample disputes; a dispute already stored is left alone."""
    data = yaml.safe_load(await asyncio.to_thread(path.read_text, encoding="utf-8"))
    created = 0
    for d in data["disputes"]:
        if (await Reader(graph, trips, Scope.everything()).disputes([d["key"]])).get(d["key"]) is not None:
            continue
        await open_dispute(
            graph,
            trips,
            DisputeOpening(
                key=d["key"],
                title=d["title"],
                contract_key=d["contract"],
                claimant=d["claimant"],
                respondent=d["respondent"],
                amount_claimed=d["amount_claimed"],
                incident_keys=d["incidents"],
                opened_at=_instant(d.get("opened_at")),
                opened_by=d.get("opened_by"),
            ),
        )
        for e in d.get("evidence", []):
            await attach_evidence(
                graph,
                trips,
                EvidenceInput(
                    dispute_key=d["key"],
                    kind=e["kind"],
                    label=e.get("label"),
                    text=e.get("text"),
                    incident_key=e.get("incident"),
                    breach_ref=e.get("breach"),
                    clause_number=e.get("clause"),
                    month=e.get("month"),
                    added_by=e.get("added_by"),
                    purpose=e.get("purpose"),
                ),
                max_bytes=1_000_000,
            )
        for c in d.get("citations", []):
            await cite_precedent(graph, trips, d["key"], c["precedent"], c["note"], c.get("by"), SYSTEM.id)
        for t in d.get("transitions", []):
            await advance_dispute(
                graph,
                trips,
                d["key"],
                t["to"],
                at=_instant(t.get("at")),
                by=t.get("by"),
                reason=t.get("reason"),
                override=bool(t.get("override")),
                recorded_by=SYSTEM.id,
            )
        if d.get("seal"):
            await seal_bundle(graph, trips, d["key"], d["seal"].get("by"), SYSTEM.id, signer=signer)
        created += 1
    return created
