"""Word diffs of copy: which words of a field were removed and which were added.

Text is cut into tokens: template tags (``{{ first_name }}``, ``{% if x %}``) whole, runs of
letters and digits, runs of white space, and each other character alone. The tokens are matched
with ``difflib`` (no "junk" heuristic, so common words are matched like any other). White space
alone between two changed runs joins them, so "[-a b-]{+c d+}" reads as one change rather than
two.
"""

from __future__ import annotations

import difflib
import re
from typing import Final

from xcplan.diff.model import WordOp

_TOKEN: Final = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\s+|\w+|.", re.DOTALL)


def tokens(text: str) -> list[str]:
    """Return the tokens of ``text``; joined, they give ``text`` back."""
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> tuple[WordOp, ...]:
    """Return the runs that turn ``old`` into ``new``: ``=`` kept, ``-`` removed, ``+`` added.

    Adjacent runs of one kind are merged; joining the ``=`` and ``-`` runs gives ``old``, the
    ``=`` and ``+`` runs give ``new``.
    """
    a, b = tokens(old), tokens(new)
    blocks: list[tuple[str, str, str]] = []  # (tag, old text, new text)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for opcode, i1, i2, j1, j2 in matcher.get_opcodes():
        blocks.append((opcode, "".join(a[i1:i2]), "".join(b[j1:j2])))
    merged: list[tuple[str, str, str]] = []
    for index, (tag, was, now) in enumerate(blocks):
        joins = (
            tag == "equal"
            and was.isspace()
            and 0 < index < len(blocks) - 1
            and blocks[index - 1][0] != "equal"
            and blocks[index + 1][0] != "equal"
        )
        if tag == "equal" and not joins:
            merged.append(("equal", was, now))
        elif merged and merged[-1][0] == "change":
            _, old_text, new_text = merged[-1]
            merged[-1] = ("change", old_text + was, new_text + now)
        else:
            merged.append(("change", was, now))
    out: list[WordOp] = []
    for kind, was, now in merged:
        if kind == "equal":
            _append(out, "=", was)
        else:
            _append(out, "-", was)
            _append(out, "+", now)
    return tuple(out)


def _append(out: list[WordOp], op: str, text: str) -> None:
    if not text:
        return
    if out and out[-1][0] == op:
        out[-1] = (out[-1][0], out[-1][1] + text)
    elif op == "=":
        out.append(("=", text))
    elif op == "-":
        out.append(("-", text))
    else:
        out.append(("+", text))
