"""``xcplan templates``: list the campaign templates that ``xcplan new`` can start from."""

from __future__ import annotations

import sys

from xcplan.cli.output import Printer, err
from xcplan.errors import ExitCode, InputError
from xcplan.io.templates import list_templates, templates_dir

HEADER: tuple[str, str] = ("TEMPLATE", "DESCRIPTION")


def run() -> int:
    """Print each template's name and one-line description, under a header; return 0."""
    found = list_templates()
    if not found:
        raise InputError(f"no campaign templates found in {templates_dir()}")
    width = max(len(HEADER[0]), *(len(template.name) for template in found))
    out = Printer(sys.stdout)
    out.line(out.style(f"{HEADER[0]:<{width}}  {HEADER[1]}", "bold"))
    for template in found:
        description = template.description or "(no description)"
        out.line(f"{template.name:<{width}}  {description}")
    err().line("Start a plan with `xcplan new PLAN.yaml --template NAME`.")
    return ExitCode.OK
