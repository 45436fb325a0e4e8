"""One codec for every field of every form: the text a field shows for a value, and back.

A ``FieldSpec`` names a field of an entity of the format (or of the brand voice), how it is
typed (its ``kind``), its label and its help. The help is the model's own description of the
field (the one the JSON Schema carries, so editors show it on hover), with a word on how to type
it: help is written once. ``render_value`` gives the text for a value; ``parse_value`` reads a
value from text and raises ``FieldValueError`` with the message to show when the text holds
none. Whether the value is *valid* is the model's to say (``xcplan.edit.entities``): the codec
only reads.

The kinds:

- ``required``: one line, kept as typed (the model says when it is empty);
- ``text``, ``multiline``: free text, absent when empty;
- ``whole``: a whole number (spaces, commas and underscores between digits are ignored);
- ``number``: a number (a decimal comma reads as a point); ``share``: a number that may end
  with ``%`` (weights, the control group, rates);
- ``select``: one of ``options``; ``choices``: several of them;
- ``lines``: one item per line; ``words``: items separated by commas or new lines; ``codes``:
  items separated by commas or spaces;
- ``pairs``: ``name: value`` per line; ``terms``: ``wrong = preferred`` per line;
- ``yaml``: a mapping written as YAML lines (``name: value``; lists as ``[a, b]``);
- ``events``: a scenario's events, one ``event@time after entry`` per line (``purchase@2d``), as
  ``xcplan simulate --event`` takes them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Final, Literal

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from xcplan.io.canonical import dump_data, number
from xcplan.io.yaml_source import parse

FieldKind = Literal[
    "required", "text", "multiline", "whole", "number", "share", "select", "choices", "lines",
    "words", "codes", "pairs", "terms", "yaml", "events",
]  # fmt: skip

TEXT_KINDS: Final = frozenset({"multiline", "lines", "pairs", "terms", "yaml", "words", "events"})
"""Kinds typed in a multi-line text area; the others in a one-line field or a picker."""

_HINTS: Final[dict[str, str]] = {
    "lines": "One per line.",
    "words": "One per line, or separated by commas.",
    "codes": "Separated by commas.",
    "pairs": "One `name: value` per line.",
    "terms": "One `wrong = preferred` per line, such as `e-mail = email`.",
    "yaml": "One `name: value` per line.",
    "events": "One `event@time after entry` per line, such as `purchase@2d` (`@0m`: at entry).",
}
_WORDS: Final = re.compile(r"[,\n]")
_CODES: Final = re.compile(r"[,\s]+")
_WHOLE: Final = re.compile(r"[+-]?\d+")
_DIGIT_SEPARATORS: Final = re.compile(r"(?<=\d)[\s_]+(?=\d)")
_THOUSANDS: Final = re.compile(r"[+-]?[1-9]\d{0,2},\d{3}")


class FieldValueError(ValueError):
    """A field's text that holds no value of its kind; the message says why, for people."""


