"""The Timeline tab's model without Textual: which walks there are, what they find, and the walk
laid out as lanes (columns, marks, quiet hours, the wait of a deferred message, the campaign's
end, the axis), clicks and moves along it, and the jumps from a journey finding."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import EXAMPLES
from xcplan.edit.jump import TimelinePlace, place_of
from xcplan.edit.timeline import (
    END,
    QUIET,
    TRAIL,
    ZOOMS,
    Pick,
    WhatIf,
    default_pick,
    events_text,
    expectations,
    fit_zoom,
    lay_out,
    message_at,
    message_facts,
    month_label,
    options,
    step,
    still_valid,
    walk_diagnostics,
    walk_of,
    what_if_from_texts,
    what_if_of,
    zoomed,
)
from xcplan.io.load import load_plan
from xcplan.journey.scenarios import Occurrence
from xcplan.journey.walk import Status, Walk
from xcplan.lint.engine import lint_plan
from xcplan.model.config import Config
from xcplan.model.plan import Plan

EVENING = """\
xcplan: 1
campaign:
  id: spring
  name: Spring
  objective: Sell
  start: 2026-04-01
  end: 2026-04-03
personas:
  - id: nadia
    name: Nadia
  - id: omar
    name: Omar
channels:
  - id: email
    kind: email
  - id: sms
    kind: sms
  - id: push
    kind: push
map:
  nadia:
    awareness: [email, sms, push]
  omar:
    awareness: [email]
touchpoints:
  - id: hello-email
    personas: [nadia, omar]
    stage: awareness
    channel: email
    variants: [{id: a, subject: Hello, body: Hi}]
  - id: hello-push
    personas: [nadia]
    stage: awareness
    channel: push
    delay: 1h
    variants: [{id: a, title: Hello, body: Hi}]
  - id: late-sms
    personas: [nadia]
    stage: awareness
    channel: sms
    after: hello-push
    delay: 2d
    variants: [{id: a, body: Hi. Reply STOP to opt out}]
  - id: bought-email
    personas: [nadia]
    stage: awareness
    channel: email
    trigger: purchase
    variants: [{id: a, subject: Thanks, body: Thanks}]
policies:
  quiet_hours: {start: "21:00", end: "08:00"}
scenarios:
  - id: evening
    name: Enters at 8.30 pm
    persona: nadia
    start: 2026-04-01T20:30
    expect:
      sent: [hello-push, bought-email]
