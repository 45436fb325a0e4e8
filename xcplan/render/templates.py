"""Content templates: the sandbox, what a template may use, and rendering (format, section 4).

Every content field is a Jinja2 template. A template is first *analysed*: parsed by a
``SandboxedEnvironment`` (syntax errors are XC401), checked node by node against what section 4
allows (anything else is XC403), and read for the variables it uses and whether each use is
guarded by a ``default`` filter (XC402). Only a template that passes the analysis is ever
rendered, and then by a small evaluator of the allowed nodes that calls the sandbox's own filters
and tests. The evaluator never runs Python compiled from a template, needs no ``compile()`` per
template (which keeps linting a 2,700-variant plan fast), and stops any render past a budget of
loop iterations and output; ``tests/render/test_templates.py`` checks that it renders exactly
what the sandboxed Jinja2 template renders.

What a template may use:

- variables (``{{ first_name }}``), literals, and lists of literals;
- ``{% if %}`` / ``{% elif %}`` / ``{% else %}`` and the inline ``x if y else z``, with
  comparisons (``==``, ``!=``, ``<``, ``<=``, ``>``, ``>=``, ``in``, ``not in``), ``and``,
  ``or``, ``not`` and the tests ``defined``, ``undefined``, ``none``, ``number``, ``string``,
  ``even`` and ``odd``;
- ``{% for x in list %}`` (with ``{% else %}``) over a list variable;
- the filters ``default``, ``upper``, ``lower``, ``title``, ``capitalize``, ``trim``,
  ``truncate``, ``replace``, ``join``, ``length``, ``first``, ``last``, ``round``, ``int`` and
  ``string``, with literal arguments.

Everything else is refused: attribute and item access, calls, arithmetic, ``set``, ``include``,
``import``, ``extends``, ``macro``, ``call``, ``filter`` and ``with`` blocks, other filters.
"""

from __future__ import annotations

import keyword
import operator
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Final

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.exceptions import TemplateError, UndefinedError
from jinja2.filters import FILTERS as DEFAULT_FILTERS
from jinja2.sandbox import SandboxedEnvironment
from jinja2.tests import TESTS as DEFAULT_TESTS

ALLOWED_FILTERS: Final = (
    "default",
    "upper",
    "lower",
    "title",
    "capitalize",
    "trim",
    "truncate",
    "replace",
    "join",
    "length",
    "first",
    "last",
    "round",
    "int",
    "string",
)
ALLOWED_TESTS: Final = ("defined", "undefined", "none", "number", "string", "even", "odd")
MAX_TEMPLATE_CHARS: Final = 20_000
MAX_ITERATIONS: Final = 10_000
MAX_OUTPUT_CHARS: Final = 100_000
MAX_STEPS: Final = 200_000
"""Expressions a render may evaluate: nested loops under ``MAX_ITERATIONS`` still end fast."""


def _sandbox() -> SandboxedEnvironment:
    # trim_blocks and lstrip_blocks: a block tag alone on its line (`{% if %}`, `{% endfor %}`)
    # leaves no blank line behind, so what a writer sees is what a customer gets.
    env = SandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        cache_size=0,
    )
    env.globals.clear()
    env.filters = {name: DEFAULT_FILTERS[name] for name in ALLOWED_FILTERS}
    env.tests = {name: DEFAULT_TESTS[name] for name in ALLOWED_TESTS}
    return env


ENVIRONMENT: Final = _sandbox()
"""The one sandbox every template is parsed (and, in tests, rendered) with."""

