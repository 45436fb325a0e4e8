"""The semantic diff: one golden diff per kind of change, and the rules of matching.

Each case changes ``tests/fixtures/diff/base.yaml`` in one way (on the data as xcplan reads it)
and compares the text of the diff with ``tests/golden/diff/CASE.txt``. After a deliberate change
of output, regenerate with ``XCPLAN_UPDATE_GOLDEN=1 pytest tests/test_diff.py`` and review.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES
from xcplan.diff.compare import diff_plans
from xcplan.diff.formats import to_json, to_markdown, to_text
from xcplan.diff.model import PlanDiff
from xcplan.diff.sections import COMPARED
from xcplan.diff.words import word_diff
from xcplan.io.canonical import dump_plan
from xcplan.io.config import load_config
from xcplan.io.yaml_source import SourceMap, parse
from xcplan.lint.schema import validate_plan
from xcplan.model.config import Config
from xcplan.model.kinds import CAPPED_KINDS, DEFAULT_STAGE_IDS, default_stage_name
from xcplan.model.plan import Plan

GOLDEN = Path(__file__).resolve().parent / "golden" / "diff"
BASE = FIXTURES / "diff" / "base.yaml"
CONFIG = FIXTURES / "diff" / "xcplan.toml"

Data = dict[str, Any]


def base_data() -> Data:
    data: Data = parse(BASE.read_text(encoding="utf-8")).data
    return data


def plan_of(data: Data) -> Plan:
    plan, findings = validate_plan(copy.deepcopy(data), SourceMap())
    assert plan is not None, findings
    return plan


def config() -> Config:
    return load_config(CONFIG)


def diff_of(mutate: Callable[[Data], None]) -> PlanDiff:
    data = base_data()
    old = plan_of(data)
    mutate(data)
    return diff_plans(old, plan_of(data), config(), old_name="old.yaml", new_name="new.yaml")


def _golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("XCPLAN_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
    assert actual == path.read_text(encoding="utf-8")


def _touchpoint(data: Data, tid: str) -> Data:
    found: Data = next(t for t in data["touchpoints"] if t["id"] == tid)
    return found


def _persona(data: Data, pid: str) -> Data:
    found: Data = next(p for p in data["personas"] if p["id"] == pid)
    return found


def campaign(data: Data) -> None:
    data["campaign"]["name"] = "Big spring sale"
    data["campaign"]["end"] = "2026-04-19"
    data["campaign"]["vars"]["offer_code"] = "SPRING20"
    data["campaign"]["kpis"] = [{"id": "orders", "name": "Orders", "target": 500}]


def personas(data: Data) -> None:
    nadia = _persona(data, "nadia")
    nadia["size"] = 90000
    nadia["lifecycle"] = "active"
    nadia["goals"] = ["Find spring outfits fast"]
    nadia["preferred_channels"] = ["push", "sms"]
    data["personas"].append({"id": "ola", "name": "Ola, loyal regular", "lifecycle": "loyal"})


def persona_renamed(data: Data) -> None:
    _persona(data, "kuba")["id"] = "jakub"
    data["map"]["jakub"] = data["map"].pop("kuba")
    for touchpoint in data["touchpoints"]:
        touchpoint["personas"] = ["jakub" if p == "kuba" else p for p in touchpoint["personas"]]


def profile_pushes_sms_over(data: Data) -> None:
    # A longer first name for one persona: her SMS takes two segments, and XC503 appears.
    _persona(data, "kuba")["profile"]["first_name"] = "Jakub-Maximilian " * 4 + "Zażółć"


def channels(data: Data) -> None:
    data["channels"][2]["sender"] = "Acme app"
    data["channels"].append({"id": "whatsapp", "kind": "whatsapp"})


def journey(data: Data) -> None:
    data["map"]["nadia"]["purchase"] = ["push"]
    data["map"]["nadia"]["retention"] = ["email"]
    data["stages"] = [
        {"id": "purchase", "name": "Purchase"},
        {"id": "awareness", "name": "Awareness"},
        {"id": "retention", "name": "Retention"},
    ]


def touchpoint_timing(data: Data) -> None:
    sms = _touchpoint(data, "cart-sms")
    sms["exit_on"] = []
    sms["delay"] = "2h"
    sms["trigger"] = "checkout_started"
    push = _touchpoint(data, "cart-push")
    push["after"] = None
    push["personas"] = ["nadia"]


def touchpoint_moved(data: Data) -> None:
    push = _touchpoint(data, "cart-push")
    push["stage"] = "awareness"
    push["channel"] = "email"
    push["variants"][0] = {
        "id": "a",
        "subject": "Still thinking it over?",
        "body": "Your cart is saved, {{ first_name }}. {{ unsubscribe_url }}",
    }
    data["map"]["nadia"]["awareness"] = ["email"]


def touchpoints_added_removed(data: Data) -> None:
    data["touchpoints"] = [t for t in data["touchpoints"] if t["id"] != "cart-push"]
    data["touchpoints"].append(
        {
            "id": "welcome-push",
            "name": "Welcome push",
            "personas": ["nadia"],
            "stage": "purchase",
            "channel": "push",
            "trigger": "app_installed",
            "variants": [{"id": "a", "title": "Welcome", "body": "Hi {{ first_name }}!"}],
        }
    )


def touchpoint_renamed(data: Data) -> None:
    _touchpoint(data, "cart-push")["id"] = "cart-nudge"
    data["scenarios"][0]["expect"]["not_sent"] = ["cart-nudge"]


def copy_changed(data: Data) -> None:
    sms = _touchpoint(data, "cart-sms")
    sms["variants"][0]["body"] = (
        "Acme: {{ first_name }}, your basket is waiting – code {{ offer_code }} saves 15%. "
        "Reply STOP to opt out."
    )
    email = _touchpoint(data, "launch-email")
    email["variants"][1]["body"] = email["variants"][1]["body"].replace(
        "Fresh picks for spring", "Fresh, cheap picks for spring"
    )


def variants_added_removed(data: Data) -> None:
    email = _touchpoint(data, "launch-email")
    email["variants"] = [email["variants"][0]]
    email["variants"][0]["weight"] = 90
    sms = _touchpoint(data, "cart-sms")
    sms["variants"].append(
        {"id": "b", "body": "Acme: your cart misses you. Reply STOP to opt out."}
    )


def experiment(data: Data) -> None:
    email = _touchpoint(data, "launch-email")
    email["experiment"]["control"] = 20
    email["variants"][1]["weight"] = 35


def policies(data: Data) -> None:
    data["policies"]["frequency_cap"]["max"] = 2
    data["policies"]["frequency_cap"]["action"] = "defer"
    data["policies"].pop("quiet_hours")
    data["policies"]["min_gap"] = "4h"


def events(data: Data) -> None:
    data["events"][1]["rate"] = 0.35
    data["events"][1]["properties"] = ["order_value"]
    data["events"].append({"id": "app_installed"})


def scenarios(data: Data) -> None:
    scenario = data["scenarios"][0]
    scenario["start"] = "2026-03-02T20:00"
    scenario["events"][1]["at"] = "2d"
    scenario["expect"]["sent"] = ["cart-sms", "cart-push"]
    scenario["expect"]["not_sent"] = []
    data["scenarios"].append({"id": "eager-kuba", "persona": "kuba"})


def notes_and_ignores(data: Data) -> None:
    _touchpoint(data, "cart-sms")["notes"] = "Checked\x1b[31m with legal\u202e."
    _touchpoint(data, "cart-sms")["ignore"] = ["XC504"]


CASES: dict[str, Callable[[Data], None]] = {
    "campaign": campaign,
    "personas": personas,
    "persona-renamed": persona_renamed,
    "profile-pushes-sms-over": profile_pushes_sms_over,
    "channels": channels,
    "journey": journey,
    "touchpoint-timing": touchpoint_timing,
    "touchpoint-moved": touchpoint_moved,
    "touchpoints-added-removed": touchpoints_added_removed,
    "touchpoint-renamed": touchpoint_renamed,
    "copy-changed": copy_changed,
    "variants-added-removed": variants_added_removed,
    "experiment": experiment,
    "policies": policies,
    "events": events,
    "scenarios": scenarios,
    "notes-and-ignores": notes_and_ignores,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_diff(name: str) -> None:
    diff = diff_of(CASES[name])
    assert not diff.same
    _golden(f"{name}.txt", to_text(diff))


@pytest.mark.parametrize("name", ["copy-changed", "experiment", "touchpoint-timing"])
def test_golden_markdown_and_json(name: str) -> None:
    diff = diff_of(CASES[name])
    _golden(f"{name}.md", to_markdown(diff))
    _golden(f"{name}.json", to_json(diff))


def test_formatted_plan_is_no_change() -> None:
    old = plan_of(base_data())
    text = dump_plan(old)
    new = plan_of(parse(text).data)
    assert diff_plans(old, new, config()).same


def test_writing_defaults_out_is_no_change() -> None:
    def explicit(data: Data) -> None:
        # The default journey written out, equal weights spelled as the split, the default
        # kinds of the frequency cap: the same plan.
        data["stages"] = [{"id": s, "name": default_stage_name(s)} for s in DEFAULT_STAGE_IDS]
        data["policies"]["frequency_cap"]["kinds"] = list(CAPPED_KINDS)
        data["map"]["nadia"]["purchase"] = ["push", "sms"]

    assert diff_of(explicit).same


def test_numbers_in_template_variables_keep_their_form() -> None:
    def ten(data: Data) -> None:
        data["campaign"]["vars"]["price"] = 10

    def ten_point_zero(data: Data) -> None:
        data["campaign"]["vars"]["price"] = 10.0

    data = base_data()
    ten(data)
    old = plan_of(data)
    ten_point_zero(data)
    diff = diff_plans(old, plan_of(data), config())
    assert [f.field for s in diff.sections for c in s.changes for f in c.fields] == ["vars.price"]


def test_a_rename_with_other_changes_is_a_removal_and_an_addition() -> None:
    def renamed_and_changed(data: Data) -> None:
        push = _touchpoint(data, "cart-push")
        push["id"] = "cart-nudge"
        push["delay"] = "2d"
        data["scenarios"][0]["expect"]["not_sent"] = ["cart-nudge"]

    diff = diff_of(renamed_and_changed)
    touchpoints = next(s for s in diff.sections if s.name == "touchpoints")
    assert sorted((c.change, c.id) for c in touchpoints.changes) == [
        ("added", "cart-nudge"),
        ("removed", "cart-push"),
    ]


def test_findings_are_matched_by_place_not_line() -> None:
    def shift_lines(data: Data) -> None:
        # Everything moves down in the file; the findings stay where they are in the plan.
        data["campaign"]["notes"] = "\n".join(f"line {n}" for n in range(40))

    diff = diff_of(shift_lines)
    assert [s.name for s in diff.sections] == ["campaign"]


def test_the_experiment_sentence_names_the_control_group() -> None:
    diff = diff_of(experiment)
    sentences = [f.says for s in diff.sections for c in s.changes for f in c.fields]
    assert "variant `b` lost 10% of the audience to the control group (45% → 35%)" in sentences


def test_measurements_per_persona() -> None:
    diff = diff_of(profile_pushes_sms_over)
    variants = next(s for s in diff.sections if s.name == "variants")
    change = next(c for c in variants.changes if c.parent == "cart-sms")
    moved = {(m.persona, m.measure): (m.old, m.new) for m in change.measures}
    assert moved[("kuba", "segments")] == (1, 3)
    assert moved[("kuba", "encoding")] == ("GSM-7", "UCS-2")
    assert ("nadia", "segments") not in moved
    assert [f.code for f in change.findings] == ["XC503"]


def test_json_shape() -> None:
    document = json.loads(to_json(diff_of(copy_changed)))
    assert set(document) == {"xcplan_diff", "old", "new", "same", "counts", "sections"}
    section = document["sections"][0]
    assert set(section) == {"name", "title", "changes", "findings"}
    change = section["changes"][0]
    assert set(change) == {
        "change",
        "entity",
        "id",
        "old_id",
        "parent",
        "path",
        "name",
        "says",
        "fields",
        "measures",
        "findings",
    }


def test_diff_is_deterministic() -> None:
    first = to_json(diff_of(personas))
    assert all(to_json(diff_of(personas)) == first for _ in range(3))


def test_control_characters_never_reach_the_text_raw() -> None:
    out = to_text(diff_of(notes_and_ignores)) + to_markdown(diff_of(notes_and_ignores))
    assert "\x1b" not in out
    assert "\u202e" not in out
    assert "␛[31m" in out
    assert "⟨RLO⟩" in out
    assert "\\u001b" in to_json(diff_of(notes_and_ignores))


def test_word_diff_joins_runs_and_gives_both_texts_back() -> None:
    runs = word_diff("a b c d", "a x y d")
    assert runs == (("=", "a "), ("-", "b c"), ("+", "x y"), ("=", " d"))
    assert "".join(t for op, t in runs if op != "+") == "a b c d"
    assert "".join(t for op, t in runs if op != "-") == "a x y d"


def test_every_field_of_the_format_is_compared() -> None:
    # A field added to the models must be taught to the diff (xcplan/diff/sections.py).
    for model, fields in COMPARED.items():
        assert set(model.model_fields) == fields, model.__name__


def _walks(diff: PlanDiff) -> dict[str, dict[str, Any]]:
    """Return the walks section as {walk id: {touchpoint: (old, new)}}."""
    out: dict[str, dict[str, Any]] = {}
    for section in diff.sections:
        if section.name == "walks":
            for change in section.changes:
                out[change.id] = {
                    f.field.removeprefix("messages."): (f.old, f.new) for f in change.fields
                }
    return out


def test_a_quiet_hours_change_moves_a_message_in_the_walk() -> None:
    def quiet_at_ten(data: Data) -> None:
        data["policies"]["quiet_hours"] = {"start": "09:30", "end": "13:00"}

    walks = _walks(diff_of(quiet_at_ten))
    old, new = walks["buys-next-day"]["cart-sms"]
    assert old == {"status": "sent", "time": "2026-03-02T10:00"}
    assert new == {"status": "deferred", "time": "2026-03-02T13:00"}


def test_a_walk_that_does_not_move_is_not_reported() -> None:
    def rename_the_campaign(data: Data) -> None:
        data["campaign"]["name"] = "Another name"

    assert _walks(diff_of(rename_the_campaign)) == {}
