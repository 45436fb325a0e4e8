"""Pilot tests of the Brand voice tab (``BrandPane``): editing, checking and saving ``[brand]``.

The pane is mounted in a small app that holds it in a tab, as the plan screen does, next to
another tab; the app records the messages the pane posts up.
"""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import pytest
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.pilot import Pilot
from textual.widgets import Footer, Input, Select, Static, TabbedContent, TabPane, TextArea

import xcplan.tui
from tests.tui.conftest import RETAIL, screen_text
from xcplan.edit.brand import BRAND_FIELDS, toml_comment_lines
from xcplan.edit.document import Document
from xcplan.edit.fields import FieldValueError, parse_terms, parse_value
from xcplan.io.config import load_config
from xcplan.model.config import Brand, Config
from xcplan.tui.dialogs.question import QuestionDialog
from xcplan.tui.messages import ConfigChanged
from xcplan.tui.widgets.brand import BrandPane

COMMENTED = """\
# The brand voice of Acme: ask the brand team before changing it.
[brand]
name = "Acme"
banned = ["cheap", "#1 deal"]  # the legal team's list
max_exclamations = 1

[channels.sms]
max_segments = 2
"""


class BrandApp(App[None]):
    """The Brand voice tab next to another tab; records ``ConfigChanged`` (and gives the document
    the config, as the plan screen does) and ``DirtyChanged``.

    Like the plan screen, it has a footer and saves with ctrl+s (here, it counts the saves), and
    it uses the planner's styles.
    """

    CSS_PATH = str(Path(xcplan.tui.__file__).parent / "app.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="test.save", tooltip="Save the plan"),
    ]

    def __init__(self, document: Document, *, initial: str = "tab-brand") -> None:
        super().__init__()
        self.document = document
        self.initial = initial
        self.cursor_blink = False
        self.animation_level = "none"
        self.config_changes: list[ConfigChanged] = []
        self.dirty_changes: list[bool] = []
        self.plan_saves = 0

    def compose(self) -> ComposeResult:
        """The other tab, then the Brand voice tab."""
        with TabbedContent(initial=self.initial, id="tabs"):
            with TabPane("Other", id="tab-other"):
                yield Static("Another tab")
            with TabPane("Brand voice", id="tab-brand"):
                yield BrandPane(self.document, id="brand")
        yield Footer(compact=True)

    def action_save(self) -> None:
        """Count a save of the plan."""
        self.plan_saves += 1

    @on(ConfigChanged)
    def _config_changed(self, event: ConfigChanged) -> None:
        # As the plan screen does: the document takes the config saved.
        self.config_changes.append(event)
        self.document.config = event.config
        self.document.config_path = event.path

    @on(BrandPane.DirtyChanged)
    def _dirty_changed(self, event: BrandPane.DirtyChanged) -> None:
        self.dirty_changes.append(event.dirty)


def _open(plan: Path) -> Document:
    toml = plan.parent / "xcplan.toml"
    config, config_path = (load_config(toml), toml) if toml.exists() else (Config(), None)
    document = Document.open(plan, config, config_path)
    assert isinstance(document, Document)
    return document


def _notes(app: App[Any]) -> list[str]:
    return [notification.message for notification in app._notifications]


def _text(pane: BrandPane, selector: str) -> str:
    return str(pane.query_one(selector, Static).content)


async def _until(pilot: Pilot[Any], done: Callable[[], bool]) -> None:
    """Let the app run until ``done()`` holds (by turns of its event loop, not by time)."""
    for _ in range(100):
        if done():
            return
        await pilot.pause()
    raise AssertionError("the app never got there")


async def _click(pilot: Pilot[Any], selector: str) -> None:
    """Scroll a widget into view (as a user would, with the wheel) and click it."""
    pilot.app.query_one(selector).scroll_visible(animate=False, immediate=True)
    await pilot.pause()
    await pilot.click(selector)


async def _retype(pilot: Pilot[Any], selector: str, text: str) -> None:
    """Click a one-line field and replace its text by typing."""
    await _click(pilot, selector)
    await pilot.press("home", "ctrl+k", *text)
    await pilot.pause()


async def _append_line(pilot: Pilot[Any], pane: BrandPane, selector: str, line: str) -> None:
    """Click a text area and type ``line`` on a new last line."""
    await _click(pilot, selector)
    area = pane.query_one(selector, TextArea)
    area.move_cursor(area.document.end)
    await pilot.press("enter", *line)
    await pilot.pause()