_FORBIDDEN_NAMES: Final[dict[type[nodes.Node], str]] = {
    nodes.Getattr: "attribute access (`x.y`)",
    nodes.Getitem: "item access (`x[0]`)",
    nodes.Slice: "slices",
    nodes.Call: "function calls",
    nodes.Include: "`include`",
    nodes.Import: "`import`",
    nodes.FromImport: "`import`",
    nodes.Extends: "`extends`",
    nodes.Block: "`block`",
    nodes.Macro: "`macro`",
    nodes.CallBlock: "`call` blocks",
    nodes.Assign: "`set`",
    nodes.AssignBlock: "`set`",
    nodes.FilterBlock: "`filter` blocks",
    nodes.With: "`with`",
    nodes.Scope: "scoped blocks",
    nodes.ExprStmt: "`do`",
    nodes.Continue: "`continue`",
    nodes.Break: "`break`",
    nodes.Dict: "dict literals",
    nodes.Concat: "the `~` operator",
    nodes.BinExpr: "arithmetic",
    nodes.UnaryExpr: "arithmetic",
}

_COMPARE: Final[dict[str, Callable[[Any, Any], Any]]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "gt": operator.gt,
    "gteq": operator.ge,
    "lt": operator.lt,
    "lteq": operator.le,
    "in": lambda a, b: a in b,
    "notin": lambda a, b: a not in b,
}


@dataclass(frozen=True, slots=True)
class Forbidden:
    """A construct a template may not use, and the template line it is on."""

    what: str
    line: int


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    """What analysing one template found.

    ``required`` are the variables used somewhere without a ``default`` guard; ``guarded`` are
    those only ever used behind one. ``syntax_error`` is (message, line in the template).
    """

    source: str
    tree: nodes.Template | None
    syntax_error: tuple[str, int] | None = None
    forbidden: tuple[Forbidden, ...] = ()
    required: frozenset[str] = frozenset()
    guarded: frozenset[str] = frozenset()

    @property
    def renderable(self) -> bool:
        """Whether the template parsed and uses only what the sandbox allows."""
        return self.tree is not None and not self.forbidden

    @property
    def variables(self) -> frozenset[str]:
        """Every variable the template reads, guarded or not."""
        return self.required | self.guarded


class RenderError(Exception):
    """A template that failed while rendering for one persona's data (XC401)."""


class BudgetError(RenderError):
    """A render stopped because it looped or wrote past its budget (XC403)."""


class _Budget:
    __slots__ = ("iterations", "steps")

    def __init__(self) -> None:
        self.iterations = 0
        self.steps = 0

    def tick(self) -> None:
        self.iterations += 1
        if self.iterations > MAX_ITERATIONS:
            raise BudgetError(f"the template loops more than {MAX_ITERATIONS:,} times")

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise BudgetError(f"the template takes more than {MAX_STEPS:,} steps to render")


@dataclass
class _Scan:
    forbidden: list[Forbidden] = field(default_factory=list)
    required: set[str] = field(default_factory=set)
    guarded: set[str] = field(default_factory=set)

    def refuse(self, what: str, node: nodes.Node) -> None:
        self.forbidden.append(Forbidden(what, node.lineno))


def _is_literal(node: nodes.Node) -> bool:
    if isinstance(node, nodes.Const):
        return True
    if isinstance(node, nodes.Neg | nodes.Pos):
        return isinstance(node.node, nodes.Const) and isinstance(node.node.value, int | float)
    if isinstance(node, nodes.List | nodes.Tuple):
        return all(_is_literal(item) for item in node.items)
    return False


def _defined_tests(test: nodes.Node) -> set[str]:
    """Return the names a condition proves defined (``x is defined``, joined by ``and``)."""
    if (
        isinstance(test, nodes.Test)
        and test.name == "defined"
        and isinstance(test.node, nodes.Name)
    ):
        return {test.node.name}
    if isinstance(test, nodes.And):
        return _defined_tests(test.left) | _defined_tests(test.right)
    return set()


