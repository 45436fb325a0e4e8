"""The Messages tab: touchpoints by persona, stage and channel; the editor; the preview.

On the left, the tree of the plan's touchpoints (``touchpoint_tree``). In the middle, the
editor of the chosen touchpoint (``variant_editor``). On the right, the live preview for a
chosen persona (``preview``). This pane puts them together: it says which touchpoint and
variant the editor and the preview show, and holds the actions on touchpoints and variants.

Every keystroke asks for an edit at once (one undo step per field) and refreshes the preview;
bursts of keystrokes are coalesced into one refresh, and the whole plan is linted in the
background after a pause (``PlanScreen``), so typing never waits for the linter.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Final

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Tree

from xcplan.edit.change import Edit
from xcplan.edit.document import Document
from xcplan.edit.entities import EditError, FieldErrors
from xcplan.edit.forms import touchpoint_fields
from xcplan.edit.journey import Cell
from xcplan.edit.report import LintReport
from xcplan.edit.touchpoints import (
    add_touchpoint,
    add_variant,
    check_settings,
    delete_touchpoint,
    new_touchpoint_data,
    remove_variant,
    update_touchpoint,
)
from xcplan.lint.diagnostics import Diagnostic, Severity
from xcplan.model.plan import Plan, Touchpoint, Variant
from xcplan.tui.dialogs.form import EntityForm
from xcplan.tui.dialogs.question import confirm
from xcplan.tui.messages import EditPlan
from xcplan.tui.widgets.preview import PreviewPane
from xcplan.tui.widgets.touchpoint_tree import Node, TouchpointTree
from xcplan.tui.widgets.variant_editor import FIELD_NAMES, TouchpointEditor, VariantShown

_LIVE_CODES: Final = re.compile(r"XC[456]\d\d")
"""Codes the preview finds live for the variant; the touchpoint's others come from the plan."""
NARROW_BELOW: Final = 108
"""Widths (in columns, of the Messages tab) under which the preview goes under the editor."""


