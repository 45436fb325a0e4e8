"""``xcplan preview``: every variant rendered for every persona it reaches, with its counters
and findings."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from xcplan.cli.files import ConfigResolver, read_input
from xcplan.cli.output import err
from xcplan.cli.validate import format_text
from xcplan.errors import ExitCode, InputError
from xcplan.lint.context import LintContext
from xcplan.lint.diagnostics import Diagnostic
from xcplan.lint.engine import check_bytes
from xcplan.lint.suggest import did_you_mean
from xcplan.model.kinds import CONTENT_FIELDS
from xcplan.model.plan import Plan, Touchpoint
from xcplan.render.hidden import terminal_safe
from xcplan.render.limits import ChannelLimits
from xcplan.render.preview import Rendering, persona_locale, variant_locale
from xcplan.richtext import counter, findings, shown


def _rendering_table(
    rendering: Rendering, plan: Plan, touchpoint: Touchpoint, v_index: int, limits: ChannelLimits
) -> Table:
    variant = touchpoint.variants[v_index]
    persona = next(p for p in plan.personas if p.id == rendering.persona)
    table = Table(
        title=Text.assemble(
            (f"variant {variant.id}", "bold"),
            f" · {variant_locale(plan, variant)} → ",
            (terminal_safe(persona.name, one_line=True), "bold"),
            f" ({persona.id}, {persona_locale(plan, persona)})",
        ),
        title_justify="left",
        show_header=False,
        expand=True,
        padding=(0, 1),
    )
    table.add_column("field", style="bold cyan", no_wrap=True)
    table.add_column("text", ratio=1, overflow="fold")
    table.add_column("measure", no_wrap=True, justify="right")
    for name in CONTENT_FIELDS:
        if getattr(variant, name) is None:
            continue
        measured = rendering.fields.get(name)
        if measured is not None:
            table.add_row(name, shown(measured), counter(measured, name, limits))
        elif name in rendering.missing:
            missing = ", ".join(rendering.missing[name])
            table.add_row(name, Text(f"cannot render: undefined {missing}", "red"), "")
        elif name in rendering.errors:
            error = terminal_safe(rendering.errors[name])
            table.add_row(name, Text(f"cannot render: {error}", "red"), "")
        else:
            table.add_row(name, Text("not rendered: the template has errors", "red"), "")
    if limits.payload_max_bytes is not None:
        over = rendering.payload_bytes > limits.payload_max_bytes
        table.add_row(
            "payload",
            Text("title + body + url, UTF-8", "dim"),
            Text(
                f"{rendering.payload_bytes:,} / {limits.payload_max_bytes:,} bytes",
                style="bold red" if over else "green",
            ),
        )
    return table


def _belongs(diagnostic: Diagnostic, prefix: tuple[str | int, ...]) -> bool:
    return diagnostic.loc[: len(prefix)] == prefix


def run(path: Path, touchpoint_id: str | None, persona_id: str | None) -> int:
    """Render and print the variants of a plan; return the exit code."""
    raw = read_input(path)
    config = ConfigResolver(None).config_for(path)
    result = check_bytes(raw, str(path), config)
    plan = result.plan
    if plan is None:
        notes = err()
        for diagnostic in result.diagnostics:
            notes.line(format_text(diagnostic, notes))
        notes.line(f"{path}: cannot preview: the plan does not load")
        return ExitCode.FINDINGS
    touchpoint_ids = [t.id for t in plan.touchpoints]
    if touchpoint_id is not None and touchpoint_id not in touchpoint_ids:
        hint = did_you_mean(touchpoint_id, touchpoint_ids)
        raise InputError(f"no touchpoint `{touchpoint_id}` in {path}{hint}")
    persona_ids = [p.id for p in plan.personas]
    if persona_id is not None and persona_id not in persona_ids:
        raise InputError(
            f"no persona `{persona_id}` in {path}{did_you_mean(persona_id, persona_ids)}"
        )

    console = Console(highlight=False)
    ctx = LintContext(plan, config)
    shown = 0
    for t_index, touchpoint in enumerate(plan.touchpoints):
        if touchpoint_id is not None and touchpoint.id != touchpoint_id:
            continue
        if persona_id is not None and persona_id not in touchpoint.personas:
            continue
        kind = ctx.kind_of(touchpoint) or "unknown"
        limits = ctx.limits(kind)
        parts: list[Table | Text] = []
        for v_index in range(len(touchpoint.variants)):
            for rendering in ctx.renderings(t_index, v_index):
                if persona_id is None or rendering.persona == persona_id:
                    parts.append(_rendering_table(rendering, plan, touchpoint, v_index, limits))
            found = [
                d
                for d in result.diagnostics
                if _belongs(d, ("touchpoints", t_index, "variants", v_index))
            ]
            if found:
                parts.append(findings(found))
        own = [
            d
            for d in result.diagnostics
            if _belongs(d, ("touchpoints", t_index))
            and not _belongs(d, ("touchpoints", t_index, "variants"))
        ]
        if own:
            parts.append(findings(own))
        channel = (
            touchpoint.channel if touchpoint.channel == kind else f"{touchpoint.channel} ({kind})"
        )
        title = Text.assemble(
            (terminal_safe(touchpoint.name or touchpoint.id, one_line=True), "bold"),
            f"  {touchpoint.id} · {channel} · {touchpoint.stage} · ",
            ", ".join(touchpoint.personas),
        )

        console.print(Panel(Group(*parts), title=title, title_align="left"))
        shown += 1
    if not shown:
        Console(stderr=True).print("No touchpoint matches.", markup=False)
    sys.stdout.flush()
    return ExitCode.OK
