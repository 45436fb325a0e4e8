"""``xcplan new``: start a plan from a campaign template, never overwriting a file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Final

from xcplan.cli.files import save
from xcplan.cli.output import err
from xcplan.cli.validate import format_text
from xcplan.errors import ExitCode, InputError, OutputError
from xcplan.io.config import find_config, load_config
from xcplan.io.templates import list_templates, name_from_path, render_template
from xcplan.lint.engine import check_text
from xcplan.lint.suggest import did_you_mean

PLAN_SUFFIXES: Final = (".yaml", ".yml")


def _check_template(template: str) -> None:
    names = [found.name for found in list_templates()]
    if template not in names:
        if not names:
            raise InputError("no campaign templates are installed")
        raise InputError(
            f"unknown template `{template}`{did_you_mean(template, names)} "
            "(`xcplan templates` lists them)"
        )


def _check_target(path: Path) -> None:
    if path.suffix not in PLAN_SUFFIXES:
        raise InputError(f"{path}: a plan file name must end in .yaml or .yml")
    if path.exists() or path.is_symlink():
        raise OutputError(f"{path} already exists; not overwritten (choose another file name)")
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"{folder}: no such folder; create it first")


def run(
    path: Path,
    template: str,
    name: str | None,
    locale: str,
    campaign_id: str | None,
    start: dt.date | None,
    end: dt.date | None,
) -> int:
    """Write a new plan at ``path`` from ``template``; check it; return the exit code.

    The campaign's name defaults to one made from the file name (``spring-sale.yaml`` ->
    "Spring sale") and its id to one made from the name. Refuses (exit 2, nothing written) an
    unknown template, an existing file, a missing folder, or invalid values. Exit 1 if the new
    plan has errors, which a template should never produce.
    """
    _check_template(template)
    _check_target(path)
    text = render_template(
        template,
        name_=name if name is not None else name_from_path(path),
        id=campaign_id,
        locale=locale,
        start=start,
        end=end,
    )
    config_path = find_config(path.parent)
    config = load_config(config_path) if config_path is not None else None
    save(path, text)

    result = check_text(text, str(path), config)
    notes = err()
    notes.line(f"wrote {path} from the `{template}` template")
    for diagnostic in result.diagnostics:
        notes.line(format_text(diagnostic, notes))
    if config_path is None:
        notes.line(
            notes.style("xcplan: info:", "blue")
            + " no xcplan.toml applies to it; brand-voice rules (XC6xx) did not run"
            " (`xcplan init` writes one)"
        )
    notes.line(
        "Next: set the placeholders in campaign.vars and the persona sizes, review the copy, "
        f"then run `xcplan validate {path}`."
    )
    return ExitCode.FINDINGS if result.errors else ExitCode.OK
