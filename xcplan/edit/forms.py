"""The fields of each entity's form, and reading a form back into an entity's data.

The specs name the fields in the order a form shows them; their help is the model's own
description (``xcplan.edit.fields.spec``). ``Form`` keeps what a form was opened with, so that
a field the user did not touch keeps its value exactly as it was: opening a form and saving it
never rewrites what it did not change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from xcplan.edit.entities import FieldErrors
from xcplan.edit.fields import FieldSpec, FieldValueError, parse_value, render_value, spec
from xcplan.model.kinds import (
    CAPPED_KINDS,
    CHANNEL_KINDS,
    CONTENT_FIELDS,
    INTERRUPTING_KINDS,
    LIFECYCLES,
)
from xcplan.model.plan import (
    Campaign,
    Channel,
    Expectation,
    Experiment,
    FrequencyCap,
    Kpi,
    Persona,
    Plan,
    Policies,
    QuietHours,
    Scenario,
    Stage,
    Touchpoint,
    Variant,
)

FIELD_LABELS: Final = {
    "subject": "Subject",
    "preheader": "Preheader",
    "title": "Title",
    "headline": "Headline",
    "body": "Body",
    "cta": "CTA",
    "url": "URL",
}
"""How the content fields of a variant are named for people (the editor and the previews)."""

FormValue = str | None | set[str]
"""What a form's field holds: the text typed, the option picked (None: none), or the options
ticked."""

_KIND_OPTIONS: Final = tuple((kind, kind) for kind in CHANNEL_KINDS)

PERSONA_FIELDS: Final[tuple[FieldSpec, ...]] = (
    spec(Persona, "name", "Name", "required", placeholder='e.g. "Nadia, new app user"'),
    spec(Persona, "id", "Id", "required", note="Lowercase letters and digits joined by - or _."),
    spec(Persona, "summary", "Summary", "multiline"),
    spec(
        Persona,
        "lifecycle",
        "Lifecycle",
        "select",
        options=tuple((item, item) for item in LIFECYCLES),
        note="New when not set.",
    ),
    spec(Persona, "size", "Size", "whole"),
    spec(Persona, "locale", "Locale", note="For example en-GB."),
    spec(Persona, "preferred_channels", "Preferred channels", "choices", options=_KIND_OPTIONS),
    spec(Persona, "demographics", "Demographics", "pairs"),
    spec(Persona, "goals", "Goals", "lines"),
    spec(Persona, "pain_points", "Pain points", "lines"),
    spec(Persona, "behaviors", "Behaviours", "lines"),
    spec(Persona, "motivations", "Motivations", "lines"),
    spec(
        Persona,
        "profile",
        "Profile (sample personalisation data)",
        "yaml",
        note="Lists as `[a, b]`.",
    ),
    spec(Persona, "notes", "Notes", "multiline"),
    spec(Persona, "ignore", "Ignored rules", "codes"),
)

CHANNEL_FIELDS: Final[tuple[FieldSpec, ...]] = (
    spec(Channel, "kind", "Kind", "select", options=_KIND_OPTIONS),
    spec(Channel, "id", "Id", "required"),
    spec(Channel, "name", "Name", note="For example Marketing SMS."),
    spec(Channel, "owner", "Owner"),
    spec(Channel, "sender", "Sender"),
    spec(Channel, "notes", "Notes", "multiline"),
    spec(Channel, "ignore", "Ignored rules", "codes"),
)

STAGE_FIELDS: Final[tuple[FieldSpec, ...]] = (
    spec(Stage, "name", "Name", "required", placeholder="e.g. Onboarding"),
    spec(Stage, "id", "Id", "required"),
    spec(Stage, "goal", "Goal"),
    spec(Stage, "notes", "Notes", "multiline"),
    spec(Stage, "ignore", "Ignored rules", "codes"),
)

CAMPAIGN_FIELDS: Final[tuple[FieldSpec, ...]] = (
    spec(Campaign, "id", "Id", "required", placeholder="lowercase-with-dashes"),
    spec(Campaign, "name", "Name", "required", placeholder="The campaign's name"),
    spec(
        Campaign, "objective", "Objective", "required", placeholder="The goal the campaign serves"
    ),
    spec(Campaign, "owner", "Owner", placeholder="Team or person accountable"),
    spec(Campaign, "start", "Start", placeholder="YYYY-MM-DD"),
    spec(Campaign, "end", "End", placeholder="YYYY-MM-DD"),
    spec(Campaign, "locale", "Locale", placeholder="en (BCP 47, default locale of variants)"),
    spec(Campaign, "budget", "Budget", "number", placeholder="e.g. 5000"),
    spec(Campaign, "currency", "Currency", placeholder="e.g. EUR", strip=True),
    spec(Campaign, "notes", "Notes", "multiline"),
    spec(Campaign, "vars", "Variables", "yaml", note="Copy uses them as {{ name }}."),
)
"""The fields of the Campaign tab, edited in place (the KPIs have their own form)."""

VARIANT_FIELDS: Final[tuple[FieldSpec, ...]] = (
    spec(Variant, "id", "Id", "required"),
    spec(Variant, "locale", "Locale"),
    *(
        spec(Variant, name, FIELD_LABELS[name], "multiline" if name == "body" else "text")
        for name in CONTENT_FIELDS
    ),
)
"""The fields of a variant in the message editor (its weight is in the split row)."""

EXPERIMENT_FIELDS: Final[tuple[FieldSpec, ...]] = (
    spec(Experiment, "metric", "Metric", "select"),
    spec(Experiment, "baseline", "Baseline", "share", placeholder="e.g. 0.04"),
    spec(Experiment, "mde", "MDE", "share", placeholder="e.g. 0.2"),
    spec(Experiment, "hypothesis", "Hypothesis"),
)
"""The settings of a touchpoint's experiment under the split (the control group is in it)."""


