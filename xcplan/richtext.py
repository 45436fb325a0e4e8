"""Rich text for people, shared by ``xcplan preview`` and the editor's live preview.

Both draw the preview model of ``xcplan.edit.preview``: ``preview_table`` as the CLI prints it,
``preview_grid`` as the planner shows it in its narrow column.

Rendered copy is shown as it will be sent, but safely: control characters and the invisible
bidirectional controls (which could reorder or hide text in a terminal) are shown as visible
marks (``xcplan.render.hidden``, which every command uses for plan text). In an SMS body sent
as UCS-2 the characters that forced it are highlighted, and a mark shows where each further
segment starts. Lines whose first strong character is right-to-left
(Arabic, Persian, Hebrew...) set the whole text's alignment to the right: terminals draw
characters in the order they are stored, so right alignment is what keeps such copy readable
as a block.

Imports rich, never textual.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Final

from rich.table import Table
from rich.text import Text

from xcplan.edit.preview import FieldPreview, VariantPreview
from xcplan.lint.diagnostics import Diagnostic, Severity
from xcplan.render.hidden import mark, terminal_safe
from xcplan.render.limits import ChannelLimits
from xcplan.render.measure import nfc
from xcplan.render.preview import Measured

SEVERITY_STYLE: Final = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "yellow",
    Severity.INFO: "cyan",
}
SEVERITY_MARK: Final = {Severity.ERROR: "✖", Severity.WARNING: "▲", Severity.INFO: "●"}

UCS2_STYLE: Final = "reverse magenta"
"""How the characters that force an SMS into UCS-2 are highlighted."""
BREAK_STYLE: Final = "bold reverse cyan"
"""How the mark where a new SMS segment starts is drawn."""

_RTL_CLASSES: Final = frozenset({"R", "AL"})
_LTR_CLASSES: Final = frozenset({"L"})


def _mark(char: str) -> str | None:
    """Return the visible stand-in for an invisible or dangerous character, or None."""
    return "→" if char == "\t" else mark(char)


def is_rtl(line: str) -> bool:
    """Whether a line reads right to left: its first strong character is R or AL."""
    for char in line:
        kind = unicodedata.bidirectional(char)
        if kind in _RTL_CLASSES:
            return True
        if kind in _LTR_CLASSES:
            return False
    return False


def visible(
    text: str,
    *,
    highlight: Iterable[str] = (),
    breaks: Iterable[int] = (),
) -> Text:
    """Return ``text`` safe to draw: controls as marks, ``highlight`` characters highlighted,
    and a numbered mark before each offset of ``breaks`` (where an SMS segment starts).

    Text whose first line with a strong character reads right to left is aligned right.
    """
    marked = frozenset(highlight)
    starts = {offset: number for number, offset in enumerate(sorted(breaks), 2)}
    first = next((line for line in text.split("\n") if line.strip()), "")
    out = Text(justify="right" if is_rtl(first) else "left")
    plain_from = 0
    for index, char in enumerate(text):
        number = starts.get(index)
        stand_in = _mark(char)
        if number is None and stand_in is None and char not in marked:
            continue
        out.append(text[plain_from:index])
        plain_from = index + 1
        if number is not None:
            out.append(f"‹{number}›", style=BREAK_STYLE)
        if stand_in is not None:
            out.append(stand_in, style="bold red")
        elif char in marked:
            out.append(char, style=UCS2_STYLE)
        else:
            out.append(char)
    out.append(text[plain_from:])
    return out


def shown(measured: Measured) -> Text:
    """Return a rendered field for display: marks, UCS-2 culprits and segment starts."""
    sms = measured.sms
    if sms is None:
        return visible(measured.text)
    highlight = sms.non_gsm if sms.encoding == "UCS-2" else ()
    return visible(nfc(measured.text), highlight=highlight, breaks=sms.segment_breaks)


def counter(measured: Measured, field: str, limits: ChannelLimits) -> Text:
    """Return the measure of a rendered field against its channel's limits, coloured."""
    length = measured.weighted if measured.weighted is not None else measured.characters
    unit = "weighted" if measured.weighted is not None else "chars"
    limit = limits.fields.get(field)
    if measured.sms is not None:
        sms = measured.sms
        over = sms.segments > limits.max_segments
        unit_name = "septets" if sms.encoding == "GSM-7" else "units"
        return Text(
            f"{sms.encoding} · {sms.units} {unit_name} · {sms.segments} segment"
            f"{'' if sms.segments == 1 else 's'} (max {limits.max_segments})",
            style="yellow" if over else "green",
        )
    if limit is None:
        return Text(f"{length} {unit}", style="dim")
    cap = limit.soft or limit.hard
    style = "green"
    if limit.hard is not None and length > limit.hard:
        style = "bold red"
    elif limit.soft is not None and length > limit.soft:
        style = "yellow"
    return Text(f"{length} / {cap} {unit}", style=style)


