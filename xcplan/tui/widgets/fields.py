"""The planner's text fields: they follow the app's cursor-blink setting (off in tests, for
stable snapshots), and draw the characters a terminal would act on as marks.

A field holds the text exactly as it is; what it draws shows each control character, bidi
control and invisible character as a mark one cell wide (``xcplan.tui.plain.one_cell``), so
that nothing in a plan reaches the terminal as a control sequence, and the cursor and the
selection stay on the characters they are on.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len, get_character_cell_size
from rich.console import RenderableType
from rich.text import Text
from textual import events
from textual.css.query import NoMatches
from textual.expand_tabs import expand_tabs_inline
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import Reactive
from textual.visual import visualize
from textual.widgets import Input, Select, Static, TextArea
from textual.widgets._select import NoSelection, SelectType

from xcplan.tui.plain import one_cell, one_cell_str


def _blinks(widget: Input | TextArea) -> bool:
    return bool(getattr(widget.app, "cursor_blink", True))


async def run_own_binding(widget: Input | TextArea, event: events.Key) -> bool:
    """Run the field's own binding of ``event``'s key (backspace, home, arrows...) at once;
    return whether one ran.

    Textual runs a widget's bindings only when the key has bubbled up to the app, while a
    printable key is typed where it lands: in a burst from the terminal (`end`, `1` within a
    few milliseconds) the `1` went in before the cursor moved. Run where the key lands, every
    key keeps its place in what was typed. (As Textual's pull request 6631 proposes.)
    """
    for binding in widget._bindings.key_to_bindings.get(event.key, ()):
        if binding.priority:
            continue  # the app ran it already, before the key got here
        if await widget.app.run_action(binding.action, widget):
            event.stop()
            event.prevent_default()
            return True
    return False


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

    async def _on_key(self, event: events.Key) -> None:
        if not await run_own_binding(self, event):
            await super()._on_key(event)

    # Textual draws ``_value`` and measures with the two methods below: all three see the
    # value as drawn, one cell per mark (Textual 8.2.8, pinned).

    @property
    def _value(self) -> Text:
        if self.password:
            return super()._value
        return one_cell(self.value)

    def _position_to_cell(self, position: int) -> int:
        return cell_len(expand_tabs_inline(one_cell_str(self.value[:position]), 4))

    def _cell_offset_to_index(self, offset: int) -> int:
        scroll_x, _ = self.scroll_offset
        offset += scroll_x
        cell_offset = 0
        for index, char in enumerate(one_cell_str(self.value)):
            width = get_character_cell_size(char)
            if cell_offset <= offset < cell_offset + width:
                return index
            cell_offset += width
        return max(0, min(offset, len(self.value)))


class FieldText(TextArea):
    """A multi-line text field, soft-wrapped, without syntax highlighting.

    With ``edited`` set, each change made in it (typed, pasted, undone) is handed to
    ``edited`` at once, within the handling of the key, in place of the ``Changed`` message
    Textual would post for it (a change made with ``Changed`` prevented is not handed on).
    """

    edited: Callable[[FieldText], object] | None = None
    _wrapped_for: int | None = None
    """The width of the region the text was last wrapped for as the screen was laid out."""

    def _get_scrollable_region(self, region: Region) -> Region:
        """Return the part of ``region`` (the field inside its border) the text is drawn in.

        The text is wrapped at its width here, as the screen is laid out, and the scrollbar the
        wrapped text needs is placed with it: the first frame draws the field as it stays.
        (Textual 8.2.8, pinned, wraps a text area only once it is told its size, after the
        frame is drawn; the next frame laid the whole screen out again for its scrollbar.)
        """
        if self.soft_wrap and region.width != self._wrapped_for:
            self._wrapped_for = region.width
            # Less the gutter and the cursor's cell at the end of a line, as `wrap_width` has it.
            room = region.width - self.gutter_width - 1
            wrapped = self.wrapped_document
            wrapped.wrap(max(0, room), tab_width=self.indent_width)
            overflow = self.styles.overflow_y
            vertical = overflow == "scroll" or (
                overflow == "auto" and wrapped.height > region.height
            )
            if vertical:
                room -= self.styles.scrollbar_size_vertical
                wrapped.wrap(max(0, room), tab_width=self.indent_width)
            self._line_cache.clear()
            self.set_reactive(TextArea.virtual_size, Size(0, wrapped.height))
            self.set_reactive(TextArea.show_vertical_scrollbar, vertical)
        return super()._get_scrollable_region(region)

    def post_message(self, message: Message) -> bool:
        """Post ``message``; hand a change of the text to ``edited`` instead, when set."""
        edited = self.edited
        if (
            edited is not None
            and isinstance(message, TextArea.Changed)
            and message.text_area is self
            and self.check_message_enabled(message)
        ):
            edited(self)
            return True
        return super().post_message(message)

    def on_mount(self) -> None:
        """Switch the cursor blink off when the app asks for it."""
        if not _blinks(self):
            self.cursor_blink = False

    async def _on_key(self, event: events.Key) -> None:
        if not await run_own_binding(self, event):
            await super()._on_key(event)

    def get_line(self, line_index: int) -> Text:
        """Return line ``line_index`` as the field draws it: marks one cell wide."""
        return one_cell(self.document.get_line(line_index), lines=True)


class Picker(Select[SelectType]):
    """A Select whose value can be set as soon as it is mounted.

    Textual composes the part of a Select that shows its value after the Select itself is
    mounted; a value set in between (a pane's ``on_mount`` on a slow machine) raised
    ``NoMatches: '#label'`` from Textual's watcher (Textual 8.2.8, pinned), and the planner
    crashed. The value is kept, and shown once that part is there.
    """

    def _watch_value(self, value: SelectType | NoSelection) -> None:
        try:
            super()._watch_value(value)
        except NoMatches:
            self.post_message(self.Changed(self, value))  # as Textual's watcher would
            self.call_after_refresh(self._show_value)

    def _show_value(self) -> None:
        # Textual's own watcher again, now that the parts may be there; its Changed was posted.
        if not self.is_mounted:
            return
        with self.prevent(Select.Changed):
            try:
                super()._watch_value(self.value)
            except NoMatches:
                self.call_after_refresh(self._show_value)


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
