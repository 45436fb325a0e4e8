"""The problems the planner found in a file as it was loaded, kept in xcplan's cache.

Opening a plan lints all of it, which takes a while on a big plan. The planner keeps what its
first lint of a file found in the cache ``xcplan validate`` uses (``xcplan.io.cache``: the user's
cache folder, off with ``XCPLAN_NO_CACHE=1``), keyed the same way: the file's bytes, the config
and xcplan's own code. Opening the same bytes again shows those problems at once, while the
plan is linted again in the background. The entries are the planner's own kind: its diagnostics
are placed as in a plan being edited (no lines, every one with its ``loc``) and ordered as the
planner orders them, which ``validate``'s entries are not.

This module imports neither the lint rules nor the models' builders, so a hit is shown before
the rules are even imported.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from xcplan.io.cache import FIELDS, ResultCache, cache_dir
from xcplan.lint.diagnostics import Diagnostic, Loc, Severity
from xcplan.model.config import Config

PLANNER_FIELDS: Final = (*FIELDS, "loc")
"""What a planner entry keeps of each diagnostic."""


def _cache() -> ResultCache:
    return ResultCache(cache_dir(), kind="planner", fields=PLANNER_FIELDS)


def _key(cache: ResultCache, raw: bytes, config: Config) -> str:
    # The config as loaded, not its file's bytes: a config given in code has no file.
    return cache.key(raw, config.model_dump_json().encode("utf-8"))


def _loc(value: Any) -> Loc:
    if not isinstance(value, list) or not all(
        isinstance(part, str | int) and not isinstance(part, bool) for part in value
    ):
        raise ValueError("not a loc")
    return tuple(value)


def _entry(diagnostic: Diagnostic) -> dict[str, Any]:
    return {**diagnostic.as_dict(), "loc": list(diagnostic.loc)}


def stored_diagnostics(raw: bytes, config: Config, file: str) -> list[Diagnostic] | None:
    """Return the diagnostics the planner found in a file of these bytes under ``config``, as
    ``store_diagnostics`` kept them (with ``file`` as their file); None when none are kept, the
    entry is damaged, or the cache is off."""
    cache = _cache()
    if cache.root is None:
        return None
    entries = cache.get(_key(cache, raw, config))
    if entries is None:
        return None
    try:
        return [
            Diagnostic(
                code=str(entry["code"]),
                severity=Severity(entry["severity"]),
                message=str(entry["message"]),
                path=str(entry["path"]),
                line=int(entry["line"]),
                column=int(entry["column"]),
                file=file,
                loc=_loc(entry["loc"]),
            )
            for entry in entries
        ]
    except (TypeError, ValueError):
        return None


def store_diagnostics(
    raw: bytes,
    config: Config,
    diagnostics: Sequence[Diagnostic],
    kept: Sequence[Diagnostic] | None = None,
) -> None:
    """Keep the diagnostics of a file of these bytes under ``config``, unless they are those
    ``kept`` already (what ``stored_diagnostics`` gave). Never raises."""
    found = [_entry(d) for d in diagnostics]
    if kept is not None and found == [_entry(d) for d in kept]:
        return
    cache = _cache()
    if cache.root is not None:
        cache.put(_key(cache, raw, config), found)