class NotANumber(FieldValueError):
    """Text that is not a number: ``text`` is what was typed, ``whole`` whether an integer was
    wanted."""

    def __init__(self, text: str, *, whole: bool) -> None:
        super().__init__(f"`{text}` is not {'a whole number' if whole else 'a number'}")
        self.text = text
        self.whole = whole


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of a form: its key in the entity, label, kind and help."""

    name: str
    label: str
    kind: FieldKind = "text"
    help: str = ""
    options: tuple[tuple[str, str], ...] = ()
    """(label, value) pairs of a ``select`` or ``choices`` field."""
    placeholder: str = ""
    strip: bool = False
    """Whether a ``text`` value loses the spaces around it (names compared as written)."""


def describe(model: type[BaseModel], name: str, kind: FieldKind, note: str = "") -> str:
    """Return the help of field ``name`` of ``model``: its description, how to type it, the
    value an empty field stands for (for settings with a default), and ``note``."""
    info = model.model_fields[name]
    parts = [info.description or ""]
    hint = _HINTS.get(kind)
    if hint:
        parts.append(hint)
    default = info.default
    if kind in ("whole", "number") and default not in (None, PydanticUndefined):
        parts.append(f"Empty: {show_number(default)}.")
    if note:
        parts.append(note)
    return " ".join(part for part in parts if part)


def spec(
    model: type[BaseModel],
    name: str,
    label: str,
    kind: FieldKind = "text",
    *,
    options: tuple[tuple[str, str], ...] = (),
    placeholder: str = "",
    note: str = "",
    strip: bool = False,
) -> FieldSpec:
    """Return the spec of field ``name`` of ``model``, its help taken from the model."""
    if name not in model.model_fields:
        raise ValueError(f"{model.__name__} has no field {name!r}")
    return FieldSpec(
        name, label, kind, describe(model, name, kind, note), options, placeholder, strip
    )


def show_number(value: float) -> str:
    """Return a number as fields show it: ``45``, ``22.5``, ``0.04``."""
    return number(float(value))


def parse_number(text: str, *, whole: bool = False, percent: bool = False) -> int | float | None:
    """Return the number in ``text``; None when it is empty.

    Spaces and underscores between digits are ignored (``12 000``); in a whole number, so are
    commas (``12,000``), and in any other a single comma is a decimal point (``7,5``) unless it
    could be either (``1,500`` is refused: write ``1500`` or ``1.5``).
    ``percent`` allows a ``%`` at the end. A number written without a fraction is an ``int``.
    Raises ``NotANumber`` when the text is not a (finite) number.
    """
    bare = text.strip()
    if percent:
        bare = bare.removesuffix("%").strip()
    if not bare:
        return None
    digits = _DIGIT_SEPARATORS.sub("", bare)
    if whole:
        digits = digits.replace(",", "")
        if _WHOLE.fullmatch(digits):
            return int(digits)
        raise NotANumber(bare, whole=True)
    if digits.count(",") == 1 and "." not in digits and not _THOUSANDS.fullmatch(digits):
        digits = digits.replace(",", ".")
    if _WHOLE.fullmatch(digits):
        return int(digits)
    try:
        value = float(digits)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise NotANumber(bare, whole=False)
    return value


def render_value(spec: FieldSpec, value: Any) -> str:
    """Return the text a field shows for ``value`` (empty for None)."""
    if value is None:
        return ""
    kind = spec.kind
    if kind in ("whole", "number", "share") and isinstance(value, int | float):
        return show_number(value)
    if kind == "lines":
        return "\n".join(str(item) for item in value)
    if kind in ("words", "codes"):
        return ", ".join(str(item) for item in value)
    if kind == "pairs":
        return "\n".join(f"{key}: {item}" for key, item in value.items())
    if kind == "terms":
        return "\n".join(f"{wrong} = {right}" for wrong, right in value.items())
    if kind == "yaml":
        return dump_data(dict(value)).rstrip("\n") if value else ""
    if kind == "events":
        return "\n".join(f"{_get(item, 'event')}@{_get(item, 'at')}" for item in value)
    return str(value)


def _get(item: Any, name: str) -> Any:
    return item[name] if isinstance(item, dict) else getattr(item, name)


def parse_value(spec: FieldSpec, text: str) -> Any:
    """Return the value of a field's text: None for an empty optional field.

    Raises ``FieldValueError`` with the message to show when the text holds no value (a word
    where a number belongs, a line without ``name: value``).
    """
    kind = spec.kind
    if kind == "required":
        return text
    if kind in ("text", "multiline", "select"):
        if spec.strip or kind == "select":
            return text.strip() or None
        return text if text.strip() else None
    if kind in ("whole", "number", "share"):
        try:
            return parse_number(text, whole=kind == "whole", percent=kind == "share")
        except NotANumber as error:
            wanted = "a whole number" if error.whole else "a number"
            raise FieldValueError(f"`{spec.name}` must be {wanted}, not `{error.text}`") from None
    if kind == "lines":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if kind == "words":
        return [word.strip() for word in _WORDS.split(text) if word.strip()]
    if kind == "codes":
        return [code for code in _CODES.split(text.strip()) if code]
    if kind == "pairs":
        return parse_pairs(text)
    if kind == "terms":
        return parse_terms(text)
    if kind == "yaml":
        return parse_mapping(text)
    if kind == "events":
        return parse_events(text)
    raise ValueError(f"a `{kind}` field is not typed as text")


def parse_events(text: str) -> list[dict[str, str]]:
    """Return the ``event@time`` lines of ``text`` as a scenario's events (``{"event", "at"}``,
    as typed: the model checks the id and the duration).

    Raises ``FieldValueError`` naming the first line without an ``@``.
    """
    out: list[dict[str, str]] = []
    for line_number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        event, at, offset = line.partition("@")
        if not at or not event.strip():
            raise FieldValueError(
                f"line {line_number}: write `event@time after entry`, such as `purchase@2d`"
            )
        out.append({"event": event.strip(), "at": offset.strip()})
    return out


def parse_pairs(text: str) -> dict[str, str]:
    """Return the ``name: value`` lines of ``text`` as a mapping.

    Raises ``FieldValueError`` naming the first line without a name and a colon.
    """
    out: dict[str, str] = {}
    for line_number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        key, colon, item = line.partition(":")
        if not colon or not key.strip():
            raise FieldValueError(f"line {line_number}: write `name: value`")
        out[key.strip()] = item.strip()
    return out


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1].strip()
    return text


def parse_terms(text: str) -> dict[str, str]:
    """Return the ``wrong = preferred`` lines of ``text`` as a mapping (``:`` works too).

    Raises ``FieldValueError`` naming the first line without both forms, or with a wrong form
    given twice.
    """
    out: dict[str, str] = {}
    for line_number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        separator = "=" if "=" in line else ":"
        wrong, found, right = line.partition(separator)
        wrong, right = _unquote(wrong.strip()), _unquote(right.strip())
        if not found or not wrong or not right:
            raise FieldValueError(
                f"line {line_number}: write `wrong = preferred`, such as `e-mail = email`"
            )
        if wrong in out:
            raise FieldValueError(f"line {line_number}: `{wrong}` is given twice")
        out[wrong] = right
    return out


def parse_mapping(text: str) -> dict[str, Any]:
    """Return the mapping written as YAML lines in ``text`` (empty text: an empty mapping).

    The YAML is read as plan files are (no tags, anchors or duplicate keys). Raises
    ``FieldValueError`` naming the line of the first problem.
    """
    if not text.strip():
        return {}
    parsed = parse(text)
    if parsed.problems:
        first = parsed.problems[0]
        raise FieldValueError(f"line {first.line}: {first.message}")
    if not isinstance(parsed.data, dict):
        raise FieldValueError("write one `name: value` per line")
    return parsed.data
