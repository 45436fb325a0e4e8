"""The questions a save asks before it could lose something, for the plan and the brand voice.

A save asks before it overwrites a file that changed on disk since it was read, before it
drops the comments of a file (the canonical writer and tomli-w keep none), and before it replaces
a read-only file. ``ask`` shows one and says "not saved" unless the answer is the one that goes
ahead.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
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


def read_only_question(path: Path, *, save_as: bool) -> QuestionDialog:
    """Return the question asked before saving over the read-only ``path``: ``"anyway"``
    (replace it; it stays read-only), ``"save_as"`` (with ``save_as``: another file) or
    ``"cancel"``."""
    choices = [Choice("anyway", "Save anyway", "warning")]
    if save_as:
        choices.append(Choice("save_as", "Save as…"))
    choices.append(Choice("cancel", "Cancel"))
    return QuestionDialog(
        f"{path.name} is read-only",
        [
            f"{path} has no write permission: someone made it read-only, maybe on purpose "
            "(a file a tool or a team keeps).",
            "Save anyway replaces it with your version and keeps it read-only."
            + (" Save as writes your version to another file." if save_as else ""),
        ],
        choices,
        tone="error",
    )


async def ask(app: App[Any], dialog: QuestionDialog, yes: str, not_saved: str) -> bool:
    """Ask ``dialog``; return whether the answer was ``yes``, else notify ``not_saved``."""
    answer = await app.push_screen_wait(dialog)
    if answer != yes:
        app.notify(not_saved, severity="warning")
        return False
    return True
