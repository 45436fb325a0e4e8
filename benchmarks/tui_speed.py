"""How fast is the planner TUI on a big plan? Measured through Textual's Pilot.

Run from the repository root, in the dev venv::

    python benchmarks/tui_speed.py [SIZE ...] [--runs N] [--toggles N] [--keys N]

For each plan (default: the retail example and the 2,700-variant plan, which is generated
into ``benchmarks/_generated/`` when missing) it prints:

- *open*: from ``make_app(PLAN)`` to the first screen ready (the plan loaded and checked, the
  editor mounted and painted once), in this process, with xcplan and textual imported already;
- *open, new process*: the same from the start of a fresh Python (imports and start-up
  included), as a person typing ``xcplan edit PLAN`` waits for it;
- *problems ready*: from ``make_app`` until the background lint that follows loading is done;
- *toggle*: from a Space key event on a cell of the journey (sent as Pilot sends keys, through
  the app's driver) until the Problems tab's title shows the counts of the new plan: the edit,
  the lint and every view updated;
- *toggle, pilot.press*: the same measured around ``await pilot.press("space")``, which also
  waits for Pilot's own settling (it sleeps until the process is idle and every widget of the
  screen has processed its messages): an upper bound.
- *keystroke*: on the Messages tab, from a letter key event sent to the body editor of a
  touchpoint in the middle of the plan until the preview shows the new text: the variant
  edited in the document, rendered for the persona, measured, and its findings (every
  template, channel and brand rule for each persona it reaches) on screen. The whole plan is
  linted in the background after a pause in typing; that is not part of this figure.

Medians of ``--runs`` opens, ``--toggles`` toggles and ``--keys`` keystrokes, in
milliseconds. Targets on the 2,700-variant plan: open under 1 s, toggle under 50 ms, keystroke
under 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import ensure  # noqa: E402
from textual import events  # noqa: E402

from xcplan.edit.touchpoints import touchpoint_at  # noqa: E402
from xcplan.tui.app import PlannerApp, make_app  # noqa: E402
from xcplan.tui.screens.plan import PlanScreen  # noqa: E402
from xcplan.tui.widgets.journey import JourneyGrid  # noqa: E402
from xcplan.tui.widgets.problems import tab_title  # noqa: E402

OPEN_TARGET_MS = 1000.0
TOGGLE_TARGET_MS = 50.0
KEYSTROKE_TARGET_MS = 50.0
SIZE = (120, 40)

_CHILD = """
import asyncio, sys, time
started = time.perf_counter()
from xcplan.tui.app import make_app
from xcplan.tui.screens.plan import PlanScreen
async def run():
    app = make_app(sys.argv[1])
    app.animation_level = "none"
    async with app.run_test(size=(120, 40)) as pilot:
        while not (isinstance(app.screen, PlanScreen) and app.screen.is_mounted):
            await asyncio.sleep(0.001)
        painted = asyncio.Event()
        app.screen.call_after_refresh(painted.set)
        await painted.wait()
        print(time.perf_counter() - started)
