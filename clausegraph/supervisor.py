"""Keeps the local Neo4j this process started running: restarts it with backoff when it dies."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from graph.local_neo4j import LocalNeo4j, LocalNeo4jError

log = logging.getLogger("clausegraph.supervisor")


class Neo4jSupervisor:
    """A background task that polls (and so reaps) the Neo4j child and starts it again if it ended."""

    def __init__(
        self,
        server: LocalNeo4j,
        *,
        interval: float = 0.5,
        backoff: float = 0.5,
        max_backoff: float = 60.0,
        stable_after: float = 60.0,
    ) -> None:
        self.server = server
        self.interval = interval
        self.backoff = backoff
        self.max_backoff = max_backoff
        # A Neo4j that ran this long before dying starts the backoff afresh; quicker deaths double it.
        self.stable_after = stable_after
        self.restarts = 0
        self._failures = 0
        self._task: asyncio.Task[None] | None = None
        self._starting: asyncio.Future[str] | None = None

    def start(self) -> None:
        """Begin watching (call from the event loop, after the server has started)."""
        self._task = asyncio.create_task(self._watch(), name="clausegraph-neo4j-supervisor")

    async def stop(self) -> None:
        """Stop watching; a restart in progress is cut short, so that the caller can stop the server."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._starting is not None and not self._starting.done():
            # Stopping the half-started child ends its start with an error, instead of waiting minutes for it.
            await asyncio.to_thread(self.server.stop)
            with contextlib.suppress(Exception):
                await self._starting

    def delay(self) -> float:
        """The wait before the next restart attempt."""
        return float(min(self.backoff * 2**self._failures, self.max_backoff))

    async def _watch(self) -> None:
        started_at = time.monotonic()
        while True:
            await asyncio.sleep(self.interval)
            status = self.server.exit_status()
            if status is None:
                continue
            ran = time.monotonic() - started_at
            if ran >= self.stable_after:
                self._failures = 0
            log.error(
                "local Neo4j (pid %s) exited with status %s after %.0f s; restarting it in %.1f s",
                self.server.pid,
                status,
                ran,
                self.delay(),
            )
            await self._restart()
            started_at = time.monotonic()

    async def _restart(self) -> None:
        while True:
            await asyncio.sleep(self.delay())
            began = time.monotonic()
            # Starting blocks for seconds (JVM, recovery): in a thread, shielded so stop() can wait for it.
            self._starting = asyncio.ensure_future(asyncio.to_thread(self.server.restart))
            try:
                uri = await asyncio.shield(self._starting)
            except LocalNeo4jError as exc:
                self._failures += 1
                log.error("restarting the local Neo4j failed; next attempt in %.1f s: %s", self.delay(), exc)
                continue
            self.restarts += 1
            self._failures += 1
            log.warning(
                "local Neo4j restarted at %s (pid %s) in %.1f s; restart %d",
                uri,
                self.server.pid,
                time.monotonic() - began,
                self.restarts,
            )
            return
