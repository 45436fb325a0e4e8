"""``xcplan fmt``: rewrite plans in canonical form, or check or show what would change."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

from xcplan.cli.files import plan_files, read_input, save
from xcplan.cli.output import Printer, err
from xcplan.cli.validate import format_text
from xcplan.errors import ExitCode, OutputError
from xcplan.io.canonical import dump_plan
from xcplan.lint.diagnostics import Severity
from xcplan.lint.engine import check_bytes


def _diff(path: Path, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"{path} (before)",
        tofile=f"{path} (canonical)",
    )
    return "".join(lines)


def run(paths: list[Path], check: bool, diff: bool, *, plans_only: bool = False) -> int:
    """Format the plans under ``paths``; return the exit code.

    With ``plans_only``, files named that are not plans are skipped (see ``plan_files``).

    Exit 1 when a plan cannot be read as a plan (its errors are printed), or with ``--check`` or
    ``--diff`` when a file is not in canonical form. ``--check`` and ``--diff`` write nothing.
    """
    notes = err()
    out = Printer(sys.stdout)
    changed = unchanged = broken = 0
    for path, raw in plan_files(paths, plans_only=plans_only):
        result = check_bytes(raw, str(path))
        if result.plan is None:
            broken += 1
            for diagnostic in result.diagnostics:
                if diagnostic.severity is Severity.ERROR:
                    notes.line(format_text(diagnostic, notes))
            notes.line(f"{path}: not formatted: the plan does not load")
            continue
        before = raw.decode("utf-8", "replace").removeprefix("\ufeff")
        after = dump_plan(result.plan)
        if raw == after.encode("utf-8"):
            unchanged += 1
            continue
        changed += 1
        if diff:
            out.data(_diff(path, before.replace("\r\n", "\n"), after))
        if check and not diff:
            notes.line(f"would reformat {path}")
        if not check and not diff:
            if read_input(path) != raw:
                raise OutputError(f"{path}: changed while it was being formatted; not written")
            save(path, after, what="formatted")
            notes.line(f"reformatted {path}")
    verb = "would be reformatted" if check or diff else "reformatted"
    parts = []
    if changed:
        parts.append(f"{changed} file{'s' if changed != 1 else ''} {verb}")
    if unchanged:
        parts.append(f"{unchanged} file{'s' if unchanged != 1 else ''} already canonical")
    if broken:
        parts.append(f"{broken} file{'s' if broken != 1 else ''} not formatted")
    notes.line(", ".join(parts) + "." if parts else "No plan files found.")
    if broken or ((check or diff) and changed):
        return ExitCode.FINDINGS
    return ExitCode.OK