asyncio.run(run())
"""


def _app(path: Path) -> PlannerApp:
    app = make_app(path)
    app.animation_level = "none"
    app.cursor_blink = False
    return app


async def _first_screen(app: PlannerApp) -> PlanScreen:
    """Wait until the editor is mounted and painted once; return it."""
    while not (isinstance(app.screen, PlanScreen) and app.screen.is_mounted):
        await asyncio.sleep(0.001)
    screen = app.screen
    painted = asyncio.Event()
    screen.call_after_refresh(painted.set)
    await painted.wait()
    return screen


async def _open(path: Path) -> tuple[float, float]:
    started = time.perf_counter()
    app = _app(path)
    async with app.run_test(size=SIZE) as pilot:
        await _first_screen(app)
        first = time.perf_counter() - started
        await app.workers.wait_for_complete()
        await pilot.pause()
        ready = time.perf_counter() - started
    return first, ready


async def _toggles(path: Path, count: int, *, press: bool) -> list[float]:
    app = _app(path)
    times: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        screen = await _first_screen(app)
        await app.workers.wait_for_complete()
        screen.tabs.active = "tab-journey"
        while not screen.journey.is_mounted:
            await pilot.pause()
        await pilot.pause()
        screen.query_one(JourneyGrid).focus()
        await pilot.pause()
        tab = screen.tabs.get_tab("tab-problems")
        document = screen.document
        for _ in range(count):
            revision = document.revision
            started = time.perf_counter()
            if press:
                await pilot.press("space")
            else:
                assert app._driver is not None
                app._driver.send_message(events.Key("space", " "))
            while not (
                document.revision > revision
                and screen.lint_is_current
                and str(tab.label) == tab_title(screen.report)
            ):
                await asyncio.sleep(0.0005)
            times.append(time.perf_counter() - started)
            await pilot.pause()
    return times


async def _keystrokes(path: Path, count: int) -> list[float]:
    """Type ``count`` letters at the end of a body on the Messages tab; time each one."""
    app = _app(path)
    times: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        screen = await _first_screen(app)
        await app.workers.wait_for_complete()
        screen.tabs.active = "tab-messages"
        pane = screen.messages
        while not pane.is_mounted:
            await pilot.pause()
        await pilot.pause()
        document = screen.document
        # The middle touchpoint with a body: as far from the start of the plan as can be.
        with_body = [t for t in document.plan.touchpoints if t.variants[0].body is not None]
        touchpoint = with_body[len(with_body) // 2]
        assert pane.choose_touchpoint(touchpoint.id, 0, "body")
        await pilot.pause()
        body = pane.editor.query_one("#v-body")
        assert app.focused is body, app.focused
        body.move_cursor(body.document.end)  # type: ignore[attr-defined]
        await pilot.pause()
        for index in range(count):
            revision = document.revision
            letter = "abcdefghij"[index % 10]
            started = time.perf_counter()
            assert app._driver is not None
            app._driver.send_message(events.Key(letter, letter))
            while not (document.revision > revision and pane.preview_revision == document.revision):
                await asyncio.sleep(0.0005)
            times.append(time.perf_counter() - started)
            await pilot.pause()
        typed = touchpoint_at(document.plan, touchpoint.id)[1].variants[0].body or ""
        assert typed.endswith("abcdefghij"[: min(count, 10)]), typed[-20:]
    return times


def _new_process(path: Path) -> float:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    return float(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", default=["retail", "2700"])
    parser.add_argument("--runs", type=int, default=5, help="opens per plan (default 5)")
    parser.add_argument("--toggles", type=int, default=30, help="toggles per plan (default 30)")
    parser.add_argument(
        "--keys", type=int, default=30, help="keystrokes in a body per plan (default 30)"
    )
    args = parser.parse_args()
    paths = ensure(args.sizes)
    print(
        f"Python {sys.version.split()[0]}; terminal {SIZE[0]}x{SIZE[1]}; "
        f"median of {args.runs} opens, {args.toggles} toggles and {args.keys} keystrokes (ms)"
    )
    head = (
        "size", "open", "open, new process", "problems ready", "toggle", "worst", "pilot.press",
        "keystroke", "worst",
    )  # fmt: skip
    print(
        f"{head[0]:<8} {head[1]:>7} {head[2]:>18} {head[3]:>15} {head[4]:>7} {head[5]:>7} "
        f"{head[6]:>12} {head[7]:>10} {head[8]:>7}"
    )
    verdicts: list[str] = []
    for size in args.sizes:
        path = paths[size]
        asyncio.run(_open(path))  # warm-up: imports, caches
        opens = [asyncio.run(_open(path)) for _ in range(args.runs)]
        fresh = [_new_process(path) for _ in range(args.runs)]
        toggles = asyncio.run(_toggles(path, args.toggles, press=False))
        pressed = asyncio.run(_toggles(path, args.toggles, press=True))
        keys = asyncio.run(_keystrokes(path, args.keys))
        keystroke = statistics.median(keys) * 1000
        worst_key = max(keys) * 1000
        first = statistics.median(o[0] for o in opens) * 1000
        ready = statistics.median(o[1] for o in opens) * 1000
        cold = statistics.median(fresh) * 1000
        toggle = statistics.median(toggles) * 1000
        worst = max(toggles) * 1000
        with_pilot = statistics.median(pressed) * 1000
        print(
            f"{size:<8} {first:>7.0f} {cold:>18.0f} {ready:>15.0f} {toggle:>7.1f} {worst:>7.1f} "
            f"{with_pilot:>12.1f} {keystroke:>10.1f} {worst_key:>7.1f}"
        )
        if size == "2700":
            verdicts.append(
                f"target 2700 open: {first:.0f} ms (under {OPEN_TARGET_MS:.0f} ms): "
                f"{'met' if first < OPEN_TARGET_MS else 'MISSED'}"
                f"; in a new process {cold:.0f} ms"
            )
            verdicts.append(
                f"target 2700 toggle to problems count: {toggle:.1f} ms (under "
                f"{TOGGLE_TARGET_MS:.0f} ms): {'met' if toggle < TOGGLE_TARGET_MS else 'MISSED'}"
                f"; {with_pilot:.1f} ms around pilot.press"
            )
            verdicts.append(
                f"target 2700 keystroke in a body to refreshed preview and findings: "
                f"{keystroke:.1f} ms (under {KEYSTROKE_TARGET_MS:.0f} ms): "
                f"{'met' if keystroke < KEYSTROKE_TARGET_MS else 'MISSED'}; "
                f"worst {worst_key:.1f} ms"
            )
    for line in verdicts:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
