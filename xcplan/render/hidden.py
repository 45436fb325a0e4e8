"""Hidden and dangerous characters in plan text: what XC509 reports, and how xcplan shows them.

Plan text is written by people and by tools, and may hold characters that nobody sees: control
characters (an ESC starts the sequences with which a terminal clears its screen, sets its
title or writes the clipboard), bidirectional overrides that reorder what is shown, zero-width
characters that split a word. XC509 reports them in copy (``hidden_characters``), and every
place that shows plan text to a person shows them as visible marks (``terminal_safe``) so
that the terminal belongs to the user.

The marks: C0 controls as the Control Pictures (``␛`` for ESC, ``␍`` for a carriage return),
DEL as ``␡``, C1 controls as ``⟨U+009B⟩``, bidi controls and invisible characters by their
short names (``⟨RLO⟩``, ``⟨ZWSP⟩``, ``⟨BOM⟩``). ZWNJ and ZWJ, which Persian and emoji
sequences need, are shown as they are.

Standard library only: the linter, the CLI and the planner all use it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Final, NamedTuple

_C0_NAMES: Final = [
    "NULL",
    "START OF HEADING",
    "START OF TEXT",
    "END OF TEXT",
    "END OF TRANSMISSION",
    "ENQUIRY",
    "ACKNOWLEDGE",
    "BELL",
    "BACKSPACE",
    "CHARACTER TABULATION",
    "LINE FEED",
    "LINE TABULATION",
    "FORM FEED",
    "CARRIAGE RETURN",
    "SHIFT OUT",
    "SHIFT IN",
    "DATA LINK ESCAPE",
    "DEVICE CONTROL ONE",
    "DEVICE CONTROL TWO",
    "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR",
    "NEGATIVE ACKNOWLEDGE",
    "SYNCHRONOUS IDLE",
    "END OF TRANSMISSION BLOCK",
    "CANCEL",
    "END OF MEDIUM",
    "SUBSTITUTE",
    "ESCAPE",
    "INFORMATION SEPARATOR FOUR",
    "INFORMATION SEPARATOR THREE",
    "INFORMATION SEPARATOR TWO",
    "INFORMATION SEPARATOR ONE",
]
_C1_NAMES: Final = [
    "PADDING CHARACTER",
    "HIGH OCTET PRESET",
    "BREAK PERMITTED HERE",
    "NO BREAK HERE",
    "INDEX",
    "NEXT LINE",
    "START OF SELECTED AREA",
    "END OF SELECTED AREA",
    "CHARACTER TABULATION SET",
    "CHARACTER TABULATION WITH JUSTIFICATION",
    "LINE TABULATION SET",
    "PARTIAL LINE FORWARD",
    "PARTIAL LINE BACKWARD",
    "REVERSE LINE FEED",
    "SINGLE SHIFT TWO",
    "SINGLE SHIFT THREE",
    "DEVICE CONTROL STRING",
    "PRIVATE USE ONE",
    "PRIVATE USE TWO",
    "SET TRANSMIT STATE",
    "CANCEL CHARACTER",
    "MESSAGE WAITING",
    "START OF GUARDED AREA",
    "END OF GUARDED AREA",
    "START OF STRING",
    "SINGLE GRAPHIC CHARACTER INTRODUCER",
    "SINGLE CHARACTER INTRODUCER",
    "CONTROL SEQUENCE INTRODUCER",
    "STRING TERMINATOR",
    "OPERATING SYSTEM COMMAND",
    "PRIVACY MESSAGE",
    "APPLICATION PROGRAM COMMAND",
]

SHORT_NAMES: Final = {
    "\u061c": "ALM",
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
    "\u200b": "ZWSP",
    "\u2060": "WJ",
    "\u00ad": "SHY",
    "\ufeff": "BOM",
    "\u2028": "LS",
    "\u2029": "PS",
}
"""Invisible characters shown by a short name: bidi controls, zero-width characters, the
byte-order mark and the line and paragraph separators."""

ERROR: Final = "error"
WARNING: Final = "warning"

_DISGUISING: Final = frozenset("\u202a\u202b\u202c\u202d\u202e\u200b\u2060\u00ad")
"""What XC509 warns about: bidi embeddings and overrides, zero-width space, word joiner and
soft hyphen. ZWNJ, ZWJ, LRM, RLM, ALM and the bidi isolates are allowed: languages need them."""

_ERROR_RE: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff]")
_HIDDEN_RE: Final = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\u202a-\u202e\u200b\u2060\u00ad]"
)
_UNSAFE_RE: Final = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069"
    "\u00ad\ufeff\u2028\u2029\ud800-\udfff]"
)

_UNSAFE_JSON_RE: Final = re.compile(
    "[\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069"
    "\u00ad\ufeff\u2028\u2029\ud800-\udfff]"
)


class Hidden(NamedTuple):
    """A hidden character found in a text: where, which, and how serious (XC509)."""

    offset: int
    char: str
    severity: str


def char_name(char: str) -> str:
    """Return a character's code point and name: ``U+200B ZERO WIDTH SPACE``, ``U+001B ESCAPE``."""
    code = ord(char)
    if code < 0x20:
        name = _C0_NAMES[code]
    elif code == 0x7F:
        name = "DELETE"
    elif 0x80 <= code < 0xA0:
        name = _C1_NAMES[code - 0x80]
    else:
        name = unicodedata.name(char, "")
    return f"U+{code:04X} {name}".rstrip()


