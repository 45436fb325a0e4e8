"""Pausing Python's cycle collector while much data without cycles is built.

Reading a big plan or linting all of it makes hundreds of thousands of containers, none in a
reference cycle: the collector finds nothing to free, yet runs every few hundred of them, and
its full passes walk every object of the program (the planner's whole screen included). Paused,
a 2,700-variant plan parses and lints about a tenth faster.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the block; it runs again after, unless it was off before.

    The collector is one for the whole process: a block in another thread may leave it running
    before this one ends, which costs time, never memory or correctness.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


class _Start:
    paused = False


def pause_for_start() -> None:
    """Pause the collector while the program starts: call it before the big imports.

    Starting the planner imports Textual, pydantic and the planner and builds the first
    screen: about a hundred thousand objects that live as long as the program. The collector
    walked them about 250 times before the first screen (60 ms of a 700 ms start), and found
    nothing to free.
    """
    if gc.isenabled():
        gc.disable()
        _Start.paused = True


def resume_after_start() -> None:
    """Let the collector run again after ``pause_for_start`` (else do nothing), with what was
    made until now frozen: kept out of its passes, which then walk what the program makes
    from now on (a full pass while typing no longer walks every module and class)."""
    if _Start.paused:
        _Start.paused = False
        gc.freeze()
        gc.enable()


def freeze_opened() -> None:
    """Freeze what the program made since it started, as ``resume_after_start`` did: call it
    once a plan is open whole (its lint report shown, its tabs made). Only in a program that
    froze what it made (at its start): not in an app a test runs.

    A big plan's models, its report and its tabs outlive everything typed after; unfrozen, each
    full pass of the collector walked them all while the user typed (on the 2,700-variant plan
    70 to 170 ms, growing, every few seconds of typing). Frozen objects are still freed when no
    longer referenced; only a reference cycle among them, dropped later, is not collected.
    """
    if gc.get_freeze_count():
        gc.freeze()
