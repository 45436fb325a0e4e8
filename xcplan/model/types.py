"""Scalar types shared by the plan and config models, with the checks the format asks for.

Patterns and limits are pydantic's own constraints, checked in Rust; the few checks that need
Python raise ``PydanticCustomError`` with an ``xc_*`` error type. The schema phase of the linter
(``xcplan.lint.schema``) maps each failure to its rule code and a message for people.

No ``from __future__ import annotations`` in the model modules: pydantic would have to evaluate
every annotation string at import, which slows down ``xcplan validate``.
"""

import datetime as dt
import math
import re
from typing import Annotated, Any, Final

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from xcplan.model.currency import CURRENCY_CODES, REPLACED
from xcplan.model.numbers import WrittenFloat, WrittenInt, float_text

ID_PATTERN: Final = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
ID_MAX_LENGTH: Final = 64
LOCALE_PATTERN: Final = r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$"
DURATION_PATTERN: Final = r"^(\d+w)?(\d+d)?(\d+h)?(\d+m)?$"
CLOCK_PATTERN: Final = r"^(?:[01]\d|2[0-3]):[0-5]\d$"
REQUIRED_PATTERN: Final = r"\S"
CURRENCY_PATTERN: Final = r"^[A-Z]{3}$"
LOCAL_DATETIME_PATTERN: Final = r"^\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d$"

_DATE_RE: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LOCAL_DATETIME_RE: Final = re.compile(LOCAL_DATETIME_PATTERN)


def _none_if_empty(value: Any) -> Any:
    return None if value == "" else value


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise PydanticCustomError(
            "xc_date",
            "`{value}` has a time of day: write a date as `YYYY-MM-DD`",
            {"value": value.isoformat(sep=" ")},
        )
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        if _DATE_RE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                raise PydanticCustomError(
                    "xc_date", "`{value}` is not a real calendar date", {"value": value}
                ) from None
        raise PydanticCustomError(
            "xc_date", "`{value}` is not a date: write it as `YYYY-MM-DD`", {"value": value}
        )
    raise PydanticCustomError("date_type", "Input should be a valid date")


def _check_local_datetime(value: Any) -> str:
    if isinstance(value, dt.datetime | dt.date):
        raise PydanticCustomError(
            "xc_local_datetime",
            "`{value}` is not a local date-time as the format writes it: quote it and write "
            "`YYYY-MM-DDTHH:MM`",
            {"value": value.isoformat()},
        )
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "Input should be a valid string")
    if not _LOCAL_DATETIME_RE.match(value):
        raise PydanticCustomError(
            "xc_local_datetime",
            "`{value}` is not a local date-time: write it as `YYYY-MM-DDTHH:MM`, such as "
            "`2026-03-02T20:00`",
            {"value": value},
        )
    try:
        dt.date.fromisoformat(value[:10])
    except ValueError:
        raise PydanticCustomError(
            "xc_local_datetime", "`{value}` is not a real calendar date", {"value": value}
        ) from None
    return value


def _check_currency(value: str) -> str:
    if value in REPLACED:
        raise PydanticCustomError(
            "xc_currency",
            "`{value}` is no longer an ISO 4217 currency code in use: it was replaced by "
            "`{replacement}`",
            {"value": value, "replacement": REPLACED[value]},
        )
    if value not in CURRENCY_CODES:
        raise PydanticCustomError(
            "xc_currency",
            "`{value}` is not an ISO 4217 currency code in use, such as `EUR` or `PLN`",
            {"value": value},
        )
    return value


def _template_number(value: int | float) -> int | float:
    """Return a number a template may render, remembering its written form (``model.numbers``)."""
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError(
            "xc_not_finite",
            "`{value}` is not a number a plan may hold (NaN and infinities are not); to use "
            'it as text, quote it: `"{value}"`',
            {"value": getattr(value, "written", None) or float_text(value)},
        )
    if isinstance(value, WrittenInt | WrittenFloat):
        return value
    return WrittenInt(value) if isinstance(value, int) else WrittenFloat(value)


def _check_scalar(value: Any) -> str | int | float:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise PydanticCustomError("xc_text_or_number", "Input should be text or a number")
    return value if isinstance(value, str) else _template_number(value)


def _check_profile_value(value: Any) -> str | int | float | list[str]:
    if isinstance(value, list):
        for item in value:
            if not isinstance(item, str):
                raise PydanticCustomError("xc_profile_value", "a list in `profile` holds text only")
        return value
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise PydanticCustomError(
            "xc_profile_value", "Input should be text, a number or a list of text"
        )
    return value if isinstance(value, str) else _template_number(value)


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=ID_MAX_LENGTH)]
"""An identifier: lowercase letters and digits joined by single `-` or `_`, 1 to 64 characters."""

Locale = Annotated[str, StringConstraints(pattern=LOCALE_PATTERN)]
"""A BCP 47 language tag such as `en`, `en-GB` or `pl-PL`."""

Duration = Annotated[str, StringConstraints(pattern=DURATION_PATTERN, min_length=2)]
"""A duration such as `30m`, `23h30m`, `2d` or `1w2d`."""

Clock = Annotated[str, StringConstraints(pattern=CLOCK_PATTERN)]
"""A time of day, `HH:MM` on a 24-hour clock."""

Text = str
"""Free text. The loader strips trailing spaces from each line of multi-line text."""

RequiredText = Annotated[str, StringConstraints(pattern=REQUIRED_PATTERN)]
"""Text that must not be empty."""

OptionalText = Annotated[Text | None, BeforeValidator(_none_if_empty)]
"""Optional free text; an empty string means absent."""

PlanDate = Annotated[
    dt.date,
    PlainValidator(_parse_date),
    WithJsonSchema({"type": "string", "format": "date"}),
]
"""A calendar date, `YYYY-MM-DD`."""

TextOrNumber = Annotated[
    str | int | float,
    PlainValidator(_check_scalar),
    WithJsonSchema({"type": ["string", "number"]}),
]
"""A template variable's value: text or a number."""

ProfileValue = Annotated[
    str | int | float | list[str],
    PlainValidator(_check_profile_value),
    WithJsonSchema(
        {"anyOf": [{"type": ["string", "number"]}, {"type": "array", "items": {"type": "string"}}]}
    ),
]
"""A persona profile value: text, a number, or a list of text."""

LocalDateTime = Annotated[
    str,
    PlainValidator(_check_local_datetime),
    WithJsonSchema({"type": "string", "pattern": LOCAL_DATETIME_PATTERN}),
]
"""A local date and time of day, `YYYY-MM-DDTHH:MM` (no seconds, no time zone)."""

Currency = Annotated[
    str,
    StringConstraints(pattern=CURRENCY_PATTERN),
    AfterValidator(_check_currency),
    WithJsonSchema({"type": "string", "enum": sorted(CURRENCY_CODES)}),
]
"""An ISO 4217 currency code in use (list one of 2026-01-01), such as `EUR` or `PLN`."""

Rate = Annotated[float, Field(ge=0, le=1)]
"""A share between 0 and 1, such as `0.15` for 15%."""

Percent = Annotated[float, Field(ge=0, le=100)]
"""A share of the audience in percent, 0 to 100."""
