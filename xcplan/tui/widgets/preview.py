"""The live preview beside the message editor: one variant rendered for one persona.

Every content field is rendered with the persona's data and measured against the channel's
limits; an SMS body shows its encoding and segments, with the characters that forced UCS-2
highlighted and a mark where each further segment starts. With it come the findings of this
variant (``lint_variant``: templates, channel limits and brand voice for every persona it
reaches) and the touchpoint's other problems from the last lint of the whole plan; they come
first, above the rendered copy, so that they are in view however long the copy is.

The preview is cheap (well under a millisecond of linting for a variant), so it is rebuilt on
every edit; ``MessagesPane`` coalesces bursts of keystrokes into one rebuild.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Select, Static

from xcplan.lint.context import LintContext
from xcplan.lint.diagnostics import Diagnostic
from xcplan.lint.engine import lint_variant
from xcplan.model.config import Config
from xcplan.model.kinds import CONTENT_FIELDS
from xcplan.model.plan import Persona, Plan
from xcplan.render.limits import ChannelLimits
from xcplan.render.preview import (
    Rendering,
    persona_locale,
    render_variant,
    variant_locale,
)
from xcplan.richtext import counter, findings, shown, visible

FIELD_LABELS: Final = {
    "subject": "Subject",
    "preheader": "Preheader",
    "title": "Title",
    "headline": "Headline",
    "body": "Body",
    "cta": "CTA",
    "url": "URL",
}
"""How the content fields are named for people, in the preview and the editor."""


def _field_table(rendering: Rendering, fields: Sequence[str], limits: ChannelLimits) -> Table:
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column("field", style="bold", no_wrap=True, width=9)
    table.add_column("text", ratio=1, overflow="fold")
    for name in fields:
        label = FIELD_LABELS.get(name, name)
        measured = rendering.fields.get(name)
        if measured is not None:
            table.add_row(label, counter(measured, name, limits))
            table.add_row("", shown(measured))
            sms = measured.sms
            if sms is not None and sms.encoding == "UCS-2" and sms.non_gsm:
                culprits = " ".join(sms.non_gsm)
                hint = f"UCS-2 because of: {culprits}"
                if sms.lookalikes and len(sms.lookalikes) == len(sms.non_gsm):
                    swaps = ", ".join(f"{a}→{b}" for a, b in sms.lookalikes)
                    hint += f" (GSM-7 with {swaps})"
                table.add_row("", Text(hint, style="magenta"))
        elif name in rendering.missing:
            missing = ", ".join(rendering.missing[name])
            table.add_row(label, Text(f"cannot render: undefined {missing}", style="bold red"))
        elif name in rendering.errors:
            table.add_row(label, Text(f"cannot render: {rendering.errors[name]}", style="bold red"))
        else:
            table.add_row(label, Text("not rendered: the template has errors", style="bold red"))
    if limits.payload_max_bytes is not None:
        over = rendering.payload_bytes > limits.payload_max_bytes
        table.add_row(
            "Payload",
            Text(
                f"{rendering.payload_bytes:,} / {limits.payload_max_bytes:,} bytes "
                "(title + body + url)",
                style="bold red" if over else "green",
            ),
        )
    return table


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
        self.renderings: list[Rendering] = []
        self._options: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        """Build the persona picker, the findings (first, so they are always in view), and
        the rendered fields."""
        with Horizontal(id="preview-top"):
            yield Static("Preview for", classes="field-label")
            yield Select[str]([], id="preview-persona", compact=True, allow_blank=True)
        yield Static("", id="preview-meta")
        yield Static("", id="preview-findings")
        yield Static("", id="preview-touchpoint")
        yield Static("", id="preview-fields")

    def clear(self, message: str) -> None:
        """Show ``message`` instead of a preview."""
        self.diagnostics = []
        self.renderings = []
        self.query_one("#preview-meta", Static).update(Text(message, style="italic"))
        for name in ("#preview-fields", "#preview-findings", "#preview-touchpoint"):
            self.query_one(name, Static).update("")

    def _choose_options(self, personas: list[Persona]) -> None:
        picker = self.query_one("#preview-persona", Select)
        options = [(p.name, p.id) for p in personas]
        if options != self._options:
            self._options = options
            with picker.prevent(Select.Changed):
                picker.set_options(options)
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
        variant = touchpoint.variants[v_index]
        by_id = {p.id: p for p in plan.personas}
        targeted = [by_id[p] for p in dict.fromkeys(touchpoint.personas) if p in by_id]
        if not targeted:
            self.clear(
                "This touchpoint targets no persona of the plan: choose one in its settings."
            )
            return
        if self.persona_id not in {p.id for p in targeted}:
            self.persona_id = targeted[0].id
        self._choose_options(targeted)
        persona = by_id[self.persona_id or targeted[0].id]
        ctx = LintContext(plan, config)
        self.diagnostics = lint_variant(plan, config, t_index, v_index, ctx=ctx)
        self.renderings = ctx.renderings(t_index, v_index)
        channel = ctx.channel(touchpoint.channel)
        kind = channel.kind if channel is not None else ""
        rendering = next((r for r in self.renderings if r.persona == persona.id), None)
        meta = Text.assemble(
            (f"Variant {variant.id}", "bold"),
            f" · {variant_locale(plan, variant)} → ",
            (persona.name, "bold"),
            f" ({persona_locale(plan, persona)})",
        )
        if rendering is None:
            # The variant is in a language this persona does not read: show it anyway.
            rendering = render_variant(
                variant, persona.id, kind, ctx.template_context(persona, kind)
            )
            meta.append(
                f"\n{persona.name} reads {persona_locale(plan, persona)}: another variant "
                "reaches them; shown for reference.",
                style="italic",
            )
        if channel is None:
            meta.append(f"\nChannel `{touchpoint.channel}` is not in the plan.", style="bold red")
        self.query_one("#preview-meta", Static).update(meta)
        fields = [name for name in CONTENT_FIELDS if getattr(variant, name) is not None]
        if fields and kind:
            self.query_one("#preview-fields", Static).update(
                _field_table(rendering, fields, ctx.limits(kind))
            )
        else:
            self.query_one("#preview-fields", Static).update(
                Text("No copy yet: write it on the left.", style="italic")
            )
        own = (
            Text.assemble(("Findings", "bold"), "\n", findings(self.diagnostics, places=False))
            if self.diagnostics
            else Text("✓ No findings for this variant.", style="green")
        )
        self.query_one("#preview-findings", Static).update(own)
        touchpoint_box = self.query_one("#preview-touchpoint", Static)
        touchpoint_box.display = bool(others)
        if others:
            touchpoint_box.update(
                Text.assemble(("Touchpoint", "bold"), "\n", findings(others, places=False))
            )

    @on(Select.Changed, "#preview-persona")
    def _persona_chosen(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str) and event.value != self.persona_id:
            self.persona_id = event.value
            self.post_message(self.PersonaChosen(event.value))


def safe_label(text: str) -> Text:
    """Return a label for a tree or heading: one line, controls shown as marks."""
    return visible(" ".join(text.split()))
