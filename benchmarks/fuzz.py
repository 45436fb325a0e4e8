"""Fuzz xcplan with mutated plans for as long as asked, and report what it found.

Run from the repository root, in the dev venv::

    python benchmarks/fuzz.py --cases 20000 --seed 1
    python benchmarks/fuzz.py --minutes 30 --seed 7 --cli-every 2

Each case mutates an example, a rule fixture or a campaign template (``tests/fuzzing.py`` says
how, and what must hold) and runs it through validate, fmt, the four exports and preview. The
report gives the cases run, the failures (each with its seed plan and mutations, to replay),
and the worst time of a case that held each hostile input of issue 10. Exit 1 when a case
failed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import fuzzing  # the repository root is on the path only from here on


def _plan(stages: int, touchpoints: int, *, body: str = '"Hello {{ unsubscribe_url }}"') -> str:
    """Return a valid plan with ``stages`` map rows and a chain of ``touchpoints``."""
    out = ["xcplan: 1", "campaign:", "  id: c", "  name: C", "  objective: O", "personas:"]
    out += ["  - id: p", "    name: P", "    size: 1000", "    profile:", "      first_name: Ann"]
    out += ["channels:", "  - id: e", "    kind: email", "stages:"]
    out += [f"  - id: s{i}\n    name: S{i}" for i in range(stages)]
    out += ["map:", "  p:", *(f"    s{i}: [e]" for i in range(stages)), "touchpoints:"]
    for i in range(touchpoints):  # one line each, so that 30,000 fit in the 5 MiB limit
        after = f", after: t{i - 1}, delay: 1d" if i else ""
        out.append(
            f"  - {{id: t{i}, personas: [p], stage: s{i % stages}, channel: e{after}, "
            f"variants: [{{id: a, subject: Hi {i}, body: {body}}}]}}"
        )
    return "\n".join(out) + "\n"


def _hostile_files(folder: Path) -> Iterator[tuple[str, Path, list[str]]]:
    """Yield (what, file, commands) for the hostile files of issue 10."""
    just_under = _plan(7, 1, body='"' + "Read on. " * 580_000 + '{{ unsubscribe_url }}"')
    files = {
        "5 MiB plan": just_under,
        "100,000 nested [": "xcplan: 1\ncampaign: " + "[" * 100_000 + "\n",
        "size 10**300, experiment": _plan(1, 1)
        .replace("size: 1000", "size: 1" + "0" * 300)
        .replace("    channel: e\n", "    channel: e\n    experiment: {baseline: 0.1, mde: 0.2}\n"),
        "4,301-digit literal": _plan(1, 1, body='"{{ ' + "1" * 4301 + ' }} {{ unsubscribe_url }}"'),
        "10 chained replace": _plan(
            1, 1, body='"{{ first_name' + " | replace('n', 'nnnnnnnnnn')" * 10 + ' }}"'
        ),
        "nested loops under the budget": _plan(
            1,
            1,
            body='"{% for a in [1,2,3,4,5,6,7,8,9,10] %}{% for b in [1,2,3,4,5,6,7,8,9,10] %}'
            "{% for c in [1,2,3,4,5,6,7,8,9,10] %}{% for d in [1,2,3,4,5,6,7,8,9,10] %}"
            "{{ first_name | upper | lower | title }}{% endfor %}{% endfor %}{% endfor %}"
            '{% endfor %} {{ unsubscribe_url }}"',
        ),
        "50,000 map rows": _plan(50_000, 1),
        "30,000 touchpoints": _plan(50, 30_000),
    }
    every = ["validate --no-cache", "fmt --check", "export", "export -f markdown", "preview"]
    for what, text in files.items():
        path = folder / (what.replace(" ", "-").replace(",", "").replace("*", "") + ".yaml")
        path.write_text(text, encoding="utf-8")
        yield what, path, every
    sparse = folder / "2-GB.yaml"
    with sparse.open("wb") as handle:
        handle.truncate(2 * 1024**3)
    yield "2 GB file", sparse, every
    yield "/dev/zero", Path("/dev/zero"), ["validate", "fmt", "export"]


def time_hostile_files(timeout: float) -> None:
    """Print how long each command takes on each hostile file (each in a fresh process)."""
    command = [sys.executable, "-m", "xcplan"]
    print("hostile files (seconds, each command a fresh process; * = stopped at the timeout):")
    with tempfile.TemporaryDirectory() as tmp:
        for what, path, commands in _hostile_files(Path(tmp)):
            shown = []
            for args in commands:
                began = time.perf_counter()
                try:
                    done = subprocess.run(
                        [*command, *args.split(), str(path)],
                        capture_output=True,
                        text=True,
                        timeout=timeout,
                        check=False,
                    )
                    took = f"{time.perf_counter() - began:.2f}"
                    if "internal error" in done.stderr:
                        took += " INTERNAL ERROR"
                except subprocess.TimeoutExpired:
                    took = f"{timeout:.0f}*"
                shown.append(f"{args.split()[0]}{' md' if 'markdown' in args else ''} {took}")
            print(f"  {what:<30} " + ", ".join(shown), flush=True)


def main() -> int:
    """Run the fuzz campaign the options ask for; print the report; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000, help="cases to run at most")
    parser.add_argument("--seed", type=int, default=1, help="seed of the random mutations")
    parser.add_argument("--minutes", type=float, default=None, help="stop after this long")
    parser.add_argument(
        "--cli-every", type=int, default=4, help="run the CLI commands on every Nth case"
    )
    parser.add_argument(
        "--files", action="store_true", help="time every command on the hostile files instead"
    )
    parser.add_argument("--timeout", type=float, default=120, help="with --files: per command")
    args = parser.parse_args()
    if args.files:
        time_hostile_files(args.timeout)
        return 0
    started = time.monotonic()

    def progress(outcome: fuzzing.Outcome) -> None:
        elapsed = time.monotonic() - started
        print(
            f"{outcome.cases:,} cases, {len(outcome.failures)} failures, {elapsed:.0f} s",
            file=sys.stderr,
            flush=True,
        )

    def failed(case: fuzzing.Case, message: str) -> None:
        lines = [f"failure: {message}", *(f"    {line}" for line in fuzzing.describe(case))]
        print("\n".join(lines), file=sys.stderr, flush=True)

    outcome = fuzzing.run(
        args.cases,
        args.seed,
        budget=args.minutes * 60 if args.minutes is not None else None,
        cli_every=args.cli_every,
        progress=progress,
        on_failure=failed,
    )
    elapsed = time.monotonic() - started
    print(f"cases run: {outcome.cases:,} in {elapsed:.0f} s (seed {args.seed})")
    print(f"failures: {len(outcome.failures)}")
    for case, message in outcome.failures[:20]:
        print(f"- {message}")
        for line in fuzzing.describe(case):
            print(f"    {line}")
    print(f"slowest case: {outcome.slowest * 1000:.0f} ms")
    print("worst time of a case holding each hostile input:")
    for name in fuzzing.HOSTILE:
        worst = outcome.worst.get(name)
        shown = f"{worst * 1000:8.0f} ms" if worst is not None else "     (not drawn)"
        print(f"  {name:<18} {shown}")
    return 1 if outcome.failures else 0


if __name__ == "__main__":
    sys.exit(main())
