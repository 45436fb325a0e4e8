"""Rendering a variant for a persona, with the measurements the channel rules and previews use.

Lengths, SMS segments and payload sizes are measured on each targeted persona's rendering, so a
long ``first_name`` can push an SMS into a second segment for one persona and not another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from xcplan.model.kinds import CONTENT_FIELDS
from xcplan.model.plan import Persona, Plan, Touchpoint, Variant
from xcplan.render.limits import WEIGHTED_KINDS
from xcplan.render.locale import serves
from xcplan.render.measure import SmsMeasure, char_count, measure_sms, utf8_bytes, weighted_length
from xcplan.render.templates import BudgetError, RenderError, analyse, render

UNSUBSCRIBE_URL: Final = "https://example.com/unsubscribe/0123456789abcdef"
"""What ``{{ unsubscribe_url }}`` renders as in previews: as long as a typical real one."""
BUILTIN_VARIABLES: Final[dict[str, frozenset[str]]] = {"email": frozenset({"unsubscribe_url"})}
PAYLOAD_FIELDS: Final = ("title", "body", "url")


@dataclass(frozen=True, slots=True)
class Measured:
    """One rendered field and its measurements."""

    text: str
    characters: int
    utf8_bytes: int
    weighted: int | None = None
    sms: SmsMeasure | None = None


@dataclass(frozen=True, slots=True)
class Rendering:
    """A variant rendered for one persona.

    ``fields`` holds the fields that rendered; ``missing`` the undefined variables of fields
    that could not (XC402); ``errors`` the fields whose render failed for another reason.
    """

    persona: str
    fields: dict[str, Measured] = field(default_factory=dict)
    missing: dict[str, tuple[str, ...]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    over_budget: set[str] = field(default_factory=set)
    """The fields of ``errors`` whose render stopped at the budget (XC403, not XC401)."""

    @property
    def payload_bytes(self) -> int:
        """UTF-8 bytes of title + body + url: what a push payload carries."""
        return sum(self.fields[f].utf8_bytes for f in PAYLOAD_FIELDS if f in self.fields)


def persona_context(plan: Plan, persona: Persona, kind: str) -> dict[str, Any]:
    """Return the template variables for one persona on one channel kind.

    The campaign's ``vars``, then the persona's ``profile`` (profile wins), then the built-ins of
    the channel kind (``unsubscribe_url`` in email).
    """
    context: dict[str, Any] = {**plan.campaign.vars, **persona.profile}
    if kind == "email":
        context["unsubscribe_url"] = UNSUBSCRIBE_URL
    return context


def variant_locale(plan: Plan, variant: Variant) -> str:
    """Return the variant's locale: its own, or the campaign's."""
    return variant.locale or plan.campaign.locale


def persona_locale(plan: Plan, persona: Persona) -> str:
    """Return the persona's locale: its own, or the campaign's."""
    return persona.locale or plan.campaign.locale


def served_personas(plan: Plan, touchpoint: Touchpoint, variant: Variant) -> list[Persona]:
    """Return the targeted personas this variant reaches: those whose locale it serves.

    When it serves none of them (XC404), all targeted personas, so its copy is still measured.
    """
    by_id = {p.id: p for p in plan.personas}
    targeted = [by_id[pid] for pid in dict.fromkeys(touchpoint.personas) if pid in by_id]
    locale = variant_locale(plan, variant)
    served = [p for p in targeted if serves(locale, persona_locale(plan, p))]
    return served or targeted


def measure_text(text: str, kind: str, field_name: str) -> Measured:
    """Return the measurements of one rendered field on a channel kind."""
    return Measured(
        text=text,
        characters=char_count(text),
        utf8_bytes=utf8_bytes(text),
        weighted=weighted_length(text) if kind in WEIGHTED_KINDS else None,
        sms=measure_sms(text) if kind == "sms" and field_name == "body" else None,
    )


def render_variant(
    variant: Variant, persona_id: str, kind: str, context: dict[str, Any]
) -> Rendering:
    """Return a variant's content fields rendered and measured with one persona's context."""
    rendering = Rendering(persona_id)
    for name in CONTENT_FIELDS:
        source = getattr(variant, name)
        if source is None:
            continue
        info = analyse(source)
        if not info.renderable:
            continue
        missing = tuple(sorted(v for v in info.required if v not in context))
        if missing:
            rendering.missing[name] = missing
            continue
        try:
            text = render(info, context)
        except RenderError as error:
            rendering.errors[name] = str(error)
            if isinstance(error, BudgetError):
                rendering.over_budget.add(name)
            continue
        rendering.fields[name] = measure_text(text, kind, name)
    return rendering
