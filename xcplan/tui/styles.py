"""The planner's styles as Textual parsed them, kept between launches as Python keeps bytecode.

Before its first frame the planner's stylesheet parses ``app.tcss`` and the default styles of
every widget class on the plan screen: 28 sources, 265 rules, about 30 ms of the first screen
(the bare Textual app of the benchmark parses a third of that). Parsing is a pure function of
the text, where it was read from, and the theme's variables, which Textual substitutes as it
parses. So once the plan screen is drawn, ``keep`` writes what the stylesheet parsed to
xcplan's cache folder (``xcplan.io.cache.cache_root``), and ``prime`` gives it to the
stylesheet of the next launch: a source whose text is the same is not parsed again, and
unpickling them takes 4 to 10 ms.

The file is keyed by the theme's variables, the versions of Textual, Python and this format,
and the files of Textual's classes it holds; each entry by the text it was parsed from
(Textual's own key), so an edited stylesheet is parsed again and the file written again. It is
kept like the bytecode Python keeps in ``__pycache__``, and for the same reasons: it is derived
from xcplan's and Textual's code alone, never from a plan, so ``XCPLAN_NO_CACHE=1`` (which
turns off the cache of *results*, to check plans afresh) leaves it be; and it is a pickle,
which like bytecode runs as code when read, in the user's own cache folder. Any problem (no
cache folder, a damaged or stale file, a folder that cannot be written) means the styles are
parsed as they always are, never an error.

Textual 8.2.8 (pinned) keeps what it parsed in ``Stylesheet._parse_cache``, a private cache
this module fills and reads; ``tests/tui/test_styles.py`` proves a primed planner looks the
same as one that parsed everything itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import threading
from pathlib import Path
from typing import Any, Final

import textual.css.model
import textual.css.styles
import textual.css.types
from textual import __version__ as textual_version
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

from xcplan.io.atomic import write_atomic
from xcplan.io.cache import cache_root

FORMAT: Final = "1"


def styles_file(stylesheet: Stylesheet, screen: str) -> Path:
    """Return the file the styles parsed for ``screen`` (its kind: ``plan``) are kept in, under
    the stylesheet's variables."""
    digest = hashlib.sha256(f"{FORMAT}/{textual_version}/{sys.version_info[:2]}/{screen}".encode())
    # The classes pickled: a Textual edited in place (same version) makes other files.
    for module in (textual.css.model, textual.css.styles, textual.css.types):
        with contextlib.suppress(OSError, TypeError):
            stat = os.stat(module.__file__ or "")
            digest.update(f"{module.__name__}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    for name, value in sorted(stylesheet._variables.items()):
        digest.update(f"{name}={value};".encode())
    return cache_root() / f"styles-{FORMAT}" / f"{screen}-{digest.hexdigest()[:32]}.pickle"


def prime(stylesheet: Stylesheet, screen: str) -> frozenset[object]:
    """Fill ``stylesheet``'s parse cache with the styles kept for ``screen``; return the keys
    it was given (none when nothing is kept, or what is kept cannot be read)."""
    file = styles_file(stylesheet, screen)
    try:
        entries = pickle.loads(file.read_bytes())
        kept = [
            (key, rules)
            for key, rules in entries
            if isinstance(key, tuple)
            and isinstance(rules, list)
            and all(isinstance(rule, RuleSet) for rule in rules)
        ]
    except Exception:  # whatever a damaged or stale file raises: the styles are parsed
        return frozenset()
    cache = stylesheet._parse_cache
    for key, rules in kept:
        cache[key] = rules
    return frozenset(key for key, _ in kept)


def keep(stylesheet: Stylesheet, screen: str, primed: frozenset[object]) -> threading.Thread | None:
    """Keep what ``stylesheet`` has parsed for ``screen`` when it parsed anything it was not
    primed with; written in a thread of its own (returned), so the screen does not wait."""
    cache = stylesheet._parse_cache
    # Only what the stylesheet holds now: an entry primed for a text since edited is dropped.
    entries = [(key, cache[key]) for key in list(cache.keys()) if _current(stylesheet, key)]
    if not entries or {key for key, _ in entries} <= primed:
        return None
    file = styles_file(stylesheet, screen)
    thread = threading.Thread(target=_write, args=(file, entries), name="keep styles", daemon=True)
    thread.start()
    return thread


def _current(stylesheet: Stylesheet, key: Any) -> bool:
    """Whether the parse cache's ``key`` (text, where read from, ...) is of a source the
    stylesheet holds, with that text."""
    source = stylesheet.source.get(key[1]) if isinstance(key, tuple) and len(key) > 1 else None
    return source is not None and source.content == key[0]


def _write(file: Path, entries: list[tuple[Any, Any]]) -> None:
    with contextlib.suppress(Exception):
        data = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
        file.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(file, data)