def findings(diagnostics: Iterable[Diagnostic], *, places: bool = True) -> Text:
    """Return diagnostics one per line: mark, code, message, and (with ``places``) where."""
    out = Text()
    for diagnostic in diagnostics:
        style = SEVERITY_STYLE[diagnostic.severity]
        out.append(f"{SEVERITY_MARK[diagnostic.severity]} {diagnostic.code} ", style=style)
        out.append(terminal_safe(diagnostic.message, one_line=True))
        if places:
            where = terminal_safe(diagnostic.path, one_line=True)
            out.append(f" (line {diagnostic.line}, {where})", style="dim")
        out.append("\n")
    out.rstrip()
    return out


def _not_rendered(field: FieldPreview) -> Text:
    return Text(terminal_safe(field.problem), style="bold red")


def _payload(preview: VariantPreview) -> Text | None:
    if preview.payload is None:
        return None
    used, limit = preview.payload
    return Text(f"{used:,} / {limit:,} bytes", style="bold red" if used > limit else "green")


def ucs2_hint(measured: Measured) -> Text | None:
    """Return why an SMS body is sent as UCS-2 (and the GSM-7 look-alikes), or None."""
    sms = measured.sms
    if sms is None or sms.encoding != "UCS-2" or not sms.non_gsm:
        return None
    # The culprits are characters of the copy: a C1 control or a bidi override among them is
    # shown by its mark.
    culprits = " ".join(terminal_safe(char, one_line=True) for char in sms.non_gsm)
    hint = f"UCS-2 because of: {culprits}"
    if sms.lookalikes and len(sms.lookalikes) == len(sms.non_gsm):
        swaps = ", ".join(f"{terminal_safe(a, one_line=True)}→{b}" for a, b in sms.lookalikes)
        hint += f" (GSM-7 with {swaps})"
    return Text(hint, style="magenta")


def preview_title(preview: VariantPreview, *, persona_id: bool = False) -> Text:
    """Return the line naming what a preview shows: the variant, its locale, the persona and
    theirs (``Variant a · en → Nadia, new app user (en-GB)``)."""
    details = f"{preview.persona.id}, {preview.persona_locale}" if persona_id else None
    return Text.assemble(
        (f"{'variant' if persona_id else 'Variant'} {preview.variant.id}", "bold"),
        f" · {preview.variant_locale} → ",
        (terminal_safe(preview.persona.name, one_line=True), "bold"),
        f" ({details or preview.persona_locale})",
    )


def preview_table(preview: VariantPreview) -> Table:
    """Return a preview as ``xcplan preview`` prints it: a titled table of each field's name,
    its rendered text and its measure against the channel's limits."""
    table = Table(
        title=preview_title(preview, persona_id=True),
        title_justify="left",
        show_header=False,
        expand=True,
        padding=(0, 1),
    )
    table.add_column("field", style="bold cyan", no_wrap=True)
    table.add_column("text", ratio=1, overflow="fold")
    table.add_column("measure", no_wrap=True, justify="right")
    for field in preview.fields:
        if field.measured is not None:
            measure = counter(field.measured, field.name, preview.limits)
            table.add_row(field.name, shown(field.measured), measure)
        else:
            table.add_row(field.name, Text(terminal_safe(field.problem), "red"), "")
    payload = _payload(preview)
    if payload is not None:
        table.add_row("payload", Text("title + body + url, UTF-8", "dim"), payload)
    return table


def preview_grid(preview: VariantPreview) -> Table:
    """Return a preview as the planner shows it beside the editor (narrow): each field's label
    and measure, then its rendered text, and why an SMS is UCS-2."""
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column("field", style="bold", no_wrap=True, width=9)
    table.add_column("text", ratio=1, overflow="fold")
    for field in preview.fields:
        measured = field.measured
        if measured is None:
            table.add_row(field.label, _not_rendered(field))
            continue
        table.add_row(field.label, counter(measured, field.name, preview.limits))
        table.add_row("", shown(measured))
        hint = ucs2_hint(measured)
        if hint is not None:
            table.add_row("", hint)
    payload = _payload(preview)
    if payload is not None:
        payload.append(" (title + body + url)")
        table.add_row("Payload", payload)
    return table
