"""Hypothesis strategies for plans: valid plan data with awkward text in every field."""

from __future__ import annotations

import unicodedata
from typing import Any

from hypothesis import strategies as st

from xcplan.io.yaml_source import tidy_lines
from xcplan.model.kinds import CHANNEL_KINDS, LIFECYCLES

ids = st.from_regex(r"\A[a-z0-9]{1,8}(?:[-_][a-z0-9]{1,6}){0,2}\Z")

# Text that trips naive YAML writers: words YAML 1.1 reads as booleans or numbers, indicators,
# comment markers, quotes, line breaks, control characters, RTL and astral characters.
_tricky = st.sampled_from(
    [
        "no",
        "yes",
        "on",
        "off",
        "y",
        "N",
        "true",
        "null",
        "~",
        "1.0",
        "1e3",
        "0x1F",
        "0o17",
        "2026-03-01",
        "12:30",
        "1_000",
        ".inf",
        "-",
        "- x",
        "? x",
        ": x",
        "#tag",
        "a #b",
        "a: b",
        "key:",
        "'q'",
        '"q"',
        "[x]",
        "{x}",
        "*x",
        "&x",
        "!x",
        "%x",
        "@x",
        "`x`",
        "|",
        ">",
        "---",
        "...",
        " lead",
        "trail ",
        "tab\there",
        "a\nb",
        "a\n",
        "a\n\n",
        "\na",
        "  indented\nnext",
        "line\r\nwindows",
        "nbsp\u00a0x",
        "\u2028sep",
        "é",
        "Zażółć",
        "مرحبا",
        "😀 emoji",
        "\x07bell",
        "\ufeffbom",
        "=",
        "<<",
    ]
)
_free = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=30
)
# Text as the loader reads it: composed (NFC), without spaces at the ends of lines.
text = (
    st.one_of(_tricky, _free)
    .map(lambda t: unicodedata.normalize("NFC", tidy_lines(t)))
    .filter(lambda t: t.strip() != "")
)


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def _drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


numbers = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
)
profile_values = st.one_of(text, numbers, st.lists(text, max_size=3))


@st.composite
def plans(draw: st.DrawFn) -> dict[str, Any]:
    """Return the data of a valid plan (it validates; references may dangle)."""
    persona_ids = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    channel_ids = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    stage_ids = draw(_optional(st.lists(ids, min_size=1, max_size=3, unique=True)))
    journey = stage_ids or ["awareness", "purchase", "winback"]
    personas = [
        _drop_none(
            {
                "id": pid,
                "name": draw(text),
                "summary": draw(_optional(text)),
                "lifecycle": draw(_optional(st.sampled_from(LIFECYCLES))),
                "size": draw(_optional(st.integers(min_value=0, max_value=10**9))),
                "locale": draw(_optional(st.sampled_from(["en", "pl-PL", "ar", "en-GB"]))),
                "demographics": draw(st.dictionaries(text, text, max_size=2)),
                "goals": draw(st.lists(text, max_size=2)),
                "preferred_channels": draw(st.lists(st.sampled_from(CHANNEL_KINDS), max_size=2)),
                "profile": draw(st.dictionaries(ids, profile_values, max_size=3)),
                "notes": draw(_optional(text)),
                "ignore": draw(st.lists(st.sampled_from(["XC207", "XC503"]), max_size=1)),
            }
        )
        for pid in persona_ids
    ]
    channels = [
        _drop_none(
            {"id": cid, "kind": draw(st.sampled_from(CHANNEL_KINDS)), "name": draw(_optional(text))}
        )
        for cid in channel_ids
    ]
    plan_map = {
        pid: {
            sid: draw(st.lists(st.sampled_from(channel_ids), max_size=2))
            for sid in draw(st.lists(st.sampled_from(journey), max_size=2, unique=True))
        }
        for pid in draw(st.lists(st.sampled_from(persona_ids), max_size=2, unique=True))
    }
    touchpoints = []
    for tid in draw(st.lists(ids, max_size=3, unique=True)):
        variants = [
            _drop_none(
                {
                    "id": vid,
                    "weight": draw(_optional(st.floats(min_value=0, max_value=100))),
                    "subject": draw(_optional(text)),
                    "body": draw(_optional(text)),
                }
            )
            for vid in draw(st.lists(ids, min_size=1, max_size=3, unique=True))
        ]
        touchpoints.append(
            _drop_none(
                {
                    "id": tid,
                    "personas": draw(
                        st.lists(st.sampled_from(persona_ids), min_size=1, max_size=2)
                    ),
                    "stage": draw(st.sampled_from(journey)),
                    "channel": draw(st.sampled_from(channel_ids)),
                    "delay": draw(_optional(st.sampled_from(["30m", "2d", "1w2d", "23h30m"]))),
                    "experiment": draw(
                        _optional(
                            st.fixed_dictionaries(
                                {"control": st.floats(min_value=0, max_value=50)},
                                optional={
                                    "baseline": st.floats(min_value=0.01, max_value=0.5),
                                    "mde": st.floats(min_value=0.01, max_value=0.5),
                                },
                            )
                        )
                    ),
                    "variants": variants,
                }
            )
        )
    data: dict[str, Any] = {
        "xcplan": 1,
        "campaign": _drop_none(
            {
                "id": draw(ids),
                "name": draw(text),
                "objective": draw(text),
                "owner": draw(_optional(text)),
                "locale": draw(_optional(st.sampled_from(["en", "pl", "ar-EG"]))),
                "vars": draw(st.dictionaries(ids, st.one_of(text, numbers), max_size=3)),
            }
        ),
        "personas": personas,
        "channels": channels,
        "map": plan_map,
        "touchpoints": touchpoints,
    }
    if stage_ids is not None:
        data["stages"] = [{"id": sid, "name": draw(text)} for sid in stage_ids]
    return data


