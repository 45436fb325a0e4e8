"""Safe YAML parsing that keeps the line and column of every node.

The parser is PyYAML's libyaml event stream (``CSafeLoader`` when compiled in). Instead of letting
PyYAML compose a document, this module builds plain Python data itself, which lets it

- refuse what the format forbids as it goes: tags, anchors, aliases and merge keys (XC005),
  duplicate keys (XC004), nesting deeper than 64 levels (XC006);
- never expand an alias, so a "billion laughs" file costs nothing;
- record, for every node, where it starts (``SourceMap``), and for plain scalars that YAML 1.1
  reads as something other than text, how they were written (for XC103's quoting hint).

Keys are always taken as text, as written: a key `no:` is the string ``"no"``.

PyYAML is imported when a first document is parsed: what only needs this module's types and
text helpers (the planner's first screen, whose plan its second process parsed) never waits
for it.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from xcplan.collect import collector_paused
from xcplan.io.limits import MAX_BYTES, MAX_DEPTH
from xcplan.model.numbers import written

if TYPE_CHECKING:
    import yaml

Loc = tuple[str | int, ...]

_STR_TAG: Final = "tag:yaml.org,2002:str"
_STANDARD_TAGS: Final = "tag:yaml.org,2002:"

_PLAIN: Final = (True, False)


class _Kit(NamedTuple):
    """What parsing takes from PyYAML."""

    yaml: Any
    loader: Any
    """libyaml's safe loader when compiled in, else the pure-Python one."""
    resolve: Any
    """The safe resolver's ``resolve``: the tag YAML 1.1 gives a plain scalar."""
    construct: Any
    """The safe constructor's ``construct_object``."""
    scalar_node: Any
    resolved_first: frozenset[str]
    """The first characters of a plain scalar YAML 1.1 may read as other than text (`no`,
    `1.0`, `~`): a plain scalar starting with any other character is text, not resolved (the
    safe resolver has no resolver for every first character)."""


@cache
def _kit() -> _Kit:
    import yaml
    from yaml.constructor import SafeConstructor
    from yaml.nodes import ScalarNode
    from yaml.resolver import Resolver

    resolver = Resolver()
    return _Kit(
        yaml=yaml,
        loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader),
        resolve=resolver.resolve,
        construct=SafeConstructor().construct_object,
        scalar_node=ScalarNode,
        resolved_first=frozenset(key for key in resolver.yaml_implicit_resolvers if key),
    )


class YamlProblem(NamedTuple):
    """A problem found while reading the file: a file-level rule code and a 1-based place."""

    code: str
    message: str
    line: int
    column: int


