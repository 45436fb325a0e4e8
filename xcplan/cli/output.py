"""Plain terminal output for the fast commands: colour only on a terminal, ``NO_COLOR`` honoured.

``validate`` and ``fmt`` print with this module instead of rich, so they start fast.
"""

from __future__ import annotations

import os
import sys
from typing import Final, TextIO

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
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Printer:
    """Writes lines to one stream, styling them when the stream is a colour terminal."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stdout
        self.colour = use_colour(self.stream)

    def style(self, text: str, *styles: str) -> str:
        """Return ``text`` wrapped in ANSI styles when colouring, else as it is."""
        if not self.colour or not styles:
            return text
        codes = ";".join(_CODES[s] for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"

    def line(self, text: str = "") -> None:
        """Write one line."""
        self.stream.write(text + "\n")


def err() -> Printer:
    """Return a printer on stderr."""
    return Printer(sys.stderr)


def fail(message: str) -> None:
    """Print ``xcplan: error: message`` on stderr."""
    printer = err()
    printer.line(f"{printer.style('xcplan: error:', 'bold', 'red')} {message}")
