"""How long does ``xcplan diff`` take next to validating both plans?

Run from the repository root::

    python benchmarks/diff_speed.py [--runs N] [--size SIZE]

The old plan is a generated one (default ``2700``: 2,688 variants; see benchmarks/README.md); the
new plan is that plan with one kind of edit, from none at all to a change of a campaign variable
that every message uses. Each row times, in fresh processes and with the result cache off
(``XCPLAN_NO_CACHE=1``), ``xcplan diff OLD NEW`` against ``xcplan validate OLD NEW`` (both plans
checked in one process: the strict comparison) and against ``xcplan validate OLD`` plus
``xcplan validate NEW`` (two processes, as a CI step per file would), with the ratios.

The diff reads both plans (the file and schema phases of validation) and lints only the
touchpoints whose inputs changed, so an edit to a few messages costs little more than reading
the two plans; an edit that every message depends on (a campaign variable, which every template
and the brand voice's XC609 read) re-lints everything, as validating does, and then compares.
Targets, against validating both in one process: the edits a review usually holds (nothing,
layout only, copy, timing and the split of an experiment) at most 0.6x; every edit at most
1.25x.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import OUT_DIR, ensure  # noqa: E402

TYPICAL_TARGET = 0.6
EVERY_TARGET = 1.25


def _replace(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        if old not in text:
            sys.exit(f"diff_speed: the generated plan has no {old!r} to edit")
        return text.replace(old, new, 1)

    return edit


def _both(*edits: Callable[[str], str]) -> Callable[[str], str]:
    def edit(text: str) -> str:
        for one in edits:
            text = one(text)
        return text

    return edit


# (name, the edit, whether it is a typical review edit held to the 0.5x target)
EDITS: list[tuple[str, Callable[[str], str], bool]] = [
    ("identical", lambda text: text, True),
    ("layout only", _replace("name: Acme spring range", 'name: "Acme spring range"'), True),
    (
        "one SMS copy",
        _replace(
            "We have picked new things we think you will like.",
            "We picked new things – just for you.",
        ),
        True,
    ),
    (
        "timing, split",
        _both(_replace("delay: 1d", "delay: 2d"), _replace("control: 10", "control: 20")),
        True,
    ),
    ("a persona", _replace("first_name: ", "first_name: Maximiliana "), False),
    ("campaign var", _replace("discount: 15%", "discount: 20%"), False),
]


def _time(command: list[str], env: dict[str, str], allowed: set[int]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, env=env, cwd=ROOT, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in allowed:
        sys.exit(f"diff_speed: {' '.join(command)} exited {done.returncode}: {done.stderr[:500]!r}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per row (default 5)")
    parser.add_argument("--size", default="2700", help="the generated plan (default 2700)")
    args = parser.parse_args()
    xcplan = str(Path(sys.executable).parent / "xcplan")
    env = {**os.environ, "XCPLAN_NO_CACHE": "1"}
    old = ensure([args.size])[args.size]
    folder = OUT_DIR / "diff"
    folder.mkdir(exist_ok=True)
    text = old.read_text(encoding="utf-8")
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, median of {args.runs} runs")
    print(f"old plan: {old.relative_to(ROOT)} ({len(text) / 1024:,.0f} KiB), XCPLAN_NO_CACHE=1")
    print(
        f"{'edit':<14} {'diff ms':>8} {'validate A B ms':>16} {'ratio':>6} "
        f"{'validate A, B ms':>17} {'ratio':>6}  diff exit"
    )
    verdicts: list[str] = []
    for name, edit, typical in EDITS:
        new = folder / f"{name.replace(' ', '-').replace(',', '')}.yaml"
        new.write_text(edit(text), encoding="utf-8")
        diffs: list[float] = []
        validates: list[float] = []
        apart: list[float] = []
        for _ in range(args.runs):
            diffs.append(_time([xcplan, "diff", str(old), str(new)], env, {0, 1}))
            validates.append(_time([xcplan, "validate", str(old), str(new)], env, {0, 1}))
            apart.append(
                _time([xcplan, "validate", str(old)], env, {0, 1})
                + _time([xcplan, "validate", str(new)], env, {0, 1})
            )
        exit_code = subprocess.run(
            [xcplan, "diff", str(old), str(new)], capture_output=True, env=env, check=False
        ).returncode
        diff_ms = statistics.median(diffs) * 1000
        validate_ms = statistics.median(validates) * 1000
        apart_ms = statistics.median(apart) * 1000
        ratio = diff_ms / validate_ms
        print(
            f"{name:<14} {diff_ms:>8.0f} {validate_ms:>16.0f} {ratio:>6.2f} "
            f"{apart_ms:>17.0f} {diff_ms / apart_ms:>6.2f}  {exit_code}"
        )
        target = TYPICAL_TARGET if typical else EVERY_TARGET
        verdicts.append(
            f"{name}: {ratio:.2f}x of validating both in one process (at most {target}x): "
            f"{'met' if ratio <= target else 'MISSED'}"
        )
    print()
    for line in verdicts:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
