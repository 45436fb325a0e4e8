"""How fast is ``xcplan validate`` next to yamllint and check-jsonschema, on plans of growing size?

Run from the repository root, in the dev venv (``pip install -e '.[bench]'`` installs the two
other tools)::

    python benchmarks/validate_speed.py                 # every size, 7 runs each
    python benchmarks/validate_speed.py --runs 15 retail 2700
    python benchmarks/validate_speed.py --enforce-targets   # exit 1 when a target is missed

What it measures: the wall-clock time of each command as a fresh process, the way a person or a
CI job runs it, so interpreter start-up and imports count as well as the work on the file:

- ``xcplan validate FILE``: YAML parsing with positions, the schema, and every rule family (the
  examples' ``xcplan.toml`` applies, so brand-voice rules run too);
- ``yamllint FILE`` with its default configuration: YAML parsing and style rules only (it exits
  1 on the generated plans because of long lines, which is expected);
- ``check-jsonschema --schemafile xcplan/schemas/plan.schema.json FILE``: YAML parsing and the
  committed JSON Schema only.

The three commands come from the venv of the Python that runs this script. For each size they
run interleaved (the order rotates each round) after one untimed warm-up round; the table shows
the median of ``--runs`` rounds and the ratios of xcplan's median to the other two. The
generated plans are made by ``benchmarks/generate.py`` (regenerated when missing or stale) and
the ``retail`` size is ``examples/retail-app-launch.yaml``. Before timing, each file is checked
once with ``xcplan validate --format json``: the plans are valid, so xcplan should exit 0 with
no errors or warnings.

Targets: xcplan at most 1.5x yamllint's time on the retail example and at most 0.5x on the
2,700-variant plan (size ``2700``).

Only the standard library and xcplan itself (through ``generate.py``) are used.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Final

try:
    from generate import ROOT, SIZES, ensure

    from xcplan.io.yaml_source import decode, parse
except ImportError as missing:  # run with a Python that does not have xcplan installed
    print(
        f"validate_speed: {missing}; install xcplan and the benchmark tools into this venv "
        "with: pip install -e '.[bench]'",
        file=sys.stderr,
    )
    sys.exit(2)

SCHEMA: Final = ROOT / "xcplan" / "schemas" / "plan.schema.json"
TOOLS: Final = ("xcplan", "yamllint", "check-jsonschema")
RUNS: Final = ("xcplan", "xcplan-warm", "yamllint", "check-jsonschema")
"""What is timed: ``xcplan`` runs cold (``XCPLAN_NO_CACHE=1``: every check done afresh, as in
CI on a fresh clone); ``xcplan-warm`` runs with a result cache that the warm-up round fills, as
on a writer's machine checking a plan again (the cache is keyed by the plan's and the config's
bytes and xcplan's code, so nothing else is skipped)."""
TARGETS: Final[dict[str, float]] = {"retail": 1.5, "2700": 0.5}
"""The most xcplan's median may be, as a multiple of yamllint's, per size."""
EXIT_MISSING_TOOLS: Final = 2


@dataclass
class Timing:
    """The timed runs of one tool on one file: wall seconds and exit codes (None: timed out)."""

    seconds: list[float] = field(default_factory=list)
    codes: list[int | None] = field(default_factory=list)

    @property
    def timeouts(self) -> int:
        """Return how many runs were stopped at the timeout."""
        return self.codes.count(None)

    @property
    def median_ms(self) -> float | None:
        """Return the median wall time in milliseconds; None if half the runs or more timed out.

        A timed-out run counts as longer than any finished one, so one stall on a busy machine
        does not hide the other runs.
        """
        ranked = [
            s if c is not None else math.inf for s, c in zip(self.seconds, self.codes, strict=True)
        ]
        median = statistics.median(ranked) if ranked else math.inf
        return None if math.isinf(median) else median * 1000


@dataclass
class Row:
    """What the table shows for one size."""

    size: str
    path: Path
    lines: int
    variants: int
    kib: float
    findings: str
    timings: dict[str, Timing]


