"""The Campaign tab's KPI table.

In a module of its own: the table is mounted once the plan's first lint report is shown, and
Textual's ``DataTable`` (5 ms to import) is imported with it, not before the first frame.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable


class KpiTable(DataTable[Text]):
    """The campaign's KPIs, one per row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "request('add')", "Add KPI", id="kpi.add", tooltip="Add a KPI"),
        Binding("e", "request('edit')", "Edit KPI", id="kpi.edit", tooltip="Edit the KPI"),
        Binding(
            "d,delete",
            "request('delete')",
            "Delete KPI",
            id="kpi.delete",
            tooltip="Delete the KPI (asks first)",
        ),
    ]

    class Requested(Message):
        """The user asked to add, edit or delete a KPI."""

        def __init__(self, what: str) -> None:
            super().__init__()
            self.what = what

    def action_request(self, what: str) -> None:
        """Ask the campaign tab to add, edit or delete a KPI."""
        self.post_message(self.Requested(what))
