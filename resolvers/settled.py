"""Settled figures: an incident's clocks and breaches, stored with it by the write that made them final.

Once `domain.evaluation.settled` holds, the rules give the same clocks and breaches at every later instant until
the next write that evaluates the incident again (an event, a report in its REPEATED window, a new contract
version), and each such write stores them afresh or removes them. So `sla` and `breaches` asked for now are read
from the incident's `settled` property (JSON text) instead of evaluating its events: a page of resolved
incidents needs neither their events, their contracts' terms nor their services' REPEATED windows."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.clocks import Clock, ClockKind, ClockStatus
from domain.evaluation import IncidentEvaluation, settled
from domain.events import IncidentFacts
from domain.terms import ContractTerms

# Raised whenever the rules change what they compute or the stored shape changes: figures stored under another
# format are not used (2: clocks carry their kind and severity).
FORMAT = 2


@dataclass(frozen=True)
class Settled:
    computed_at: datetime
    response: Clock | None
    resolution: Clock | None
    breaches: tuple[dict[str, Any], ...]  # in the row shape of stored Breach nodes


def _clock(c: Clock | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "kind": str(c.kind),
        "severity": c.severity,
        "status": str(c.status),
        "target": c.target_seconds,
        "elapsed": c.elapsed_seconds,
        "remaining": c.remaining_seconds,
        "overBy": c.over_by_seconds,
        "dueAt": c.due_at.isoformat(),
        "stoppedAt": c.stopped_at.isoformat() if c.stopped_at else None,
        "breached": c.breached,
    }


def encode(
    evaluation: IncidentEvaluation, facts: IncidentFacts, terms: ContractTerms, breach_rows: list[dict[str, Any]]
) -> str | None:
    """The `settled` property for an evaluation made as of the write (`breach_rows`: its stored breach rows), or
    None when the figures can still change without a write."""
    if not settled(evaluation, facts, terms):
        return None
    rows = [
        {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in r.items() if k != "computedAt"}
        for r in breach_rows
    ]
    body = {
        "format": FORMAT,
        "computedAt": evaluation.as_of.isoformat(),
        "response": _clock(evaluation.response),
        "resolution": _clock(evaluation.resolution),
        "breaches": rows,
    }
    return json.dumps(body, separators=(",", ":"), sort_keys=True)


def _read_clock(c: dict[str, Any] | None) -> Clock | None:
    if c is None:
        return None
    return Clock(
        kind=ClockKind(c["kind"]),
        severity=c["severity"],
        status=ClockStatus(c["status"]),
        target_seconds=c["target"],
        elapsed_seconds=c["elapsed"],
        remaining_seconds=c["remaining"],
        over_by_seconds=c["overBy"],
        due_at=datetime.fromisoformat(c["dueAt"]),
        stopped_at=datetime.fromisoformat(c["stoppedAt"]) if c["stoppedAt"] else None,
        breached=c["breached"],
    )


def decode(text: str | None, now: datetime) -> Settled | None:
    """The settled figures of an incident for a question asked at `now`; None when there are none, they were
    stored under another format, or `now` is before the write that stored them (clocks of two servers)."""
    if not text:
        return None
    body = json.loads(text)
    computed_at = datetime.fromisoformat(body["computedAt"])
    if body.get("format") != FORMAT or now < computed_at:
        return None
    rows = tuple({**r, "dueAt": datetime.fromisoformat(r["dueAt"])} for r in body["breaches"])
    return Settled(computed_at, _read_clock(body["response"]), _read_clock(body["resolution"]), rows)
