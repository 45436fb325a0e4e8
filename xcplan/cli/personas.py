"""``xcplan personas``: the persona library as a table, one persona in full, or one as YAML.

The table is drawn with rich on a terminal and written as plain aligned columns otherwise (for
pipes, ``grep`` and tests). ``--yaml`` prints the persona as an item of a canonical plan's
``personas:`` list, ready to paste: plans copy library personas, they never refer to them.
"""

from __future__ import annotations

import re
import sys
import textwrap
from collections.abc import Sequence
from typing import Final

from xcplan.cli.output import Printer
from xcplan.errors import ExitCode, InputError
from xcplan.io.library import plan_snippet, shown_path
from xcplan.lint.library import LibraryPersona, list_personas, load_persona
from xcplan.model.plan import Persona
from xcplan.model.types import ProfileValue
from xcplan.render.hidden import terminal_safe

WIDTH: Final = 88
"""Where the text of one persona is wrapped."""

SUMMARY_MAX: Final = 72
"""The longest one-line summary in the table, in characters."""

SUMMARY_MIN: Final = 24
"""The narrowest summary column the rich table shows; with less room it has none."""

HEADERS: Final = ("id", "name", "lifecycle", "locale", "size", "preferred channels", "summary")

_SENTENCE_END: Final = re.compile(r"(?<=[.!?])\s+")


def one_line(summary: str | None, limit: int = SUMMARY_MAX) -> str:
    """Return the first sentence of a summary, on one line, cut to ``limit`` characters."""
    if not summary:
        return ""
    first = _SENTENCE_END.split(" ".join(summary.split()), maxsplit=1)[0]
    if len(first) <= limit:
        return first
    return first[: limit - 1].rstrip(" ,;:") + "…"


def _size(size: int | None) -> str:
    return "" if size is None else f"{size:,}"


def _row(persona: Persona) -> tuple[str, ...]:
    """Return a persona's cells, each on one line with control characters as marks."""
    cells = (
        persona.id,
        persona.name,
        persona.lifecycle,
        persona.locale or "",
        _size(persona.size),
        ", ".join(persona.preferred_channels),
        one_line(persona.summary),
    )
    return tuple(terminal_safe(cell, one_line=True) for cell in cells)


def plain_table(personas: Sequence[LibraryPersona]) -> str:
    """Return the library as plain text: a header line and one aligned line per persona."""
    rows = [HEADERS, *(_row(item.persona) for item in personas)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADERS))]
    size_column = HEADERS.index("size")
    lines = []
    for row in rows:
        cells = [
            cell.rjust(widths[i]) if i == size_column else cell.ljust(widths[i])
            for i, cell in enumerate(row[:-1])
        ]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines) + "\n"


def _rich_table(personas: Sequence[LibraryPersona]) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    rows = [_row(item.persona) for item in personas]

    def table(summary_width: int) -> Table:
        out = Table(
            title="Persona library",
            title_justify="left",
            title_style="bold",
            header_style="bold",
            box=box.SIMPLE_HEAD,
            show_edge=False,
        )
        out.add_column("id", style="cyan", no_wrap=True)
        out.add_column("name")
        out.add_column("lifecycle", no_wrap=True)
        out.add_column("locale", no_wrap=True)
        out.add_column("size", justify="right", no_wrap=True)
        out.add_column("preferred channels")
        if summary_width:
            out.add_column("summary", no_wrap=True)
        for row in rows:
            # Cells are Text, never markup: a name such as `Dana [50% off]` shows as written.
            cells = [Text(cell) for cell in row[:-1]]
            if summary_width:
                out.add_row(*cells, Text(one_line(row[-1], summary_width)))
            else:
                out.add_row(*cells)
        return out

    console = Console(highlight=False)
    # The summary gets what is left of the terminal's width, one line each; on a narrow terminal
    # it is left out (`xcplan personas ID` shows it in full).
    room = console.width - console.measure(table(0)).maximum - 3
    console.print(table(min(room, SUMMARY_MAX) if room >= SUMMARY_MIN else 0))
    console.print(
        "Show one: [bold]xcplan personas ID[/]    "
        "Copy one into a plan: [bold]xcplan personas ID --yaml[/]",
        style="dim",
    )


def _profile_value(value: ProfileValue) -> str:
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


def _wrapped(text: str, indent: str = "  ", bullet: str = "") -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines.extend(
            textwrap.wrap(
                paragraph,
                WIDTH,
                initial_indent=indent + bullet,
                subsequent_indent=indent + " " * len(bullet),
                break_long_words=False,
                break_on_hyphens=False,
            )
            or [""]
        )
    return lines


def describe(item: LibraryPersona, out: Printer) -> None:
    """Print every field of a library persona for people: lists as bullets, maps as key: value."""
    persona = item.persona
    out.line(f"{out.style(persona.name, 'bold')} {out.style(f'({persona.id})', 'dim')}")
    if persona.summary:
        for line in _wrapped(persona.summary, indent=""):
            out.line(line)
    out.line()
    facts = [
        ("lifecycle", persona.lifecycle),
        ("locale", persona.locale or ""),
        ("size", f"{_size(persona.size)} people" if persona.size is not None else ""),
        ("preferred channels", ", ".join(persona.preferred_channels)),
    ]
    label_width = max(len(label) for label, _ in facts)
    for label, value in facts:
        if value:
            out.line(f"  {out.style(label.ljust(label_width), 'bold')}  {value}")
    sections: list[tuple[str, list[str]]] = [
        ("Demographics", [f"  {key}: {value}" for key, value in persona.demographics.items()]),
    ]
    for title, entries in (
        ("Goals", persona.goals),
        ("Pain points", persona.pain_points),
        ("Behaviors", persona.behaviors),
        ("Motivations", persona.motivations),
    ):
        sections.append(
            (title, [line for entry in entries for line in _wrapped(entry, bullet="- ")])
        )
    sections.append(
        (
            "Profile (sample personalisation data)",
            [f"  {key}: {_profile_value(value)}" for key, value in persona.profile.items()],
        )
    )
    if persona.notes:
        sections.append(("Notes", _wrapped(persona.notes.rstrip("\n"))))
    if persona.ignore:
        sections.append(("Ignored rules", [f"  {', '.join(persona.ignore)}"]))
    for title, lines in sections:
        if not lines:
            continue
        out.line()
        out.line(out.style(title, "bold"))
        for line in lines:
            out.line(line)
    out.line()
    out.line(out.style(f"file: {shown_path(item.path)}", "dim"))
    out.line(
        out.style(f"Copy it into a plan's personas: xcplan personas {persona.id} --yaml", "dim")
    )


def run(persona_id: str | None, *, as_yaml: bool = False) -> int:
    """List the library, or show one persona (as canonical YAML with ``as_yaml``)."""
    out = Printer(sys.stdout)
    if persona_id is None:
        if as_yaml:
            raise InputError("`--yaml` needs a persona id: `xcplan personas ID --yaml`")
        personas = list_personas()
        if not personas:
            Printer(sys.stderr).line("The persona library is empty.")
            return ExitCode.OK
        if out.stream.isatty():
            _rich_table(personas)
        else:
            out.write(plain_table(personas))
        return ExitCode.OK
    item = load_persona(persona_id)
    if as_yaml:
        out.data(plan_snippet(item.persona))
    else:
        describe(item, out)
    return ExitCode.OK
