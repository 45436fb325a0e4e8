"""Text of every shape survives the canonical writer (a fixed point) and the YAML export
(exactly the text of the JSON export), and is read composed (NFC)."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from xcplan.export.formats import to_json, to_yaml
from xcplan.io.canonical import dump_data, dump_plan
from xcplan.io.yaml_source import parse, tidy_lines
from xcplan.lint.engine import check_text

# The characters that decide how a text must be written: spaces and tabs (at the ends of
# lines too), every kind of line break YAML 1.1 or 1.2 knows, a byte-order mark, quotes and
# indicators, a decomposed accent, control characters.
_PIECES = st.sampled_from(
    [
        " ",
        "  ",
        "\t",
        "\n",
        "\r",
        "\r\n",
        "\x85",
        "\u2028",
        "\u2029",
        "\ufeff",
        "a",
        "Hi there,",
        "é",
        "e\u0301",
        "#",
        ": ",
        "- ",
        "|",
        '"',
        "'",
        "\x1b",
        "\x7f",
        "\x9b",
        "\u200b",
        "0",
        "no",
    ]
)
texts = st.lists(_PIECES, min_size=1, max_size=12).map("".join)


def _yaml12(text: str) -> Any:
    parser = YAML(typ="safe", pure=True)
    parser.version = (1, 2)
    return parser.load(text)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_the_export_keeps_every_text_exactly(text: str) -> None:
    data = {"text": text, "list": [text, {"inner": text}]}
    written = to_yaml(data)
    assert yaml.safe_load(written) == data
    assert _yaml12(written) == data
    assert json.loads(to_json(data)) == data


@settings(max_examples=400, deadline=None)
@given(texts)
def test_the_writer_is_a_fixed_point_on_any_text(text: str) -> None:
    once = dump_data({"notes": text, "items": [text]})
    parsed = parse(once)
    assert not parsed.problems, (once, parsed.problems)
    expected = unicodedata.normalize("NFC", tidy_lines(text) if "\n" in text else text)
    assert parsed.data == {"notes": expected, "items": [expected]}
    assert dump_data(parsed.data) == once


def test_hi_there_with_a_trailing_space() -> None:
    once = dump_data({"body": "Hi there,\n "})
    assert dump_data(parse(once).data) == once
    assert to_yaml({"body": "Hi there,\n "}) == 'body: "Hi there,\\n "\n'


PLAN = """\
xcplan: 1
campaign: {id: c, name: "Cafe\u0301", objective: Sell}
personas: [{id: p, name: "Ame\u0301lie"}]
channels: [{id: s, kind: sms}]
map: {p: {onboarding: [s]}}
touchpoints:
  - id: t
    personas: [p]
    stage: onboarding
    channel: s
    variants: [{id: a, body: "cafe\u0301 Reply STOP"}]
"""


def test_text_is_read_composed() -> None:
    result = check_text(PLAN, "plan.yaml")
    assert result.plan is not None and result.context is not None
    assert result.plan.campaign.name == "Café"
    body = result.plan.touchpoints[0].variants[0].body
    assert body == "café Reply STOP"
    (rendering,) = result.context.renderings(0, 0)
    sms = rendering.fields["body"].sms
    assert sms is not None and sms.encoding == "GSM-7"
    assert "e\u0301" not in dump_plan(result.plan)
