"""How fast does the planner feel in a real terminal? Measured in tmux, next to a bare Textual app.

Run from the repository root, in the dev venv (tmux must be installed)::

    python benchmarks/tui_terminal.py [SIZE ...] [--runs N] [--keys N] [--gap S]

Everything is measured from outside, as a person meets it: the app runs in a detached tmux
session of 120x40 on a tmux server of its own (its own socket, so no other tmux session is
touched), keys are sent with ``send-keys`` and the screen is read with ``capture-pane``, polled
every couple of milliseconds. The commands go to the server through one tmux client in control
mode (``tmux -C``) that the probe keeps open, not a ``tmux`` process per command: started 500
times a second, those processes kept most of a core busy (0.5 s of CPU a second, measured), which
on a machine of two cores is half of it, taken from the app being measured as no terminal a
person uses would take it. The planner's modules are compiled first, as an installed copy's
are (``PYTHONDONTWRITEBYTECODE`` would make every launch compile them); one untimed launch of
each plan keeps the planner's parsed styles, as any launch before does for a person
(``xcplan.tui.styles``); and each launch waits until the one before has ended (a planner still
ending, its lint or its second process still running, slowed the next launch). In the same
run, the same probes run on a bare Textual app: one TextArea and one Label that counts its
characters (this script, started with ``--bare-app``). Absolute times on a shared machine
drift by a factor of three from one run to the next; the ratios to the bare app measured in the
same run do not, so the targets are ratios.

For the bare app and for the planner on each plan (default: the retail example and the
2,700-variant plan, generated into ``benchmarks/_generated/`` when missing) it prints, in
milliseconds, medians over ``--runs`` launches:

- *first screen*: from starting the command until the screen shows the app (the planner's tab
  bar with the campaign's name in the header above it, so the plan is loaded; the bare app's
  counter);
- *problems counted*: (planner) from starting the command until the Problems tab's title
  shows the counts of the plan, which needs every rule run on the whole plan;
- *keystroke*: (median and worst over every key of every run) from sending a letter to the
  focused text until the screen shows the changed counter: in the planner, the body of an SMS
  touchpoint in the middle of the plan (reached with the command palette, as a person would)
  and the ``GSM-7 · N septets`` counter of its live preview; in the bare app, the label.

Then the ratios of each figure to the bare app's, and the targets, each ``met`` or ``MISSED``:
keystroke at most 1.25x on every plan; first screen at most 2x on the retail example and 2.5x
on the 2,700-variant plan; problems counted at most 4x on the 2,700-variant plan (each against
the bare app's first screen). Exit code 0 done, 1 a probe failed (the screen never showed what
was awaited), 2 tmux is missing.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import math
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = (120, 40)
BARE_APP = ROOT / "benchmarks" / "bare_app.py"

KEYSTROKE_TARGET = 1.25
FIRST_SCREEN_TARGETS = {"retail": 2.0, "2700": 2.5}
PROBLEMS_TARGETS = {"2700": 4.0}

_BARE_COUNTER = re.compile(r"(\d+) characters")
_SEPTETS = re.compile(r"GSM-7 · (\d+) septets")
_TABS = re.compile(r"Campaign.*Personas.*Problems")
_COUNTED = re.compile(r"Problems [✔✖▲ℹ]")


class ProbeFailed(Exception):
    """The screen never showed what a probe waited for."""


class Tmux:
    """A tmux server of our own (``-L``), with one detached session per app, driven through one
    client in control mode."""

    def __init__(self, poll: float) -> None:
        self.socket = f"xcplan-bench-{os.getpid()}"
        self.poll = poll
        # A session that lives as long as the server, so the server's start-up is never timed;
        # the control client is attached to it.
        base = ["tmux", "-L", self.socket, "-f", "/dev/null"]
        subprocess.run(
            [*base, "new-session", "-d", "-s", "keep", "-x", "20", "-y", "5", "sleep 100000"],
            check=True,
        )
        self._control = subprocess.Popen(
            [*base, "-C", "attach-session", "-t", "keep"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._reply()  # to the attach itself

    def _reply(self) -> tuple[bool, str]:
        """Read the control client's reply to the last command: whether it succeeded, and its
        output. Notifications (``%...`` lines outside a reply) are skipped."""
        assert self._control.stdout is not None
        lines: list[str] = []
        inside = False
        while True:
            line = self._control.stdout.readline()
            if not line:
                raise ProbeFailed("the tmux control client ended")
            text = line.decode("utf-8", "replace").rstrip("\n")
            if not inside:
                inside = text.startswith("%begin ")
            elif text.startswith(("%end ", "%error ")):
                return text.startswith("%end "), "\n".join(lines)
            else:
                lines.append(text)

    def _run(self, *args: str) -> str:
        assert self._control.stdin is not None
        self._control.stdin.write((shlex.join(args) + "\n").encode("utf-8"))
        self._control.stdin.flush()
        ok, output = self._reply()
        if not ok and args[0] != "kill-session":
            raise ProbeFailed(f"tmux {args[0]}: {output.strip()}")
        return output + "\n" if output else output

    def start(self, name: str, command: list[str], cwd: Path, env: dict[str, str]) -> float:
        """Start ``command`` in a new session, with ``env`` added to its environment; return the
        moment just before tmux was asked."""
        shell = f"cd {shlex.quote(str(cwd))} && exec {shlex.join(command)}"
        size = ["-x", str(SIZE[0]), "-y", str(SIZE[1])]
        variables = [part for key, value in env.items() for part in ("-e", f"{key}={value}")]
        started = time.perf_counter()
        self._run("new-session", "-d", "-s", name, *size, *variables, shell)
        return started

    def screen(self, name: str) -> str:
        """Return what session ``name`` shows."""
        return self._run("capture-pane", "-p", "-t", name)

    def keys(self, name: str, *keys: str) -> None:
        """Send keys (tmux key names, or text with ``-l``) to session ``name``."""
        self._run("send-keys", "-t", name, *keys)

    def wait(self, name: str, done: Callable[[str], bool], timeout: float, what: str) -> str:
        """Poll the screen until ``done(screen)``; return the screen. Raises ``ProbeFailed``."""
        deadline = time.perf_counter() + timeout
        while True:
            text = self.screen(name)
            if done(text):
                return text
            if time.perf_counter() > deadline:
                tail = "\n".join(text.splitlines()[-12:])
                raise ProbeFailed(f"{name}: never showed {what}; the screen ends with:\n{tail}")
            time.sleep(self.poll)

    def stop(self, name: str) -> None:
        """End session ``name`` (its app is killed: nothing is saved), and wait until the app
        and the processes it started have ended: an app still ending (its lint thread, its
        second process) would slow the launch measured after it."""
        pids = _tree(self._run("display-message", "-p", "-t", name, "#{pane_pid}").strip())
        self._run("kill-session", "-t", name)
        deadline = time.perf_counter() + 10
        while pids and time.perf_counter() < deadline:
            pids = [pid for pid in pids if _alive(pid)]
            time.sleep(0.01)

    def close(self) -> None:
        """Stop this server and every session on it."""
        with contextlib.suppress(OSError):
            self._control.stdin.close()  # type: ignore[union-attr]
        subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", "kill-server"],
            capture_output=True,
            check=False,
        )


def _count(pattern: re.Pattern[str], text: str) -> int | None:
    found = pattern.search(text)
    return int(found.group(1)) if found else None


def _typing(
    tmux: Tmux, name: str, pattern: re.Pattern[str], keys: int, gap: float, timeout: float
) -> list[float]:
    """Type ``keys`` letters; return the time from each until the counter shows it."""
    times: list[float] = []
    before = _count(pattern, tmux.screen(name))
    if before is None:
        raise ProbeFailed(f"{name}: no counter on the screen")
    for _ in range(keys):
        wanted = before + 1
        started = time.perf_counter()
        tmux.keys(name, "x")
        tmux.wait(name, lambda text, n=wanted: _count(pattern, text) == n, timeout, f"{wanted}")
        times.append(time.perf_counter() - started)
        before = wanted
        time.sleep(gap)
    return times


def compile_planner() -> None:
    """Compile the planner's modules, as an installed copy's are (pip compiles them as it
    installs). Where ``PYTHONDONTWRITEBYTECODE`` is set (this team's machines) Python never
    keeps what it compiles, and every launch would compile the planner's modules again
    (Textual's are compiled in site-packages), which no user's launch does."""
    compileall.compile_dir(ROOT / "xcplan", quiet=1)


def _tree(pid: str) -> list[int]:
    """Return process ``pid`` and its descendants (none for a pid that is not a number)."""
    if not pid.isdigit():
        return []
    found = [int(pid)]
    children = subprocess.run(["pgrep", "-P", pid], capture_output=True, text=True).stdout
    for child in children.split():
        found.extend(_tree(child))
    return found


def _alive(pid: int) -> bool:
    """Whether process ``pid`` is still there (a zombie counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return False


@dataclass
class Figures:
    """What was measured for one app over every run."""

    first: list[float] = field(default_factory=list)
    counted: list[float] = field(default_factory=list)
    keys: list[float] = field(default_factory=list)


def _run_bare(tmux: Tmux, name: str, keys: int, gap: float, timeout: float, out: Figures) -> None:
    started = tmux.start(name, [sys.executable, str(BARE_APP)], ROOT, {})
    try:
        tmux.wait(name, lambda text: _BARE_COUNTER.search(text) is not None, timeout, "the label")
        out.first.append(time.perf_counter() - started)
        if not keys:
            return
        time.sleep(0.5)
        out.keys.extend(_typing(tmux, name, _BARE_COUNTER, keys, gap, timeout))
    finally:
        tmux.stop(name)


def _run_planner(
    tmux: Tmux,
    name: str,
    plan: Path,
    touchpoint: str,
    keys: int,
    gap: float,
    timeout: float,
    out: Figures,
    env: dict[str, str],
) -> None:
    xcplan = Path(sys.executable).with_name("xcplan")
    campaign = _campaign_name(plan)
    env = {**env, **own_state(plan, name)}
    started = tmux.start(name, [str(xcplan), "edit", str(plan)], plan.parent, env)
    try:
        tmux.wait(
            name,
            lambda text: _TABS.search(text) is not None and campaign in text,
            timeout,
            "the tab bar and the campaign's name",
        )
        out.first.append(time.perf_counter() - started)
        tmux.wait(name, lambda text: _COUNTED.search(text) is not None, timeout, "the counts")
        out.counted.append(time.perf_counter() - started)
        if not keys:
            return
        # To the SMS touchpoint through the palette, then Enter puts the cursor in its body.
        tmux.keys(name, "C-p")
        tmux.wait(name, lambda text: "Search for commands" in text, timeout, "the palette")
        tmux.keys(name, "-l", touchpoint)
        tmux.wait(name, lambda text: f"({touchpoint})" in text, timeout, "the touchpoint")
        time.sleep(0.3)  # the palette's list settles on the best hit
        tmux.keys(name, "Enter")
        tmux.wait(name, lambda text: "Search for commands" not in text, timeout, "no palette")
        time.sleep(0.3)
        tmux.keys(name, "Enter")
        tmux.wait(name, lambda text: _SEPTETS.search(text) is not None, timeout, "the preview")
        time.sleep(0.5)
        out.keys.extend(_typing(tmux, name, _SEPTETS, keys, gap, timeout))
    finally:
        tmux.stop(name)


def own_state(plan: Path, name: str) -> dict[str, str]:
    """Return the environment of launch ``name``'s own state folder: the launch before typed
    into the plan and was closed, so its recovery file would be offered to this one (and the
    offer would take the keys)."""
    state = plan.parent / "state" / name
    state.mkdir(parents=True, exist_ok=True)
    return {"XCPLAN_STATE_DIR": str(state)}


def _campaign_name(plan: Path) -> str:
    """Return the campaign's name as the planner's header shows it."""
    found = re.search(
        r"^campaign:\n(?:  .*\n)*?  name: (.+)$", plan.read_text(encoding="utf-8"), re.M
    )
    if found is None:
        raise ProbeFailed(f"{plan}: no campaign name")
    return found.group(1).strip().strip('"')


def _sms_touchpoint(plan: Path) -> str:
    """Return the id of the SMS touchpoint in the middle of the plan's touchpoints."""
    text = plan.read_text(encoding="utf-8")
    ids = re.findall(r"^  - id: (\S+)\n(?:    .*\n)*?    channel: sms\n", text, re.MULTILINE)
    if not ids:
        raise ProbeFailed(f"{plan}: no SMS touchpoint")
    return ids[len(ids) // 2]


def _plans(sizes: list[str], folder: Path) -> dict[str, Path]:
    """Copy each plan with its config into ``folder`` (the planner never writes the originals)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import ensure

    generated = [size for size in sizes if size != "retail"]
    found = ensure(generated) if generated else {}
    out: dict[str, Path] = {}
    for size in sizes:
        source = ROOT / "examples" / "retail-app-launch.yaml" if size == "retail" else found[size]
        target = folder / size
        target.mkdir()
        shutil.copy(source, target / source.name)
        shutil.copy(source.parent / "xcplan.toml", target / "xcplan.toml")
        out[size] = target / source.name
    return out


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


def _verdict(label: str, ratio: float, target: float) -> str:
    verdict = "met" if ratio <= target else "MISSED"
    return f"target {label}: {ratio:.2f}x (at most {target}x): {verdict}"


def _row(cells: tuple[str, ...], widths: tuple[int, ...]) -> str:
    """Return one line of the table: the first cell left-aligned, the others right-aligned."""
    return "  ".join(
        f"{cell:<{width}}" if i == 0 else f"{cell:>{width}}"
        for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
    )


def _spread(values: list[float]) -> str:
    """Return ``median (min-max)`` in milliseconds."""
    if not values:
        return ""
    return f"{_ms(statistics.median(values))} ({_ms(min(values))}-{_ms(max(values))})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", default=["retail", "2700"])
    parser.add_argument("--runs", type=int, default=5, help="launches per app (default 5)")
    parser.add_argument("--keys", type=int, default=20, help="keystrokes per launch (default 20)")
    parser.add_argument(
        "--gap", type=float, default=0.4, help="seconds between keystrokes (default 0.4)"
    )
    parser.add_argument(
        "--poll", type=float, default=0.002, help="seconds between screen reads (default 0.002)"
    )
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per probe")
    parser.add_argument(
        "--no-warm",
        action="store_true",
        help="skip the launches with a warm cache (the cold ones always run)",
    )
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux is not installed: apt-get install tmux", file=sys.stderr)
        return 2
    version = subprocess.run(["tmux", "-V"], capture_output=True, text=True).stdout.strip()
    print(
        f"Python {sys.version.split()[0]}; {version}; {os.cpu_count()} CPUs; terminal "
        f"{SIZE[0]}x{SIZE[1]}; {args.runs} launches per app, {args.keys} keys each, "
        f"{args.gap} s apart; load average {os.getloadavg()[0]:.2f} at the start"
    )
    print(
        "(ms: median (min-max) over launches; keystrokes over every key. cold: no cache of "
        "results (XCPLAN_NO_CACHE=1); warm: a cache of its own that one untimed launch filled; "
        "both after one untimed launch, which kept the planner's parsed styles)"
    )
    compile_planner()
    tmux = Tmux(args.poll)
    try:
        with tempfile.TemporaryDirectory(
            prefix="xcplan-bench-", ignore_cleanup_errors=True
        ) as folder:
            plans = _plans(args.sizes, Path(folder))
            touchpoints = {size: _sms_touchpoint(path) for size, path in plans.items()}
            cache = Path(folder) / "cache"
            cold = {"XCPLAN_CACHE_DIR": str(cache), "XCPLAN_NO_CACHE": "1"}
            warm = {"XCPLAN_CACHE_DIR": str(cache)}
            apps = ["bare", *plans, *([] if args.no_warm else [f"{size} warm" for size in plans])]
            figures = {app: Figures() for app in apps}
            # One untimed launch of each plan first: it keeps the planner's parsed styles, as
            # any launch before does for a person (``xcplan.tui.styles``; kept whatever
            # XCPLAN_NO_CACHE says), and, for the warm launches, the problems it found.
            fill = cold if args.no_warm else warm
            for size, path in plans.items():
                _run_planner(tmux, f"fill-{size}", path, "", 0, 0, args.timeout, Figures(), fill)
            for run in range(args.runs):
                # The order rotates, so a slow moment of the machine hits every app alike.
                for app in apps[run % len(apps) :] + apps[: run % len(apps)]:
                    name = f"{app.replace(' ', '-')}-{run}"
                    size, _, mode = app.partition(" ")
                    if app == "bare":
                        _run_bare(tmux, name, args.keys, args.gap, args.timeout, figures[app])
                        continue
                    _run_planner(
                        tmux,
                        name,
                        plans[size],
                        touchpoints[size],
                        0 if mode == "warm" else args.keys,
                        args.gap,
                        args.timeout,
                        figures[app],
                        warm if mode == "warm" else cold,
                    )
    except ProbeFailed as error:
        print(f"probe failed: {error}", file=sys.stderr)
        return 1
    finally:
        tmux.close()
    bare = figures["bare"]
    bare_first = statistics.median(bare.first)
    bare_key = statistics.median(bare.keys or [math.nan])
    bare_worst = max(bare.keys or [math.nan])
    head = ("app", "first screen", "problems counted", "keystroke", "worst key")
    widths = (13, 26, 26, 22, 10)
    print(_row(head, widths))
    rows: list[tuple[str, ...]] = [
        ("bare", _spread(bare.first), "", _spread(bare.keys), _ms(bare_worst))
    ]
    verdicts: list[str] = []
    for app in apps[1:]:
        got = figures[app]
        size, _, mode = app.partition(" ")
        first = statistics.median(got.first)
        counted = statistics.median(got.counted)
        label = app if mode else f"{size} cold"
        cells = [f"{_spread(got.first)} {first / bare_first:.2f}x"]
        cells.append(f"{_spread(got.counted)} {counted / bare_first:.2f}x")
        if got.keys:
            key = statistics.median(got.keys)
            cells.append(f"{_spread(got.keys)} {key / bare_key:.2f}x")
            cells.append(f"{_ms(max(got.keys))}")
            verdicts.append(_verdict(f"{size} keystroke", key / bare_key, KEYSTROKE_TARGET))
        else:
            cells += ["", ""]
        rows.append((label, *cells))
        if size in FIRST_SCREEN_TARGETS:
            verdicts.append(
                _verdict(f"{label} first screen", first / bare_first, FIRST_SCREEN_TARGETS[size])
            )
        if size in PROBLEMS_TARGETS:
            verdicts.append(
                _verdict(f"{label} problems counted", counted / bare_first, PROBLEMS_TARGETS[size])
            )
    for row in rows:
        print(_row(row, widths))
    for line in verdicts:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
