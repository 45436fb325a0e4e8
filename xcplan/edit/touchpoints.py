"""Edits of the touchpoints: their settings, their variants, the split of the audience and the
experiment.

Each edit returns an ``Edit``; it raises ``EditError`` (with the message for each field at fault)
when the data is invalid or an id is taken, ``KeyError`` for a touchpoint that is not in the plan
and ``IndexError`` for a variant position that does not exist. The split and the experiment are
also edited from the text typed in their fields (``split_from_texts``,
``experiment_from_texts``), so the editor needs no parsing of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from xcplan.edit.change import Edit, position, replace_at, updated, without_at
from xcplan.edit.entities import EditError, FieldErrors, check_entity, check_unique, entity
from xcplan.edit.fields import NotANumber, parse_number, show_number
from xcplan.edit.impact import Impact, PlanMap, expect_renamed, scenarios_without, without
from xcplan.edit.journey import is_planned
from xcplan.model.kinds import CONTENT_FIELDS
from xcplan.model.method import control_share
from xcplan.model.plan import Experiment, Plan, Touchpoint, Variant

_FREE_TEXT: Final = frozenset({*CONTENT_FIELDS, "notes"})
"""Fields of a variant any non-empty text is a valid value of (no pattern, no limit)."""


def touchpoint_at(plan: Plan, touchpoint_id: str) -> tuple[int, Touchpoint]:
    """Return the position and the touchpoint of id ``touchpoint_id``; raise ``KeyError``."""
    index = position(plan.touchpoints, touchpoint_id)
    return index, plan.touchpoints[index]


def _with_touchpoint(plan: Plan, index: int, touchpoint: Touchpoint) -> Plan:
    return updated(plan, touchpoints=replace_at(plan.touchpoints, index, touchpoint))


def next_variant_id(taken: set[str]) -> str:
    """Return the first of ``a``, ``b``, ... ``z``, ``v27``, ``v28``... that is not taken."""
    for letter in "abcdefghijklmnopqrstuvwxyz":
        if letter not in taken:
            return letter
    n = 27
    while f"v{n}" in taken:
        n += 1
    return f"v{n}"


def new_touchpoint_data(
    plan: Plan, persona_id: str, stage_id: str, channel_id: str
) -> dict[str, Any]:
    """Return the data of a new touchpoint for a cell: a free id, a name, one variant ``a``."""
    taken = {t.id for t in plan.touchpoints}
    base = f"{stage_id}-{channel_id}".replace("_", "-")
    touchpoint_id = base
    n = 2
    while touchpoint_id in taken:
        touchpoint_id = f"{base}-{n}"
        n += 1
    stage = next((s for s in plan.journey() if s.id == stage_id), None)
    channel = next((c for c in plan.channels if c.id == channel_id), None)
    stage_name = stage.name if stage is not None else stage_id
    channel_name = (channel.name or channel.kind) if channel is not None else channel_id
    return {
        "id": touchpoint_id,
        "name": f"{stage_name} {channel_name}",
        "personas": [persona_id],
        "stage": stage_id,
        "channel": channel_id,
        "variants": [{"id": "a"}],
    }


def _planned_with(plan: Plan, touchpoint: Touchpoint) -> PlanMap | None:
    """Return the map with the touchpoint's cells planned, or None when they all are."""
    new_map: PlanMap | None = None
    for persona_id in dict.fromkeys(touchpoint.personas):
        if is_planned(plan, persona_id, touchpoint.stage, touchpoint.channel):
            continue
        if new_map is None:
            new_map = {p: dict(row) for p, row in plan.map.items()}
        row = new_map.setdefault(persona_id, {})
        row[touchpoint.stage] = [*row.get(touchpoint.stage, []), touchpoint.channel]
    return new_map


