"""bench/run.py: warm-up requests that a cold database answers DATABASE_UNAVAILABLE are sent again, a few times."""

from __future__ import annotations

from typing import Any

import pytest

from bench import run


def _flaky(failures: int) -> tuple[run.Call, list[int]]:
    sent: list[int] = []

    async def call(client: Any) -> run.Reply:
        sent.append(1)
        if len(sent) <= failures:
            raise run.Unavailable("http://cg/graphql: The database is unavailable; try again later")
        return run.Reply(1, 10)

    return call, sent


async def test_a_warm_up_request_is_sent_again_while_the_database_is_unavailable() -> None:
    call, sent = _flaky(run.WARM_UP_RETRIES)
    assert await run._warm(call, None) == run.Reply(1, 10)  # type: ignore[arg-type]
    assert len(sent) == run.WARM_UP_RETRIES + 1


async def test_the_run_still_fails_when_the_database_stays_unavailable() -> None:
    call, sent = _flaky(run.WARM_UP_RETRIES + 1)
    with pytest.raises(run.Unavailable):
        await run._warm(call, None)  # type: ignore[arg-type]
    assert len(sent) == run.WARM_UP_RETRIES + 1


async def test_other_errors_are_not_retried() -> None:
    sent: list[int] = []

    async def call(client: Any) -> run.Reply:
        sent.append(1)
        raise RuntimeError("http://cg/graphql: Cannot query field 'nope'")

    with pytest.raises(RuntimeError):
        await run._warm(call, None)  # type: ignore[arg-type]
    assert sent == [1]
