"""The preview model: what a variant looks like for a persona, measured, with its findings.

``xcplan preview`` (the CLI, with rich) and the planner's live preview (Textual) render the same
model, built here: each content field rendered with the persona's data and measured against the
channel's limits (characters, weighted length, SMS encoding and segments, push payload), or why
it could not be rendered, and the findings of the variant.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from xcplan.edit.forms import FIELD_LABELS
from xcplan.lint.context import LintContext
from xcplan.lint.diagnostics import Diagnostic
from xcplan.lint.engine import lint_variant
from xcplan.model.config import Config
from xcplan.model.kinds import CONTENT_FIELDS
from xcplan.model.plan import Persona, Plan, Touchpoint, Variant
from xcplan.render.limits import ChannelLimits
from xcplan.render.preview import (
    Measured,
    Rendering,
    persona_locale,
    render_variant,
    variant_locale,
)


@dataclass(frozen=True, slots=True)
class FieldPreview:
    """One content field of a variant as one persona gets it."""

    name: str
    label: str
    measured: Measured | None
    """The text rendered and its measures; None when it could not be rendered."""
    problem: str = ""
    """Why the field could not be rendered (empty when it was)."""


@dataclass(frozen=True, slots=True)
class VariantPreview:
    """A variant rendered for one persona, with the channel's limits and the findings."""

    touchpoint: Touchpoint
    t_index: int
    v_index: int
    variant: Variant
    persona: Persona
    variant_locale: str
    persona_locale: str
    reaches: bool
    """Whether the variant is sent to this persona (else it is shown for reference: another
    variant, in the persona's language, reaches them)."""
    kind: str | None
    """The channel's kind; None when the touchpoint's channel is not in the plan."""
    limits: ChannelLimits
    """The limits of the channel's kind (the defaults of no kind when the channel is unknown)."""
    fields: tuple[FieldPreview, ...]
    """The content fields the variant sets, in the format's order."""
    payload: tuple[int, int] | None
    """UTF-8 bytes of title + body + url and their limit, for kinds with a payload limit."""
    findings: tuple[Diagnostic, ...]
    """The variant's findings: templates, channel rules and brand voice, every persona."""


@dataclass(frozen=True, slots=True)
class VariantGroup:
    """Every persona's preview of one variant, and the variant's findings (for ``xcplan
    preview``, which shows them once after the renderings)."""

    v_index: int
    previews: tuple[VariantPreview, ...]
    findings: tuple[Diagnostic, ...]


@dataclass(frozen=True, slots=True)
class TouchpointPreview:
    """A touchpoint's variants previewed, and its own findings (the split, the journey)."""

    touchpoint: Touchpoint
    t_index: int
    kind: str | None
    variants: tuple[VariantGroup, ...]
    findings: tuple[Diagnostic, ...]


def targeted_personas(plan: Plan, touchpoint: Touchpoint) -> list[Persona]:
    """Return the personas of the plan a touchpoint targets, in its order, once each."""
    by_id = {p.id: p for p in plan.personas}
    return [by_id[p] for p in dict.fromkeys(touchpoint.personas) if p in by_id]


def _fields(variant: Variant, rendering: Rendering) -> tuple[FieldPreview, ...]:
    out: list[FieldPreview] = []
    for name in CONTENT_FIELDS:
        if getattr(variant, name) is None:
            continue
        label = FIELD_LABELS.get(name, name)
        measured = rendering.fields.get(name)
        if measured is not None:
            out.append(FieldPreview(name, label, measured))
        elif name in rendering.missing:
            missing = ", ".join(rendering.missing[name])
            out.append(FieldPreview(name, label, None, f"cannot render: undefined {missing}"))
        elif name in rendering.errors:
            out.append(FieldPreview(name, label, None, f"cannot render: {rendering.errors[name]}"))
        else:
            out.append(FieldPreview(name, label, None, "not rendered: the template has errors"))
    return tuple(out)


