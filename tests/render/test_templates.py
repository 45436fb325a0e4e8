"""The template sandbox: what it refuses, what it reads, and that it renders as Jinja2 does."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xcplan.render.templates import (
    ENVIRONMENT,
    MAX_ITERATIONS,
    RenderError,
    analyse,
    render,
)

HOSTILE = [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ lipsum.__globals__['os'] }}",
    "{% include '/etc/passwd' %}",
    "{% import 'os' as os %}",
    "{% extends '/etc/passwd' %}",
    "{% for i in range(10**9) %}x{% endfor %}",
    "{{ 10**10**10 }}",
    "{{ 'x' * 1000000000 }}",
    "{% set x = namespace() %}",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "{{ self.__init__ }}",
    "{{ first_name | attr('__class__') }}",
    "{{ first_name | map('upper') | list }}",
    "{% filter upper %}x{% endfilter %}",
    "{{ config }}{{ request.environ }}",
    "{{ dict(a=1) }}",
    "{% with x = 1 %}{{ x }}{% endwith %}",
]


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_templates_are_refused_and_never_run(source: str) -> None:
    # Read, not run: `10**10**10` or a loop of 10**9 would never come back here.
    info = analyse.__wrapped__(source)
    if source == "{{ config }}{{ request.environ }}":
        # Not a construct problem: `config` is simply an undefined variable (XC402), and
        # `request.environ` is attribute access.
        assert "config" in info.required
    assert info.forbidden, f"{source} was allowed"
    assert not info.renderable
    with pytest.raises(RenderError):
        render(info, {"first_name": "Ann"})


def test_variables_and_default_guards() -> None:
    info = analyse(
        "{{ first_name | default('there') }} {{ city }} "
        "{% if points is defined %}{{ points }}{% endif %}"
        "{% for c in cats %}{{ c }}{% endfor %}{{ tier | upper | default('x') }}"
    )
    assert info.required == {"city", "cats", "tier"}
    assert info.guarded == {"first_name", "points"}


def test_a_variable_used_guarded_and_unguarded_is_required() -> None:
    info = analyse("{{ name | default('you') }} and {{ name }}")
    assert info.required == {"name"}
    assert info.guarded == frozenset()


def test_syntax_error_has_a_line() -> None:
    info = analyse("Hello\nthere\n{{ x }")
    assert info.syntax_error is not None
    assert info.syntax_error[1] == 3
    unclosed = analyse("Hello\n{% if x %}\nno end")
    assert unclosed.syntax_error is not None
    assert "endif" in unclosed.syntax_error[0]


def test_loop_budget() -> None:
    info = analyse(
        "{% for a in xs %}{% for b in xs %}{% for c in xs %}.{% endfor %}{% endfor %}{% endfor %}"
    )
    with pytest.raises(RenderError, match="loops more than"):
        render(info, {"xs": list(range(50))})
    assert MAX_ITERATIONS >= 50**2  # two nested loops of 50 still render
    assert (
        len(
            render(
                analyse("{% for a in xs %}{% for b in xs %}.{% endfor %}{% endfor %}"),
                {"xs": list(range(50))},
            )
        )
        == 2500
    )


def test_undefined_and_filter_errors_are_render_errors() -> None:
    with pytest.raises(RenderError, match="undefined"):
        render(analyse("Hi {{ name }}"), {})
    with pytest.raises(RenderError):
        render(analyse("{{ name | round }}"), {"name": "Ann"})


# The evaluator must render exactly what the sandboxed Jinja2 template renders.
_values = st.one_of(
    st.text(alphabet="abcXYZ łó €", max_size=8),
    st.integers(-5, 20),
    st.floats(-10, 10, allow_nan=False).map(lambda f: round(f, 3)),
    st.lists(st.text(alphabet="abc", max_size=3), max_size=3),
)
_names = st.sampled_from(["a", "b", "items"])
_filters = st.sampled_from(
    [
        "upper",
        "lower",
        "title",
        "capitalize",
        "trim",
        "length",
        "string",
        "default('zz')",
        "truncate(5)",
        "replace('a', 'X')",
        "join(', ')",
        "first",
        "last",
    ]
)


@st.composite
def _expressions(draw: st.DrawFn) -> str:
    name = draw(_names)
    chain = draw(st.lists(_filters, max_size=2))
    return " | ".join([name, *chain])


@st.composite
def _templates(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["text", "expr", "if", "for", "cond"]))
        expr = draw(_expressions())
        if kind == "text":
            parts.append(draw(st.sampled_from(["Hi ", ", ", "!\n", "zł "])))
        elif kind == "expr":
            parts.append(f"{{{{ {expr} }}}}")
        elif kind == "if":
            op = draw(
                st.sampled_from(["== 'a'", "!= 3", "is defined", "is number", "in ['a', 'b']"])
            )
            parts.append(
                f"{{% if {draw(_names)} {op} %}}[{{{{ {expr} }}}}]{{% else %}}-{{% endif %}}"
            )
        elif kind == "for":
            parts.append(
                f"{{% for x in {draw(_names)} %}}{{{{ x }}}};{{% else %}}none{{% endfor %}}"
            )
        else:
            parts.append(f"{{{{ 'y' if {draw(_names)} is string and not b else 'n' }}}}")
    return "".join(parts)


def _outcome(run: Any) -> tuple[str, str]:
    try:
        return ("ok", run())
    except Exception as error:
        return ("failed", type(error).__name__)


@settings(max_examples=300, deadline=None)
@given(_templates(), st.dictionaries(_names, _values, max_size=3))
def test_evaluator_matches_sandboxed_jinja(source: str, context: dict[str, Any]) -> None:
    info = analyse(source)
    assert info.renderable, (source, info.forbidden, info.syntax_error)
    ours = _outcome(lambda: render(info, context))
    theirs = _outcome(lambda: ENVIRONMENT.from_string(source).render(context))
    assert ours[0] == theirs[0], (source, context, ours, theirs)
    if ours[0] == "ok":
        assert ours[1] == theirs[1]
