"""The live preview beside the message editor: one variant rendered for one persona.

It draws the preview model of ``xcplan.edit.preview`` (the one ``xcplan preview`` prints):
every content field rendered with the persona's data and measured against the channel's limits;
an SMS body shows its encoding and segments, with the characters that forced UCS-2 highlighted
and a mark where each further segment starts. With it come the findings of this variant
(``lint_variant``: templates, channel limits and brand voice for every persona it reaches) and
the touchpoint's other problems from the last lint of the whole plan; they come first, above the
rendered copy, so that they are in view however long the copy is.

Above the fields, beside the SMS counter, the cost of the touchpoint (``xcplan.edit.cost``):
for the persona shown and in total, and what a costly character adds (XC802), from the
renderings just measured; a dim line says where prices come from when there are none.

The preview is cheap (well under a millisecond of linting for a variant), so it is rebuilt on
every edit; ``MessagesPane`` coalesces bursts of keystrokes into one rebuild, and a part whose
content did not change is not drawn again.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Select, Static

from xcplan.edit.cost import KeptSegments, LiveCost, live_cost
from xcplan.edit.preview import VariantPreview, live_preview, targeted_personas
from xcplan.lint.context import LintContext
from xcplan.lint.diagnostics import Diagnostic
from xcplan.model.config import Config
from xcplan.model.plan import Persona, Plan
from xcplan.richtext import findings, preview_grid, preview_title
from xcplan.tui.plain import plain
from xcplan.tui.widgets.cost import cost_part
from xcplan.tui.widgets.fields import Picker, update_in_place


class PreviewPane(VerticalScroll):
    """A variant rendered for a chosen persona, its measures, and its findings."""

    class PersonaChosen(Message):
        """The user chose the persona to preview for."""

        def __init__(self, persona_id: str) -> None:
            super().__init__()
            self.persona_id = persona_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, can_focus=False)
        self.persona_id: str | None = None
        self.diagnostics: list[Diagnostic] = []
        """The findings of the variant shown (for tests and the editor)."""
        self.shown: VariantPreview | None = None
        """The preview shown (None while there is none)."""
        self.cost: LiveCost | None = None
        """The cost of the touchpoint shown (None without ``[costs]``)."""
        self._kept = KeptSegments()
        self._options: list[tuple[str, str]] = []
        self._shown: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        """Build the persona picker, the findings (first, so they are always in view), and
        the rendered fields."""
        with Horizontal(id="preview-top"):
            yield Static("Preview for", classes="field-label")
            yield Picker[str]([], id="preview-persona", compact=True, allow_blank=True)
        yield Static("", id="preview-meta")
        yield Static("", id="preview-findings")
        yield Static("", id="preview-touchpoint")
        yield Static("", id="preview-cost")
        yield Static("", id="preview-fields")

    def _update(self, part: str, content: RenderableType, key: object = None) -> None:
        """Show ``content`` in ``part``, unless it shows the same already (``key`` stands for
        content that cannot be compared, such as a table)."""
        known = content if key is None else key
        if self._shown.get(part) == known:
            return
        self._shown[part] = known
        update_in_place(self.query_one(f"#{part}", Static), content)

    def clear(self, message: str) -> None:
        """Show ``message`` instead of a preview."""
        self.diagnostics = []
        self.shown = None
        self.cost = None
        self._show_cost(None)
        self._update("preview-meta", Text(message, style="italic"))
        for part in ("preview-fields", "preview-findings", "preview-touchpoint"):
            self._update(part, "")

    def _choose_options(self, personas: list[Persona]) -> None:
        picker = self.query_one("#preview-persona", Select)
        options = [(p.name, p.id) for p in personas]
        if options != self._options:
            self._options = options
            with picker.prevent(Select.Changed):
                picker.set_options([(plain(name), value) for name, value in options])
        if self.persona_id is not None and picker.value != self.persona_id:
            with picker.prevent(Select.Changed):
                picker.value = self.persona_id

    def show(
        self,
        plan: Plan,
        config: Config,
        t_index: int,
        v_index: int,
        others: Sequence[Diagnostic] = (),
    ) -> None:
        """Show variant ``v_index`` of touchpoint ``t_index`` for the chosen persona.

        ``others`` are the touchpoint's diagnostics from the last lint of the plan (the split,
        the journey), shown under the variant's own.
        """
        touchpoint = plan.touchpoints[t_index]
        ctx = LintContext(plan, config)
        preview = live_preview(plan, config, t_index, v_index, self.persona_id, ctx=ctx)
        if preview is None:
            self.clear(
                "This touchpoint targets no persona of the plan: choose one in its settings."
            )
            return
        self.persona_id = preview.persona.id
        self._choose_options(targeted_personas(plan, touchpoint))
        self.diagnostics = list(preview.findings)
        self.shown = preview
        persona = preview.persona
        meta = preview_title(preview)
        if not preview.reaches:
            meta.append("\n")
            meta.append_text(
                plain(
                    f"{persona.name} reads {preview.persona_locale}: another variant "
                    "reaches them; shown for reference.",
                    "italic",
                )
            )
        if preview.kind is None:
            meta.append(f"\nChannel `{touchpoint.channel}` is not in the plan.", style="bold red")
        self._update("preview-meta", meta)
        if preview.fields and preview.kind is not None:
            grid = preview_grid(preview)
            key = (preview.fields, preview.payload, preview.limits)
            self._update("preview-fields", grid, key)
        else:
            self._update(
                "preview-fields", Text("No copy yet: write it on the left.", style="italic")
            )
        # The touchpoint's cost, from the renderings just measured (no rendering of its own).
        self.cost = live_cost(ctx, preview, self._kept)
        self._show_cost(cost_part(self.cost, config.costs is not None))
        own = (
            Text.assemble(("Findings", "bold"), "\n", findings(preview.findings, places=False))
            if preview.findings
            else Text("✓ No findings for this variant.", style="green")
        )
        self._update("preview-findings", own)
        box = self.query_one("#preview-touchpoint", Static)
        box.display = bool(others)
        if others:
            self._update(
                "preview-touchpoint",
                Text.assemble(("Touchpoint", "bold"), "\n", findings(others, places=False)),
            )

    def _show_cost(self, part: tuple[RenderableType, object] | None) -> None:
        box = self.query_one("#preview-cost", Static)
        if box.display != (part is not None):
            box.display = part is not None
        if part is not None:
            self._update("preview-cost", *part)

    @on(Select.Changed, "#preview-persona")
    def _persona_chosen(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str) and event.value != self.persona_id:
            self.persona_id = event.value
            self.post_message(self.PersonaChosen(event.value))