def hidden_characters(text: str) -> Iterator[Hidden]:
    """Yield each character of ``text`` that XC509 reports, in order.

    Errors: control characters (C0 other than tab, line feed and carriage return; DEL; C1) and
    the byte-order mark. Warnings: the invisible characters that can hide or disguise text.
    """
    for found in _HIDDEN_RE.finditer(text):
        char = found.group()
        severity = WARNING if char in _DISGUISING else ERROR
        yield Hidden(found.start(), char, severity)


def has_hidden_characters(text: str) -> bool:
    """Return whether ``text`` holds a character XC509 reports (``hidden_characters``)."""
    return _HIDDEN_RE.search(text) is not None


def has_control_characters(text: str) -> bool:
    """Return whether ``text`` holds a character XC509 reports as an error."""
    return _ERROR_RE.search(text) is not None


def mark(char: str) -> str | None:
    """Return the visible stand-in for an invisible or dangerous character, or None.

    Tab and line feed have none here: a caller decides how it shows them.
    """
    name = SHORT_NAMES.get(char)
    if name is not None:
        return f"⟨{name}⟩"
    code = ord(char)
    if char in "\t\n":
        return None
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ ␁ ... ␟
    if code == 0x7F:
        return "␡"
    if 0x80 <= code < 0xA0 or 0xD800 <= code < 0xE000:
        return f"⟨U+{code:04X}⟩"
    return None


def _replace(found: re.Match[str]) -> str:
    char = found.group()
    if char == "\n":
        return "␊"
    return mark(char) or char


def terminal_safe(text: str, *, one_line: bool = False) -> str:
    """Return ``text`` safe to write to a terminal: every control character, bidi control and
    invisible character (see ``mark``) shown as a visible mark; nothing in the result can start
    an escape sequence. Tabs are kept; line feeds too, unless ``one_line`` (then ``␊``).
    """
    if text.isascii() and text.isprintable():
        return text
    pattern = _UNSAFE_RE
    if not one_line:
        return pattern.sub(lambda found: "\n" if found.group() == "\n" else _replace(found), text)
    return pattern.sub(_replace, text)


def json_safe(text: str) -> str:
    """Return JSON text with every character ``terminal_safe`` would mark written as a
    ``\\uXXXX`` escape: the same data for any JSON reader, and nothing a terminal acts on.

    Only for text that ``json.dumps`` wrote: it escapes C0 controls itself, so the characters
    left to escape (DEL, C1, bidi and invisible characters) are all inside strings, where an
    escape means the same character.
    """
    return _UNSAFE_JSON_RE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
