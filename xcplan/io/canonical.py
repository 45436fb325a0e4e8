"""The canonical writer (format, section 7): one text for each plan, so plans diff cleanly.

- keys in the models' field order; fields equal to their default, null or empty are omitted;
- two-space indentation, block sequences indented under their key, no line wrapping,
  Unicode written as itself;
- multi-line text as ``|`` literal blocks; a string that YAML 1.1 or 1.2 could read as anything
  but a string is quoted;
- the lists of channel ids in ``map`` in flow style (``[push, email]``);
- LF endings and one final newline.

The writer is a fixed point (``dump(load(dump(p))) == dump(p)``) and loading what it writes
gives back the same plan; the tests check both with generated plans.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from typing import Any, Final

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from xcplan.io.yaml_source import composed, tidy_lines
from xcplan.model.numbers import WrittenFloat, WrittenInt, float_text, int_text, template_number
from xcplan.model.plan import Plan, Touchpoint

_INDICATORS: Final = frozenset("-?:,[]{}#&*!|>'\"%@`")
# YAML 1.2 core schema (and the YAML 1.1 spec's booleans that PyYAML does not resolve).
_YAML12_NOT_TEXT: Final = re.compile(
    r"""^(?:~|null|Null|NULL
    |true|True|TRUE|false|False|FALSE
    |y|Y|n|N|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF
    |[-+]?[0-9][0-9_]*
    |0o[0-7]+|0x[0-9a-fA-F]+|0b[01_]+
    |[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
    |=|<<)$""",
    re.VERBOSE,
)
# What PyYAML's safe loader reads as other than a string (YAML 1.1): the patterns of its implicit
# resolvers (``yaml.resolver``: bool, float, int, merge, null, timestamp, value), as they are
# there. Here rather than asked of its resolver, so that writing text (the planner's first
# screen writes `vars`) needs no YAML library; a test checks both give the same answer.
_YAML11_NOT_TEXT: Final = re.compile(
    r"""^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF
    |[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN)
    |[-+]?0b[0-1_]+
    |[-+]?0[0-7_]+
    |[-+]?(?:0|[1-9][0-9_]*)
    |[-+]?0x[0-9a-fA-F_]+
    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+
    |<<
    | ~
    |null|Null|NULL
    |
    |[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
     (?:[Tt]|[ \t]+)[0-9][0-9]?
     :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
     (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?
    |=
    |!|&|\*)$""",
    re.VERBOSE,
)
# Characters YAML cannot hold as they are, line breaks only YAML 1.1 knows, and the invisible
# characters that would hide or reorder text in an editor or a diff (bidi controls, zero-width
# space, word joiner, soft hyphen; ZWNJ and ZWJ, which words and emoji need, are written as
# they are).
_NEEDS_ESCAPE: Final = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufeff\ufffe\uffff\x85\u2028\u2029"
    "\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069]"
)
_ESCAPES: Final = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\x00": "\\0",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
    "\ufeff": "\\uFEFF",
}


class FlowList(list[Any]):
    """A list written in flow style: ``[push, email]``."""


def _plain_is_safe(text: str) -> bool:
    if not text or text != text.strip() or text[0] in _INDICATORS:
        return False
    if ": " in text or " #" in text or text.endswith(":") or any(c in text for c in "\t\n\r"):
        return False
    if text.startswith(("---", "...")) or _NEEDS_ESCAPE.search(text):
        return False
    return not (_YAML12_NOT_TEXT.match(text) or _YAML11_NOT_TEXT.match(text))


def _double_quoted(text: str) -> str:
    out = []
    for char in text:
        escaped = _ESCAPES.get(char)
        if escaped is None and _NEEDS_ESCAPE.match(char):
            code = ord(char)
            escaped = f"\\x{code:02X}" if code < 0x100 else f"\\u{code:04X}"
        out.append(escaped or char)
    return '"' + "".join(out) + '"'


def scalar(value: Any, *, flow: bool = False) -> str:
    """Return ``value`` as a one-line YAML scalar, quoted when it must be."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"

    if isinstance(value, WrittenInt | WrittenFloat):
        return template_number(value)
    if isinstance(value, int):
        return int_text(value)
    if isinstance(value, float):
        return number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if _plain_is_safe(text) and not (flow and any(c in text for c in ",[]{}")):
        return text
    return _double_quoted(text)


def number(value: float) -> str:
    """Return a float as YAML 1.1 and 1.2 both read it: integral values without a fraction.

    For the numbers of typed fields (weights, rates, budget); the numbers templates render keep
    their written form (``template_number``).
    """
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return float_text(value)


def _literal_ok(text: str) -> bool:
    # More than one trailing line break would need keep-chomping (`|+`), whose blank lines run
    # into whatever follows and can end the file with blank lines: such text is double-quoted.
    # A block drops the spaces and tabs at the end of its lines, so text that has them (the
    # exact text of an export) is double-quoted too.
    return (
        "\n" in text.rstrip("\n")
        and not text.endswith("\n\n")
        and "\r" not in text
        and not _NEEDS_ESCAPE.search(text)
        and tidy_lines(text) == text
    )


def _literal(text: str, indent: int) -> tuple[str, list[str]]:
    """Return the block header (``|`` or ``|-``, with indicator) and the indented lines."""
    chomp = "" if text.endswith("\n") else "-"
    lines = text.removesuffix("\n").split("\n")
    first = next((line for line in lines if line), "")
    indicator = "2" if first.startswith((" ", "\t")) else ""
    pad = " " * indent
    return f"|{indicator}{chomp}", [pad + line if line else "" for line in lines]


def _emit_mapping(mapping: dict[str, Any], indent: int, out: list[str], tidy: bool) -> None:
    pad = " " * indent
    for key, value in mapping.items():
        head = f"{pad}{scalar(key)}:"
        _emit_value(head, value, indent, out, tidy)


def _emit_sequence(items: list[Any], indent: int, out: list[str], tidy: bool) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict | list) and item:
            nested: list[str] = []
            if isinstance(item, dict):
                _emit_mapping(item, indent + 2, nested, tidy)
            else:
                _emit_sequence(item, indent + 2, nested, tidy)
            nested[0] = f"{pad}- {nested[0][indent + 2 :]}"
            out.extend(nested)
        else:
            _emit_value(f"{pad}-", item, indent, out, tidy)


def _emit_value(head: str, value: Any, indent: int, out: list[str], tidy: bool) -> None:
    if tidy and isinstance(value, str):
        # What the loader would make of the text: composed, and multi-line text without the
        # spaces at the end of its lines.
        value = composed(value)
        if "\n" in value:
            value = tidy_lines(value)
    if isinstance(value, FlowList):
        out.append(f"{head} [{', '.join(scalar(v, flow=True) for v in value)}]")
    elif isinstance(value, dict):
        if value:
            out.append(head)
            _emit_mapping(value, indent + 2, out, tidy)
        else:
            out.append(f"{head} {{}}")
    elif isinstance(value, list):
        if value:
            out.append(head)
            _emit_sequence(value, indent + 2, out, tidy)
        else:
            out.append(f"{head} []")
    elif isinstance(value, str) and _literal_ok(value):
        header, lines = _literal(value, indent + 2)
        out.append(f"{head} {header}")
        out.extend(lines)
    else:
        out.append(f"{head} {scalar(value)}")


def dump_data(data: dict[str, Any], *, exact: bool = False) -> str:
    """Return canonical YAML text for already-ordered plain data (dicts, lists, scalars).

    Multi-line text loses the spaces and tabs at the end of its lines, as the loader drops them
    (so writing a plan and loading it again is a fixed point); with ``exact``, every text is
    written so that any YAML parser reads it back character for character (the export).
    """
    out: list[str] = []
    _emit_mapping(data, 0, out, not exact)
    return "\n".join(out) + "\n"


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, list | dict | str) and not value)


