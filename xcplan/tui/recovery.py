"""Unsaved changes kept while a plan is edited, offered back when it is opened again.

``RecoveryKeeper`` writes the canonical text of the plan being edited to its recovery file
(``xcplan.edit.recovery``) a few seconds after a change, in a worker thread, never on a
keystroke itself; it removes the file once the plan is saved, or its changes are discarded or
undone. ``write_now`` keeps the changes at once: the app calls it when it crashes and when it is
told to stop (SIGTERM, or SIGHUP when the terminal is closed). ``offer_recoveries`` asks, when
a plan is opened, what to do with the changes kept for it: recover, discard, or decide later.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Final

from textual.timer import Timer
from textual.widget import Widget

from xcplan.edit.change import Edit
from xcplan.edit.document import Document
from xcplan.edit.recovery import (
    Recovery,
    change_summary,
    find_recoveries,
    keep_for_later,
    process_alive,
    recovery_file,
    remove_recovery,
    write_recovery,
)
from xcplan.io.load import load_plan
from xcplan.model.plan import Plan

if TYPE_CHECKING:
    from xcplan.tui.dialogs.question import QuestionDialog

RECOVERY_DELAY: Final = 2.0
"""Seconds after a change before the unsaved plan is kept for recovery."""


class RecoveryKeeper:
    """Keeps the unsaved changes of ``document`` for recovery, for the widget ``owner`` (the
    plan screen: its timers and workers)."""

    def __init__(self, document: Document, owner: Widget) -> None:
        self.document = document
        self.owner = owner
        self.file = recovery_file(document.path)
        """The recovery file of the plan."""
        self.kept = False
        """Whether the recovery file holds the changes (as of the last write)."""
        self._timer: Timer | None = None
        self._failed = False

    def changed(self) -> None:
        """The plan changed: keep it for recovery in a few seconds (once for many changes)."""
        if self._timer is None:
            self._timer = self.owner.set_timer(RECOVERY_DELAY, self._due)

    def _due(self) -> None:
        self._timer = None
        document = self.document
        if not document.dirty:
            self.forget()
            return
        self.owner.run_worker(
            partial(self._write, document.plan),
            name="recovery",
            # Not Textual's default, the repr of the work: a big plan's took 110 ms.
            description="keep the plan for recovery",
            group="recovery",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    def _write(self, plan: Plan) -> None:
        """Write ``plan`` to the recovery file (in a worker thread)."""
        try:
            write_recovery(self.document.path, self.document.canonical_text(plan))
        except OSError as error:
            self.owner.app.call_from_thread(self._not_kept, error)
            return
        self.owner.app.call_from_thread(self._written)

    def _written(self) -> None:
        self.kept = True
        if not self.document.dirty:
            self.forget()  # saved while it was written

    def _not_kept(self, error: OSError) -> None:
        if self._failed:
            return
        self._failed = True
        self.owner.notify(
            f"Unsaved changes cannot be kept for recovery in {self.file.parent}: "
            f"{error.strerror or error}. Save often.",
            title="No recovery file",
            severity="warning",
        )

    def write_now(self) -> Path | None:
        """Keep the unsaved changes at once; return the recovery file, or None when there are
        none (or they could not be written)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self.document.dirty:
            return None
        try:
            written = write_recovery(self.document.path, self.document.canonical_text())
        except Exception:  # a crash is being handled: keep what can be kept
            return None
        self.kept = True
        return written

    def moved(self) -> None:
        """The plan was saved as another file: its changes are kept under that file's name."""
        self.forget()
        self.file = recovery_file(self.document.path)

    def forget(self) -> None:
        """The changes were saved or discarded: remove the recovery file."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        try:
            remove_recovery(self.file)
        except OSError:
            return
        self.kept = False


def _recovered(plan: Plan, label: str, _: Plan) -> Edit[None]:
    return Edit(plan, label, None)


def when(moment: datetime) -> str:
    """Return a time for people: ``10:42`` today, ``1 Apr 10:42`` another day."""
    local = moment.astimezone()
    if local.date() == datetime.now().astimezone().date():
        return local.strftime("%H:%M")
    return f"{local.day} {local.strftime('%b %Y %H:%M')}"


def _question(recovery: Recovery, document: Document, plan: Plan | None) -> QuestionDialog:
    from xcplan.tui.dialogs.question import Choice, QuestionDialog  # once there is one to ask

    name = document.path.name
    lines = [f"xcplan stopped before the changes made to {name} at {when(recovery.written)} "
             "were saved."]  # fmt: skip
    if plan is None:
        lines.append("They do not load as a plan any more; the file holds them as text.")
        lines.append(f"Discard deletes {recovery.file}; Decide later keeps it.")
        return QuestionDialog(
            f"Unsaved changes from {when(recovery.written)} do not load",
            lines,
            [Choice("discard", "Discard", "error"), Choice("later", "Decide later")],
        )
    if document.path.exists():
        added, removed = change_summary(document.canonical_text(), recovery.text)
        lines.append(
            f"Against {name} as it is now: {added} line{'s' if added != 1 else ''} added, "
            f"{removed} removed."
        )
    else:
        lines.append(f"{name} is not on disk: recovering starts it with them.")
    if process_alive(recovery.process):
        lines.append(
            f"The planner that kept them (process {recovery.process}) may still be running: "
            "recover only if it is not."
        )
    lines.append(
        "Recover shows them as unsaved changes (ctrl+z goes back to the file), Discard "
        "deletes them, Decide later keeps them for the next time the plan is opened."
    )
    return QuestionDialog(
        f"Recover unsaved changes from {when(recovery.written)}?",
        lines,
        [
            Choice("recover", "Recover", "primary"),
            Choice("discard", "Discard", "error"),
            Choice("later", "Decide later"),
        ],
        tone="info",
    )


async def offer_recoveries(owner: Widget, document: Document, keeper: RecoveryKeeper) -> bool:
    """Ask what to do with each set of unsaved changes kept for ``document``'s plan (the
    newest first); return whether the plan now holds recovered changes."""
    recovered = False
    for recovery in find_recoveries(document.path):
        if recovery.text == document.canonical_text():
            remove_recovery(recovery.file)  # nothing that is not in the file already
            continue
        loaded = load_plan(recovery.text.encode("utf-8"))
        plan = loaded.plan
        answer = await owner.app.push_screen_wait(_question(recovery, document, plan))
        if answer == "recover" and plan is not None:
            label = f"Recover the changes from {when(recovery.written)}"
            document.apply(partial(_recovered, plan, label))
            recovered = True
            keeper.write_now()  # the recovered changes are kept again before the old file goes
            if recovery.file != keeper.file:
                remove_recovery(recovery.file)
        elif answer == "discard":
            remove_recovery(recovery.file)
        else:
            try:
                keep_for_later(recovery)
            except OSError as error:
                owner.notify(
                    f"{recovery.file}: {error.strerror or error}",
                    title="Not kept",
                    severity="error",
                )
    return recovered
