"""How fast is the walk of section 10, and what do rules XC701-XC707 add to ``xcplan validate``?

Run from the repository root, in the dev venv::

    python benchmarks/journey_speed.py                 # the retail example and the 2700 plan
    python benchmarks/journey_speed.py 2700 --runs 15
    python benchmarks/journey_speed.py --enforce-targets   # exit 1 when a target is missed

For each plan it prints:

- walks per second: every customer the rules walk (each declared scenario, and the `eager`
  scenario of each persona without one), walked again and again with one ``Walker`` for about a
  second, and the median time of one persona's walk in milliseconds;
- the journey rules alone: ``xcplan.lint.rules.journey.check`` on a fresh lint context, with the
  walks made again each time (``forget_walks``), and with them kept, as the planner finds them
  after an edit that leaves them as they were, median of ``--runs``;
- validate in process: ``check_bytes`` on the file's bytes, as ``xcplan validate`` runs it, with
  every rule family, and again without the journey family; the ratio of the two medians.

Targets: a persona's walk of the 2,700-variant plan in under 5 ms, and validate with the journey
rules at most 1.2x validate without them (20% more).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Final
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import CONFIG, ensure  # noqa: E402

from xcplan.io.config import load_config  # noqa: E402
from xcplan.journey.scenarios import Customer, customers  # noqa: E402
from xcplan.journey.walk import Walker, forget_walks  # noqa: E402
from xcplan.lint import engine  # noqa: E402
from xcplan.lint.context import LintContext  # noqa: E402
from xcplan.lint.diagnostics import Finding  # noqa: E402
from xcplan.lint.engine import Family, check_bytes  # noqa: E402
from xcplan.lint.rules import journey  # noqa: E402
from xcplan.model.plan import Plan  # noqa: E402

WALK_TARGET_MS: Final = 5.0
RATIO_TARGET: Final = 1.2


def _median_ms(work: Callable[[], object], runs: int) -> float:
    work()  # warm-up: imports, compiled patterns and templates
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _paired_ms(
    first: Callable[[], object], second: Callable[[], object], runs: int
) -> tuple[float, float]:
    """Return the median ms of two pieces of work run in turn (the order swapping each round),
    so that a slow moment of the machine hits both alike."""
    first()
    second()
    times: tuple[list[float], list[float]] = ([], [])
    for round_ in range(runs):
        order = ((0, first), (1, second)) if round_ % 2 == 0 else ((1, second), (0, first))
        for slot, work in order:
            started = time.perf_counter()
            work()
            times[slot].append(time.perf_counter() - started)
    return statistics.median(times[0]) * 1000, statistics.median(times[1]) * 1000


def _walks_per_second(walker: Walker, plan_customers: list[Customer]) -> tuple[float, float]:
    """Return walks per second over about one second, and the median ms of one walk."""
    each: list[float] = []
    count = 0
    started = time.perf_counter()
    while time.perf_counter() - started < 1.0:
        for customer in plan_customers:
            begun = time.perf_counter()
            walker.walk(customer)
            each.append(time.perf_counter() - begun)
            count += 1
    elapsed = time.perf_counter() - started
    return count / elapsed, statistics.median(each) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", default=["retail", "2700"])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--enforce-targets", action="store_true")
    args = parser.parse_args()
    paths = ensure([s for s in args.sizes if s != "retail"])
    config = load_config(CONFIG)
    without = tuple(f for f in engine.FAMILIES if f is not journey.check)
    original = engine.run_rules

    def run_without(ctx: LintContext, families: Iterable[Family] = without) -> list[Finding]:
        return original(ctx, families)

    print(f"Python {sys.version.split()[0]}, median of {args.runs} runs")
    head = (
        "plan",
        "walks",
        "walks/s",
        "ms/walk",
        "rules ms",
        "validate ms",
        "without ms",
        "ratio",
    )
    print(
        f"{head[0]:<8} {head[1]:>5} {head[2]:>9} {head[3]:>8} {head[4]:>9} "
        f"{head[5]:>12} {head[6]:>11} {head[7]:>6}"
    )
    missed = []
    for size in args.sizes:
        path = ROOT / "examples" / "retail-app-launch.yaml" if size == "retail" else paths[size]
        raw = path.read_bytes()
        result = check_bytes(raw, str(path), config)
        plan = result.plan
        if plan is None or result.errors:
            print(f"{size}: the plan does not check cleanly", file=sys.stderr)
            return 1
        walker = Walker(plan)
        plan_customers = customers(plan)
        rate, per_walk = _walks_per_second(walker, plan_customers)

        def rules_only(plan: Plan = plan) -> object:
            forget_walks()
            return list(journey.check(LintContext(plan, config)))

        def rules_kept(plan: Plan = plan) -> object:
            return list(journey.check(LintContext(plan, config)))

        rules_ms = _median_ms(rules_only, args.runs)
        kept_ms = _median_ms(rules_kept, args.runs)

        def validate(raw: bytes = raw) -> object:
            forget_walks()  # as in a fresh `xcplan validate` process
            return check_bytes(raw, "plan.yaml", config)

        def validate_without(raw: bytes = raw) -> object:
            with mock.patch.object(engine, "run_rules", run_without):
                return check_bytes(raw, "plan.yaml", config)

        with_ms, without_ms = _paired_ms(validate, validate_without, args.runs)
        ratio = with_ms / without_ms
        share = rules_ms / without_ms * 100
        print(
            f"{size:<8} {len(plan_customers):>5} {rate:>9,.0f} {per_walk:>8.2f} {rules_ms:>9.1f} "
            f"{with_ms:>12.1f} {without_ms:>11.1f} {ratio:>6.2f}"
        )
        if size == "2700":
            for ok, line in (
                (
                    per_walk < WALK_TARGET_MS,
                    f"a persona's walk {per_walk:.2f} ms (< {WALK_TARGET_MS} ms)",
                ),
                (
                    ratio <= RATIO_TARGET,
                    f"validate with/without the journey rules {ratio:.2f}x (<= {RATIO_TARGET}x)",
                ),
            ):
                print(f"target 2700: {line}: {'met' if ok else 'MISSED'}")
                if not ok:
                    missed.append(line)
            print(f"the journey rules alone: {rules_ms:.1f} ms, {share:.1f}% of validate")
            print(
                f"the journey rules when the walks are kept (an edit that leaves them as they "
                f"were, as in the planner): {kept_ms:.1f} ms"
            )
            # The generated personas silence XC701, so its messages are not built above; build
            # them here too (292 findings on the 2700 plan) for the worst case.
            forget_walks()
            loud = plan.model_copy(
                update={"personas": [p.model_copy(update={"ignore": []}) for p in plan.personas]}
            )
            count = len(list(journey.check(LintContext(loud, config))))

            def rules_loud(plan: Plan = loud) -> object:
                forget_walks()
                return list(journey.check(LintContext(plan, config)))

            loud_ms = _median_ms(rules_loud, args.runs)
            print(f"the journey rules with nothing silenced: {loud_ms:.1f} ms ({count} findings)")
    return 1 if args.enforce_targets and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
