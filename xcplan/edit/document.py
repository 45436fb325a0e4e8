"""The plan being edited: the current plan, its file, undo and redo, and saving.

``Document`` holds one plan open for editing. The edits themselves are pure functions of a plan
(``xcplan.edit.campaign``, ``personas``, ``journey``, ``touchpoints``); ``Document.apply`` runs
one on the current plan and keeps the plan before it for undo. Plans are values, so keeping
them costs nothing, and undoing back to the plan last saved makes the document clean again.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Concatenate, Final, ParamSpec, TypeVar

from xcplan.edit import ahead
from xcplan.edit.change import Edit
from xcplan.io.atomic import write_atomic
from xcplan.io.canonical import KeptText, dump_plan
from xcplan.io.load import load_plan
from xcplan.io.yaml_source import decode
from xcplan.lint.diagnostics import Diagnostic
from xcplan.model.config import Config
from xcplan.model.plan import Plan

P = ParamSpec("P")
R = TypeVar("R")

UNDO_LIMIT: Final = 1000
"""How many edits undo remembers."""


def comment_lines(text: str) -> list[int]:
    """Return the line numbers (1-based) that hold a YAML comment in ``text``.

    A ``#`` is a comment when no YAML token covers it: the ones inside quoted scalars, block
    scalars (``|``) and plain scalars such as ``x#y`` are text. Returns an empty list for text
    that does not scan as YAML.
    """
    if "#" not in text:
        return []
    import yaml  # here: a plan with no comment, and the first screen, need no YAML library

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    spans: list[tuple[int, int]] = []
    try:
        for token in yaml.scan(text, Loader=loader):
            start, end = token.start_mark.index, token.end_mark.index
            if end > start:
                spans.append((start, end))
    except yaml.YAMLError:
        return []
    starts = [start for start, _ in spans]
    lines: list[int] = []
    index = text.find("#")
    while index != -1:
        position = bisect.bisect_right(starts, index) - 1
        if position >= 0 and spans[position][0] <= index < spans[position][1]:
            index = text.find("#", index + 1)
            continue
        lines.append(text.count("\n", 0, index) + 1)
        newline = text.find("\n", index)
        index = -1 if newline == -1 else text.find("#", newline)
    return lines


@dataclass(frozen=True, slots=True)
class LoadFailure:
    """A plan file that did not load: why, and its diagnostics (for a read-only view)."""

    path: Path
    reason: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    text: str | None = None


@dataclass(frozen=True, slots=True)
class _Step:
    plan: Plan
    label: str


class Document:
    """One plan open for editing.

    ``plan`` is the current plan; ``apply`` replaces it with the plan an edit makes and
    remembers the old one for ``undo``. ``dirty`` tells whether it differs from what is on disk
    (by identity with the plan last loaded or saved).
    """

    def __init__(
        self,
        plan: Plan,
        path: Path,
        *,
        config: Config | None = None,
        config_path: Path | None = None,
        loaded: bytes | None = None,
    ) -> None:
        self.path = path
        self.config = config if config is not None else Config()
        self.config_path = config_path
        """The ``xcplan.toml`` that ``config`` was read from; None for the built-in defaults."""
        self._plan = plan
        self._saved: Plan | None = plan if loaded is not None else None
        self._loaded = loaded
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []
        self._coalesce: str | None = None
        self._comments: list[int] | None = None if loaded is not None else []
        self.revision = 0
        """Grows by one with every change of ``plan``, undo and redo included."""
        self._text = KeptText()
        """The touchpoints' canonical lines written last (for saves and recovery)."""

    # -- loading and saving ---------------------------------------------------------------

    @classmethod
    def open(
        cls, path: Path, config: Config | None = None, config_path: Path | None = None
    ) -> Document | LoadFailure:
        """Read and load the plan at ``path``; return the document, or why it did not load.

        A plan that loads is not linted here: the editor lints it in the background, so a big
        plan opens without waiting for every rule. When a second process has read the file
        already (``xcplan.edit.ahead``), its data is used. A file that does not load is checked
        in full, for the read-only list of its problems.
        """
        try:
            raw = path.read_bytes()
        except OSError as error:
            return LoadFailure(path, f"cannot read {path}: {error.strerror or error}")
        early = ahead.plan(path, raw)
        if early is not None:
            return cls(early, path, config=config, config_path=config_path, loaded=raw)
        loaded = load_plan(raw)
        if loaded.plan is not None:
            return cls(loaded.plan, path, config=config, config_path=config_path, loaded=raw)
        # Only a file that does not load needs the rules (and their imports) here.
        from xcplan.lint.engine import check_loaded

        result = check_loaded(loaded, str(path), config)
        errors = result.errors
        reason = (
            f"{path} does not load: {errors} error{'s' if errors != 1 else ''} "
            "must be fixed in the file first"
        )
        return LoadFailure(path, reason, result.diagnostics, result.text)

    @property
    def plan(self) -> Plan:
        """The current plan."""
        return self._plan

    @property
    def dirty(self) -> bool:
        """Whether the plan has changes that are not saved."""
        return self._plan is not self._saved

    @property
    def loaded_bytes(self) -> bytes | None:
        """The bytes of the file as loaded or last saved, while the plan is the one they hold;
        None once it has changes, and for a new plan."""
        return self._loaded if not self.dirty else None

    @property
    def as_loaded(self) -> tuple[Plan, bytes] | None:
        """The plan as loaded or last saved, and its file's bytes; None for a new plan."""
        if self._saved is None or self._loaded is None:
            return None
        return self._saved, self._loaded

    @property
    def is_new(self) -> bool:
        """Whether the plan has never been saved to its file."""
        return self._loaded is None

    def canonical_text(self, plan: Plan | None = None) -> str:
        """Return the text a save writes: the canonical form of the plan (of ``plan``, a plan
        this document held: the one being kept for recovery). Any thread may call it."""
        return dump_plan(self._plan if plan is None else plan, kept=self._text)

    def changed_on_disk(self) -> bool:
        """Whether the file differs from what was loaded or last saved (a `git pull`, an editor).

        A new plan's file that has appeared since counts as changed; so does a file deleted
        since it was loaded. A file that cannot be read does not: saving will say why it fails.
        """
        try:
            current = self.path.read_bytes()
        except FileNotFoundError:
            return self._loaded is not None
        except OSError:
            return False
        return current != self._loaded

    def comment_lines(self) -> list[int]:
        """Return the lines of the loaded file with YAML comments, which a save would drop.

        Empty once the plan has been saved (the file is then canonical) and for new plans.
        """
        if self._comments is None:
            text = None
            if self._loaded is not None:
                text, _ = decode(self._loaded)
            self._comments = comment_lines(text) if text is not None else []
        return self._comments

    def save(self, *, replace_read_only: bool = False) -> str:
        """Write the canonical text atomically; return it.

        The file keeps what it was (a symlink, its mode and owner: ``xcplan.io.atomic``). A
        read-only file is replaced only with ``replace_read_only`` (and stays read-only), else
        ``ReadOnlyError``; other failures raise ``OSError``. The file is unchanged then.
        """
        text = self.canonical_text()
        write_atomic(self.path, text, replace_read_only=replace_read_only)
        return self._saved_as(text)

    def save_as(self, path: Path) -> str:
        """Write the canonical text to ``path`` and edit that file from now on; return the
        text. Raises ``OSError`` on failure (the document is unchanged then)."""
        text = self.canonical_text()
        write_atomic(path, text)
        self.path = path
        return self._saved_as(text)

    def _saved_as(self, text: str) -> str:
        self._loaded = text.encode("utf-8")
        self._saved = self._plan
        self._comments = []
        self._coalesce = None
        return text

    # -- editing, undo and redo -----------------------------------------------------------

    def apply(self, edit: Callable[[Plan], Edit[R]], *, coalesce: str | None = None) -> R:
        """Run ``edit`` on the current plan, keep the plan it makes, and return its result.

        Successive edits with the same ``coalesce`` key make one undo step (the writer typing
        in one field). An edit that changes nothing leaves the document as it is. Raises what
        the edit raises (``EditError`` for a refused edit); the plan is unchanged then.
        """
        done = edit(self._plan)
        if done.changed(self._plan):
            self._commit(done.plan, done.label, coalesce)
        return done.result

    def edit(
        self, function: Callable[Concatenate[Plan, P], Edit[R]], *args: P.args, **kwargs: P.kwargs
    ) -> R:
        """Apply ``function(plan, *args, **kwargs)`` as its own undo step; see ``apply``."""
        return self.apply(lambda plan: function(plan, *args, **kwargs))

    @property
    def can_undo(self) -> bool:
        """Whether there is an edit to undo."""
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        """Whether there is an undone edit to redo."""
        return bool(self._redo)

    def undo(self) -> str | None:
        """Undo the last edit; return its label, or None when there is nothing to undo."""
        if not self._undo:
            return None
        step = self._undo.pop()
        self._redo.append(_Step(self._plan, step.label))
        self._set(step.plan)
        return step.label

    def redo(self) -> str | None:
        """Redo the last undone edit; return its label, or None when there is nothing to redo."""
        if not self._redo:
            return None
        step = self._redo.pop()
        self._undo.append(_Step(self._plan, step.label))
        self._set(step.plan)
        return step.label

    def _set(self, plan: Plan) -> None:
        self._plan = plan
        self._coalesce = None
        self.revision += 1

    def _commit(self, plan: Plan, label: str, coalesce: str | None) -> None:
        if coalesce is None or coalesce != self._coalesce or not self._undo:
            self._undo.append(_Step(self._plan, label))
            del self._undo[:-UNDO_LIMIT]
        self._redo.clear()
        self._plan = plan
        self._coalesce = coalesce
        self.revision += 1
