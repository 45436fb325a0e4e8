"""XC509: hidden characters in plan text (format, section 5.1).

In copy (the content fields of each variant, and the campaign's `vars`, which templates put into
copy) a control character or a byte-order mark is an error, and an invisible character that can
hide or disguise text (bidi embeddings and overrides, zero-width space, word joiner, soft
hyphen) a warning. Everywhere else in the plan (names, notes, summaries, profiles) the control
characters are errors too: no text needs them, and any of them can take over a terminal or a
log that shows the plan. Invisible characters outside copy are not findings there: names in
right-to-left scripts may need bidi marks, and no customer reads them.

What is a hidden character, and how each is named, is ``xcplan.render.hidden``'s.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from xcplan.lint.context import LintContext
from xcplan.lint.diagnostics import Finding, Loc, Severity
from xcplan.model.kinds import CONTENT_FIELDS
from xcplan.render.hidden import (
    ERROR,
    Hidden,
    char_name,
    has_control_characters,
    has_hidden_characters,
    hidden_characters,
)

_NOT_TEXT = frozenset({"touchpoints", "variants"})


def _describe(found: list[Hidden]) -> str:
    names = list(dict.fromkeys(char_name(hidden.char) for hidden in found))
    shown = ", ".join(names[:3])
    more = f" and {len(names) - 3} more" if len(names) > 3 else ""
    return f"{shown}{more} (character {found[0].offset + 1})"


def _text_findings(
    text: str, loc: Loc, field: str, *, copy: bool, key: bool = False
) -> Iterator[Finding]:
    if copy:
        found = list(hidden_characters(text))
    elif has_control_characters(text):
        found = [hidden for hidden in hidden_characters(text) if hidden.severity == ERROR]
    else:
        return
    errors = [hidden for hidden in found if hidden.severity == ERROR]
    warnings = [hidden for hidden in found if hidden.severity != ERROR]
    what = f"the key `{field}`" if key else f"`{field}`"
    if errors:
        yield Finding(
            "XC509",
            loc,
            f"{what} holds a control character: {_describe(errors)}; it never belongs in text "
            "and can take over a terminal that shows it: remove it",
            severity=Severity.ERROR,
            key=key,
        )
    if warnings:
        yield Finding(
            "XC509",
            loc,
            f"{what} holds an invisible character: {_describe(warnings)}; it can hide or "
            "disguise text (a banned word split in two, text shown in reverse): remove it",
            severity=Severity.WARNING,
            key=key,
        )


def _walk(value: Any, loc: Loc, copy: bool, out: list[Finding]) -> None:
    """Add to ``out`` the findings of every text in a model, list or mapping, and in mapping
    keys (a list filled in place: a generator per node cost more than the checks on a big plan).
    """
    if isinstance(value, str):
        if has_hidden_characters(value) if copy else has_control_characters(value):
            name = next((str(part) for part in reversed(loc) if isinstance(part, str)), "text")
            out.extend(_text_findings(value, loc, name, copy=copy))
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in _NOT_TEXT:
                _walk(getattr(value, name), (*loc, name), copy, out)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, (*loc, index), copy, out)
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and has_control_characters(key):
                out.extend(_text_findings(key, (*loc, key), key, copy=False, key=True))
            _walk(item, (*loc, key), copy, out)


def _found(value: Any, loc: Loc, *, copy: bool) -> list[Finding]:
    out: list[Finding] = []
    _walk(value, loc, copy, out)
    return out


def check_variant(ctx: LintContext, t_index: int, v_index: int) -> Iterator[Finding]:
    """Yield XC509 findings of one variant: its copy, and its other text (notes)."""
    variant = ctx.plan.touchpoints[t_index].variants[v_index]
    base: Loc = ("touchpoints", t_index, "variants", v_index)
    out: list[Finding] = []
    for name in type(variant).model_fields:
        _walk(getattr(variant, name), (*base, name), name in CONTENT_FIELDS, out)
    yield from out


def check_touchpoint(ctx: LintContext, t_index: int) -> Iterator[Finding]:
    """Yield XC509 findings of a touchpoint's own text (name, notes, hypothesis)."""
    yield from _found(ctx.plan.touchpoints[t_index], ("touchpoints", t_index), copy=False)


def check_plan(ctx: LintContext) -> Iterator[Finding]:
    """Yield XC509 findings of the text outside touchpoints; `campaign.vars` is copy."""
    plan = ctx.plan
    for name in type(plan).model_fields:
        if name in ("touchpoints", "map"):  # `map` holds only ids, which are checked as ids
            continue
        if name == "campaign":
            campaign = plan.campaign
            for field in type(campaign).model_fields:
                yield from _found(
                    getattr(campaign, field), ("campaign", field), copy=field == "vars"
                )
            continue
        yield from _found(getattr(plan, name), (name,), copy=False)


def check(ctx: LintContext) -> Iterator[Finding]:
    """Yield every touchpoint's XC509 findings (see ``check_plan`` for the rest of the plan)."""
    for t_index, touchpoint in enumerate(ctx.plan.touchpoints):
        yield from check_touchpoint(ctx, t_index)
        for v_index in range(len(touchpoint.variants)):
            yield from check_variant(ctx, t_index, v_index)
