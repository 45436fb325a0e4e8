"""The cycle collector is paused for a block, and runs again after it."""

from __future__ import annotations

import gc

import pytest

from xcplan.collect import collector_paused
from xcplan.io.yaml_source import parse


def test_paused_in_the_block_and_on_again_after() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_on_again_after_an_error() -> None:
    with pytest.raises(ValueError, match="boom"), collector_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_left_off_when_it_was_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_parsing_leaves_it_on() -> None:
    assert parse("a: [1, 2]\nb: {c: d}\n").data == {"a": [1, 2], "b": {"c": "d"}}
    assert parse("a: [unclosed\n").problems
    assert gc.isenabled()


def test_paused_for_the_start_and_frozen_after() -> None:
    from xcplan import collect

    assert gc.isenabled()
    try:
        collect.pause_for_start()
        assert not gc.isenabled()
        kept = [[]]  # made during the start: frozen with the rest
        collect.resume_after_start()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
        # The collector's passes no longer walk it.
        assert all(obj is not kept for obj in gc.get_objects())
        collect.resume_after_start()  # once is all
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


def test_what_is_made_once_a_plan_is_open_is_frozen_too() -> None:
    from xcplan import collect

    try:
        collect.pause_for_start()
        collect.resume_after_start()
        opened = [[]]  # made after the start: a plan, its report, its tabs
        assert any(obj is opened for obj in gc.get_objects())
        collect.freeze_opened()
        assert all(obj is not opened for obj in gc.get_objects())
    finally:
        gc.unfreeze()
        gc.enable()


def test_nothing_is_frozen_once_a_plan_is_open_where_the_start_froze_nothing() -> None:
    from xcplan import collect

    assert gc.get_freeze_count() == 0  # as in an app a test runs
    made = [[]]
    collect.freeze_opened()
    assert gc.get_freeze_count() == 0
    assert any(obj is made for obj in gc.get_objects())


def test_resuming_without_a_pause_does_nothing() -> None:
    from xcplan import collect

    frozen = gc.get_freeze_count()
    collect.resume_after_start()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen


def test_a_collector_off_before_the_start_stays_off() -> None:
    from xcplan import collect

    gc.disable()
    try:
        collect.pause_for_start()
        collect.resume_after_start()
        assert not gc.isenabled()
    finally:
        gc.enable()