def model_data(model: BaseModel, *, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
    """Return a model's fields in declaration order, leaving out defaults, nulls and empties
    (and the fields named in ``leave_out``)."""
    out: dict[str, Any] = {}
    fields = type(model).model_fields
    for name, info in fields.items():
        if name in leave_out:
            continue
        value = getattr(model, name)
        if value is None:
            continue
        # An empty list or map is left out only where leaving it out means the same: fields whose
        # default is empty. A required `personas: []` or an explicit `stages: []` stays.
        if info.default_factory is not None and (
            _is_empty(value) or value == info.default_factory()  # type: ignore[call-arg]
        ):
            continue
        if info.default is not PydanticUndefined and value == info.default:
            continue
        out[name] = _plain(value)

    return out


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return model_data(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}

    return value


def _ordered(keys: list[str], order: list[str]) -> list[str]:
    """Return ``keys`` in the order of ``order``; keys it does not name follow, as they came."""
    rank = {key: index for index, key in enumerate(order)}
    return sorted(keys, key=lambda key: rank.get(key, len(rank)))  # sorted() is stable


def plan_data(plan: Plan, *, touchpoints: bool = True) -> dict[str, Any]:
    """Return the plan as ordered plain data in canonical form, ready for ``dump_data``
    (without its touchpoints when not ``touchpoints``)."""
    data = model_data(plan, leave_out=() if touchpoints else ("touchpoints",))
    persona_order = [persona.id for persona in plan.personas]
    stage_order = [stage.id for stage in plan.journey()]
    planned: dict[str, Any] = {}
    for persona_id in _ordered(list(plan.map), persona_order):
        stages = plan.map[persona_id]
        row = {
            stage_id: FlowList(stages[stage_id])
            for stage_id in _ordered(list(stages), stage_order)
            if stages[stage_id]
        }
        if row:
            planned[persona_id] = row
    if planned:
        data["map"] = planned
    else:
        data.pop("map", None)
    # Keep the top-level order of the model even though `map` was rebuilt.
    return {name: data[name] for name in Plan.model_fields if name in data}


class KeptText:
    """The canonical lines of each touchpoint written, kept for the next text of the plan
    edited (``dump_plan``'s ``kept``): edits never change a model in place, so a touchpoint an
    edit did not touch is the very object it was, and its lines are the ones kept. (The text of
    the 2,688-variant plan took 155 ms to write whole, every time the planner kept the changes
    for recovery.) Safe to share between threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._lines: dict[int, tuple[Touchpoint, list[str]]] = {}

    def lines(self, touchpoint: Touchpoint) -> list[str]:
        """Return the lines of ``touchpoint`` as an item of the plan's `touchpoints`."""
        with self._lock:
            found = self._lines.get(id(touchpoint))
        if found is not None:  # held there, the touchpoint's id is no other object's
            return found[1]
        lines: list[str] = []
        _emit_sequence([model_data(touchpoint)], 2, lines, True)
        with self._lock:
            self._lines[id(touchpoint)] = (touchpoint, lines)
        return lines

    def keep_only(self, touchpoints: list[Touchpoint]) -> None:
        """Forget the lines of every touchpoint but these."""
        wanted = {id(touchpoint) for touchpoint in touchpoints}
        with self._lock:
            for key in [key for key in self._lines if key not in wanted]:
                del self._lines[key]


def dump_plan(plan: Plan, *, kept: KeptText | None = None) -> str:
    """Return the canonical text of a plan; with ``kept``, the lines of the touchpoints written
    before are taken from there, and the others' are kept there."""
    if kept is None or not plan.touchpoints:
        return dump_data(plan_data(plan))
    data = plan_data(plan, touchpoints=False)
    out: list[str] = []
    for name in Plan.model_fields:
        if name == "touchpoints":
            out.append("touchpoints:")
            for touchpoint in plan.touchpoints:
                out.extend(kept.lines(touchpoint))
        elif name in data:
            _emit_value(f"{scalar(name)}:", data[name], 0, out, True)
    kept.keep_only(plan.touchpoints)
    return "\n".join(out) + "\n"
