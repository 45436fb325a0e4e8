"""Brand-voice rules: XC601 to XC609, from ``[brand]`` in ``xcplan.toml``.

The rules read the copy as written with the template tags left out, so a customer's name or an
offer code never counts as the brand's own words; links and email addresses are left out too
(except for XC609, which looks for typed-in values such as a landing URL). Lists in
``[brand.locales.TAG]`` add to the global ones for variants whose locale the tag serves (``pl``
applies to ``pl-PL`` copy).

"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Final

from xcplan.lint.context import LintContext
from xcplan.lint.diagnostics import Finding, Loc
from xcplan.model.config import Brand
from xcplan.model.kinds import CONTENT_FIELDS
from xcplan.render.copytext import (
    TermMatcher,
    count_emoji,
    count_exclamations,
    emoji_list,
    fk_grade,
    literal_occurrences,
    longest_sentence,
    shouting_words,
    strip_template,
    word_count,
)
from xcplan.render.locale import is_english, serves
from xcplan.render.preview import variant_locale

PROSE_FIELDS: Final = ("subject", "preheader", "title", "headline", "body", "cta")
"""Fields read as the brand's words (``url`` is not prose)."""
MIN_GRADED_WORDS: Final = 20
"""Texts shorter than this are not graded (XC608): the formula means little on a line or two."""
MIN_LITERAL_LENGTH: Final = 4
_LINKS: Final = re.compile(
    r"(?:(?:https?://|www\.)\S+?|[\w.+-]+@[\w-]+(?:\.[\w-]+)+?)(?=[.,;:!?)]*(?:\s|$))",
    re.IGNORECASE,
)
"""Links and email addresses: not the brand's words (`acme.example` is a host, not a name)."""


@dataclass(frozen=True, slots=True)
class Voice:
    """The brand voice that applies to copy in one locale, with its matchers built once."""

    brand: Brand
    banned: TermMatcher
    preferred: dict[str, str]
    preferred_matcher: TermMatcher
    name: TermMatcher | None
    allowed_capitals: frozenset[str]


