"""`/ready`: whether Neo4j answers `RETURN 1` now, within a short time."""

from __future__ import annotations

import logging

from domain.errors import Unavailable
from graph.database import Graph

log = logging.getLogger("clausegraph.ready")


async def readiness(graph: Graph | None, budget: float) -> tuple[bool, dict[str, str]]:
    """(ready, body): `{"status": "ready"}` or `{"status": "unavailable", "reason": ...}`."""
    if graph is None:
        return False, {"status": "unavailable", "reason": "The service is still starting: the graph is not open yet."}
    try:
        await graph.ping(budget)
    except Unavailable as exc:
        log.warning("not ready: %s", exc)
        # The route is open to anyone: say what is wrong, not where Neo4j runs or what the driver said.
        if isinstance(exc.__cause__, TimeoutError):
            reason = f"Neo4j did not answer `RETURN 1` within {budget:g} s."
        else:
            reason = "Neo4j cannot be reached or refused the query."
        return False, {"status": "unavailable", "reason": reason}
    return True, {"status": "ready"}
