"""domain.documents.durations: ISO 8601 durations as whole seconds."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.documents.durations import format_duration, parse_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("PT0S", 0),
        ("PT45S", 45),
        ("PT15M", 900),
        ("PT1H", 3600),
        ("PT4H", 14400),
        ("PT24H", 86400),
        ("PT1H30M", 5400),
        ("P1D", 86400),
        ("P3D", 259200),
        ("P5D", 432000),
        ("P30D", 2592000),
        ("P1DT2H", 93600),
        ("P2W", 1209600),
        ("P1W2DT3H4M5S", 604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5),
    ],
)
def test_parse_duration_accepts_weeks_days_and_time(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("P1Y", "years or months"),
        ("P1M", "years or months"),
        ("P1Y2M", "years or months"),
        ("P1MT2H", "years or months"),
        ("-PT1H", "negative"),
        ("PT1.5H", "fraction"),
        ("PT1,5H", "fraction"),
        ("P", "not an ISO 8601 duration"),
        ("PT", "not an ISO 8601 duration"),
        ("P1DT", "not an ISO 8601 duration"),
        ("", "not an ISO 8601 duration"),
        ("pt15m", "not an ISO 8601 duration"),
        ("PT15M ", "not an ISO 8601 duration"),
        ("15 minutes", "not an ISO 8601 duration"),
        ("PT15", "not an ISO 8601 duration"),
        ("P1H", "not an ISO 8601 duration"),
    ],
)
def test_parse_duration_refuses_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_duration(text)


def test_parse_duration_refuses_non_text() -> None:
    with pytest.raises(ValueError, match="write it as text"):
        parse_duration(900)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "PT0S"),
        (45, "PT45S"),
        (900, "PT15M"),
        (14400, "PT4H"),
        (86400, "P1D"),
        (93600, "P1DT2H"),
        (93661, "P1DT2H1M1S"),
        (1209600, "P14D"),
    ],
)
def test_format_duration_is_canonical(seconds: int, text: str) -> None:
    assert format_duration(seconds) == text


@pytest.mark.parametrize("seconds", [-1, 1.5, True])
def test_format_duration_refuses_what_is_not_a_number_of_seconds(seconds: object) -> None:
    with pytest.raises(ValueError, match="not a number of seconds"):
        format_duration(seconds)  # type: ignore[arg-type]


@given(st.integers(min_value=0, max_value=10**10))
def test_format_then_parse_gives_the_seconds_back(seconds: int) -> None:
    assert parse_duration(format_duration(seconds)) == seconds
