"""Times of a walk: minutes after the customer's entry, shown to people and written for systems.

A walk counts in whole minutes from the scenario's ``start``, in the customer's local time with
no time zones and no daylight saving (format, section 10). People read ``Wed 1 Apr 09:00``
(English names, whatever the machine's locale), or ``day 3 09:00`` when the campaign has no
``start`` and the date is only the fixed day 1; systems read ``2026-04-01T09:00``.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from xcplan.model.durations import MINUTES_PER_DAY, format_minutes

HORIZON: Final = 365 * MINUTES_PER_DAY
"""The walk ends 365 days after entry at the latest."""

DAY_ONE: Final = dt.date(2024, 1, 1)
"""The date of day 1 for a campaign without a ``start``: a Monday, so weeks read Monday first."""

ENTRY_TIME: Final = dt.time(9, 0)
"""When a scenario without a ``start`` enters on its default day: 09:00."""

DAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
"""The days of the week as people read them, Monday first (English, whatever the locale)."""
MONTHS: Final = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
"""The months as people read them."""


def iso(moment: dt.datetime) -> str:
    """Return a local date-time as the format writes it: ``2026-04-01T09:00``."""
    return moment.strftime("%Y-%m-%dT%H:%M")


def day_label(day: dt.date) -> str:
    """Return a date for people: ``Wed 1 Apr``."""
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


def moment_label(moment: dt.datetime, *, entry: dt.datetime, relative: bool) -> str:
    """Return a time of the walk for people: ``Wed 1 Apr 09:00``, or ``day 3 09:00`` when
    ``relative`` (day 1 is the day of ``entry``)."""
    clock = moment.strftime("%H:%M")
    if relative:
        return f"day {(moment.date() - entry.date()).days + 1} {clock}"
    return f"{day_label(moment.date())} {clock}"


def shifted(start: dt.datetime, minutes: int) -> dt.datetime | None:
    """Return the local date-time ``minutes`` after ``start``, or None past the year 9999."""
    try:
        return start + dt.timedelta(minutes=minutes)
    except OverflowError:
        return None


def label_at(start: dt.datetime, minutes: int, *, relative: bool) -> str:
    """Return a time of a walk for people (see ``moment_label``); past the year 9999, the time
    after entry (``52w1d after entry``)."""
    moment = shifted(start, minutes)
    if moment is None:
        return f"{format_minutes(minutes)} after entry"
    return moment_label(moment, entry=start, relative=relative)


def span(minutes: int) -> str:
    """Return a length of time in words: ``7 days``, ``1 day``, ``4 hours``, ``90 minutes``."""
    if minutes and minutes % MINUTES_PER_DAY == 0:
        count, word = minutes // MINUTES_PER_DAY, "day"
    elif minutes and minutes % 60 == 0:
        count, word = minutes // 60, "hour"
    else:
        count, word = minutes, "minute"
    return f"{count} {word}{'' if count == 1 else 's'}"


def ordinal(number: int) -> str:
    """Return ``1st``, ``2nd``, ``3rd``, ``4th``, ``11th``, ``21st``..."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