def check_settings(
    plan: Plan, data: dict[str, Any], old_id: str | None = None
) -> tuple[Touchpoint | None, FieldErrors]:
    """Check a touchpoint's settings as its form is filled in (``old_id``: the one edited).

    Returns the touchpoint, or None and the message for each field at fault: the model's, a
    taken id, or an ``after`` naming the touchpoint itself.
    """
    touchpoint, errors = check_entity("touchpoints", data)
    if errors:
        return None, errors
    taken = {t.id for t in plan.touchpoints} - ({old_id} if old_id else set())
    if touchpoint.id in taken:
        return None, {"id": f"there is already a touchpoint `{touchpoint.id}`"}
    if old_id is not None and touchpoint.after == old_id:
        return None, {"after": "a touchpoint cannot start after itself"}
    return touchpoint, {}


def add_touchpoint(plan: Plan, data: dict[str, Any] | Touchpoint) -> Edit[Touchpoint]:
    """Add a touchpoint after the others of its stage and channel; plan its cells.

    Cells of the journey it fills that were not planned yet are planned with it (one edit).
    """
    touchpoint: Touchpoint = entity("touchpoints", data)
    touchpoints = plan.touchpoints
    check_unique("touchpoint", touchpoint.id, (t.id for t in touchpoints))
    same_cell = [
        i
        for i, t in enumerate(touchpoints)
        if t.stage == touchpoint.stage and t.channel == touchpoint.channel
    ]
    same_stage = [i for i, t in enumerate(touchpoints) if t.stage == touchpoint.stage]
    found = same_cell or same_stage
    at = found[-1] + 1 if found else len(touchpoints)
    parts: dict[str, Any] = {"touchpoints": [*touchpoints[:at], touchpoint, *touchpoints[at:]]}
    planned = _planned_with(plan, touchpoint)
    if planned is not None:
        parts["map"] = planned
    return Edit(updated(plan, **parts), f"Add touchpoint {touchpoint.id}", touchpoint)


def update_touchpoint(
    plan: Plan, touchpoint_id: str, data: dict[str, Any] | Touchpoint
) -> Edit[Touchpoint]:
    """Replace touchpoint ``touchpoint_id``; a new id is followed in the others' ``after`` and
    in the scenarios' ``expect``.

    Cells it now fills that were not planned are planned with it.
    """
    index, old = touchpoint_at(plan, touchpoint_id)
    touchpoint: Touchpoint = entity("touchpoints", data)
    check_unique("touchpoint", touchpoint.id, (t.id for t in plan.touchpoints), touchpoint_id)
    label = f"Edit touchpoint {touchpoint.id}"
    if touchpoint == old:
        return Edit(plan, label, old)
    new = replace_at(plan.touchpoints, index, touchpoint)
    if touchpoint.id != touchpoint_id:
        new = [
            t.model_copy(update={"after": touchpoint.id}) if t.after == touchpoint_id else t
            for t in new
        ]
    parts: dict[str, Any] = {"touchpoints": new}
    if touchpoint.id != touchpoint_id:
        parts["scenarios"] = expect_renamed(plan.scenarios, touchpoint_id, touchpoint.id)
    planned = _planned_with(plan, touchpoint)
    if planned is not None:
        parts["map"] = planned
    return Edit(updated(plan, **parts), label, touchpoint)


def delete_touchpoint(plan: Plan, touchpoint_id: str) -> Edit[Impact]:
    """Delete a touchpoint with its variants; ``after`` links to it and the scenarios'
    ``expect`` entries naming it are removed."""
    index, touchpoint = touchpoint_at(plan, touchpoint_id)
    deleted, kept, unlinked = without(plan.touchpoints, {index})
    scenarios, expects = scenarios_without(plan.scenarios, deleted)
    impact = Impact(
        f"touchpoint `{touchpoint_id}` ({touchpoint.name or touchpoint_id})",
        deleted,
        (),
        unlinked,
        expects=expects,
    )
    new = updated(plan, touchpoints=kept, scenarios=scenarios)
    return Edit(new, f"Delete touchpoint {touchpoint_id}", impact)