@dataclass(slots=True)
class SourceMap:
    """Where each node of a parsed document starts, by its raw path.

    ``values`` holds the position of each node; ``keys`` the position of the key of each mapping
    entry; ``raw`` the text of plain scalars that YAML 1.1 resolved to something other than a
    string (``no``, ``1.0``, ``2026-03-01``). Positions are 1-based ``(line, column)``.
    """

    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    raw: dict[Loc, str] = field(default_factory=dict)
    aliases: set[Loc] = field(default_factory=set)

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Return the position of ``loc``, or of its nearest ancestor that has one, or (1, 1)."""
        table = self.keys if key else self.values
        found = table.get(loc)
        if found is not None:
            return found
        for end in range(len(loc) - 1, -1, -1):
            found = self.values.get(loc[:end])
            if found is not None:
                return found
        return (1, 1)


@dataclass(slots=True)
class ParsedYaml:
    """A parsed document: its data (``None`` when parsing stopped), positions and problems."""

    data: Any
    source_map: SourceMap
    problems: list[YamlProblem]


class _Frame:
    """An open mapping or sequence while the event stream is read.

    ``loc`` is None for a detached container (the value of a duplicate key, or a complex key):
    it is read to stay in step with the stream, and then dropped.
    """

    __slots__ = ("container", "expect_key", "is_map", "key", "loc", "seen")

    def __init__(self, container: dict[str, Any] | list[Any], loc: Loc | None) -> None:
        self.container = container
        self.loc = loc
        self.is_map = self.expect_key = isinstance(container, dict)
        self.key: str | None = None
        self.seen: dict[str, int] = {}


def decode(raw: bytes) -> tuple[str | None, YamlProblem | None]:
    """Return the text of a UTF-8 file (BOM dropped), or a problem saying why it is not one."""
    if len(raw) > MAX_BYTES:
        return None, YamlProblem(
            "XC006",
            f"the file is over the 5 MiB limit ({MAX_BYTES:,} bytes); it was not parsed",
            1,
            1,
        )
    encoding = _wide_encoding(raw)
    if encoding is not None:
        return None, YamlProblem("XC001", f"the file is {encoding}; save it as UTF-8", 1, 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = position_of(raw[: error.start].decode("utf-8", "replace"), None)
        byte = raw[error.start]
        return None, YamlProblem(
            "XC001",
            f"the file is not UTF-8 text (byte 0x{byte:02x} cannot be decoded)",
            line,
            column,
        )
    return text.removeprefix("\ufeff"), None


def _wide_encoding(raw: bytes) -> str | None:
    """Return "UTF-16" or "UTF-32" for a file in one of them (by its BOM, or by where the zero
    bytes of its first characters are, as RFC 4627 tells JSON's encodings apart), else None."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    head = raw[:4]
    if len(head) == 4 and (not any(head[1:]) or not any(head[:3])) and any(head):
        return "UTF-32"
    if len(head) >= 2 and bool(head[0]) != bool(head[1]):
        return "UTF-16"
    return None


def position_of(text: str, index: int | None) -> tuple[int, int]:
    """Return the 1-based (line, column) of character ``index`` in ``text`` (end when None)."""
    head = text if index is None else text[:index]
    line = head.count("\n") + 1
    return line, len(head) - (head.rfind("\n") + 1) + 1


def _scalar_value(value: str, tag: str) -> Any:
    if tag == _STR_TAG:
        return value
    kit = _kit()
    try:
        result = kit.construct(kit.scalar_node(tag, value), deep=False)
    except (ValueError, kit.yaml.YAMLError, OverflowError):
        # A timestamp-shaped value that is no real date (2026-02-30) stays text; the schema
        # check then says what is wrong with it. So does an integer of more than 4,300 digits,
        # which Python refuses to read.
        return value
    if isinstance(result, int | float) and not isinstance(result, bool):
        return written(result, value)
    return result


def composed(text: str) -> str:
    """Return ``text`` in Unicode NFC: a decomposed `é` (e + U+0301) becomes `é` (section 7)."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def tidy_lines(text: str) -> str:
    """Return multi-line text with trailing spaces and tabs stripped from each line.

    The canonical writer strips them from ``|`` blocks (format, section 7); the loader does the
    same so that loading a file and loading its canonical form give the same plan.
    """
    return "\n".join(line.rstrip(" \t") for line in text.split("\n"))


_HINTS: Final = (
    ("mapping values are not allowed", "a value that holds `: ` must be in quotes"),
    ("that cannot start any token", "a value starting with this character must be in quotes"),
    ("tab character", "YAML indents with spaces, never tabs"),
    ("'\\t'", "YAML indents with spaces, never tabs"),
    ("could not find expected ':'", "is a `:` missing after a key?"),
    ("did not find expected key", "check the indentation of this line"),
    ("did not find expected ',' or ']'", "a `[` list is not closed"),
    ("did not find expected ',' or '}'", "a `{` mapping is not closed"),
    ("unknown escape character", "in double quotes, write a backslash as `\\\\`"),
    ("did not find expected <document start>", "is a key missing its `:`?"),
)


def syntax_message(error: yaml.MarkedYAMLError) -> str:
    """Return the parser's complaint, with a hint in the marketer's words where one helps."""
    problem = error.problem or "invalid YAML"
    context = error.context or ""
    if "quoted scalar" in context and "end of stream" in problem and error.context_mark:
        opened = error.context_mark
        return (
            f"a quoted value is never closed: its quote opens at line {opened.line + 1}, "
            f"column {opened.column + 1}"
        )
    message = f"{problem} ({context})" if context else problem
    for needle, hint in _HINTS:
        if needle in problem:
            return f"{message}: {hint}"
    return message


def _mark(event: Any) -> tuple[int, int]:

    mark = event.start_mark
    return mark.line + 1, mark.column + 1


def parse(text: str, *, positions: bool = True) -> ParsedYaml:
    """Parse one YAML document; return its data, positions and the problems found.

    Never raises for any input: syntax errors become XC001, forbidden constructs XC004 to XC006.
    Without ``positions`` the source map stays empty (the problems still have theirs): for data
    only validated, whose findings no one reads (the planner's second process: 147 to 113 ms for
    the 2,688-variant plan).
    """
    with collector_paused():
        return _parse(text, positions)


def _parse(text: str, positions: bool = True) -> ParsedYaml:
    # One pass over some 50 events a kilobyte: the common cases (a plain key, a plain scalar
    # with no anchor or tag) are worked out inline, the rest by the functions below.
    source_map = SourceMap()
    problems: list[YamlProblem] = []
    values = source_map.values
    keys = source_map.keys
    stack: list[_Frame] = []
    root: list[Any] = []
    documents = 0
    kit = _kit()
    yaml = kit.yaml
    resolve: Any = kit.resolve
    scalar_node = kit.scalar_node
    resolved_first = kit.resolved_first
    normalize = unicodedata.normalize
    scalar_event: Any = yaml.ScalarEvent
    mapping_start: Any = yaml.MappingStartEvent
    sequence_start: Any = yaml.SequenceStartEvent
    alias_event: Any = yaml.AliasEvent
    ends: Any = (yaml.MappingEndEvent, yaml.SequenceEndEvent)

    def problem(code: str, message: str, event: Any) -> None:
        line, column = _mark(event)
        problems.append(YamlProblem(code, message, line, column))

    def check_anchor_and_tag(event: Any) -> None:
        if event.anchor is not None:
            problem(
                "XC005",
                f"anchors (`&{event.anchor}`) are not allowed; use `campaign.vars` for shared text",
                event,
            )
        explicit = event.implicit != _PLAIN and event.implicit is not True
        if event.tag is not None and (explicit or type(event) is scalar_event):
            tag = str(event.tag)
            if tag.startswith(_STANDARD_TAGS):
                tag = "!!" + tag.removeprefix(_STANDARD_TAGS)
            problem("XC005", f"tags (`{tag}`) are not allowed", event)

    def read_key(event: Any, frame: _Frame) -> str | None:
        """Record a mapping key; return it, or None when its value is to be dropped."""
        if type(event) is not scalar_event:
            problem("XC103", "a mapping key must be plain text", event)
            return None
        key: str = composed(event.value)
        check_anchor_and_tag(event)
        if key == "<<" and event.implicit == _PLAIN:
            problem("XC005", "merge keys (`<<`) are not allowed; write the fields out", event)
            return None
        line, column = _mark(event)
        first = frame.seen.get(key)
        if first is not None:
            problem("XC004", f"duplicate key `{key}` (first at line {first})", event)
            return None
        frame.seen[key] = line
        if positions and frame.loc is not None:
            keys[(*frame.loc, key)] = (line, column)
        return key

    try:
        events: Any = yaml.parse(text, Loader=kit.loader)
        for event in events:
            kind = type(event)
            if kind in ends:
                stack.pop()
                continue
            if not (
                kind is scalar_event
                or kind is mapping_start
                or kind is sequence_start
                or kind is alias_event
            ):
                if kind is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        problem(
                            "XC001",
                            "a plan file holds one YAML document; found a second one",
                            event,
                        )
                        break
                continue
            plain = event.anchor is None and (kind is alias_event or event.tag is None)
            mark = event.start_mark
            place = (mark.line + 1, mark.column + 1)
            frame = stack[-1] if stack else None
            if frame is not None and frame.is_map:
                if frame.expect_key:
                    frame.expect_key = False
                    key = event.value if kind is scalar_event and plain else None
                    if key is not None and key != "<<" and key.isascii() and key not in frame.seen:
                        # A plain text key, not met before in this mapping: read_key's work.
                        frame.seen[key] = place[0]
                        frame.key = key
                        if positions and frame.loc is not None:
                            keys[(*frame.loc, key)] = place
                        continue
                    frame.key = read_key(event, frame)
                    if kind is scalar_event or kind is alias_event:
                        continue
                    # A complex key: read its contents and drop them.
                    stack.append(_Frame({} if kind is mapping_start else [], None))
                    continue
                frame.expect_key = True
            if not plain:
                if kind is alias_event:
                    problem(
                        "XC005",
                        f"aliases (`*{event.anchor}`) are not allowed; "
                        "use `campaign.vars` for shared text",
                        event,
                    )
                else:
                    check_anchor_and_tag(event)
            value: Any
            if kind is scalar_event:
                value = event.value
                if not value.isascii():
                    value = normalize("NFC", value)
                if event.tag is None and event.implicit == _PLAIN:
                    if not value or value[0] in resolved_first:
                        value = _scalar_value(value, resolve(scalar_node, value, _PLAIN))
                elif "\n" in value:
                    value = tidy_lines(value)
            elif kind is alias_event:
                value = None
            else:
                if len(stack) >= MAX_DEPTH:
                    problem(
                        "XC006",
                        f"nested deeper than {MAX_DEPTH} levels; the file was not parsed further",
                        event,
                    )
                    return ParsedYaml(None, source_map, problems)
                value = {} if kind is mapping_start else []
            # The node's place in its parent (None when it is dropped; without positions, ()
            # for every node kept).
            loc: Loc | None
            if frame is None:
                root.append(value)
                loc = ()
            elif frame.loc is None:
                loc = None
            elif frame.is_map:
                map_key = frame.key
                if map_key is None:
                    loc = None
                else:
                    loc = (*frame.loc, map_key) if positions else ()
                    frame.container[map_key] = value  # type: ignore[call-overload]
            else:
                container: Any = frame.container
                loc = (*frame.loc, len(container)) if positions else ()
                container.append(value)
            if loc is not None and positions:
                values[loc] = place
                if kind is scalar_event and not isinstance(value, str):
                    source_map.raw[loc] = event.value
                elif kind is alias_event:
                    source_map.aliases.add(loc)
            if kind is mapping_start or kind is sequence_start:
                stack.append(_Frame(value, loc))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        lines = text.split("\n")
        at = lines[line - 1][column - 1 : column] if 0 < line <= len(lines) else ""
        message = syntax_message(error)
        if "maximum nesting depth" in message:
            # libyaml reads ahead through a run of `[` or `{` and gives up at 1,000 levels, before
            # the 65th level reaches the check above.
            problems.append(
                YamlProblem(
                    "XC006",
                    f"nested deeper than {MAX_DEPTH} levels; the file was not parsed further",
                    line,
                    column,
                )
            )
            return ParsedYaml(None, source_map, problems)
        if at == "\t":
            message = "a tab character: YAML indents with spaces, never tabs"
        problems.append(YamlProblem("XC001", message, line, column))

        return ParsedYaml(None, source_map, problems)
    except yaml.YAMLError as error:
        position = getattr(error, "position", None)
        if isinstance(position, int) and kit.loader is not yaml.SafeLoader:
            # libyaml's reader counts UTF-8 bytes; the pure-Python one counts characters.
            position = len(text.encode("utf-8")[:position].decode("utf-8", "replace"))
        line, column = position_of(text, position if isinstance(position, int) else None)

        reason = getattr(error, "reason", None) or str(error).splitlines()[0]
        problems.append(YamlProblem("XC001", str(reason), line, column))
        return ParsedYaml(None, source_map, problems)
    return ParsedYaml(root[0] if root else None, source_map, problems)


def is_date(value: Any) -> bool:
    """Return whether ``value`` is a date or datetime, as YAML 1.1 reads `2026-03-01`."""
    return isinstance(value, dt.date)