def find_tools() -> dict[str, Path] | None:
    """Return each tool's path in this interpreter's venv; None (said why) if one is missing."""
    bindir = Path(sys.executable).parent
    found: dict[str, Path] = {}
    missing: list[str] = []
    for tool in TOOLS:
        where = shutil.which(tool, path=str(bindir))
        if where is None:
            missing.append(tool)
        else:
            found[tool] = Path(where)
    if missing:
        print(
            f"validate_speed: {', '.join(missing)} not found next to {sys.executable}; "
            "install the benchmark tools into this venv with: pip install -e '.[bench]'",
            file=sys.stderr,
        )
        return None
    return found


def commands(tools: dict[str, Path], path: Path) -> dict[str, list[str]]:
    """Return the command line of each run on ``path``."""
    return {
        "xcplan": [str(tools["xcplan"]), "validate", str(path)],
        "xcplan-warm": [str(tools["xcplan"]), "validate", str(path)],
        "yamllint": [str(tools["yamllint"]), str(path)],
        "check-jsonschema": [
            str(tools["check-jsonschema"]),
            "--schemafile",
            str(SCHEMA),
            str(path),
        ],
    }


def timed_run(
    command: list[str], timeout: float, env: dict[str, str] | None = None
) -> tuple[float, int | None]:
    """Run ``command``, output discarded; return wall seconds and exit code (None: timed out).

    The wait blocks until the process ends and a timer kills it at the timeout. (``subprocess``'s
    own ``timeout=`` polls with sleeps of up to 50 ms, which would round every time up by as
    much.)
    """
    stopped = threading.Event()
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env=env,
    )

    def stop() -> None:
        stopped.set()
        process.kill()

    timer = threading.Timer(timeout, stop)
    timer.start()
    try:
        code = process.wait()
    finally:
        timer.cancel()
    elapsed = time.perf_counter() - start
    return elapsed, None if stopped.is_set() else code


