"""``xcplan export``: the resolved plan for other systems (YAML, JSON), or views for people
(a Markdown brief, a CSV content matrix). Refuses a plan with errors."""

from __future__ import annotations

import sys
from pathlib import Path

from xcplan.cli.files import ConfigResolver, read_input, save
from xcplan.cli.output import Printer, err
from xcplan.cli.validate import format_text
from xcplan.errors import ExitCode
from xcplan.export import ExportFormat, export_plan
from xcplan.lint.diagnostics import Severity
from xcplan.lint.engine import check_bytes


def export_text(
    raw: bytes, source: str, resolver: ConfigResolver, path: Path, output: ExportFormat
) -> tuple[str | None, list[str]]:
    """Return the export of a plan, or None and the error lines when it has errors."""
    result = check_bytes(raw, source, resolver.config_for(path))
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    if result.plan is None or result.context is None or errors:
        notes = err()
        return None, [format_text(d, notes) for d in errors or result.diagnostics]
    return export_plan(result.context, result.diagnostics, output, source), []


def run(plan: Path, output: ExportFormat, target: Path | None, config: Path | None) -> int:
    """Export ``plan``; return the exit code (1 when the plan has errors)."""
    raw = read_input(plan)
    resolver = ConfigResolver(config)
    text, problems = export_text(raw, str(plan), resolver, plan, output)
    notes = err()
    if text is None:
        for line in problems:
            notes.line(line)
        notes.line(f"{plan}: not exported: fix the errors first (`xcplan validate {plan}`)")
        return ExitCode.FINDINGS
    if target is None:
        out = Printer(sys.stdout)
        out.data(text)
        out.stream.flush()
        return ExitCode.OK
    save(target, text)
    notes.line(f"wrote {target} ({output.value})")
    return ExitCode.OK