def _scan_expr(node: nodes.Node, scan: _Scan, local: frozenset[str], safe: frozenset[str]) -> None:
    if isinstance(node, nodes.Name):
        if node.name not in local:
            (scan.guarded if node.name in safe else scan.required).add(node.name)
    elif isinstance(node, nodes.Const):
        return
    elif isinstance(node, nodes.List | nodes.Tuple):
        for item in node.items:
            _scan_expr(item, scan, local, safe)
    elif isinstance(node, nodes.Filter | nodes.Test):
        kind = "filter" if isinstance(node, nodes.Filter) else "test"
        allowed = ALLOWED_FILTERS if kind == "filter" else ALLOWED_TESTS
        if node.name not in allowed:
            listed = ", ".join(f"`{name}`" for name in allowed)
            scan.refuse(f"the {kind} `{node.name}` (allowed: {listed})", node)
        if node.dyn_args is not None or node.dyn_kwargs is not None:
            scan.refuse(f"`*args` in a {kind}", node)
        for argument in [*node.args, *(kw.value for kw in node.kwargs)]:
            if not _is_literal(argument):
                scan.refuse(f"a {kind} argument that is not a literal", argument)
        if node.node is None:
            scan.refuse("`filter` blocks", node)
        elif (isinstance(node, nodes.Filter) and node.name == "default") or (
            isinstance(node, nodes.Test) and node.name in ("defined", "undefined")
        ):
            if isinstance(node.node, nodes.Name):
                if node.node.name not in local:
                    scan.guarded.add(node.node.name)
            else:
                _scan_expr(node.node, scan, local, safe)
        else:
            _scan_expr(node.node, scan, local, safe)
    elif isinstance(node, nodes.Compare):
        _scan_expr(node.expr, scan, local, safe)
        for operand in node.ops:
            if operand.op not in _COMPARE:
                scan.refuse(f"the operator `{operand.op}`", node)
            _scan_expr(operand.expr, scan, local, safe)
    elif isinstance(node, nodes.And | nodes.Or):
        _scan_expr(node.left, scan, local, safe)
        right_safe = safe | _defined_tests(node.left) if isinstance(node, nodes.And) else safe
        _scan_expr(node.right, scan, local, right_safe)
    elif isinstance(node, nodes.Not):
        _scan_expr(node.node, scan, local, safe)
    elif isinstance(node, nodes.CondExpr):
        _scan_expr(node.test, scan, local, safe)
        _scan_expr(node.expr1, scan, local, safe | _defined_tests(node.test))
        if node.expr2 is not None:
            _scan_expr(node.expr2, scan, local, safe)
    else:
        scan.refuse(_describe(node), node)


def _describe(node: nodes.Node) -> str:
    for kind, what in _FORBIDDEN_NAMES.items():
        if isinstance(node, kind):
            return what
    return f"`{type(node).__name__}` expressions"


def _scan_body(
    body: list[nodes.Node], scan: _Scan, local: frozenset[str], safe: frozenset[str]
) -> None:
    for node in body:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if not isinstance(child, nodes.TemplateData):
                    _scan_expr(child, scan, local, safe)
        elif isinstance(node, nodes.If):
            _scan_expr(node.test, scan, local, safe)
            _scan_body(node.body, scan, local, safe | _defined_tests(node.test))
            for branch in node.elif_:
                _scan_expr(branch.test, scan, local, safe)
                _scan_body(branch.body, scan, local, safe | _defined_tests(branch.test))
            _scan_body(node.else_, scan, local, safe)
        elif isinstance(node, nodes.For):
            if not isinstance(node.target, nodes.Name):
                scan.refuse("unpacking in `for`", node)
                continue
            if node.recursive:
                scan.refuse("recursive loops", node)
            _scan_expr(node.iter, scan, local, safe)
            inner = local | {node.target.name}
            if node.test is not None:
                _scan_expr(node.test, scan, inner, safe)
            _scan_body(node.body, scan, inner, safe)
            _scan_body(node.else_, scan, local, safe)
        else:
            scan.refuse(_describe(node), node)


_UNCLOSED: Final = re.compile(r"innermost block that needs to be closed is '(\w+)'")
_UNKNOWN_TAG: Final = re.compile(r"Encountered unknown tag '(\w+)'")


def _syntax_message(error: TemplateSyntaxError) -> str:
    """Return Jinja2's complaint in a writer's words where it is a common one."""
    message = error.message or "syntax error"
    unclosed = _UNCLOSED.search(message)
    if unclosed:
        tag = unclosed.group(1)
        return f"`{{% {tag} %}}` is never closed: add `{{% end{tag} %}}`"
    unknown = _UNKNOWN_TAG.search(message)
    if unknown:
        return f"`{{% {unknown.group(1)} %}}` is not a tag templates know (use if and for)"
    if "unexpected end of template" in message.lower():
        return "the text ends inside a tag: close every `{{` with `}}` and `{%` with `%}`"
    return message


