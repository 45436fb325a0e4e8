"""The plan editor: the header, a tab per step of the method, and the footer of keys.

The screen owns the ``Document``. Tabs edit it and post ``PlanChanged``; the screen then shows
the new plan in every tab and lints it. A lint that reuses the costly rule families' findings (an
edit of the journey or the stages) runs at once, so the problems change with the edit; any other
runs in a worker thread (``exclusive``, debounced while the user types), so typing never waits
for the linter. The screen also saves, undoes and redoes, and asks before anything could lose
work.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import ClassVar, Final

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.lazy import Lazy
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, TabbedContent, TabPane, Tabs, TextArea
from textual.worker import Worker, WorkerState, get_current_worker

from xcplan.lint.context import LintContext
from xcplan.lint.diagnostics import Diagnostic, Severity
from xcplan.model.plan import Plan
from xcplan.tui.document import Document
from xcplan.tui.linting import Linter, LintReport
from xcplan.tui.messages import ConfigChanged, JumpTo, PlanChanged
from xcplan.tui.screens.dialogs import Choice, QuestionDialog
from xcplan.tui.screens.export import ExportDialog
from xcplan.tui.screens.library import Loader
from xcplan.tui.widgets.brand import BrandPane
from xcplan.tui.widgets.campaign import CampaignPane
from xcplan.tui.widgets.header import PlanHeader
from xcplan.tui.widgets.journey import JourneyPane
from xcplan.tui.widgets.messages import MessagesPane
from xcplan.tui.widgets.personas import PersonasPane
from xcplan.tui.widgets.problems import ProblemsPane, tab_title

_PLAN_TABS: Final = frozenset({"tab-journey", "tab-messages", "tab-problems"})
"""The tabs brought up to date only when in view (the others are cheap to update always)."""
_REPORT_TABS: Final = frozenset({"tab-journey", "tab-messages", "tab-problems"})
"""The tabs that show the problems of the plan."""

TYPING_DELAY: Final = 0.3
"""Seconds without typing before the plan is linted again."""


class PlanScreen(Screen[None]):
    """Edits one plan: Campaign, Personas, Journey, Messages, Brand voice and Problems tabs."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            id="plan.save",
            tooltip="Save the plan in canonical form (atomic write)",
            priority=True,
        ),
        Binding(
            "ctrl+z", "undo", "Undo", id="plan.undo", tooltip="Undo the last edit", priority=True
        ),
        Binding(
            "ctrl+e",
            "export",
            "Export",
            show=False,
            id="plan.export",
            tooltip="Export the plan: YAML, JSON, Markdown brief or CSV matrix",
        ),
        Binding(
            "ctrl+y",
            "redo",
            "Redo",
            id="plan.redo",
            tooltip="Redo the edit undone",
            priority=True,
            show=False,
        ),
    ]

    def __init__(self, document: Document, *, library: Loader | None = None) -> None:
        super().__init__(classes="plan-screen")
        self.document = document
        self.library = library
        self.linter = Linter(document.config, document.path)
        self.report: LintReport | None = None
        if document.check is not None:
            self.report = LintReport.build(
                document.plan, document.revision, document.check.diagnostics
            )
        self._lint_timer: Timer | None = None
        self._asking_to_quit = False
        self._saving = False
        self._after_tab: Callable[[], object] | None = None
        self._announce = False
        self.messages = MessagesPane(document, id="messages")
        """The Messages tab's pane (mounted just after the first paint)."""
        self.brand = BrandPane(document, id="brand")
        """The Brand voice tab's pane (mounted just after the first paint)."""
        self._brand_dirty = False
        self._stale: set[str] = set(_PLAN_TABS)
        """Tabs to bring up to date when they are shown."""

    def compose(self) -> ComposeResult:
        """Build the header, the tabs and the footer."""
        yield PlanHeader(id="plan-header")
        with TabbedContent(initial="tab-campaign", id="tabs"):
            with TabPane("Campaign", id="tab-campaign"):
                yield CampaignPane(self.document, id="campaign")
            with TabPane("Personas", id="tab-personas"):
                yield PersonasPane(self.document, library=self.library, id="personas")
            with TabPane("Journey", id="tab-journey"):
                yield JourneyPane(self.document, id="journey")
            # The two biggest tabs are mounted just after the first paint (Lazy): opening a plan
            # shows it sooner.
            with TabPane("Messages", id="tab-messages"):
                yield Lazy(self.messages)
            with TabPane("Brand voice", id="tab-brand"):
                yield Lazy(self.brand)
            with TabPane(tab_title(self.report), id="tab-problems"):
                yield ProblemsPane(id="problems")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Show the plan, its problems from loading, and lint it (again) in the background."""
        self._show_header()
        if self.report is not None:
            self.tabs.get_tab("tab-problems").label = tab_title(self.report)
            self.query_one(ProblemsPane).show_report(self.report)
        check = self.document.check
        context = check.context if check is not None else None
        # After the first paint: a big plan's first lint must not hold up the first screen.
        self.call_after_refresh(self._start_lint, context)

    # -- showing --------------------------------------------------------------------------

    @property
    def tabs(self) -> TabbedContent:
        """The tabs."""
        return self.query_one("#tabs", TabbedContent)

    @property
    def dirty(self) -> bool:
        """Whether the plan or the brand voice has changes that are not saved."""
        return self.document.dirty or self._brand_dirty

    def _show_header(self) -> None:
        document = self.document
        self.query_one(PlanHeader).show(
            document.plan.campaign.name, document.path, dirty=self.dirty
        )
        self.app.title = document.plan.campaign.name
        self.app.sub_title = document.path.name

    def show_plan(self, report: LintReport | None = None) -> None:
        """Show the document's plan (and ``report``, when it is the plan's).

        The campaign and the personas (cheap to show) are updated at once; the journey grid,
        the touchpoint tree and the problems when they are in view, else when they are shown
        next: a big plan's grid and tree are not rebuilt for every keystroke elsewhere.
        """
        self._show_header()
        plan = self.document.plan
        self.query_one(CampaignPane).show(plan)
        self.query_one(PersonasPane).show(plan)
        if report is not None:
            self.tabs.get_tab("tab-problems").label = tab_title(report)
        self._stale.update(_PLAN_TABS)
        self._refresh_shown()

    def _show_report(self, report: LintReport) -> None:
        self.tabs.get_tab("tab-problems").label = tab_title(report)
        self._stale.update(_REPORT_TABS)
        self._refresh_shown()

    def _refresh_shown(self) -> None:
        """Bring the tab in view up to date with the plan and the report, if it is stale."""
        active = self.tabs.active
        if active not in self._stale:
            return
        self._stale.discard(active)
        plan = self.document.plan
        report = self.report
        current = report if report is not None and report.plan is plan else None
        if active == "tab-journey":
            self.query_one(JourneyPane).show(plan, report)
        elif active == "tab-messages":
            if not self.messages.is_mounted:
                # Shown before its lazy mount finished: try again after the next refresh.
                self._stale.add(active)
                self.call_after_refresh(self._refresh_shown)
                return
            self.messages.show(plan, current)
        elif active == "tab-problems" and report is not None:
            self.query_one(ProblemsPane).show_report(report)

    def changed(self, *, typing: bool = False) -> None:
        """Show the edited plan and lint it.

        An edit whose lint is cheap (the journey, stages: the costly rule families' findings
        are reused) is linted at once, so the problems update with the edit; any other is
        linted in a worker thread, after a pause in typing.
        """
        document = self.document
        quick = None if typing else self.linter.quick_report(document.plan, document.revision)
        if quick is not None:
            if self._lint_timer is not None:
                self._lint_timer.stop()
                self._lint_timer = None
            self.report = quick
            self.show_plan(quick)
            return
        self.show_plan()
        self.schedule_lint(TYPING_DELAY if typing else 0.0)

    @on(TabbedContent.TabActivated, "#tabs")
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        self._refresh_shown()
        then, self._after_tab = self._after_tab, None
        if then is not None:
            self.call_after_refresh(then)
            return
        # Keys must not go to a widget of a tab that is hidden now: focus the tab bar instead.
        focused = self.focused
        pane = event.tabbed_content.active_pane
        if focused is None or pane is None or pane in focused.ancestors_with_self:
            return
        if isinstance(focused, Tabs):
            return
        event.tabbed_content.query_one(Tabs).focus()

    # -- linting --------------------------------------------------------------------------

    def schedule_lint(self, delay: float = 0.0) -> None:
        """Lint the plan after ``delay`` seconds without another edit (at once for 0)."""
        if self._lint_timer is not None:
            self._lint_timer.stop()
            self._lint_timer = None
        if delay <= 0:
            self._start_lint()
        else:
            self._lint_timer = self.set_timer(delay, self._start_lint)

    def _start_lint(self, context: LintContext | None = None) -> None:
        self._lint_timer = None
        document = self.document
        self.run_worker(
            partial(self._lint, document.plan, document.revision, context),
            name="lint",
            group="lint",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    def _lint(self, plan: Plan, revision: int, context: LintContext | None) -> None:
        report = self.linter.report(plan, revision, context=context)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.apply_report, report)

    def apply_report(self, report: LintReport) -> None:
        """Show a lint report, unless a newer one is shown already."""
        if self.report is not None and report.revision < self.report.revision:
            return
        self.report = report
        self._show_report(report)
        if self._announce and report.revision == self.document.revision:
            self._announce = False
            self._say_counts(report)

    def action_validate(self) -> None:
        """Lint the whole plan now and say what was found, as ``xcplan validate`` would."""
        if self.lint_is_current and self.report is not None:
            self._say_counts(self.report)
            return
        self._announce = True
        self.schedule_lint()

    def _say_counts(self, report: LintReport) -> None:
        errors = report.count(Severity.ERROR)
        warnings = report.count(Severity.WARNING)
        infos = report.count(Severity.INFO)
        if not report.diagnostics:
            self.notify("The plan is clean: no errors, warnings or notes.", title="Validate")
            return
        self.notify(
            f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning"
            f"{'s' if warnings != 1 else ''}, {infos} note{'s' if infos != 1 else ''}.",
            title="Validate",
            severity="error" if errors else "warning" if warnings else "information",
        )
        self.tabs.active = "tab-problems"

    @property
    def lint_is_current(self) -> bool:
        """Whether the problems shown are those of the current plan."""
        return self.report is not None and self.report.revision == self.document.revision

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        what = "The linter failed on this plan" if event.worker.group == "lint" else "Failed"
        self.notify(
            f"{what}: {type(error).__name__}: {error}",
            title="Problems not updated" if event.worker.group == "lint" else "Error",
            severity="error",
        )

    # -- export ---------------------------------------------------------------------------

    def action_export(self) -> None:
        """Open the export dialog for the plan as it is in the editor."""
        document = self.document
        plan = document.plan

        def exported(result: Diagnostic | Path | None) -> None:
            if isinstance(result, Diagnostic):
                self.jump(result, plan)

        self.app.push_screen(ExportDialog(plan, document.config, document.path), exported)

    # -- the brand voice ------------------------------------------------------------------

    @on(ConfigChanged)
    def _config_changed(self, event: ConfigChanged) -> None:
        """Lint the plan again at once with the config just saved."""
        event.stop()
        document = self.document
        document.config = event.config
        document.config_path = event.path
        self.linter = Linter(event.config, document.path)
        self._stale.update(_REPORT_TABS)
        if self.messages.is_mounted:
            self.messages.request_preview()
        self.schedule_lint()

    @on(BrandPane.DirtyChanged)
    def _brand_dirty_changed(self, event: BrandPane.DirtyChanged) -> None:
        event.stop()
        self._brand_dirty = event.dirty
        self.tabs.get_tab("tab-brand").label = "Brand voice ●" if event.dirty else "Brand voice"
        self._show_header()

    # -- edits ----------------------------------------------------------------------------

    @on(PlanChanged)
    def _plan_changed(self, event: PlanChanged) -> None:
        event.stop()
        self.changed(typing=event.typing)

    def _in_brand(self, verb: str) -> bool:
        """Whether focus is on the Brand voice tab; there, undo and redo act on its fields."""
        focused = self.focused
        if focused is None or self.brand not in focused.ancestors_with_self:
            return False
        if isinstance(focused, TextArea):
            if verb == "undo":
                focused.undo()
            else:
                focused.redo()
        else:
            self.notify(
                "Undo and redo change the plan; on this tab, Revert (ctrl+r) goes back to the "
                "saved xcplan.toml.",
                severity="warning",
            )
        return True

    def action_undo(self) -> None:
        """Undo the last edit (on the Brand voice tab: the focused text's last edit)."""
        if self._in_brand("undo"):
            return
        label = self.document.undo()
        if label is None:
            self.notify("Nothing to undo.", severity="warning")
            return
        self.changed()
        self.notify(f"Undone: {label}")

    def action_redo(self) -> None:
        """Redo the last edit undone (on the Brand voice tab: in the focused text)."""
        if self._in_brand("redo"):
            return
        label = self.document.redo()
        if label is None:
            self.notify("Nothing to redo.", severity="warning")
            return
        self.changed()
        self.notify(f"Redone: {label}")

    # -- going to a problem ---------------------------------------------------------------

    @on(JumpTo)
    def _jump(self, event: JumpTo) -> None:
        event.stop()
        self.jump(event.diagnostic)

    def jump(self, diagnostic: Diagnostic, plan: Plan | None = None) -> None:
        """Show the tab and focus the item a diagnostic names.

        ``plan`` is the plan the diagnostic was found in (by default that of the last report).
        """
        loc = diagnostic.loc
        if plan is None:
            plan = self.report.plan if self.report is not None else None
        plan = plan if plan is not None else self.document.plan
        head = loc[0] if loc else None
        if head == "campaign":
            self._show_tab("tab-campaign", partial(self.query_one(CampaignPane).focus_place, loc))
            return
        if head == "personas":
            index = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else 0
            persona_id = plan.personas[index].id if index < len(plan.personas) else None
            current = [p.id for p in self.document.plan.personas]
            target = current.index(persona_id) if persona_id in current else 0
            self._show_tab("tab-personas", partial(self.query_one(PersonasPane).select, target))
            return
        if head == "touchpoints" and self._jump_to_touchpoint(plan, loc):
            return
        if head in ("channels", "stages", "map", "touchpoints"):
            self._jump_to_cell(plan, diagnostic)
            return
        where = diagnostic.path or "the plan"
        self.notify(
            f"`{where}` is not edited in these tabs: change it in the file.", severity="warning"
        )

    def _jump_to_touchpoint(self, plan: Plan, loc: tuple[str | int, ...]) -> bool:
        """Show the touchpoint (its variant and field) that ``loc`` names on the Messages tab.

        Returns False when the place is about the journey (personas, stage or channel) or the
        touchpoint is gone.
        """
        index = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
        if index is None or index >= len(plan.touchpoints):
            return False
        if len(loc) > 2 and loc[2] in ("personas", "stage", "channel"):
            return False
        touchpoint_id = plan.touchpoints[index].id
        v_index: int | None = None
        field: str | None = None
        if len(loc) > 3 and loc[2] == "variants" and isinstance(loc[3], int):
            v_index = loc[3]
            field = str(loc[4]) if len(loc) > 4 else None
        messages = self.messages
        if not any(t.id == touchpoint_id for t in self.document.plan.touchpoints):
            return False
        self._show_tab(
            "tab-messages", partial(messages.choose_touchpoint, touchpoint_id, v_index, field)
        )
        return True

    def show_touchpoint(self, touchpoint_id: str) -> None:
        """Show a touchpoint on the Messages tab (the palette's "jump to touchpoint")."""
        messages = self.messages
        self._show_tab("tab-messages", partial(messages.choose_touchpoint, touchpoint_id))

    @on(JourneyPane.OpenCell)
    def _open_cell(self, event: JourneyPane.OpenCell) -> None:
        event.stop()
        messages = self.messages
        self._show_tab("tab-messages", partial(messages.open_cell, event.cell))

    def _jump_to_cell(self, plan: Plan, diagnostic: Diagnostic) -> None:
        loc = diagnostic.loc
        persona: str | None = None
        stage: str | None = None
        channel: str | None = None
        index = loc[1] if len(loc) > 1 else None
        if loc[0] == "channels" and isinstance(index, int) and index < len(plan.channels):
            channel = plan.channels[index].id
        elif loc[0] == "stages" and isinstance(index, int) and index < len(plan.journey()):
            stage = plan.journey()[index].id
        elif loc[0] == "map":
            persona = str(loc[1]) if len(loc) > 1 else None
            stage = str(loc[2]) if len(loc) > 2 else None
            if len(loc) > 3 and isinstance(loc[3], int) and persona and stage:
                cells = plan.map.get(persona, {}).get(stage, [])
                channel = cells[loc[3]] if loc[3] < len(cells) else None
        elif loc[0] == "touchpoints" and isinstance(index, int) and index < len(plan.touchpoints):
            touchpoint = plan.touchpoints[index]
            stage, channel = touchpoint.stage, touchpoint.channel
            personas = touchpoint.personas
            if len(loc) > 3 and loc[2] == "personas" and isinstance(loc[3], int):
                personas = personas[loc[3] : loc[3] + 1] or personas
            persona = personas[0] if personas else None
            self.notify(f"Touchpoint `{touchpoint.id}` fills this cell.")
        journey = self.query_one(JourneyPane)
        if persona is not None:
            journey.choose_persona(persona)
        self._show_tab("tab-journey", partial(journey.focus_cell, stage, channel))

    def show_tab_then(self, tab: str, then: Callable[[], object]) -> None:
        """Show ``tab``, then call ``then`` once its pane is displayed."""
        self._show_tab(tab, then)

    def _show_tab(self, tab: str, then: Callable[[], object]) -> None:
        """Show ``tab``, then call ``then`` once its pane is displayed (to focus in it)."""
        if self.tabs.active == tab:
            self.call_after_refresh(then)
            return
        self._after_tab = then
        self.tabs.active = tab

    # -- saving ---------------------------------------------------------------------------

    def action_save(self) -> None:
        """Save the plan, asking first when that would overwrite or drop something."""
        self.save()

    @work(group="save", exit_on_error=False)
    async def save(self) -> bool:
        """Save the plan, and the brand voice when it has changes; return whether all was
        written.

        Asks before overwriting a file that changed on disk since it was loaded, and before the
        first save of a file whose YAML comments the canonical form would drop. A save asked
        for while another is asking its questions does nothing.
        """
        if self._saving:
            return False
        self._saving = True
        try:
            brand = self.brand
            if self._brand_dirty and not self.document.dirty:
                # Only the brand voice changed: the plan file is left as it is.
                return await brand.save().wait() is True
            saved = await self._save()
            if saved and self._brand_dirty:
                saved = await brand.save().wait() is True
            return saved
        finally:
            self._saving = False
            self._show_header()

    async def _save(self) -> bool:
        document = self.document
        name = document.path.name
        if document.changed_on_disk():
            exists = document.path.exists()
            what = "changed on disk" if exists else "was deleted"
            answer = await self.app.push_screen_wait(
                QuestionDialog(
                    f"{name} {what} since you opened it",
                    [
                        f"Someone (or a `git pull`) {what.replace('on disk', 'the file')} "
                        "after xcplan loaded it."
                        if exists
                        else "The file is gone from disk; saving writes it again.",
                        "Saving writes your version over it; their changes would be lost.",
                    ],
                    [
                        Choice("overwrite", "Save over it", "error"),
                        Choice("cancel", "Cancel"),
                    ],
                    tone="error",
                )
            )
            if answer != "overwrite":
                self.notify("Not saved.", severity="warning")
                return False
        comments = document.comment_lines()
        if comments:
            shown = ", ".join(str(line) for line in comments[:8])
            more = f" and {len(comments) - 8} more" if len(comments) > 8 else ""
            answer = await self.app.push_screen_wait(
                QuestionDialog(
                    f"{name} has YAML comments",
                    [
                        f"Comments on line{'s' if len(comments) > 1 else ''} {shown}{more} "
                        "will be dropped: xcplan writes the canonical form, which keeps no "
                        "comments.",
                        "To keep a note, put it in a `notes:` field of the campaign, a "
                        "persona, a channel, a stage or a touchpoint.",
                    ],
                    [
                        Choice("save", "Save without comments", "warning"),
                        Choice("cancel", "Cancel"),
                    ],
                )
            )
            if answer != "save":
                self.notify("Not saved.", severity="warning")
                return False
        try:
            document.save()
        except OSError as error:
            self.notify(
                f"{document.path}: {error.strerror or error}. The file on disk is unchanged.",
                title="Not saved",
                severity="error",
            )
            return False
        self._show_header()
        self.notify(f"Saved {name}.")
        return True

    @work(group="quit", exit_on_error=False)
    async def quit(self) -> None:
        """Quit, first asking to save, discard or cancel when there are unsaved changes."""
        if not self.dirty:
            self.app.exit()
            return
        if self._asking_to_quit:
            return
        self._asking_to_quit = True
        try:
            answer = await self._ask_to_save()
        finally:
            self._asking_to_quit = False
        if answer == "discard":
            self.app.exit()
        elif answer == "save":
            saved = await self.save().wait()
            if saved:
                self.app.exit()

    def _unsaved_names(self) -> str:
        names = [self.document.path.name] if self.document.dirty else []
        if self._brand_dirty:
            names.append(self.brand.target.name)
        return " and ".join(names)

    def _unsaved_what(self) -> str:
        if self.document.dirty and self._brand_dirty:
            return "The plan and the brand voice have changes that are not saved."
        if self._brand_dirty:
            return "The brand voice has changes that are not saved."
        return "The plan has changes that are not saved."

    async def _ask_to_save(self) -> str | None:
        return await self.app.push_screen_wait(
            QuestionDialog(
                f"Save the changes to {self._unsaved_names()}?",
                [self._unsaved_what()],
                [
                    Choice("save", "Save", "primary"),
                    Choice("discard", "Discard", "error"),
                    Choice("cancel", "Cancel"),
                ],
            )
        )
