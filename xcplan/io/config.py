"""Finding and reading ``xcplan.toml`` (format, section 1 and 6).

Discovery works like ruff's: the plan's own folder, then each parent, stopping at the first folder
that holds an ``xcplan.toml`` or a ``.git``.
"""

from __future__ import annotations

import tomllib
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
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: the config is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None


@lru_cache(maxsize=32)
def _load_cached(path: Path, mtime_ns: int) -> Config:
    # Imported here: finding a config must not cost building the models (the result cache
    # of `validate` reads config bytes only).
    from pydantic import ValidationError

    from xcplan.model.config import Config

    table = read_config_table(path)

    try:
        return Config.model_validate(table)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        more = len(error.errors()) - 1
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise ConfigError(f"{path}: `{where}`: {first['msg']}{tail}") from None


def load_config(path: Path) -> Config:
    """Return the ``Config`` read from ``path``; raise ``ConfigError`` when it is unusable.

    Results are cached by path and modification time, so the TUI can ask on every lint.
    """
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the config: {error.strerror or error}") from None
    return _load_cached(path.resolve(), mtime)
