"""A menu of actions in a dialog (the journey's channel and stage actions)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from xcplan.tui.plain import plain


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
            yield Static(plain(self._title), classes="dialog-title")
            yield OptionList(
                *[Option(plain(label), id=action) for action, label in self._actions],
                id="menu-options",
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Return the chosen action."""
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)