def has_template_syntax(source: str) -> bool:
    """Return whether ``source`` holds anything Jinja2 would treat as a tag."""
    return "{{" in source or "{%" in source or "{#" in source


_VARIABLE_TAG: Final = re.compile(r"\{\{[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*\}\}")
"""A ``{{ name }}`` tag with spaces or tabs around the name, on one line."""
_NOT_NAMES: Final = frozenset(
    {"true", "false", "none", "True", "False", "None", *keyword.kwlist, *keyword.softkwlist}
)
"""Words Jinja2 reads as something other than a variable (``{{ true }}``, ``{{ not }}``), and
Python's keywords, left to its parser."""


def _simple_tree(source: str) -> tuple[nodes.Template, frozenset[str]] | None:
    """Return the tree Jinja2 parses from a template that is text and ``{{ name }}`` tags only,
    with the names, built without its lexer and parser; None for any other template.

    Most copy is such a template (``Hi {{ first_name }}, use {{ offer_code }}``), and parsing
    it with Jinja2 is most of the time the personalisation rules take. The tree is the one
    ``ENVIRONMENT.parse`` gives, node for node and line for line
    (``tests/render/test_templates_fast.py`` compares them on generated templates). Anything
    else Jinja2 would read in its own way is left to it: a block or a comment, whitespace
    control (``{{-``), a tag over several lines, a ``\r`` (its lexer normalises line breaks in
    text).
    """
    if "{{" not in source or "{%" in source or "{#" in source or "\r" in source:
        return None
    items: list[nodes.Node] = []
    names: set[str] = set()
    position = 0
    line = 1
    while (start := source.find("{{", position)) != -1:
        found = _VARIABLE_TAG.match(source, start)
        if found is None or found.group(1) in _NOT_NAMES:
            return None
        if start > position:
            items.append(
                nodes.TemplateData(source[position:start], lineno=line, environment=ENVIRONMENT)
            )
            line += source.count("\n", position, start)
        name = found.group(1)
        names.add(name)
        items.append(nodes.Name(name, "load", lineno=line, environment=ENVIRONMENT))
        position = found.end()
    if position < len(source):
        items.append(nodes.TemplateData(source[position:], lineno=line, environment=ENVIRONMENT))
    output = nodes.Output(items, lineno=items[0].lineno, environment=ENVIRONMENT)
    tree = nodes.Template([output], lineno=1, environment=ENVIRONMENT)
    return tree, frozenset(names)


@lru_cache(maxsize=8192)
def analyse(source: str) -> TemplateInfo:
    """Return what ``source`` uses and whether it may be rendered. Results are cached."""
    if not has_template_syntax(source):
        return TemplateInfo(source, nodes.Template([nodes.Output([nodes.TemplateData(source)])]))
    if len(source) > MAX_TEMPLATE_CHARS:
        return TemplateInfo(
            source,
            None,
            forbidden=(Forbidden(f"templates over {MAX_TEMPLATE_CHARS:,} characters", 1),),
        )
    simple = _simple_tree(source)
    if simple is not None:
        tree, names = simple
        return TemplateInfo(source, tree, required=names)
    return analyse_with_jinja(source)


