"""The brand voice of ``xcplan.toml`` as the planner edits it: its fields, reading them back
into a ``Brand``, and what a save must ask about.

The ``[brand]`` settings drive rules XC601 to XC608; ``[brand.locales.TAG]`` adds lists for copy
in one locale. A form's values are keyed by setting (``banned``) and, for a locale's lists, by
``locales.TAG.NAME``. A field whose text is what it was filled with keeps its value exactly as
it was read, so opening the tab and saving never rewrites a value it did not change.
"""

from __future__ import annotations

import re
import tomllib
import typing
from collections.abc import Mapping
from typing import Any, Final

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from xcplan.edit.entities import FieldErrors
from xcplan.edit.fields import FieldSpec, FieldValueError, parse_value, render_value, show_number
from xcplan.edit.fields import spec as field_spec
from xcplan.model.config import Brand, BrandLocale, EmojiPolicy
from xcplan.model.types import LOCALE_PATTERN

DEFAULTS: Final = Brand()
"""The settings of a brand voice nobody has changed."""

BRAND_FIELDS: Final[tuple[FieldSpec, ...]] = (
    field_spec(Brand, "name", "Brand name", placeholder="Acme", strip=True),
    field_spec(Brand, "voice", "Voice", "words"),
    field_spec(Brand, "banned", "Banned terms", "lines", note="Any case, whole words."),
    field_spec(Brand, "preferred", "Preferred", "terms"),
    field_spec(Brand, "acronyms", "Acronyms", "codes", placeholder="SMS, FAQ"),
    field_spec(
        Brand,
        "max_exclamations",
        "Exclamations",
        "whole",
        placeholder=str(DEFAULTS.max_exclamations),
    ),
    field_spec(
        Brand,
        "emoji",
        "Emoji",
        "select",
        options=tuple((name, name) for name in typing.get_args(EmojiPolicy)),
    ),
    field_spec(
        Brand,
        "max_sentence_words",
        "Sentence words",
        "whole",
        placeholder=str(DEFAULTS.max_sentence_words),
    ),
    field_spec(
        Brand, "max_grade", "Reading grade", "number", placeholder=show_number(DEFAULTS.max_grade)
    ),
)
"""The settings of ``[brand]``, in the order the tab shows them."""

LOCALE_FIELDS: Final[tuple[FieldSpec, ...]] = (
    field_spec(BrandLocale, "banned", "Banned terms", "lines"),
    field_spec(BrandLocale, "preferred", "Preferred", "terms"),
    field_spec(BrandLocale, "acronyms", "Acronyms", "codes", placeholder="BLIK"),
)
"""The lists of ``[brand.locales.TAG]``; they add to the lists of ``[brand]``."""

_FIELD_NAMES: Final = frozenset(field.name for field in BRAND_FIELDS)
LOCALE_NAMES: Final = frozenset(field.name for field in LOCALE_FIELDS)


def locale_key(tag: str, name: str) -> str:
    """Return the key of a locale's list in a form's values and errors."""
    return f"locales.{tag}.{name}"


def brand_texts(brand: Brand | None) -> dict[str, tuple[str, Any]]:
    """Return the text each field shows for ``brand`` (the defaults when None), with the value
    it stands for, by key (``locales.TAG.NAME`` for a locale's lists)."""
    shown = brand if brand is not None else DEFAULTS
    out: dict[str, tuple[str, Any]] = {}
    for field in BRAND_FIELDS:
        value = getattr(shown, field.name)
        out[field.name] = (render_value(field, value), value)
    for tag, lists in shown.locales.items():
        for field in LOCALE_FIELDS:
            value = getattr(lists, field.name)
            out[locale_key(tag, field.name)] = (render_value(field, value), value)
    return out


