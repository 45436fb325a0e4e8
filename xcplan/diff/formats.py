"""A plan diff for people and programs: terminal text, Markdown, JSON.

Every piece of plan text (names, copy, values, messages) passes through ``visible`` before it is
written, so nothing in a plan can drive a terminal; Markdown escapes it as well. Colours are
asked for by name (``bold``, ``dim``, ``red``, ``green``, ``yellow``, ``cyan``) through a
``style`` function the caller gives: the CLI passes one that colours only on a terminal.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable
from typing import Final

from xcplan.diff.fields import multiset_delta, number
from xcplan.diff.model import (
    Change,
    FieldChange,
    FindingChange,
    MeasureChange,
    PlanDiff,
    Section,
    Value,
    WordOp,
)
from xcplan.diff.visible import json_safe, visible

Style = Callable[..., str]
"""``style(text, *names) -> text``: wraps text in the named styles, or returns it as it is."""


def plain_style(text: str, *_styles: str) -> str:
    """The style of plain output: text as it is."""
    return text


_MARKS: Final = {"added": "+", "removed": "-", "changed": "~", "renamed": "→"}
_MARK_STYLE: Final = {"added": "green", "removed": "red", "changed": "yellow", "renamed": "cyan"}
_FINDING_MARKS: Final = {"appeared": "+", "went_away": "-", "changed": "~"}
_FINDING_WORDS: Final = {"appeared": "appeared", "went_away": "went away", "changed": "changed"}
_FINDING_STYLE: Final = {"appeared": "red", "went_away": "green", "changed": "yellow"}
SECTION_ENTITIES: Final = {
    "campaign": "campaign",
    "personas": "persona",
    "channels": "channel",
    "journey": "journey",
    "touchpoints": "touchpoint",
    "variants": "variant",
    "experiments": "experiment",
    "policies": "policy",
    "events": "event",
    "scenarios": "scenario",
}
"""The entity each section is about: only other entities in it are named in the text."""
_CONTEXT_LINES: Final = 1
"""Unchanged lines kept around a changed line of multi-line copy; the rest become ``…``."""


def summary(diff: PlanDiff) -> str:
    """Return the closing line: what changed, counted."""
    if diff.same:
        return "No change: the two plans mean the same."
    counts = diff.counts()
    parts = [f"{counts[kind]} {kind}" for kind in ("added", "removed", "renamed", "changed")]
    shown = ", ".join(p for p in parts if not p.startswith("0 "))
    findings = [
        f"{counts['findings_appeared']} appeared" if counts["findings_appeared"] else "",
        f"{counts['findings_went_away']} went away" if counts["findings_went_away"] else "",
    ]
    found = ", ".join(f for f in findings if f)
    if shown and found:
        return f"{shown}; findings: {found}."
    return f"{shown or 'findings: ' + found}."


def _value(value: Value) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return number(value)
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value) if value else "(none)"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_value(v)}" for k, v in value.items()) or "(none)"
    return str(value)


def one_line(text: str) -> str:
    """Return text made safe and kept on one line: each line break shown as ``⏎``."""
    return visible(text).replace("\n", "⏎")


def _word_lines(words: Iterable[WordOp]) -> list[list[WordOp]]:
    """Split word-diff runs into lines, keeping which runs each line holds."""
    lines: list[list[WordOp]] = [[]]
    for op, text in words:
        parts = text.split("\n")
        for index, part in enumerate(parts):
            if index:
                lines.append([])
            if part:
                lines[-1].append((op, part))
    return lines


def _kept_lines(lines: list[list[WordOp]]) -> list[list[WordOp] | None]:
    """Keep changed lines and their neighbours; None stands for a run of unchanged lines."""
    changed = [i for i, line in enumerate(lines) if any(op != "=" for op, _ in line)]
    keep = {
        j
        for i in changed
        for j in range(i - _CONTEXT_LINES, i + _CONTEXT_LINES + 1)
        if 0 <= j < len(lines)
    }
    out: list[list[WordOp] | None] = []
    for index, line in enumerate(lines):
        if index in keep:
            out.append(line)
        elif out and out[-1] is None:
            continue
        else:
            out.append(None)
    return out


def _measure_groups(measures: Iterable[MeasureChange]) -> list[tuple[str, list[str], str]]:
    """Group measurements by field and figures: (field, personas, what moved)."""
    by_place: dict[tuple[str, str], list[MeasureChange]] = {}
    for measure in measures:
        by_place.setdefault((measure.field, measure.persona), []).append(measure)
    grouped: dict[tuple[str, str], list[str]] = {}
    for (field_name, persona), moved in by_place.items():
        grouped.setdefault((field_name, _figures(moved)), []).append(persona)
    return [(f, personas, figures) for (f, figures), personas in grouped.items()]


_UNITS: Final = {
    "characters": ("character", "characters"),
    "weighted_characters": ("weighted character", "weighted characters"),
    "segments": ("segment", "segments"),
}


def _figures(moved: list[MeasureChange]) -> str:
    parts = []
    for measure in moved:
        one, many = _UNITS.get(measure.measure, ("", ""))
        unit = one if measure.new == 1 and (measure.old in (None, 1)) else many
        was = "" if measure.old is None else f"{_value(measure.old)} → "
        parts.append(f"{was}{_value(measure.new)}{' ' + unit if unit else ''}")
    return ", ".join(parts)


class _Text:
    """Writes the terminal text of a diff."""

    def __init__(self, style: Style) -> None:
        self.style = style
        self.lines: list[str] = []
        self.entity = ""

    def write(self, diff: PlanDiff) -> str:
        old, new = visible(diff.old), visible(diff.new)
        self.lines.append(self.style(f"xcplan diff {old} → {new}", "bold"))
        for section in diff.sections:
            self.lines.append("")
            self.section(section)
        self.lines.append("")
        self.lines.append(summary(diff))
        return "\n".join(self.lines) + "\n"

    def section(self, section: Section) -> None:
        self.lines.append(self.style(section.title, "bold"))
        self.entity = SECTION_ENTITIES.get(section.name, "")
        for change in section.changes:
            self.change(change)
        for found in section.findings:
            self.finding(found, indent="  ", with_path=True)

    def change(self, change: Change) -> None:
        mark = self.style(_MARKS[change.change], _MARK_STYLE[change.change])
        what = f"{change.parent} / {change.id}" if change.parent else change.id
        if change.old_id is not None:
            old_what = f"{change.parent} / {change.old_id}" if change.parent else change.old_id
            what = f"{old_what} → {what}"
        head = f"  {mark} {self.style(what, 'bold')}"
        if change.entity != self.entity:
            head += f" ({change.entity})"
        if change.name:
            head += "  " + self.style(one_line(change.name), "dim")
        self.lines.append(head)
        for sentence in change.says:
            self.lines.append(f"      {visible(sentence)}")
        for field_change in change.fields:
            self.field(field_change)
        for field_name, personas, figures in _measure_groups(change.measures):
            who = ", ".join(f"`{p}`" for p in personas)
            self.lines.append(f"      {visible(field_name)} for {who}: {figures}")
        for found in change.findings:
            self.finding(found, indent="      ", with_path=False)

    def field(self, change: FieldChange) -> None:
        name = visible(change.field)
        if change.says is not None:
            self.lines.append(f"      {visible(change.says)}")
            return
        if change.words is not None:
            lines = _kept_lines(_word_lines(change.words))
            prefix = f"      {name}: "
            pad = " " * 8
            for number_, line in enumerate(lines):
                body = "…" if line is None else "".join(self.run(op, t) for op, t in line)
                self.lines.append((prefix if number_ == 0 else pad) + body)
            return
        if isinstance(change.old, list) and isinstance(change.new, list):
            added, removed = multiset_delta(change.old, change.new)
            shown = [f"+ {one_line(_value(a))}" for a in added]
            shown += [f"- {one_line(_value(r))}" for r in removed]
            self.lines.append(f"      {name}: {'; '.join(shown)}")
            return
        was, now = one_line(_value(change.old)), one_line(_value(change.new))
        self.lines.append(f"      {name}: {was} → {now}")

    def run(self, op: str, text: str) -> str:
        if op == "=":
            return visible(text)
        shown = visible(text, changed=True)
        if op == "-":
            return self.style(f"[-{shown}-]", "red")
        return self.style(f"{{+{shown}+}}", "green")

    def finding(self, found: FindingChange, *, indent: str, with_path: bool) -> None:
        mark = self.style(_FINDING_MARKS[found.change], _FINDING_STYLE[found.change])
        where = f" at {visible(found.path)}" if with_path and found.path else ""
        line = (
            f"{indent}{mark} {self.style(found.code, 'bold')} {found.severity} "
            f"{_FINDING_WORDS[found.change]}{where}: {visible(found.message)}"
        )
        self.lines.append(line)
        if found.change == "changed":
            was = visible(found.old_message or "")
            severity = f"{found.old_severity} " if found.old_severity != found.severity else ""
            self.lines.append(f"{indent}    was: {severity}{was}")


def to_text(diff: PlanDiff, style: Style = plain_style) -> str:
    """Return the diff as terminal text: a section per kind of change, word diffs inline as
    ``[-removed-]`` and ``{+added+}``, and a closing summary line."""
    return _Text(style).write(diff)


_MD_SPECIAL: Final = re.compile(r"([\\`*_\[\]|~#])")


def md_text(text: str) -> str:
    """Return free text safe in Markdown: marks for controls, HTML and Markdown escaped."""
    escaped = html.escape(visible(text), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", escaped).replace("\n", "<br>")


def md_sentence(text: str) -> str:
    """Return a sentence of xcplan's (with backticked ids) or a message safe in Markdown."""
    return html.escape(visible(text), quote=False).replace("|", "\\|")


