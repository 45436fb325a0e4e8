"""YAML reading: positions of every node, and the constructs the format forbids."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import EXAMPLES
from xcplan.io.limits import MAX_BYTES
from xcplan.io.yaml_source import decode, parse


def test_positions_of_values_and_keys() -> None:
    parsed = parse("a: 1\nb:\n  - x\n  - {c: no}\n")
    assert parsed.problems == []
    assert parsed.data == {"a": 1, "b": ["x", {"c": False}]}
    assert parsed.source_map.values[("a",)] == (1, 4)
    assert parsed.source_map.values[("b", 0)] == (3, 5)
    assert parsed.source_map.values[("b", 1, "c")] == (4, 9)
    assert parsed.source_map.keys[("b", 1, "c")] == (4, 6)
    assert parsed.source_map.raw[("b", 1, "c")] == "no"


def test_locate_falls_back_to_the_nearest_ancestor() -> None:
    parsed = parse("campaign:\n  id: x\n")
    assert parsed.source_map.locate(("campaign", "name")) == (2, 3)
    assert parsed.source_map.locate(("nowhere", 3)) == (1, 1)


def test_yaml_1_1_scalars_are_resolved_and_keys_stay_text() -> None:
    parsed = parse("on: on\n1: 1.5\nd: 2026-03-01\nq: '2026-03-01'\nn: ~\n")
    assert parsed.data == {
        "on": True,
        "1": 1.5,
        "d": dt.date(2026, 3, 1),
        "q": "2026-03-01",
        "n": None,
    }


def test_impossible_date_stays_text() -> None:
    assert parse("d: 2026-02-30\n").data == {"d": "2026-02-30"}


def test_multiline_text_loses_trailing_spaces() -> None:
    assert parse("b: |\n  one  \n  two\t\n").data == {"b": "one\ntwo\n"}


@pytest.mark.parametrize(
    ("text", "code", "line", "column"),
    [
        ("a: 1\na: 2\n", "XC004", 2, 1),
        ("a:\n  b: 1\n  c: 2\n  b: 3\n", "XC004", 4, 3),
        ("a: !!str 1\n", "XC005", 1, 4),
        ("a: !custom {x: 1}\n", "XC005", 1, 4),
        ("a: &x 1\n", "XC005", 1, 4),
        ("a: 1\nb: *x\n", "XC005", 2, 4),
        ("a: &x 1\nb: *x\n", "XC005", 2, 4),
        ("<<: {a: 1}\n", "XC005", 1, 1),
        ("a: [1, 2\n", "XC001", 2, 1),
        ("a: 1\n---\nb: 2\n", "XC001", 2, 1),
        ("a: 'unterminated\n", "XC001", 2, 1),
        ("a: 1\n\x00\n", "XC001", 2, 1),
        ("? [a, b]\n: 1\n", "XC103", 1, 3),
    ],
)
def test_problems_are_placed(text: str, code: str, line: int, column: int) -> None:
    problems = parse(text).problems
    assert (code, line, column) in {(p.code, p.line, p.column) for p in problems}, problems


def test_first_of_duplicate_keys_is_kept() -> None:
    assert parse("a: 1\na: {x: 2}\nb: 3\n").data == {"a": 1, "b": 3}


def test_aliases_are_never_expanded() -> None:
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20)
    )
    parsed = parse(laughs)
    assert {p.code for p in parsed.problems} == {"XC005"}
    assert parsed.data["c"] == [None, None, None]


def test_depth_limit() -> None:
    deep = "a: " + "[" * 70 + "]" * 70 + "\n"
    parsed = parse(deep)
    assert parsed.data is None
    assert [p.code for p in parsed.problems] == ["XC006"]
    assert parse("a: " + "[" * 60 + "]" * 60 + "\n").problems == []


def test_decode() -> None:
    assert decode(b"\xef\xbb\xbfa: 1\n") == ("a: 1\n", None)
    text, problem = decode(b"a: 1\nb: \xff\n")
    assert text is None
    assert problem is not None
    assert (problem.code, problem.line, problem.column) == ("XC001", 2, 4)
    _, utf16 = decode("a: 1\n".encode("utf-16"))
    assert utf16 is not None
    assert "UTF-16" in utf16.message
    _, big = decode(b"#" * (MAX_BYTES + 1))
    assert big is not None
    assert big.code == "XC006"


_WITHOUT_POSITIONS = [
    "a: 1\nb: [x, {c: no}]\n",
    "a: 1\na: 2\n",  # a duplicate key
    "a: &x 1\nb: *x\n",  # an anchor and an alias
    "<<: {a: 1}\n",  # a merge key
    "a: !!str 1\n",  # a tag
    "? [a, b]\n: c\n",  # a complex key
    "a: [1\n",  # a syntax error
    "a: 1\n---\nb: 2\n",  # a second document
    "a: " + "[" * 70 + "]" * 70 + "\n",  # nested too deep
    "e\u0301: caf\u00e9\nt: |\n  x  \n  y\n",  # NFC and a block's trailing spaces
]


@pytest.mark.parametrize("text", _WITHOUT_POSITIONS)
def test_without_positions_the_data_and_problems_are_the_same(text: str) -> None:
    with_them, without = parse(text), parse(text, positions=False)
    assert without.data == with_them.data
    assert without.problems == with_them.problems
    empty = without.source_map
    assert not (empty.values or empty.keys or empty.raw or empty.aliases)


def test_without_positions_every_example_reads_the_same() -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert parse(text, positions=False).data == parse(text).data, path.name
