"""The planner's parsed styles kept between launches (``xcplan.tui.styles``)."""

from __future__ import annotations

import pickle
import threading
from pathlib import Path
from typing import Any

import pytest
import textual.css.stylesheet

from tests.tui.conftest import RETAIL, app_for
from xcplan.tui import styles

SIZE = (120, 40)


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A cache folder of this test's own (the results cache stays off, as in every test)."""
    root = tmp_path / "cache"
    monkeypatch.setenv("XCPLAN_CACHE_DIR", str(root))
    return root


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, ...]]:
    """Each source the stylesheet parses, as Textual keys what it parsed: (text, where it was
    read from, whether default styles, tie breaker, scope)."""
    sources: list[tuple[object, ...]] = []
    parse = textual.css.stylesheet.parse

    def counting(scope: str, css: str, read_from: Any, **kwargs: Any) -> Any:
        sources.append(
            (css, read_from, kwargs.get("is_default_rules"), kwargs.get("tie_breaker"), scope)
        )
        return parse(scope, css, read_from, **kwargs)

    monkeypatch.setattr(textual.css.stylesheet, "parse", counting)
    return sources


def kept_keys(cache: Path) -> set[object]:
    """The sources the kept file holds."""
    (file,) = kept_files(cache)
    return {key for key, _ in pickle.loads(file.read_bytes())}


def kept_files(cache: Path) -> list[Path]:
    return sorted((cache / f"styles-{styles.FORMAT}").glob("plan-*.pickle"))


async def first_screen(plan: Path = RETAIL) -> str:
    """Open the planner on ``plan`` until its first screen is drawn and its styles are kept;
    return the screen as an SVG."""
    app = app_for(plan)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # The styles are written by a thread of their own once the first frame is drawn.
        for _ in range(100):
            if app._styles_primed is None and not _writing():
                break
            await pilot.pause(0.02)
        return app.export_screenshot()


def _writing() -> bool:
    return any(thread.name == "keep styles" for thread in threading.enumerate())


def _app_tcss(sources: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    return [source for source in sources if "app.tcss" in str(source[1])]


async def test_the_next_launch_parses_none_of_the_styles_kept_and_looks_the_same(
    cache: Path, parsed: list[tuple[object, ...]]
) -> None:
    first = await first_screen()
    assert _app_tcss(parsed), "the first launch parsed the planner's stylesheet"
    kept = kept_keys(cache)
    # What the first screen needed; the tabs made after it parse their own styles then.
    assert set(parsed[: len(kept)]) == kept
    parsed.clear()
    second = await first_screen()
    assert not kept & set(parsed), "parsed again"
    assert not _app_tcss(parsed)
    assert second == first


async def test_a_damaged_file_is_parsed_past_and_written_again(
    cache: Path, parsed: list[tuple[object, ...]]
) -> None:
    first = await first_screen()
    (kept,) = kept_files(cache)
    kept.write_bytes(b"\x80\x05not a pickle")
    parsed.clear()
    second = await first_screen()
    assert _app_tcss(parsed), "a damaged file is not used"
    assert second == first
    parsed.clear()
    assert await first_screen() == first
    assert not _app_tcss(parsed), "the damaged file was written again"


async def test_a_file_of_other_things_is_not_used(
    cache: Path, parsed: list[tuple[object, ...]]
) -> None:
    """A pickle that holds no rule sets (another version's, or anything else) is not used."""
    first = await first_screen()
    (kept,) = kept_files(cache)
    # The very sources the first screen parses, each with something else than its rules.
    kept.write_bytes(pickle.dumps([(key, ["not a rule set"]) for key in kept_keys(cache)]))
    parsed.clear()
    assert await first_screen() == first
    assert _app_tcss(parsed)


async def test_the_results_cache_turned_off_still_keeps_the_styles(cache: Path) -> None:
    """``XCPLAN_NO_CACHE=1`` (set for every test) turns off the cache of results, not what
    is derived from the code alone."""
    await first_screen()
    assert kept_files(cache)


async def test_a_folder_that_cannot_be_written_only_means_parsing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, parsed: list[tuple[object, ...]]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder\n")
    monkeypatch.setenv("XCPLAN_CACHE_DIR", str(blocker / "cache"))
    first = await first_screen()
    parsed.clear()
    assert await first_screen() == first
    assert _app_tcss(parsed)


def test_the_file_is_keyed_by_the_theme_variables(cache: Path) -> None:
    from textual.app import App

    app = App()
    stylesheet = app.stylesheet
    before = styles.styles_file(stylesheet, "plan")
    assert before.parent == cache / f"styles-{styles.FORMAT}"
    assert styles.styles_file(stylesheet, "plan") == before
    variables = dict(stylesheet._variables)
    variables["primary"] = "#123456"
    stylesheet.set_variables(variables)
    assert styles.styles_file(stylesheet, "plan") != before


async def test_styles_of_a_text_since_edited_are_not_kept_again(cache: Path) -> None:
    """A kept entry whose text the planner no longer has (its stylesheet was edited) is not
    written again with what is parsed now."""
    await first_screen()
    (file,) = kept_files(cache)
    entries = pickle.loads(file.read_bytes())
    ((css, *rest), rules), *others = entries
    stale = (css + "\n/* edited since */\n", *rest)
    file.write_bytes(pickle.dumps([(stale, rules), *others]))
    await first_screen()
    kept = kept_keys(cache)
    assert stale not in kept
    assert (css, *rest) in kept, "the text as it is now is kept again"
