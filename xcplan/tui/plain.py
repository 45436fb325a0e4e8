"""Plan text as the planner shows it: never markup, and nothing the terminal would act on.

Names, copy, notes and file names are written by people and tools, and reach the screen in
labels, pickers, trees, tabs, tables, dialogs and notifications. Two things must never happen
to them on the way: being read as Rich or Textual markup (``[/b]`` would crash the app,
``Dana [50% off]`` would lose its offer, ``[@click=app.quit]`` would be a button), and reaching
the terminal with their control characters (an OSC 52 sequence writes the clipboard, ``ESC [
2J`` clears the screen, a bidi override reorders what is shown). Textual writes the text of
its widgets to the terminal as it is, so:

- ``plain`` makes the ``Text`` every widget that shows plan text is given: the text exactly,
  with each control character, bidi control and invisible character shown as its mark
  (``xcplan.render.hidden``: ``␛``, ``␡``, ``⟨U+009B⟩``, ``⟨RLO⟩``, ``⟨ZWSP⟩``), in red.
- The text fields (``FieldInput``, ``FieldText``) keep the text exactly as it is (editing it
  must not change what was not typed), and draw each such character as a mark one cell wide
  (``one_cell``): the Control Pictures for C0 controls and DEL, ``␊`` for a line break in a
  one-line field, ``�`` for the others. One character stays one character, so the cursor and
  the selection stay where they are.

Strings for Textual APIs that take a ``str`` (a notification, a dialog's title) go through
``xcplan.render.hidden.terminal_safe``; the app does that for every notification.
"""

from __future__ import annotations

import re
from typing import Final

from rich.style import StyleType
from rich.text import Text

from xcplan.render.hidden import mark

MARK_STYLE: Final = "bold red"
"""How a mark is drawn (as in the preview)."""
REPLACEMENT: Final = "\ufffd"
"""The one-cell mark of a character without a one-character picture (C1, bidi, invisible)."""
_SPACES: Final = re.compile(r"[ \t\n]+")


def flat(text: str) -> str:
    """Return ``text`` on one line: each run of spaces, tabs and line breaks one space.

    Only those: every other character, a control character among them, is kept for ``plain``
    to mark.
    """
    return _SPACES.sub(" ", text).strip()


def _needs_marks(text: str) -> bool:
    return not (text.isascii() and text.isprintable())


def plain(text: str, style: StyleType = "", *, lines: bool = False) -> Text:
    """Return ``text`` as a ``Text`` to show in a widget: never markup, marks for what the
    terminal would act on or nobody would see.

    One line unless ``lines``: a line break is then the mark ``␊``. Tabs are kept.
    """
    out = Text(style=style, end="")
    if not _needs_marks(text):
        out.append(text)
        return out
    start = 0
    for index, char in enumerate(text):
        if char == "\n":
            if lines:
                continue
            stand_in: str | None = "␊"
        else:
            stand_in = mark(char)
        if stand_in is None:
            continue
        out.append(text[start:index])
        out.append(stand_in, style=MARK_STYLE)
        start = index + 1
    out.append(text[start:])
    return out


def _one_cell_mark(char: str, *, lines: bool) -> str | None:
    if char == "\n":
        return None if lines else "␊"
    stand_in = mark(char)
    if stand_in is None:
        return None
    return stand_in if len(stand_in) == 1 else REPLACEMENT


def one_cell_str(text: str, *, lines: bool = False) -> str:
    """Return ``text`` with each character that ``plain`` marks replaced by a mark one
    character (and one cell) wide; line breaks are kept with ``lines``."""
    if not _needs_marks(text):
        return text
    return "".join(_one_cell_mark(char, lines=lines) or char for char in text)


def one_cell(text: str, *, lines: bool = False) -> Text:
    """Return a text field's value as the field draws it: ``one_cell_str``, marks in
    ``MARK_STYLE``.

    The result has the same length as ``text``, so styles at an offset of the value (the
    cursor, the selection) fall on the same character.
    """
    shown = one_cell_str(text, lines=lines)
    out = Text(shown, end="", no_wrap=True, overflow="ignore")
    if shown is not text:
        for index, (char, drawn) in enumerate(zip(text, shown, strict=True)):
            if char != drawn:
                out.stylize(MARK_STYLE, index, index + 1)
    return out
