"""Key bindings: every one has its own id and a tooltip, and the help screen lists them all."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

from textual.binding import Binding
from textual.dom import DOMNode
from textual.widgets import Input

import xcplan.tui
from tests.tui.conftest import app_for, plan_screen, screen_text, settle
from xcplan.tui.keymap import binding_ids, declared_bindings
from xcplan.tui.screens.help import HelpScreen, group_title
from xcplan.tui.screens.plan import PlanScreen


def _declarations() -> list[tuple[str, Binding]]:
    """Return each ``Binding`` declared in a ``BINDINGS`` of a class of xcplan.tui, with where.

    Found independently of ``xcplan.tui.keymap``: every module is imported and its classes read.
    """
    found: list[tuple[str, Binding]] = []
    modules = pkgutil.walk_packages(xcplan.tui.__path__, prefix="xcplan.tui.")
    for info in modules:
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or "BINDINGS" not in cls.__dict__:
                continue
            for declared in cls.__dict__["BINDINGS"]:
                assert isinstance(declared, Binding), f"{module.__name__}.{name}: {declared!r}"
                found.append((f"{module.__name__}.{name}", declared))
    return found


def test_every_binding_has_its_own_id_and_a_tooltip() -> None:
    declarations = _declarations()
    assert len(declarations) > 40
    owners: dict[str, str] = {}
    for where, binding in declarations:
        assert binding.id, f"{where}: the binding of {binding.key!r} has no id"
        assert binding.id == binding.id.strip() and " " not in binding.id, binding.id
        assert binding.tooltip, f"{where}: {binding.id} has no tooltip"
        assert binding.id not in owners, f"{binding.id} is in {owners[binding.id]} and {where}"
        owners[binding.id] = where
    # The keymap knows the same ids (it is what a keymap file may name).
    assert binding_ids() == set(owners)
    assert {f"{cls.__module__}.{cls.__name__}" for cls, _ in declared_bindings()} == set(
        owners.values()
    )


def test_groups_have_readable_titles() -> None:
    titles = {group_title(cls) for cls, _ in declared_bindings()}
    assert "Plan editor" in titles and "Journey grid" in titles
    assert all(title[0].isupper() and not title.endswith(("Pane", "Screen")) for title in titles)

    class SpringSaleBanner(DOMNode):
        """Not named in the titles."""

    assert group_title(SpringSaleBanner) == "Spring sale banner"


async def test_question_mark_opens_the_keys_and_escape_closes_them(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = plan_screen(app)
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        listed = set(help_screen.binding_ids())
        # Every binding of the editor, its tabs and the app...
        here = {
            binding.id
            for node in [app, screen, *screen.walk_children()]
            for _key, binding in node._bindings
            if binding.id
        }
        assert {"plan.save", "journey.toggle", "problems.errors", "app.help"} <= here
        assert here <= listed
        # ...and every other binding of the planner: dialogs, other screens.
        assert binding_ids() <= listed
        shown = screen_text(app)
        assert "Everywhere" in shown and "Plan editor" in shown
        assert "plan.save" in shown and "app.help" in shown
        assert "keys.toml" in shown  # how to change a key
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        # f1 opens it too, and closes it.
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert app.screen is screen


async def test_question_mark_in_a_text_field_is_typed(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        field = app.screen.query_one("#campaign-name", Input)
        field.focus()
        await pilot.press("end", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        assert field.value.endswith("?")
        await settle(pilot)
