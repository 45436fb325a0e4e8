"""A cache of validation results, so checking an unchanged plan again is instant.

``xcplan validate`` is a pure function of the plan's bytes, the bytes of the ``xcplan.toml`` that
applies, and xcplan's own code. The cache keys a plan's diagnostics by a hash of all three, in
the user's cache folder (``$XCPLAN_CACHE_DIR``, else ``$XDG_CACHE_HOME/xcplan``, else
``~/.cache/xcplan``). A hit skips building the models, the template sandbox and the rules, which
is most of the time ``validate`` takes on a small plan.

``XCPLAN_NO_CACHE=1`` or ``validate --no-cache`` turns it off. Any problem with the cache (a
folder that cannot be written, a damaged entry) is a miss, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import xcplan
from xcplan.io.atomic import write_atomic

FORMAT: Final = "1"
MAX_ENTRIES: Final = 5000
"""Entries kept of each kind; the oldest beyond are removed now and then."""
FIELDS: Final = ("code", "severity", "message", "path", "line", "column")
"""What an entry of ``xcplan validate`` keeps of each diagnostic."""


def cache_dir() -> Path | None:
    """Return the cache folder, or None when caching is turned off."""
    if os.environ.get("XCPLAN_NO_CACHE", "").strip() not in ("", "0"):
        return None
    return cache_root()


def cache_root() -> Path:
    """Return the cache folder, also when the cache of results is turned off (for what is
    kept like bytecode: derived from xcplan's code alone, never from a plan)."""
    explicit = os.environ.get("XCPLAN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "xcplan"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Return a hash of xcplan's version and its source files (name, size, modification time).

    An edited checkout or an upgrade changes it, so results of older code are never reused.
    """
    digest = hashlib.sha256(f"{xcplan.__version__}/{FORMAT}".encode())
    package = Path(xcplan.__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        with contextlib.suppress(OSError):
            stat = path.stat()
            digest.update(
                f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns};".encode()
            )
    return digest.hexdigest()


class ResultCache:
    """Diagnostics by plan and config bytes; a no-op when ``root`` is None.

    ``kind`` names the folder of one kind of entry (``results``: what ``xcplan validate``
    prints), and ``fields`` the keys each stored diagnostic has.
    """

    def __init__(
        self, root: Path | None, *, kind: str = "results", fields: tuple[str, ...] = FIELDS
    ) -> None:
        self.root = root / f"{kind}-{FORMAT}" if root is not None else None
        self.fields = fields

    def key(self, plan: bytes, config: bytes | None) -> str:
        """Return the cache key of a plan checked under a config (None: no config)."""
        digest = hashlib.sha256(code_fingerprint().encode())
        digest.update(b"config:" + (config if config is not None else b"<none>") + b"\0")
        digest.update(plan)
        return digest.hexdigest()

    def _path(self, key: str) -> Path | None:
        return None if self.root is None else self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> list[dict[str, Any]] | None:
        """Return the diagnostics stored under ``key`` (as dicts), or None on a miss."""
        path = self._path(key)
        if path is None:
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, list) or not all(
            isinstance(item, dict) and all(name in item for name in self.fields) for item in data
        ):
            return None
        return data

    def put(self, key: str, diagnostics: list[dict[str, Any]]) -> None:
        """Store diagnostics (dicts with the ``fields``) under ``key``; never raises."""
        path = self._path(key)
        if path is None:
            return
        entries = [{name: item[name] for name in self.fields} for item in diagnostics]
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, json.dumps(entries, ensure_ascii=False))
        except OSError:
            return
        if random.random() < 1 / 64:
            self.prune()

    def prune(self) -> None:
        """Remove the oldest entries beyond ``MAX_ENTRIES``."""
        if self.root is None:
            return
        with contextlib.suppress(OSError):
            entries = sorted(self.root.glob("*/*.json"), key=lambda p: p.stat().st_mtime)
            for path in entries[: max(0, len(entries) - MAX_ENTRIES)]:
                path.unlink(missing_ok=True)