# -- variants -----------------------------------------------------------------------------


def set_variant(
    plan: Plan, touchpoint_id: str, v_index: int, data: dict[str, Any] | Variant
) -> Edit[Variant]:
    """Replace variant ``v_index`` of a touchpoint with ``data``."""
    index, touchpoint = touchpoint_at(plan, touchpoint_id)
    old = touchpoint.variants[v_index]
    variant: Variant = entity("variants", data)
    others = [v.id for i, v in enumerate(touchpoint.variants) if i != v_index]
    if variant.id in others:
        message = f"`{touchpoint_id}` has a variant `{variant.id}` already; ids must be unique"
        raise EditError(message, {"id": message})
    label = (
        f"Rename variant {old.id} to {variant.id}"
        if variant.id != old.id
        else f"Edit variant {variant.id} of {touchpoint_id}"
    )
    if variant == old:
        return Edit(plan, label, old)
    updated_touchpoint = touchpoint.model_copy(
        update={"variants": replace_at(touchpoint.variants, v_index, variant)}
    )
    return Edit(_with_touchpoint(plan, index, updated_touchpoint), label, variant)


def set_variant_field(
    plan: Plan, touchpoint_id: str, v_index: int, name: str, text: str
) -> Edit[Variant]:
    """Set field ``name`` of a variant to the text typed (empty text removes the field; the
    ``id`` is kept as typed, and refused when empty).

    This is the edit of every keystroke in the message editor: a content field takes any text
    without building the variant again.
    """
    index, touchpoint = touchpoint_at(plan, touchpoint_id)
    old = touchpoint.variants[v_index]
    value: str | None = text if text != "" or name == "id" else None
    if value == getattr(old, name):
        return Edit(plan, f"Edit variant {old.id} of {touchpoint_id}", old)
    if name in _FREE_TEXT and value is not None:
        variant = old.model_copy(update={name: value})
        updated_touchpoint = touchpoint.model_copy(
            update={"variants": replace_at(touchpoint.variants, v_index, variant)}
        )
        label = f"Edit variant {old.id} of {touchpoint_id}"
        return Edit(_with_touchpoint(plan, index, updated_touchpoint), label, variant)
    data = old.model_dump(exclude_defaults=True)
    if value is None:
        data.pop(name, None)
    else:
        data[name] = value
    return set_variant(plan, touchpoint_id, v_index, data)


def add_variant(plan: Plan, touchpoint_id: str, copy_of: int | None = None) -> Edit[Variant]:
    """Add a variant at the end of a touchpoint's variants, with the next free id.

    It copies the content and locale of variant ``copy_of`` (none when None), so an A/B test
    starts from the copy it tests. When the variants have weights, the new one gets weight 0,
    so the split stays as it was until the writer changes it.
    """
    index, touchpoint = touchpoint_at(plan, touchpoint_id)
    variant_id = next_variant_id({v.id for v in touchpoint.variants})
    data: dict[str, Any] = {"id": variant_id}
    if copy_of is not None:
        source = touchpoint.variants[copy_of]
        data = source.model_dump(exclude_defaults=True, exclude={"id", "weight", "ignore"})
        data["id"] = variant_id
    if any(v.weight is not None for v in touchpoint.variants):
        data["weight"] = 0
    variant = Variant.model_validate(data)
    updated_touchpoint = touchpoint.model_copy(update={"variants": [*touchpoint.variants, variant]})
    label = f"Add variant {variant_id} to {touchpoint_id}"
    return Edit(_with_touchpoint(plan, index, updated_touchpoint), label, variant)


