"""``xcplan diff``: the semantic diff of two versions of a plan, for review.

Four ways in, one comparison:

- ``xcplan diff OLD NEW``: two files;
- ``xcplan diff PLAN --rev REV``: the plan as it was at a git revision (``git show REV:./PLAN``,
  run in the plan's folder) against the work tree;
- as git's external diff driver (``diff.xcplan.command = xcplan diff``): git gives seven
  arguments, ``path old-file old-hex old-mode new-file new-hex new-mode`` (nine for a rename);
- ``xcplan diff --textconv PLAN`` (``diff.xcplan.textconv``): one plan as text, for git's own
  line diff.

Both plans are read with one config: ``--config``, else the ``xcplan.toml`` that applies to the
new plan (for a driver, to the path git names), so the findings that move are the plan's doing.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from enum import StrEnum
from pathlib import Path
from typing import Final

from xcplan.cli.files import ConfigResolver, read_input
from xcplan.cli.output import Printer
from xcplan.diff.compare import diff_plans
from xcplan.diff.formats import to_json, to_markdown, to_text
from xcplan.diff.load import PlanNotLoaded, load_plan
from xcplan.diff.outline import outline, raw_outline
from xcplan.diff.visible import visible
from xcplan.errors import ExitCode, InputError
from xcplan.model.config import Config

NULL_FILE: Final = "/dev/null"
"""What git passes for the missing side of an added or deleted file."""
GIT_TIMEOUT: Final = 60


class DiffFormat(StrEnum):
    """How ``diff`` prints the comparison."""

    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"


USAGE: Final = (
    "diff takes OLD NEW (two plan files), PLAN --rev REV, --textconv PLAN, or the seven "
    "arguments git gives a diff driver"
)


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    git = shutil.which("git")
    if git is None:
        raise InputError("git is not installed; `xcplan diff --rev` needs it")
    try:
        return subprocess.run(
            [git, "-C", str(folder), *args],
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise InputError(f"git failed: {error}") from None


def at_revision(path: Path, rev: str) -> bytes:
    """Return the bytes of ``path`` as it was at git revision ``rev``.

    Raises ``InputError`` (one line) when the path is not in a git work tree, the revision is
    unknown, or the file is not in that revision.
    """
    folder = path.resolve().parent
    if _git(folder, "rev-parse", "--show-toplevel").returncode != 0:
        raise InputError(f"{path}: not in a git repository, so there is no revision to compare")
    commit = _git(
        folder, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"
    )
    if commit.returncode != 0:
        raise InputError(f"unknown revision `{visible(rev)}` in the repository of {path}")
    sha = commit.stdout.decode("ascii", "replace").strip()
    shown = _git(folder, "show", "--no-textconv", f"{sha}:./{path.resolve().name}")
    if shown.returncode != 0:
        raise InputError(f"{path}: not in revision `{visible(rev)}`")
    return shown.stdout


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _render(
    names: tuple[str, str], old: bytes, new: bytes, config: Config, fmt: DiffFormat
) -> bool:
    """Compare and print; return whether the plans differ. Raises ``PlanNotLoaded``."""
    old_name, new_name = names
    old_plan = load_plan(old, old_name)
    # The same bytes are the same plan: read once.
    new_plan = old_plan if new == old else load_plan(new, new_name)
    diff = diff_plans(old_plan, new_plan, config, old_name=old_name, new_name=new_name)
    if fmt is DiffFormat.JSON:
        _write(to_json(diff))
    elif fmt is DiffFormat.MARKDOWN:
        _write(to_markdown(diff))
    else:
        out = Printer(sys.stdout)
        out.write(to_text(diff, out.style))
        sys.stdout.flush()
    return not diff.same


def _driver(args: list[str], fmt: DiffFormat, resolver: ConfigResolver) -> int:
    """Run as git's external diff driver: always exit 0 unless a file cannot be read.

    Git stops the whole ``git diff`` when a driver fails, so a version that is not a plan is
    said in one line and shown as a line diff instead.
    """
    path, old_file, new_file = args[0], args[1], args[4]
    new_path = args[7] if len(args) == 9 else path
    old_name, new_name = f"a/{path}", f"b/{new_path}"
    if old_file == NULL_FILE or new_file == NULL_FILE:
        what = "new plan" if old_file == NULL_FILE else "deleted plan"
        _write(f"xcplan diff {visible(old_name)} → {visible(new_name)}: {what}\n")
        return ExitCode.OK
    old, new = read_input(Path(old_file)), read_input(Path(new_file))
    try:
        _render((old_name, new_name), old, new, resolver.config_for(Path(new_path)), fmt)
    except PlanNotLoaded as error:
        _write(f"xcplan diff {visible(old_name)} → {visible(new_name)}: {visible(str(error))}\n")
        _write(_line_diff(old, new, old_name, new_name))
    return ExitCode.OK


def _line_diff(old: bytes, new: bytes, old_name: str, new_name: str) -> str:
    def lines(raw: bytes) -> list[str]:
        text = raw.decode("utf-8", "replace").replace("\r\n", "\n")
        return [visible(line) + "\n" for line in text.split("\n")]

    return "".join(difflib.unified_diff(lines(old), lines(new), fromfile=old_name, tofile=new_name))


def run(
    args: list[str],
    rev: str | None,
    fmt: DiffFormat,
    config: Path | None,
    *,
    textconv: bool = False,
) -> int:
    """Run ``xcplan diff``; return 0 when the plans mean the same, 1 when they differ.

    Usage problems, unreadable files and plans that do not load raise ``InputError`` (exit 2),
    except in the git driver and ``--textconv``, which never stop git.
    """
    resolver = ConfigResolver(config)
    if textconv:
        if len(args) != 1 or rev is not None:
            raise InputError("--textconv takes one plan file")
        path = Path(args[0])
        raw = read_input(path)
        try:
            plan = load_plan(raw, str(path))
        except PlanNotLoaded:
            _write(raw_outline(raw, "this file does not load as a plan"))
            return ExitCode.OK
        _write(outline(plan, resolver.config_for(path)))
        return ExitCode.OK
    if rev is not None:
        if len(args) != 1:
            raise InputError("--rev takes one plan file: the work tree's, compared with REV")
        path = Path(args[0])
        new = read_input(path)
        old = at_revision(path, rev)
        settings = resolver.config_for(path)
        differ = _render((f"{path}@{rev}", str(path)), old, new, settings, fmt)
        return ExitCode.FINDINGS if differ else ExitCode.OK
    if len(args) == 2:
        old_path, new_path = Path(args[0]), Path(args[1])
        old, new = read_input(old_path), read_input(new_path)
        settings = resolver.config_for(new_path)
        differ = _render((str(old_path), str(new_path)), old, new, settings, fmt)
        return ExitCode.FINDINGS if differ else ExitCode.OK
    if len(args) in (7, 9):
        return _driver(args, fmt, resolver)
    if len(args) == 1 and os.environ.get("GIT_DIFF_PATH_COUNTER"):
        # Git calls an external diff with the path alone for an unmerged file.
        _write(f"xcplan diff {visible(args[0])}: unmerged\n")
        return ExitCode.OK
    raise InputError(USAGE)
