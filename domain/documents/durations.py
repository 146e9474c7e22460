"""ISO 8601 durations as whole seconds: weeks, days, hours, minutes and seconds only."""

from __future__ import annotations

import re

_DURATION = re.compile(
    r"P(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?)?"
)
_YEARS_OR_MONTHS = re.compile(r"P(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T[0-9HMS]*)?")
_SECONDS = {"weeks": 604800, "days": 86400, "hours": 3600, "minutes": 60, "seconds": 1}


def parse_duration(text: str) -> int:
    """Seconds in an ISO 8601 duration such as PT15M, PT4H, P5D or P1DT2H; ValueError if not accepted."""
    if not isinstance(text, str):
        raise ValueError(f"{text!r} is not a duration: write it as text such as PT15M, PT4H or P5D.")
    match = _DURATION.fullmatch(text)
    if match is None or text in ("P", "PT"):
        raise ValueError(_explain(text))
    return sum(int(value) * _SECONDS[unit] for unit, value in match.groupdict().items() if value is not None)


def format_duration(seconds: int) -> str:
    """The canonical ISO 8601 form of a number of seconds: days, then hours, minutes and seconds."""
    if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds < 0:
        raise ValueError(f"{seconds!r} is not a number of seconds a duration can have.")
    if seconds == 0:
        return "PT0S"
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    time = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M"), (secs, "S")) if n)
    return "P" + (f"{days}D" if days else "") + (f"T{time}" if time else "")


def _explain(text: str) -> str:
    """Why `text` is not an accepted duration, in words."""
    if text.startswith("-"):
        return f"'{text}' is negative; a duration cannot be negative."
    if _YEARS_OR_MONTHS.fullmatch(text) and re.match(r"P\d+[YM]", text):
        return (
            f"'{text}' uses years or months, whose length varies; "
            "write it in weeks, days or hours instead (for example P30D)."
        )
    if re.search(r"\d[.,]\d", text):
        return f"'{text}' has a fraction; use whole numbers of a smaller unit (PT90M, not PT1.5H)."
    return f"'{text}' is not an ISO 8601 duration such as PT15M, PT4H, P5D or P1DT2H."
