"""Plain terminal output for the fast commands: colour only on a terminal, ``NO_COLOR`` honoured.

``validate`` and ``fmt`` print with this module instead of rich, so they start fast.

The terminal belongs to the user: whatever a line holds (plan text, a file name, a message
quoting either), ``Printer`` writes its control characters, bidi controls and invisible
characters as visible marks (``xcplan.render.hidden.terminal_safe``). Only the printer's own
styles reach the terminal as escape sequences: ``style`` wraps its codes in a marker that holds
a random key made when the program starts, which no plan can know, and ``line`` turns only
those markers into ANSI codes after everything else was made safe.
"""

from __future__ import annotations

import os
import re
import secrets
import sys
from typing import TYPE_CHECKING, Final, NoReturn, TextIO

from xcplan.errors import ExitCode
from xcplan.render.hidden import terminal_safe

if TYPE_CHECKING:
    from xcplan.errors import XcplanError

_CODES: Final = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
    "magenta": "35",
    "cyan": "36",
}


def use_colour(stream: TextIO) -> bool:
    """Return whether to colour output on ``stream``: a terminal, and no ``NO_COLOR``."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return is_terminal(stream)


_KEY: Final = secrets.token_hex(8)
_OPEN: Final = f"\ufdd0{_KEY}"
_CLOSE: Final = "\ufdd1"
_STYLE_MARK: Final = re.compile(re.escape(_OPEN) + r"([0-9;]+)" + _CLOSE)


def is_terminal(stream: TextIO) -> bool:
    """Return whether ``stream`` is a terminal."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Printer:
    """Writes lines to one stream, styling them when the stream is a colour terminal, and never
    letting a control character through raw (see the module's docstring)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stdout
        self.colour = use_colour(self.stream)

    def style(self, text: str, *styles: str) -> str:
        """Return ``text`` marked to be styled when colouring, else as it is."""
        if not self.colour or not styles:
            return text
        codes = ";".join(_CODES[s] for s in styles)
        return f"{_OPEN}{codes}{_CLOSE}{text}{_OPEN}0{_CLOSE}"

    def safe(self, text: str) -> str:
        """Return ``text`` as it is written: made terminal-safe, then styled."""
        return _STYLE_MARK.sub(lambda found: f"\x1b[{found.group(1)}m", terminal_safe(text))

    def line(self, text: str = "") -> None:
        """Write one line for people."""
        self.stream.write(self.safe(text) + "\n")

    def write(self, text: str) -> None:
        """Write text for people (as ``line``, without adding a line break)."""
        self.stream.write(self.safe(text))

    def data(self, text: str) -> None:
        """Write data the user asked for (an export, a diff): exactly, to a file or a pipe; on a
        terminal, with control characters shown as marks, as every line for people is."""
        self.stream.write(terminal_safe(text) if is_terminal(self.stream) else text)


def err() -> Printer:
    """Return a printer on stderr."""
    return Printer(sys.stderr)


def fail(message: str) -> None:
    """Print ``xcplan: error: message`` on stderr."""
    printer = err()
    printer.line(f"{printer.style('xcplan: error:', 'bold', 'red')} {message}")


def exit_on_error(error: XcplanError) -> NoReturn:
    """Print an error of xcplan's as one line on stderr and exit with its code."""
    fail(str(error))
    sys.exit(error.exit_code)


def exit_on_internal_error(error: Exception) -> NoReturn:
    """Print an unexpected error as one line on stderr and exit 2; with ``XCPLAN_DEBUG`` set,
    raise it (with its traceback) instead."""
    if os.environ.get("XCPLAN_DEBUG"):
        raise error
    fail(f"internal error: {type(error).__name__}: {error} (set XCPLAN_DEBUG=1 for details)")
    sys.exit(ExitCode.USAGE)