def xcplan_findings(xcplan: Path, path: Path, timeout: float) -> str:
    """Return ``errors/warnings/infos`` that ``xcplan validate --format json`` finds in ``path``.

    A failed check is described instead: ``timeout``, ``exit N`` (no JSON), ``unreadable``.
    """
    try:
        done = subprocess.run(
            [str(xcplan), "validate", "--no-cache", "--format", "json", str(path)],
            capture_output=True,
            cwd=ROOT,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return "timeout"
    try:
        diagnostics = json.loads(done.stdout)
        severities = [d["severity"] for d in diagnostics]
    except (ValueError, TypeError, KeyError):
        return f"exit {done.returncode}" if done.returncode > 1 else "unreadable"
    return "/".join(str(severities.count(s)) for s in ("error", "warning", "info"))


def count_variants(path: Path) -> int:
    """Return how many variants the plan at ``path`` holds (0 if it does not parse)."""
    text, _ = decode(path.read_bytes())
    data = parse(text).data if text is not None else None
    if not isinstance(data, dict) or not isinstance(data.get("touchpoints"), list):
        return 0
    return sum(
        len(t["variants"])
        for t in data["touchpoints"]
        if isinstance(t, dict) and isinstance(t.get("variants"), list)
    )


def _progress(text: str) -> None:
    """Show what is running on a terminal's stderr, on one line that the next call overwrites."""
    if sys.stderr.isatty():
        print(f"\r{text:<40}", end="\r" if not text else "", file=sys.stderr, flush=True)


def environments(cache: Path) -> dict[str, dict[str, str] | None]:
    """Return the environment of each run: xcplan cold without a cache, warm with ``cache``."""
    cold = {k: v for k, v in os.environ.items() if k != "XCPLAN_CACHE_DIR"}
    cold["XCPLAN_NO_CACHE"] = "1"
    warm = {k: v for k, v in os.environ.items() if k != "XCPLAN_NO_CACHE"}
    warm["XCPLAN_CACHE_DIR"] = str(cache)
    return {"xcplan": cold, "xcplan-warm": warm, "yamllint": None, "check-jsonschema": None}


def measure(
    size: str,
    path: Path,
    tools: dict[str, Path],
    runs: int,
    warmup: int,
    timeout: float,
    cache: Path,
) -> Row:
    """Time the runs on ``path``, interleaved, and return the table row."""
    raw = path.read_bytes()
    row = Row(
        size=size,
        path=path,
        lines=raw.count(b"\n"),
        variants=count_variants(path),
        kib=len(raw) / 1024,
        findings=xcplan_findings(tools["xcplan"], path, timeout),
        timings={run: Timing() for run in RUNS},
    )
    lines = commands(tools, path)
    envs = environments(cache)
    timed_run(lines["xcplan-warm"], timeout, envs["xcplan-warm"])  # fill the cache
    for round_ in range(warmup + runs):
        shift = round_ % len(RUNS)
        order = RUNS[shift:] + RUNS[:shift]
        label = "warm-up" if round_ < warmup else f"run {round_ - warmup + 1}/{runs}"
        _progress(f"  {size}: {label}")
        for tool in order:
            seconds, code = timed_run(lines[tool], timeout, envs[tool])
            if round_ >= warmup:
                row.timings[tool].seconds.append(seconds)
                row.timings[tool].codes.append(code)
    _progress("")
    return row


def _ms(timing: Timing) -> str:
    median = timing.median_ms
    shown = "timeout" if median is None else f"{median:,.0f}"
    if median is not None and timing.timeouts:
        shown += f" ({timing.timeouts} timed out)"
    return shown


def _ratio(top: float | None, bottom: float | None) -> float | None:
    if top is None or bottom is None or bottom == 0:
        return None
    return top / bottom


def _exit_codes(timing: Timing) -> str:
    codes = timing.codes
    if all(code == 0 for code in codes):
        return "0 (all runs)"
    shown = sorted({"timeout" if code is None else str(code) for code in codes})
    return f"{', '.join(shown)} (NOT 0)"


def table(rows: list[Row]) -> list[str]:
    """Return the lines of the results table."""
    head = (
        "size",
        "lines",
        "variants",
        "KiB",
        "xcplan ms",
        "warm ms",
        "yamllint ms",
        "c-jsonschema ms",
        "x/yamllint",
        "warm/yamllint",
        "x/c-jsonschema",
        "xcplan exit",
        "findings E/W/I",
    )
    body: list[tuple[str, ...]] = []
    for row in rows:
        medians = {run: row.timings[run].median_ms for run in RUNS}
        versus_yamllint = _ratio(medians["xcplan"], medians["yamllint"])
        warm_yamllint = _ratio(medians["xcplan-warm"], medians["yamllint"])
        versus_schema = _ratio(medians["xcplan"], medians["check-jsonschema"])
        body.append(
            (
                row.size,
                f"{row.lines:,}",
                f"{row.variants:,}",
                f"{row.kib:,.1f}",
                _ms(row.timings["xcplan"]),
                _ms(row.timings["xcplan-warm"]),
                _ms(row.timings["yamllint"]),
                _ms(row.timings["check-jsonschema"]),
                "-" if versus_yamllint is None else f"{versus_yamllint:.2f}",
                "-" if warm_yamllint is None else f"{warm_yamllint:.2f}",
                "-" if versus_schema is None else f"{versus_schema:.2f}",
                _exit_codes(row.timings["xcplan"]),
                row.findings,
            )
        )
    widths = [max(len(line[i]) for line in (head, *body)) for i in range(len(head))]

    def render(cells: Sequence[str]) -> str:
        parts = [
            cell.ljust(width) if i == 0 or i >= len(cells) - 2 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return [render(head), rule, *(render(line) for line in body)]


def target_lines(rows: list[Row]) -> tuple[list[str], bool]:
    """Return a line per target (met or missed) and whether every measured target was met."""
    lines: list[str] = []
    all_met = True
    by_size = {row.size: row for row in rows}
    for size, limit in TARGETS.items():
        row = by_size.get(size)
        if row is None:
            continue
        for run, label in (("xcplan", "cold"), ("xcplan-warm", "warm")):
            ratio = _ratio(row.timings[run].median_ms, row.timings["yamllint"].median_ms)
            met = ratio is not None and ratio <= limit
            all_met = all_met and met
            shown = "n/a" if ratio is None else f"{ratio:.2f}x"
            verdict = "met" if met else "MISSED"
            lines.append(
                f"target {size} ({label}): xcplan/yamllint = {shown} (at most {limit}x): {verdict}"
            )
    return lines, all_met


def _relative(part: str) -> str:
    path = Path(part)
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else part


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def environment() -> list[str]:
    """Return the lines that say what the numbers were measured on."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    cpus = f"{os.cpu_count()} CPUs" + (f" ({usable} usable)" if usable is not None else "")
    return [
        f"Python {platform.python_version()} ({platform.python_implementation()}) "
        f"on {platform.system()} {platform.machine()}, {cpus}",
        f"xcplan {_version('xcplan')}, yamllint {_version('yamllint')}, "
        f"check-jsonschema {_version('check-jsonschema')}",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the table; return the exit code."""
    parser = argparse.ArgumentParser(
        prog="python benchmarks/validate_speed.py",
        description="Time xcplan validate, yamllint and check-jsonschema on plans of growing size.",
    )
    parser.add_argument(
        "sizes",
        nargs="*",
        metavar="SIZE",
        help=f"sizes to run (default: all): {', '.join(SIZES)}",
    )
    parser.add_argument("--runs", type=int, default=7, help="timed runs per tool and size")
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds first (default 1)")
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="seconds before a run is stopped"
    )
    parser.add_argument(
        "--enforce-targets", action="store_true", help="exit 1 when a speed target is missed"
    )
    args = parser.parse_args(argv)
    sizes: list[str] = args.sizes or list(SIZES)
    unknown = [size for size in sizes if size not in SIZES]
    if unknown or args.runs < 1 or args.warmup < 0 or args.timeout <= 0:
        parser.error(
            f"unknown size {', '.join(unknown)}; choose from {', '.join(SIZES)}"
            if unknown
            else "--runs must be at least 1, --warmup at least 0, --timeout positive"
        )

    tools = find_tools()
    if tools is None:
        return EXIT_MISSING_TOOLS
    try:
        paths = ensure(sizes)
    except ValueError as error:
        print(f"validate_speed: cannot generate the plans: {error}", file=sys.stderr)
        return 1

    for line in environment():
        print(line)
    print(
        f"median wall time of {args.runs} interleaved runs per tool "
        f"(after {args.warmup} warm-up round{'s' if args.warmup != 1 else ''}), "
        f"timeout {args.timeout:g} s per run"
    )
    for tool, command in commands(tools, Path("FILE")).items():
        shown = [Path(command[0]).name, *(_relative(part) for part in command[1:])]
        setting = {"xcplan": "  (XCPLAN_NO_CACHE=1)", "xcplan-warm": "  (result cache filled)"}
        print(f"  {tool}: {' '.join(shown)}{setting.get(tool, '')}")
    print()
    with tempfile.TemporaryDirectory(prefix="xcplan-bench-cache-") as cache:
        rows = [
            measure(size, paths[size], tools, args.runs, args.warmup, args.timeout, Path(cache))
            for size in sizes
        ]
    for line in table(rows):
        print(line)
    print()
    checks, met = target_lines(rows)
    for line in checks:
        print(line)
    invalid = [
        row.size
        for row in rows
        if not row.findings.startswith("0/0/")
        or any(code != 0 for code in row.timings["xcplan"].codes)
    ]
    if invalid:
        print(
            f"xcplan did not pass {', '.join(invalid)} cleanly (exit 0, no errors or warnings): "
            "see `xcplan validate FILE`",
            file=sys.stderr,
        )
        return 1
    return 1 if args.enforce_targets and not met else 0


if __name__ == "__main__":
    sys.exit(main())
