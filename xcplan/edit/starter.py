"""New plans: from a campaign template, or an empty plan.

A new plan lives in memory until the first save, so choosing a template and then quitting
without saving leaves no file behind.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from xcplan.edit.document import Document
from xcplan.errors import InputError
from xcplan.io.load import load_plan
from xcplan.io.templates import CampaignTemplate, derive_id, list_templates, name_from_path
from xcplan.io.templates import render_template as render
from xcplan.model.config import Config
from xcplan.model.plan import Plan

EMPTY_OBJECTIVE: Final = "Say what this campaign should achieve"
"""The placeholder objective of an empty plan (the field is required)."""


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


def template_plan(path: Path, template: str) -> Plan:
    """Return a plan made from campaign template ``template``, named after the file.

    Raises ``InputError`` when the template does not exist, does not render, or renders to text
    that is not a valid plan.
    """
    text = render(template, name_=name_from_path(path))
    plan = load_plan(text).plan
    if plan is None:
        raise InputError(f"the `{template}` template does not make a valid plan")
    return plan


def new_document(
    path: Path, template: str | None, config: Config | None = None, config_path: Path | None = None
) -> Document:
    """Return an unsaved document at ``path`` from ``template``, or an empty one when None."""
    plan = template_plan(path, template) if template else empty_plan(path)
    return Document(plan, path, config=config, config_path=config_path)
