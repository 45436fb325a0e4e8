"""Finding and reading ``xcplan.toml`` (format, section 1 and 6).

Discovery works like ruff's: the plan's own folder, then each parent, stopping at the first folder
that holds an ``xcplan.toml`` or a ``.git``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Final

from xcplan.errors import ConfigError

if TYPE_CHECKING:
    from xcplan.model.config import Config

CONFIG_NAME: Final = "xcplan.toml"


def find_config(start: Path) -> Path | None:
    """Return the ``xcplan.toml`` that applies to files in ``start`` (a folder or a file)."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        config = candidate / CONFIG_NAME
        if config.is_file():
            return config
        if (candidate / ".git").exists():
            return None
    return None


def read_config_table(path: Path) -> dict[str, object]:
    """Return the TOML table of a config file; raise ``ConfigError`` with one clear line."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the config: {error.strerror or error}") from None
    return _table(raw, path)


def _table(raw: bytes, path: Path) -> dict[str, object]:
    import tomllib  # here: the planner takes its config from its second process, unread

    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: the config is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None


def _validated(table: dict[str, object], path: Path) -> Config:
    # Imported here: finding a config must not cost building the models (the result cache
    # of `validate` reads config bytes only).
    from pydantic import ValidationError

    from xcplan.model.config import Config

    try:
        return Config.model_validate(table)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        more = len(error.errors()) - 1
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise ConfigError(f"{path}: `{where}`: {first['msg']}{tail}") from None


def parse_config(raw: bytes, path: Path) -> Config:
    """Return the config in ``raw``, the bytes of ``path``; raise ``ConfigError`` (one line)
    when they are not a config.

    For a caller that compares the bytes it parsed with the file later (``load_config``
    caches by modification time, which two quick writes can share).
    """
    return _validated(_table(raw, path), path)


@lru_cache(maxsize=32)
def _load_cached(path: Path, mtime_ns: int) -> Config:
    return _validated(read_config_table(path), path)


def load_config(path: Path) -> Config:
    """Return the ``Config`` read from ``path``; raise ``ConfigError`` when it is unusable.

    Results are cached by path and modification time, so the TUI can ask on every lint.
    """
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the config: {error.strerror or error}") from None
    return _load_cached(path.resolve(), mtime)


def config_table(config: Config) -> dict[str, object]:
    """Return a config as the TOML table ``save_config`` writes.

    The brand voice is written in full (every setting explicit, so a writer sees them all);
    channel limits, lint settings and prices only where they are set (an empty ``[costs]``
    stays: it turns the cost rules on).
    """
    table: dict[str, object] = {}
    if config.brand is not None:
        brand = config.brand.model_dump(exclude_none=True)
        brand["locales"] = {
            tag: {key: value for key, value in lists.items() if value}
            for tag, lists in brand["locales"].items()
        }
        if not brand["locales"]:
            del brand["locales"]
        table["brand"] = brand
    channels = {
        kind: settings.model_dump(exclude_none=True)
        for kind, settings in config.channels.items()
        if settings.model_dump(exclude_none=True)
    }
    if channels:
        table["channels"] = channels
    lint = config.lint.model_dump()
    table["lint"] = {key: value for key, value in lint.items() if value}
    if config.costs is not None:
        costs = config.costs.model_dump(exclude_none=True)
        locales = {tag: prices for tag, prices in costs.pop("locales").items() if prices}
        table["costs"] = {**costs, "locales": locales} if locales else costs
    return table


def save_config(
    path: Path, config: Config, *, header: str = "", replace_read_only: bool = False
) -> None:
    """Write ``config`` to ``path`` as TOML (tomli-w), atomically; ``header`` goes first.

    Comments of the file that was there are not kept. A read-only file is replaced only with
    ``replace_read_only``, else ``ReadOnlyError``. Raises ``OSError`` when the file cannot be
    written; the old file is then untouched.
    """
    import tomli_w

    from xcplan.io.atomic import write_atomic

    write_atomic(
        path, header + tomli_w.dumps(config_table(config)), replace_read_only=replace_read_only
    )
    _load_cached.cache_clear()