"""


@pytest.fixture(scope="module")
def plan() -> Plan:
    loaded = load_plan(EVENING.encode()).plan
    assert loaded is not None
    return loaded


@pytest.fixture(scope="module")
def walk(plan: Plan) -> Walk:
    found = walk_of(plan, Pick("nadia", "declared", "evening"))
    assert found is not None
    return found


def _position(walk: Walk, touchpoint: str) -> int:
    return next(i for i, m in enumerate(walk.messages) if m.touchpoint == touchpoint)


class TestPicks:
    """What can be shown for a persona, and the walk of each."""

    def test_options(self, plan: Plan) -> None:
        labels = [o.label for o in options(plan, "nadia")]
        assert labels[0] == "evening · Enters at 8.30 pm"
        assert labels[-1].startswith("What if")
        assert [o.pick.kind for o in options(plan, "omar")] == ["eager", "what_if"]
        assert default_pick(plan, "omar") == Pick("omar", "eager")

    def test_still_valid(self, plan: Plan) -> None:
        assert still_valid(plan, Pick("nadia", "declared", "evening"))
        assert not still_valid(plan, Pick("nadia", "eager"))
        assert not still_valid(plan, Pick("nadia", "declared", "gone"))
        assert not still_valid(plan, Pick("nobody", "eager"))
        assert still_valid(plan, Pick("omar", "what_if"))

    def test_walks(self, plan: Plan, walk: Walk) -> None:
        assert walk.customer.id == "evening"
        eager = walk_of(plan, Pick("omar", "eager"))
        assert eager is not None and eager.customer.id == "eager"
        assert walk_of(plan, Pick("nadia", "declared", "gone")) is None

    def test_what_if(self, plan: Plan, walk: Walk) -> None:
        pick = Pick("nadia", "what_if", "evening")
        what_if = what_if_of(plan, pick)
        assert what_if == WhatIf(dt.datetime(2026, 4, 1, 20, 30), ())
        earlier = WhatIf(dt.datetime(2026, 4, 1, 10, 0), (Occurrence("purchase", 60),))
        tried = walk_of(plan, pick, earlier)
        assert tried is not None
        assert tried.message("hello-push") is not None
        assert tried.message("hello-push").status is Status.SENT  # type: ignore[union-attr]
        assert tried.message("bought-email").status is Status.SENT  # type: ignore[union-attr]
        # The scenario's expect is checked on it: both are met now.
        assert all(met for _, met in expectations(plan, tried).values())

    def test_what_if_fields(self, plan: Plan) -> None:
        made, problems = what_if_from_texts(plan, "2026-04-02 07:00", "purchase@1d\n\n")
        assert problems == {}
        assert made == WhatIf(dt.datetime(2026, 4, 2, 7, 0), (Occurrence("purchase", 1440),))
        default, _ = what_if_from_texts(plan, " ", "")
        assert default == WhatIf(dt.datetime(2026, 4, 1, 9, 0), ())
        _, problems = what_if_from_texts(plan, "tomorrow", "purchase 2d")
        assert "`tomorrow` is not a local date-time" in problems["start"]
        assert problems["events"].startswith("line 1: write `event@time")
        _, problems = what_if_from_texts(plan, "", "purchase@soon")
        assert problems["events"].startswith("event 1: `purchase@soon` is not an event id")
        assert events_text((Occurrence("a", 0), Occurrence("b", 1500))) == "a@0m\nb@1d1h"

    def test_declared_events_are_checked(self) -> None:
        text = EVENING + "events:\n  - id: purchase\n"
        declared = load_plan(text.encode()).plan
        assert declared is not None
        _, problems = what_if_from_texts(declared, "", "purchse@1d")
        assert problems["events"] == "event 1: unknown event `purchse`; did you mean `purchase`?"


class TestFindings:
    """What the rules find in the walk shown, in its own words."""

    def test_the_walks_findings(self, plan: Plan, walk: Walk) -> None:
        found = {d.code: d for d in walk_diagnostics(plan, Config(), walk)}
        assert set(found) == {"XC702", "XC705", "XC706", "XC707"}
        assert found["XC707"].message.startswith("none of the scenarios of `nadia` (`evening`)")
        assert "scenario `evening` expects `bought-email`" in found["XC702"].message
        assert found["XC706"].message.startswith("`late-sms` reaches `nadia` on Sat 4 Apr 08:00")

    def test_config_and_ignore_apply(self, plan: Plan, walk: Walk) -> None:
        config = Config.model_validate({"lint": {"ignore": ["XC705"]}})
        assert "XC705" not in {d.code for d in walk_diagnostics(plan, config, walk)}

    def test_expectations(self, plan: Plan, walk: Walk) -> None:
        assert expectations(plan, walk) == {
            "hello-push": ("sent", True),
            "bought-email": ("sent", False),
        }

    def test_facts(self, plan: Plan, walk: Walk) -> None:
        expected = expectations(plan, walk)
        push = walk.message("hello-push")
        assert push is not None
        facts = message_facts(walk, push, plan, expected)
        assert facts.headline == "hello-push · push · deferred"
        assert facts.times == (
            "due Wed 1 Apr 21:30, sent Thu 2 Apr 08:00; pending at entry; flow `entry`"
        )
        assert facts.reason.startswith("quiet hours 21:00-08:00: moved from Wed 1 Apr 21:30")
        assert facts.expect == "expected to reach the customer: met" and facts.met
        bought = walk.message("bought-email")
        assert bought is not None
        facts = message_facts(walk, bought, plan, expected)
        assert facts.times == "flow `purchase`"
        assert facts.reason == "`purchase` does not occur"
        assert facts.met is False and "NOT met (XC702)" in facts.expect


class TestLanes:
    """The walk laid out: 3-hour columns from midnight of the entry day, on 40 columns."""

    def test_lanes_and_columns(self, plan: Plan, walk: Walk) -> None:
        layout = lay_out(walk, plan, width=48, zoom=180)
        assert [lane.channel for lane in layout.lanes] == ["email", "sms", "push"]
        assert layout.label_width == 8
        assert layout.columns == 40
        assert layout.origin == 0
        assert [lane.held for lane in layout.lanes] == [False, True, True]

    def test_marks_trail_quiet_and_end(self, plan: Plan, walk: Walk) -> None:
        layout = lay_out(walk, plan, width=48, zoom=180)
        email, sms, push = ("".join(c.text for c in lane.cells) for lane in layout.lanes)
        # 20:30 is in the 18:00-21:00 column (6); the push waits from 21:00 (7) to 06:00 (10).
        assert email[6] == "●"
        assert push[7:11] == TRAIL * 3 + "◐"
        # Quiet hours hold most of 21-24, 0-3, 3-6 and 6-9 on the lanes of sms and push.
        assert sms[:8] == QUIET * 3 + "    " + QUIET
        assert email[:6] == " " * 6
        # The campaign ends on 3 April: the first minute after it is column 24 (4 Apr 00:00).
        assert layout.end_column == 24
        assert email[24] == END and layout.ticks[24] == END
        assert layout.days[24:29] == "Sat 4"  # the mark does not cut a label
        assert sms[26] == "●"
        assert layout.unreached == (_position(walk, "bought-email"),)
        assert layout.marks[_position(walk, "late-sms")] == (1, 26)

    def test_axis(self, plan: Plan, walk: Walk) -> None:
        layout = lay_out(walk, plan, width=48, zoom=180)
        assert layout.days.startswith("Wed 1   Thu 2   Fri 3   ")
        assert layout.ticks.startswith("00  12  00  12  ")
        assert month_label(walk, layout) == "Apr 2026"
        hours = lay_out(walk, plan, width=60, zoom=60)
        assert hours.days.startswith("Wed 1 Apr")
        assert hours.ticks.startswith("00 03 06 09 12")
        quarters = lay_out(walk, plan, width=48, zoom=360)
        assert quarters.days.startswith("1   2   3")
        assert quarters.ticks.startswith("We  Th  Fr")
        days = lay_out(walk, plan, width=48, zoom=1440)
        assert days.days.startswith("1 Apr  8 Apr")
        assert days.ticks.startswith("WTF┃SMT")

    def test_the_view_follows_the_selection(self, plan: Plan, walk: Walk) -> None:
        late = _position(walk, "late-sms")
        # Sent 3,570 minutes after an entry at 20:30: hour column 80; a quarter into the view.
        narrow = lay_out(walk, plan, width=28, zoom=60, selected=late)
        assert (narrow.columns, narrow.origin) == (20, 75)
        assert narrow.marks[late] == (1, 5)
        assert narrow.more_before and narrow.more_after
        kept = lay_out(walk, plan, width=28, zoom=60, selected=late, origin=70)
        assert kept.origin == 70
        moved = lay_out(walk, plan, width=28, zoom=60, selected=late, origin=0)
        assert moved.origin == 75

    def test_several_in_one_column_are_counted(self) -> None:
        text = EVENING.replace("    channel: push\n    delay: 1h\n", "    channel: email\n")
        both = load_plan(text.encode()).plan
        assert both is not None
        walk = walk_of(both, Pick("nadia", "declared", "evening"))
        assert walk is not None
        layout = lay_out(walk, both, width=48, zoom=180)
        email = "".join(c.text for c in layout.lanes[0].cells)
        assert email[6:8] == "●²"
        assert message_at(layout, 0, 7) == _position(walk, "hello-email")
        chosen = lay_out(walk, both, width=48, zoom=180, selected=_position(walk, "hello-push"))
        assert chosen.lanes[0].cells[6].message == _position(walk, "hello-push")

    def test_clicks_and_steps(self, plan: Plan, walk: Walk) -> None:
        layout = lay_out(walk, plan, width=48, zoom=180)
        push = _position(walk, "hello-push")
        assert message_at(layout, 2, 10) == push
        assert message_at(layout, 2, 11) == push  # a column off still finds it
        assert message_at(layout, 2, 20) is None
        assert message_at(layout, 9, 10) is None
        assert step(walk, None, 1) == 0
        assert step(walk, 0, -1) == 0
        assert step(walk, 0, 1000) == len(walk.messages) - 1

    def test_zoom(self, plan: Plan, walk: Walk) -> None:
        assert fit_zoom(walk, 40) == 180
        assert fit_zoom(walk, 400) == 30
        assert fit_zoom(walk, 2) == ZOOMS[-1]
        assert zoomed(180, -1) == 60
        assert zoomed(30, -1) == 30
        assert zoomed(1440, 1) == 1440

    def test_undated_walks_count_days(self) -> None:
        text = EVENING.replace("  start: 2026-04-01\n  end: 2026-04-03\n", "")
        text = text.replace("    start: 2026-04-01T20:30\n", "")
        loaded = load_plan(text.encode()).plan
        assert loaded is not None
        walk = walk_of(loaded, Pick("nadia", "declared", "evening"))
        assert walk is not None
        layout = lay_out(walk, loaded, width=48, zoom=180)
        assert layout.days.startswith("day 1   day 2")
        assert layout.end_column is None
        assert month_label(walk, layout) == ""


class TestJumps:
    """A journey finding opens the walk it was found in, with its message."""

    def test_a_journey_finding(self) -> None:
        retail = load_plan((EXAMPLES / "retail-app-launch.yaml").read_bytes()).plan
        assert retail is not None
        found = next(d for d in lint_plan(retail) if d.code == "XC705")
        assert place_of(found, retail, retail) == TimelinePlace(
            "deal-seeker", "dana-installs-in-the-evening", "welcome-push"
        )

    def test_an_expectation_and_the_policies(self, plan: Plan) -> None:
        diagnostics = lint_plan(plan)
        unmet = next(d for d in diagnostics if d.code == "XC702")
        assert place_of(unmet, plan, plan) == TimelinePlace(
            "nadia", "evening", "bought-email", "sent"
        )
        late = next(d for d in diagnostics if d.code == "XC706")
        assert place_of(late, plan, plan) == TimelinePlace("nadia", "evening", "late-sms")
        bad = load_plan(EVENING.replace('end: "08:00"', 'end: "21:00"').encode()).plan
        assert bad is not None
        same = next(d for d in lint_plan(bad) if d.code == "XC104")
        assert place_of(same, bad, bad) == TimelinePlace(None, field="quiet_hours.end")

    def test_a_scenario_gone_since(self, plan: Plan) -> None:
        unmet = next(d for d in lint_plan(plan) if d.code == "XC702")
        gone = plan.model_copy(update={"scenarios": []})
        assert not isinstance(place_of(unmet, plan, gone), TimelinePlace)
