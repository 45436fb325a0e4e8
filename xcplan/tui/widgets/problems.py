"""The Problems tab: every diagnostic of the plan, filterable by severity; Enter goes there."""

from __future__ import annotations

from typing import ClassVar, Final

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, DataTable, Static

from xcplan.edit.report import LintReport
from xcplan.lint.diagnostics import Diagnostic, Severity
from xcplan.tui.messages import JumpTo
from xcplan.tui.plain import flat, plain
from xcplan.tui.widgets.counts import SYMBOLS, tab_title

__all__ = ["SYMBOLS", "ProblemsPane", "place_of", "tab_title"]

_PLACE_MAX: Final = 40
_LABELS: Final = {Severity.ERROR: "Errors", Severity.WARNING: "Warnings", Severity.INFO: "Infos"}


def place_of(diagnostic: Diagnostic, *, lines: bool = False) -> str:
    """Return where a diagnostic is, for people: its path, with its line when ``lines``.

    Lines are shown for a file as it is on disk (one that did not load); in a plan being
    edited they would be stale, and the path says where the problem is.
    """
    where = f"{diagnostic.line}:{diagnostic.column}" if lines or not diagnostic.path else ""
    return " ".join(part for part in (where, diagnostic.path) if part)


class ProblemsPane(Vertical):
    """A table of diagnostics with a filter per severity and the full message below."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "1", "filter('error')", "Errors", id="problems.errors", tooltip="Show or hide errors"
        ),
        Binding(
            "2",
            "filter('warning')",
            "Warnings",
            id="problems.warnings",
            tooltip="Show or hide warnings",
        ),
        Binding("3", "filter('info')", "Infos", id="problems.infos", tooltip="Show or hide infos"),
    ]

    def __init__(self, *, jump: bool = True, id: str | None = None) -> None:
        """``jump`` False makes a read-only list (a plan that did not load), with lines."""
        super().__init__(id=id)
        self.report: LintReport | None = None
        self.shown: list[Diagnostic] = []
        self._jump = jump
        self._visible = set(Severity)
        self._width = 0

    def compose(self) -> ComposeResult:
        """Build the filters, the table and the detail line."""
        with Horizontal(id="problem-filters"):
            for severity in Severity:
                yield Checkbox(_LABELS[severity], True, id=f"show-{severity.value}", compact=True)
            hint = "Enter goes to the place" if self._jump else ""
            yield Static(hint, id="problem-hint")
        table = DataTable[Text](id="problems-table", cursor_type="row", zebra_stripes=True)
        table.add_column("", key="severity", width=1)
        table.add_column("Code", key="code", width=5)
        table.add_column("Place", key="place")
        table.add_column("Message", key="message")
        yield table
        yield Static("", id="problem-detail")

    # -- attributes down ------------------------------------------------------------------

    def show_report(self, report: LintReport) -> None:
        """Show the diagnostics of ``report`` (errors first)."""
        self.report = report
        self._fill()

    def _fill(self) -> None:
        table = self.query_one("#problems-table", DataTable)
        row = table.cursor_row
        table.clear()
        report = self.report
        diagnostics = list(report.diagnostics) if report is not None else []
        for severity in Severity:
            count = sum(1 for d in diagnostics if d.severity is severity)
            box = self.query_one(f"#show-{severity.value}", Checkbox)
            box.label = f"{_LABELS[severity]} {count}"
        diagnostics.sort(key=lambda d: (d.severity.rank, d.code, d.path))
        self.shown = [d for d in diagnostics if d.severity in self._visible]
        colours = self.app.get_css_variables()
        styles = {
            Severity.ERROR: colours.get("error", "red"),
            Severity.WARNING: colours.get("warning", "yellow"),
            Severity.INFO: colours.get("primary", "blue"),
        }
        places = [place_of(d, lines=not self._jump) for d in self.shown]
        place_width = min(_PLACE_MAX, max((len(place) for place in places), default=5))
        # The message fills the rest of the row; the full text is in the detail below.
        width = (table.size.width or self.app.size.width - 2) - place_width - 3 - 7 - 2 - 4
        for diagnostic, place in zip(self.shown, places, strict=True):
            style = styles[diagnostic.severity]
            message = plain(flat(diagnostic.message))
            message.no_wrap = True
            message.truncate(max(10, width), overflow="ellipsis")
            shown_place = plain(place)
            shown_place.no_wrap = True
            shown_place.truncate(place_width, overflow="ellipsis")
            table.add_row(
                Text(SYMBOLS[diagnostic.severity], style=f"bold {style}"),
                Text(diagnostic.code, style=style),
                shown_place,
                message,
            )
        if self.shown:
            table.move_cursor(row=min(row, len(self.shown) - 1), animate=False)
        self._detail()

    def _detail(self) -> None:
        detail = self.query_one("#problem-detail", Static)
        table = self.query_one("#problems-table", DataTable)
        if not self.shown:
            hidden = self.report is not None and len(self.report.diagnostics) > 0
            detail.update(
                "No problems are shown: tick a filter above." if hidden else "No problems."
            )
            return
        diagnostic = self.shown[min(table.cursor_row, len(self.shown) - 1)]
        detail.update(
            Text.assemble(
                (f"{diagnostic.code} {diagnostic.severity.value}", "bold"),
                " at ",
                plain(place_of(diagnostic, lines=not self._jump)),
                "\n",
                plain(diagnostic.message, lines=True),
            )
        )

    # -- events ---------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        """Fit the messages to the new width."""
        if event.size.width != self._width:
            self._width = event.size.width
            self._fill()

    @on(Checkbox.Changed)
    def _filter_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        severity = Severity((event.checkbox.id or "").removeprefix("show-"))
        if event.value:
            self._visible.add(severity)
        else:
            self._visible.discard(severity)
        self._fill()

    def action_filter(self, severity: str) -> None:
        """Show or hide the diagnostics of one severity."""
        box = self.query_one(f"#show-{severity}", Checkbox)
        box.value = not box.value

    @on(DataTable.RowHighlighted, "#problems-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._detail()

    @on(DataTable.RowSelected, "#problems-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self._jump and 0 <= event.cursor_row < len(self.shown):
            self.post_message(JumpTo(self.shown[event.cursor_row]))
