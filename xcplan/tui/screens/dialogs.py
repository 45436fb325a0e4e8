"""Small modal dialogs: a question with buttons, and a menu of actions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

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
            yield Static(self._title, classes="dialog-title", markup=False)
            for line in self._lines:
                yield Static(line, classes="dialog-text", markup=False)
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


class MenuDialog(ModalScreen[str | None]):
    """A list of actions; dismiss with the chosen action's id, or None on escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="menu.cancel", tooltip="Close the menu"),
    ]

    def __init__(self, title: str, actions: Sequence[tuple[str, str]]) -> None:
        super().__init__(classes="dialog -info")
        self._title = title
        self._actions = list(actions)

    def compose(self) -> ComposeResult:
        """Build the title and the list of actions."""
        with Vertical(classes="dialog-box menu-box"):
            yield Static(self._title, classes="dialog-title", markup=False)
            yield OptionList(
                *[Option(label, id=action) for action, label in self._actions], id="menu-options"
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Return the chosen action."""
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)