# One change to a plan, and the section of `xcplan diff` that must report it. Each mutation
# keeps the plan valid and always changes its meaning (a value is replaced by a different one).

Mutation = tuple[str, str, Any]
"""(what changed, the diff section that reports it, the id it names or None)."""


def _other(value: str | None, choices: list[str]) -> str:
    return next(c for c in choices if c != value)


def _mutate(data: dict[str, Any], kind: str, draw: st.DrawFn) -> Mutation:
    touchpoints = data.get("touchpoints", [])
    personas = data["personas"]
    journey = [s["id"] for s in data["stages"]] if data.get("stages") else None
    stage_ids = journey or ["awareness", "purchase", "winback"]
    if kind == "campaign name":
        data["campaign"]["name"] += " (new)"
        return kind, "campaign", None
    if kind == "campaign var":
        data["campaign"]["vars"]["mutated9"] = draw(text)
        return kind, "campaign", None
    if kind == "persona name":
        persona = draw(st.sampled_from(personas))
        persona["name"] += " (new)"
        return kind, "personas", persona["id"]
    if kind == "persona goal":
        persona = draw(st.sampled_from(personas))
        persona.setdefault("goals", []).append("A goal nobody had before")
        return kind, "personas", persona["id"]
    if kind == "persona added" and len(personas) < 4:
        personas.append({"id": "mutated9", "name": "A new persona"})
        return kind, "personas", "mutated9"
    if kind == "channel kind":
        channel = draw(st.sampled_from(data["channels"]))
        channel["kind"] = _other(channel["kind"], ["sms", "email"])
        return kind, "channels", channel["id"]
    if kind == "cell planned":
        persona = draw(st.sampled_from(personas))["id"]
        row = data.setdefault("map", {}).setdefault(persona, {})
        stage = draw(st.sampled_from(stage_ids))
        cells = row.setdefault(stage, [])
        free = [c["id"] for c in data["channels"] if c["id"] not in cells]
        if free:
            cells.append(free[0])
            return kind, "journey", persona
    if touchpoints:
        touchpoint = draw(st.sampled_from(touchpoints))
        tid = touchpoint["id"]
        if kind == "delay":
            touchpoint["delay"] = _other(touchpoint.get("delay"), ["3d", "4d"])
            return kind, "touchpoints", tid
        if kind == "exit on":
            touchpoint.setdefault("exit_on", []).append("mutated_event")
            return kind, "touchpoints", tid
        if kind == "stage" and len(stage_ids) > 1:
            touchpoint["stage"] = _other(touchpoint["stage"], stage_ids)
            return kind, "touchpoints", tid
        if kind == "touchpoint removed":
            touchpoints.remove(touchpoint)
            return kind, "touchpoints", tid
        if kind == "body":
            variant = draw(st.sampled_from(touchpoint["variants"]))
            variant["body"] = (variant.get("body") or "") + " And one more line."
            return kind, "variants", variant["id"]
        if kind == "control":
            experiment = touchpoint.setdefault("experiment", {})
            experiment["control"] = _other_number(experiment.get("control", 0))
            return kind, "experiments", tid
    if kind == "policy":
        data["policies"] = {"frequency_cap": {"max": 2, "per": "1w"}}
        return kind, "policies", "frequency_cap"
    if kind == "event":
        data.setdefault("events", []).append({"id": "mutated_event", "name": "Mutated"})
        return kind, "events", "mutated_event"
    if kind == "scenario":
        data.setdefault("scenarios", []).append({"id": "mutated9", "persona": personas[0]["id"]})
        return kind, "scenarios", "mutated9"
    data["campaign"]["objective"] += " (new)"
    return "campaign objective", "campaign", None


def _other_number(value: float) -> float:
    return 25.0 if value != 25 else 5.0


MUTATION_KINDS = [
    "campaign name",
    "campaign var",
    "persona name",
    "persona goal",
    "persona added",
    "channel kind",
    "cell planned",
    "delay",
    "exit on",
    "stage",
    "touchpoint removed",
    "body",
    "control",
    "policy",
    "event",
    "scenario",
]


@st.composite
def mutated_plans(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any], Mutation]:
    """Return a plan's data, a deep copy with one change, and what the change was."""
    import copy

    data = draw(plans())
    changed = copy.deepcopy(data)
    mutation = _mutate(changed, draw(st.sampled_from(MUTATION_KINDS)), draw)
    return data, changed, mutation
