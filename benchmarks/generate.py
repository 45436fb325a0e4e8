"""Generate valid, realistic campaign plans of growing size for the benchmarks.

Run from the repository root, in the dev venv::

    python benchmarks/generate.py                   # every generated size
    python benchmarks/generate.py small 2700        # some of them
    python benchmarks/generate.py --custom 2 5 4 3 2 --out /tmp/plans   # any shape
    python benchmarks/generate.py --list            # the sizes and their shapes

A plan's shape is personas (1 to 4) x stages (1 to 7, the default journey in order) x channels
(3 to 6, each of a different kind: email, sms, push, in_app, web, social) x touchpoints per cell
x variants per touchpoint. The map plans every (persona, stage, channel) cell and each cell is
filled by touchpoints that target its persona, chained with ``after`` and ``delay``. A touchpoint
with two or more variants runs an experiment: weights plus a control group add up to exactly 100.

The same shape and seed give the same bytes. Plans are written in canonical form (the model is
built, validated by pydantic and written with ``xcplan.io.canonical.dump_plan``) to
``benchmarks/_generated/`` with a copy of ``examples/xcplan.toml`` next to them, so the brand-voice
rules run on them as they do on the examples. Each plan is then checked in-process: it must have
no errors and no warnings from ``xcplan validate`` (infos are allowed), and its copy, rendered for
every persona, must stay inside the channel limits of CHANNELS.md. ``ensure`` regenerates only
the plans that are missing or stale (``manifest.json`` records what made each file).

Only the standard library and xcplan itself are used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
import shutil
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import xcplan
from xcplan.io.canonical import dump_plan
from xcplan.io.config import load_config
from xcplan.lint.diagnostics import Severity
from xcplan.lint.engine import check_bytes
from xcplan.model.kinds import DEFAULT_STAGE_IDS, default_stage_name
from xcplan.model.plan import Plan
from xcplan.render.measure import char_count, measure_sms, utf8_bytes, weighted_length

ROOT: Final = Path(__file__).resolve().parent.parent
BENCH_DIR: Final = ROOT / "benchmarks"
OUT_DIR: Final = BENCH_DIR / "_generated"
EXAMPLES: Final = ROOT / "examples"
RETAIL: Final = EXAMPLES / "retail-app-launch.yaml"
CONFIG: Final = EXAMPLES / "xcplan.toml"
MANIFEST: Final = "manifest.json"
DEFAULT_SEED: Final = 20260401
MAX_BYTES: Final = 5 * 1024 * 1024  # XC006: a bigger file is not parsed at all
PERSONA_SIZE: Final = 500_000
MAX_VARIANTS: Final = 10
MIN_CHANNELS: Final = 3  # fewer would reach a persona through under three channels (XC206)


@dataclass(frozen=True, slots=True)
class Shape:
    """The size of a generated plan: how many of each thing it holds."""

    personas: int
    stages: int
    channels: int
    touchpoints: int  # per (persona, stage, channel) cell
    variants: int  # per touchpoint

    def __post_init__(self) -> None:
        limits = {
            "personas": (self.personas, 1, len(PERSONAS)),
            "stages": (self.stages, 1, len(DEFAULT_STAGE_IDS)),
            "channels": (self.channels, MIN_CHANNELS, len(CHANNELS)),
            "touchpoints": (self.touchpoints, 1, 99),
            "variants": (self.variants, 1, MAX_VARIANTS),
        }
        for name, (value, low, high) in limits.items():
            if not low <= value <= high:
                raise ValueError(f"{name} must be {low} to {high}, not {value}")

    @property
    def cells(self) -> int:
        """Return how many (persona, stage, channel) cells the map plans."""
        return self.personas * self.stages * self.channels

    @property
    def total_touchpoints(self) -> int:
        """Return how many touchpoints the plan holds."""
        return self.cells * self.touchpoints

    @property
    def total_variants(self) -> int:
        """Return how many variants the plan holds."""
        return self.total_touchpoints * self.variants

    def describe(self) -> str:
        """Return the shape as ``P x S x C x T x V = N variants``."""
        return (
            f"{self.personas} x {self.stages} x {self.channels} x {self.touchpoints} x "
            f"{self.variants} = {self.total_variants:,} variants"
        )


CAMPAIGN_VARS: Final[dict[str, str]] = {
    "offer_code": "SPRING15",
    "discount": "15%",
    "offer_end": "30 April",
    "shop_url": "https://acme.example/spring",
    "app_url": "https://acme.example/app",
    "hashtag": "#AcmeSpring",
}

PERSONAS: Final[tuple[dict[str, Any], ...]] = (
    {
        "id": "new-app-user",
        "name": "Nadia, new app user",
        "summary": "Installed the Acme app last month after a store visit. Browses on her phone "
        "in the evening and has not ordered in the app yet.",
        "lifecycle": "new",
        "demographics": {"age": "25-34", "location": "Leeds and West Yorkshire"},
        "goals": ["Find out what the app can do for her", "Get a good first order"],
        "pain_points": ["Too many notifications from other apps"],
        "behaviors": ["Opens push messages in the evening", "Saves items to a wishlist"],
        "motivations": ["Saving time", "Trying new things for her flat"],
        "preferred": ["push", "in_app", "email"],
        "profile": {"first_name": "Nadia", "city": "Leeds"},
    },
    {
        "id": "deal-seeker",
        "name": "Dana, deal seeker",
        "summary": "Shops online at Acme every few weeks and waits for a discount before she "
        "buys. Reads deal emails at lunch and SMS at once.",
        "lifecycle": "active",
        "demographics": {"age": "35-44", "location": "Bristol and the South West"},
        "goals": ["Get a good price on things she already wants"],
        "pain_points": ["Codes that run out before she gets round to using them"],
        "behaviors": ["Compares prices on her phone before she buys"],
        "motivations": ["Saving money", "Feeling smart about a good find"],
        "preferred": ["email", "sms", "web"],
        "profile": {"first_name": "Dana", "city": "Bristol"},
    },
    {
        "id": "loyal-regular",
        "name": "Leo, loyal regular",
        "summary": "A VIP member for six years who visits his local store most weeks. Trusts "
        "Acme and likes to be thanked for it.",
        "lifecycle": "loyal",
        "demographics": {"age": "45-54", "location": "Glasgow and the West of Scotland"},
        "goals": ["Keep track of his points", "Hear about new things first"],
        "pain_points": ["Queues at the till on Saturdays"],
        "behaviors": ["Shops in store weekly and online for bulky items"],
        "motivations": ["Being recognised as a valued customer"],
        "preferred": ["email", "in_app", "social"],
        "profile": {"first_name": "Leo", "city": "Glasgow"},
    },
    {
        "id": "lapsed-shopper",
        "name": "Priya, lapsed shopper",
        "summary": "Bought kidswear from Acme often until last year, then moved to a rival with "
        "faster delivery. Still opens the odd email.",
        "lifecycle": "lapsed",
        "demographics": {"age": "35-44", "location": "Cardiff and South Wales"},
        "goals": ["Get the school basics sorted with little effort"],
        "pain_points": ["Slow delivery the last time she ordered"],
        "behaviors": ["Shops late in the evening on her phone"],
        "motivations": ["Convenience", "Good value for growing kids"],
        "preferred": ["email", "sms", "social"],
        "profile": {"first_name": "Priya", "city": "Cardiff"},
    },
)

# id, kind, name, owner, sender, what one message on it is called (for touchpoint names)
CHANNELS: Final[tuple[tuple[str, str, str, str, str, str], ...]] = (
    ("email", "email", "Acme email", "CRM team", "Acme <hello@acme.example>", "email"),
    ("sms", "sms", "Marketing SMS", "CRM team", "Acme", "SMS"),
    ("push", "push", "App push", "Mobile team", "Acme app", "push"),
    ("in-app", "in_app", "In-app messages", "Mobile team", "Acme app", "in-app card"),
    ("site-banner", "web", "Website banner", "Ecommerce team", "Acme website", "banner"),
    ("instagram", "social", "Instagram", "Social team", "@acmestores", "post"),
)


SIZES: Final[dict[str, Shape | None]] = {
    "retail": None,  # the real example plan, examples/retail-app-launch.yaml
    "small": Shape(1, 3, 3, 1, 2),
    "medium": Shape(2, 7, 4, 1, 3),
    "2700": Shape(4, 7, 6, 4, 4),
    "large": Shape(4, 7, 6, 8, 4),
    "xl": Shape(4, 7, 6, 12, 4),
}
"""The sizes the benchmarks use, smallest first; ``None`` is the real example file."""


@dataclass(frozen=True, slots=True)
class StageCopy:
    """What a stage is for, and the copy its messages are made of.

    Titles stay under 36 characters and lines under 100, so every channel's field fits its
    limit with the longest first name and campaign variable in it. Sentences are short and the
    words plain, to keep the Flesch-Kincaid grade well under 8.
    """

    goal: str
    kpi: str
    kpi_name: str
    baseline: float
    trigger: str
    exit_on: tuple[str, ...]
    purposes: tuple[str, ...]
    titles: tuple[str, ...]
    lines: tuple[str, ...]
    ctas: tuple[str, ...]


_OFFER: Final = "Get {{ discount }} off with code {{ offer_code }} until {{ offer_end }}."

STAGE_COPY: Final[dict[str, StageCopy]] = {
    "awareness": StageCopy(
        goal="Tell people the spring range is in and the offer is on.",
        kpi="visit-rate",
        kpi_name="Visits from people reached",
        baseline=0.04,
        trigger="season_launch",
        exit_on=("purchase",),
        purposes=("Spring launch", "New range", "Style ideas", "Local store news"),
        titles=(
            "Spring is here at Acme",
            "New season, fresh picks",
            "Your home, ready for spring",
            "Bright new looks are in",
            "Fresh ideas for every room",
        ),
        lines=(
            "Our spring range is in, with new homeware, garden kit and kitchen finds.",
            "Fresh colours and new shapes have landed in store and online.",
            "See what is new this week and pick your favourites early.",
            "We have picked new things we think you will like.",
            "New in at Acme {{ city }}: bright pots, soft throws and more.",
        ),
        ctas=("See what is new", "Take a look", "Shop spring"),
    ),
    "consideration": StageCopy(
        goal="Help people compare and save the things they like.",
        kpi="wishlist-rate",
        kpi_name="Wishlist saves",
        baseline=0.06,
        trigger="product_viewed",
        exit_on=("purchase",),
        purposes=("Back in stock", "Top picks", "Compare and save", "Reviews round-up"),
        titles=(
            "Still thinking it over?",
            "Our top picks for you",
            "Loved by people in your area",
            "Save it for later",
            "The best of spring, side by side",
        ),
        lines=(
            "The things you looked at are still in stock, in store and online.",
            "Save your picks to your wishlist and we will tell you if the price drops.",
            "Read what other shoppers say before you choose.",
            "Check stock at your {{ city }} store before you go.",
            "Compare sizes and colours in one place.",
        ),
        ctas=("See my picks", "Compare now", "Save for later"),
    ),
    "purchase": StageCopy(
        goal="Turn interest into a first spring order.",
        kpi="order-rate",
        kpi_name="Orders from people reached",
        baseline=0.05,
        trigger="cart_abandoned",
        exit_on=("purchase",),
        purposes=("Cart reminder", "Offer reminder", "Last chance", "Free delivery"),
        titles=(
            "Your basket is waiting",
            "Your code is ready to use",
            "A little something off your order",
            "Free delivery this week",
            "Do not miss your spring offer",
        ),
        lines=(
            "The things in your basket are saved for you.",
            "Your code works online, in the app and in store.",
            "Order by 8pm and get it the next day.",
            "Pay in store or online, and pick up in {{ city }} if you like.",
            "It only takes a minute to finish your order.",
        ),
        ctas=("Finish my order", "Use my code", "Shop now"),
    ),
    "onboarding": StageCopy(
        goal="Make the first weeks after a first order easy.",
        kpi="setup-rate",
        kpi_name="Accounts set up in full",
        baseline=0.3,
        trigger="first_purchase",
        exit_on=(),
        purposes=("Welcome", "Order tracking", "App tour", "Set your store"),
        titles=(
            "Welcome to Acme",
            "Thanks for your first order",
            "Track your order in the app",
            "Set your home store",
            "Here is how it all works",
        ),
        lines=(
            "You can track your order, change your slot and get help in the app.",
            "Set {{ city }} as your home store to see what is in stock near you.",
            "Turn on alerts and we will tell you when your order is on its way.",
            "Save your sizes once and we will remember them next time.",
            "Questions? Our team is here to help seven days a week.",
        ),
        ctas=("Track my order", "Set my store", "Start the tour"),
    ),
    "retention": StageCopy(
        goal="Bring first-time buyers back for a second order.",
        kpi="repeat-rate",
        kpi_name="Second orders within 60 days",
        baseline=0.12,
        trigger="order_delivered",
        exit_on=(),
        purposes=("Weekly picks", "Restock reminder", "Price drop", "How to care for it"),
        titles=(
            "New picks for you this week",
            "Time for a top-up?",
            "A price drop on your wishlist",
            "Make the most of your order",
            "More ideas for your home",
        ),
        lines=(
            "We picked new things to go with your last order.",
            "Running low? Order again in two taps.",
            "An item on your wishlist just dropped in price.",
            "Here are a few tips to keep your new things looking good.",
            "New stock lands at Acme {{ city }} every Thursday.",
        ),
        ctas=("See my picks", "Buy it again", "Read the tips"),
    ),
    "loyalty": StageCopy(
        goal="Thank regular customers and grow their points.",
        kpi="points-rate",
        kpi_name="Members who earn points each month",
        baseline=0.2,
        trigger="points_earned",
        exit_on=(),
        purposes=("Double points", "Member event", "Points update", "Early access"),
        titles=(
            "Double points this weekend",
            "You are invited to our member night",
            "Your points update",
            "Early access, just for members",
            "Thank you for shopping with us",
        ),
        lines=(
            "Earn double points on every order this weekend, in store and online.",
            "Join us at Acme {{ city }} for a members' evening with early access.",
            "Your points are ready to spend on anything in the spring range.",
            "Members get to shop the new range a day before everyone else.",
            "Thank you for being with us. Here is a little extra for you.",
        ),
        ctas=("See my points", "Book my place", "Shop early"),
    ),
    "winback": StageCopy(
        goal="Win back customers who have not ordered for a while.",
        kpi="return-rate",
        kpi_name="Lapsed customers who order again",
        baseline=0.03,
        trigger="inactive_60_days",
        exit_on=("purchase",),
        purposes=("We miss you", "What is new", "Come back offer", "Last call"),
        titles=(
            "We miss you",
            "A lot has changed at Acme",
            "Come back for a treat",
            "It has been a while",
            "One last spring offer for you",
        ),
        lines=(
            "Delivery is now faster, and most orders arrive the next day.",
            "We have a new spring range and a new app to shop it in.",
            "Come back and see what is new in store and online.",
            "Your account and wishlist are still here for you.",
            "Pop in to Acme {{ city }} and say hello.",
        ),
        ctas=("Come back", "See what is new", "Use my offer"),
    ),
}

HYPOTHESES: Final = (
    "Naming the offer up front gets more responses than leading with the range.",
    "Using the first name gets more responses than a general message.",
    "A short message gets more responses than a longer one.",
    "Naming the local store gets more responses than naming the brand alone.",
)
DELAYS: Final = ("1d", "2d", "3d", "1w")
SOCIAL_EMOJI: Final = ("🌷", "🌼", "🏡", "")
UNSUBSCRIBE: Final = (
    "Do not want these emails? Unsubscribe here: {{ unsubscribe_url }}",
    "You can unsubscribe at any time: {{ unsubscribe_url }}",
    "Unsubscribe: {{ unsubscribe_url }}",
)


def _pick(rng: random.Random, pool: Sequence[str], count: int) -> list[str]:
    """Return ``count`` items of ``pool``, distinct while the pool lasts."""
    out: list[str] = []
    while len(out) < count:
        out.extend(rng.sample(list(pool), min(len(pool), count - len(out))))
    return out


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _content(
    kind: str, copy: StageCopy, rng: random.Random, title: str, line: str
) -> dict[str, str]:
    """Return the content fields of one variant on a channel kind (only the fields it allows)."""
    cta = rng.choice(copy.ctas)
    greet = rng.random() < 0.5
    if kind == "email":
        second = rng.choice([ln for ln in copy.lines if ln != line])
        unsubscribe = rng.choice(UNSUBSCRIBE)
        body = (
            f"Hi {{{{ first_name }}}},\n\n{line} {second}\n\n{_OFFER}\n\n"
            f"{cta}: {{{{ shop_url }}}}\n\n{unsubscribe}\n"
        )
        subject = f"{{{{ first_name }}}}, {_lower_first(title)}" if greet else title
        return {
            "subject": subject,
            "preheader": line,
            "body": body,
            "cta": cta,
            "url": "{{ shop_url }}",
        }
    if kind == "sms":
        return {
            "body": f"Acme: Hi {{{{ first_name }}}}. {line} Code {{{{ offer_code }}}} gives you "
            "{{ discount }} off. {{ shop_url }} Reply STOP to opt out."
        }
    if kind == "push":
        body = f"{line} Use code {{{{ offer_code }}}}." if rng.random() < 0.5 else line
        return {
            "title": f"{{{{ first_name }}}}, {_lower_first(title)}" if greet else title,
            "body": body,
            "url": "{{ app_url }}",
        }
    if kind == "in_app":
        return {"title": title, "body": line, "cta": cta}
    if kind == "web":
        return {
            "headline": title,
            "body": f"{line} {_OFFER}",
            "cta": cta,
            "url": "{{ shop_url }}",
        }
    if kind == "social":
        emoji = rng.choice(SOCIAL_EMOJI)
        tail = f" {emoji}" if emoji else ""
        return {
            "body": f"{title}. {line} {_OFFER} {{{{ hashtag }}}} {{{{ shop_url }}}}{tail}",
        }
    raise ValueError(f"no copy for channel kind {kind!r}")


def _weights(variants: int) -> tuple[float, list[float]]:
    """Return the control share and the variant weights, adding up to exactly 100.

    Weights are whole or half percents (exact in binary floating point); the control takes the
    rest, at least 10%.
    """
    weight = int(90 / variants * 2) / 2
    control = 100 - weight * variants
    return control, [weight] * variants


def _variants_and_experiment(
    kind: str, copy: StageCopy, shape: Shape, rng: random.Random
) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    titles = _pick(rng, copy.titles, shape.variants)
    lines = _pick(rng, copy.lines, shape.variants)
    ids = "abcdefghij"
    if shape.variants == 1:
        return [{"id": "a", **_content(kind, copy, rng, titles[0], lines[0])}], None
    control, weights = _weights(shape.variants)
    variants = [
        {"id": ids[i], "weight": weights[i], **_content(kind, copy, rng, titles[i], lines[i])}
        for i in range(shape.variants)
    ]
    experiment = {
        "control": control,
        "metric": copy.kpi,
        "hypothesis": rng.choice(HYPOTHESES),
        "baseline": copy.baseline,
        "mde": 0.2,
    }
    return variants, experiment


def build_plan_data(shape: Shape, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """Return the plain data of a plan of ``shape``; the same shape and seed give the same data."""
    rng = random.Random(seed)
    personas = PERSONAS[: shape.personas]
    channels = CHANNELS[: shape.channels]
    stage_ids = DEFAULT_STAGE_IDS[: shape.stages]
    kinds = {kind for _, kind, *_ in channels}

    campaign: dict[str, Any] = {
        "id": "acme-spring",
        "name": "Acme spring range",
        "objective": "Get every kind of customer to see the spring range, order from it and "
        "come back for more.",
        "owner": "Lifecycle marketing (Sam Ortiz)",
        "start": dt.date(2026, 3, 2),
        "end": dt.date(2026, 4, 30),
        "vars": dict(CAMPAIGN_VARS),
        "kpis": [
            {
                "id": STAGE_COPY[sid].kpi,
                "name": STAGE_COPY[sid].kpi_name,
                "metric": f"{STAGE_COPY[sid].kpi_name} divided by people reached",
                "target": round(STAGE_COPY[sid].baseline * 120, 1),
                "unit": "%",
                "stage": sid,
            }
            for sid in stage_ids
        ],
        "notes": f"Generated by benchmarks/generate.py: {shape.describe()}, seed {seed}.",
    }
    persona_data = []
    for persona in personas:
        entry = {k: v for k, v in persona.items() if k != "preferred"}
        entry["size"] = PERSONA_SIZE
        entry["locale"] = "en-GB"
        entry["preferred_channels"] = [k for k in persona["preferred"] if k in kinds]
        # The eager walk starts every stage's first touchpoint at once, far over the cap of 4 a
        # week: the walk and the rule run in full, and the persona silences what they find.
        entry["notes"] = (
            "Generated: in the eager walk every stage starts at once, so the frequency cap skips "
            "most messages (XC701, silenced here)."
        )
        entry["ignore"] = ["XC701"]
        persona_data.append(entry)

    channel_data = [
        {"id": cid, "kind": kind, "name": name, "owner": owner, "sender": sender}
        for cid, kind, name, owner, sender, _ in channels
    ]
    channel_ids = [cid for cid, *_ in channels]
    plan: dict[str, Any] = {
        "xcplan": 1,
        "campaign": campaign,
        "personas": persona_data,
        "channels": channel_data,
    }
    if shape.stages < len(DEFAULT_STAGE_IDS):
        plan["stages"] = [
            {"id": sid, "name": default_stage_name(sid), "goal": STAGE_COPY[sid].goal}
            for sid in stage_ids
        ]
    plan["map"] = {
        persona["id"]: {sid: list(channel_ids) for sid in stage_ids} for persona in personas
    }

    touchpoints: list[dict[str, Any]] = []
    for persona in personas:
        for sid in stage_ids:
            copy = STAGE_COPY[sid]
            for cid, kind, *_, label in channels:
                previous: str | None = None
                for n in range(1, shape.touchpoints + 1):
                    tid = f"{persona['id']}-{sid}-{cid}-{n}"
                    purpose = copy.purposes[(n - 1) % len(copy.purposes)]
                    round_ = (n - 1) // len(copy.purposes)
                    touchpoint: dict[str, Any] = {
                        "id": tid,
                        "name": f"{purpose} {label}" + (f" {round_ + 1}" if round_ else ""),
                        "personas": [persona["id"]],
                        "stage": sid,
                        "channel": cid,
                    }
                    if previous is None:
                        touchpoint["trigger"] = copy.trigger
                    else:
                        touchpoint["after"] = previous
                        touchpoint["delay"] = rng.choice(DELAYS)
                    if copy.exit_on:
                        touchpoint["exit_on"] = list(copy.exit_on)
                    variants, experiment = _variants_and_experiment(kind, copy, shape, rng)
                    if experiment is not None:
                        touchpoint["experiment"] = experiment
                    touchpoint["variants"] = variants
                    touchpoints.append(touchpoint)
                    previous = tid
    plan["touchpoints"] = touchpoints
    plan["policies"] = {
        "frequency_cap": {"max": 4, "per": "1w"},
        "quiet_hours": {"start": "21:00", "end": "08:00"},
    }
    return plan


def build_plan(shape: Shape, seed: int = DEFAULT_SEED) -> Plan:
    """Return the validated model of a plan of ``shape``."""
    return Plan.model_validate(build_plan_data(shape, seed))


def plan_text(plan: Plan) -> str:
    """Return the canonical YAML text of ``plan``; raise ``ValueError`` if it is 5 MiB or more."""
    text = dump_plan(plan)
    size = len(text.encode("utf-8"))
    if size >= MAX_BYTES:
        raise ValueError(f"the plan is {size:,} bytes, over the 5 MiB file limit (XC006)")
    return text


# Channel limits of CHANNELS.md (defaults, and examples/xcplan.toml's subject_max = 60).
_LIMITS: Final[dict[tuple[str, str], int]] = {
    ("email", "subject"): 60,
    ("email", "preheader"): 100,
    ("push", "title"): 50,
    ("push", "body"): 150,
    ("in_app", "title"): 50,
    ("in_app", "body"): 150,
    ("web", "headline"): 70,
}
_VARIABLE: Final = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")


def _render(template: str, values: dict[str, Any]) -> str:
    """Return ``template`` with each ``{{ name }}`` replaced by its value."""
    return _VARIABLE.sub(lambda match: str(values[match.group(1)]), template)


def copy_problems(plan: Plan) -> list[str]:
    """Return where rendered copy breaks a channel limit of CHANNELS.md (empty when none).

    Templates are rendered for each targeted persona by plain substitution (the generator only
    writes ``{{ name }}`` tags), which checks the copy even where xcplan's own channel rules
    are not written yet.
    """
    kinds = {channel.id: channel.kind for channel in plan.channels}
    profiles = {persona.id: persona.profile for persona in plan.personas}
    problems: list[str] = []
    for touchpoint in plan.touchpoints:
        kind = kinds[touchpoint.channel]
        for persona_id in touchpoint.personas:
            values = {
                **plan.campaign.vars,
                **profiles[persona_id],
                "unsubscribe_url": "https://acme.example/u/0123456789abcdef",
            }
            for variant in touchpoint.variants:
                where = f"{touchpoint.id}/{variant.id}/{persona_id}"
                fields = {
                    name: _render(value, values)
                    for name in ("subject", "preheader", "title", "headline", "body", "cta", "url")
                    if isinstance(value := getattr(variant, name), str)
                }
                problems.extend(_field_problems(kind, fields, where))
                if kind == "email" and "{{ unsubscribe_url }}" not in (variant.body or ""):
                    problems.append(f"{where}: email body without {{{{ unsubscribe_url }}}}")
    return problems


def _field_problems(kind: str, fields: dict[str, str], where: str) -> Iterable[str]:
    for name, text in fields.items():
        limit = _LIMITS.get((kind, name))
        if limit is not None and char_count(text) > limit:
            yield f"{where}: {kind} {name} is {char_count(text)} characters, over {limit}"
        if text.count("!") > 1:
            yield f"{where}: {name} has more than one exclamation mark"
    body = fields.get("body", "")
    if kind == "sms":
        sms = measure_sms(body)
        if sms.encoding != "GSM-7" or sms.segments > 2:
            yield f"{where}: SMS is {sms.encoding} in {sms.segments} segments"
        if "Reply STOP to opt out" not in body:
            yield f"{where}: SMS without the opt-out"
    if kind == "social" and weighted_length(body) > 280:
        yield f"{where}: social body weighs {weighted_length(body)}, over 280"
    if kind == "push":
        payload = sum(utf8_bytes(fields.get(name, "")) for name in ("title", "body", "url"))
        if payload > 4096:
            yield f"{where}: push payload is {payload} bytes"


def lint_counts(path: Path, config: Path | None = CONFIG) -> dict[str, int]:
    """Return how many errors, warnings and infos ``xcplan validate`` finds in ``path``.

    Runs xcplan's checker in-process with ``config`` (the examples' ``xcplan.toml`` by default).
    """
    result = check_bytes(
        path.read_bytes(), str(path), load_config(config) if config is not None else None
    )
    counts = {severity.value: 0 for severity in Severity}
    for diagnostic in result.diagnostics:
        counts[diagnostic.severity.value] += 1
    return counts


def _fingerprint(shape: Shape, seed: int) -> str:
    """Return what the text of a plan depends on: this script, the writer, the model, the shape."""
    digest = hashlib.sha256()
    digest.update(f"{xcplan.__version__}|{shape}|{seed}".encode())
    package = Path(xcplan.__file__).resolve().parent
    for source in (
        Path(__file__).resolve(),
        package / "io" / "canonical.py",
        package / "model" / "plan.py",
    ):
        digest.update(source.read_bytes())
    return digest.hexdigest()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def plan_path(size: str, out_dir: Path = OUT_DIR) -> Path:
    """Return the file of a size: the real example for ``retail``, else ``out_dir/SIZE.yaml``."""
    if SIZES.get(size, ...) is None:
        return RETAIL
    return out_dir / f"{size}.yaml"


def place_config(folder: Path) -> Path:
    """Put the examples' ``xcplan.toml`` in ``folder`` and return the config that applies there.

    ``benchmarks/_generated/`` always gets the current copy; another folder gets one only if it
    has no ``xcplan.toml`` of its own (which is then used).
    """
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / CONFIG.name
    ours = folder.resolve() == OUT_DIR.resolve()
    if not config.exists() or (ours and config.read_bytes() != CONFIG.read_bytes()):
        shutil.copyfile(CONFIG, config)
    return config


def write_plan(shape: Shape, path: Path, seed: int = DEFAULT_SEED) -> None:
    """Write a plan of ``shape`` to ``path``, check it, and raise ``ValueError`` if it is not clean.

    Clean means: no errors and no warnings from xcplan's checker (with the config that applies
    to ``path``, or the examples' one) and copy inside every channel limit.
    """
    config = place_config(path.parent)
    plan = build_plan(shape, seed)
    path.write_bytes(plan_text(plan).encode("utf-8"))
    problems = copy_problems(plan)
    counts = lint_counts(path, config)
    if counts["error"] or counts["warning"] or problems:
        detail = "; ".join(problems[:5])
        raise ValueError(
            f"{path}: {counts['error']} errors, {counts['warning']} warnings from xcplan"
            + (f"; copy over limits: {detail}" if problems else "")
            + f" (run `xcplan validate {path}`)"
        )


def ensure(
    sizes: Iterable[str], out_dir: Path = OUT_DIR, seed: int = DEFAULT_SEED, *, force: bool = False
) -> dict[str, Path]:
    """Return the file of each size, generating those that are missing or stale.

    A generated file is stale when this script, xcplan's writer or model, the shape or the
    seed changed since it was written, or when the file itself was edited.
    """
    place_config(out_dir)
    manifest_path = out_dir / MANIFEST
    try:
        manifest: dict[str, dict[str, str]] = json.loads(manifest_path.read_text("utf-8"))
    except (OSError, ValueError):
        manifest = {}
    paths: dict[str, Path] = {}
    for size in sizes:
        if size not in SIZES:
            raise ValueError(f"unknown size {size!r}; choose from {', '.join(SIZES)}")
        shape = SIZES[size]
        path = plan_path(size, out_dir)
        paths[size] = path
        if shape is None:
            continue
        fingerprint = _fingerprint(shape, seed)
        entry = manifest.get(size, {})
        fresh = (
            not force
            and path.is_file()
            and entry.get("fingerprint") == fingerprint
            and entry.get("sha256") == _sha256(path)
        )
        if fresh:
            continue
        write_plan(shape, path, seed)
        manifest[size] = {"fingerprint": fingerprint, "sha256": _sha256(path)}
        manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", "utf-8")
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    """Generate and check plans; return the exit code (0 clean, 1 a plan is not clean)."""
    parser = argparse.ArgumentParser(
        prog="python benchmarks/generate.py",
        description="Generate valid, realistic xcplan plans of growing size (deterministic).",
    )
    parser.add_argument(
        "sizes",
        nargs="*",
        metavar="SIZE",
        help=f"sizes to generate (default: all of them): {', '.join(SIZES)}",
    )
    parser.add_argument(
        "--custom",
        nargs=5,
        type=int,
        metavar=("P", "S", "C", "T", "V"),
        help="generate one plan of this shape instead: personas stages channels "
        "touchpoints-per-cell variants-per-touchpoint",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder")
    parser.add_argument("--force", action="store_true", help="regenerate even if up to date")
    parser.add_argument("--list", action="store_true", help="list the sizes and exit")
    args = parser.parse_args(argv)

    if args.list:
        for size, shape in SIZES.items():
            print(f"{size:>7}  {shape.describe() if shape else f'the real file {RETAIL.name}'}")
        return 0
    try:
        if args.custom:
            shape = Shape(*args.custom)
            path = args.out / ("custom-" + "x".join(map(str, args.custom)) + ".yaml")
            write_plan(shape, path, args.seed)
            print(f"{path}  {shape.describe()}")
            return 0
        sizes = args.sizes or [size for size, shape in SIZES.items() if shape is not None]
        for size, path in ensure(sizes, args.out, args.seed, force=args.force).items():
            kib = path.stat().st_size / 1024
            shape = SIZES[size]
            what = shape.describe() if shape else "the real example"
            print(f"{size:>7}  {path}  {kib:,.0f} KiB  {what}")
    except ValueError as error:
        print(f"generate: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
