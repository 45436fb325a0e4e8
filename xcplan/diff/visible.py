"""Plan text made safe to print: characters that could act on a terminal, or hide, become marks.

A diff shows copy as it is written, so a reviewer must see exactly what changed, and a plan must
never be able to drive the reviewer's terminal. Control characters (C0 but line feed, DEL, C1)
are shown as every xcplan command shows them (``xcplan.render.hidden.terminal_safe``: ``␛`` for
escape, ``⟨U+009B⟩``, ``⟨RLO⟩``, ``⟨ZWSP⟩``); ZWNJ and ZWJ stay as they are. A diff adds two
things of its own, since a reviewer must see whitespace exactly: a tab shows as ``→``, and in
changed runs of a word diff, spaces that look like a space but are not one (no-break space and
the like, which force an SMS into UCS-2) are named too.

The same rule serves every text format of the diff; JSON gets ``json_safe``.
"""

from __future__ import annotations

import re
from typing import Final

from xcplan.render.hidden import json_safe, terminal_safe

__all__ = ["json_safe", "visible"]

_SPACES: Final = {
    "\u00a0": "⟨NBSP⟩",
    "\u2007": "⟨FIGSP⟩",
    "\u202f": "⟨NNBSP⟩",
    "\u3000": "⟨IDSP⟩",
    **{chr(code): f"⟨U+{code:04X}⟩" for code in range(0x2000, 0x200B) if code != 0x2007},
}
_SPACE_RE: Final = re.compile("[" + "".join(_SPACES) + "]")


def visible(text: str, *, changed: bool = False) -> str:
    """Return ``text`` with every character that could act on a terminal or hide as a mark.

    Line feeds are kept (formatters decide how to break lines) and tabs show as ``→``; with
    ``changed``, look-alike spaces are named as well.
    """
    if text.isascii() and text.isprintable():
        return text
    shown = terminal_safe(text).replace("\t", "→")
    if changed:
        shown = _SPACE_RE.sub(lambda found: _SPACES[found.group()], shown)
    return shown