def kpi_fields(stages: Sequence[tuple[str, str]]) -> tuple[FieldSpec, ...]:
    """Return the fields of a KPI; ``stages`` are (name, id) pairs of the journey."""
    return (
        spec(Kpi, "name", "Name", "required", placeholder="e.g. First order rate"),
        spec(Kpi, "id", "Id", "required", note="Experiments name it as their metric."),
        spec(Kpi, "metric", "Metric"),
        spec(Kpi, "target", "Target", "number"),
        spec(Kpi, "unit", "Unit"),
        spec(Kpi, "stage", "Stage", "select", options=tuple(stages)),
    )


def touchpoint_fields(plan: Plan, touchpoint_id: str | None) -> tuple[FieldSpec, ...]:
    """Return the fields of a touchpoint's settings (``touchpoint_id``: the one edited)."""
    personas = tuple((f"{p.name} ({p.id})", p.id) for p in plan.personas)
    stages = tuple((s.name, s.id) for s in plan.journey())
    channels = tuple((f"{c.name or c.id} ({c.kind})", c.id) for c in plan.channels)
    others = tuple(
        (f"{t.name or t.id} ({t.id})", t.id) for t in plan.touchpoints if t.id != touchpoint_id
    )
    return (
        spec(Touchpoint, "name", "Name", note="For example Welcome email."),
        spec(Touchpoint, "id", "Id", "required", note="Lowercase letters and digits joined by -."),
        spec(Touchpoint, "personas", "Personas", "choices", options=personas),
        spec(Touchpoint, "stage", "Stage", "select", options=stages),
        spec(Touchpoint, "channel", "Channel", "select", options=channels),
        spec(Touchpoint, "trigger", "Trigger"),
        spec(
            Touchpoint,
            "after",
            "After",
            "select",
            options=others,
            placeholder="(none)",
            note="It must share a persona.",
        ),
        spec(Touchpoint, "delay", "Delay", note="30m, 2d, 1w2d."),
        spec(
            Touchpoint,
            "exit_on",
            "Exit on",
            "codes",
            note="A purchase stops the promotion on every channel.",
        ),
        spec(Touchpoint, "notes", "Notes", "multiline"),
        spec(Touchpoint, "ignore", "Ignored rules", "codes"),
    )


