"""Live warnings before SLA deadlines pass (ServiceNow-style 50 / 75 / 100 % thresholds), over WebSocket."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from datetime import UTC, datetime

import strawberry
from strawberry import Info

from resolvers import incident_reads as reads
from resolvers.context import Context
from schema.errors import refusal
from schema.incidents import Incident


@strawberry.type(description="A running clock of an open incident has used up a threshold of its target.")
class SlaWarning:
    incident: Incident
    clock: str = strawberry.field(description="RESPONSE | RESOLUTION")
    threshold_percent: int
    elapsed_percent: float
    due_at: datetime
    remaining_seconds: int
    observed_at: datetime


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Warnings as open incidents' clocks pass each threshold; checked every `pollSeconds`."
    )
    async def sla_warnings(
        self,
        info: Info[Context, None],
        contract_key: str | None = None,
        thresholds: list[int] | None = None,
        poll_seconds: float = 30.0,
    ) -> AsyncGenerator[SlaWarning, None]:
        levels = sorted(set(thresholds or [50, 75, 100]))
        if not levels or levels[0] < 1 or levels[-1] > 1000:
            raise refusal("BAD_USER_INPUT", "`thresholds` are percentages between 1 and 1000.")
        base = info.context
        least = base.settings.min_poll_seconds
        if not least <= poll_seconds <= 3600:
            raise refusal("BAD_USER_INPUT", f"`pollSeconds` must be between {least:g} and 3600.")
        most = base.settings.max_subscriptions_per_connection
        if base.live_subscriptions >= most:
            raise refusal(
                "TOO_MANY_SUBSCRIPTIONS",
                f"This connection already runs {base.live_subscriptions} subscriptions, the most allowed; "
                "stop one first or open another connection.",
            )
        base.live_subscriptions += 1
        try:
            async for warning in _warnings(base, contract_key, levels, poll_seconds):
                yield warning
        finally:
            base.live_subscriptions -= 1


async def _warnings(
    base: Context, contract_key: str | None, levels: list[int], poll_seconds: float
) -> AsyncGenerator[SlaWarning, None]:
    """Poll the open incidents every `poll_seconds` and yield each threshold passed, once."""
    warned: set[tuple[str, str, int]] = set()
    while True:
        # a fresh context per round, so loaders never serve what an earlier round read
        ctx = Context(settings=base.settings, graph=base.graph, principal=base.principal, scope=base.scope)
        now = datetime.now(UTC)
        _, _, incidents = await reads.incident_page(
            ctx, ctx.settings.max_page_size, None, {"contract": contract_key, "status": "OPEN"}
        )
        evaluations = await asyncio.gather(*(reads.evaluation(ctx, i, now) for i in incidents))
        for incident, evaluation in zip(incidents, evaluations, strict=True):
            for clock in (evaluation.response, evaluation.resolution):
                if clock is None or clock.stopped_at is not None or clock.target_seconds <= 0:
                    continue
                used = 100 * clock.elapsed_seconds / clock.target_seconds
                for level in levels:
                    mark = (incident.key, str(clock.kind), level)
                    if used >= level and mark not in warned:
                        warned.add(mark)
                        yield SlaWarning(
                            incident=Incident.build(incident),
                            clock=str(clock.kind),
                            threshold_percent=level,
                            elapsed_percent=round(used, 2),
                            due_at=clock.due_at,
                            remaining_seconds=clock.remaining_seconds,
                            observed_at=now,
                        )
        await asyncio.sleep(poll_seconds)
