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
from xcplan.edit.preview import touchpoint_preview
from xcplan.errors import ExitCode, InputError
from xcplan.lint.context import LintContext
from xcplan.lint.engine import check_bytes
from xcplan.lint.suggest import did_you_mean
from xcplan.render.hidden import terminal_safe
from xcplan.richtext import findings, preview_table


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
        preview = touchpoint_preview(ctx, t_index, result.diagnostics, persona_id)
        parts: list[Table | Text] = []
        for group in preview.variants:
            parts.extend(preview_table(one) for one in group.previews)
            if group.findings:
                parts.append(findings(group.findings))
        if preview.findings:
            parts.append(findings(preview.findings))
        kind = preview.kind or "unknown"
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
