"""How long does linting one variant take? The editor re-lints a variant on every keystroke.

Run from the repository root::

    python benchmarks/lint_speed.py [PLAN] [--repeat N]

For each variant of the plan (default: the retail example, with its ``xcplan.toml``) it times
``xcplan.lint.engine.lint_variant`` (every XC4xx, XC5xx and XC6xx rule, for every persona the
variant reaches) in two ways:

- *typing*: one character is appended to the body before each call, as when a writer types,
  so the edited template is analysed afresh every time;
- *unchanged*: the same text again (the analysis of each template is cached).

It prints the median and the worst variant for both, in milliseconds. Target: under 2 ms per
variant while typing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from xcplan.io.config import find_config, load_config
from xcplan.lint.engine import check_bytes, lint_variant
from xcplan.model.config import Config

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PLAN = ROOT / "examples" / "retail-app-launch.yaml"


def _time_variant(plan: object, config: Config, t: int, v: int, repeat: int) -> tuple[float, float]:
    from xcplan.model.plan import Plan

    assert isinstance(plan, Plan)
    variant = plan.touchpoints[t].variants[v]
    original = variant.body or ""
    typing: list[float] = []
    unchanged: list[float] = []
    for round_ in range(repeat):
        variant.body = original + "x" * (round_ + 1)
        started = time.perf_counter()
        lint_variant(plan, config, t, v)
        typing.append(time.perf_counter() - started)
        started = time.perf_counter()
        lint_variant(plan, config, t, v)
        unchanged.append(time.perf_counter() - started)
    variant.body = original
    return statistics.median(typing) * 1000, statistics.median(unchanged) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plan", nargs="?", type=Path, default=DEFAULT_PLAN)
    parser.add_argument("--repeat", type=int, default=30, help="calls per variant (default 30)")
    args = parser.parse_args()
    result = check_bytes(args.plan.read_bytes(), str(args.plan))
    if result.plan is None:
        print(f"{args.plan}: the plan does not load", file=sys.stderr)
        return 1
    found = find_config(args.plan)
    config = load_config(found) if found else Config()
    plan = result.plan
    rows = []
    for t, touchpoint in enumerate(plan.touchpoints):
        for v, variant in enumerate(touchpoint.variants):
            typing, unchanged = _time_variant(plan, config, t, v, args.repeat)
            rows.append(
                (f"{touchpoint.id}/{variant.id}", len(touchpoint.personas), typing, unchanged)
            )
    print(f"plan: {args.plan} ({len(rows)} variants), config: {found or 'none'}")
    print(f"Python {sys.version.split()[0]}, {args.repeat} calls per variant, median per call")
    print(f"{'variant':<40} {'personas':>8} {'typing ms':>10} {'unchanged ms':>13}")
    for name, personas, typing, unchanged in rows:
        print(f"{name:<40} {personas:>8} {typing:>10.3f} {unchanged:>13.3f}")
    typing_all = [r[2] for r in rows]
    unchanged_all = [r[3] for r in rows]
    print(
        f"\nlint one variant while typing: median {statistics.median(typing_all):.3f} ms, "
        f"worst {max(typing_all):.3f} ms (target < 2 ms)"
    )
    print(
        f"lint one variant, text unchanged: median {statistics.median(unchanged_all):.3f} ms, "
        f"worst {max(unchanged_all):.3f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
