"""A screen laid out and drawn again only for what changed: what Textual does more than once.

Textual 8.2.8 (pinned) lays out and draws a screen it has just pushed three to five times
before the screen holds still, each time all of it: the planner's first screen took a layout
and a repaint of 30 to 60 ms each time, after its first frame, while the user waited for the
keyboard and the second process for the cores. ``SteadyScreen`` keeps one of each; each of its
methods says which repeat it drops and why nothing is lost.
"""

from __future__ import annotations

from typing import Self, TypeVar

from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets._toast import ToastRack

ScreenResult = TypeVar("ScreenResult")


class SteadyScreen(Screen[ScreenResult]):
    """A ``Screen`` drawn once as it opens and laid out only when its layout changes."""

    _resumed = False
    _first_resume = False

    def post_message(self, message: Message) -> bool:
        """Post ``message``; the first ``ScreenResume`` (the screen pushed) without styling
        every widget again: each was styled as it was mounted, a moment before. (Textual
        styles a resumed screen again for what may have changed while it was covered; the
        second styling was half the styling work of the first screen.)"""
        if isinstance(message, events.ScreenResume) and not self._resumed:
            self._resumed = True
            message.refresh_styles = False
        return super().post_message(message)

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs just before Textual's handler of the same name, which lays the screen out and
        # draws it, then asks for all of it to be drawn again (``refresh``).
        if not self._first_resume and self.is_attached and not event.refresh_styles:
            self._first_resume = True

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        """Ask for the screen to be drawn again (``repaint``), laid out (``layout``) or
        composed again.

        A layout alone repaints what it moves, not the whole screen: Textual lays a screen out
        and draws all of it again once the widgets mounted in it are, after its first frame.
        The repaint Textual asks for as it first shows the screen is dropped: it has just drawn
        all of it.
        """
        if layout and not regions and not recompose:
            repaint = False
        elif self._first_resume and repaint and not (regions or layout or recompose):
            self._first_resume = False
            if self._compositor.size == self.app.size:
                return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _compositor_refresh(self) -> None:
        """Draw what changed: on the terminal, for the screen shown; for a screen under it,
        only where that one lets it show through.

        Textual draws all of the screen shown again for what changed in the screen under it,
        also when the one shown hides it (opaque, not modal): the planner's first screen was
        drawn again for the empty screen under it.
        """
        top = self.app.screen
        if self is not top and not top.is_modal and top.styles.background.a >= 1:
            self._compositor._dirty_regions.clear()  # hidden: drawn when it is shown again
            self._dirty_widgets.clear()
            return
        super()._compositor_refresh()

    def _screen_resized(self, size: Size) -> None:
        """Lay the screen out again when its size changes. (Textual lays a screen out for every
        ``Resize`` it gets, of the size it has too: the one a screen posts itself as it is first
        laid out, and every size the terminal reports.)"""
        if size != self._compositor.size:
            super()._screen_resized(size)

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        """Lay the screen out, without a second layout for what this one laid out.

        Textual gives each widget the virtual size it laid out through a reactive that asks for
        a layout and a repaint when it changes: after the first layout of a screen, every
        widget. The second layout laid out nothing new: a widget whose size changed is drawn
        again anyway, and a scrollbar that comes or goes asks for its own layout.
        """
        virtual_size = Widget.__dict__["virtual_size"]
        virtual_size._layout = virtual_size._repaint = False
        try:
            super()._refresh_layout(size, scroll)
        finally:
            virtual_size._layout = virtual_size._repaint = True

    def _extend_compose(self, widgets: list[Widget]) -> None:
        """Add Textual's own widgets, the rack of toasts hidden at once. (Textual hides it,
        hidden by its style, as the screen resumes: once more a layout and a repaint.)"""
        super()._extend_compose(widgets)
        for widget in widgets:
            if isinstance(widget, ToastRack):
                widget.display = False
