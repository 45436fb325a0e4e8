"""A question with buttons: confirm an action, choose save, discard or cancel.

Questions name plans, files, personas and channels: their title and text are shown as plain
text (``xcplan.tui.plain``), never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from xcplan.tui.plain import plain

ButtonVariant = Literal["default", "primary", "success", "warning", "error"]


@dataclass(frozen=True, slots=True)
class Choice:
    """One button of a question: what it returns, its label and its look."""

    value: str
    label: str
    variant: ButtonVariant = "default"


class QuestionDialog(ModalScreen[str | None]):
    """Ask a question; dismiss with the value of the button pressed, or None on escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel", tooltip="Close without choosing"),
        Binding(
            "left",
            "app.focus_previous",
            "Previous",
            show=False,
            id="dialog.previous",
            tooltip="Focus the previous button",
        ),
        Binding(
            "right",
            "app.focus_next",
            "Next",
            show=False,
            id="dialog.next",
            tooltip="Focus the next button",
        ),
    ]

    def __init__(
        self,
        title: str,
        lines: Sequence[str],
        choices: Sequence[Choice],
        *,
        focus: str | None = None,
        tone: Literal["info", "warning", "error"] = "warning",
    ) -> None:
        super().__init__(classes=f"dialog -{tone}")
        self._title = title
        self._lines = list(lines)
        self._choices = list(choices)
        self._focus = focus

    def compose(self) -> ComposeResult:
        """Build the title, the text and a row of buttons."""
        with Vertical(classes="dialog-box"):
            yield Static(plain(self._title), classes="dialog-title")
            for line in self._lines:
                yield Static(plain(line, lines=True), classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                for choice in self._choices:
                    yield Button(
                        choice.label,
                        id=f"choice-{choice.value}",
                        variant=choice.variant,
                        compact=True,
                    )

    def on_mount(self) -> None:
        """Focus the safe choice (or the one asked for)."""
        wanted = self._focus if self._focus is not None else self._choices[-1].value
        self.query_one(f"#choice-{wanted}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Return the value of the button pressed."""
        event.stop()
        button_id = event.button.id or ""
        self.dismiss(button_id.removeprefix("choice-"))

    def action_cancel(self) -> None:
        """Close without a choice."""
        self.dismiss(None)


def confirm(
    title: str, lines: Sequence[str], action: str, *, tone: Literal["warning", "error"] = "warning"
) -> QuestionDialog:
    """Return a dialog asking to confirm ``action`` (returns ``"yes"``), or cancel."""
    return QuestionDialog(
        title,
        lines,
        [Choice("yes", action, "error" if tone == "error" else "warning"), Choice("no", "Cancel")],
        tone=tone,
    )
