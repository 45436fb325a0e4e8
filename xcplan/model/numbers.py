"""Numbers as they were written: what `vars` and `profile` keep (format, section 7).

A template renders a number as Python prints it, so `price: 10.0` renders `10.0` and
`price: 10` renders `10`: the written form is part of the plan's meaning. The loader reads every
number into a ``WrittenInt`` or ``WrittenFloat``, which equal and render as the plain number and
remember the text they came from. Typed fields (weights, sizes, rates) are turned back into
plain numbers by the models; `vars` and `profile` keep them, and the canonical writer writes
them with ``template_number``.

No imports beyond the standard library: the loader and the models both use this module.
"""

from __future__ import annotations

import math
import re
from typing import Final

_INT_KEPT: Final = re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*)|0x[0-9a-fA-F]+)$")
_FLOAT_KEPT: Final = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+][0-9]+)?$")


class WrittenInt(int):
    """An integer that remembers the text it was read from (``written``)."""

    written: str

    def __new__(cls, value: int, written: str | None = None) -> WrittenInt:
        number = super().__new__(cls, value)
        number.written = written if written is not None else int_text(int(value))
        return number

    def __getnewargs__(self) -> tuple[int, str]:  # type: ignore[override]
        return (int(self), self.written)


class WrittenFloat(float):
    """A float that remembers the text it was read from (``written``)."""

    __slots__ = ("written",)
    written: str

    def __new__(cls, value: float, written: str | None = None) -> WrittenFloat:
        number = super().__new__(cls, value)
        number.written = written if written is not None else float_text(float(value))
        return number

    def __getnewargs__(self) -> tuple[float, str]:  # type: ignore[override]
        return (float(self), self.written)

    def __reduce__(self) -> tuple[type[WrittenFloat], tuple[float, str]]:
        return (WrittenFloat, (float(self), self.written))


def int_text(value: int) -> str:
    """Return an integer as YAML 1.1 and 1.2 both read it: decimal, or hex past Python's
    4,300-digit limit for decimal text."""
    try:
        return str(value)
    except ValueError:
        return ("-" if value < 0 else "") + hex(abs(value))


def float_text(value: float) -> str:
    """Return a float as YAML 1.1 and 1.2 both read it as that float, and so that it stays a
    float (``10.0``, not ``10``): a fraction or exponent always, the exponent signed."""
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    if "." not in mantissa:
        mantissa += ".0"
    sign = "" if exponent.startswith(("-", "+")) else "+"
    return f"{mantissa}e{sign}{exponent}"


def written(value: int | float, text: str) -> int | float:
    """Return ``value`` (a number the loader read from ``text``) remembering ``text``."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return WrittenInt(value, text)
    return WrittenFloat(value, text)


def template_number(value: int | float) -> str:
    """Return the text the canonical writer writes for a number a template may render.

    The form it was written in when YAML 1.1 and 1.2 both read that text as the same number
    (``10.0``, ``1.5e+3``, ``0x1F``, ``+5``); otherwise the plain form of the same value and
    type: ``1_000`` (text in YAML 1.2) is written ``1000``, ``017`` (octal in YAML 1.1 only) ``15``,
    ``1:30`` (sexagesimal) ``90``, ``1.5e3``... never changes its type.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        text = getattr(value, "written", None)
        if isinstance(text, str) and _INT_KEPT.match(text) and int(text, 0) == value:
            return text
        return int_text(int(value))
    text = getattr(value, "written", None)
    if (
        isinstance(text, str)
        and _FLOAT_KEPT.match(text)
        and math.isfinite(value)
        and float(text) == value
    ):
        return text
    return float_text(float(value))