class _Markdown:
    """Writes the Markdown of a diff, for a pull-request comment."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def write(self, diff: PlanDiff) -> str:
        self.lines.append(f"### xcplan diff: {md_text(diff.old)} → {md_text(diff.new)}")
        for section in diff.sections:
            self.lines += ["", f"#### {section.title}", ""]
            for change in section.changes:
                self.change(change)
            for found in section.findings:
                self.lines.append(f"- {self.finding(found, with_path=True)}")
        self.lines += ["", md_sentence(summary(diff))]
        return "\n".join(self.lines) + "\n"

    def change(self, change: Change) -> None:
        what = f"`{change.parent}` / `{change.id}`" if change.parent else f"`{change.id}`"
        if change.old_id is not None:
            old_what = (
                f"`{change.parent}` / `{change.old_id}`" if change.parent else f"`{change.old_id}`"
            )
            what = f"{old_what} → {what}"
        head = f"- **{change.change}** {change.entity} {what}"
        if change.name:
            head += f" ({md_text(change.name)})"
        self.lines.append(head)
        for sentence in change.says:
            self.lines.append(f"  - {md_sentence(sentence)}")
        for field_change in change.fields:
            self.lines.append(f"  - {self.field(field_change)}")
        for field_name, personas, figures in _measure_groups(change.measures):
            who = ", ".join(f"`{p}`" for p in personas)
            self.lines.append(f"  - {md_text(field_name)} for {who}: {md_sentence(figures)}")
        for found in change.findings:
            self.lines.append(f"  - {self.finding(found, with_path=False)}")

    def field(self, change: FieldChange) -> str:
        name = f"**{md_text(change.field)}**"
        if change.says is not None:
            return md_sentence(change.says)
        if change.words is not None:
            lines = _kept_lines(_word_lines(change.words))
            shown = [
                "…" if line is None else "".join(self.run(op, t) for op, t in line)
                for line in lines
            ]
            return f"{name}: " + "<br>".join(shown)
        if isinstance(change.old, list) and isinstance(change.new, list):
            added, removed = multiset_delta(change.old, change.new)
            shown = [f"<ins>{md_text(_value(a))}</ins>" for a in added]
            shown += [f"<del>{md_text(_value(r))}</del>" for r in removed]
            return f"{name}: {', '.join(shown)}"
        return f"{name}: {md_text(_value(change.old))} → {md_text(_value(change.new))}"

    def run(self, op: str, text: str) -> str:
        if op == "=":
            return md_text(text)
        shown = md_text(visible(text, changed=True))
        return f"<del>{shown}</del>" if op == "-" else f"<ins>{shown}</ins>"

    def finding(self, found: FindingChange, *, with_path: bool) -> str:
        where = f" at {md_text(found.path)}" if with_path and found.path else ""
        line = (
            f"{found.code} {found.severity} {_FINDING_WORDS[found.change]}{where}: "
            f"{md_sentence(found.message)}"
        )
        if found.change == "changed":
            line += f" (was: {md_sentence(found.old_message or '')})"
        return line


def to_markdown(diff: PlanDiff) -> str:
    """Return the diff as Markdown for a pull-request comment: a heading per section, a list
    item per change, word diffs with ``<del>`` and ``<ins>``."""
    return _Markdown().write(diff)


def to_json(diff: PlanDiff) -> str:
    """Return the diff as the JSON document of the documented shape (README, "xcplan diff")."""
    text = json.dumps(diff.as_dict(), indent=2, ensure_ascii=False, allow_nan=False)
    return json_safe(text) + "\n"
