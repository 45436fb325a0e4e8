"""The Brand voice tab: the ``[brand]`` table of the ``xcplan.toml`` that applies to the plan.

The tab edits the settings of the brand voice rules (XC601 to XC608): the brand's name, voice
words, banned and preferred terms, acronyms, the exclamation, emoji, sentence-length and
reading-grade limits, and the lists for copy in one locale (``[brand.locales.TAG]``). Each field
is checked as it is typed, with the message under it. Nothing is written until the user saves:
``BrandPane.save`` writes the whole config with tomli-w, atomically, to the ``xcplan.toml`` the
plan's settings came from (or creates one beside the plan), keeps ``[channels]`` and ``[lint]``
as they were, and posts ``ConfigChanged`` so the plan screen lints the plan again at once.

A field the user did not touch keeps its value exactly as it was read, so opening the tab and
saving never rewrites a value it did not change. Saving asks first when the file changed on
disk since it was read, when it has comments (tomli-w keeps none), and when it does not load.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Final, Literal

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Select, Static, TextArea

from xcplan.errors import ConfigError
from xcplan.io.canonical import number
from xcplan.io.config import CONFIG_NAME, save_config
from xcplan.model.config import Brand, Config, EmojiPolicy
from xcplan.model.types import LOCALE_PATTERN
from xcplan.tui.document import Document
from xcplan.tui.messages import ConfigChanged
from xcplan.tui.screens.dialogs import Choice, QuestionDialog, confirm
from xcplan.tui.widgets.fields import FieldInput, FieldText

FieldKind = Literal["text", "words", "lines", "pairs", "codes", "whole", "number", "emoji"]

_DEFAULTS: Final = Brand()
_WORDS: Final = re.compile(r"[,\n]")
_CODES: Final = re.compile(r"[,\s]+")
_WHOLE: Final = re.compile(r"[+-]?\d+")
_EMOJI_HELP: Final = {
    "none": "no emoji",
    "limited": "at most one per field",
    "any": "no limit",
}


@dataclass(frozen=True, slots=True)
class BrandField:
    """One setting of ``[brand]`` (or of ``[brand.locales.TAG]``): its key, label, kind, help."""

    name: str
    label: str
    kind: FieldKind
    help: str
    placeholder: str = ""


FIELDS: Final[tuple[BrandField, ...]] = (
    BrandField(
        "name",
        "Brand name",
        "text",
        "The brand's name as it is written; XC603 flags other casings (ACME, acme for Acme).",
        "Acme",
    ),
    BrandField(
        "voice",
        "Voice",
        "words",
        "Words that describe how copy should sound, shown to writers; one per line or "
        "separated by commas.",
    ),
    BrandField(
        "banned",
        "Banned terms",
        "lines",
        "Terms never to use, one per line (XC601, an error). Any case, whole words; a term of "
        "several words matches across any spacing.",
    ),
    BrandField(
        "preferred",
        "Preferred",
        "pairs",
        "One `wrong = preferred` per line, such as `e-mail = email`; XC602 names the "
        "preferred form.",
    ),
    BrandField(
        "acronyms",
        "Acronyms",
        "codes",
        "Words allowed in capitals, separated by commas (SMS, FAQ); XC606 flags other words of "
        "four or more capitals.",
        "SMS, FAQ",
    ),
    BrandField(
        "max_exclamations",
        "Exclamations",
        "whole",
        "Most exclamation marks in one field (XC604); 0 allows none. "
        f"Empty: {_DEFAULTS.max_exclamations}.",
        str(_DEFAULTS.max_exclamations),
    ),
    BrandField(
        "emoji",
        "Emoji",
        "emoji",
        "Emoji in one field (XC605): "
        + "; ".join(f"{name}: {what}" for name, what in _EMOJI_HELP.items())
        + ".",
    ),
    BrandField(
        "max_sentence_words",
        "Sentence words",
        "whole",
        f"Longest sentence, in words (XC607). Empty: {_DEFAULTS.max_sentence_words}.",
        str(_DEFAULTS.max_sentence_words),
    ),
    BrandField(
        "max_grade",
        "Reading grade",
        "number",
        "Highest Flesch-Kincaid grade of English bodies of 20 words or more (XC608). "
        f"Empty: {number(_DEFAULTS.max_grade)}.",
        number(_DEFAULTS.max_grade),
    ),
)
"""The settings of ``[brand]``, in the order the tab shows them."""

LOCALE_FIELDS: Final[tuple[BrandField, ...]] = (
    BrandField(
        "banned",
        "Banned terms",
        "lines",
        "Also banned in copy of this locale, one per line (XC601).",
    ),
    BrandField(
        "preferred",
        "Preferred",
        "pairs",
        "Also preferred in this locale: one `wrong = preferred` per line (XC602).",
    ),
    BrandField(
        "acronyms",
        "Acronyms",
        "codes",
        "Also allowed in capitals in this locale, separated by commas (XC606).",
        "BLIK",
    ),
)
"""The lists of ``[brand.locales.TAG]``; they add to the lists of ``[brand]``."""

_LOCALE_NAMES: Final = frozenset(spec.name for spec in LOCALE_FIELDS)
_FIELD_NAMES: Final = frozenset(spec.name for spec in FIELDS)

INTRO: Final = (
    "How copy should sound. These settings are the [brand] table of xcplan.toml: every plan in "
    "its folder and below is checked against them (rules XC601 to XC608). Each field is checked "
    "as you type; nothing is written until you save."
)
LOCALE_HELP: Final = (
    "Lists for copy in one locale (a variant's locale, or the campaign's): they add to the "
    "lists above. Type a locale such as pl or pt-BR and press Add locale."
)


class BrandValueError(ValueError):
    """A field's text that cannot become a value (a word where a number belongs)."""


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1].strip()
    return text


