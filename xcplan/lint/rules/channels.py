"""Channel rules: XC501 to XC508 (fields, lengths, SMS segments, opt-out, payloads)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace

from xcplan.lint.context import LintContext
from xcplan.lint.diagnostics import Finding, Loc, Severity
from xcplan.model.kinds import CONTENT_FIELDS, FIELD_USAGE
from xcplan.render.measure import GSM7_LOOKALIKES, measure_sms
from xcplan.render.preview import Measured, Rendering
from xcplan.render.templates import analyse


def _who(renderings: list[Rendering], worst: Rendering, measure: Callable[[Rendering], int]) -> str:
    """Name the persona when the measure differs between personas, else say nothing."""
    values = {measure(r) for r in renderings}
    return f" for persona `{worst.persona}`" if len(values) > 1 else ""


def _an(kind: str) -> str:
    return "an" if kind[0] in "aeiou" else "a"


def _segments(rendering: Rendering) -> int:
    measured = rendering.fields.get("body")
    return measured.sms.segments if measured is not None and measured.sms is not None else 0


def _field_length(name: str) -> Callable[[Rendering], int]:
    def measure(rendering: Rendering) -> int:
        measured = rendering.fields.get(name)
        return 0 if measured is None else _length(measured)

    return measure


def _length(measured: Measured) -> int:
    return measured.weighted if measured.weighted is not None else measured.characters


def _longest(renderings: list[Rendering], name: str) -> tuple[Rendering, int] | None:
    """Return the persona rendering where field ``name`` is longest, with its length."""
    best: tuple[Rendering, int] | None = None
    for rendering in renderings:
        measured = rendering.fields.get(name)
        if measured is not None and (best is None or _length(measured) > best[1]):
            best = (rendering, _length(measured))
    return best


def _fields(
    ctx: LintContext, t_index: int, v_index: int, kind: str, renderings: list[Rendering]
) -> Iterator[Finding]:
    touchpoint = ctx.plan.touchpoints[t_index]
    variant = touchpoint.variants[v_index]
    base: Loc = ("touchpoints", t_index, "variants", v_index)
    usage = FIELD_USAGE.get(kind, {})
    for name in CONTENT_FIELDS:
        value = getattr(variant, name)
        rule = usage.get(name)
        if rule == "required" and (value is None or not value.strip()):
            yield Finding(
                "XC501",
                base,
                f"variant `{variant.id}` of `{touchpoint.id}` needs a `{name}`: "
                f"{_an(kind)} {kind} message has one",
            )
        elif rule == "required":
            empty = [
                r.persona
                for r in renderings
                if name in r.fields and not r.fields[name].text.strip()
            ]
            if empty:
                who = ", ".join(f"`{p}`" for p in empty)
                yield Finding(
                    "XC501",
                    (*base, name),
                    f"`{name}` renders empty for {'persona' if len(empty) == 1 else 'personas'} "
                    f"{who}",
                )
        elif value is not None and rule is None:
            allowed = ", ".join(f"`{f}`" for f in usage)
            yield Finding(
                "XC502",
                (*base, name),
                f"`{name}` is not used on `{kind}` channels (they use {allowed}); remove it",
                key=True,
            )


def _lengths(
    ctx: LintContext, base: Loc, kind: str, renderings: list[Rendering]
) -> Iterator[Finding]:
    limits = ctx.limits(kind)
    for name, limit in limits.fields.items():
        unit = "weighted characters" if limits.weighted and name == "body" else "characters"
        worst = _longest(renderings, name)
        if worst is None:
            continue
        rendering, length = worst
        who = _who(renderings, rendering, _field_length(name))
        if limits.weighted and name == "body":
            who += (
                " (X counts Chinese, Japanese and Korean characters and emoji as 2, a link as 23)"
            )
        if limit.hard is not None and length > limit.hard:
            yield Finding(
                "XC505",
                (*base, name),
                f"`{name}` is {length:,} {unit}{who}, over the hard limit of {limit.hard:,} "
                f"on `{kind}`",
                severity=Severity.ERROR,
            )
        elif limit.soft is not None and length > limit.soft:
            yield Finding(
                "XC505",
                (*base, name),
                f"`{name}` is {length:,} {unit}{who}, over the {limit.soft:,} recommended on "
                f"`{kind}`",
                severity=Severity.WARNING,
            )


def _sms(ctx: LintContext, base: Loc, renderings: list[Rendering]) -> Iterator[Finding]:
    limits = ctx.limits("sms")
    loc: Loc = (*base, "body")
    bodies = [(r, r.fields["body"]) for r in renderings if "body" in r.fields]
    if not bodies:
        return
    rendering, measured = max(bodies, key=lambda item: item[1].sms.segments if item[1].sms else 0)
    bodies_only = [r for r, _ in bodies]
    sms = measured.sms
    if sms is not None and sms.segments > limits.max_segments:
        reason = ""
        if sms.encoding == "UCS-2":
            shown = ", ".join(f"`{c}`" for c in sms.non_gsm[:3])
            reason = f", UCS-2 because of {shown}"
        hard = sms.segments > limits.hard_max_segments
        cap = limits.hard_max_segments if hard else limits.max_segments
        yield Finding(
            "XC503",
            loc,
            f"the SMS is {sms.segments} segments ({sms.units} {sms.encoding} units{reason})"
            f"{_who(bodies_only, rendering, _segments)}; the {'hard ' if hard else ''}limit is "
            f"{cap}",
            severity=Severity.ERROR if hard else Severity.WARNING,
        )
    # The opt-out word as written ("STOP"), as a word: "stop by the store" is no opt-out.
    word = re.compile(rf"(?<!\w){re.escape(limits.opt_out)}(?!\w)")
    lacking = [r.persona for r, m in bodies if not word.search(m.text)]
    if lacking:
        who = ""
        if len(lacking) < len(bodies):
            names = ", ".join(f"`{p}`" for p in lacking)
            who = f" for {'persona' if len(lacking) == 1 else 'personas'} {names}"
        yield Finding(
            "XC504",
            loc,
            f"the SMS has no opt-out{who}: tell customers to reply `{limits.opt_out}` "
            f"(“Reply {limits.opt_out} to opt out”, in the language of the copy)",
        )
    for _, measured in bodies:
        sms = measured.sms
        if sms is None or sms.encoding != "UCS-2" or not sms.lookalikes:
            continue
        if not set(sms.non_gsm) <= set(GSM7_LOOKALIKES):
            continue
        fixed = measured.text
        for char, replacement in sms.lookalikes:
            fixed = fixed.replace(char, replacement)
        shown = ", ".join(f"`{c}` (U+{ord(c):04X}, use `{r}`)" for c, r in sms.lookalikes)
        after = measure_sms(fixed).segments
        gain = (
            f"{after} segment{'s' if after != 1 else ''} instead of {sms.segments}"
            if after < sms.segments
            else "160 characters a segment instead of 70"
        )
        yield Finding(
            "XC508",
            loc,
            f"only {shown} force the SMS into UCS-2; with the GSM-7 look-alikes it would be "
            f"GSM-7: {gain}",
        )

        break


def check_variant(ctx: LintContext, t_index: int, v_index: int) -> Iterator[Finding]:
    """Yield XC501 to XC508 findings of one variant, measured for every persona it reaches."""
    touchpoint = ctx.plan.touchpoints[t_index]
    kind = ctx.kind_of(touchpoint)
    if kind is None:
        return
    base: Loc = ("touchpoints", t_index, "variants", v_index)
    about: tuple[Loc, ...] = ((("channels", ctx.channel_index[touchpoint.channel])),)
    renderings = ctx.renderings(t_index, v_index)
    found = [
        *_fields(ctx, t_index, v_index, kind, renderings),
        *_lengths(ctx, base, kind, renderings),
    ]
    if kind == "sms":
        found.extend(_sms(ctx, base, renderings))
    variant = touchpoint.variants[v_index]
    if kind == "email" and variant.body is not None:
        info = analyse(variant.body)
        if info.renderable and "unsubscribe_url" not in info.variables:
            found.append(
                Finding(
                    "XC506",
                    (*base, "body"),
                    "the email body has no `{{ unsubscribe_url }}`: every marketing email needs "
                    "a working unsubscribe link",
                )
            )
    limit = ctx.limits(kind).payload_max_bytes
    if limit is not None:
        heaviest = max(renderings, key=lambda r: r.payload_bytes, default=None)
        if heaviest is not None and heaviest.payload_bytes > limit:
            found.append(
                Finding(
                    "XC507",
                    base,
                    f"the push payload (title + body + url) is {heaviest.payload_bytes:,} bytes"
                    f"{_who(renderings, heaviest, lambda r: r.payload_bytes)}, over the "
                    f"{limit:,}-byte limit",
                )
            )
    for finding in found:
        yield replace(finding, about=about)


def check(ctx: LintContext) -> Iterator[Finding]:
    """Yield XC501 to XC508 findings for every variant."""
    for t_index, touchpoint in enumerate(ctx.plan.touchpoints):
        for v_index in range(len(touchpoint.variants)):
            yield from check_variant(ctx, t_index, v_index)
