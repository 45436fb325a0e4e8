"""The file name of a new plan in a folder (or of a plan saved as another file)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from xcplan.io.discovery import PLAN_SUFFIXES
from xcplan.tui.plain import plain
from xcplan.tui.widgets.fields import FieldInput


class FileNameDialog(ModalScreen[Path | None]):
    """Ask for the file name of a new plan in a folder."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="file.cancel", tooltip="Close without a new plan"),
    ]

    def __init__(self, folder: Path, *, title: str = "New plan", action: str = "Create") -> None:
        super().__init__(classes="dialog -info")
        self.folder = folder
        self._title = title
        self._action = action

    def compose(self) -> ComposeResult:
        """Build the file name field."""
        with Vertical(classes="dialog-box"):
            yield Static(plain(self._title), classes="dialog-title")
            yield Static(plain(f"File name in {self.folder}:"), classes="dialog-text")
            yield FieldInput(placeholder="spring-sale.yaml", id="file-name", compact=True)
            yield Static("", id="file-error", classes="form-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._action, id="file-create", variant="primary", compact=True)
                yield Button("Cancel", id="file-cancel", compact=True)

    def _check(self) -> Path | None:
        name = self.query_one("#file-name", FieldInput).value.strip()
        error = self.query_one("#file-error", Static)
        if not name:
            error.update("Type a file name.")
            return None
        if "/" in name or name.startswith("."):
            error.update("Type a plain file name, without folders.")
            return None
        if not name.endswith(PLAN_SUFFIXES):
            name += ".yaml"
        path = self.folder / name
        if path.exists():
            error.update(plain(f"{name} exists already: type another name."))
            return None
        return path

    @on(FieldInput.Submitted)
    @on(Button.Pressed, "#file-create")
    def _create(self, event: FieldInput.Submitted | Button.Pressed) -> None:
        event.stop()
        path = self._check()
        if path is not None:
            self.dismiss(path)

    @on(Button.Pressed, "#file-cancel")
    def _cancel(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_cancel(self) -> None:
        """Close without a new plan."""
        self.dismiss(None)
