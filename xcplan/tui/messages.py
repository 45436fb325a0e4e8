"""Messages the planner's widgets post up (attributes down, messages up).

Widgets never change the plan themselves: they post ``EditPlan`` with the edit they want (a
function from the plan to an ``Edit``, from ``xcplan.edit``), and the plan screen applies it to
the document, then shows the new plan in every tab that needs it; ``ask_now`` has it do so
before the handler returns (what is typed). The start screens post ``OpenPath`` and
``StartPlan`` to the app.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from textual.message import Message
from textual.widget import Widget

from xcplan.edit.change import Edit
from xcplan.edit.entities import EditError
from xcplan.lint.diagnostics import Diagnostic
from xcplan.model.config import Config
from xcplan.model.plan import Plan


class EditPlan(Message):
    """Apply ``edit`` to the plan being edited (an intent; the plan screen carries it out).

    ``coalesce`` makes successive edits with the same key one undo step (typing in a field);
    ``typing`` says the edit was typed, so the whole plan is linted after a pause rather than at
    once. ``done`` is called with the edit's result once it is applied (before the tabs show
    the new plan); ``refused`` with the ``EditError`` of an edit refused (by default a
    notification says why). An edit that changes nothing changes nothing and calls ``done``.
    """

    def __init__(
        self,
        edit: Callable[[Plan], Edit[Any]],
        *,
        coalesce: str | None = None,
        typing: bool = False,
        done: Callable[[Any], object] | None = None,
        refused: Callable[[EditError], object] | None = None,
    ) -> None:
        super().__init__()
        self.edit = edit
        self.coalesce = coalesce
        self.typing = typing
        self.done = done
        self.refused = refused


@runtime_checkable
class AppliesEdits(Protocol):
    """A screen that carries out ``EditPlan`` when asked directly (the plan screen)."""

    def apply_edit(self, intent: EditPlan) -> None:
        """Carry out ``intent`` now."""


def ask_now(widget: Widget, intent: EditPlan) -> None:
    """Have the screen of ``widget`` carry out ``intent`` before this returns; post it when the
    screen cannot (it then bubbles up as any ``EditPlan``).

    For what is typed: the plan screen applies the edit and shows what it changes (the
    preview's counter, the header's mark) within the handling of the keystroke, so the
    keystroke and its effects reach the terminal in one screen update, instead of the
    character first and the rest an update or two later.
    """
    screen = widget.screen
    if isinstance(screen, AppliesEdits):
        screen.apply_edit(intent)
    else:
        screen.post_message(intent)


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


class OpenPath(Message):
    """Open ``path``: a plan file, a folder of plans, or a new plan's file (for the app)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class StartPlan(Message):
    """Start a new, unsaved plan at ``path`` from campaign template ``template`` (None: an
    empty plan), for the app."""

    def __init__(self, path: Path, template: str | None) -> None:
        super().__init__()
        self.path = path
        self.template = template
