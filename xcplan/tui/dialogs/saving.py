"""The questions a save asks before it could lose something, for the plan and the brand voice.

A save asks before it overwrites a file that changed on disk since it was read, and before it
drops the comments of a file (the canonical writer and tomli-w keep none). ``ask`` shows one and
says "not saved" unless the answer is the one that goes ahead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.app import App

from xcplan.tui.dialogs.question import Choice, QuestionDialog


def overwrite_question(title: str, lines: Sequence[str]) -> QuestionDialog:
    """Return the question asked before saving over a file changed on disk (``"overwrite"``)."""
    return QuestionDialog(
        title,
        lines,
        [Choice("overwrite", "Save over it", "error"), Choice("cancel", "Cancel")],
        tone="error",
    )


def comments_question(title: str, lines: Sequence[int], why: str, advice: str) -> QuestionDialog:
    """Return the question asked before a save drops the comments on ``lines`` (``"save"``).

    ``why`` says why they go (what writes the file); ``advice`` what to do instead.
    """
    shown = ", ".join(str(line) for line in lines[:8])
    more = f" and {len(lines) - 8} more" if len(lines) > 8 else ""
    plural = "s" if len(lines) > 1 else ""
    return QuestionDialog(
        title,
        [f"Comments on line{plural} {shown}{more} will be dropped: {why}.", advice],
        [Choice("save", "Save without comments", "warning"), Choice("cancel", "Cancel")],
    )


async def ask(app: App[Any], dialog: QuestionDialog, yes: str, not_saved: str) -> bool:
    """Ask ``dialog``; return whether the answer was ``yes``, else notify ``not_saved``."""
    answer = await app.push_screen_wait(dialog)
    if answer != yes:
        app.notify(not_saved, severity="warning")
        return False
    return True