def remove_variant(plan: Plan, touchpoint_id: str, v_index: int) -> Edit[Variant]:
    """Remove variant ``v_index``; refused (``EditError``) for a touchpoint's last variant.

    Weights are left as they are: the split shows what is left to share out.
    """
    index, touchpoint = touchpoint_at(plan, touchpoint_id)
    if len(touchpoint.variants) == 1:
        raise EditError("a touchpoint needs at least one variant: add another first")
    variant = touchpoint.variants[v_index]
    updated_touchpoint = touchpoint.model_copy(
        update={"variants": without_at(touchpoint.variants, v_index)}
    )
    label = f"Remove variant {variant.id} of {touchpoint_id}"
    return Edit(_with_touchpoint(plan, index, updated_touchpoint), label, variant)


# -- the split and the experiment ----------------------------------------------------------


def set_split(
    plan: Plan, touchpoint_id: str, weights: Sequence[float | None], control: float | None
) -> Edit[None]:
    """Set the variants' weights and the control group's share.

    Errors are keyed ``weight-N`` (N the variant's position) and ``control``. A control of None
    or 0 on a touchpoint with no other experiment setting removes the experiment.
    """
    index, touchpoint = touchpoint_at(plan, touchpoint_id)
    errors: FieldErrors = {}
    variants: list[Variant] = []
    for v_index, (variant, weight) in enumerate(zip(touchpoint.variants, weights, strict=True)):
        if weight == variant.weight:
            variants.append(variant)
            continue
        data = variant.model_dump(exclude_defaults=True) | {"weight": weight}
        if weight is None:
            del data["weight"]
        made, problems = check_entity("variants", data)
        if made is None:
            errors[f"weight-{v_index}"] = problems.get("weight", next(iter(problems.values())))
            variants.append(variant)
        else:
            variants.append(made)
    experiment = touchpoint.experiment
    if (control or 0.0) != control_share(touchpoint):
        base = experiment.model_dump(exclude_defaults=True) if experiment is not None else {}
        base.pop("control", None)
        if control:
            base["control"] = control
        if base:
            made_experiment, problems = check_entity("experiment", base)
            if made_experiment is None:
                errors["control"] = problems.get("control", next(iter(problems.values())))
            else:
                experiment = made_experiment
        else:
            experiment = None
    if errors:
        raise EditError.of(errors)
    label = f"Change the split of {touchpoint_id}"
    if variants == touchpoint.variants and experiment == touchpoint.experiment:
        return Edit(plan, label, None)
    updated_touchpoint = touchpoint.model_copy(
        update={"variants": variants, "experiment": experiment}
    )
    return Edit(_with_touchpoint(plan, index, updated_touchpoint), label, None)


def split_from_texts(
    plan: Plan, touchpoint_id: str, weights: Sequence[str | None], control: str | None
) -> Edit[None]:
    """Set the split from the text typed in its fields: a weight per variant (None: a field
    not shown, which keeps its weight) and the control group's share (None: kept).

    Raises ``EditError`` whose ``errors`` are messages for people, keyed ``weight-N`` and
    ``control``, each naming the variant (``a: `x` is not a number``).
    """
    _, touchpoint = touchpoint_at(plan, touchpoint_id)
    ids = [v.id for v in touchpoint.variants]
    values: list[float | None] = [v.weight for v in touchpoint.variants]
    share: float | None = touchpoint.experiment.control if touchpoint.experiment else None
    problems: FieldErrors = {}
    for v_index, text in enumerate(weights[: len(ids)]):
        if text is None:
            continue
        try:
            values[v_index] = parse_number(text, percent=True)
        except NotANumber as error:
            problems[f"weight-{v_index}"] = f"{ids[v_index]}: {error}"
    if control is not None:
        try:
            share = parse_number(control, percent=True)
        except NotANumber as error:
            problems["control"] = f"control: {error}"
    if problems:
        raise EditError.of(problems)
    try:
        return set_split(plan, touchpoint_id, values, share)
    except EditError as error:
        named = {
            key: f"{'control' if key == 'control' else ids[int(key[7:])]}: {message}"
            for key, message in error.errors.items()
        }
        raise EditError.of(named) from None


