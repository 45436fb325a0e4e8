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
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import fuzzing  # the repository root is on the path only from here on


def main() -> int:
    """Run the fuzz campaign the options ask for; print the report; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000, help="cases to run at most")
    parser.add_argument("--seed", type=int, default=1, help="seed of the random mutations")
    parser.add_argument("--minutes", type=float, default=None, help="stop after this long")
    parser.add_argument(
        "--cli-every", type=int, default=4, help="run the CLI commands on every Nth case"
    )
    args = parser.parse_args()
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
