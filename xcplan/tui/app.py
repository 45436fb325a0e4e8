"""The planner app, and ``make_app``: the one factory the CLI and the tests use.

The app opens what it is given: a plan file in the editor (``PlanScreen``), a file that does not
load in a read-only list of its problems, a path that does not exist as a new plan from a chosen
template, and a folder as a list of its plans.

It never loses work and never prints over the user's screen: an unhandled exception keeps the
unsaved plan for recovery, writes a crash report and ends the app with ``crash`` set (the CLI
says where both are, once the terminal is restored), instead of Textual's traceback; SIGTERM
and SIGHUP (the terminal closed) keep the unsaved plan and end the app as ``exit`` does.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import threading
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Final

from textual import on
from textual.actions import SkipAction
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widget import MountError, Widget
from textual.widgets import TextArea
from textual.worker import WorkerFailed

from xcplan import __version__
from xcplan.collect import resume_after_start
from xcplan.edit import ahead
from xcplan.edit.document import Document
from xcplan.edit.recovery import find_recoveries, write_crash_report
from xcplan.errors import ConfigError, ExitCode, XcplanError
from xcplan.io.config import find_config, load_config
from xcplan.model.config import Config
from xcplan.render.hidden import terminal_safe
from xcplan.tui.keymap import apply_user_keymap
from xcplan.tui.messages import OpenPath, StartPlan
from xcplan.tui.screens.plan import PlanScreen
from xcplan.tui.screens.steady import SteadyScreen

if TYPE_CHECKING:
    from textual.command import Provider

    from xcplan.tui.dialogs.library import Loader


SIGNAL_GRACE: Final = 3.0
"""Seconds the app has to end after SIGTERM or SIGHUP (its plans kept) before it is ended."""


@dataclass(frozen=True, slots=True)
class Crash:
    """How the planner crashed: the error in one line, the report's file (None when it
    could not be written) and the recovery files the unsaved plans were kept in."""

    error: str
    report: Path | None
    kept: list[Path] = field(default_factory=list)


def crash_text(error: BaseException, path: Path) -> str:
    """Return the crash report of ``error``: when, what was open, the versions, the traceback."""
    lines = [
        f"xcplan {__version__} crashed at {datetime.now().astimezone().isoformat()}",
        f"opened: {path}",
        f"python {sys.version.split()[0]} on {sys.platform}",
        "",
        *traceback.format_exception(error),
    ]
    return "\n".join(line.rstrip("\n") for line in lines) + "\n"


def _touchpoint_commands() -> type[Provider]:
    # The palette's module (and Textual's) is imported when the palette first opens, not
    # before the first screen.
    from xcplan.tui.commands import TouchpointCommands

    return TouchpointCommands


class PlannerApp(App[None]):
    """Plan a cross-channel campaign: campaign, personas, journey, messages, brand, problems."""

    CSS_PATH = "app.tcss"
    TITLE = "xcplan"
    COMMANDS = App.COMMANDS | {_touchpoint_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            id="app.quit",
            tooltip="Quit; asks first when there are unsaved changes",
            priority=True,
        ),
        Binding(
            "f1,question_mark",
            "help",
            "Keys",
            id="app.help",
            tooltip="List every key and its id (to change it in a keymap file)",
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            "palette",
            show=False,
            priority=True,
            id="app.palette",
            tooltip="Open the command palette: the planner's commands, tabs, touchpoints",
        ),
        # Tab moves the focus before the next key is handed out. Textual hands each key to the
        # widget focused when the app reads it, and finds Tab's binding only once the key has
        # bubbled up from that widget, so in a burst from the terminal (`5`, Tab, `Q` within
        # a few milliseconds) the `Q` went to the field Tab was leaving.
        Binding(
            "tab",
            "focus_next_now",
            "Next",
            show=False,
            priority=True,
            id="app.focus_next",
            tooltip="Focus the next field, list or button",
        ),
        Binding(
            "shift+tab",
            "focus_previous_now",
            "Previous",
            show=False,
            priority=True,
            id="app.focus_previous",
            tooltip="Focus the previous field, list or button",
        ),
    ]

    def __init__(
        self,
        path: Path,
        *,
        config: Config | None = None,
        config_path: Path | None = None,
        library: Loader | None = None,
    ) -> None:
        super().__init__()
        self.path = path
        self.fixed_config = config
        """The config given on the command line (``--config``); None to find one per plan."""
        self.fixed_config_path = config_path
        """The file ``fixed_config`` was read from, when it was read from one."""
        self.library = library
        """Loads the persona library; None for the installed one."""
        self.cursor_blink = True
        """Whether text cursors blink (tests switch it off for stable snapshots)."""
        self.crash: Crash | None = None
        """How the app crashed, once it has."""
        self.stopped_by: int | None = None
        """The signal that stopped the app (SIGTERM, SIGHUP), once one has."""
        self.kept: list[Path] = []
        """The recovery files the unsaved plans were kept in when the app was stopped."""
        self._ended = False
        self._mounted_once = False
        self._styles_primed: frozenset[object] | None = None
        """The styles the stylesheet was given from the last launch (``xcplan.tui.styles``);
        None when the first screen is not a plan's (no styles are kept for it)."""
        if path.is_file():
            from xcplan.tui import styles

            self._styles_primed = styles.prime(self.stylesheet, "plan")

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a notification. Its text is never markup, and its control characters are
        shown as marks: notifications name plans, files and what the user typed."""
        super().notify(
            terminal_safe(message),
            title=terminal_safe(title, one_line=True),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def get_default_screen(self) -> Screen[object]:
        """The screen under every other (empty): steady too, since a layout of a screen under
        the one shown draws all of that one again."""
        return SteadyScreen(id="_default")

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        """Style ``node`` and its children again (their classes changed), unless it is not in
        the DOM yet: it is styled as it is mounted. (Textual 8.2.8 styles a widget for each
        class set as it is made, too: each field of the Campaign tab three times before the
        first frame, a fifth of the styling of the first screen.)"""
        if node is self or node.is_attached:
            super().update_styles(node, animate=animate)

    def on_plan_screen_drawn(self, event: PlanScreen.Drawn) -> None:
        """The first plan screen is drawn: keep the styles parsed for it, once."""
        primed, self._styles_primed = self._styles_primed, None
        if primed is not None:
            from xcplan.tui import styles

            styles.keep(self.stylesheet, "plan", primed)

    def on_mount(self) -> None:
        """Apply the user's keymap file, stop cleanly on SIGTERM and SIGHUP, and open the path
        the app was made for."""
        self._mounted_once = True
        apply_user_keymap(self)
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGHUP):
            # Not where signals cannot be handled (another thread, another platform).
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self.stop_on_signal, signum)
        # Not now: Textual mounts the app within a batch of updates whose screen updates it
        # never draws, so a screen pushed here would be painted, thrown away, and then drawn
        # only where it changed: the header and the tab bar came a lint later.
        self.call_later(self.open_path, self.path)
        self.call_later(self.call_after_refresh, resume_after_start)  # once it is drawn

    # -- never losing work ----------------------------------------------------------------

    def keep_unsaved(self) -> list[Path]:
        """Keep every open plan's unsaved changes for recovery at once; return the files."""
        kept: list[Path] = []
        for screen in self.screen_stack:
            if isinstance(screen, PlanScreen):
                file = screen.recovery.write_now()
                if file is not None:
                    kept.append(file)
        return kept

    def stop_on_signal(self, signum: int) -> None:
        """Keep the unsaved changes, then end the app as ``exit`` does (the terminal is
        restored); the return code is 128 + the signal's number, as a shell reports it."""
        if self.stopped_by is not None:
            return
        self.stopped_by = signum
        self.kept = self.keep_unsaved()
        code = 128 + signum
        if not self.is_headless:
            # Textual restores the terminal as it ends; a closed terminal can leave that
            # waiting for ever (3 closes in 8 in tmux, the plan kept, the process left behind).
            # The plan is kept already: past the grace, the process ends without it.
            watchdog = threading.Timer(SIGNAL_GRACE, self._end_now, args=(code,))
            watchdog.daemon = True
            watchdog.start()
        self.exit(return_code=code)

    def _end_now(self, code: int) -> None:
        if not self._ended:
            os._exit(code)

    async def run_async(self, *args: Any, **kwargs: Any) -> Any:
        """Run the app (as Textual's ``run_async``, with its return value) and note when it has
        ended."""
        try:
            return await super().run_async(*args, **kwargs)
        finally:
            self._ended = True

    def _handle_exception(self, error: Exception) -> None:
        """An unhandled exception ends the app: keep the unsaved plans, write the crash
        report, and end without Textual's traceback on the user's screen (Textual 8.2.8 puts
        it in the exit renderables, printed when the app ends; none are added here).

        Once the app is ending, a tab still being built may find its widgets gone (quitting
        right after opening): that is the end it was asked for, not a crash.
        """
        original: BaseException = error.error if isinstance(error, WorkerFailed) else error
        if self.is_ending and isinstance(original, (NoMatches, MountError)):
            return
        if self.crash is None:
            try:
                report: Path | None = write_crash_report(crash_text(original, self.path))
            except Exception:  # the crash is being handled: never a second one
                report = None
            self.crash = Crash(
                f"{type(original).__name__}: {original}", report, self.keep_unsaved()
            )
        if self._exception is None:
            self._exception = error  # run_test raises it for the tests
            self._exception_event.set()
        self._return_code = ExitCode.USAGE
        self._close_messages_no_wait()

    @property
    def is_ending(self) -> bool:
        """Whether the app has been asked to end (its screens are being taken down)."""
        return bool(self._exit) or self._closing or (self._mounted_once and not self.is_running)

    # -- opening --------------------------------------------------------------------------

    def config_for(self, path: Path) -> tuple[Config, Path | None]:
        """Return the config of a plan and its file: the one given, or the ``xcplan.toml`` that
        applies (None for the file when there is none).

        A config that cannot be read is reported, and the built-in defaults are used.
        """
        if self.fixed_config is not None:
            return self.fixed_config, self.fixed_config_path
        found: Path | None = None
        try:
            found = find_config(path.parent if not path.is_dir() else path)
            early = ahead.config(path, found)  # read by the second process, if one was started
            if early is not None:
                return early, found
            return (load_config(found), found) if found is not None else (Config(), None)
        except ConfigError as error:
            self.notify(
                f"{error}; using the defaults", title="xcplan.toml", severity="error", markup=False
            )
            return Config(), found

    def _show(self, screen: Screen[None]) -> None:
        if len(self.screen_stack) <= 1:
            self.push_screen(screen)
        else:
            self.switch_screen(screen)

    def open_path(self, path: Path) -> None:
        """Open ``path``: a plan, a folder of plans, or a new plan when it does not exist."""
        # The other screens' module is imported when one of them is shown, not for a plan.
        if path.is_dir():
            from xcplan.tui.screens.start import FolderScreen

            self._show(FolderScreen(path))
            return
        if not path.exists():
            if find_recoveries(path):
                # A new plan's unsaved changes were kept: open it, and they are offered.
                self.start_new(path, None)
            else:
                from xcplan.tui.screens.start import NewPlanScreen

                self._show(NewPlanScreen(path))
            return
        opened = Document.open(path, *self.config_for(path))
        if isinstance(opened, Document):
            self._show(PlanScreen(opened, library=self.library))
        else:
            from xcplan.tui.screens.start import BrokenPlanScreen

            self._show(BrokenPlanScreen(opened))

    def start_new(self, path: Path, template: str | None) -> None:
        """Open a new, unsaved plan at ``path`` from ``template`` (an empty plan for None)."""
        from xcplan.edit.starter import new_document

        config, config_path = self.config_for(path)
        try:
            document = new_document(path, template, config, config_path)
        except XcplanError as error:
            self.notify(str(error), title="Cannot start the plan", severity="error", markup=False)
            return
        self._show(PlanScreen(document, library=self.library))

    @on(OpenPath)
    def _open_asked(self, event: OpenPath) -> None:
        self.open_path(event.path)

    @on(StartPlan)
    def _start_asked(self, event: StartPlan) -> None:
        self.start_new(event.path, event.template)

    # -- actions --------------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Quit; when a plan has unsaved changes, ask to save, discard or cancel first."""
        for screen in self.screen_stack:
            if isinstance(screen, PlanScreen):
                screen.quit()
                return
        self.exit()

    def _wants_key(self, key: str) -> bool:
        # Whether the focused widget (or a container of it below the screen) handles ``key``
        # itself: a TextArea that indents, a widget with a binding of its own.
        node = self.focused
        if isinstance(node, TextArea) and node.tab_behavior == "indent" and key == "tab":
            return True
        while node is not None and not isinstance(node, Screen):
            if key in node._bindings.key_to_bindings:
                return True
            parent = node.parent
            node = parent if isinstance(parent, Widget) else None
        return False

    def action_focus_next_now(self) -> None:
        """Focus the next field, list or button at once (see ``BINDINGS``)."""
        if self._wants_key("tab"):
            raise SkipAction()
        self.screen.focus_next()

    def action_focus_previous_now(self) -> None:
        """Focus the previous field, list or button at once (see ``BINDINGS``)."""
        if self._wants_key("shift+tab"):
            raise SkipAction()
        self.screen.focus_previous()

    def action_help(self) -> None:
        """Show every key of the app and of the screen shown, with their ids."""
        from xcplan.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_command_palette(self) -> None:
        """Open the command palette (one that survives being closed while typing)."""
        from xcplan.tui.commands import PlannerPalette

        open_already = any(isinstance(screen, CommandPalette) for screen in self.screen_stack)
        if self.use_command_palette and not open_already:
            self.push_screen(PlannerPalette(id="--command-palette"))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Return the command palette's commands: the planner's own, then Textual's."""
        if isinstance(screen, PlanScreen):
            from xcplan.tui.commands import plan_commands

            yield from plan_commands(screen)
        yield from super().get_system_commands(screen)


def make_app(
    path: Path | str | None = None,
    *,
    config: Config | Path | None = None,
    library: Loader | None = None,
) -> PlannerApp:
    """Return the planner app for ``path``, not started (``app.run()`` starts it).

    ``path`` is a plan file, a file to create, or a folder of plans (default: the current
    folder). ``config`` is a config, or the path of an ``xcplan.toml`` to use instead of finding
    one; ``library`` loads the persona library (the installed one by default). Raises
    ``ConfigError`` when a config path cannot be read.
    """
    target = Path(path) if path is not None else Path.cwd()
    if isinstance(config, Path):
        return PlannerApp(target, config=load_config(config), config_path=config, library=library)
    return PlannerApp(target, config=config, library=library)