def set_experiment(
    plan: Plan, touchpoint_id: str, data: dict[str, Any] | None
) -> Edit[Experiment | None]:
    """Replace a touchpoint's experiment (None or empty data removes it)."""
    index, touchpoint = touchpoint_at(plan, touchpoint_id)
    experiment: Experiment | None = entity("experiment", data) if data else None
    label = f"Edit the experiment of {touchpoint_id}"
    if experiment == touchpoint.experiment:
        return Edit(plan, label, experiment)
    updated_touchpoint = touchpoint.model_copy(update={"experiment": experiment})
    return Edit(_with_touchpoint(plan, index, updated_touchpoint), label, experiment)


def experiment_from_texts(
    plan: Plan,
    touchpoint_id: str,
    metric: str | None,
    baseline: str,
    mde: str,
    hypothesis: str,
) -> Edit[Experiment | None]:
    """Set the experiment from its fields: the KPI chosen (None: none), the baseline and the
    minimum detectable effect as typed, and the hypothesis; the control group is kept.

    Raises ``EditError`` whose ``errors`` are messages for people naming the field
    (``baseline: `x` is not a number``).
    """
    _, touchpoint = touchpoint_at(plan, touchpoint_id)
    old = touchpoint.experiment
    data: dict[str, Any] = old.model_dump(exclude_defaults=True) if old is not None else {}
    data["metric"] = metric
    problems: FieldErrors = {}
    for name, text in (("baseline", baseline), ("mde", mde)):
        try:
            data[name] = parse_number(text, percent=True)
        except NotANumber as error:
            problems[name] = f"{name}: {error}"
            data[name] = getattr(old, name, None)
    data["hypothesis"] = hypothesis if hypothesis.strip() else None
    if problems:
        raise EditError.of(problems)
    data = {key: value for key, value in data.items() if value is not None}
    try:
        return set_experiment(plan, touchpoint_id, data or None)
    except EditError as error:
        named = {key: f"{key or 'experiment'}: {m}" for key, m in error.errors.items()}
        raise EditError.of(named) from None


@dataclass(frozen=True, slots=True)
class SplitTotal:
    """The running total of a touchpoint's split, for the line under its weights."""

    text: str
    ok: bool
    """Whether the split adds up (to 100, or an equal split)."""
    uneven: bool = False
    """Whether some variants have weights and others not (XC302)."""


def split_total(touchpoint: Touchpoint) -> SplitTotal:
    """Return the running total of a touchpoint's split."""
    variants = touchpoint.variants
    control = control_share(touchpoint)
    weights = [v.weight for v in variants]
    named = [v.id for v in variants]
    if all(w is None for w in weights):
        share = (100 - control) / len(variants) if variants else 0
        parts = " · ".join(f"{name} {share:g}" for name in named)
        return SplitTotal(f"Equal split: {parts} · control {control:g} = 100 ✓", True)
    if any(w is None for w in weights):
        missing = ", ".join(n for n, w in zip(named, weights, strict=True) if w is None)
        return SplitTotal(
            f"✖ Weights on some variants but not all (missing: {missing}); give every variant "
            "a weight, or clear them all for an equal split (XC302).",
            False,
            uneven=True,
        )
    total = sum(w for w in weights if w is not None) + control
    parts = " + ".join(f"{name} {w:g}" for name, w in zip(named, weights, strict=True))
    ok = abs(total - 100) < 1e-9
    mark = "✓" if ok else f"✗ must be 100 ({100 - total:+g} to go)"
    return SplitTotal(f"{parts} + control {control:g} = {total:g} {mark}", ok)


def weight_texts(touchpoint: Touchpoint) -> tuple[list[str], str]:
    """Return the text of each variant's weight field and of the control group's field."""
    weights = ["" if v.weight is None else show_number(v.weight) for v in touchpoint.variants]
    control = control_share(touchpoint)
    return weights, show_number(control) if control else ""