def read_brand(
    texts: Mapping[str, str],
    locales: Mapping[str, Mapping[str, str]],
    originals: Mapping[str, tuple[str, Any]],
) -> tuple[Brand | None, FieldErrors]:
    """Return the brand the fields describe, and the message of each field at fault.

    ``texts`` are the ``[brand]`` fields' texts by setting; ``locales`` each locale's lists'
    texts by name; ``originals`` what ``brand_texts`` gave when the fields were filled. The
    brand is None when a field is at fault.
    """
    errors: FieldErrors = {}

    def value(key: str, field: FieldSpec, text: str) -> Any:
        original = originals.get(key)
        if original is not None and original[0] == text:
            return original[1]
        try:
            return parse_value(field, text)
        except FieldValueError as error:
            errors[key] = str(error)
            return None

    data: dict[str, Any] = {}
    for field in BRAND_FIELDS:
        got = value(field.name, field, texts.get(field.name, ""))
        if got is not None or field.name == "name":
            data[field.name] = got
    data["locales"] = {
        tag: {
            field.name: got
            for field in LOCALE_FIELDS
            if (got := value(locale_key(tag, field.name), field, lists.get(field.name, "")))
            is not None
        }
        for tag, lists in locales.items()
    }
    if errors:
        return None, errors
    try:
        return Brand.model_validate(data), {}
    except ValidationError as error:
        for detail in error.errors():
            errors.setdefault(_key_of(detail["loc"]), _model_message(detail))
        return None, errors


def _key_of(loc: tuple[int | str, ...]) -> str:
    """Return the key of the field a model error's ``loc`` names (``locales.pl.banned``)."""
    head = str(loc[0]) if loc else ""
    if head in _FIELD_NAMES and head != "locales":
        return head
    if head == "locales" and len(loc) > 1:
        tag = str(loc[1])
        if len(loc) > 2 and loc[2] in LOCALE_NAMES:
            return locale_key(tag, str(loc[2]))
        return f"locales.{tag}"
    return "name"


def _model_message(error: ErrorDetails) -> str:
    """Return a model error as the linter words such messages."""
    loc = error["loc"]
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    field = next((str(p) for p in reversed(loc) if isinstance(p, str) and p != "[key]"), "value")
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        shown = show_number(bound) if isinstance(bound, int | float) else str(bound)
        if kind == "greater_than_equal":
            return f"`{field}` must be {shown} or more"
        return f"`{field}` must be more than {shown}"
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "[key]":
        return f"`{error['input']}` is not a BCP 47 language tag such as `pl` or `pt-BR`"
    if kind == "finite_number":
        return f"`{field}` must be a number, not infinity or NaN"
    message = str(error["msg"])
    return f"`{field}`: {message[:1].lower()}{message[1:]}"


def new_locale_problem(tag: str, known: set[str] | list[str]) -> str:
    """Return why lists for locale ``tag`` cannot be added (empty when they can).

    ``known`` are the locales that have lists already (compared without case).
    """
    taken = {name.lower(): name for name in known}
    if not tag:
        return "type a locale such as `pl` or `pt-BR` first"
    if not re.fullmatch(LOCALE_PATTERN, tag):
        return f"`{tag}` is not a BCP 47 language tag such as `pl` or `pt-BR`"
    if tag.lower() in taken:
        return f"`{taken[tag.lower()]}` has its lists already: choose it"
    return ""


def toml_comment_lines(text: str) -> list[int]:
    """Return the line numbers (1-based) of ``text`` that hold a TOML comment.

    A ``#`` starts a comment when cutting its line there leaves a file that reads the same; a
    ``#`` inside a string changes the string (or breaks it). Returns an empty list for text
    that is not TOML.
    """
    if "#" not in text:
        return []
    try:
        whole = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return []
    lines = text.split("\n")
    found: list[int] = []
    for index, line in enumerate(lines):
        start = line.find("#")
        while start != -1:
            cut = "\n".join([*lines[:index], line[:start], *lines[index + 1 :]])
            try:
                same = tomllib.loads(cut) == whole
            except tomllib.TOMLDecodeError:
                same = False
            if same:
                found.append(index + 1)
                break
            start = line.find("#", start + 1)
    return found