def render_field(kind: FieldKind, value: Any) -> str:
    """Return the text a field of ``kind`` shows for ``value`` (empty for None)."""
    if value is None:
        return ""
    if kind in ("words", "codes"):
        return ", ".join(value)
    if kind == "lines":
        return "\n".join(value)
    if kind == "pairs":
        return "\n".join(f"{wrong} = {right}" for wrong, right in value.items())
    if kind == "number":
        return number(float(value))
    return str(value)


def parse_field(spec: BrandField, text: str) -> Any:
    """Return the value of a field's text: None for an empty one (the default).

    Raises ``BrandValueError`` with the message to show when the text has no value.
    """
    kind = spec.kind
    if kind in ("text", "emoji"):
        return text.strip() or None
    if kind == "words":
        return [word.strip() for word in _WORDS.split(text) if word.strip()]
    if kind == "lines":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if kind == "codes":
        return [code for code in _CODES.split(text.strip()) if code]
    if kind == "pairs":
        return parse_pairs(text)
    bare = text.strip()
    if not bare:
        return None
    if kind == "whole":
        if _WHOLE.fullmatch(bare):
            return int(bare)
        raise BrandValueError(f"`{spec.name}` must be a whole number, not `{bare}`")
    decimal = bare.replace(",", ".") if bare.count(",") == 1 and "." not in bare else bare
    try:
        value = float(decimal)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise BrandValueError(f"`{spec.name}` must be a number, not `{bare}`")
    return value


