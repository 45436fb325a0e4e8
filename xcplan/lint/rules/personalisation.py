"""Personalisation rules: XC401 to XC404 (templates, variables, locales)."""

from __future__ import annotations

from collections.abc import Iterator

from xcplan.lint.context import LintContext
from xcplan.lint.diagnostics import Finding, Loc
from xcplan.model.kinds import CONTENT_FIELDS
from xcplan.render.locale import serves
from xcplan.render.preview import BUILTIN_VARIABLES, persona_locale, variant_locale
from xcplan.render.templates import analyse

EMAIL_ONLY = BUILTIN_VARIABLES["email"]


def _names(items: list[str]) -> str:
    return ", ".join(f"`{item}`" for item in items)


def check_variant(ctx: LintContext, t_index: int, v_index: int) -> Iterator[Finding]:
    """Yield XC401 to XC403 findings of one variant, for every persona it reaches."""
    touchpoint = ctx.plan.touchpoints[t_index]
    variant = touchpoint.variants[v_index]
    base: Loc = ("touchpoints", t_index, "variants", v_index)
    kind = ctx.kind_of(touchpoint) or ""
    builtins = BUILTIN_VARIABLES.get(kind, frozenset())
    served = ctx.served(touchpoint, variant)
    for name in CONTENT_FIELDS:
        source = getattr(variant, name)
        if source is None:
            continue
        loc: Loc = (*base, name)
        info = analyse(source)
        multiline = "\n" in source
        if info.syntax_error is not None:
            message, line = info.syntax_error
            where = f" (line {line} of the text)" if multiline else ""
            yield Finding("XC401", loc, f"template syntax error in `{name}`{where}: {message}")
            continue
        seen: set[str] = set()
        for forbidden in info.forbidden:
            if forbidden.what in seen:
                continue
            seen.add(forbidden.what)
            where = f" (line {forbidden.line} of the text)" if multiline else ""
            yield Finding(
                "XC403",
                loc,
                f"`{name}` uses {forbidden.what}{where}, which templates may not use; "
                "see `xcplan rules XC403`",
            )
        if not info.renderable:
            continue
        lacking: dict[str, list[str]] = {}
        for persona in served:
            available = ctx.template_context(persona, kind)
            for variable in sorted(info.required):
                if variable not in available and variable not in builtins:
                    lacking.setdefault(variable, []).append(persona.id)
        for variable, persona_ids in lacking.items():
            who = "persona" if len(persona_ids) == 1 else "personas"
            if variable in EMAIL_ONLY and kind != "email":
                yield Finding(
                    "XC402",
                    loc,
                    f"`{variable}` exists only in email; on `{kind}` it is undefined (an SMS "
                    "opts out with “Reply STOP”)",
                )
                continue
            yield Finding(
                "XC402",
                loc,
                f"`{variable}` in `{name}` is not defined for {who} {_names(persona_ids)}: add "
                f"it to the `profile` or to `campaign.vars`, or write "
                f'`{{{{ {variable} | default("...") }}}}`',
            )
    for rendering in ctx.renderings(t_index, v_index):
        for name, error in rendering.errors.items():
            yield Finding(
                "XC403" if name in rendering.over_budget else "XC401",
                (*base, name),
                f"`{name}` cannot be rendered for persona `{rendering.persona}`: {error}",
            )


def check_touchpoint(ctx: LintContext, t_index: int) -> Iterator[Finding]:
    """Yield XC404 findings: personas no variant speaks to, variants no persona reads."""
    plan = ctx.plan
    touchpoint = plan.touchpoints[t_index]
    base: Loc = ("touchpoints", t_index)
    variant_locales = [variant_locale(plan, v) for v in touchpoint.variants]
    targeted: list[tuple[int, str]] = []
    for p_index, persona_id in enumerate(touchpoint.personas):
        position = ctx.persona_index.get(persona_id)
        if position is None:
            continue
        locale = persona_locale(plan, plan.personas[position])
        targeted.append((p_index, locale))
        if not any(serves(v, locale) for v in variant_locales):
            yield Finding(
                "XC404",
                (*base, "personas", p_index),
                f"persona `{persona_id}` reads `{locale}`, but no variant of `{touchpoint.id}` "
                f"is in it (variants: {_names(sorted(set(variant_locales)))})",
                about=(("personas", position),),
            )
    if not targeted:
        return
    readers = sorted({locale for _, locale in targeted})
    for v_index, variant in enumerate(touchpoint.variants):
        locale = variant_locales[v_index]
        if not any(serves(locale, reader) for reader in readers):
            loc: Loc = (*base, "variants", v_index)
            yield Finding(
                "XC404",
                (*loc, "locale") if variant.locale else loc,
                f"variant `{variant.id}` is in `{locale}`, which none of the targeted personas "
                f"reads ({_names(readers)})",
            )


def check(ctx: LintContext) -> Iterator[Finding]:
    """Yield XC401 to XC404 findings for every touchpoint and variant."""
    for t_index, touchpoint in enumerate(ctx.plan.touchpoints):
        yield from check_touchpoint(ctx, t_index)
        for v_index in range(len(touchpoint.variants)):
            yield from check_variant(ctx, t_index, v_index)
