"""Atomic file writes that keep what the file was: a failed save never damages the file there.

``write_atomic`` writes the new text to a temporary file beside the file it replaces, flushes
and fsyncs it, gives it the old file's permission bits and owner (the owner where the system
permits), and then renames it over the old file, so a reader sees the old text or the new text
and never a part of either.

- A symlink stays a symlink: the file it points to is written (in that file's folder).
- A read-only file (no write permission for the user, or no write bit at all, which also
  stops root) is not replaced: ``ReadOnlyError``. ``check_writable`` asks the same question
  beforehand, so the planner can ask the user first and then save with
  ``replace_read_only=True``; the file stays read-only afterwards.
- The temporary file has one name per target, ``.{name}.xcplan-tmp``, so a save killed half-way
  leaves at most that one file behind, and the next save of the same file reuses and removes
  it. The save holds a lock on it (``flock``) while it writes; a second save of the same file
  running at the same time writes through a temporary file of its own instead.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
import tempfile
from pathlib import Path
from typing import Final

TEMP_SUFFIX: Final = ".xcplan-tmp"


class ReadOnlyError(PermissionError):
    """The file to be replaced is read-only; nothing was written."""


def save_target(path: Path) -> Path:
    """Return the file a save of ``path`` writes: ``path``, or the file its symlinks lead to."""
    path = Path(path)
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def temp_path(target: Path) -> Path:
    """Return the temporary file a save of ``target`` writes first (``.{name}.xcplan-tmp``)."""
    return target.with_name(f".{target.name}{TEMP_SUFFIX}")


def is_read_only(path: Path) -> bool:
    """Return whether the file a save of ``path`` would replace exists and is read-only."""
    target = save_target(path)
    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return not (mode & 0o222) or not os.access(target, os.W_OK)


def check_writable(path: Path) -> None:
    """Raise ``ReadOnlyError`` when ``path`` (or the file it links to) is a read-only file."""
    if is_read_only(path):
        raise ReadOnlyError(f"{path}: the file is read-only")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _open_temp(target: Path) -> tuple[int, Path]:
    """Open the temporary file of ``target``, locked and empty; return its fd and path."""
    path = temp_path(target)
    for _ in range(3):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            break  # another save of this file is writing it: use a file of our own
        except BaseException:
            os.close(fd)
            raise
        # The file may have been renamed into place by the save that held the lock before us:
        # write only if the name still leads to the file we locked.
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False))
        except FileNotFoundError:
            same = False
        if same and stat.S_ISREG(os.fstat(fd).st_mode):
            os.ftruncate(fd, 0)
            return fd, path
        os.close(fd)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    return fd, Path(name)


def write_atomic(path: Path, text: str | bytes, *, replace_read_only: bool = False) -> None:
    """Write ``text`` (UTF-8, LF; or bytes, as they are) to ``path`` atomically, keeping what
    the file was.

    See the module's docstring. Raises ``ReadOnlyError`` for a read-only file (unless
    ``replace_read_only``) and ``OSError`` when the folder cannot be written; the file that was
    there is then untouched.
    """
    target = save_target(Path(path))
    if not replace_read_only:
        check_writable(target)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        old = os.stat(target)
    except FileNotFoundError:
        old = None
    data = text.encode("utf-8") if isinstance(text, str) else text
    fd, temp = _open_temp(target)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            mode = stat.S_IMODE(old.st_mode) if old is not None else 0o666 & ~_umask()
            os.fchmod(handle.fileno(), mode)
            if old is not None:
                with contextlib.suppress(OSError):
                    if (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
                        os.fchown(handle.fileno(), old.st_uid, old.st_gid)
                    os.fchmod(handle.fileno(), mode)  # chown clears set-id bits
            os.fsync(handle.fileno())
            # Renamed while the lock is held, so no other save can take this file meanwhile.
            os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
