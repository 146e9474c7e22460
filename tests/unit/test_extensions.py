"""Unexpected failures are masked with a request id; errors written for the caller pass through."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import pytest
import strawberry

from clausegraph.extensions import MaskUnexpectedErrors, RequestReport
from domain.errors import Unavailable
from graph.database import RoundTrips


@dataclass
class _Settings:
    dev: bool = True


@dataclass
class _Context:
    """The parts of the request context the extensions read (no database)."""

    settings: _Settings = field(default_factory=_Settings)
    trips: RoundTrips = field(default_factory=RoundTrips)
    request_id: str = "req-0001"


@strawberry.type
class _Query:
    @strawberry.field
    def broken(self) -> int:
        raise RuntimeError("secret internals: password=hunter2")

    @strawberry.field
    def refused(self) -> int:
        raise ValueError("`first` is 10000; the maximum page size is 100.")

    @strawberry.field
    def offline(self) -> int:
        raise Unavailable("bolt://10.0.0.1 refused")

    @strawberry.field
    def counted(self, info: strawberry.Info) -> int:
        info.context.trips.add("probe")
        return 1


SCHEMA = strawberry.Schema(query=_Query, extensions=[RequestReport, MaskUnexpectedErrors])


async def test_an_unexpected_error_is_masked_logged_and_carries_the_request_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.ERROR, logger="clausegraph.requests"):
        result = await SCHEMA.execute("{ broken }", context_value=_Context())
    assert result.errors is not None
    error = result.errors[0]
    assert error.message == "Internal error (request id req-0001)."
    assert "hunter2" not in error.message
    assert error.extensions == {"requestId": "req-0001", "code": "INTERNAL"}
    assert "req-0001" in caplog.text and "hunter2" in caplog.text  # the log keeps what the caller must not see


async def test_an_error_written_for_the_caller_is_shown_as_it_is() -> None:
    result = await SCHEMA.execute("{ refused }", context_value=_Context())
    assert result.errors is not None
    assert result.errors[0].message == "`first` is 10000; the maximum page size is 100."


async def test_an_unreachable_database_says_so_without_its_address() -> None:
    result = await SCHEMA.execute("{ offline }", context_value=_Context())
    assert result.errors is not None
    assert result.errors[0].message == "The database is unavailable; try again later (request id req-0001)."
    assert result.errors[0].extensions == {"requestId": "req-0001", "code": "DATABASE_UNAVAILABLE"}


async def test_an_unreachable_database_is_one_warning_without_a_stack_trace(caplog: pytest.LogCaptureFixture) -> None:
    from clausegraph.extensions import quiet_unavailable

    quiet_unavailable(logging.getLogger("strawberry.execution"))
    with caplog.at_level(logging.INFO):
        await SCHEMA.execute("{ offline }", context_value=_Context())
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert "database unavailable: bolt://10.0.0.1 refused" in caplog.records[0].getMessage()
    assert caplog.records[0].exc_info is None


async def test_round_trips_are_reported_only_in_development_mode() -> None:
    dev = await SCHEMA.execute("{ counted }", context_value=_Context())
    assert dev.extensions == {"requestId": "req-0001", "roundTrips": 1}
    prod = await SCHEMA.execute("{ counted }", context_value=_Context(settings=_Settings(dev=False)))
    assert prod.extensions == {"requestId": "req-0001"}
