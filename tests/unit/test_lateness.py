from datetime import UTC, datetime, timedelta

from domain.lateness import late_by_seconds

HOUR = timedelta(hours=1)
AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_an_event_recorded_within_the_allowance_is_not_late() -> None:
    assert late_by_seconds(AT, AT + HOUR, HOUR) is None
    assert late_by_seconds(AT, AT, HOUR) is None


def test_an_event_recorded_after_the_allowance_is_late_by_the_whole_delay() -> None:
    # A month late: 30 days of 86,400 s, counted from `at`, not from the end of the allowance.
    assert late_by_seconds(AT, AT + timedelta(days=30), HOUR) == 2_592_000
    assert late_by_seconds(AT, AT + HOUR + timedelta(seconds=1), HOUR) == 3601


def test_an_event_without_a_recording_instant_is_never_late() -> None:
    assert late_by_seconds(AT, None, HOUR) is None
