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

import os
from pathlib import Path
from typing import Any, ClassVar, Final

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Select, Static, TextArea

from xcplan.edit.brand import (
    BRAND_FIELDS,
    DEFAULTS,
    LOCALE_FIELDS,
    LOCALE_NAMES,
    brand_texts,
    locale_key,
    new_locale_problem,
    read_brand,
    toml_comment_lines,
)
from xcplan.edit.document import Document
from xcplan.edit.fields import TEXT_KINDS, FieldSpec
from xcplan.errors import ConfigError
from xcplan.io.atomic import is_read_only
from xcplan.io.config import CONFIG_NAME, parse_config, save_config
from xcplan.model.config import Brand, Config
from xcplan.tui.dialogs.question import Choice, QuestionDialog, confirm
from xcplan.tui.dialogs.saving import (
    ask,
    comments_question,
    overwrite_question,
    read_only_question,
)
from xcplan.tui.messages import ConfigChanged
from xcplan.tui.plain import plain
from xcplan.tui.widgets.fields import FieldInput, FieldText, Picker

_FIELD_NAMES: Final = frozenset(field.name for field in BRAND_FIELDS)

INTRO: Final = (
    "How copy should sound. These settings are the [brand] table of xcplan.toml: every plan in "
    "its folder and below is checked against them (rules XC601 to XC608). Each field is checked "
    "as you type; nothing is written until you save."
)
LOCALE_HELP: Final = (
    "Lists for copy in one locale (a variant's locale, or the campaign's): they add to the "
    "lists above. Type a locale such as pl or pt-BR and press Add locale."
)


def _read(path: Path) -> bytes | None:
    """Return the bytes of ``path``; None when it does not exist. Raises other ``OSError``."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


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

    def _field(self, spec: FieldSpec, widget_id: str) -> ComposeResult:
        with Horizontal(classes="brand-row"):
            yield Static(spec.label, classes="brand-label", markup=False)
            if spec.kind == "select":
                yield Picker[str](
                    list(spec.options),
                    allow_blank=False,
                    value=DEFAULTS.emoji,
                    compact=True,
                    id=widget_id,
                    classes="brand-field",
                )
            elif spec.kind in TEXT_KINDS:
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
            for spec in BRAND_FIELDS:
                yield from self._field(spec, f"brand-{spec.name}")
            yield Static("Per-locale lists", classes="brand-section")
            yield Static(LOCALE_HELP, classes="brand-help", markup=False)
            with Horizontal(classes="brand-row"):
                yield Static("Locale", classes="brand-label")
                yield Picker[str]([], prompt="(none)", compact=True, id="brand-locale")
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
        shown = brand if brand is not None else DEFAULTS
        self._originals = brand_texts(brand)
        for spec in BRAND_FIELDS:
            self._set_text(f"brand-{spec.name}", self._originals[spec.name][0])
        self._locale_texts = {
            tag: {
                spec.name: self._originals[locale_key(tag, spec.name)][0] for spec in LOCALE_FIELDS
            }
            for tag in shown.locales
        }
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
        select.set_options([(plain(tag), tag) for tag in self._locale_texts])
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
        self._add_error = new_locale_problem(tag, list(self._locale_texts))
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

    def _collect(self) -> tuple[Brand | None, dict[str, str]]:
        """Return the brand the fields describe, and the message of each field at fault.

        Keys are the settings' names, ``locales.TAG.NAME`` for a locale's lists. The brand is
        None when brand voice is off or a field is at fault.
        """
        if not self._on:
            return None, {}
        texts = {spec.name: self._text(f"brand-{spec.name}") for spec in BRAND_FIELDS}
        self._stash()
        return read_brand(texts, self._locale_texts, self._originals)

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
        widget.update(plain(shown[0], lines=True))
        widget.set_class(shown[1], "-error")

    def _refresh(self) -> None:
        """Show the messages, the file line and which parts apply; post ``DirtyChanged``."""
        brand, errors = self._collect()
        dirty = bool(errors) or brand != self._base.brand
        for spec in BRAND_FIELDS:
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
        line.update(plain(text, lines=True))
        line.set_class(dirty, "-dirty")
        line.set_class(self._problem is not None, "-problem")
        if self._problem is not None:
            why = f"{shown} does not load"
        elif self._loaded is not None:
            why = f"{shown} has no [brand] table"
        else:
            why = f"no {CONFIG_NAME} applies to this plan"
        self.query_one("#brand-off-text", Static).update(
            plain(
                f"Brand voice rules (XC601 to XC608) are off: {why}. "
                "Turn them on to check copy for banned terms, casing, exclamation marks, "
                "emoji, capitals, sentence length and reading grade."
            )
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
                f"{target}: {error.strerror or error}",
                title="Cannot read",
                severity="error",
                markup=False,
            )
            return
        self._problem = None
        if raw is not None:
            try:
                config = parse_config(raw, target)
            except ConfigError as error:
                self._problem = str(error)
                self.notify(
                    str(error), title=f"{CONFIG_NAME} does not load", severity="error", markup=False
                )
        self._loaded = raw
        self._show_config(config)
        self.notify(f"Showing {self._shown_path(target)} again.", markup=False)
        if raw is not None and self._problem is None and config != self.document.config:
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
        return await ask(self.app, dialog, yes, f"{CONFIG_NAME} not saved.")

    async def _save(self) -> bool:
        brand, errors = self._collect()
        self._refresh()
        if errors:
            key, message = next(iter(errors.items()))
            self.notify(message, title="Brand voice not saved", severity="error", markup=False)
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
            dialog = overwrite_question(
                f"{name} {what} since xcplan read it",
                [
                    why,
                    "Saving writes the settings shown over it; its changes would be lost. "
                    "Revert shows what it says now.",
                ],
            )
            if not await self._ask(dialog, "overwrite"):
                return False
        if current is not None:
            text = current.decode("utf-8", errors="replace")
            comments = toml_comment_lines(text)
            if comments:
                dialog = comments_question(
                    f"{name} has comments",
                    comments,
                    "xcplan writes the file with tomli-w, which keeps no comments",
                    "Cancel to keep them, and edit the file in a text editor instead.",
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
        replace_read_only = False
        if is_read_only(target):
            if not await self._ask(read_only_question(target, save_as=False), "anyway"):
                return False
            replace_read_only = True
        config = self._base.model_copy(update={"brand": brand})
        try:
            save_config(target, config, replace_read_only=replace_read_only)
        except OSError as error:
            self.notify(
                f"{target}: {error.strerror or error}. The file on disk is unchanged.",
                title="Not saved",
                severity="error",
                markup=False,
            )
            return False
        try:
            self._loaded = target.read_bytes()
        except OSError:
            self._loaded = None
        self._base = config
        self._problem = None
        self._refresh()
        self.notify(f"Saved {name}.", markup=False)
        self.post_message(ConfigChanged(config, target))
        return True

    def _focus_key(self, key: str) -> None:
        """Focus the field of ``key`` (showing its locale's lists for a locale's field)."""
        if key.startswith("locales."):
            _, tag, *rest = key.split(".")
            self._choose_locale(tag)
            self._refresh()
            name = rest[0] if rest else ""
            widget_id = f"brand-locale-{name}" if name in LOCALE_NAMES else "brand-locale"
        else:
            widget_id = f"brand-{key}" if key in _FIELD_NAMES else "brand-name"
        self.query_one(f"#{widget_id}").focus()
