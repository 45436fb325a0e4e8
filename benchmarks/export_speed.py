"""How long does ``xcplan export`` take next to ``xcplan validate`` on the same plan?

Run from the repository root (after ``benchmarks/validate_speed.py`` or ``generate.py`` has
made the generated plans)::

    python benchmarks/export_speed.py [SIZE ...] [--runs N]

Both commands run with the result cache off (``XCPLAN_NO_CACHE=1``), so each run checks the
plan afresh; export checks it, then renders the resolved plan. Target: exporting the
2,700-variant plan to YAML takes at most twice the time of validating it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import ensure  # noqa: E402

TARGET = 2.0


def _time(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, env=env, cwd=ROOT, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"export_speed: {' '.join(command)} failed: {done.stderr.decode()[:500]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", default=["retail", "2700"])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    xcplan = str(Path(sys.executable).parent / "xcplan")
    env = {**os.environ, "XCPLAN_NO_CACHE": "1"}
    paths = ensure(args.sizes)
    print(f"Python {sys.version.split()[0]}, median of {args.runs} runs, XCPLAN_NO_CACHE=1")
    head = ("size", "validate ms", "export yaml ms", "export json ms", "ratio")
    print(f"{head[0]:<8} {head[1]:>12} {head[2]:>15} {head[3]:>15} {head[4]:>6}")

    verdicts = []
    for size in args.sizes:
        path = str(paths[size])
        runs: dict[str, list[float]] = {"validate": [], "yaml": [], "json": []}
        for _ in range(args.runs):
            runs["validate"].append(_time([xcplan, "validate", path], env))
            runs["yaml"].append(_time([xcplan, "export", path, "-o", os.devnull], env))
            runs["json"].append(
                _time([xcplan, "export", "-f", "json", path, "-o", os.devnull], env)
            )
        medians = {name: statistics.median(times) * 1000 for name, times in runs.items()}
        ratio = medians["yaml"] / medians["validate"]
        print(
            f"{size:<8} {medians['validate']:>12.0f} {medians['yaml']:>15.0f} "
            f"{medians['json']:>15.0f} {ratio:>6.2f}"
        )
        if size == "2700":
            verdicts.append(
                f"target 2700: export yaml / validate = {ratio:.2f}x (at most {TARGET}x): "
                f"{'met' if ratio <= TARGET else 'MISSED'}"
            )
    for line in verdicts:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