CAP_FIELDS: Final[tuple[FieldSpec, ...]] = (
    spec(FrequencyCap, "max", "Max", "whole", placeholder="4"),
    spec(FrequencyCap, "per", "per", placeholder="1w"),
    spec(
        FrequencyCap, "action", "Action", "select", options=(("skip", "skip"), ("defer", "defer"))
    ),
    spec(
        FrequencyCap,
        "kinds",
        "Counts",
        "codes",
        placeholder=", ".join(CAPPED_KINDS),
        note="Empty: the default kinds.",
    ),
)
"""The fields of the frequency cap's row."""

QUIET_FIELDS: Final[tuple[FieldSpec, ...]] = (
    spec(QuietHours, "start", "From", placeholder="21:00"),
    spec(QuietHours, "end", "to", placeholder="08:00"),
    spec(QuietHours, "action", "Action", "select", options=(("defer", "defer"), ("drop", "drop"))),
    spec(
        QuietHours,
        "kinds",
        "Holds",
        "codes",
        placeholder=", ".join(INTERRUPTING_KINDS),
        note="Empty: the default kinds.",
    ),
)
"""The fields of the quiet hours' row."""

MIN_GAP_FIELD: Final = spec(Policies, "min_gap", "Min gap", placeholder="none, e.g. 4h")
"""The field of ``min_gap``."""


def scenario_fields(plan: Plan, default_start: str) -> tuple[FieldSpec, ...]:
    """Return the fields of a scenario on the Timeline tab (``default_start``: what an empty
    start stands for); ``sent`` and ``not_sent`` are its `expect`."""
    personas = tuple((f"{p.name} ({p.id})", p.id) for p in plan.personas)
    return (
        spec(Scenario, "name", "Name"),
        spec(Scenario, "id", "Id", "required", note="Lowercase letters and digits joined by -."),
        spec(Scenario, "persona", "Persona", "select", options=personas),
        spec(Scenario, "start", "Start", placeholder=default_start, note="Empty: the default."),
        spec(Scenario, "events", "Events", "events"),
        spec(Expectation, "sent", "Must reach", "codes", placeholder="touchpoint ids"),
        spec(Expectation, "not_sent", "Must not", "codes", placeholder="touchpoint ids"),
    )


class Form:
    """What a form was opened with, and how its fields read back into the entity's data."""

    def __init__(self, fields: Sequence[FieldSpec], initial: Mapping[str, Any]) -> None:
        self.fields = tuple(fields)
        self.initial = dict(initial)
        self.shown: dict[str, str] = {
            field.name: render_value(field, self.initial.get(field.name)) for field in fields
        }
        """The text each field was opened with."""

    def collect(self, values: Mapping[str, FormValue]) -> tuple[dict[str, Any], FieldErrors]:
        """Return the entity's data from the fields' ``values``, and the fields whose text holds
        no value (with the message to show).

        A text field whose text is what it was opened with keeps its value as it was; a
        ``choices`` field keeps the order it started with, new choices after it. Fields not in
        ``values`` keep their value.
        """
        data = dict(self.initial)
        problems: FieldErrors = {}
        for field in self.fields:
            if field.name not in values:
                continue
            value = values[field.name]
            if field.kind == "select":
                data[field.name] = value if isinstance(value, str) else None
            elif field.kind == "choices":
                chosen = value if isinstance(value, set) else set()
                before = list(self.initial.get(field.name) or [])
                if chosen == set(before):
                    data[field.name] = before
                else:
                    kept = [item for item in before if item in chosen]
                    added = [
                        item for _, item in field.options if item in chosen and item not in kept
                    ]
                    data[field.name] = kept + added
            elif isinstance(value, str) and value != self.shown[field.name]:
                try:
                    data[field.name] = parse_value(field, value)
                except FieldValueError as error:
                    problems[field.name] = str(error)
        return {key: value for key, value in data.items() if value is not None}, problems


def id_from_name(data: Mapping[str, Any]) -> str:
    """Return an id made from the ``name`` field (for new personas, stages and KPIs)."""
    from xcplan.io.templates import FALLBACK_ID, derive_id  # jinja2 comes with it: not at start

    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        return ""
    made = derive_id(name)
    # derive_id falls back to a campaign's default id when no letter or digit is left.
    return made if made != FALLBACK_ID or FALLBACK_ID in name.lower() else ""


def unique_id(base: str, taken: set[str]) -> str:
    """Return ``base``, or ``base-2``, ``base-3``... whichever is not taken."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
