"""How long does the cost estimate take (format section 11), for a plan and for one touchpoint?

Run from the repository root (``generate.py`` makes the plans when they are missing)::

    python benchmarks/cost_speed.py [SIZE ...] [--repeat N]

For each plan (default: the retail example and the 2,688-variant ``2700``), linted once with
``examples/xcplan.toml`` (its ``[costs]``) so that every persona's rendering is measured, it
times:

- *estimate*: ``CostModel(plan, costs).estimate(segments)``, the whole plan, reading the segments
  the lint measured (what ``xcplan cost``, the export and XC801/XC802 share), median of N runs;
- *touchpoint*: ``CostModel(plan, costs).touchpoint(t, segments)`` for every touchpoint, the model
  built afresh each time, as the planner would on a keystroke to show the cost of the
  touchpoint being written: the median and the worst touchpoint, over N rounds;
- *rules*: the XC801 and XC802 family on a fresh estimate, median of N runs.

Targets: one touchpoint in under 1 ms; the whole estimate of ``2700`` in under 100 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import CONFIG, ensure  # noqa: E402

from xcplan.io.config import load_config  # noqa: E402
from xcplan.journey.cost import CostModel  # noqa: E402
from xcplan.lint.context import LintContext  # noqa: E402
from xcplan.lint.engine import check_bytes  # noqa: E402
from xcplan.lint.rules import cost as cost_rules  # noqa: E402

TOUCHPOINT_TARGET_MS = 1.0
ESTIMATE_TARGET_MS = 100.0


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", default=["retail", "2700"])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    config = load_config(CONFIG)
    costs = config.costs
    if costs is None:
        sys.exit(f"cost_speed: {CONFIG} has no [costs] table")
    paths = ensure(args.sizes)
    print(f"Python {sys.version.split()[0]}; prices from {CONFIG.relative_to(ROOT)}")
    head = (
        "size",
        "variants",
        "touchpoints",
        "estimate ms",
        "touchpoint ms",
        "worst ms",
        "rules ms",
    )
    widths = (-8, 8, 11, 11, 13, 8, 8)
    print(
        " ".join(f"{h:<{-w}}" if w < 0 else f"{h:>{w}}" for h, w in zip(head, widths, strict=True))
    )
    verdicts: list[str] = []
    for size in args.sizes:
        path = paths[size]
        result = check_bytes(path.read_bytes(), str(path), config)
        ctx = result.context
        if ctx is None or result.plan is None:
            sys.exit(f"cost_speed: {path} does not load as a plan")
        plan = result.plan
        segments = cost_rules.segments_from(ctx)
        whole = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            CostModel(plan, costs).estimate(segments)
            whole.append(_ms(started))
        each: list[float] = []
        for _ in range(args.repeat):
            for t_index in range(len(plan.touchpoints)):
                started = time.perf_counter()
                CostModel(plan, costs).touchpoint(t_index, segments)
                each.append(_ms(started))
        rules = []
        for _ in range(args.repeat):
            fresh = LintContext(plan, config)
            fresh._renderings = ctx._renderings  # the measurements the lint already made
            started = time.perf_counter()
            list(cost_rules.check(fresh))
            rules.append(_ms(started))
        variants = sum(len(t.variants) for t in plan.touchpoints)
        estimate_ms = statistics.median(whole)
        touchpoint_ms = statistics.median(each) if each else 0.0
        worst = max(each, default=0.0)
        print(
            f"{size:<8} {variants:>8,} {len(plan.touchpoints):>11,} {estimate_ms:>11.1f} "
            f"{touchpoint_ms:>13.3f} {worst:>8.3f} {statistics.median(rules):>8.1f}"
        )
        verdicts.append(
            f"target {size}: one touchpoint {touchpoint_ms:.3f} ms (under {TOUCHPOINT_TARGET_MS} "
            f"ms): {'met' if touchpoint_ms < TOUCHPOINT_TARGET_MS else 'MISSED'}"
        )
        if size == "2700":
            verdicts.append(
                f"target 2700: the whole estimate {estimate_ms:.1f} ms (under "
                f"{ESTIMATE_TARGET_MS:.0f} ms): "
                f"{'met' if estimate_ms < ESTIMATE_TARGET_MS else 'MISSED'}"
            )
    for line in verdicts:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
