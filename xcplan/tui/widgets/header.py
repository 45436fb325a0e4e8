"""The header: the campaign's name, the plan's file and whether there are unsaved changes."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import Static

from xcplan.tui.plain import plain


class PlanHeader(Static):
    """One line: ``Campaign name · file.yaml ● unsaved``."""

    def show(self, campaign: str, path: Path, *, dirty: bool, note: str = "") -> None:
        """Show the campaign's name, the file name and the unsaved mark (or ``note``)."""
        line = Text.assemble(" ", plain(campaign, "bold"), ("  ·  ", "dim"), plain(path.name))
        if dirty:
            line.append("  ● unsaved", style="bold")
            self.add_class("-dirty")
        else:
            self.remove_class("-dirty")
        if note:
            line.append(f"  {note}", style="italic")
        self.update(line)
