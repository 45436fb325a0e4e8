"""The rule catalogue: every code, its default severity, and documentation with examples.

This is the single source of ``xcplan rules``, of the severities the engine uses, and of
``docs/rules.md`` (generated from it; a test fails when the two drift).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from xcplan.lint.diagnostics import Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: its code, default severity, one-line summary, explanation and examples."""

    code: str
    severity: Severity
    summary: str
    explanation: str
    bad: str
    good: str
    family: str

    @property
    def fixed(self) -> bool:
        """Whether the rule can be neither ignored nor re-graded (file and schema errors)."""
        return self.code < "XC200"


FAMILIES: Final = {
    "XC0": "File",
    "XC1": "Schema",
    "XC2": "Structure and references",
    "XC3": "Experiments",
    "XC4": "Personalisation",
    "XC5": "Channels",
    "XC6": "Brand voice",
    "XC7": "Journey in time",
    "XC8": "Cost and reach",
}


def _rule(
    code: str, severity: Severity, summary: str, explanation: str, bad: str, good: str
) -> Rule:
    return Rule(
        code,
        severity,
        summary,
        explanation.strip(),
        bad.strip("\n"),
        good.strip("\n"),
        FAMILIES[code[:3]],
    )


_RULES: Final = [
    _rule(
        "XC001",
        E,
        "The file is not valid YAML.",
        """
The file could not be parsed as YAML, or is not UTF-8 text, or holds more than one YAML
document. The line and column are the parser's. Nothing else is checked until it parses.
""",
        """
campaign:
  name: [Spring launch
""",
        """
campaign:
  name: "[Spring launch"
""",
    ),
    _rule(
        "XC002",
        E,
        "Not a plan: the top level is not a mapping or has no `xcplan` key.",
        """
A plan is a YAML mapping whose first key is `xcplan: 1`. A file with a list, a bare value or
nothing at the top level, or a mapping without `xcplan`, is not a plan.
""",
        """
campaign:
  id: spring
""",
        """
xcplan: 1
campaign:
  id: spring
""",
    ),
    _rule(
        "XC003",
        E,
        "Unsupported format version.",
        """
This xcplan reads format version 1. A file that says another version was written for another
xcplan, and is not checked further.
""",
        "xcplan: 2\n",
        "xcplan: 1\n",
    ),
    _rule(
        "XC004",
        E,
        "Duplicate key in a mapping.",
        """
A key appears twice in the same mapping. YAML loaders disagree on which one wins (PyYAML keeps
the last silently), so xcplan refuses the file; the first one is kept for the rest of the check.
""",
        """
campaign:
  name: Spring launch
  name: Spring sale
""",
        """
campaign:
  name: Spring launch
""",
    ),
    _rule(
        "XC005",
        E,
        "Tag, anchor, alias or merge key.",
        """
Plans are read with safe loading only: no tags (`!!python/...`, `!foo`, `!!str`), no anchors
(`&x`) or aliases (`*x`), no merge keys (`<<`). Shared text belongs in `campaign.vars` and is
used as `{{ name }}` in templates, so every channel keeps one source.
""",
        """
campaign:
  vars:
    offer: &offer 15% off
touchpoints:
  - id: hello
    variants:
      - id: a
        body: *offer
""",
        """
campaign:
  vars:
    offer: 15% off
touchpoints:
  - id: hello
    variants:
      - id: a
        body: "{{ offer }}"
""",
    ),
    _rule(
        "XC006",
        E,
        "File over 5 MiB or nested deeper than 64 levels.",
        """
Limits against hostile input. A plan of a few thousand variants is a few hundred kilobytes
and six levels deep; a file past either limit is not parsed further.
""",
        "a: [[[[[[[[[[ ... 65 levels ... ]]]]]]]]]]\n",
        "a: [[1]]\n",
    ),
    _rule(
        "XC101",
        E,
        "Required field missing.",
        """
A field the format requires is absent, null or empty: `xcplan`, `campaign`, `personas`,
`channels` at the top level; `id`, `name`, `objective` in `campaign`; `id` and `name` of personas,
stages and KPIs; `id` and `kind` of channels; `id`, `personas`, `stage`, `channel` and
`variants` of touchpoints; `id` of variants.
""",
        """
campaign:
  id: spring
  name: Spring launch
""",
        """
campaign:
  id: spring
  name: Spring launch
  objective: Get 20,000 app installs by May
""",
    ),
    _rule(
        "XC102",
        E,
        "Unknown field.",
        """
A key the format does not define for this entity; usually a typo, and the message suggests
the closest field. Free-form data belongs in `notes`, `demographics`, `profile` or
`campaign.vars`.
""",
        """
personas:
  - id: nadia
    nmae: Nadia, new app user
""",
        """
personas:
  - id: nadia
    name: Nadia, new app user
""",
    ),
    _rule(
        "XC103",
        E,
        "Wrong type.",
        """
A value of the wrong type: text where a list is expected, a number where text is expected. YAML
1.1 reads some unquoted words as booleans, numbers or dates (`no`, `on`, `1.0`, `2026-03-01`);
in a text field xcplan says how the value was read and how to quote it.
""",
        """
personas:
  - id: ola
    name: Ola
    locale: no
""",
        """
personas:
  - id: ola
    name: Ola
    locale: "no"
""",
    ),
    _rule(
        "XC104",
        E,
        "Invalid value.",
        """
A value of the right type that the format does not allow: an id that breaks the pattern
`^[a-z0-9]+(?:[-_][a-z0-9]+)*$` or is over 64 characters, a choice that is not on the list (with
the closest one suggested), a number out of range, a date that does not exist, a duration not
like `30m`, `23h30m`, `2d` or `1w2d`, a campaign that ends before it starts, an experiment whose
baseline raised by its `mde` is not a rate below 1, a frequency cap `per` of no time (`0m`),
quiet hours that start and end at the same minute, a scenario that takes the name `eager` of the
built-in one.
""",
        """
campaign:
  start: 2026-05-01
  end: 2026-04-01
channels:
  - id: Email
    kind: e-mail
""",
        """
campaign:
  start: 2026-04-01
  end: 2026-05-01
channels:
  - id: email
    kind: email
""",
    ),
    _rule(
        "XC105",
        E,
        "Duplicate id.",
        """
Two personas, channels, stages, KPIs, touchpoints, events or scenarios share an id, or two
variants of one touchpoint do. Ids are how the map, touchpoints and exports refer to things, so
they must be unique among their kind.
""",
        """
channels:
  - id: email
    kind: email
  - id: email
    kind: sms
""",
        """
channels:
  - id: email
    kind: email
  - id: sms
    kind: sms
""",
    ),
    _rule(
        "XC201",
        E,
        "Reference to an unknown persona, stage, channel, KPI, touchpoint or event.",
        """
An id used in `map`, a touchpoint (`personas`, `stage`, `channel`, `after`), an experiment's
`metric`, a KPI's `stage`, a scenario (`persona`, the touchpoints of `expect`) or an event's
`rates` names nothing in the plan. When the plan declares `events`, every `trigger`, `exit_on`
and scenario event must be one of them, so a typo such as `purchse` is caught. The message
suggests the closest id. Stages are the plan's `stages`, or the default journey when it has
none.
""",
        """
map:
  nadia:
    onboarding: [emial]
""",
        """
map:
  nadia:
    onboarding: [email]
""",
    ),
    _rule(
        "XC202",
        E,
        "More than four personas.",
        """
The method builds up to four personas to cover the range of customers; more dilutes the plan.
Merge the closest two, or move one to its own campaign.
""",
        "personas: [five persona entries]\n",
        "personas: [at most four persona entries]\n",
    ),
    _rule(
        "XC203",
        E,
        "No personas.",
        """
Every campaign speaks to someone: a plan needs at least one persona. Start from the library
(`xcplan personas`).
""",
        "personas: []\n",
        """
personas:
  - id: nadia
    name: Nadia, new app user
""",
    ),
    _rule(
        "XC204",
        E,
        "Touchpoint on a cell that `map` does not plan.",
        """
Every persona, stage and channel of a touchpoint must be planned in `map`: the map is the plan
the team agreed, and touchpoints fill it. Add the channel to the persona's stage in `map`, or
move the touchpoint.
""",
        """
map:
  nadia:
    onboarding: [push]
touchpoints:
  - id: welcome
    personas: [nadia]
    stage: onboarding
    channel: email
""",
        """
map:
  nadia:
    onboarding: [push, email]
touchpoints:
  - id: welcome
    personas: [nadia]
    stage: onboarding
    channel: email
""",
    ),
    _rule(
        "XC205",
        W,
        "A planned cell that no touchpoint fills.",
        """
The map plans a channel for a persona in a stage, but no touchpoint sends on it. Write the
touchpoint, or take the channel out of the map.
""",
        """
map:
  nadia:
    onboarding: [push, email]
touchpoints:
  - id: welcome-push
    personas: [nadia]
    stage: onboarding
    channel: push
""",
        """
map:
  nadia:
    onboarding: [push]
touchpoints:
  - id: welcome-push
    personas: [nadia]
    stage: onboarding
    channel: push
""",
    ),
    _rule(
        "XC206",
        W,
        "A persona reached through fewer than three distinct channels.",
        """
Teams that reach customers through three or more channels report far higher retention than
single-channel teams. The rule counts the distinct channel kinds planned for the persona across
the whole journey in `map` (two email channels count once).
""",
        """
map:
  nadia:
    onboarding: [email]
    retention: [email, push]
""",
        """
map:
  nadia:
    onboarding: [email, in-app]
    retention: [email, push]
""",
    ),
    _rule(
        "XC207",
        I,
        "A persona with no channel planned in a stage.",
        """
A stage of the journey where the persona hears nothing. Often deliberate (a lapsed customer
has no onboarding), which is why it is only an info; silence it on the persona with
`ignore: [XC207]` or in `xcplan.toml`. One finding per persona lists all its silent stages.
""",
        """
map:
  nadia:
    onboarding: [email]
""",
        """
personas:
  - id: nadia
    name: Nadia, new app user
    ignore: [XC207]
""",
    ),
    _rule(
        "XC208",
        W,
        "A persona's preferred channel kind is never planned for it.",
        """
The persona says it prefers a kind of channel, but the map never uses a channel of that kind
for it: meet customers where they are.
""",
        """
personas:
  - id: nadia
    preferred_channels: [push, sms]
map:
  nadia:
    onboarding: [push, email]
""",
        """
personas:
  - id: nadia
    preferred_channels: [push, sms]
map:
  nadia:
    onboarding: [push, email]
    purchase: [sms]
""",
    ),
    _rule(
        "XC209",
        E,
        "`after` loops, or links touchpoints that share no persona.",
        """
`after` chains touchpoints in time, so they must not loop, and a touchpoint can only follow
one that reached at least one of the same personas.
""",
        """
touchpoints:
  - id: reminder
    after: follow-up
  - id: follow-up
    after: reminder
""",
        """
touchpoints:
  - id: reminder
    delay: 1d
  - id: follow-up
    after: reminder
""",
    ),
    _rule(
        "XC301",
        E,
        "Weights plus control do not add up to 100.",
        """
When variants carry weights, the weights and the experiment's control group share the whole
audience: together they must be exactly 100 (percent).
""",
        """
experiment:
  control: 10
variants:
  - id: a
    weight: 50
  - id: b
    weight: 50
""",
        """
experiment:
  control: 10
variants:
  - id: a
    weight: 45
  - id: b
    weight: 45
""",
    ),
    _rule(
        "XC302",
        E,
        "Weights on some variants of a touchpoint but not all.",
        """
Weights are all present or all absent (an equal split of what the control leaves). A mix is
ambiguous.
""",
        """
variants:
  - id: a
    weight: 60
  - id: b
""",
        """
variants:
  - id: a
    weight: 60
  - id: b
    weight: 40
""",
    ),
    _rule(
        "XC303",
        W,
        "An experiment with fewer than two arms.",
        """
An experiment compares arms: variants, and the control group when there is one. One variant
and no control compares nothing.
""",
        """
experiment:
  metric: orders
variants:
  - id: a
""",
        """
experiment:
  metric: orders
  control: 10
variants:
  - id: a
""",
    ),
    _rule(
        "XC304",
        W,
        "The audience is too small for the experiment.",
        """
Per arm, the targeted personas' `size` times the arm's share must reach the sample a two-sided
two-proportion z-test needs (alpha 0.05, power 0.8) to detect the relative effect `mde` on the
`baseline` rate:

n = (1.959964 sqrt(2 p(1-p)) + 0.841621 sqrt(p1(1-p1) + p2(1-p2)))^2 / (p2-p1)^2, with
p2 = p1 (1 + mde) and p the mean of p1 and p2, rounded up. A 5% baseline and mde 0.2 need
8,158 per arm. The rule needs `baseline`, `mde` and every targeted persona's `size`. Fix it with
fewer arms, a larger effect to detect, or a larger audience.
""",
        """
personas:
  - id: nadia
    size: 20000
touchpoints:
  - id: welcome
    personas: [nadia]
    experiment: {control: 10, baseline: 0.05, mde: 0.2}
    variants: [{id: a}, {id: b}, {id: c}]
""",
        """
personas:
  - id: nadia
    size: 120000
touchpoints:
  - id: welcome
    personas: [nadia]
    experiment: {control: 10, baseline: 0.05, mde: 0.2}
    variants: [{id: a}, {id: b}, {id: c}]
""",
    ),
    _rule(
        "XC305",
        W,
        "Control group below 2%.",
        """
A control group is what every variant is compared with; under 2% of the audience it is too
small to measure anything. Hold out at least 2%, or none.
""",
        """
experiment:
  control: 1
""",
        """
experiment:
  control: 5
""",
    ),
    _rule(
        "XC401",
        E,
        "Template syntax error.",
        """
A content field is a Jinja2 template, and this one does not parse: an unclosed `{{`, an `{% if %}`
without `{% endif %}`, a stray `%}`. The message gives Jinja2's reason and, for multi-line text,
the line of the text. A template that parses but fails while rendering for one persona's data
(a filter given the wrong kind of value) is reported here too, naming the persona.
""",
        """
body: Hi {{ first_name }, your order is ready.
""",
        """
body: Hi {{ first_name }}, your order is ready.
""",
    ),
    _rule(
        "XC402",
        E,
        "Undefined variable for a targeted persona.",
        """
A template uses a variable that one of the personas it reaches does not provide: neither the
campaign's `vars` nor that persona's `profile` has it (email also has `unsubscribe_url`). The
customer would see "Hi ," or the message would fail. Add the variable to the persona's
`profile`, or guard it with a default: `{{ first_name | default("there") }}`. Uses inside
`{% if first_name is defined %}` count as guarded too.
""",
        """
personas:
  - id: browser
    name: Store browser
    profile: {city: Leeds}
touchpoints:
  - id: hello
    personas: [browser]
    variants:
      - id: a
        body: Hi {{ first_name }}, new in {{ city }} this week.
""",
        """
personas:
  - id: browser
    name: Store browser
    profile: {city: Leeds}
touchpoints:
  - id: hello
    personas: [browser]
    variants:
      - id: a
        body: Hi {{ first_name | default("there") }}, new in {{ city }} this week.
""",
    ),
    _rule(
        "XC403",
        E,
        "Template construct not allowed in the sandbox.",
        """
Templates run in a sandbox and may use only variables, `{% if %}` (with comparisons, `and`,
`or`, `not` and the tests `defined`, `undefined`, `none`, `number`, `string`, `even`, `odd`),
`{% for x in list %}`, and the filters `default`, `upper`, `lower`, `title`, `capitalize`,
`trim`, `truncate`, `replace`, `join`, `length`, `first`, `last`, `round`, `int` and `string`
with literal arguments. Anything else is refused before it can run: attribute or item access
(`x.y`, `x[0]`), calls (`range(10)`), arithmetic, `set`, `include`, `import`, `extends`,
`macro`, other filters. A render that loops more than 10,000 times or writes more than 100,000
characters is stopped.
""",
        """
body: "{{ first_name.upper() }}, {% include 'footer.txt' %}"
""",
        """
body: "{{ first_name | upper }}, see you soon."
""",
    ),
    _rule(
        "XC404",
        W,
        "Locale: a persona with no variant in its language, or a variant nobody reads.",
        """
Variants serve personas by BCP 47 lookup: a variant in `en` serves a persona in `en-GB`; one in
`en-GB` does not serve `en-US`. A variant without `locale` is in the campaign's locale, and so is
a persona without one. The rule reports a targeted persona that no variant of the touchpoint
serves, and a variant that serves none of the targeted personas.
""",
        """
personas:
  - id: ola
    locale: pl-PL
touchpoints:
  - id: hello
    personas: [ola]
    variants:
      - id: a
        locale: en
""",
        """
personas:
  - id: ola
    locale: pl-PL
touchpoints:
  - id: hello
    personas: [ola]
    variants:
      - id: a
        locale: pl
""",
    ),
    _rule(
        "XC501",
        E,
        "A field the channel kind requires is missing or empty.",
        """
Each channel kind has required content fields (format, section 3.3): an email needs `subject` and
`body`; push, web push and in-app need `title` and `body`; web, ads and direct mail need
`headline` and `body`; the others need `body`.
""",
        """
channels:
  - id: email
    kind: email
variants:
  - id: a
    body: Your order is ready.
""",
        """
channels:
  - id: email
    kind: email
variants:
  - id: a
    subject: Your order is ready
    body: Your order is ready.
""",
    ),
    _rule(
        "XC502",
        E,
        "A field the channel kind does not use.",
        """
A content field the channel kind has no place for: a `subject` on an SMS, a `cta` on a push.
It would never reach the customer; the message lists the fields the kind uses.
""",
        """
channels:
  - id: sms
    kind: sms
variants:
  - id: a
    subject: Order update
    body: Your order is ready. Reply STOP to opt out.
""",
        """
channels:
  - id: sms
    kind: sms
variants:
  - id: a
    body: Your order is ready. Reply STOP to opt out.
""",
    ),
    _rule(
        "XC503",
        W,
        "SMS longer than `max_segments` (error above 10).",
        """
An SMS is billed by segment. GSM-7 text holds 160 septets in one segment and 153 per segment
when split (`€ ^ { } [ ] ~ | \\` cost two); one character outside GSM-7 (Polish `ł`, Arabic,
emoji, curly quotes) switches the whole message to UCS-2: 70, then 67 per segment. Segments
are counted on each persona's rendering, the way carriers pack them, and the message names
the encoding, the characters that forced UCS-2 and the persona. Over `max_segments` (default 2)
is a warning; over `hard_max_segments` (default 10) an error.
""",
        """
body: Zażółć gęślą jaźń, {{ first_name }}! Nowa kolekcja już jest w sklepie, a do niedzieli
  dostawa gratis przy zamówieniu od 100 zł. Odpowiedz STOP, aby zrezygnować z wiadomości SMS.
""",
        """
body: "{{ first_name }}, nowa kolekcja już w sklepie. Odpowiedz STOP, aby zrezygnować."
""",
    ),
    _rule(
        "XC504",
        W,
        "Marketing SMS without an opt-out.",
        """
Carrier and CTIA rules ask every marketing SMS to say how to stop receiving them. The rule looks
for the opt-out word (`opt_out` in `[channels.sms]`, default `STOP`) as a whole word in each
persona's rendering. Transactional channels can silence it with `ignore: [XC504]` on the
channel.
""",
        """
body: Your 15% code is {{ offer_code }}.
""",
        """
body: Your 15% code is {{ offer_code }}. Reply STOP to opt out.
""",
    ),
    _rule(
        "XC505",
        W,
        "A field over its recommended length (error over a hard limit).",
        """
Each kind has lengths past which people stop reading or the screen cuts the text (warnings),
and hard limits past which the message is cut or rejected (errors). Defaults: email subject 60
(hard 998), preheader 100; push title 50, body 150; web push 50/120; in-app 50/150; WhatsApp
body 1,024 and header 60 (hard); social 280 X-weighted characters; ads headline 40, body 125;
web headline 70. Characters are code points after NFC, measured on each persona's rendering;
`[channels.KIND]` in `xcplan.toml` overrides any of them (`subject_max`, `body_hard_max`, ...).
""",
        """
subject: "{{ first_name }}, everything you need to know about our brand new spring collection"
""",
        """
subject: "{{ first_name }}, meet the spring collection"
""",
    ),
    _rule(
        "XC506",
        W,
        "Email body without `{{ unsubscribe_url }}`.",
        """
CAN-SPAM requires a working opt-out, and Gmail and Yahoo's bulk-sender rules want one-click
unsubscribe. The sending system fills `{{ unsubscribe_url }}`; every email body must use it.
""",
        """
body: |
  New arrivals are in.
""",
        """
body: |
  New arrivals are in.
  Unsubscribe: {{ unsubscribe_url }}
""",
    ),
    _rule(
        "XC507",
        E,
        "Push payload over 4,096 bytes.",
        """
APNs and FCM refuse payloads over 4 KB. The rule adds the UTF-8 bytes of `title`, `body` and
`url` of each persona's rendering on push and web push channels (`payload_max_bytes` overrides
the limit).
""",
        "body: (a 4,000-character body)\n",
        "body: Your order has shipped.\n",
    ),
    _rule(
        "XC508",
        I,
        "SMS forced into UCS-2 by a character with a GSM-7 look-alike.",
        """
A curly quote, an en or em dash, an ellipsis or a non-breaking space is not GSM-7, so one of
them makes the whole SMS UCS-2 and roughly halves what a segment holds. When only such
characters force UCS-2, the rule names each with its GSM-7 replacement and the segments the
message would take with them replaced.
""",
        """
body: We’re open late tonight – see you soon. Reply STOP to opt out.
""",
        """
body: We're open late tonight - see you soon. Reply STOP to opt out.
""",
    ),
    _rule(
        "XC509",
        E,
        "A hidden character in copy (a warning for invisible ones).",
        """
Copy goes to customers exactly as written, including the characters nobody sees. A control
character (C0 other than tab, line feed and carriage return; DEL; C1) or a byte-order mark is
an error: no message needs one, gateways reject or mangle them, and on a terminal an ESC starts
the sequences that clear the screen, set the window title or write the clipboard. An invisible
character that can hide or disguise text is a warning: the bidi embeddings and overrides
(U+202A to U+202E) reorder what a reader sees, and a zero-width space (U+200B), word joiner
(U+2060) or soft hyphen (U+00AD) splits a word without showing it. Marks that languages need
are allowed: ZWNJ and ZWJ (Persian, emoji sequences), LRM, RLM, ALM and the bidi isolates
(U+2066 to U+2069). The message names each character by its code point and name, such as
`U+200B ZERO WIDTH SPACE`. Copy is the content fields of each variant and the text values of
`campaign.vars`; in every other text of the plan (names, notes, summaries, profiles) control
characters are errors too. Brand terms match through the invisible characters
(`ch\\u200beap` is still `cheap` for XC601 and XC602). Every command shows these characters
as visible marks (`␛`, `⟨RLO⟩`, `⟨ZWSP⟩`), never raw.
""",
        """
body: "Last chance: ch\\u200beap seats, {{ first_name }}! \\u202Eyadot\\u202C only."
""",
        """
body: "Last chance: seats from 19 EUR, {{ first_name }}. Today only."
""",
    ),
    _rule(
        "XC601",
        E,
        "Banned term.",
        """
A term the brand never uses (`banned` in `[brand]`, plus `[brand.locales.TAG] banned` for
copy in that locale). Matching ignores case, works on whole words in every script (Polish
`tanio` is not found inside `potaniowo`; Arabic words match as words, with or without
diacritics), and multi-word terms match across any spacing. Template tags are left out, so
a customer's name never matches.
""",
        """
# xcplan.toml: [brand] banned = ["cheap", "click here"]
body: Cheap flights! Click here.
""",
        """
body: Low fares this week. Book at {{ landing_url }}.
""",
    ),
    _rule(
        "XC602",
        W,
        "A term with a preferred form.",
        """
`[brand.preferred]` maps a wrong form to the preferred one (`"e-mail" = "email"`); the message
names the replacement. Matching works as for XC601.
""",
        """
body: Check your e-mail for the code.
""",
        """
body: Check your email for the code.
""",
    ),
    _rule(
        "XC603",
        W,
        "The brand name written with other casing.",
        """
The brand's `name` in `[brand]`, found as a word in any casing other than its own (`ACME` or
`acme` for `Acme`).
""",
        """
subject: ACME spring sale
""",
        """
subject: Acme spring sale
""",
    ),
    _rule(
        "XC604",
        W,
        "More exclamation marks in a field than `max_exclamations`.",
        """
Counts `!` (and `¡`, `！`; `‼` counts two) in each field; the default allows one.
""",
        """
subject: New in store!!!
""",
        """
subject: New in store!
""",
    ),
    _rule(
        "XC605",
        W,
        "Emoji against the `emoji` policy.",
        """
`emoji = "none"` allows no emoji, `"limited"` (the default) at most one per field, `"any"` any
number. An emoji is counted as people see it: a flag, a family or a thumbs-up with a skin
tone is one.
""",
        """
# emoji = "limited"
subject: Spring is here 🌷🌞🎉
""",
        """
subject: Spring is here 🌷
""",
    ),
    _rule(
        "XC606",
        W,
        "A word of four or more letters in capitals that is not an acronym.",
        """
Capitals read as shouting. Words of four or more letters written all in capitals are reported
unless they are in `acronyms` (global or for the locale), are the SMS opt-out word, or are the
brand's name. Words with digits (`SPRING15`) are codes and are left alone.
""",
        """
body: FREE delivery this weekend only.
""",
        """
body: Free delivery this weekend only.
""",
    ),
    _rule(
        "XC607",
        I,
        "A sentence longer than `max_sentence_words`.",
        """
Long sentences lose readers on small screens. Sentences end at `.`, `!`, `?`, `…` and at line
breaks (not at decimal points, `e.g.` or dots in links); a template variable counts as one
word. The default is 25 words.
""",
        """
body: Our new app lets you order ahead, skip the queue, collect your points, see what is in
  stock at your local store and get offers made for you, every single day of the week.
""",
        """
body: Order ahead and skip the queue. Collect points and get offers made for you.
""",
    ),
    _rule(
        "XC608",
        W,
        "Flesch-Kincaid grade above `max_grade` (English copy only).",
        """
Flesch-Kincaid grade = 0.39 (words / sentences) + 11.8 (syllables / words) - 15.59, with
syllables counted by an English heuristic. The formula was fitted on English text, so it runs
only on variants whose locale is English (`en`, `en-*`), and only on bodies of 20 words or
more, where a grade means something. The default limit is grade 8.
""",
        """
body: This comprehensive announcement concerning organisational modifications necessitates
  considerable deliberation regarding institutional responsibilities and their implementation.
  Subsequent communications will elaborate additional particulars.
""",
        """
body: We are changing how our stores work. Here is what that means for you and your next
  visit, and how to get help if you need it.
""",
    ),
    _rule(
        "XC609",
        I,
        "The literal value of a campaign variable typed in copy.",
        """
When `campaign.vars` holds `offer_code: SPRING15`, copy should say `{{ offer_code }}`, not
`SPRING15`: one source keeps every channel consistent when the offer changes. Text values of at
least four characters with a letter in them are checked (numbers and short values are too
likely to occur by chance), as whole tokens, in every content field.
""",
        """
campaign:
  vars:
    offer_code: SPRING15
body: Use SPRING15 at checkout.
""",
        """
campaign:
  vars:
    offer_code: SPRING15
body: Use {{ offer_code }} at checkout.
""",
    ),
    _rule(
        "XC701",
        W,
        "The frequency cap skips or defers a message.",
        """
A walk (a declared scenario, or the `eager` one of a persona without one) sends more messages of
the counted kinds in one window of the cap's `per` than its `max`. With `action: skip` (the
default) the message over the cap is not sent and the journey goes on as if it had been; with
`action: defer` it waits until the window has room. Either way the plan asks for more than it
allows: space the messages out (a longer `delay`), stop some on an exit event, or send fewer.
The message names the scenario, the window and the messages already in it.
""",
        """
policies:
  frequency_cap: {max: 2, per: 1d}
touchpoints:
  - id: welcome-email      # entry, 09:00
  - id: welcome-push       # entry + 1h
  - id: offer-sms          # after welcome-push, 1h: the third message in a day
    after: welcome-push
    delay: 1h
""",
        """
policies:
  frequency_cap: {max: 2, per: 1d}
touchpoints:
  - id: welcome-email
  - id: welcome-push
  - id: offer-sms
    after: welcome-push
    delay: 1d
""",
    ),
    _rule(
        "XC702",
        E,
        "A scenario's `expect` fails.",
        """
A scenario is the plan's own test: `expect.sent` lists the touchpoints that must reach its
customer (status `sent` or `deferred`), `expect.not_sent` those that must not. The walk did
otherwise: the message says what became of the touchpoint (skipped by the cap, dropped in quiet
hours, cancelled by an event, not reached because its trigger never occurs) and when.
""",
        """
scenarios:
  - id: buys-next-day
    persona: nadia
    events:
      - {event: purchase, at: 1d}
    expect:
      not_sent: [welcome-email]   # sent at entry, before the purchase
""",
        """
scenarios:
  - id: buys-next-day
    persona: nadia
    events:
      - {event: purchase, at: 1d}
    expect:
      sent: [welcome-email]
      not_sent: [reminder-sms]    # exit_on: [purchase], due on day 2
""",
    ),
    _rule(
        "XC703",
        W,
        "Two touchpoints of one flow reach a customer at once on two channels.",
        """
A flow is the touchpoints linked by `after`, from one root. Two of them reach the customer on
two channels within the plan's `min_gap` of each other, or in the same minute when the plan
sets no `min_gap`: the customer is hit twice at once, which reads as two campaigns, not one
journey. `min_gap` itself holds apart only the counted kinds; this rule sees every channel.
Give one of them a `delay`.
""",
        """
touchpoints:
  - id: welcome-push
    trigger: app_installed
  - id: welcome-card        # in-app, the same minute as the push
    after: welcome-push
""",
        """
touchpoints:
  - id: welcome-push
    trigger: app_installed
  - id: welcome-card
    after: welcome-push
    delay: 1d
""",
    ),
    _rule(
        "XC704",
        W,
        "A touchpoint does not stop on an exit event that an earlier one of its flow stops on.",
        """
Suppression across channels: when a touchpoint of a flow stops on an event (`exit_on:
[purchase]`), the touchpoints that come after it in the same flow, or at the same time, should
stop on it too. Otherwise a customer who bought after the email still gets the SMS. Add the
event to the later touchpoint's `exit_on`.
""",
        """
touchpoints:
  - id: cart-email
    trigger: cart_abandoned
    exit_on: [purchase]
  - id: cart-sms
    after: cart-email
    delay: 1d
""",
        """
touchpoints:
  - id: cart-email
    trigger: cart_abandoned
    exit_on: [purchase]
  - id: cart-sms
    after: cart-email
    delay: 1d
    exit_on: [purchase]
""",
    ),
    _rule(
        "XC705",
        I,
        "Quiet hours move a message (info), or drop it (warning).",
        """
A message of a kind that quiet hours hold back (by default sms, push, web_push, whatsapp and
call_center) falls due inside the window in a walk. With `action: defer` (the default) it moves
to the window's end, which this info names; with `action: drop` it is not sent at all, a
warning. Shift the trigger's `delay`, or accept the move.
""",
        """
policies:
  quiet_hours: {start: "21:00", end: "08:00", action: drop}
scenarios:
  - id: evening-install
    persona: nadia
    start: 2026-04-01T20:30
    events:
      - {event: app_installed, at: 0m}   # welcome-push is due at 21:30
""",
        """
policies:
  quiet_hours: {start: "21:00", end: "08:00"}   # defer: it moves to 08:00 (an info)
""",
    ),
    _rule(
        "XC706",
        W,
        "A message is sent after the campaign's `end`.",
        """
In a walk, a message reaches the customer on a day after `campaign.end`: its offer or its dates
may no longer hold. Shorten the delays, end the campaign later, or stop the message on an
event. Walks of a campaign without a `start` that enter on the fixed day 1 have no real dates
and are not checked.
""",
        """
campaign:
  start: 2026-04-01
  end: 2026-04-30
touchpoints:
  - id: last-chance-email
    delay: 5w
""",
        """
campaign:
  start: 2026-04-01
  end: 2026-04-30
touchpoints:
  - id: last-chance-email
    delay: 3w
""",
    ),
    _rule(
        "XC707",
        I,
        "A touchpoint that none of its persona's declared scenarios sends.",
        """
A persona has scenarios, but none of them walks its customer to this touchpoint: its trigger
never occurs in them, or it is cancelled, skipped or dropped in each. The scenarios are the
plan's tests, so this message is untested. Add a scenario in which it is sent (the message says
what happened to it in the first one). Personas without scenarios are walked by `eager` instead.
""",
        """
scenarios:
  - id: installs
    persona: nadia
    events:
      - {event: app_installed, at: 0m}
touchpoints:
  - id: cart-sms
    personas: [nadia]
    trigger: cart_abandoned
""",
        """
scenarios:
  - id: installs-and-leaves-a-cart
    persona: nadia
    events:
      - {event: app_installed, at: 0m}
      - {event: cart_abandoned, at: 1d}
""",
    ),
    # Cost and reach (format, section 11): only where xcplan.toml has [costs].
    _rule(
        "XC801",
        W,
        "The estimated cost is over the campaign's `budget`.",
        """
The estimate of format section 11 adds up, for every touchpoint, variant and persona with a
`size`, the messages it sends (the persona's size, times the variant's share after the control
group, times the rates of the events that start and stop it) times their price in `[costs]` of
`xcplan.toml` (for SMS: times the segments of the persona's rendering). When the total is over
`campaign.budget`, the rule names the total, the budget, how far over it is and the three most
expensive touchpoints. `xcplan cost PLAN` shows the whole estimate. The rule runs only where
`xcplan.toml` has a `[costs]` table.
""",
        """
# xcplan.toml: [costs] sms = 0.045
campaign:
  budget: 500
  currency: EUR
personas:
  - id: nadia
    size: 12000
touchpoints:
  - id: sms-welcome
    channel: sms
    variants:
      - id: a
        body: Żółte kwiaty czekają na Ciebie w sklepie Acme. Odpowiedz STOP, by zrezygnować.
""",
        """
# 12,000 x 2 segments x 0.045 EUR = 1,080.00 EUR: the budget covers it
campaign:
  budget: 1200
  currency: EUR
""",
    ),
    _rule(
        "XC802",
        I,
        "One character makes a touchpoint's SMS cost more.",
        """
A single character outside GSM-7 (a Polish `ł`, a curly quote) switches the whole SMS to UCS-2,
where a segment holds 70 characters instead of 160; one character too many starts a new
segment. Either way every customer of the touchpoint's audience is billed the extra segment.
The rule finds an SMS whose only non-GSM-7 character is one the copy wrote (not a persona's
own data, such as a name), or that would take a segment less one character shorter, and names
the character, the segments and what it costs in the plan's currency over the whole
audience. Runs only where `xcplan.toml` has a `[costs]` table with an `sms` price.
""",
        """
# 48,000 customers, [costs.locales.pl] sms = 0.032
body: Twój koszyk czeka. Kod WIOSNA20 da Ci 20% rabatu do niedzieli w sklepie Acme. Odpowiedz STOP.
""",
        """
body: Twoj koszyk czeka. Kod WIOSNA20 da Ci 20% rabatu do niedzieli w sklepie Acme. Odpowiedz STOP.
""",
    ),
]

RULES: Final[dict[str, Rule]] = {rule.code: rule for rule in _RULES}


def default_severity(code: str) -> Severity:
    """Return the default severity of a rule (error for an unknown code)."""
    rule = RULES.get(code)
    return rule.severity if rule is not None else Severity.ERROR


def is_fixed(code: str) -> bool:
    """Return whether a code can be neither ignored nor re-graded."""
    return code < "XC200"
