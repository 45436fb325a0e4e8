"""The user's keymap file: where it is, what it maps, what is wrong in it, and that it works."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.conftest import app_for, notifications, plan_screen, settle
from xcplan.tui.keymap import (
    binding_ids,
    clashes,
    keymap_path,
    load_user_keymap,
    normalize_key,
    parse_keymap,
    read_keymap,
)
from xcplan.tui.screens.help import HelpScreen

KNOWN = {"plan.save", "plan.undo", "app.help", "journey.toggle", "personas.edit"}


# -- where -------------------------------------------------------------------------------


def test_the_file_named_by_the_environment_comes_first(tmp_path: Path) -> None:
    env = {"XCPLAN_KEYMAP": str(tmp_path / "mine.toml"), "XDG_CONFIG_HOME": "/etc/xdg"}
    assert keymap_path(env) == tmp_path / "mine.toml"


def test_the_xdg_config_folder_then_the_home_folder() -> None:
    assert keymap_path({"XDG_CONFIG_HOME": "/srv/conf"}) == Path("/srv/conf/xcplan/keys.toml")
    default = Path.home() / ".config" / "xcplan" / "keys.toml"
    assert keymap_path({}) == default
    assert keymap_path({"XDG_CONFIG_HOME": "relative/conf"}) == default  # ignored, as XDG says
    assert keymap_path({"XCPLAN_KEYMAP": "  ", "XDG_CONFIG_HOME": ""}) == default


# -- keys --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("ctrl+w", "ctrl+w"),
        ("Ctrl+W", "ctrl+W"),
        ("shift+ctrl+up", "ctrl+shift+up"),
        ("F5", "f5"),
        ("Escape", "escape"),
        ("?", "question_mark"),
        ("ctrl+?", "ctrl+question_mark"),
        ("+", "plus"),
        ("plus_sign", "plus"),
        ("]", "right_square_bracket"),
        ("space", "space"),
        ("V", "V"),
        ("ä", "ä"),
    ],
)
def test_keys_are_named_as_textual_names_them(text: str, key: str) -> None:
    assert normalize_key(text) == key


@pytest.mark.parametrize(
    "text", ["", " ", "ctrl+", "ctrl++", "ctrl+ctrl+a", "hyper+", "cmd+s", "ctrl+banana", "f99"]
)
def test_what_is_not_a_key(text: str) -> None:
    assert normalize_key(text) is None


# -- parsing -------------------------------------------------------------------------------


def test_a_keymap_maps_ids_to_keys() -> None:
    keymap, problems = parse_keymap(
        """
        [keys]
        "plan.save" = "ctrl+w"
        "app.help" = "f2, ?"
        "personas.edit" = ["e", "F4"]
        journey.toggle = "t"  # a bare dotted key means the same
        """,
        KNOWN,
    )
    assert problems == []
    assert keymap == {
        "plan.save": "ctrl+w",
        "app.help": "f2,question_mark",
        "personas.edit": "e,f4",
        "journey.toggle": "t",
    }


def test_what_cannot_be_used_is_named_and_the_rest_applies() -> None:
    keymap, problems = parse_keymap(
        """
        [keys]
        "plan.save" = "ctrl+w"
        "plan.sav" = "ctrl+s"
        "nothing.like.it" = "x"
        "plan.undo" = "ctrl+banana"
        "app.help" = 3
        "journey.toggle" = ""

        [colours]
        accent = "red"
        """,
        KNOWN,
    )
    assert keymap == {"plan.save": "ctrl+w"}
    assert problems == [
        "no binding has the id `plan.sav` (did you mean `plan.save`?), `nothing.like.it`",
        "only a [keys] table is read; ignored: `colours`",
        '`plan.undo`: "ctrl+banana" is not a key (try "ctrl+w", "f5", "?")',
        '`app.help`: give a key as text, like "ctrl+w", not 3',
        '`journey.toggle`: "" is not a key (try "ctrl+w", "f5", "?")',
    ]


def test_a_file_that_does_not_parse_is_one_problem() -> None:
    keymap, problems = parse_keymap('[keys]\n"plan.save" = ctrl+w\n', KNOWN)
    assert keymap == {}
    assert len(problems) == 1
    assert problems[0].startswith("the file does not parse: ")
    assert "line 2" in problems[0]


def test_keys_must_be_a_table() -> None:
    assert parse_keymap('keys = "ctrl+w"\n', KNOWN) == (
        {},
        ['`keys` must be a table: [keys] then lines of `"id" = "key"`'],
    )
    assert parse_keymap("", KNOWN) == ({}, [])


def test_reading_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "keys.toml"
    assert read_keymap(missing, KNOWN) == ({}, [])
    assert read_keymap(missing, KNOWN, must_exist=True) == ({}, ["the file does not exist"])
    assert read_keymap(tmp_path, KNOWN)[1][0].startswith("the file cannot be read: ")
    missing.write_bytes(b'[keys]\n"plan.save" = "\xff"\n')
    assert read_keymap(missing, KNOWN) == ({}, ["the file is not UTF-8 text"])
    missing.write_text('[keys]\n"plan.save" = "ctrl+w"\n', encoding="utf-8")
    assert read_keymap(missing, KNOWN) == ({"plan.save": "ctrl+w"}, [])


def test_a_key_taken_from_another_binding_is_a_problem() -> None:
    # ctrl+z is plan.undo's key: plan.save takes it, and undo is left without a key.
    assert clashes({"plan.save": "ctrl+z"}) == [
        "ctrl+z was the key of `plan.undo` in PlanScreen: now it is `plan.save`'s"
    ]
    assert clashes({"plan.save": "ctrl+w", "plan.undo": "ctrl+w"}) == [
        "ctrl+w is given to `plan.save` and `plan.undo` in PlanScreen: only one of them gets it"
    ]
    # Textual's own bindings count too: enter selects in the journey grid (a table).
    assert clashes({"journey.toggle": "enter"}) == [
        "enter was the key of Select in JourneyGrid: now it is `journey.toggle`'s"
    ]
    # Swapping two keys leaves none without one.
    assert clashes({"plan.save": "ctrl+z", "plan.undo": "ctrl+s"}) == []
    # Bindings of more than one key, and keys no other binding has, are no clash.
    assert clashes({"personas.edit": "x,f5", "app.help": "f2"}) == []


def test_load_user_keymap_reports_the_file(tmp_path: Path) -> None:
    path = tmp_path / "keys.toml"
    path.write_text('[keys]\n"plan.save" = "ctrl+z"\n"plan.sve" = "x"\n', encoding="utf-8")
    loaded = load_user_keymap({"XCPLAN_KEYMAP": str(path)})
    assert loaded.path == path
    assert loaded.keymap == {"plan.save": "ctrl+z"}
    assert loaded.problems == [
        "no binding has the id `plan.sve` (did you mean `plan.save`?)",
        "ctrl+z was the key of `plan.undo` in PlanScreen: now it is `plan.save`'s",
    ]
    assert "plan.save" in binding_ids()


# -- in the app ----------------------------------------------------------------------------


async def test_a_remapped_key_works(
    retail_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = tmp_path / "my-keys.toml"
    keys.write_text('[keys]\n"plan.save" = "ctrl+w"\n"app.help" = "f2"\n', encoding="utf-8")
    monkeypatch.setenv("XCPLAN_KEYMAP", str(keys))
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = plan_screen(app)
        assert notifications(app) == []  # nothing wrong in the file
        # The old keys do nothing...
        await pilot.press("f1", "ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert not any(message.startswith("Saved") for message in notifications(app))
        # ...the new ones work, and the help shows them.
        await pilot.press("f2")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        rows = {row.binding_id: row for group in help_screen.groups for row in group.rows}
        assert rows["app.help"].keys == "f2"
        assert rows["plan.save"].keys == "^w"
        await pilot.press("escape", "ctrl+w")
        await settle(pilot)
        assert app.screen is screen
        assert f"Saved {retail_copy.name}." in notifications(app)


async def test_a_keymap_with_problems_is_reported_once(
    retail_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = tmp_path / "keys.toml"
    keys.write_text('[keys]\n"plan.save" = "ctrl+w"\n"plan.sav" = "x"\n', encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path.parent))
    monkeypatch.setenv("XCPLAN_KEYMAP", str(keys))
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        [notification] = list(app._notifications)
        assert notification.title == f"Keys in {keys}"
        assert notification.severity == "warning"
        assert "`plan.sav` (did you mean `plan.save`?)" in notification.message
        # What could be used still applies.
        await pilot.press("ctrl+w")
        await settle(pilot)
        assert f"Saved {retail_copy.name}." in notifications(app)


async def test_a_broken_keymap_file_does_not_stop_the_app(
    retail_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = tmp_path / "keys.toml"
    keys.write_text("[keys\n", encoding="utf-8")
    monkeypatch.setenv("XCPLAN_KEYMAP", str(keys))
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        [message] = notifications(app)
        assert message.startswith("• the file does not parse: ")
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