def parse_pairs(text: str) -> dict[str, str]:
    """Return the ``wrong = preferred`` lines of ``text`` as a mapping (``:`` works too).

    Raises ``BrandValueError`` naming the first line without both forms, or with a wrong form
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
            raise BrandValueError(
                f"line {line_number}: write `wrong = preferred`, such as `e-mail = email`"
            )
        if wrong in out:
            raise BrandValueError(f"line {line_number}: `{wrong}` is given twice")
        out[wrong] = right
    return out


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


def _key_of(loc: tuple[int | str, ...]) -> str:
    """Return the key of the field a model error's ``loc`` names (``locales.pl.banned``)."""
    head = str(loc[0]) if loc else ""
    if head in _FIELD_NAMES and head != "locales":
        return head
    if head == "locales" and len(loc) > 1:
        tag = str(loc[1])
        if len(loc) > 2 and loc[2] in _LOCALE_NAMES:
            return f"locales.{tag}.{loc[2]}"
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
        shown = number(float(bound)) if isinstance(bound, int | float) else str(bound)
        if kind == "greater_than_equal":
            return f"`{field}` must be {shown} or more"
        return f"`{field}` must be more than {shown}"
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "[key]":
        return f"`{error['input']}` is not a BCP 47 language tag such as `pl` or `pt-BR`"
    if kind == "finite_number":
        return f"`{field}` must be a number, not infinity or NaN"
    message = str(error["msg"])
    return f"`{field}`: {message[:1].lower()}{message[1:]}"


