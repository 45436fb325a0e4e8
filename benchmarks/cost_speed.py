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
- *rules*: the XC801 and XC802 family on a fresh estimate, median of N runs;
- *live*: what the planner's cost line adds to a keystroke in an SMS body: ``live_cost`` (the
  cost of the touchpoint for the persona shown and in total, and what XC802 finds on the
  variant) after ``live_preview`` of the body with one more letter, the other variants' segments
  kept from the keystroke before (``KeptSegments``); the median and the worst, over N rounds of
  every SMS touchpoint.

Targets: one touchpoint in under 1 ms; the whole estimate of ``2700`` in under 100 ms; the live
cost of a keystroke in under 1 ms.
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

from xcplan.edit.cost import KeptSegments, live_cost  # noqa: E402
from xcplan.edit.preview import live_preview  # noqa: E402
from xcplan.edit.touchpoints import set_variant_field  # noqa: E402
from xcplan.io.config import load_config  # noqa: E402
from xcplan.journey.cost import CostModel  # noqa: E402
from xcplan.lint.context import LintContext  # noqa: E402
from xcplan.lint.engine import check_bytes  # noqa: E402
from xcplan.lint.rules import cost as cost_rules  # noqa: E402
from xcplan.model.config import Config  # noqa: E402
from xcplan.model.plan import Plan  # noqa: E402

TOUCHPOINT_TARGET_MS = 1.0
ESTIMATE_TARGET_MS = 100.0
LIVE_TARGET_MS = 1.0


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _live(plan: Plan, config: Config, repeat: int) -> list[float]:
    """Time ``live_cost`` after a letter typed in the body of each SMS touchpoint's first
    variant (the preview made first, untimed, as the planner does)."""
    kinds = {channel.id: channel.kind for channel in plan.channels}
    out: list[float] = []
    for t_index, touchpoint in enumerate(plan.touchpoints):
        if kinds.get(touchpoint.channel) != "sms" or touchpoint.variants[0].body is None:
            continue
        kept = KeptSegments()
        body = touchpoint.variants[0].body
        for typed in range(repeat + 1):
            edited = set_variant_field(plan, touchpoint.id, 0, "body", body + "a" * typed).plan
            ctx = LintContext(edited, config)
            preview = live_preview(edited, config, t_index, 0, None, ctx=ctx)
            if preview is None:
                break
            started = time.perf_counter()
            live_cost(ctx, preview, kept)
            if typed:  # the first keystroke fills what is kept
                out.append(_ms(started))
    return out


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
        "live ms",
        "worst ms",
    )
    widths = (-8, 8, 11, 11, 13, 8, 8, 8, 8)
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
        live = _live(plan, config, args.repeat)
        live_ms = statistics.median(live) if live else 0.0
        variants = sum(len(t.variants) for t in plan.touchpoints)
        estimate_ms = statistics.median(whole)
        touchpoint_ms = statistics.median(each) if each else 0.0
        worst = max(each, default=0.0)
        print(
            f"{size:<8} {variants:>8,} {len(plan.touchpoints):>11,} {estimate_ms:>11.1f} "
            f"{touchpoint_ms:>13.3f} {worst:>8.3f} {statistics.median(rules):>8.1f} "
            f"{live_ms:>8.3f} {max(live, default=0.0):>8.3f}"
        )
        verdicts.append(
            f"target {size}: one touchpoint {touchpoint_ms:.3f} ms (under {TOUCHPOINT_TARGET_MS} "
            f"ms): {'met' if touchpoint_ms < TOUCHPOINT_TARGET_MS else 'MISSED'}"
        )
        verdicts.append(
            f"target {size}: the live cost of a keystroke {live_ms:.3f} ms (under "
            f"{LIVE_TARGET_MS} ms): {'met' if live_ms < LIVE_TARGET_MS else 'MISSED'}"
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
