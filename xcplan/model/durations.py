"""Durations as the format writes them (`30m`, `23h30m`, `2d`, `1w2d`), in minutes and back.

The one place durations are read: `delay`, `per`, `min_gap`, a scenario event's `at`, the export's
timeline offsets and `xcplan simulate --event NAME@OFFSET` all go through ``parse_duration``.
"""

from __future__ import annotations

import re
from typing import Final

_DURATION: Final = re.compile(r"^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$")
_UNITS: Final = (7 * 24 * 60, 24 * 60, 60, 1)

MINUTES_PER_DAY: Final = 24 * 60
"""Minutes in a day: local time has no time zones and no daylight saving (section 10)."""


def parse_duration(text: str) -> int | None:
    """Return a duration such as ``1w2d`` in minutes, or None when ``text`` is not one.

    The empty text is not a duration; ``0m`` is (zero minutes).
    """
    found = _DURATION.match(text)
    if found is None or not text:
        return None
    return sum(int(part) * unit for part, unit in zip(found.groups(), _UNITS, strict=True) if part)


def duration_minutes(duration: str | None) -> int:
    """Return a duration such as ``1w2d`` in minutes (0 for None or for text that is not one)."""
    if not duration:
        return 0
    minutes = parse_duration(duration)
    return 0 if minutes is None else minutes


def format_minutes(minutes: int) -> str:
    """Return minutes as a duration in the format's notation (``1w2d3h``, ``0m`` for zero)."""
    parts = []
    for suffix, unit in zip("wdhm", _UNITS, strict=True):
        count, minutes = divmod(minutes, unit)
        if count:
            parts.append(f"{count}{suffix}")
    return "".join(parts) or "0m"
