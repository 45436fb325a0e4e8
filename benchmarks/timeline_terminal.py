"""How fast does the Timeline tab follow typing? Measured in tmux, next to a bare Textual app.

Run from the repository root, in the dev venv (tmux must be installed)::

    python benchmarks/timeline_terminal.py [SIZE ...] [--runs N] [--keys N] [--gap S]

The same approach as ``tui_terminal.py`` (whose tmux server, plans and bare app it uses): the
planner runs in a detached tmux session of 120x40, keys are sent with ``tmux send-keys`` and the
screen is read with ``tmux capture-pane``. On each plan (default: the retail example and the
2,700-variant plan; both cap messages at 4 a week, with quiet hours of 21:00-08:00) the probe
opens the Timeline tab with the command palette and types in two fields of the policies:

- *edit taken*: the cap's max, ``4``: a ``5`` makes it 45, a backspace 4 again. Each key is an
  edit of the plan: every walk is walked again, the lanes, the walk's findings, the line under
  the lanes and the policies as the walk applied them (``frequency cap 45/1w (skip)``) are drawn
  again. Timed from sending the key until that line shows the new cap.
- *refused, then taken*: the quiet hours' end, ``08:00``: a backspace leaves ``08:0``, refused
  with a message under the field (timed until it shows); a digit makes ``08:01``... again (timed
  until the message is gone: the field's row changes height, so the screen is laid out again).

The bare app's keystroke (a letter to its counter) is measured in the same run; figures are in
milliseconds, medians and worst over every key, with their ratio to the bare app's median.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tui_terminal import (
    _COUNTED,
    _TABS,
    SIZE,
    Figures,
    ProbeFailed,
    Tmux,
    _campaign_name,
    _ms,
    _plans,
    _run_bare,
    compile_planner,
    own_state,
)

REFUSED: Final = "is not a time of day"
"""What the message under the quiet hours' end says while it holds ``08:0``."""


def _field_shows(text: str, value: str) -> bool:
    return f"to  {value}" in text or f"to {value}" in text


@dataclass
class Keys:
    """The keystrokes of one plan, by probe."""

    taken: list[float] = field(default_factory=list)
    refused: list[float] = field(default_factory=list)
    retaken: list[float] = field(default_factory=list)


def _key(tmux: Tmux, name: str, key: str, done: Callable[[str], bool], timeout: float) -> float:
    begun = time.perf_counter()
    tmux.keys(name, *(["-l", key] if len(key) == 1 else [key]))
    tmux.wait(name, done, timeout, f"the screen after {key}")
    return time.perf_counter() - begun


def _run_timeline(
    tmux: Tmux, name: str, plan: Path, keys: int, gap: float, timeout: float, out: Keys
) -> None:
    """Start the planner on ``plan`` and type in the cap's max and the quiet hours' end."""
    xcplan = Path(sys.executable).with_name("xcplan")
    campaign = _campaign_name(plan)
    tmux.start(name, [str(xcplan), "edit", str(plan)], plan.parent, own_state(plan, name))
    try:
        tmux.wait(name, lambda t: _TABS.search(t) is not None and campaign in t, timeout, "tabs")
        tmux.wait(name, lambda t: _COUNTED.search(t) is not None, timeout, "the counts")
        tmux.keys(name, "C-p")
        tmux.wait(name, lambda t: "Search for commands" in t, timeout, "the palette")
        tmux.keys(name, "-l", "Go to Timeline")
        time.sleep(0.3)
        tmux.keys(name, "Enter")
        tmux.wait(name, lambda t: "frequency cap 4/1w" in t, timeout, "the lanes and policies")
        time.sleep(0.5)
        # The tab bar has focus: Tab to the persona picker (in the tab), `o` to the cap's max.
        tmux.keys(name, "Tab")
        time.sleep(0.2)
        tmux.keys(name, "o")
        time.sleep(0.2)
        tmux.keys(name, "End")
        time.sleep(0.3)
        for _ in range(keys):
            out.taken.append(_key(tmux, name, "5", lambda t: "cap 45/1w" in t, timeout))
            time.sleep(gap)
            out.taken.append(_key(tmux, name, "BSpace", lambda t: "cap 4/1w" in t, timeout))
            time.sleep(gap)
        # Five fields on: the quiet hours' end.
        for _ in range(5):
            tmux.keys(name, "Tab")
            time.sleep(0.1)
        tmux.keys(name, "End")
        time.sleep(0.3)
        for number in range(keys):
            out.refused.append(_key(tmux, name, "BSpace", lambda t: REFUSED in t, timeout))
            time.sleep(gap)
            digit = str(1 + number % 9)
            out.retaken.append(
                _key(
                    tmux,
                    name,
                    digit,
                    lambda t, d=digit: REFUSED not in t and _field_shows(t, f"08:0{d}"),
                    timeout,
                )
            )
            time.sleep(gap)
    finally:
        tmux.stop(name)


def _cell(times: list[float], bare: float) -> str:
    median = statistics.median(times)
    return f"{_ms(median)} ({median / bare:.2f}x) / {_ms(max(times))}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", default=["retail", "2700"])
    parser.add_argument("--runs", type=int, default=3, help="launches per app (default 3)")
    parser.add_argument("--keys", type=int, default=20, help="digits per launch (default 20)")
    parser.add_argument("--gap", type=float, default=0.4, help="seconds between keys")
    parser.add_argument("--poll", type=float, default=0.002, help="seconds between reads")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per probe")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux is not installed: apt-get install tmux", file=sys.stderr)
        return 2
    version = subprocess.run(["tmux", "-V"], capture_output=True, text=True).stdout.strip()
    print(
        f"Python {sys.version.split()[0]}; {version}; {os.cpu_count()} CPUs; terminal "
        f"{SIZE[0]}x{SIZE[1]}; {args.runs} launches per app, {args.keys} digits each "
        "(ms; keystrokes: median and worst over every key)"
    )
    compile_planner()
    tmux = Tmux(args.poll)
    bare = Figures()
    keys: dict[str, Keys] = {}
    try:
        with tempfile.TemporaryDirectory(
            prefix="xcplan-bench-", ignore_cleanup_errors=True
        ) as folder:
            plans = _plans(args.sizes, Path(folder))
            for run in range(args.runs):
                _run_bare(tmux, f"bare-{run}", args.keys, args.gap, args.timeout, bare)
                for size, path in plans.items():
                    got = keys.setdefault(size, Keys())
                    _run_timeline(
                        tmux, f"{size}-{run}", path, args.keys, args.gap, args.timeout, got
                    )
    except ProbeFailed as error:
        print(f"probe failed: {error}", file=sys.stderr)
        return 1
    finally:
        tmux.close()
    bare_key = statistics.median(bare.keys or [math.nan])
    head = ("median (ratio) / worst", "edit taken", "refused", "taken after refused")
    print(f"{head[0]:<24} {head[1]:>22} {head[2]:>22} {head[3]:>22}")
    print(f"{'bare':<24} {_ms(bare_key) + ' / ' + _ms(max(bare.keys or [math.nan])):>22}")
    for size, got in keys.items():
        cells = [_cell(got.taken, bare_key), _cell(got.refused, bare_key)]
        cells.append(_cell(got.retaken, bare_key))
        print(f"{size:<24} {cells[0]:>22} {cells[1]:>22} {cells[2]:>22}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