def voice_for(brand: Brand, locale: str, opt_out: str) -> Voice:
    """Return the brand voice for copy in ``locale``: global lists plus the locale's own."""
    banned = list(brand.banned)
    preferred = dict(brand.preferred)
    acronyms = set(brand.acronyms)
    for tag, extra in brand.locales.items():
        if serves(tag, locale):
            banned.extend(extra.banned)
            preferred.update(extra.preferred)
            acronyms.update(extra.acronyms)
    acronyms.add(opt_out)
    if brand.name:
        acronyms.add(brand.name)
    return Voice(
        brand=brand,
        banned=TermMatcher(banned),
        preferred=preferred,
        preferred_matcher=TermMatcher(preferred),
        name=TermMatcher([brand.name]) if brand.name else None,
        allowed_capitals=frozenset(acronyms),
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


Said = tuple[str, str]
"""A finding's code and message, before it is given the place of the field it is about."""


def _field_findings(voice: Voice, name: str, copy: str, english: bool) -> Iterator[Said]:
    brand = voice.brand
    for term in dict.fromkeys(m.term for m in voice.banned.find(copy)):
        yield ("XC601", f"`{term}` is banned by the brand voice (in `{name}`)")
    for written, term in dict.fromkeys(
        (m.text, m.term) for m in voice.preferred_matcher.find(copy)
    ):
        wanted = voice.preferred.get(term, term)
        if written[:1].isupper() and wanted[:1].islower():
            wanted = wanted[:1].upper() + wanted[1:]
        yield ("XC602", f"write `{wanted}`, not `{written}` (in `{name}`)")
    if voice.name is not None and brand.name:
        for written in dict.fromkeys(m.text for m in voice.name.find(copy)):
            if written != brand.name:
                yield (
                    "XC603",
                    f"write the brand name as `{brand.name}`, not `{written}` (in `{name}`)",
                )
    marks = count_exclamations(copy)
    if marks > brand.max_exclamations:
        yield (
            "XC604",
            f"`{name}` has {_plural(marks, 'exclamation mark')}; the brand voice allows "
            f"{brand.max_exclamations}",
        )
    if brand.emoji != "any":
        emoji = count_emoji(copy)
        allowed = 0 if brand.emoji == "none" else 1
        if emoji > allowed:
            shown = " ".join(emoji_list(copy)[:5])
            rule = "uses no emoji" if allowed == 0 else "allows one per field"
            yield ("XC605", f"`{name}` has {emoji} emoji ({shown}); the brand voice {rule}")

    for word in dict.fromkeys(shouting_words(copy, voice.allowed_capitals)):
        yield (
            "XC606",
            f"`{word}` is written in capitals (in `{name}`): write it in lower case, or add it "
            "to `acronyms` if it is one",
        )
    sentence, words = longest_sentence(copy)
    if words > brand.max_sentence_words:
        opening = " ".join(sentence.split()[:8]).replace("\ue000", "{{…}}")
        yield (
            "XC607",
            f"a sentence of {words} words in `{name}` (“{opening} …”); the brand voice keeps "
            f"sentences to {brand.max_sentence_words}",
        )
    if english and name == "body" and word_count(copy) >= MIN_GRADED_WORDS:
        grade = fk_grade(copy)
        if grade is not None and grade > brand.max_grade:
            yield (
                "XC608",
                f"`body` reads at grade {grade:.1f} (Flesch-Kincaid); the brand voice aims at "
                f"{brand.max_grade:g} or below: shorter sentences and shorter words help",
            )


def _literals(ctx: LintContext) -> list[tuple[str, str]]:
    out = []
    for name, value in ctx.plan.campaign.vars.items():
        if isinstance(value, str):
            text = value.strip()
            if len(text) >= MIN_LITERAL_LENGTH and any(c.isalpha() for c in text):
                out.append((name, text))
    return out


def _copy_findings(
    voice: Voice, literals: list[tuple[str, str]], name: str, source: str, english: bool
) -> list[Said]:
    """Return what XC601 to XC609 say of one field's copy (the same copy, the same words)."""
    said: list[Said] = []
    copy = strip_template(source)
    if name in PROSE_FIELDS:
        prose = _LINKS.sub("\ue000", copy) if "@" in copy or "/" in copy or "www" in copy else copy
        said.extend(_field_findings(voice, name, prose, english))
    for var, value in literals:
        if literal_occurrences(copy, value):
            said.append(
                (
                    "XC609",
                    f"`{value}` is the value of `{var}`: write `{{{{ {var} }}}}` so every "
                    "channel stays in step",
                )
            )
    return said


def check_variant(ctx: LintContext, t_index: int, v_index: int) -> Iterator[Finding]:
    """Yield XC601 to XC609 findings of one variant.

    What a field's copy is found to say depends only on the copy, the field and the locale (and
    the config and the campaign's variables, the same for the whole lint), so it is worked out
    once per lint for copy that several variants share.
    """
    brand = ctx.config.brand
    if brand is None:
        return
    variant = ctx.plan.touchpoints[t_index].variants[v_index]
    locale = variant_locale(ctx.plan, variant)
    opt_out = ctx.limits("sms").opt_out
    voice = ctx.memo(("voice", locale), lambda: voice_for(brand, locale, opt_out))
    literals = ctx.memo("literals", lambda: _literals(ctx))
    english = is_english(locale)
    base: Loc = ("touchpoints", t_index, "variants", v_index)
    for name in CONTENT_FIELDS:
        source = getattr(variant, name)
        if source is None:
            continue
        loc: Loc = (*base, name)
        said = ctx.memo(
            ("brand", locale, name, source),
            partial(_copy_findings, voice, literals, name, source, english),
        )
        for code, message in said:
            yield Finding(code, loc, message)


def check(ctx: LintContext) -> Iterator[Finding]:
    """Yield XC601 to XC609 findings for every variant (nothing without ``[brand]``)."""
    if ctx.config.brand is None:
        return
    for t_index, touchpoint in enumerate(ctx.plan.touchpoints):
        for v_index in range(len(touchpoint.variants)):
            yield from check_variant(ctx, t_index, v_index)
