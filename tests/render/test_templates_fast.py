"""Templates of text and ``{{ name }}`` tags are analysed without Jinja2's parser: the result must
be what the parser gives, for every template, node for node and line for line."""

from __future__ import annotations

from typing import Any

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from jinja2 import nodes

from xcplan.render.templates import (
    ENVIRONMENT,
    _simple_tree,
    analyse,
    analyse_with_jinja,
    has_template_syntax,
    render,
)

NAMES = st.sampled_from(
    ["first_name", "a", "_x", "offer_code", "x1", "true", "None", "not", "if", "in", "loop", "é"]
)
SPACES = st.sampled_from(["", " ", "  ", "\t", " \t", "\n", "-", "+", "\r"])
TEXT = st.text(alphabet="ab {}%#-+\n\r\t!é.", max_size=12)


@st.composite
def _tag(draw: st.DrawFn) -> str:
    opening = draw(st.sampled_from(["{{", "{{", "{{", "{%", "{#", "{", "{{{"]))
    closing = draw(st.sampled_from(["}}", "}}", "}}", "%}", "#}", "}", "}}}", ""]))
    return f"{opening}{draw(SPACES)}{draw(NAMES)}{draw(SPACES)}{closing}"


TEMPLATES = st.lists(st.one_of(TEXT, _tag()), min_size=1, max_size=8).map("".join)


def _shape(tree: nodes.Node) -> list[tuple[str, int, Any]]:
    """Every node of ``tree`` with its line and fields, in order (``==`` on nodes leaves the
    lines out)."""
    return [(type(tree).__name__, tree.lineno, tuple(tree.iter_fields(exclude=("body", "nodes"))))]


def _flat(tree: nodes.Node) -> list[tuple[str, int, Any]]:
    out = _shape(tree)
    for child in tree.iter_child_nodes():
        out += _flat(child)
    return out


@settings(max_examples=600, deadline=None)
@given(TEMPLATES)
@example("Hi {{ first_name }}!")
@example("{{ a }}{{ b }}")
@example("line one\n\n{{ first_name }}\nthen {{offer_code}} }}")
@example("{{{ a }}")
@example("{{ true }} and {{ not }}")
@example("a\r\n{{ b }}")
@example("{{ a\n}}")
@example("{{- a }}")
@example("{{ a }")
def test_the_fast_path_gives_what_jinja_gives(source: str) -> None:
    assume(has_template_syntax(source))
    fast = _simple_tree(source)
    slow = analyse_with_jinja(source)
    if fast is None:
        return
    tree, names = fast
    assert slow.tree is not None, source
    assert tree == slow.tree
    assert _flat(tree) == _flat(slow.tree)
    assert all(node.environment is ENVIRONMENT for node in tree.find_all(nodes.Node))
    assert analyse(source) == slow
    assert names == slow.required


def test_copy_of_names_and_text_takes_the_fast_path() -> None:
    assert _simple_tree("Hi {{ first_name }}, use {{offer_code}} by {{ offer_end }}.") is not None
    for other in ("{% if a %}x{% endif %}", "{{ a | upper }}", "{{ true }}", "{# c #}{{ a }}"):
        assert _simple_tree(other) is None


def test_a_fast_template_renders_as_jinja_renders_it() -> None:
    source = "Hi {{ first_name }},\n{{ offer_code }} ends {{ offer_end }}!\n"
    context = {"first_name": "Ana", "offer_code": "SAVE10", "offer_end": "Friday"}
    info = analyse(source)
    assert render(info, context) == ENVIRONMENT.from_string(source).render(context)