def variant_preview(
    ctx: LintContext,
    t_index: int,
    v_index: int,
    persona: Persona,
    findings: Iterable[Diagnostic],
) -> VariantPreview:
    """Return variant ``v_index`` of touchpoint ``t_index`` as ``persona`` gets it.

    A persona the variant does not reach (another variant is in their language) gets it
    rendered all the same, for reference (``reaches`` is False).
    """
    plan = ctx.plan
    touchpoint = plan.touchpoints[t_index]
    variant = touchpoint.variants[v_index]
    kind = ctx.kind_of(touchpoint)
    rendering = next((r for r in ctx.renderings(t_index, v_index) if r.persona == persona.id), None)
    reaches = rendering is not None
    if rendering is None:
        rendering = render_variant(
            variant, persona.id, kind or "", ctx.template_context(persona, kind or "")
        )
    limits = ctx.limits(kind or "unknown")
    payload = None
    if limits.payload_max_bytes is not None:
        payload = (rendering.payload_bytes, limits.payload_max_bytes)
    return VariantPreview(
        touchpoint,
        t_index,
        v_index,
        variant,
        persona,
        variant_locale(plan, variant),
        persona_locale(plan, persona),
        reaches,
        kind,
        limits,
        _fields(variant, rendering),
        payload,
        tuple(findings),
    )


def live_preview(
    plan: Plan,
    config: Config,
    t_index: int,
    v_index: int,
    persona_id: str | None,
    *,
    ctx: LintContext | None = None,
) -> VariantPreview | None:
    """Return the preview the editor shows as the writer types: variant ``v_index`` of
    touchpoint ``t_index`` for persona ``persona_id`` (the first persona it targets when that
    one is not), with the findings of ``lint_variant``. None when it targets no persona.

    ``ctx`` (a context of this plan and config) keeps the renderings made, for the live cost
    (``xcplan.edit.cost``)."""
    targeted = targeted_personas(plan, plan.touchpoints[t_index])
    if not targeted:
        return None
    persona = next((p for p in targeted if p.id == persona_id), targeted[0])
    if ctx is None or ctx.plan is not plan or ctx.config is not config:
        ctx = LintContext(plan, config)
    findings = lint_variant(plan, config, t_index, v_index, ctx=ctx)
    return variant_preview(ctx, t_index, v_index, persona, findings)


def _under(diagnostic: Diagnostic, prefix: tuple[str | int, ...]) -> bool:
    return diagnostic.loc[: len(prefix)] == prefix


def touchpoint_preview(
    ctx: LintContext,
    t_index: int,
    diagnostics: Sequence[Diagnostic],
    persona_id: str | None = None,
) -> TouchpointPreview:
    """Return every variant of touchpoint ``t_index`` for each persona it reaches (only
    ``persona_id`` when given), with the findings among ``diagnostics`` (those of the whole
    plan) of each variant and of the touchpoint itself."""
    plan = ctx.plan
    touchpoint = plan.touchpoints[t_index]
    by_id = {p.id: p for p in plan.personas}
    groups: list[VariantGroup] = []
    for v_index in range(len(touchpoint.variants)):
        found = tuple(
            d for d in diagnostics if _under(d, ("touchpoints", t_index, "variants", v_index))
        )
        previews = tuple(
            variant_preview(ctx, t_index, v_index, by_id[rendering.persona], found)
            for rendering in ctx.renderings(t_index, v_index)
            if (persona_id is None or rendering.persona == persona_id)
            and rendering.persona in by_id
        )
        groups.append(VariantGroup(v_index, previews, found))
    own = tuple(
        d
        for d in diagnostics
        if _under(d, ("touchpoints", t_index))
        and not _under(d, ("touchpoints", t_index, "variants"))
    )
    return TouchpointPreview(touchpoint, t_index, ctx.kind_of(touchpoint), tuple(groups), own)
