"""The plan editor: the header, a tab per step of the method, and the footer of keys.

The screen owns the ``Document``. Tabs never change it: they post ``EditPlan`` intents, which the
screen applies, then it brings the tab in view up to date (the others when they are shown next)
and lints the plan. A lint that reuses the costly rule families' findings (an edit of the
journey or the stages) runs at once, so the problems change with the edit; any other runs in a
worker thread (``exclusive``, after a pause while the user types), so typing never waits for the
linter. The first lint of a plan starts after the first screen is painted, and the tabs not in
view are mounted only when they are first shown. The screen also saves, undoes and redoes, and
asks before anything could lose work.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Final

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import TabbedContent, TabPane, Tabs, TextArea
from textual.worker import Worker, WorkerState, get_current_worker

from xcplan.collect import freeze_opened
from xcplan.edit import ahead
from xcplan.edit.document import Document
from xcplan.edit.entities import EditError
from xcplan.edit.stored import store_diagnostics, stored_diagnostics
from xcplan.io.atomic import is_read_only
from xcplan.lint.diagnostics import Diagnostic, Severity
from xcplan.model.config import Config
from xcplan.model.plan import Plan
from xcplan.model.validators import build_validators
from xcplan.render.hidden import terminal_safe
from xcplan.tui.messages import ConfigChanged, EditPlan, JumpTo
from xcplan.tui.recovery import RecoveryKeeper, offer_recoveries
from xcplan.tui.screens.steady import SteadyScreen
from xcplan.tui.widgets.campaign import CampaignPane
from xcplan.tui.widgets.counts import tab_title
from xcplan.tui.widgets.footer import KeysFooter
from xcplan.tui.widgets.header import PlanHeader

if TYPE_CHECKING:
    # The other tabs' modules are imported when their panes are made, after the first screen;
    # the report's once the first lint is done, the dialogs' and the jumps' when first used.
    from xcplan.edit.jump import CellPlace
    from xcplan.edit.linting import Linter
    from xcplan.edit.report import Linted, LintReport
    from xcplan.tui.dialogs.library import Loader
    from xcplan.tui.widgets.brand import BrandPane
    from xcplan.tui.widgets.journey import JourneyPane
    from xcplan.tui.widgets.messages import MessagesPane
    from xcplan.tui.widgets.personas import PersonasPane
    from xcplan.tui.widgets.problems import ProblemsPane
    from xcplan.tui.widgets.timeline import TimelinePane

TABS: Final = (
    ("tab-campaign", "Campaign"),
    ("tab-personas", "Personas"),
    ("tab-journey", "Journey"),
    ("tab-messages", "Messages"),
    ("tab-timeline", "Timeline"),
    ("tab-brand", "Brand voice"),
    ("tab-problems", "Problems"),
)
"""The tabs, in order: their ids and titles."""
_PLAN_TABS: Final = frozenset({"tab-journey", "tab-messages", "tab-timeline", "tab-problems"})
"""The tabs brought up to date only when in view (the others are cheap to update always)."""
_REPORT_TABS: Final = _PLAN_TABS
"""The tabs that show the problems of the plan."""

TYPING_DELAY: Final = 0.3
"""Seconds without typing before the plan is linted again."""


class PlanScreen(SteadyScreen[None]):
    """Edits one plan: Campaign, Personas, Journey, Messages, Timeline, Brand voice and Problems
    tabs."""

    class Drawn(Message):
        """The screen's first frame is written (to the app: it keeps the styles parsed)."""

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
        self._linter: Linter | None = None
        self.report: LintReport | None = None
        self._lint_timer: Timer | None = None
        self._asking_to_quit = False
        self._saving = False
        self._after_tab: Callable[[], object] | None = None
        self._announce = False
        self._brand_dirty = False
        self._header: tuple[str, str, bool] | None = None
        self.recovery = RecoveryKeeper(document, self)
        """Keeps the unsaved changes for recovery after a crash."""
        self.campaign = CampaignPane(document, id="campaign")
        self._panes: dict[str, Widget] = {"tab-campaign": self.campaign}
        """Each tab's pane, made and mounted when the tab is first shown (or once the first
        lint is done, one by one)."""
        self._stale: set[str] = {tab for tab, _ in TABS}
        """Tabs to bring up to date when they are shown next."""
        self._pending: dict[str, list[Callable[[], object]]] = {}
        """What waits for a tab's pane to be mounted (to focus in it)."""
        self._drawn = False
        """Whether the first frame has been drawn."""

    def compose(self) -> ComposeResult:
        """Build the header, the tabs (only the first with its pane) and the footer."""
        yield PlanHeader(id="plan-header")
        with TabbedContent(initial="tab-campaign", id="tabs"):
            for tab_id, title in TABS:
                with TabPane(tab_title(None) if tab_id == "tab-problems" else title, id=tab_id):
                    if tab_id == "tab-campaign":
                        yield self.campaign
        yield KeysFooter(compact=True)

    def _compositor_refresh(self) -> None:
        """Draw what changed; after the first frame, tell the second process (if one lints
        the plan) that every core is free for it: at once, not when this screen is next idle
        (which was 30 to 50 ms later)."""
        super()._compositor_refresh()
        if not self._drawn and self.app.screen is self:
            self._drawn = True
            # Once the frame is written (Textual writes it as it ends the batch of updates).
            self.call_later(ahead.first_screen_drawn, self.document.path)
            self.post_message(self.Drawn())

    def on_mount(self) -> None:
        """Show the plan; lint it once the first screen is painted."""
        self._stale.discard("tab-campaign")
        self._show_header()
        self.call_after_refresh(self._start_lint)
        self.call_after_refresh(self._offer_recovery)

    @work(group="recovery-offer", exit_on_error=False)
    async def _offer_recovery(self) -> None:
        """Offer the unsaved changes kept for this plan by a planner that stopped."""
        if await offer_recoveries(self, self.document, self.recovery):
            self.changed()

    # -- the tabs' panes --------------------------------------------------------------------

    def _made(self, tab: str) -> Widget:
        """Return the pane of ``tab``, made (not mounted) on first use."""
        pane = self._panes.get(tab)
        if pane is not None:
            return pane
        document = self.document
        if tab == "tab-personas":
            from xcplan.tui.widgets.personas import PersonasPane

            pane = PersonasPane(document, library=self.library, id="personas")
        elif tab == "tab-journey":
            from xcplan.tui.widgets.journey import JourneyPane

            pane = JourneyPane(document, id="journey")
        elif tab == "tab-messages":
            from xcplan.tui.widgets.messages import MessagesPane

            pane = MessagesPane(document, id="messages")
        elif tab == "tab-timeline":
            from xcplan.tui.widgets.timeline import TimelinePane

            pane = TimelinePane(document, id="timeline")
        elif tab == "tab-brand":
            from xcplan.tui.widgets.brand import BrandPane

            pane = BrandPane(document, id="brand")
        else:
            from xcplan.tui.widgets.problems import ProblemsPane

            pane = ProblemsPane(id="problems")
        self._panes[tab] = pane
        return pane

    @property
    def personas(self) -> PersonasPane:
        """The Personas tab's pane."""
        return self._made("tab-personas")  # type: ignore[return-value]

    @property
    def journey(self) -> JourneyPane:
        """The Journey tab's pane."""
        return self._made("tab-journey")  # type: ignore[return-value]

    @property
    def messages(self) -> MessagesPane:
        """The Messages tab's pane."""
        return self._made("tab-messages")  # type: ignore[return-value]

    @property
    def timeline(self) -> TimelinePane:
        """The Timeline tab's pane."""
        return self._made("tab-timeline")  # type: ignore[return-value]

    @property
    def brand(self) -> BrandPane:
        """The Brand voice tab's pane."""
        return self._made("tab-brand")  # type: ignore[return-value]

    @property
    def problems(self) -> ProblemsPane:
        """The Problems tab's pane."""
        return self._made("tab-problems")  # type: ignore[return-value]

    def _mounted(self, tab: str) -> Widget | None:
        """Return the pane of ``tab`` when it is mounted, else None (without making it)."""
        pane = self._panes.get(tab)
        return pane if pane is not None and pane.is_mounted else None

    @property
    def linter(self) -> Linter:
        """The linter of the plan (made on first use: the rules are imported with it)."""
        if self._linter is None:
            from xcplan.edit.linting import Linter

            self._linter = Linter(self.document.config, self.document.path)
        return self._linter

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
        shown = (document.plan.campaign.name, document.path.name, self.dirty)
        if shown == self._header:
            return
        self._header = shown
        self.query_one(PlanHeader).show(
            document.plan.campaign.name, document.path, dirty=self.dirty
        )
        self.app.title = terminal_safe(document.plan.campaign.name, one_line=True)
        self.app.sub_title = terminal_safe(document.path.name, one_line=True)

    def _show_counts(self, report: LintReport) -> None:
        tab = self.tabs.get_tab("tab-problems")
        title = tab_title(report)
        if str(tab.label) != title:
            tab.label = title

    def show_plan(self) -> None:
        """Show the document's plan: the header, the campaign and the personas (cheap to show,
        and they draw only what changed) at once; the journey grid, the touchpoint tree and the
        problems when they are in view, else when they are shown next (a big plan's grid and
        tree are not rebuilt for every keystroke elsewhere)."""
        self._show_header()
        plan = self.document.plan
        if self.campaign.is_mounted:
            self.campaign.show(plan)
            self._stale.discard("tab-campaign")
        if self._mounted("tab-personas") is not None:
            self.personas.show(plan)
            self._stale.discard("tab-personas")
        self._stale.update(_PLAN_TABS)
        self._refresh_shown()

    def _show_report(self, report: LintReport) -> None:
        self._show_counts(report)
        self.campaign.show_cost(report)  # the estimate the lint made: cheap to draw
        self._stale.update(_REPORT_TABS)
        self._refresh_shown()

    def _pane(self, tab: str) -> Widget | None:
        """Return the pane of ``tab`` once it is mounted; else start mounting it (the tab is
        brought up to date when it is) and return None."""
        pane = self._made(tab)
        if pane.is_mounted:
            return pane
        if pane.parent is None:
            self.run_worker(self._mount_pane(tab, pane), group="mount")
        return None

    async def _mount_pane(self, tab: str, pane: Widget) -> None:
        """Mount ``pane`` in its tab, then show what it shows and do what waited for it."""
        if pane.parent is None:
            await self.tabs.get_pane(tab).mount(pane)
        self._refresh_shown()
        for then in self._pending.pop(tab, []):
            self.call_after_refresh(then)

    async def _mount_hidden(self) -> None:
        """Mount the Campaign tab's KPI table, then the panes of the tabs not shown yet, one by
        one (until the app ends); then keep what the open plan is made of out of the
        collector's passes."""
        await self.campaign.mount_kpis()
        for tab, _ in TABS:
            if getattr(self.app, "is_ending", False):
                return
            pane = self._made(tab)
            if pane.parent is None:
                await self._mount_pane(tab, pane)
        freeze_opened()

    def _refresh_shown(self) -> None:
        """Bring the tab in view up to date with the plan and the report, if it is stale."""
        active = self.tabs.active
        if active not in self._stale:
            return
        if self._pane(active) is None:
            return  # brought up to date once it is mounted
        self._stale.discard(active)
        plan = self.document.plan
        report = self.report
        current = report if report is not None and report.plan is plan else None
        if active == "tab-campaign":
            self.campaign.show(plan)
        elif active == "tab-personas":
            self.personas.show(plan)
        elif active == "tab-journey":
            self.journey.show(plan, report)
        elif active == "tab-messages":
            self.messages.show(plan, current)
        elif active == "tab-timeline":
            self.timeline.show(plan)
        elif active == "tab-problems" and report is not None:
            self.problems.show_report(report)

    def changed(self, *, typing: bool = False) -> None:
        """Show the edited plan and lint it.

        An edit whose lint is cheap (the journey, stages: the costly rule families' findings
        are reused) is linted at once, so the problems update with the edit; any other is
        linted in a worker thread, after a pause in typing.
        """
        document = self.document
        self.recovery.changed()
        # Before the first lint has made the linter (and imported the rules), none is quick.
        linter = self._linter
        quick = (
            None
            if typing or linter is None
            else linter.quick_report(document.plan, document.revision)
        )
        if quick is not None:
            if self._lint_timer is not None:
                self._lint_timer.stop()
                self._lint_timer = None
            self.report = quick
            self._show_counts(quick)
            self.campaign.show_cost(quick)
            self.show_plan()
            return
        self.show_plan()
        self.schedule_lint(TYPING_DELAY if typing else 0.0)

    @on(TabbedContent.TabActivated, "#tabs")
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        self._refresh_shown()
        then, self._after_tab = self._after_tab, None
        if then is not None:
            self._when_shown(self.tabs.active, then)
            return
        # Keys must not go to a widget of a tab that is hidden now: focus the tab bar instead.
        focused = self.focused
        pane = event.tabbed_content.active_pane
        if focused is None or pane is None or pane in focused.ancestors_with_self:
            return
        if isinstance(focused, Tabs):
            return
        event.tabbed_content.query_one(Tabs).focus()

    def _when_shown(self, tab: str, then: Callable[[], object]) -> None:
        """Call ``then`` once the pane of ``tab`` is mounted, up to date and displayed."""
        if self._pane(tab) is None:
            self._pending.setdefault(tab, []).append(then)
            return
        if tab in self._stale and self.tabs.active == tab:
            self._refresh_shown()
        self.call_after_refresh(then)

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

    def _start_lint(self) -> None:
        self._lint_timer = None
        document = self.document
        # The first lint of a file as it was loaded may show at once what the last one found.
        loaded = document.loaded_bytes if self.report is None else None
        self.run_worker(
            partial(self._lint, document.plan, document.revision, loaded, document.config),
            name="lint",
            group="lint",
            # Textual describes a worker by the repr of its work when not told: the repr of a
            # big plan takes longer than linting one touchpoint, on the app's thread.
            description=f"lint revision {document.revision}",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    def _lint(self, plan: Plan, revision: int, loaded: bytes | None, config: Config) -> None:
        from xcplan.edit.report import LintReport

        kept = None
        if loaded is not None:
            kept = stored_diagnostics(loaded, config, str(self.document.path))
            if kept is not None:
                self.app.call_from_thread(self.apply_report, LintReport.build(plan, revision, kept))
        taken = self._second_lint()
        if taken is not None and taken[0] is plan:
            linted = taken[1]
            report = LintReport.build(plan, revision, linted.diagnostics, linted.estimate)
            self._lint_done(report, loaded, config, kept)
            # The rules are imported here, after the report is shown.
            self.linter.adopt(plan, linted.touchpoints)
            return
        if taken is not None:  # the plan was edited since: only what changed is linted
            self.linter.adopt(taken[0], taken[1].touchpoints)
        self._lint_done(self.linter.report(plan, revision), loaded, config, kept)

    def _lint_done(
        self,
        report: LintReport,
        loaded: bytes | None,
        config: Config,
        kept: list[Diagnostic] | None,
    ) -> None:
        if loaded is not None:
            store_diagnostics(loaded, config, report.diagnostics, kept)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.apply_report, report)

    def _second_lint(self) -> tuple[Plan, Linted] | None:
        """Return the plan as loaded and what the second process's lint found in it (waiting
        for it; once), or None (no second process, other bytes or config)."""
        document = self.document
        as_loaded = document.as_loaded
        if as_loaded is None or not ahead.started(document.path):
            return None
        plan, raw = as_loaded
        found = ahead.linted(document.path, raw, document.config, str(document.path))
        return None if found is None else (plan, found)

    def apply_report(self, report: LintReport) -> None:
        """Show a lint report, unless a newer one is shown already."""
        if self.report is not None and report.revision < self.report.revision:
            return
        first = self.report is None
        self.report = report
        self._show_report(report)
        if first:
            # The models' validators (not needed to show the plan) are built before the first
            # edit needs them; the other tabs' panes are mounted one by one while the user
            # reads the first.
            self.call_after_refresh(build_validators)
            self.run_worker(self._mount_hidden(), group="mount")
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
            markup=False,
        )

    # -- export ---------------------------------------------------------------------------

    def action_export(self) -> None:
        """Open the export dialog for the plan as it is in the editor."""
        from xcplan.tui.dialogs.export import ExportDialog

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
        self._linter = None
        self._stale.update(_REPORT_TABS)
        if self._mounted("tab-messages") is not None:
            self.messages.request_preview()
        self.schedule_lint()

    def on_brand_pane_dirty_changed(self, event: BrandPane.DirtyChanged) -> None:
        """Mark the Brand voice tab, and the header, while the brand voice has edits."""
        event.stop()
        self._brand_dirty = event.dirty
        self.tabs.get_tab("tab-brand").label = "Brand voice ●" if event.dirty else "Brand voice"
        self._show_header()

    # -- edits ----------------------------------------------------------------------------

    @on(EditPlan)
    def _edit_asked(self, event: EditPlan) -> None:
        event.stop()
        self.apply_edit(event)

    def apply_edit(self, event: EditPlan) -> None:
        """Apply the edit ``event`` asks for, and show the plan it makes (``ask_now`` calls
        it directly for what is typed; ``EditPlan`` posted to the screen comes here too)."""
        document = self.document
        revision = document.revision
        try:
            result = document.apply(event.edit, coalesce=event.coalesce)
        except EditError as error:
            if event.refused is not None:
                event.refused(error)
            else:
                self.notify(error.message, title="Not changed", severity="error", markup=False)
            return
        except (KeyError, IndexError):
            # The entity the widget showed is gone (an undo came first): nothing to edit.
            return
        if event.done is not None:
            event.done(result)
        if document.revision != revision:
            self.changed(typing=event.typing)

    def _in_brand(self, verb: str) -> bool:
        """Whether focus is on the Brand voice tab; there, undo and redo act on its fields."""
        focused = self.focused
        brand = self._mounted("tab-brand")
        if focused is None or brand is None or brand not in focused.ancestors_with_self:
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
        self.notify(f"Undone: {label}", markup=False)

    def action_redo(self) -> None:
        """Redo the last edit undone (on the Brand voice tab: in the focused text)."""
        if self._in_brand("redo"):
            return
        label = self.document.redo()
        if label is None:
            self.notify("Nothing to redo.", severity="warning")
            return
        self.changed()
        self.notify(f"Redone: {label}", markup=False)

    # -- going to a problem ---------------------------------------------------------------

    @on(JumpTo)
    def _jump(self, event: JumpTo) -> None:
        event.stop()
        self.jump(event.diagnostic)

    def jump(self, diagnostic: Diagnostic, plan: Plan | None = None) -> None:
        """Show the tab and focus the item a diagnostic names.

        ``plan`` is the plan the diagnostic was found in (by default that of the last report).
        """
        from xcplan.edit.jump import (
            CampaignPlace,
            CellPlace,
            Elsewhere,
            PersonaPlace,
            TimelinePlace,
            VariantPlace,
            place_of,
        )

        if plan is None:
            plan = self.report.plan if self.report is not None else None
        found_in = plan if plan is not None else self.document.plan
        place = place_of(diagnostic, found_in, self.document.plan)
        if isinstance(place, CampaignPlace):
            self.show_tab_then("tab-campaign", partial(self.campaign.focus_place, place.loc))
        elif isinstance(place, PersonaPlace):
            self.show_tab_then("tab-personas", partial(self.personas.select, place.index))
        elif isinstance(place, VariantPlace):
            self.show_tab_then(
                "tab-messages",
                partial(
                    self.messages.choose_touchpoint, place.touchpoint, place.v_index, place.field
                ),
            )
        elif isinstance(place, TimelinePlace):
            self.show_tab_then("tab-timeline", partial(self.timeline.go_to, place))
        elif isinstance(place, CellPlace):
            if place.note:
                self.notify(place.note, markup=False)
            self.show_tab_then("tab-journey", partial(self._focus_cell, place))
        elif isinstance(place, Elsewhere):
            self.notify(
                f"`{place.where}` is not edited in these tabs: change it in the file.",
                severity="warning",
                markup=False,
            )

    def _focus_cell(self, place: CellPlace) -> None:
        if place.persona is not None:
            self.journey.choose_persona(place.persona)
        self.journey.focus_cell(place.stage, place.channel)

    def show_touchpoint(self, touchpoint_id: str) -> None:
        """Show a touchpoint on the Messages tab (the palette's "jump to touchpoint")."""
        self.show_tab_then("tab-messages", partial(self.messages.choose_touchpoint, touchpoint_id))

    def on_timeline_pane_open_touchpoint(self, event: TimelinePane.OpenTouchpoint) -> None:
        """Show a touchpoint of the walk on the Messages tab, to edit its copy."""
        event.stop()
        self.show_touchpoint(event.touchpoint_id)

    def on_journey_pane_open_cell(self, event: JourneyPane.OpenCell) -> None:
        """Show a journey cell's touchpoints on the Messages tab (or add one there)."""
        event.stop()
        self.show_tab_then("tab-messages", partial(self.messages.open_cell, event.cell))

    def show_tab_then(self, tab: str, then: Callable[[], object]) -> None:
        """Show ``tab``, then call ``then`` once its pane is up to date and displayed."""
        if self.tabs.active == tab:
            self._when_shown(tab, then)
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
            brand = self._brand()
            if self._brand_dirty and not self.document.dirty:
                # Only the brand voice changed: the plan file is left as it is.
                return brand is not None and await brand.save().wait() is True
            saved = await self._save()
            if saved and self._brand_dirty and brand is not None:
                saved = await brand.save().wait() is True
            return saved
        finally:
            self._saving = False
            self._show_header()

    def _brand(self) -> BrandPane | None:
        """The Brand voice tab's pane, when it has been shown (it cannot have edits else)."""
        return self.brand if self._mounted("tab-brand") is not None else None

    async def _save(self) -> bool:
        from xcplan.tui.dialogs.saving import (
            ask,
            comments_question,
            overwrite_question,
            read_only_question,
        )

        document = self.document
        name = document.path.name
        if document.changed_on_disk():
            exists = document.path.exists()
            what = "changed on disk" if exists else "was deleted"
            why = (
                "Someone (or a `git pull`) changed the file after xcplan loaded it."
                if exists
                else "The file is gone from disk; saving writes it again."
            )
            question = overwrite_question(
                f"{name} {what} since you opened it",
                [why, "Saving writes your version over it; their changes would be lost."],
            )
            if not await ask(self.app, question, "overwrite", "Not saved."):
                return False
        comments = document.comment_lines()
        if comments:
            question = comments_question(
                f"{name} has YAML comments",
                comments,
                "xcplan writes the canonical form, which keeps no comments",
                "To keep a note, put it in a `notes:` field of the campaign, a persona, a "
                "channel, a stage or a touchpoint.",
            )
            if not await ask(self.app, question, "save", "Not saved."):
                return False
        replace_read_only = False
        if is_read_only(document.path):
            answer = await self.app.push_screen_wait(
                read_only_question(document.path, save_as=True)
            )
            if answer == "save_as":
                return await self._save_as()
            if answer != "anyway":
                self.notify("Not saved.", severity="warning")
                return False
            replace_read_only = True
        try:
            document.save(replace_read_only=replace_read_only)
        except OSError as error:
            self.notify(
                f"{document.path}: {error.strerror or error}. The file on disk is unchanged.",
                title="Not saved",
                severity="error",
                markup=False,
            )
            return False
        self.recovery.forget()
        self._show_header()
        self.notify(f"Saved {name}.", markup=False)
        return True

    async def _save_as(self) -> bool:
        """Ask for another file in the plan's folder, save the plan there and edit it there."""
        from xcplan.tui.dialogs.file_name import FileNameDialog

        document = self.document
        path = await self.app.push_screen_wait(
            FileNameDialog(document.path.parent, title="Save the plan as", action="Save")
        )
        if path is None:
            self.notify("Not saved.", severity="warning")
            return False
        try:
            document.save_as(path)
        except OSError as error:
            self.notify(
                f"{path}: {error.strerror or error}. Nothing was written.",
                title="Not saved",
                severity="error",
            )
            return False
        self.recovery.moved()
        self._linter = None  # the plan's file is another one: so are the paths it reports
        self._show_header()
        self.notify(f"Saved as {path.name}; the planner edits it from now on.")
        self.schedule_lint()
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
            self.recovery.forget()
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
        from xcplan.tui.dialogs.question import Choice, QuestionDialog

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
