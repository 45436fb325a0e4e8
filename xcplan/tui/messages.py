"""Messages the planner's widgets post up to the plan screen (attributes down, messages up)."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message

from xcplan.lint.diagnostics import Diagnostic
from xcplan.model.config import Config


class PlanChanged(Message):
    """The document's plan was edited by the widget that posts this.

    ``typing`` is True for edits made as the user types, which are linted after a pause.
    """

    def __init__(self, *, typing: bool = False) -> None:
        super().__init__()
        self.typing = typing


class JumpTo(Message):
    """The user asked to go to the place a diagnostic names."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__()
        self.diagnostic = diagnostic


class ConfigChanged(Message):
    """The brand voice was saved to ``path``: lint the plan again with ``config``."""

    def __init__(self, config: Config, path: Path) -> None:
        super().__init__()
        self.config = config
        self.path = path
