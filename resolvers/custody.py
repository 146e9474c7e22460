"""Custody after the fact: hand-overs, withdrawals, and the views and exports the service itself records."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.errors import NotFound, Problem, RuleViolation
from graph import disputes as store
from graph import incidents as incident_store
from graph.database import Graph, RoundTrips, Tx
from resolvers.evidence import withdrawn


async def _item(tx: Tx, key: str) -> tuple[store.StoredDispute, dict[str, object]]:
    dispute_key = key.split("/", 1)[0]
    if await store.lock(tx, dispute_key):
        dispute = (await store.disputes(tx, [dispute_key]))[dispute_key]
        item = next((e for e in dispute.evidence if e["uid"] == key), None)
        if item is not None:
            return dispute, item
    raise NotFound.single("NOT_FOUND", f"Evidence item '{key}' is not stored.", ("key",))


async def _check_person(tx: Tx, key: str | None) -> None:
    if key is not None and key not in await incident_store.people(tx, [key]):
        raise RuleViolation.single("UNKNOWN_REFERENCE", f"Person '{key}' is not stored.", ("by",))


async def record_hand_over(
    graph: Graph, trips: RoundTrips, key: str, to: str, note: str | None, by: str | None, recorded_by: str
) -> None:
    """Append a HANDED_OVER custody entry: who handed the item to whom, when, and why."""
    problems = []
    if not to.strip():
        problems.append(Problem("REQUIRED", "Say who received the item: `to` must not be empty.", ("to",)))
    if problems:
        raise RuleViolation(problems)
    now = datetime.now(UTC)

    async def work(tx: Tx) -> None:
        await _item(tx, key)
        await _check_person(tx, by)
        entry = {
            "at": now,
            "person": by,
            "action": "HANDED_OVER",
            "to": to.strip(),
            "purpose": note.strip() if note and note.strip() else None,
            "recordedAt": now,
            "recordedBy": recorded_by,
        }
        await store.record_custody(tx, [key], entry)

    await graph.write(work, trips)


async def withdraw_evidence(
    graph: Graph, trips: RoundTrips, key: str, reason: str, by: str | None, recorded_by: str
) -> None:
    """Withdraw an item: a WITHDRAWN custody entry; it stays in history and earlier bundles, not in new seals."""
    if not reason.strip():
        raise RuleViolation.single(
            "REQUIRED", "Say why the item is withdrawn: `reason` must not be empty.", ("reason",)
        )
    now = datetime.now(UTC)

    async def work(tx: Tx) -> None:
        _, item = await _item(tx, key)
        earlier = withdrawn(dict(item))
        if earlier is not None:
            raise RuleViolation.single(
                "ALREADY_WITHDRAWN", f"Evidence item '{key}' was already withdrawn at {earlier['at']}.", ("key",)
            )
        await _check_person(tx, by)
        entry = {
            "at": now,
            "person": by,
            "action": "WITHDRAWN",
            "purpose": reason.strip(),
            "recordedAt": now,
            "recordedBy": recorded_by,
        }
        await store.record_custody(tx, [key], entry)

    await graph.write(work, trips)


async def record_access(
    graph: Graph, trips: RoundTrips, keys: list[str], action: str, purpose: str, person: str | None, recorded_by: str
) -> None:
    """VIEWED (a download) or EXPORTED (a bundle export): who and when, appended to each item's custody."""
    now = datetime.now(UTC)
    entry = {
        "at": now,
        "person": person,
        "action": action,
        "purpose": purpose,
        "recordedAt": now,
        "recordedBy": recorded_by,
    }

    async def work(tx: Tx) -> None:
        await store.record_custody(tx, keys, entry)

    await graph.write(work, trips)
