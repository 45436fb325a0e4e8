"""The screens before the editor: a new plan, a folder of plans, and a plan that does not load."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, OptionList, Static
from textual.widgets.option_list import Option

from xcplan.tui.document import LoadFailure
from xcplan.tui.linting import LintReport
from xcplan.tui.starter import PLAN_SUFFIXES, plans_in, templates
from xcplan.tui.widgets.fields import FieldInput
from xcplan.tui.widgets.header import PlanHeader
from xcplan.tui.widgets.problems import ProblemsPane, tab_title

if TYPE_CHECKING:
    from xcplan.tui.app import PlannerApp

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
        yield Static(
            Text.assemble((" New plan", "bold"), ("  ·  ", "dim"), self.path.name), id="plan-header"
        )
        with Vertical(classes="start-box"):
            yield Static(
                f"{self.path} does not exist yet. Start it from a campaign template, or as an "
                "empty plan. Nothing is written until you save with ctrl+s.",
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
                            (template.name, "bold"), ("  " + template.description, "dim")
                        ),
                        id=template.name,
                    )
                )
            yield OptionList(*options, id="starters")
        yield Footer()

    def on_mount(self) -> None:
        """Focus the list of starters."""
        self.query_one("#starters", OptionList).focus()

    @on(OptionList.OptionSelected, "#starters")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        template = event.option.id
        app = cast("PlannerApp", self.app)
        app.start_new(self.path, None if template in (None, EMPTY) else template)


class FileNameDialog(ModalScreen[Path | None]):
    """Ask for the file name of a new plan in a folder."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="file.cancel", tooltip="Close without a new plan"),
    ]

    def __init__(self, folder: Path) -> None:
        super().__init__(classes="dialog -info")
        self.folder = folder

    def compose(self) -> ComposeResult:
        """Build the file name field."""
        with Vertical(classes="dialog-box"):
            yield Static("New plan", classes="dialog-title")
            yield Static(f"File name in {self.folder}:", classes="dialog-text")
            yield FieldInput(placeholder="spring-sale.yaml", id="file-name", compact=True)
            yield Static("", id="file-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Create", id="file-create", variant="primary", compact=True)
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
            error.update(f"{name} exists already: choose it in the list to open it.")
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
            Text.assemble((" Open a plan", "bold"), ("  ·  ", "dim"), str(self.folder)),
            id="plan-header",
        )
        plans = plans_in(self.folder)
        with Vertical(classes="start-box"):
            yield Static(
                f"Plans in {self.folder}: choose one to open it, or start a new plan."
                if plans
                else f"There is no plan in {self.folder} yet.",
                classes="start-text",
            )
            options = [Option(path.name, id=path.name) for path in plans]
            options.append(Option(Text("New plan…", style="bold"), id=EMPTY))
            yield OptionList(*options, id="plans")
        yield Footer()

    def on_mount(self) -> None:
        """Focus the list of plans."""
        self.query_one("#plans", OptionList).focus()

    @on(OptionList.OptionSelected, "#plans")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id in (None, EMPTY):
            self.action_new()
            return
        app = cast("PlannerApp", self.app)
        app.open_path(self.folder / event.option.id)

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
            f"{self.failure.reason}. Read-only: fix the file in an editor (each problem names "
            "its line), then press r to reload.",
            id="broken-reason",
        )
        yield Static(tab_title(self.report), id="broken-title")
        yield ProblemsPane(jump=False, id="problems")
        yield Footer()

    def on_mount(self) -> None:
        """Show the header and the diagnostics."""
        self.query_one(PlanHeader).show(
            "Plan does not load", self.failure.path, dirty=False, note="read-only"
        )
        self.query_one(ProblemsPane).show_report(self.report)
        self.query_one("#problems-table").focus()

    def action_reload(self) -> None:
        """Read the file again; open it in the editor when it loads now."""
        app = cast("PlannerApp", self.app)
        app.open_path(self.failure.path)
