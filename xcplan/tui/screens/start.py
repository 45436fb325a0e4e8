"""The screens before the editor: a new plan, a folder of plans, and a plan that does not load.

They post what the user chose (``OpenPath``, ``StartPlan``) to the app, which opens it.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from xcplan.edit.document import LoadFailure
from xcplan.edit.report import LintReport
from xcplan.io.discovery import plans_in
from xcplan.tui.dialogs.file_name import FileNameDialog
from xcplan.tui.messages import OpenPath, StartPlan
from xcplan.tui.plain import plain
from xcplan.tui.widgets.footer import KeysFooter
from xcplan.tui.widgets.header import PlanHeader
from xcplan.tui.widgets.problems import ProblemsPane, tab_title

EMPTY: str = "-empty-"
"""The option id of "an empty plan" (template names never start with a dash)."""


class NewPlanScreen(Screen[None]):
    """Choose how to start a plan at a path that does not exist yet."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "app.quit",
            "Quit",
            id="new.quit",
            tooltip="Quit without a new plan",
            show=False,
        ),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__(classes="start-screen")
        self.path = path

    def compose(self) -> ComposeResult:
        """Build the explanation and the list of starters."""
        from xcplan.edit.starter import templates

        yield Static(
            Text.assemble((" New plan", "bold"), ("  ·  ", "dim"), plain(self.path.name)),
            id="plan-header",
        )
        with Vertical(classes="start-box"):
            yield Static(
                plain(
                    f"{self.path} does not exist yet. Start it from a campaign template, or as "
                    "an empty plan. Nothing is written until you save with ctrl+s."
                ),
                classes="start-text",
            )
            options = [
                Option(
                    Text.assemble(
                        ("Empty plan", "bold"),
                        ("  a campaign and one email channel; no personas yet", "dim"),
                    ),
                    id=EMPTY,
                )
            ]
            for template in templates():
                options.append(
                    Option(
                        Text.assemble(
                            plain(template.name, "bold"), plain("  " + template.description, "dim")
                        ),
                        id=template.name,
                    )
                )
            yield OptionList(*options, id="starters")
        yield KeysFooter()

    def on_mount(self) -> None:
        """Focus the list of starters."""
        self.query_one("#starters", OptionList).focus()

    @on(OptionList.OptionSelected, "#starters")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        template = event.option.id
        self.post_message(StartPlan(self.path, None if template in (None, EMPTY) else template))


class FolderScreen(Screen[None]):
    """Choose a plan in a folder, or start a new one there."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New plan", id="folder.new", tooltip="Start a new plan in this folder"),
    ]

    def __init__(self, folder: Path) -> None:
        super().__init__(classes="start-screen")
        self.folder = folder

    def compose(self) -> ComposeResult:
        """Build the list of plans in the folder."""
        yield Static(
            Text.assemble((" Open a plan", "bold"), ("  ·  ", "dim"), plain(str(self.folder))),
            id="plan-header",
        )
        plans = plans_in(self.folder)
        with Vertical(classes="start-box"):
            yield Static(
                plain(
                    f"Plans in {self.folder}: choose one to open it, or start a new plan."
                    if plans
                    else f"There is no plan in {self.folder} yet."
                ),
                classes="start-text",
            )
            options = [Option(plain(path.name), id=path.name) for path in plans]
            options.append(Option(Text("New plan…", style="bold"), id=EMPTY))
            yield OptionList(*options, id="plans")
        yield KeysFooter()

    def on_mount(self) -> None:
        """Focus the list of plans."""
        self.query_one("#plans", OptionList).focus()

    @on(OptionList.OptionSelected, "#plans")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id in (None, EMPTY):
            self.action_new()
            return
        self.post_message(OpenPath(self.folder / event.option.id))

    def action_new(self) -> None:
        """Ask for a file name, then how to start the plan."""

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.app.switch_screen(NewPlanScreen(path))

        self.app.push_screen(FileNameDialog(self.folder), chosen)


class BrokenPlanScreen(Screen[None]):
    """A plan that does not load: its diagnostics, read-only, and a way to reload it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reload", "Reload", id="broken.reload", tooltip="Read the file again"),
    ]

    def __init__(self, failure: LoadFailure) -> None:
        super().__init__(classes="broken-screen")
        self.failure = failure
        self.report = LintReport.build(None, 0, failure.diagnostics)

    def compose(self) -> ComposeResult:
        """Build the header, the reason and the read-only list of problems."""
        yield PlanHeader(id="plan-header")
        yield Static(
            plain(
                f"{self.failure.reason}. Read-only: fix the file in an editor (each problem "
                "names its line), then press r to reload."
            ),
            id="broken-reason",
        )
        yield Static(tab_title(self.report), id="broken-title")
        yield ProblemsPane(jump=False, id="problems")
        yield KeysFooter()

    def on_mount(self) -> None:
        """Show the header and the diagnostics."""
        self.query_one(PlanHeader).show(
            "Plan does not load", self.failure.path, dirty=False, note="read-only"
        )
        self.query_one(ProblemsPane).show_report(self.report)
        self.query_one("#problems-table").focus()

    def action_reload(self) -> None:
        """Read the file again; open it in the editor when it loads now."""
        self.post_message(OpenPath(self.failure.path))