def _read(path: Path) -> bytes | None:
    """Return the bytes of ``path``; None when it does not exist. Raises other ``OSError``."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def parse_config(raw: bytes, path: Path) -> Config:
    """Return the config in ``raw`` (the bytes of ``path``), with the loader's messages.

    The bytes the tab compares with the file are the ones it parses (``load_config`` caches by
    modification time, which two quick writes can share). Raises ``ConfigError``.
    """
    try:
        table = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: the config is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    try:
        return Config.model_validate(table)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        more = len(error.errors()) - 1
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise ConfigError(f"{path}: `{where}`: {first['msg']}{tail}") from None


class BrandPane(VerticalScroll):
    """Edits the ``[brand]`` table of the plan's ``xcplan.toml``; ``save`` writes it."""

    # The actions are not called `save`: the footer shows one key per action name, and the
    # plan screen's ctrl+s is `save`.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+b",
            "save_brand",
            "Save brand",
            id="brand.save",
            tooltip="Save the brand voice to xcplan.toml (atomic write); the plan is linted again",
        ),
        Binding(
            "ctrl+r",
            "revert_brand",
            "Revert brand",
            id="brand.revert",
            tooltip="Show the brand voice of xcplan.toml again, dropping the edits (asks first)",
            show=False,
        ),
    ]

    class DirtyChanged(Message):
        """The pane's edits became unsaved (``dirty``), or were saved or reverted."""

        def __init__(self, dirty: bool) -> None:
            super().__init__()
            self.dirty = dirty

    def __init__(self, document: Document, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document = document
        self._base: Config = document.config
        """The config the fields were filled from: its brand is what ``dirty`` compares with."""
        self._loaded: bytes | None = None
        """The bytes of the file when it was read or written; None when there was none."""
        self._on = document.config.brand is not None
        self._locale: str | None = None
        """The locale whose lists the locale fields show."""
        self._locale_texts: dict[str, dict[str, str]] = {}
        """The locale fields' texts by locale; the shown locale's are in the fields."""
        self._originals: dict[str, tuple[str, Any]] = {}
        """The text each field was filled with, and the value it stands for, by key."""
        self._add_error = ""
        self._problem: str | None = None
        """Why the file does not load (the built-in settings are then in use)."""
        self._shown_messages: dict[str, tuple[str, bool]] = {}
        self._dirty = False
        self._saving = False

    # -- building -------------------------------------------------------------------------

    def _field(self, spec: BrandField, widget_id: str) -> ComposeResult:
        with Horizontal(classes="brand-row"):
            yield Static(spec.label, classes="brand-label", markup=False)
            if spec.kind == "emoji":
                options = [(name, name) for name in typing.get_args(EmojiPolicy)]
                yield Select[str](
                    options,
                    allow_blank=False,
                    value=_DEFAULTS.emoji,
                    compact=True,
                    id=widget_id,
                    classes="brand-field",
                )
            elif spec.kind in ("words", "lines", "pairs"):
                yield FieldText(id=widget_id, classes="brand-field")
            else:
                yield FieldInput(
                    placeholder=spec.placeholder, id=widget_id, classes="brand-field", compact=True
                )
        yield Static(spec.help, id=f"{widget_id}-message", classes="brand-message", markup=False)

    def compose(self) -> ComposeResult:
        """Build the file line, the buttons, the fields and the per-locale lists."""
        yield Static(INTRO, classes="brand-help", markup=False)
        yield Static("", id="brand-file", markup=False)
        with Horizontal(classes="brand-toolbar"):
            yield Button("Save xcplan.toml", id="brand-save", variant="primary", compact=True)
            yield Button("Revert", id="brand-revert", compact=True)
            yield Button("Turn off brand voice", id="brand-off", compact=True)
        with Vertical(id="brand-off-box"):
            yield Static("", id="brand-off-text", markup=False)
            yield Button("Turn on brand voice", id="brand-on", variant="primary", compact=True)
        with Vertical(id="brand-fields"):
            for spec in FIELDS:
                yield from self._field(spec, f"brand-{spec.name}")
            yield Static("Per-locale lists", classes="brand-section")
            yield Static(LOCALE_HELP, classes="brand-help", markup=False)
            with Horizontal(classes="brand-row"):
                yield Static("Locale", classes="brand-label")
                yield Select[str]([], prompt="(none)", compact=True, id="brand-locale")
                yield FieldInput(placeholder="new locale", id="brand-locale-new", compact=True)
                yield Button("Add locale", id="brand-locale-add", compact=True)
                yield Button("Remove", id="brand-locale-remove", compact=True)
            yield Static("", id="brand-locale-message", classes="brand-message", markup=False)
            with Vertical(id="brand-locale-fields"):
                for spec in LOCALE_FIELDS:
                    yield from self._field(spec, f"brand-locale-{spec.name}")

    def on_mount(self) -> None:
        """Fill the fields from the document's config, and remember the file's bytes."""
        try:
            self._loaded = _read(self.target)
        except OSError:
            self._loaded = None
        if self._loaded is not None:
            try:
                parse_config(self._loaded, self.target)
            except ConfigError as error:
                self._problem = str(error)
        self._show_config(self.document.config)

    # -- attributes down ------------------------------------------------------------------

    @property
    def target(self) -> Path:
        """The file a save writes: the plan's ``xcplan.toml``, or a new one beside the plan."""
        path = self.document.config_path
        return path if path is not None else self.document.path.parent / CONFIG_NAME

    @property
    def dirty(self) -> bool:
        """Whether the fields hold edits that are not saved (an invalid value counts)."""
        brand, errors = self._collect()
        return bool(errors) or brand != self._base.brand

    @property
    def brand_on(self) -> bool:
        """Whether the fields describe a ``[brand]`` table (the brand voice rules run)."""
        return self._on

    def _show_config(self, config: Config) -> None:
        """Fill every field from ``config`` (the defaults, hidden, when it has no brand)."""
        self._base = config
        brand = config.brand
        self._on = brand is not None
        shown = brand if brand is not None else _DEFAULTS
        self._originals = {}
        for spec in FIELDS:
            value = getattr(shown, spec.name)
            text = render_field(spec.kind, value)
            self._originals[spec.name] = (text, value)
            self._set_text(f"brand-{spec.name}", text)
        self._locale_texts = {}
        for tag, lists in shown.locales.items():
            texts: dict[str, str] = {}
            for spec in LOCALE_FIELDS:
                value = getattr(lists, spec.name)
                texts[spec.name] = text = render_field(spec.kind, value)
                self._originals[f"locales.{tag}.{spec.name}"] = (text, value)
            self._locale_texts[tag] = texts
        self._add_error = ""
        self._fill_locales(next(iter(self._locale_texts), None))
        self._refresh()

    def _widget(self, widget_id: str) -> Widget:
        return self.query_one(f"#{widget_id}")

    def _text(self, widget_id: str) -> str:
        widget = self._widget(widget_id)
        if isinstance(widget, Input):
            return widget.value
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Select):
            return "" if widget.is_blank() else str(widget.value)
        raise TypeError(f"#{widget_id} is not a field")

    def _set_text(self, widget_id: str, text: str) -> None:
        widget = self._widget(widget_id)
        if isinstance(widget, Input) and widget.value != text:
            widget.value = text
        elif isinstance(widget, TextArea) and widget.text != text:
            widget.text = text
        elif isinstance(widget, Select) and text and widget.value != text:
            widget.value = text

    # -- locales --------------------------------------------------------------------------

    def _stash(self) -> None:
        """Keep the locale fields' texts for the locale they show."""
        if self._locale is not None and self._locale in self._locale_texts:
            self._locale_texts[self._locale] = {
                spec.name: self._text(f"brand-locale-{spec.name}") for spec in LOCALE_FIELDS
            }

    def _fill_locales(self, chosen: str | None) -> None:
        """Offer the locales in the select and show the lists of ``chosen``."""
        select: Select[str] = self.query_one("#brand-locale", Select)
        self._locale = chosen
        select.set_options([(tag, tag) for tag in self._locale_texts])
        if chosen is not None:
            select.value = chosen
        self._show_locale()

    def _show_locale(self) -> None:
        tag = self._locale
        self.query_one("#brand-locale-fields").display = tag is not None
        self.query_one("#brand-locale-remove", Button).disabled = tag is None
        if tag is None:
            return
        for spec in LOCALE_FIELDS:
            self._set_text(f"brand-locale-{spec.name}", self._locale_texts[tag][spec.name])

    def _choose_locale(self, tag: str | None) -> None:
        """Show the lists of locale ``tag`` (None: none), keeping those shown until now."""
        if tag == self._locale or (tag is not None and tag not in self._locale_texts):
            return
        self._stash()
        self._locale = tag
        select: Select[str] = self.query_one("#brand-locale", Select)
        if tag is None:
            select.clear()
        else:
            select.value = tag
        self._show_locale()

    def add_locale(self, tag: str) -> bool:
        """Add empty lists for locale ``tag`` and show them; return False when it is refused."""
        tag = tag.strip()
        taken = {known.lower(): known for known in self._locale_texts}
        if not tag:
            self._add_error = "type a locale such as `pl` or `pt-BR` first"
        elif not re.fullmatch(LOCALE_PATTERN, tag):
            self._add_error = f"`{tag}` is not a BCP 47 language tag such as `pl` or `pt-BR`"
        elif tag.lower() in taken:
            self._add_error = f"`{taken[tag.lower()]}` has its lists already: choose it"
        else:
            self._add_error = ""
        if self._add_error:
            self._refresh()
            return False
        self._stash()
        self._locale_texts[tag] = {spec.name: "" for spec in LOCALE_FIELDS}
        self._fill_locales(tag)
        self.query_one("#brand-locale-new", Input).value = ""
        self._refresh()
        return True

    def remove_locale(self) -> None:
        """Remove the lists of the locale shown (saving makes it final; Revert restores them)."""
        tag = self._locale
        if tag is None:
            return
        del self._locale_texts[tag]
        self._fill_locales(next(iter(self._locale_texts), None))
        self._refresh()

    # -- reading the fields ---------------------------------------------------------------

    def _value(self, key: str, spec: BrandField, text: str, errors: dict[str, str]) -> Any:
        original = self._originals.get(key)
        if original is not None and original[0] == text:
            return original[1]
        try:
            return parse_field(spec, text)
        except BrandValueError as error:
            errors[key] = str(error)
            return None

    def _collect(self) -> tuple[Brand | None, dict[str, str]]:
        """Return the brand the fields describe, and the message of each field at fault.

        Keys are the settings' names, ``locales.TAG.NAME`` for a locale's lists. The brand is
        None when brand voice is off or a field is at fault.
        """
        if not self._on:
            return None, {}
        errors: dict[str, str] = {}
        data: dict[str, Any] = {}
        for spec in FIELDS:
            value = self._value(spec.name, spec, self._text(f"brand-{spec.name}"), errors)
            if value is not None or spec.name == "name":
                data[spec.name] = value
        locales: dict[str, dict[str, Any]] = {}
        for tag, stashed in self._locale_texts.items():
            lists: dict[str, Any] = {}
            for spec in LOCALE_FIELDS:
                text = (
                    self._text(f"brand-locale-{spec.name}")
                    if tag == self._locale
                    else stashed[spec.name]
                )
                lists[spec.name] = self._value(f"locales.{tag}.{spec.name}", spec, text, errors)
            locales[tag] = {name: value for name, value in lists.items() if value is not None}
        data["locales"] = locales
        if errors:
            return None, errors
        try:
            return Brand.model_validate(data), {}
        except ValidationError as error:
            for detail in error.errors():
                errors.setdefault(_key_of(detail["loc"]), _model_message(detail))
            return None, errors

    # -- showing the state ----------------------------------------------------------------

    def _shown_path(self, path: Path) -> str:
        try:
            return os.path.relpath(path, self.document.path.parent)
        except ValueError:
            return str(path)

    def _message(self, widget_id: str, error: str | None, help_text: str) -> None:
        shown = (error or help_text, bool(error))
        if self._shown_messages.get(widget_id) == shown:
            return
        self._shown_messages[widget_id] = shown
        widget = self.query_one(f"#{widget_id}-message", Static)
        widget.update(shown[0])
        widget.set_class(shown[1], "-error")

    def _refresh(self) -> None:
        """Show the messages, the file line and which parts apply; post ``DirtyChanged``."""
        brand, errors = self._collect()
        dirty = bool(errors) or brand != self._base.brand
        for spec in FIELDS:
            self._message(f"brand-{spec.name}", errors.get(spec.name), spec.help)
        here = f"locales.{self._locale}."
        for spec in LOCALE_FIELDS:
            error = errors.get(here + spec.name) if self._locale is not None else None
            self._message(f"brand-locale-{spec.name}", error, spec.help)
        elsewhere = [
            f"{key.split('.')[1]}: {message}"
            for key, message in errors.items()
            if key.startswith("locales.") and not key.startswith(here)
        ]
        locale_error = self._add_error or (f"Locale {elsewhere[0]}" if elsewhere else "")
        no_locales = "No per-locale lists yet." if not self._locale_texts else ""
        self._message("brand-locale", locale_error or None, no_locales)
        self.query_one("#brand-locale-message").display = bool(locale_error or no_locales)
        self.query_one("#brand-fields").display = self._on
        self.query_one("#brand-off-box").display = not self._on
        self.query_one("#brand-off", Button).display = self._on
        self._show_file(dirty)
        if dirty != self._dirty:
            self._dirty = dirty
            self.post_message(self.DirtyChanged(dirty))

    def _show_file(self, dirty: bool) -> None:
        target = self.target
        shown = self._shown_path(target)
        if self._problem is not None:
            text = (
                f"{self._problem}. The built-in settings are in use; saving replaces the file "
                "(it asks first)."
            )
        elif self._loaded is not None:
            text = f"File: {shown}. It applies to every plan in its folder and below."
        elif self.document.config_path is not None:
            text = f"{shown} is gone from disk: saving writes it again."
        else:
            text = f"No {CONFIG_NAME} applies: saving creates {target}."
        if dirty:
            text += " Unsaved changes."
        line = self.query_one("#brand-file", Static)
        line.update(text)
        line.set_class(dirty, "-dirty")
        line.set_class(self._problem is not None, "-problem")
        if self._problem is not None:
            why = f"{shown} does not load"
        elif self._loaded is not None:
            why = f"{shown} has no [brand] table"
        else:
            why = f"no {CONFIG_NAME} applies to this plan"
        self.query_one("#brand-off-text", Static).update(
            f"Brand voice rules (XC601 to XC608) are off: {why}. "
            "Turn them on to check copy for banned terms, casing, exclamation marks, emoji, "
            "capitals, sentence length and reading grade."
        )

    # -- messages up ----------------------------------------------------------------------

    @on(Input.Changed, ".brand-field")
    @on(TextArea.Changed, ".brand-field")
    @on(Select.Changed, ".brand-field")
    def _field_changed(self, event: Message) -> None:
        event.stop()
        self._refresh()

    @on(Select.Changed, "#brand-locale")
    def _locale_chosen(self, event: Select.Changed) -> None:
        event.stop()
        select = event.select
        # The select's value now, not the event's: filling the select posts a blank first.
        self._choose_locale(None if select.is_blank() else str(select.value))
        self._refresh()

    @on(Input.Changed, "#brand-locale-new")
    def _new_locale_typed(self, event: Input.Changed) -> None:
        event.stop()
        if self._add_error:
            self._add_error = ""
            self._refresh()

    @on(Input.Submitted, "#brand-locale-new")
    @on(Button.Pressed, "#brand-locale-add")
    def _add_locale_asked(self, event: Message) -> None:
        event.stop()
        if self.add_locale(self.query_one("#brand-locale-new", Input).value):
            self.query_one("#brand-locale-banned").focus()

    @on(Button.Pressed, "#brand-locale-remove")
    def _remove_locale_asked(self, event: Button.Pressed) -> None:
        event.stop()
        self.remove_locale()

    @on(Button.Pressed, "#brand-on")
    def _on_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.turn_on()
        self.query_one("#brand-name").focus()

    @on(Button.Pressed, "#brand-off")
    def _off_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.turn_off()
        self.query_one("#brand-on").focus()

    @on(Button.Pressed, "#brand-save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.save()

    @on(Button.Pressed, "#brand-revert")
    def _revert_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_revert_brand()

    # -- turning on and off, reverting ----------------------------------------------------

    def turn_on(self) -> None:
        """Give the config a brand voice: the fields' values (the defaults at first)."""
        self._on = True
        self._refresh()

    def turn_off(self) -> None:
        """Drop the ``[brand]`` table when saving: the brand voice rules stop running."""
        self._on = False
        self._refresh()

    def action_save_brand(self) -> None:
        """Save the brand voice (asking first when that would lose something)."""
        self.save()

    def action_revert_brand(self) -> None:
        """Show the file's brand voice again; asks first when there are edits."""
        if not self.dirty:
            self.revert()
            return

        def answered(answer: str | None) -> None:
            if answer == "yes":
                self.revert()

        self.app.push_screen(
            confirm(
                "Drop the brand voice edits?",
                [f"The fields show {self._shown_path(self.target)} again; the edits are lost."],
                "Revert",
            ),
            answered,
        )

    def revert(self) -> None:
        """Fill the fields from the file again, dropping the edits.

        When the file now says something else than the config the plan is linted with (it was
        changed on disk), the plan takes it: ``ConfigChanged`` is posted. A file that is gone
        or does not load leaves the settings in use.
        """
        target = self.target
        config = self.document.config
        try:
            raw = _read(target)
        except OSError as error:
            self.notify(
                f"{target}: {error.strerror or error}", title="Cannot read", severity="error"
            )
            return
        self._problem = None
        if raw is not None:
            try:
                config = parse_config(raw, target)
            except ConfigError as error:
                self._problem = str(error)
                self.notify(str(error), title=f"{CONFIG_NAME} does not load", severity="error")
        self._loaded = raw
        self._show_config(config)
        self.notify(f"Showing {self._shown_path(target)} again.")
        if raw is not None and self._problem is None and config != self.document.config:
            self.document.config = config
            self.document.config_path = target
            self.post_message(ConfigChanged(config, target))

    # -- saving ---------------------------------------------------------------------------

    @work(group="brand-save", exit_on_error=False)
    async def save(self) -> bool:
        """Check the fields and write the config; the worker's result says whether it did.

        ``await pane.save().wait()`` from any coroutine (the questions are modal dialogs). On
        a field at fault: a notification, the field focused, False. Asks before overwriting a
        file that changed on disk since it was read, one with comments (tomli-w keeps none)
        and one that does not load. Writes atomically; ``[channels]`` and ``[lint]`` stay as
        they were. After a save, ``ConfigChanged`` goes up so the plan is linted again.
        """
        if self._saving:
            return False
        self._saving = True
        try:
            return await self._save()
        finally:
            self._saving = False

    async def _ask(self, dialog: QuestionDialog, yes: str) -> bool:
        answer = await self.app.push_screen_wait(dialog)
        if answer != yes:
            self.notify(f"{CONFIG_NAME} not saved.", severity="warning")
            return False
        return True

    async def _save(self) -> bool:
        brand, errors = self._collect()
        self._refresh()
        if errors:
            key, message = next(iter(errors.items()))
            self.notify(message, title="Brand voice not saved", severity="error")
            self._focus_key(key)
            return False
        target = self.target
        name = self._shown_path(target)
        try:
            current = _read(target)
        except OSError:
            current = self._loaded  # the write will say why it fails
        if current != self._loaded:
            if current is None:
                what, why = "was deleted", "The file is gone from disk; saving writes it again."
            elif self._loaded is None:
                what, why = "appeared", "Someone created it after the Brand voice tab looked."
            else:
                what, why = "changed on disk", "Someone (or a `git pull`) changed it."
            dialog = QuestionDialog(
                f"{name} {what} since xcplan read it",
                [
                    why,
                    "Saving writes the settings shown over it; its changes would be lost. "
                    "Revert shows what it says now.",
                ],
                [Choice("overwrite", "Save over it", "error"), Choice("cancel", "Cancel")],
                tone="error",
            )
            if not await self._ask(dialog, "overwrite"):
                return False
        if current is not None:
            text = current.decode("utf-8", errors="replace")
            comments = toml_comment_lines(text)
            if comments:
                shown = ", ".join(str(line) for line in comments[:8])
                more = f" and {len(comments) - 8} more" if len(comments) > 8 else ""
                dialog = QuestionDialog(
                    f"{name} has comments",
                    [
                        f"Comments on line{'s' if len(comments) > 1 else ''} {shown}{more} will "
                        "be dropped: xcplan writes the file with tomli-w, which keeps no "
                        "comments.",
                        "Cancel to keep them, and edit the file in a text editor instead.",
                    ],
                    [
                        Choice("save", "Save without comments", "warning"),
                        Choice("cancel", "Cancel"),
                    ],
                )
                if not await self._ask(dialog, "save"):
                    return False
            try:
                parse_config(current, target)
            except ConfigError as error:
                dialog = QuestionDialog(
                    f"{name} does not load",
                    [
                        str(error),
                        "Saving replaces the whole file: the brand voice shown, with the "
                        "[channels] and [lint] settings in use (the built-in ones).",
                    ],
                    [Choice("replace", "Replace it", "error"), Choice("cancel", "Cancel")],
                    tone="error",
                )
                if not await self._ask(dialog, "replace"):
                    return False
        config = self._base.model_copy(update={"brand": brand})
        try:
            save_config(target, config)
        except OSError as error:
            self.notify(
                f"{target}: {error.strerror or error}. The file on disk is unchanged.",
                title="Not saved",
                severity="error",
            )
            return False
        try:
            self._loaded = target.read_bytes()
        except OSError:
            self._loaded = None
        self._base = config
        self._problem = None
        self.document.config = config
        self.document.config_path = target
        self._refresh()
        self.notify(f"Saved {name}.")
        self.post_message(ConfigChanged(config, target))
        return True

    def _focus_key(self, key: str) -> None:
        """Focus the field of ``key`` (showing its locale's lists for a locale's field)."""
        if key.startswith("locales."):
            _, tag, *rest = key.split(".")
            self._choose_locale(tag)
            self._refresh()
            name = rest[0] if rest else ""
            widget_id = f"brand-locale-{name}" if name in _LOCALE_NAMES else "brand-locale"
        else:
            widget_id = f"brand-{key}" if key in _FIELD_NAMES else "brand-name"
        self.query_one(f"#{widget_id}").focus()