class MessagesPane(Horizontal):
    """The touchpoint tree, the editor of the chosen touchpoint, and its live preview."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "a",
            "add_touchpoint",
            "+Touchpoint",
            id="messages.add_touchpoint",
            tooltip="Add a touchpoint to the chosen cell (its stage and channel)",
        ),
        Binding(
            "e",
            "edit_touchpoint",
            "Settings",
            show=False,
            id="messages.edit_touchpoint",
            tooltip="Edit the touchpoint's name, personas, trigger, after, delay and exit_on",
        ),
        Binding(
            "v",
            "add_variant",
            "+Variant",
            id="messages.add_variant",
            tooltip="Add a variant: a copy of the one shown, to change for an A/B test",
        ),
        Binding(
            "V",
            "remove_variant",
            "−Variant",
            show=False,
            id="messages.remove_variant",
            tooltip="Remove the variant shown (asks first)",
        ),
        Binding(
            "delete",
            "delete_touchpoint",
            "Delete",
            show=False,
            id="messages.delete_touchpoint",
            tooltip="Delete the chosen touchpoint and its variants (asks first)",
        ),
        Binding(
            "]",
            "variant(1)",
            "Next variant",
            show=False,
            id="messages.next_variant",
            tooltip="Show the next variant",
        ),
        Binding(
            "[",
            "variant(-1)",
            "Previous variant",
            show=False,
            id="messages.previous_variant",
            tooltip="Show the previous variant",
        ),
        Binding(
            "p",
            "next_persona",
            "Preview persona",
            show=False,
            id="messages.preview_persona",
            tooltip="Preview for the next persona the touchpoint targets",
        ),
    ]

    def __init__(self, document: Document, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document = document
        self.report: LintReport | None = None
        self.cell: Cell | None = None
        """The cell of the tree row chosen last (where ``a`` adds a touchpoint)."""
        self.preview_revision = -1
        """The document revision the preview shows (-1 before the first)."""
        self._preview_pending = False
        self._shown_plan: Plan | None = None
        self.editor = TouchpointEditor(document, id="messages-editor")
        """The editor of the chosen touchpoint."""
        self.preview = PreviewPane(id="messages-preview")
        """The preview pane."""
        self.touchpoint_tree = TouchpointTree(id="messages-tree")
        """The tree of touchpoints."""

    def compose(self) -> ComposeResult:
        """Build the tree, the editor and the preview."""
        yield self.touchpoint_tree
        with Horizontal(id="messages-right"):
            yield self.editor
            yield self.preview

    def on_resize(self, event: events.Resize) -> None:
        """Under 108 columns, the preview goes under the editor (class ``-narrow``).

        The class is set here rather than by screen breakpoints, which would restyle every
        widget of the screen when the app starts.
        """
        self.set_class(event.size.width < NARROW_BELOW, "-narrow")

    # -- attributes down ------------------------------------------------------------------

    def show(self, plan: Plan, report: LintReport | None = None) -> None:
        """Show ``plan``: the tree when its shape changed, the editor, then the preview."""
        if report is not None:
            self.report = report
        self.touchpoint_tree.show(plan, self._marks(plan))
        editor = self.editor
        if editor.touchpoint_id is None or editor.current() is None:
            first = next(iter(self.touchpoint_tree.touchpoint_nodes), None)
            editor.load(first[1] if first is not None else None)
        elif plan is not self._shown_plan:
            # Only what changed is drawn again: a text the writer is typing stays as typed.
            editor.refresh_fields()
        self._shown_plan = plan
        # At once, not soon: an edit typed in the editor is shown with its preview.
        self._refresh_preview()

    def _marks(self, plan: Plan) -> dict[int, Severity]:
        """Return the worst error or warning of each touchpoint, by position."""
        marks: dict[int, Severity] = {}
        report = self.report
        if report is None or report.plan is not plan:
            return marks
        for diagnostic in report.diagnostics:
            loc = diagnostic.loc
            if diagnostic.severity is Severity.INFO or len(loc) < 2:
                continue
            if loc[0] != "touchpoints" or not isinstance(loc[1], int):
                continue
            known = marks.get(loc[1])
            if known is None or diagnostic.severity.rank < known.rank:
                marks[loc[1]] = diagnostic.severity
        return marks

    def request_preview(self) -> None:
        """Refresh the preview soon: once for a burst of edits."""
        if self._preview_pending:
            return
        self._preview_pending = True
        self.call_later(self._refresh_preview)

    def _refresh_preview(self) -> None:
        self._preview_pending = False
        document = self.document
        found = self.editor.current()
        if found is None:
            self.preview.clear("No touchpoint chosen.")
            self.preview_revision = document.revision
            return
        t_index, touchpoint = found
        others: list[Diagnostic] = []
        report = self.report
        if report is not None and report.plan is not None:
            ids = [t.id for t in report.plan.touchpoints]
            if touchpoint.id in ids:
                old = ids.index(touchpoint.id)
                others = [
                    d
                    for d in report.diagnostics
                    if len(d.loc) >= 2
                    and d.loc[0] == "touchpoints"
                    and d.loc[1] == old
                    and not _LIVE_CODES.fullmatch(d.code)
                ]
        v_index = min(self.editor.v_index, len(touchpoint.variants) - 1)
        self.preview.show(document.plan, document.config, t_index, v_index, others)
        self.preview_revision = document.revision

    # -- choosing -------------------------------------------------------------------------

    @on(Tree.NodeHighlighted, "#messages-tree")
    def _highlighted(self, event: Tree.NodeHighlighted[Node]) -> None:
        event.stop()
        data = event.node.data
        if data is None:
            return
        if data.kind in ("cell", "touchpoint"):
            self.cell = (data.persona, data.stage, data.channel)
        if data.kind == "touchpoint":
            self.preview.persona_id = data.persona
            if data.touchpoint != self.editor.touchpoint_id:
                self.editor.load(data.touchpoint)
            self.request_preview()

    @on(Tree.NodeSelected, "#messages-tree")
    def _selected(self, event: Tree.NodeSelected[Node]) -> None:
        event.stop()
        data = event.node.data
        if data is None:
            return
        if data.kind == "touchpoint":
            self.editor.load(data.touchpoint)
            self.focus_field()
        elif data.kind == "cell" and not event.node.children:
            self.cell = (data.persona, data.stage, data.channel)
            self.action_add_touchpoint()

    @on(VariantShown)
    def _variant_shown(self, event: VariantShown) -> None:
        event.stop()
        self.request_preview()

    @on(PreviewPane.PersonaChosen)
    def _persona_chosen(self, event: PreviewPane.PersonaChosen) -> None:
        event.stop()
        self.request_preview()

    def focus_field(self, name: str | None = None) -> None:
        """Focus a field of the variant shown (the body, or the first field, by default)."""
        editor = self.editor
        candidates = [name] if name else ["body", "subject", "title", "headline"]
        for candidate in candidates:
            if candidate not in FIELD_NAMES:
                continue
            row = editor.query_one(f"#vrow-{candidate}")
            if row.display:
                widget = editor.query_one(f"#v-{candidate}")
                widget.focus()
                widget.scroll_visible(animate=False)
                return
        editor.query_one("#v-id").focus()

    def choose_touchpoint(
        self, touchpoint_id: str, v_index: int | None = None, field: str | None = None
    ) -> bool:
        """Show touchpoint ``touchpoint_id`` (and variant, and field); False when absent."""
        plan = self.document.plan
        touchpoint = next((t for t in plan.touchpoints if t.id == touchpoint_id), None)
        if touchpoint is None:
            return False
        tree = self.touchpoint_tree
        persona = self.preview.persona_id
        if persona not in touchpoint.personas:
            persona = touchpoint.personas[0]
        node = tree.touchpoint_nodes.get((persona, touchpoint_id))
        if node is not None:
            tree.go_to(node)
        self.preview.persona_id = persona
        self.cell = (persona, touchpoint.stage, touchpoint.channel)
        self.editor.load(touchpoint_id, v_index)
        self.request_preview()
        if field is not None or v_index is not None:
            self.focus_field(field)
        else:
            tree.focus()
        return True

    def open_cell(self, cell: Cell) -> None:
        """Show the first touchpoint of a journey cell, or offer to add one when it has none."""
        persona_id, stage_id, channel_id = cell
        self.cell = cell
        for touchpoint in self.document.plan.touchpoints:
            if (
                persona_id in touchpoint.personas
                and touchpoint.stage == stage_id
                and touchpoint.channel == channel_id
            ):
                self.preview.persona_id = persona_id
                self.choose_touchpoint(touchpoint.id)
                return
        node = self.touchpoint_tree.cell_nodes.get(cell)
        if node is not None:
            self.touchpoint_tree.go_to(node)
        self.action_add_touchpoint()

    # -- actions --------------------------------------------------------------------------

    def _cell_for_new(self) -> Cell | None:
        if self.cell is not None:
            return self.cell
        plan = self.document.plan
        for persona_id, row in plan.map.items():
            for stage_id, cells in row.items():
                if cells:
                    return (persona_id, stage_id, cells[0])
        if plan.personas and plan.channels:
            return (plan.personas[0].id, plan.journey()[0].id, plan.channels[0].id)
        return None

    def _chosen(self) -> Touchpoint | None:
        """Return the touchpoint the editor shows; say so when there is none."""
        found = self.editor.current()
        if found is None:
            self.notify("Choose a touchpoint first.", severity="warning")
            return None
        return found[1]

    def action_add_touchpoint(self) -> None:
        """Add a touchpoint to the chosen cell, in a form prefilled for it."""
        cell = self._cell_for_new()
        if cell is None:
            self.notify("Add a persona and a channel first.", severity="warning")
            return
        data = new_touchpoint_data(self.document.plan, *cell)
        self._touchpoint_form("Add a touchpoint", data, None)

    def action_edit_touchpoint(self) -> None:
        """Edit the chosen touchpoint's settings in a form."""
        touchpoint = self._chosen()
        if touchpoint is not None:
            data = touchpoint.model_dump(exclude_defaults=True)
            self._touchpoint_form(f"Touchpoint {touchpoint.id}", data, touchpoint.id)

    def _touchpoint_form(self, title: str, data: dict[str, Any], old_id: str | None) -> None:
        plan = self.document.plan

        def validate(values: dict[str, Any]) -> FieldErrors:
            return check_settings(self.document.plan, values, old_id)[1]

        def edit(now: Plan, values: dict[str, Any]) -> Edit[Touchpoint]:
            if old_id is None:
                return add_touchpoint(now, values)
            return update_touchpoint(now, old_id, values)

        def saved(made: Touchpoint) -> None:
            self.call_after_refresh(self.choose_touchpoint, made.id, 0, None)

        def refused(error: EditError) -> None:
            self.notify(error.message, title="Not saved", severity="error", markup=False)

        def done(result: dict[str, Any] | None) -> None:
            if result is not None:
                self.post_message(
                    EditPlan(lambda now: edit(now, result), done=saved, refused=refused)
                )

        fields = touchpoint_fields(plan, old_id)
        submit = "Add" if old_id is None else "Save"
        self.app.push_screen(EntityForm(title, fields, data, validate, submit_label=submit), done)

    def action_delete_touchpoint(self) -> None:
        """Delete the chosen touchpoint, after saying what goes with it."""
        touchpoint = self._chosen()
        if touchpoint is None:
            return
        touchpoint_id = touchpoint.id
        impact = delete_touchpoint(self.document.plan, touchpoint_id).result
        variants = len(touchpoint.variants)

        def done(answer: str | None) -> None:
            if answer == "yes":
                self.post_message(
                    EditPlan(
                        lambda plan: delete_touchpoint(plan, touchpoint_id),
                        done=lambda _: self.editor.load(None),
                    )
                )

        lines = [f"Its {variants} variant{'s' if variants != 1 else ''} go with it."]
        lines += [line for line in impact.lines() if not line.startswith("1 touchpoint will")]
        self.app.push_screen(confirm(f"Delete {impact.what}?", lines, "Delete", tone="error"), done)

    def action_add_variant(self) -> None:
        """Add a variant, a copy of the one shown."""
        touchpoint = self._chosen()
        if touchpoint is None:
            return
        editor = self.editor
        touchpoint_id, copy_of = touchpoint.id, editor.v_index

        def added(variant: Variant) -> None:
            editor.load(touchpoint_id, len(touchpoint.variants))
            note = " with weight 0: share the split again" if variant.weight is not None else ""
            self.notify(f"Added variant {variant.id}, a copy of the one shown{note}.")

        self.post_message(
            EditPlan(lambda plan: add_variant(plan, touchpoint_id, copy_of), done=added)
        )

    def action_remove_variant(self) -> None:
        """Remove the variant shown, after asking."""
        touchpoint = self._chosen()
        if touchpoint is None:
            return
        if len(touchpoint.variants) == 1:
            self.notify(
                "A touchpoint needs at least one variant: add another first.", severity="warning"
            )
            return
        editor = self.editor
        touchpoint_id, v_index = touchpoint.id, editor.v_index
        variant = touchpoint.variants[v_index]

        def done(answer: str | None) -> None:
            if answer == "yes":
                self.post_message(
                    EditPlan(
                        lambda plan: remove_variant(plan, touchpoint_id, v_index),
                        done=lambda _: editor.load(touchpoint_id, max(0, v_index - 1)),
                    )
                )

        lines = ["Its copy goes with it. Undo (ctrl+z) brings it back."]
        if variant.weight is not None:
            lines.append(f"Its weight ({variant.weight:g}) is left to share out again.")
        title = f"Remove variant {variant.id} of {touchpoint_id}?"
        self.app.push_screen(confirm(title, lines, "Remove", tone="error"), done)

    def action_variant(self, delta: int) -> None:
        """Show the next (1) or previous (-1) variant."""
        found = self.editor.current()
        if found is None:
            return
        count = len(found[1].variants)
        self.editor.load(self.editor.touchpoint_id, (self.editor.v_index + delta) % count)
        self.request_preview()

    def action_next_persona(self) -> None:
        """Preview for the next persona the touchpoint targets."""
        found = self.editor.current()
        if found is None:
            return
        personas = list(dict.fromkeys(found[1].personas))
        current = self.preview.persona_id
        index = personas.index(current) if current in personas else -1
        self.preview.persona_id = personas[(index + 1) % len(personas)]
        self.request_preview()

    @on(Button.Pressed, "#tp-settings")
    def _settings_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_edit_touchpoint()

    @on(Button.Pressed, "#tp-add-variant")
    def _add_variant_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_add_variant()

    @on(Button.Pressed, "#tp-remove-variant")
    def _remove_variant_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_remove_variant()

    @on(Button.Pressed, "#tp-delete")
    def _delete_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_delete_touchpoint()
