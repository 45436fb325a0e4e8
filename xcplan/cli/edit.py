"""``xcplan edit [PLAN]``: open the planner TUI on a plan, a new plan's path, or a folder.

Textual is imported only when the app starts, so every other command stays fast. When the app
ends after a crash or a signal, the terminal is restored first and then one short message says
where the unsaved plan and the crash report were kept; never a traceback.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from xcplan.cli.output import err
from xcplan.errors import ExitCode, InputError
from xcplan.io.discovery import PLAN_SUFFIXES

if TYPE_CHECKING:
    from xcplan.tui.app import PlannerApp


def with_shorthand(args: list[str]) -> list[str]:
    """Return the command line's arguments with ``xcplan PLAN.yaml ...`` read as ``xcplan edit
    PLAN.yaml ...``."""
    if args and args[0].endswith(PLAN_SUFFIXES) and not args[0].startswith("-"):
        return ["edit", *args]
    return args


def simple_invocation(args: list[str]) -> tuple[Path | None, Path | None] | None:
    """Return (plan, config) when ``args`` are a plain ``edit [PLAN] [--config FILE]``, else None.

    Only the plainest forms are recognised, each value a word that does not start with ``-``;
    anything else (help, an unknown option, ``--config=FILE``, a missing value, an extra
    argument) is None, and left to the Typer app, which parses it and says what is wrong. So
    ``xcplan edit PLAN`` opens the planner without importing Typer, and every message about the
    command line still comes from one place.
    """
    if not args or args[0] != "edit":
        return None
    plan: Path | None = None
    config: Path | None = None
    rest = args[1:]
    while rest:
        word = rest.pop(0)
        if word == "--config" and config is None and rest and _plain(rest[0]):
            config = Path(rest.pop(0))
        elif plan is None and _plain(word):
            plan = Path(word)
        else:
            return None
    return plan, config


def _plain(word: str) -> bool:
    return bool(word) and not word.startswith("-")


def check_target(path: Path) -> None:
    """Refuse, with one line, a path the planner cannot open or create.

    An existing file or folder is fine (a file that does not load opens read-only). A path
    that does not exist must end in ``.yaml`` or ``.yml`` and be in an existing folder.
    """
    if path.exists():
        if not (path.is_file() or path.is_dir()):
            raise InputError(f"{path}: not a file or a folder")
        return
    if path.suffix not in PLAN_SUFFIXES:
        raise InputError(f"{path}: no such file; a new plan's file name must end in .yaml or .yml")
    folder = path.parent
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder; create it first")


def run(
    plan: Path | None,
    config: Path | None,
    *,
    interactive: bool | None = None,
    read_ahead: bool = False,
) -> int:
    """Open the planner on ``plan`` (the current folder when None); return the exit code.

    ``config`` is an ``xcplan.toml`` to use instead of finding one. With ``read_ahead``, a plan
    file is read and linted in a second process while the planner starts (``xcplan.edit.ahead``:
    call it so only before any thread is started). Raises ``InputError`` for a path that cannot
    be opened, a missing config, or no terminal to draw on, and ``ConfigError`` for a config
    that does not load.
    """
    target = plan if plan is not None else Path.cwd()
    check_target(target)
    if config is not None and not config.is_file():
        raise InputError(f"{config}: no such config file")
    if interactive is None:
        interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if not interactive:
        raise InputError("xcplan edit needs an interactive terminal (stdin and stdout)")
    from xcplan.collect import pause_for_start, resume_after_start

    pause_for_start()  # the app lets it run again once its first screen is drawn
    try:
        if read_ahead and target.is_file():
            from xcplan.edit import ahead

            ahead.start(target, config)

        from xcplan.tui.app import make_app

        app = make_app(target, config=config)
        app.run()
    finally:
        resume_after_start()  # when the app did not get that far
    return ended(app)


def _kept_lines(kept: list[Path]) -> list[str]:
    return [
        f"Your unsaved changes are kept in {file}: open the plan again to recover them."
        for file in kept
    ]


def ended(app: PlannerApp) -> int:
    """Say how the planner ended, when it did not end normally; return the exit code.

    After a crash: the error in one line, where the unsaved changes and the crash report are
    (exit code 2). After SIGTERM or SIGHUP: where the unsaved changes are (exit code 128 + the
    signal's number). The terminal may be gone after SIGHUP: nothing is said then.
    """
    printer = err()
    crash = app.crash
    if crash is not None:
        printer.line(f"xcplan edit stopped on an internal error: {crash.error}")
        for line in _kept_lines(crash.kept):
            printer.line(line)
        if crash.report is not None:
            printer.line(
                f"The crash report is {crash.report}; please send it with the steps that led to it."
            )
        return app.return_code or ExitCode.USAGE
    if app.stopped_by is not None:
        try:
            printer.line(f"xcplan edit stopped by {signal.Signals(app.stopped_by).name}.")
            for line in _kept_lines(app.kept):
                printer.line(line)
        except OSError:
            pass  # the terminal was closed (SIGHUP)
        return 128 + app.stopped_by
    return app.return_code or ExitCode.OK
