"""Plans whose text attacks the planner, and a driver that keeps what the app writes.

``hostile_plan`` is the retail example with every name and much of its text replaced by text
that is markup to Rich and Textual (``[/b]``, ``[link=...]``, ``[@click=...]``), that holds
terminal control sequences (OSC 52 writes the clipboard, ``ESC ] 0`` the window title,
``ESC [ 2J`` clears the screen, C1 controls do the same in one byte), bidi overrides, very long
names, emoji and right-to-left script. ``recording_driver`` makes ``App.run_test`` keep the
bytes the app would write to the terminal, so a test can check that none of the plan's control
characters is among them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

import yaml

from tests.conftest import EXAMPLES
from xcplan.io.canonical import dump_plan
from xcplan.io.load import load_plan
from xcplan.model.kinds import DEFAULT_STAGE_IDS

OSC52: Final = "\x1b]52;c;SGVsbG8=\x07"
"""Writes "Hello" to the clipboard."""
TITLE: Final = "\x1b]0;PWNED\x07"
"""Sets the terminal window's title."""
CLEAR: Final = "\x1b[2J\x1b[3J\x1b[H"
"""Clears the screen and the scrollback."""
C1: Final = "\x9b31m\x9d0;PWNED\x9c"
"""CSI and OSC as single C1 bytes (red text, the window title)."""
RLO: Final = "\u202edesrever\u202c"
"""A right-to-left override."""

SEQUENCES: Final = (OSC52, TITLE, CLEAR, C1, RLO, "\x7f", "\x08")
"""Every control sequence the hostile plan holds."""

LONG: Final = "A very long name " * 20
EMOJI: Final = "👩‍👩‍👧‍👦 Family 🇵🇱 ✨"
RTL: Final = "حملة الربيع"

PERSONA_NAMES: Final = (
    "Dana [50% off]",
    f"[/b] Leonora {OSC52}",
    f"[link=https://evil.example]Priya[/link] {TITLE}",
    f"{RTL} [@click=app.quit]Sam[/] {RLO}",
)
CHANNEL_NAMES: Final = (
    "[/]",
    f"{C1} C1 red",
    "[bold]x",
    EMOJI,
    LONG,
    f"{CLEAR}clear",
    "[@click=app.quit]Quit[/]",
    "x\x7fy\x08z",
)
STAGE_NAMES: Final = (
    "[b]Aware",
    f"Consider {TITLE}",
    "[/]",
    f"Buy {OSC52}",
    RTL,
    EMOJI,
    "Win [back]",
)
OTHER_NAMES: Final = (
    "[/b]",
    "[/]",
    "[link=https://evil.example]click[/link]",
    "[bold]x",
    "Touch [50% off]",
    f"osc {OSC52}",
    f"title {TITLE}",
    f"clear {CLEAR}",
    f"c1 {C1}",
    f"rlo {RLO}",
    LONG,
    EMOJI,
    RTL,
)


def _cycle(names: tuple[str, ...], index: int) -> str:
    return names[index % len(names)]


