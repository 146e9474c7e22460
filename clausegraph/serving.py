"""`clausegraph serve`: open the graph (retrying, supervising the local Neo4j), then serve HTTP."""

from __future__ import annotations

import asyncio
import signal
from types import FrameType

from clausegraph.settings import Settings

HANDLED = (signal.SIGINT, signal.SIGTERM)


def _ignore(signum: int, frame: FrameType | None) -> None:
    """After uvicorn's own shutdown it re-raises the signal it caught; the graph then closes in order."""


async def _serve(settings: Settings, host: str, port: int) -> bool:
    import uvicorn

    from clausegraph.app import announce_dev_key, create_app, settle_heap
    from clausegraph.runtime import open_graph

    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    assert task is not None
    # Until uvicorn takes the signals over, SIGTERM cancels the start-up (SIGINT does so already).
    loop.add_signal_handler(signal.SIGTERM, task.cancel)
    try:
        async with open_graph(settings) as graph:
            loop.remove_signal_handler(signal.SIGTERM)
            for handled in HANDLED:
                signal.signal(handled, _ignore)
            if settings.dev:
                await announce_dev_key(graph, settings)
            app = create_app(settings, graph, manage_graph=False)
            config = uvicorn.Config(app, host=host, port=port, log_level="info", lifespan="on", log_config=None)
            server = uvicorn.Server(config)
            settle_heap()
            await server.serve()
            return server.started
    finally:
        loop.remove_signal_handler(signal.SIGTERM)


def serve(settings: Settings, host: str, port: int) -> int:
    """Serve until SIGINT/SIGTERM; the exit status (0 after a clean stop). Start-up failures propagate."""
    from uvicorn.loops.auto import auto_loop_factory

    try:
        # uvloop's event loop where it is installed (every platform but Windows), as uvicorn itself picks it:
        # every await of every request goes through the loop (docs/performance.md)
        with asyncio.Runner(loop_factory=auto_loop_factory()) as runner:
            started = runner.run(_serve(settings, host, port))
    except KeyboardInterrupt:
        return 130
    except asyncio.CancelledError:
        return 143
    return 0 if started else 1
