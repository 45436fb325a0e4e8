"""Filters given edge arguments, huge literals and growing renders: a finding, never a crash."""

from __future__ import annotations

import time

import pytest

from xcplan.render.templates import (
    MAX_OUTPUT_CHARS,
    BudgetError,
    RenderError,
    analyse,
    render,
)

CONTEXT = {"first_name": "Nadia", "x": "aaa", "xs": list(range(100)), "big": "1" * 5000}


@pytest.mark.parametrize(
    "source",
    [
        "{{ first_name | truncate(1) }}",
        "{{ first_name | truncate(-5) }}",
        "{{ first_name | truncate(2, true, '...') }}",
        "{{ first_name | truncate(0, end='') }}x{{ first_name | truncate(3, end='long end') }}",
        "{{ 7 | truncate(2) }}",
        "{{ 1.5 | round(2, 'bogus') }}",
        "{{ 1e999 | int }}",
        "{{ [] | first }}",
        "{{ x | replace('a', 'b', 100000000000000000000000000000) }}",
        "{{ 1.5 | round(100000000000000000000000) }}",
        "{{ 1.5 | round(-100000000000000000000000) }}",
        "{{ big | int }}",
        "{{ xs | join(', ') | int }}",
    ],
)
def test_edge_arguments_render_or_fail_cleanly(source: str) -> None:
    info = analyse(source)
    assert info.renderable, info
    try:
        render(info, CONTEXT)
    except RenderError as error:
        message = str(error)
    else:
        message = "rendered"
    assert message


def test_truncate_shorter_than_its_end_says_so() -> None:
    with pytest.raises(RenderError, match=r"truncate\(1\).*at least 3"):
        render(analyse("{{ first_name | truncate(1) }}"), CONTEXT)


def test_a_4301_digit_literal_is_a_syntax_error() -> None:
    info = analyse("{{ " + "1" * 4301 + " }}")
    assert info.syntax_error is not None
    assert "too long" in info.syntax_error[0]
    assert render(analyse("{{ " + "1" * 4300 + " }}"), {}) == "1" * 4300


@pytest.mark.parametrize("chained", [2, 9, 10, 40])
def test_chained_replace_stops_at_once(chained: int) -> None:
    source = "{{ x" + " | replace('a', 'aaaaaaaaaa')" * chained + " }}"
    start = time.perf_counter()
    if 3 * 10**chained <= MAX_OUTPUT_CHARS:
        assert len(render(analyse(source), CONTEXT)) == 3 * 10**chained
    else:
        with pytest.raises(BudgetError, match="more than"):
            render(analyse(source), CONTEXT)
    assert time.perf_counter() - start < 0.5


def test_replace_of_the_empty_string_is_counted() -> None:
    source = "{{ big | replace('', 'xxxxxxxxxxxxxxxxxxxx') }}"
    with pytest.raises(BudgetError):
        render(analyse(source), CONTEXT)


def test_nested_loops_under_the_loop_budget_end_quickly() -> None:
    body = "{{ first_name | upper | lower | trim | title | replace('a', 'b') }}" * 40
    source = "{% for a in xs %}{% for b in xs %}" + body + "{% endfor %}{% endfor %}"
    start = time.perf_counter()
    with pytest.raises(BudgetError):
        render(analyse(source), CONTEXT)
    assert time.perf_counter() - start < 2.0
