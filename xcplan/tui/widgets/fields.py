"""Text fields that follow the app's cursor-blink setting (off in tests, for stable snapshots)."""

from __future__ import annotations

from textual.widgets import Input, TextArea


def _blinks(widget: Input | TextArea) -> bool:
    return bool(getattr(widget.app, "cursor_blink", True))


class FieldInput(Input):
    """A one-line text field."""

    def on_mount(self) -> None:
        """Switch the cursor blink off when the app asks for it."""
        if not _blinks(self):
            self.cursor_blink = False


class FieldText(TextArea):
    """A multi-line text field, soft-wrapped, without syntax highlighting."""

    def on_mount(self) -> None:
        """Switch the cursor blink off when the app asks for it."""
        if not _blinks(self):
            self.cursor_blink = False