def analyse_with_jinja(source: str) -> TemplateInfo:
    """Return what ``analyse`` does, always by Jinja2's parser (for a template with syntax, of
    at most ``MAX_TEMPLATE_CHARS``); not cached."""
    try:
        tree = ENVIRONMENT.parse(source)
    except TemplateSyntaxError as error:
        return TemplateInfo(source, None, syntax_error=(_syntax_message(error), error.lineno))
    except (TemplateError, RecursionError, MemoryError) as error:
        return TemplateInfo(source, None, syntax_error=(str(error) or "syntax error", 1))
    except (ValueError, OverflowError):
        # Jinja2's lexer turns number literals into ints and floats: Python refuses to read an
        # integer of more than 4,300 digits.
        return TemplateInfo(
            source, None, syntax_error=("a number in the template is too long to read", 1)
        )
    scan = _Scan()
    try:
        _scan_body(tree.body, scan, frozenset(), frozenset())
    except RecursionError:
        scan.refuse("expressions nested this deep", tree)
    return TemplateInfo(
        source,
        tree,
        forbidden=tuple(scan.forbidden),
        required=frozenset(scan.required),
        guarded=frozenset(scan.guarded - scan.required),
    )


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text “{value[:30]}”"
    if isinstance(value, list | tuple):
        return "a list"
    return "undefined" if isinstance(value, StrictUndefined) else type(value).__name__


class _Renderer:
    """Evaluates the allowed nodes of an analysed template for one context."""

    def __init__(self, context: Mapping[str, Any]) -> None:
        self.scopes: list[Mapping[str, Any]] = [context]
        self.budget = _Budget()
        self.size = 0

    def lookup(self, name: str) -> Any:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        return ENVIRONMENT.undefined(name=name)

    def expr(self, node: nodes.Node) -> Any:
        self.budget.step()
        if isinstance(node, nodes.Name):
            return self.lookup(node.name)
        if isinstance(node, nodes.Const):
            return node.value
        if isinstance(node, nodes.Neg):
            return -self.expr(node.node)
        if isinstance(node, nodes.Pos):
            return +self.expr(node.node)
        if isinstance(node, nodes.List):
            return [self.expr(item) for item in node.items]
        if isinstance(node, nodes.Tuple):
            return tuple(self.expr(item) for item in node.items)
        if isinstance(node, nodes.Filter):
            assert node.node is not None
            value = self.expr(node.node)
            args = [self.expr(a) for a in node.args]
            keywords = self.keywords(node)
            _check_filter(node.name, value, args, keywords)
            try:
                result = ENVIRONMENT.call_filter(node.name, value, args, keywords)
            except (TypeError, ValueError, ArithmeticError, LookupError, AssertionError) as error:
                subject = (
                    f"`{node.node.name}`" if isinstance(node.node, nodes.Name) else "its input"
                )
                raise RenderError(
                    f"the `{node.name}` filter cannot use {subject}: it is {_kind(value)}"
                ) from error
            if isinstance(result, str) and len(result) > MAX_OUTPUT_CHARS:
                raise BudgetError(_too_long())
            return result
        if isinstance(node, nodes.Test):
            return ENVIRONMENT.call_test(
                node.name,
                self.expr(node.node),
                [self.expr(a) for a in node.args],
                self.keywords(node),
            )
        if isinstance(node, nodes.Compare):
            left = self.expr(node.expr)
            for operand in node.ops:
                right = self.expr(operand.expr)
                if not _COMPARE[operand.op](left, right):
                    return False
                left = right
            return True
        if isinstance(node, nodes.And):
            return self.expr(node.left) and self.expr(node.right)
        if isinstance(node, nodes.Or):
            return self.expr(node.left) or self.expr(node.right)
        if isinstance(node, nodes.Not):
            return not self.expr(node.node)
        if isinstance(node, nodes.CondExpr):
            if self.expr(node.test):
                return self.expr(node.expr1)
            if node.expr2 is None:
                return ENVIRONMENT.undefined(hint="the inline if has no else")
            return self.expr(node.expr2)
        raise RenderError(f"cannot render {type(node).__name__}")  # analysis refuses these

    def keywords(self, node: nodes.Filter | nodes.Test) -> dict[str, Any]:
        keywords: list[nodes.Keyword] = node.kwargs  # type: ignore[assignment]
        return {kw.key: self.expr(kw.value) for kw in keywords}

    def body(self, body: list[nodes.Node]) -> Iterator[str]:
        for node in body:
            if isinstance(node, nodes.Output):
                for child in node.nodes:
                    if isinstance(child, nodes.TemplateData):
                        yield self.emit(child.data)
                    else:
                        yield self.emit(str(self.expr(child)))
            elif isinstance(node, nodes.If):
                yield from self.branch(node)
            elif isinstance(node, nodes.For):
                yield from self.loop(node)
            else:
                raise RenderError(f"cannot render {type(node).__name__}")

    def branch(self, node: nodes.If) -> Iterator[str]:
        if self.expr(node.test):
            yield from self.body(node.body)
            return
        for branch in node.elif_:
            if self.expr(branch.test):
                yield from self.body(branch.body)
                return
        yield from self.body(node.else_)

    def loop(self, node: nodes.For) -> Iterator[str]:
        assert isinstance(node.target, nodes.Name)
        name = node.target.name
        ran = False
        for item in self.expr(node.iter):
            self.budget.tick()
            scope = {name: item}
            if node.test is not None:
                self.scopes.append(scope)
                keep = self.expr(node.test)
                self.scopes.pop()
                if not keep:
                    continue
            ran = True
            self.scopes.append(scope)
            yield from self.body(node.body)
            self.scopes.pop()
        if not ran:
            yield from self.body(node.else_)

    def emit(self, text: str) -> str:
        self.size += len(text)
        if self.size > MAX_OUTPUT_CHARS:
            raise BudgetError(_too_long())
        return text


