"""New plans for the TUI: from a campaign template, or an empty plan. No textual here.

A new plan lives in memory until the first save, so choosing a template and then quitting
without saving leaves no file behind.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from xcplan.errors import InputError
from xcplan.io.templates import CampaignTemplate, derive_id, list_templates, name_from_path
from xcplan.io.templates import render_template as render
from xcplan.lint.engine import check_text
from xcplan.model.config import Config
from xcplan.model.plan import Plan
from xcplan.tui.document import Document

EMPTY_OBJECTIVE: Final = "Say what this campaign should achieve"
"""The placeholder objective of an empty plan (the field is required)."""

PLAN_SUFFIXES: Final = (".yaml", ".yml")


def templates() -> list[CampaignTemplate]:
    """Return the campaign templates a new plan can start from (none when the folder is gone)."""
    try:
        return list_templates()
    except OSError:
        return []


def empty_plan(path: Path) -> Plan:
    """Return the smallest plan that loads: a campaign named after the file and one email channel.

    The plan has no personas yet (XC203 says to add one) and the default journey.
    """
    name = name_from_path(path)
    return Plan.model_validate(
        {
            "xcplan": 1,
            "campaign": {"id": derive_id(name), "name": name, "objective": EMPTY_OBJECTIVE},
            "personas": [],
            "channels": [{"id": "email", "kind": "email", "name": "Email"}],
        }
    )


def template_plan(path: Path, template: str, config: Config | None = None) -> Plan:
    """Return a plan made from campaign template ``template``, named after the file.

    Raises ``InputError`` when the template does not exist, does not render, or renders to text
    that is not a valid plan.
    """
    text = render(template, name_=name_from_path(path))
    result = check_text(text, str(path), config)
    if result.plan is None:
        raise InputError(f"the `{template}` template does not make a valid plan")
    return result.plan


def new_document(
    path: Path, template: str | None, config: Config | None = None, config_path: Path | None = None
) -> Document:
    """Return an unsaved document at ``path`` from ``template``, or an empty one when None."""
    plan = template_plan(path, template, config) if template else empty_plan(path)
    return Document(plan, path, config=config, config_path=config_path)


_PLAN_MARK: Final = re.compile(r"^xcplan\s*:", re.MULTILINE)


def plans_in(folder: Path) -> list[Path]:
    """Return the plan files in ``folder``: ``*.yaml`` and ``*.yml`` with a top-level ``xcplan:``.

    Sorted by name; hidden files and files that cannot be read are left out.
    """
    found: list[Path] = []
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    for entry in entries:
        if entry.suffix not in PLAN_SUFFIXES or entry.name.startswith(".") or not entry.is_file():
            continue
        try:
            with entry.open("rb") as handle:
                head = handle.read(65536).decode("utf-8", errors="replace")
        except OSError:
            continue
        if _PLAN_MARK.search(head):
            found.append(entry)
    return found