def hostile_data() -> dict[str, Any]:
    """Return the retail example's data with hostile names and text everywhere."""
    data: dict[str, Any] = yaml.safe_load((EXAMPLES / "retail-app-launch.yaml").read_text())
    campaign = data["campaign"]
    campaign["name"] = f"[bold]Acme {TITLE} launch[/b]"
    campaign["objective"] = f"Sell [red]more[/] {CLEAR} now"
    campaign["owner"] = f"[link=https://evil.example]Maya[/link] {OSC52}"
    campaign["notes"] = f"Notes [/b]\nline two {C1}\n{RLO}"
    campaign["vars"]["offer_end"] = f"30 June [/] {OSC52}"
    for index, kpi in enumerate(campaign["kpis"]):
        kpi["name"] = _cycle(OTHER_NAMES, index)
        kpi["metric"] = _cycle(OTHER_NAMES, index + 5)
    for index, persona in enumerate(data["personas"]):
        persona["name"] = _cycle(PERSONA_NAMES, index)
        persona["summary"] = f"Summary [/b] {_cycle(OTHER_NAMES, index + 5)}"
        persona["goals"] = [f"Goal [/] {TITLE}", _cycle(OTHER_NAMES, index)]
    for index, channel in enumerate(data["channels"]):
        channel["name"] = _cycle(CHANNEL_NAMES, index)
        channel["owner"] = _cycle(OTHER_NAMES, index)
    data["stages"] = [
        {"id": stage, "name": _cycle(STAGE_NAMES, index), "goal": f"Goal [/] {OSC52}"}
        for index, stage in enumerate(DEFAULT_STAGE_IDS)
    ]
    for index, touchpoint in enumerate(data["touchpoints"]):
        touchpoint["name"] = _cycle(OTHER_NAMES, index)
        experiment = touchpoint.get("experiment")
        if experiment is not None:
            experiment["hypothesis"] = f"[link=https://evil.example]h[/link] {TITLE}"
        for variant in touchpoint["variants"]:
            for field in ("subject", "title", "headline"):
                if field in variant:
                    variant[field] = f"[/b] {variant[field]} {OSC52}"
            if "body" in variant:
                variant["body"] = f"{CLEAR}[bold]{variant['body']}[/] {RLO} {C1}"
    for index, scenario in enumerate(data.get("scenarios", [])):
        scenario["name"] = _cycle(OTHER_NAMES, index)
    return data


def hostile_text() -> str:
    """Return the hostile plan in canonical form (it loads: only its text is hostile)."""
    raw = yaml.safe_dump(hostile_data(), allow_unicode=True, sort_keys=False)
    loaded = load_plan(raw.encode("utf-8"))
    assert loaded.plan is not None, loaded.diagnostics
    return dump_plan(loaded.plan)


def hostile_config() -> str:
    """Return the examples' ``xcplan.toml`` with hostile voice words and banned terms."""
    text = (EXAMPLES / "xcplan.toml").read_text()
    voice = 'voice = ["warm", "[bold]helpful[/]", "concise \\u001b]52;c;SGVsbG8=\\u0007"]'
    banned = 'banned = ["cheap", "click here", "[/b]", "free \\u001b]0;PWNED\\u0007"]'
    text = text.replace('voice = ["warm", "helpful", "concise"]', voice, 1)
    return text.replace('banned = ["cheap", "click here"]', banned, 1)


def write_hostile(folder: Path, name: str = "hostile.yaml") -> Path:
    """Write the hostile plan and config into ``folder``; return the plan's path."""
    (folder / "xcplan.toml").write_text(hostile_config(), encoding="utf-8")
    path = folder / name
    path.write_text(hostile_text(), encoding="utf-8")
    return path


# -- what reaches the terminal -------------------------------------------------------------

_TEXTUAL_SEQUENCES: Final = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, modes
    r"|\x1b\](?:22|8);[^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC 22 (pointer shape), OSC 8 (links)
)
"""The escape sequences Textual itself writes."""


def foreign_controls(written: str) -> list[str]:
    """Return what in ``written`` is a control character the app did not mean to write.

    Textual's own escape sequences are removed first; then any control character left
    (C0 but tab and line feed, DEL, C1) or bidi control came from the text shown. The plan's
    own sequences are looked for first, as they are: a CSI one like ``ESC [ 2J`` would pass
    for Textual's.
    """
    found = [sequence for sequence in SEQUENCES if sequence in written]
    found += [f"\x1b[{code}" for code in ("2J", "3J") if f"\x1b[{code}" in written]
    rest = _TEXTUAL_SEQUENCES.sub("", written)
    found += sorted(
        set(re.findall("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", rest))
    )
    return found


@contextmanager
def recording_driver() -> Iterator[list[str]]:
    """Make ``App.run_test`` draw as on a terminal and keep what it writes; yield the list."""
    import textual.drivers.headless_driver as headless

    written: list[str] = []
    original = headless.HeadlessDriver

    class RecordingDriver(original):  # type: ignore[misc, valid-type]
        """A headless driver that says it is not, so the app draws, and keeps the output."""

        @property
        def is_headless(self) -> bool:
            return False

        def write(self, data: str) -> None:
            written.append(data)

    headless.HeadlessDriver = RecordingDriver  # type: ignore[misc]
    try:
        yield written
    finally:
        headless.HeadlessDriver = original  # type: ignore[misc]