@pytest.fixture
def bare_plan(tmp_path: Path) -> Path:
    """A copy of the retail example in a folder (a git repository) without an xcplan.toml."""
    (tmp_path / ".git").mkdir()
    target = tmp_path / RETAIL.name
    shutil.copy(RETAIL, target)
    return target


# -- editing and saving ---------------------------------------------------------------------


async def test_editing_banned_terms_and_saving_writes_the_toml(retail_copy: Path) -> None:
    toml = retail_copy.parent / "xcplan.toml"
    before = load_config(toml)
    raw_before = tomllib.loads(toml.read_text())
    assert before.brand is not None
    app = BrandApp(_open(retail_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(BrandPane)
        assert "File: xcplan.toml." in _text(pane, "#brand-file")
        assert not pane.dirty
        await _append_line(pilot, pane, "#brand-banned", "bargain")
        assert pane.dirty
        assert app.dirty_changes == [True]
        assert "Unsaved changes" in _text(pane, "#brand-file")
        await pilot.press("ctrl+b")
        await app.workers.wait_for_complete()
        await pilot.pause()
        after = load_config(toml)
        assert after.brand is not None
        assert after.brand.banned == [*before.brand.banned, "bargain"]
        assert after.brand.model_copy(update={"banned": before.brand.banned}) == before.brand
        assert after.model_copy(update={"brand": before.brand}) == before
        raw_after = tomllib.loads(toml.read_text())
        assert raw_after["channels"] == raw_before["channels"]
        assert raw_after["brand"]["locales"] == raw_before["brand"]["locales"]
        assert [(c.config, c.path) for c in app.config_changes] == [(after, toml)]
        assert app.document.config == after
        assert app.document.config_path == toml
        assert "Saved xcplan.toml." in _notes(app)
        assert not pane.dirty
        assert app.dirty_changes == [True, False]


async def test_an_untouched_save_writes_the_same_config(retail_copy: Path) -> None:
    toml = retail_copy.parent / "xcplan.toml"
    before = load_config(toml)
    app = BrandApp(_open(retail_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(BrandPane)
        assert await pane.save().wait()
        first = toml.read_bytes()
        assert load_config(toml) == before
        assert await pane.save().wait()
        assert toml.read_bytes() == first
        assert app.dirty_changes == []


async def test_untouched_fields_keep_values_their_text_cannot_hold(retail_copy: Path) -> None:
    toml = retail_copy.parent / "xcplan.toml"
    toml.write_text(
        '[brand]\nvoice = ["warm, but firm", "concise"]\n'
        '[brand.preferred]\n"a=b" = "ab"\n[brand.locales.pl]\nbanned = [" tanio "]\n'
    )
    before = load_config(toml)
    assert before.brand is not None
    app = BrandApp(_open(retail_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(BrandPane)
        assert not pane.dirty
        await _retype(pilot, "#brand-name", "Acme")
        assert await pane.save().wait()
        assert load_config(toml) == before.model_copy(
            update={"brand": before.brand.model_copy(update={"name": "Acme"})}
        )


async def test_an_invalid_number_is_shown_and_refused(retail_copy: Path) -> None:
    toml = retail_copy.parent / "xcplan.toml"
    original = toml.read_bytes()
    app = BrandApp(_open(retail_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(BrandPane)
        await _retype(pilot, "#brand-max_exclamations", "lots")
        message = pane.query_one("#brand-max_exclamations-message", Static)
        assert str(message.content) == "`max_exclamations` must be a whole number, not `lots`"
        assert message.has_class("-error")
        assert pane.dirty
        await _click(pilot, "#brand-name")
        assert not await pane.save().wait()
        assert toml.read_bytes() == original
        assert app.focused is pane.query_one("#brand-max_exclamations")
        assert "`max_exclamations` must be a whole number, not `lots`" in _notes(app)
        assert app.config_changes == []

        await _retype(pilot, "#brand-max_exclamations", "-1")
        assert str(message.content) == "`max_exclamations` must be 0 or more"
        await _retype(pilot, "#brand-max_grade", "0")
        grade = pane.query_one("#brand-max_grade-message", Static)
        assert str(grade.content) == "`max_grade` must be more than 0"
        assert not await pane.save().wait()
        assert toml.read_bytes() == original

        await _retype(pilot, "#brand-max_exclamations", "2")
        await _retype(pilot, "#brand-max_grade", "7,5")
        assert not message.has_class("-error")
        assert await pane.save().wait()
        brand = load_config(toml).brand
        assert brand is not None
        assert (brand.max_exclamations, brand.max_grade) == (2, 7.5)


async def test_a_refused_save_shows_the_tab_of_the_field(retail_copy: Path) -> None:
    app = BrandApp(_open(retail_copy), initial="tab-other")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(BrandPane)
        pane.query_one("#brand-max_sentence_words", Input).value = "many"
        await pilot.pause()
        assert not await pane.save().wait()
        await pilot.pause()
        assert app.query_one(TabbedContent).active == "tab-brand"
        assert app.focused is pane.query_one("#brand-max_sentence_words")


async def test_saving_creates_xcplan_toml_beside_the_plan(bare_plan: Path) -> None:
    toml = bare_plan.parent / "xcplan.toml"
    app = BrandApp(_open(bare_plan))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(BrandPane)
        assert _text(pane, "#brand-file") == f"No xcplan.toml applies: saving creates {toml}."
        assert _text(pane, "#brand-off-text").startswith(
            "Brand voice rules (XC601 to XC608) are off: no xcplan.toml applies to this plan."
        )
        assert not pane.query_one("#brand-fields").display
        assert not pane.dirty
        await _click(pilot, "#brand-on")
        await pilot.pause()
        assert pane.query_one("#brand-fields").display
        assert app.focused is pane.query_one("#brand-name")
        assert pane.dirty
        await pilot.press(*"Acme")
        await pilot.press("ctrl+b")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert toml.is_file()
        config = load_config(toml)
        assert config == Config(brand=Brand(name="Acme"))
        assert [(c.config, c.path) for c in app.config_changes] == [(config, toml)]
        assert app.document.config_path == toml
        assert "File: xcplan.toml." in _text(pane, "#brand-file")


async def test_turning_brand_voice_off_keeps_the_other_tables(retail_copy: Path) -> None:
    toml = retail_copy.parent / "xcplan.toml"
    before = load_config(toml)
    app = BrandApp(_open(retail_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(BrandPane)
        await _click(pilot, "#brand-off")
        await pilot.pause()
        assert not pane.query_one("#brand-fields").display
        assert pane.dirty
        assert await pane.save().wait()
        assert load_config(toml) == before.model_copy(update={"brand": None})
        assert "[brand]" not in toml.read_text()


# -- questions before saving ----------------------------------------------------------------


async def test_saving_over_comments_asks_first(retail_copy: Path) -> None:
    toml = retail_copy.parent / "xcplan.toml"
    toml.write_text(COMMENTED)
    app = BrandApp(_open(retail_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(BrandPane)
        await _retype(pilot, "#brand-max_exclamations", "0")
        worker = pane.save()
        await _until(pilot, lambda: isinstance(app.screen, QuestionDialog))
        texts = [str(s.content) for s in app.screen.query(".dialog-text").results(Static)]
        assert "Comments on lines 1, 4 will be dropped" in texts[0]
        await pilot.click("#choice-cancel")
        assert not await worker.wait()
        assert toml.read_text() == COMMENTED
        assert "xcplan.toml not saved." in _notes(app)

        worker = pane.save()
        await _until(pilot, lambda: isinstance(app.screen, QuestionDialog))
        await pilot.click("#choice-save")
        assert await worker.wait()
        saved = toml.read_text()
        assert toml_comment_lines(saved) == []
        brand = load_config(toml).brand
        assert brand is not None
        assert brand.banned == ["cheap", "#1 deal"]
        assert brand.max_exclamations == 0

        # The file has no comments now: the next save asks nothing.
        await _retype(pilot, "#brand-max_exclamations", "1")
        assert await pane.save().wait()
        assert not isinstance(app.screen, QuestionDialog)


async def test_a_file_changed_on_disk_is_not_overwritten_without_asking(
    retail_copy: Path,
) -> None:
    toml = retail_copy.parent / "xcplan.toml"
    app = BrandApp(_open(retail_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(BrandPane)
        theirs = toml.read_text().replace('"click here"', '"click here", "hurry"')
        toml.write_text(theirs)
        await _append_line(pilot, pane, "#brand-banned", "bargain")
        worker = pane.save()
        await _until(pilot, lambda: isinstance(app.screen, QuestionDialog))
        title = app.screen.query_one(".dialog-title", Static)
        assert str(title.content) == "xcplan.toml changed on disk since xcplan read it"
        await pilot.press("escape")
        assert not await worker.wait()
        assert toml.read_text() == theirs

        # Revert shows what the file says now, and the plan takes it.
        pane.revert()
        await pilot.pause()
        assert pane.query_one("#brand-banned", TextArea).text == "cheap\nclick here\nhurry"
        assert not pane.dirty
        theirs_config = load_config(toml)
        assert [(c.config, c.path) for c in app.config_changes] == [(theirs_config, toml)]
        assert app.document.config == theirs_config

        await _append_line(pilot, pane, "#brand-banned", "bargain")
        assert await pane.save().wait()
        brand = load_config(toml).brand
        assert brand is not None
        assert brand.banned == ["cheap", "click here", "hurry", "bargain"]


async def test_revert_with_edits_asks_first(retail_copy: Path) -> None:
    app = BrandApp(_open(retail_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(BrandPane)
        await _click(pilot, "#brand-name")
        await pilot.press("end", *" Corp")
        assert pane.query_one("#brand-name", Input).value == "Acme Corp"
        await _click(pilot, "#brand-revert")
        await pilot.pause()
        assert isinstance(app.screen, QuestionDialog)
        await pilot.click("#choice-yes")
        await pilot.pause()
        assert pane.query_one("#brand-name", Input).value == "Acme"
        assert not pane.dirty
        assert app.dirty_changes == [True, False]
        assert app.config_changes == []


async def test_a_config_that_does_not_load_is_replaced_only_after_asking(
    retail_copy: Path,
) -> None:
    toml = retail_copy.parent / "xcplan.toml"
    broken = '[brand]\nname = "Acme"\nmax_grade = "eight"\n'
    toml.write_text(broken)
    document = Document.open(retail_copy, Config(), toml)  # what the app does: the defaults
    assert isinstance(document, Document)
    app = BrandApp(document)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(BrandPane)
        assert "`brand.max_grade`" in _text(pane, "#brand-file")
        assert pane.query_one("#brand-file").has_class("-problem")
        await _click(pilot, "#brand-on")
        worker = pane.save()
        await _until(pilot, lambda: isinstance(app.screen, QuestionDialog))
        await pilot.click("#choice-cancel")
        assert not await worker.wait()
        assert toml.read_text() == broken
        worker = pane.save()
        await _until(pilot, lambda: isinstance(app.screen, QuestionDialog))
        await pilot.click("#choice-replace")
        assert await worker.wait()
        assert load_config(toml) == Config(brand=Brand())
        assert not pane.query_one("#brand-file").has_class("-problem")


# -- locales --------------------------------------------------------------------------------


async def test_locale_lists_are_edited_added_and_removed(retail_copy: Path) -> None:
    toml = retail_copy.parent / "xcplan.toml"
    before = load_config(toml).brand
    assert before is not None
    app = BrandApp(_open(retail_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(BrandPane)
        select = pane.query_one("#brand-locale", Select)
        assert select.value == "pl"
        assert pane.query_one("#brand-locale-banned", TextArea).text == "tanio"
        select.value = "ar"
        await pilot.pause()
        assert pane.query_one("#brand-locale-banned", TextArea).text.splitlines() == list(
            before.locales["ar"].banned
        )
        assert not pane.dirty

        # A tag that is not a locale is refused, beside the field.
        await _retype(pilot, "#brand-locale-new", "x y")
        await pilot.press("enter")
        await pilot.pause()
        assert "`x y` is not a BCP 47 language tag" in _text(pane, "#brand-locale-message")
        await _retype(pilot, "#brand-locale-new", "de")
        await _click(pilot, "#brand-locale-add")
        await pilot.pause()
        assert select.value == "de"
        assert app.focused is pane.query_one("#brand-locale-banned")
        await pilot.press(*"billig")
        await _retype(pilot, "#brand-locale-acronyms", "GMBH, AG")

        select.value = "pl"
        await pilot.pause()
        await _click(pilot, "#brand-locale-remove")
        await pilot.pause()
        assert list(pane._locale_texts) == ["ar", "de"]
        assert await pane.save().wait()
        saved = load_config(toml).brand
        assert saved is not None
        assert set(saved.locales) == {"ar", "de"}
        assert saved.locales["ar"] == before.locales["ar"]
        assert saved.locales["de"].banned == ["billig"]
        assert saved.locales["de"].acronyms == ["GMBH", "AG"]


async def test_a_fault_in_another_locale_is_shown_on_save(retail_copy: Path) -> None:
    toml = retail_copy.parent / "xcplan.toml"
    original = toml.read_bytes()
    app = BrandApp(_open(retail_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(BrandPane)
        await _append_line(pilot, pane, "#brand-locale-preferred", "tanio")
        pane.query_one("#brand-locale", Select).value = "ar"
        await pilot.pause()
        assert "Locale pl: line 2: write `wrong = preferred`" in _text(
            pane, "#brand-locale-message"
        )
        assert not await pane.save().wait()
        await pilot.pause()
        assert pane.query_one("#brand-locale", Select).value == "pl"
        assert app.focused is pane.query_one("#brand-locale-preferred")
        assert toml.read_bytes() == original


# -- every field, by keyboard, at 80x24 ------------------------------------------------------


async def test_every_field_is_reached_with_tab_at_80x24(retail_copy: Path) -> None:
    app = BrandApp(_open(retail_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(BrandPane)
        pane.query_one("#brand-save").focus()
        wanted = {f"brand-{spec.name}" for spec in BRAND_FIELDS} | {
            "brand-locale",
            "brand-locale-banned",
            "brand-locale-preferred",
            "brand-locale-acronyms",
        }
        seen: set[str] = set()
        for _ in range(40):
            await pilot.press("tab")
            await pilot.pause()
            focused = app.focused
            assert focused is not None
            if focused.id in wanted:
                seen.add(focused.id)
                region = focused.region
                assert region.height > 0
                assert app.screen.region.contains_region(region), focused.id
        assert seen == wanted


async def test_the_footer_shows_both_saves(retail_copy: Path) -> None:
    app = BrandApp(_open(retail_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.query_one("#brand-name").focus()
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "^b Save brand" in footer
        assert "^s Save" in footer
        await pilot.press("ctrl+s")
        assert app.plan_saves == 1


# -- the text of fields -----------------------------------------------------------------------


def test_comment_lines_are_found_outside_strings() -> None:
    assert toml_comment_lines(COMMENTED) == [1, 4]
    text = "a = \"x # y\"\nb = '''\n# not a comment\n'''\nc = 1 #yes\n"
    assert toml_comment_lines(text) == [5]
    assert toml_comment_lines("a = [\n  1, # one\n  2,\n]\n") == [2]
    assert toml_comment_lines("not toml # at all =") == []


def test_preferred_pairs() -> None:
    assert parse_terms('e-mail = email\n"log-in": log in\n\n') == {
        "e-mail": "email",
        "log-in": "log in",
    }
    with pytest.raises(FieldValueError, match="line 2: write `wrong = preferred`"):
        parse_terms("e-mail = email\nwebsite")
    with pytest.raises(FieldValueError, match="line 2: `a` is given twice"):
        parse_terms("a = b\na = c")


@pytest.mark.parametrize(
    ("name", "text", "value"),
    [
        ("voice", "warm, helpful\nconcise", ["warm", "helpful", "concise"]),
        ("acronyms", "SMS,FAQ  VIP", ["SMS", "FAQ", "VIP"]),
        ("banned", " cheap \n\nclick here", ["cheap", "click here"]),
        ("max_exclamations", " 3 ", 3),
        ("max_exclamations", "", None),
        ("max_grade", "8", 8.0),
        ("max_grade", "7,5", 7.5),
    ],
)
def test_field_text(name: str, text: str, value: object) -> None:
    spec = next(spec for spec in BRAND_FIELDS if spec.name == name)
    assert parse_value(spec, text) == value


@pytest.mark.parametrize(("name", "text"), [("max_grade", "nan"), ("max_sentence_words", "2.5")])
def test_field_text_refused(name: str, text: str) -> None:
    spec = next(spec for spec in BRAND_FIELDS if spec.name == name)
    with pytest.raises(FieldValueError, match=f"`{name}` must be"):
        parse_value(spec, text)
