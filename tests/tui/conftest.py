"""Helpers for the TUI tests: apps made for tests, plans in temporary folders, waiting."""

from __future__ import annotations

import asyncio
import inspect
import io
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Button, Input

from tests.conftest import EXAMPLES
from xcplan.edit.document import Document
from xcplan.edit.recovery import STATE_ENV
from xcplan.edit.touchpoints import touchpoint_at
from xcplan.model.plan import Touchpoint
from xcplan.tui.app import PlannerApp, make_app
from xcplan.tui.dialogs.question import QuestionDialog
from xcplan.tui.screens.plan import PlanScreen

RETAIL = EXAMPLES / "retail-app-launch.yaml"


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests in a fresh event loop (Pilot tests need one; no plugin needed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture(autouse=True)
def _no_user_keymap(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The app reads no keymap file of the user running the tests (their keys would change
    what the tests press and see); tests that want one set ``XCPLAN_KEYMAP`` themselves."""
    monkeypatch.delenv("XCPLAN_KEYMAP", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))


@pytest.fixture(autouse=True)
def state_dir(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of recovery files and crash reports: one of the test's own, never the home
    folder of the user running the tests."""
    folder = tmp_path_factory.mktemp("state")
    monkeypatch.setenv(STATE_ENV, str(folder))
    return folder


def app_for(path: Path, **kwargs: Any) -> PlannerApp:
    """Return the app for ``path`` as the tests use it: no cursor blink, no animation."""
    app = make_app(path, **kwargs)
    app.cursor_blink = False
    app.animation_level = "none"
    # Notifications stay up for the whole test, however slow the machine.
    setattr(app, "NOTIFICATION_TIMEOUT", 600)  # noqa: B010 - a class variable, set for this app
    return app


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until workers are done and the problems shown are those of the current plan."""
    app = pilot.app
    for _ in range(200):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        editors = [s for s in app.screen_stack if isinstance(s, PlanScreen)]
        if any(s._lint_timer is not None for s in editors):
            await pilot.pause(0.1)
        elif all(s.lint_is_current for s in editors):
            return
    raise AssertionError("the lint never caught up")


def plan_screen(app: PlannerApp) -> PlanScreen:
    """Return the app's plan editor screen."""
    for screen in app.screen_stack:
        if isinstance(screen, PlanScreen):
            return screen
    raise AssertionError(f"no plan screen in {app.screen_stack}")


def screen_text(app: PlannerApp) -> str:
    """Return what the terminal shows, as plain text."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True)
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


async def type_in_name(pilot: Pilot[Any], text: str) -> None:
    """Type ``text`` at the end of the campaign's Name field, and wait for the lint."""
    field = plan_screen(pilot.app).query_one("#campaign-name", Input)
    field.focus()
    await pilot.press("end", *text)
    await settle(pilot)


async def question(pilot: Pilot[Any], title: str | None = None) -> QuestionDialog:
    """Wait for a question (asked by a worker: ``settle`` would wait for its answer); check its
    title when one is given."""
    for _ in range(100):
        await pilot.pause(0.05)
        screen = pilot.app.screen
        # Shown, with its choices mounted (a dialog pushed a moment ago has none yet).
        if isinstance(screen, QuestionDialog) and screen.is_mounted and screen.query(Button):
            assert title is None or screen._title == title, screen._title
            return screen
    raise AssertionError(f"no question {title!r}: {pilot.app.screen}")


def find_touchpoint(document: Document, touchpoint_id: str) -> Touchpoint:
    """Return the touchpoint of id ``touchpoint_id`` in the document's plan."""
    return touchpoint_at(document.plan, touchpoint_id)[1]


def notifications(app: PlannerApp) -> list[str]:
    """Return the messages of the notifications shown so far."""
    return [notification.message for notification in app._notifications]


@pytest.fixture
def plan_copy(tmp_path: Path) -> Callable[[Path], Path]:
    """Copy a plan (and the examples' config) into a temporary folder; return the copy."""

    def copy(source: Path = RETAIL) -> Path:
        shutil.copy(EXAMPLES / "xcplan.toml", tmp_path / "xcplan.toml")
        target = tmp_path / source.name
        shutil.copy(source, target)
        return target

    return copy


@pytest.fixture
def retail_copy(plan_copy: Callable[[Path], Path]) -> Path:
    """A copy of the retail example in a temporary folder, with its config."""
    return plan_copy(RETAIL)