def _too_long() -> str:
    return f"the template writes more than {MAX_OUTPUT_CHARS:,} characters"


def _argument(args: list[Any], keywords: dict[str, Any], position: int, name: str) -> Any:
    if len(args) > position:
        return args[position]
    return keywords.get(name, _UNSET)


_UNSET: Final = object()


def _check_filter(name: str, value: Any, args: list[Any], keywords: dict[str, Any]) -> None:
    """Refuse, before it runs, a filter call that would fail inside Jinja2 or outgrow the budget.

    ``truncate`` asserts that its length holds its end text; ``replace`` can multiply the size
    of its input, so nine chained ``replace('a', 'aaaaaaaaaa')`` would build a gigabyte before
    any check after it ran. Both are settled here from the arguments.
    """
    if name == "truncate":
        length = _argument(args, keywords, 0, "length")
        end = _argument(args, keywords, 2, "end")
        end = "..." if end is _UNSET else end
        if isinstance(length, int) and isinstance(end, str) and length < len(end):
            raise RenderError(
                f"`truncate({length})` is shorter than its end text “{end}”: give a length "
                f"of at least {len(end)}"
            )
    elif name == "replace" and isinstance(value, str | int | float | list | tuple):
        value = str(value)
        old = _argument(args, keywords, 0, "old")
        new = _argument(args, keywords, 1, "new")
        count = _argument(args, keywords, 2, "count")
        if not (isinstance(old, str) and isinstance(new, str)) or len(new) <= len(old):
            return
        found = value.count(old) if old else len(value) + 1
        if isinstance(count, int) and not isinstance(count, bool) and count >= 0:
            found = min(found, count)
        if len(value) + found * (len(new) - len(old)) > MAX_OUTPUT_CHARS:
            raise BudgetError(_too_long())


def render(info: TemplateInfo, context: Mapping[str, Any]) -> str:
    """Return the template rendered with ``context``.

    Raises ``RenderError`` with a message for people when the template cannot be rendered: it
    did not pass the analysis, a variable is undefined, a filter failed on the data, or the
    render went past its budget.
    """
    if info.tree is None or info.forbidden:
        raise RenderError("the template cannot be rendered: fix its errors first")
    if not has_template_syntax(info.source):
        return info.source
    renderer = _Renderer(context)
    try:
        return "".join(renderer.body(info.tree.body))
    except RenderError:
        raise
    except UndefinedError as error:
        raise RenderError(str(error.message or "undefined variable")) from None
    except (TypeError, ValueError, ArithmeticError, LookupError, TemplateError) as error:
        raise RenderError(f"{type(error).__name__}: {error}") from None
    except RecursionError:
        raise RenderError("the template nests too deeply to render") from None
