"""Plan text made safe to print: characters that could act on a terminal, or hide, become marks.

A diff shows copy as it is written, so a reviewer must see exactly what changed, and a plan must
never be able to drive the reviewer's terminal. Control characters (C0 but line feed, DEL, C1)
are shown as the Control Pictures (``␛`` for escape) or ``⟨C1 9B⟩``; bidirectional controls,
zero-width spaces, word joiners, the byte-order mark and the line and paragraph separators as
their short names (``⟨RLO⟩``, ``⟨ZWSP⟩``). ZWNJ and ZWJ stay as they are: languages and emoji
need them, and they cannot drive a terminal. In changed runs of a word diff, spaces that look
like a space but are not one (no-break space and the like, which force an SMS into UCS-2) are
named too.

The same rule serves every text format of the diff; JSON gets ``json_safe``.
"""

from __future__ import annotations

import re
from typing import Final

_NAMED: Final = {
    "\t": "→",
    "\u00ad": "⟨SHY⟩",
    "\u061c": "⟨ALM⟩",
    "\u180e": "⟨MVS⟩",
    "\u200b": "⟨ZWSP⟩",
    "\u200e": "⟨LRM⟩",
    "\u200f": "⟨RLM⟩",
    "\u2028": "⟨LS⟩",
    "\u2029": "⟨PS⟩",
    "\u202a": "⟨LRE⟩",
    "\u202b": "⟨RLE⟩",
    "\u202c": "⟨PDF⟩",
    "\u202d": "⟨LRO⟩",
    "\u202e": "⟨RLO⟩",
    "\u2060": "⟨WJ⟩",
    "\u2066": "⟨LRI⟩",
    "\u2067": "⟨RLI⟩",
    "\u2068": "⟨FSI⟩",
    "\u2069": "⟨PDI⟩",
    "\ufeff": "⟨BOM⟩",
}
_SPACES: Final = {
    "\u00a0": "⟨NBSP⟩",
    "\u2007": "⟨FIGSP⟩",
    "\u202f": "⟨NNBSP⟩",
    "\u3000": "⟨IDSP⟩",
    **{chr(code): f"⟨U+{code:04X}⟩" for code in range(0x2000, 0x200B) if code != 0x2007},
}
_UNSAFE: Final = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f" + "".join(c for c in _NAMED if c != "\t") + "]"
)
_UNSAFE_IN_CHANGE: Final = re.compile(_UNSAFE.pattern[:-1] + "".join(_SPACES) + "]")
_JSON_UNSAFE: Final = re.compile("[\x7f-\x9f" + "".join(c for c in _NAMED if c != "\t") + "]")


def _mark(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char) or _SPACES.get(char)
    if named is not None:
        return named
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ ␁ ... ␟
    if code == 0x7F:
        return "␡"
    return f"⟨C1 {code:02X}⟩"


def visible(text: str, *, changed: bool = False) -> str:
    """Return ``text`` with every character that could act on a terminal or hide as a mark.

    Line feeds are kept (formatters decide how to break lines); with ``changed``, look-alike
    spaces are named as well.
    """
    pattern = _UNSAFE_IN_CHANGE if changed else _UNSAFE
    if text.isascii() and text.isprintable():
        return text
    return pattern.sub(_mark, text)


def json_safe(document: str) -> str:
    """Return JSON text with DEL, C1 controls and invisible characters as ``\\uXXXX`` escapes.

    ``json.dumps`` escapes C0 controls itself; this covers the rest, so JSON printed to a
    terminal cannot drive it either. The JSON means exactly the same.
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)
