"""Text fields that follow the app's cursor-blink setting (off in tests, for stable snapshots)."""

from __future__ import annotations

from rich.console import RenderableType
from textual.geometry import Size
from textual.reactive import Reactive
from textual.visual import visualize
from textual.widgets import Input, Static, TextArea


def _blinks(widget: Input | TextArea) -> bool:
    return bool(getattr(widget.app, "cursor_blink", True))


class FieldInput(Input):
    """A one-line text field.

    Its virtual size (the width of its text, for scrolling it) changes with every character
    typed; Textual's widgets lay the whole screen out again when theirs changes, which a field
    of a fixed size does not need (one whose width is ``auto`` is laid out again by ``Input``
    itself). So a keystroke redraws the field, not the screen.
    """

    virtual_size = Reactive(Size(0, 0), layout=False)

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


def update_in_place(static: Static, content: RenderableType) -> None:
    """Show ``content`` in ``static``; without laying the screen out again when it takes the
    same number of lines as what it replaces (a keystroke in a long body usually does).

    A layout of the whole screen costs more than drawing the one widget again.
    """
    width = static.content_size.width
    same = False
    if width > 0 and static.is_mounted:
        visual = visualize(static, content, markup=False)
        # As Textual measures its widgets (RenderStyles reads as the rules map it takes).
        height = visual.get_height(static.styles, width)  # type: ignore[arg-type]
        same = height == static.content_size.height
    static.update(content, layout=not same)
