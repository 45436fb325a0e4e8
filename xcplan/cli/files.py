"""Finding plan files from the paths given on the command line, and their configs."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from xcplan.errors import InputError, OutputError
from xcplan.io.atomic import ReadOnlyError, write_atomic
from xcplan.io.config import find_config, load_config
from xcplan.io.discovery import looks_like_plan, walk_yaml
from xcplan.io.limits import MAX_BYTES

if TYPE_CHECKING:
    from xcplan.model.config import Config


def read_input(path: Path) -> bytes:
    """Return a file's bytes; raise ``InputError`` with one line when it cannot be read.

    Only regular files are read: a FIFO would wait for a writer and a device such as
    ``/dev/zero`` never ends, so both are refused. A file over the 5 MiB limit is not read
    whole: its first ``MAX_BYTES + 1`` bytes are enough to report XC006.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path}: is a folder")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path}: not a regular file (a pipe, socket or device); not read")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from None
    finally:
        os.close(fd)


def plan_files(paths: list[Path], *, plans_only: bool = False) -> Iterator[tuple[Path, bytes]]:
    """Yield each plan file named or found below the given paths, with its bytes.

    Files named directly are yielded (with ``plans_only``, only when they have a top-level
    ``xcplan:`` key, as pre-commit passes every YAML file); in folders, only ``*.yaml`` and
    ``*.yml`` files with a top-level ``xcplan:`` key. Raises ``InputError`` for a path that does
    not exist.
    """
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            for found in walk_yaml(path):
                resolved = found.resolve()
                if resolved in seen:
                    continue
                raw = read_input(found)
                if looks_like_plan(raw):
                    seen.add(resolved)
                    yield found, raw
        else:
            resolved = path.resolve()
            if resolved not in seen:
                seen.add(resolved)
                raw = read_input(path)
                if not plans_only or looks_like_plan(raw):
                    yield path, raw


def save(path: Path, text: str, *, what: str = "written") -> None:
    """Write ``text`` to ``path`` atomically (``xcplan.io.atomic``); raise ``OutputError`` with
    one line when it cannot be written, and leave a read-only file as it is."""
    try:
        write_atomic(path, text)
    except ReadOnlyError:
        raise OutputError(f"{path}: the file is read-only; not {what}") from None
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None


class ConfigResolver:
    """Finds the config for each plan (or uses the one given), reading each file once."""

    def __init__(self, override: Path | None) -> None:
        self.override = override
        self._by_folder: dict[Path, Path | None] = {}
        self.missing = 0

    def path_for(self, plan: Path) -> Path | None:
        """Return the config file that applies to ``plan``, or None."""
        if self.override is not None:
            return self.override
        folder = plan.resolve().parent
        if folder not in self._by_folder:
            self._by_folder[folder] = find_config(folder)
        return self._by_folder[folder]

    def config_for(self, plan: Path) -> Config:
        """Return the config that applies to ``plan`` (built-in defaults when none)."""
        path = self.path_for(plan)
        if path is None:
            from xcplan.model.config import Config

            return Config()
        return load_config(path)

    def config_bytes(self, plan: Path) -> bytes | None:
        """Return the bytes of the config that applies to ``plan`` (None: no config).

        Counts plans without a config, for the one info line ``validate`` prints.
        """
        path = self.path_for(plan)
        if path is None:
            self.missing += 1
            return None
        if not path.exists():
            raise InputError(f"{path}: no such config file")
        return read_input(path)
