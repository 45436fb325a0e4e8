"""Unsaved changes kept for recovery, and crash reports: the planner never loses work.

While a plan has unsaved changes the planner keeps their canonical text in a recovery file, a
few seconds behind the last change, written atomically. After a crash, a closed terminal or a
``kill``, the next ``xcplan edit`` of the same plan offers it back. Recovery files live in the
user's state folder, never beside the plan (a git repository would pick them up):

- ``$XCPLAN_STATE_DIR``, else ``$XDG_STATE_HOME/xcplan``, else ``~/.local/state/xcplan``;
- ``recovery/<key>.yaml`` for a plan, ``<key>`` a hash of the plan's real path;
  ``recovery/<key>.<time>.yaml`` for one the user chose to decide on later;
- ``crash-<time>.txt`` for the report of a crash (the traceback).

A recovery file is a plan in its own right: three comment lines (what it is, the plan's path
as JSON, the time) and then the canonical text, so it can be opened or copied by hand too.

Standard library only (with the atomic writer): the planner's core, without Textual.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Final

from xcplan.io.atomic import write_atomic

STATE_ENV: Final = "XCPLAN_STATE_DIR"
"""The environment variable naming the folder of recovery files and crash reports."""

_HEADER: Final = "# xcplan recovery: unsaved changes to a plan, kept by `xcplan edit`"
_PLAN: Final = "# plan: "
_WRITTEN: Final = "# written: "
_PROCESS: Final = "# process: "


def state_dir() -> Path:
    """Return the folder of recovery files and crash reports (see the module's docstring)."""
    named = os.environ.get(STATE_ENV)
    if named:
        return Path(named).expanduser()
    xdg = os.environ.get("XDG_STATE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "state"
    return base / "xcplan"


def recovery_dir() -> Path:
    """Return the folder of recovery files."""
    return state_dir() / "recovery"


def _private_folder(folder: Path) -> Path:
    """Create ``folder`` and the state folder it is in, readable by the user only (plans can
    be confidential); return it."""
    for each in (state_dir(), folder):
        each.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _key(plan: Path) -> str:
    real = os.path.realpath(os.path.abspath(plan))
    return hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:24]


def recovery_file(plan: Path) -> Path:
    """Return the recovery file the planner keeps ``plan``'s unsaved changes in."""
    return recovery_dir() / f"{_key(plan)}.yaml"


@dataclass(frozen=True, slots=True)
class Recovery:
    """Unsaved changes kept for a plan: the file they are in, the plan, when, and the text."""

    file: Path
    plan: Path
    written: datetime
    text: str
    process: int | None = None
    """The process of the planner that kept them."""


def write_recovery(plan: Path, text: str, *, now: datetime | None = None) -> Path:
    """Keep ``text`` (the canonical text of ``plan`` with its unsaved changes) for recovery;
    return the recovery file. Written atomically. Raises ``OSError`` when it cannot be."""
    when = (now or datetime.now()).astimezone()
    header = [
        _HEADER,
        _PLAN + json.dumps(os.path.abspath(plan)),
        _WRITTEN + when.isoformat(timespec="seconds"),
        _PROCESS + str(os.getpid()),
    ]
    target = recovery_file(plan)
    _private_folder(target.parent)
    write_atomic(target, "\n".join(header) + "\n" + text)
    return target


def _read(file: Path) -> Recovery | None:
    """Return the recovery in ``file``, or None when it is not one (or cannot be read)."""
    try:
        raw = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    lines = raw.split("\n", 4)
    if len(lines) < 5 or lines[0] != _HEADER:
        return None
    try:
        plan = Path(json.loads(lines[1].removeprefix(_PLAN)))
        written = datetime.fromisoformat(lines[2].removeprefix(_WRITTEN))
        process = int(lines[3].removeprefix(_PROCESS))
    except ValueError:
        return None
    return Recovery(file, plan, written, lines[4], process)


def find_recoveries(plan: Path) -> list[Recovery]:
    """Return the unsaved changes kept for ``plan``, the newest first (none: empty)."""
    key = _key(plan)
    try:
        files = [
            entry
            for entry in recovery_dir().iterdir()
            if entry.name == f"{key}.yaml"
            or (entry.name.startswith(f"{key}.") and entry.name.endswith(".yaml"))
        ]
    except OSError:
        return []
    found = [recovery for recovery in map(_read, files) if recovery is not None]
    return sorted(found, key=lambda recovery: recovery.written, reverse=True)


def keep_for_later(recovery: Recovery) -> Recovery:
    """Set ``recovery`` aside, under a name of its own, so that the changes kept while the
    plan is edited now do not replace it; return it as it is then. Raises ``OSError``."""
    if recovery.file != recovery_file(recovery.plan):
        return recovery
    stamp = recovery.written.strftime("%Y%m%d-%H%M%S")
    aside = recovery.file.with_name(f"{recovery.file.stem}.{stamp}.yaml")
    os.replace(recovery.file, aside)
    return Recovery(aside, recovery.plan, recovery.written, recovery.text, recovery.process)


def remove_recovery(file: Path) -> None:
    """Remove a recovery file (one that is gone already is fine)."""
    with contextlib.suppress(FileNotFoundError):
        file.unlink()


def process_alive(process: int | None) -> bool:
    """Whether ``process`` (another planner's) is still running."""
    if process is None or process == os.getpid():
        return False
    try:
        os.kill(process, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True


def change_summary(current: str, recovered: str) -> tuple[int, int]:
    """Return how many lines ``recovered`` adds and removes against ``current``."""
    added = removed = 0
    for line in difflib.unified_diff(current.splitlines(), recovered.splitlines(), n=0):
        if line.startswith("+") and not line.startswith("+++"):
            added += 1
        elif line.startswith("-") and not line.startswith("---"):
            removed += 1
    return added, removed


def write_crash_report(text: str, *, now: datetime | None = None) -> Path:
    """Write the report of a crash (``text``: what happened, the traceback); return its file.

    Raises ``OSError`` when it cannot be written.
    """
    when = now or datetime.now()
    folder = _private_folder(state_dir())
    target = folder / f"crash-{when.strftime('%Y%m%d-%H%M%S-%f')}.txt"
    write_atomic(target, text)
    return target
