"""Reading and linting a plan in a second process while the planner starts.

Before the planner can show a plan it imports Textual, the models and its widgets, which keeps
one core busy for about half a second while the other one idles. ``start``, called by the
console script before it imports any of that, forks a process that reads the plan file, parses
it and sends the data, then lints the plan as the planner's ``Linter`` does and sends the
diagnostics. The planner takes the data when it opens the file (``plan``) instead of parsing
the file again, and shows the diagnostics (``diagnostics``) while its own first lint runs:
each only when it is for the very bytes the planner read, the diagnostics only for an equal
config. Whatever goes wrong in the second process (no ``fork`` on this system, a file that
does not load, an error) only means the planner does that work itself, as it always can.

The second process writes nothing but its pipe (its standard streams are ``/dev/null``: the
terminal belongs to the planner), and exits when it is done or the planner is gone.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import select
import signal
import struct
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, NoReturn

if TYPE_CHECKING:
    from xcplan.lint.diagnostics import Diagnostic
    from xcplan.model.config import Config
    from xcplan.model.plan import Plan

_LENGTH: Final = struct.Struct("!Q")
NICENESS: Final = 10
"""How much lower the second process runs than the planner."""
PARSED_PER_SECOND: Final = 2_500_000
"""Bytes of plan a slow machine parses in a second (``data_wait``)."""


@dataclass
class _Started:
    pid: int
    pipe: IO[bytes]
    lock: threading.Lock = field(default_factory=threading.Lock)
    data_read: bool = False


_started: dict[Path, _Started] = {}
"""The second processes started, by the plan file they read (resolved)."""


def _key(path: Path) -> Path | None:
    try:
        return path.resolve()
    except OSError:
        return None


def start(path: Path, config_path: Path | None = None) -> bool:
    """Fork a process that reads and lints the plan at ``path`` (with the config at
    ``config_path``, else the ``xcplan.toml`` that applies); return whether one was started.

    Call it before any thread is started: a fork copies only the thread that calls it.
    """
    fork = getattr(os, "fork", None)
    key = _key(path)
    if fork is None or key is None or key in _started or not path.is_file():
        return False
    reading, writing = os.pipe()
    try:
        pid = fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return False
    if pid == 0:
        os.close(reading)
        _second(path, config_path, writing)
    os.close(writing)
    _started[key] = _Started(pid, os.fdopen(reading, "rb"))
    return True


def _second(path: Path, config_path: Path | None, writing: int) -> NoReturn:
    """The second process: send the plan's data, then its diagnostics; exit."""
    code = 1
    try:
        # Below the planner: on a busy machine, the planner's own work comes first.
        os.nice(NICENESS)
        quiet = os.open(os.devnull, os.O_RDWR)
        for stream in (0, 1, 2):
            os.dup2(quiet, stream)
        with os.fdopen(writing, "wb") as out:
            # The data first, parsed before the models are imported: the planner waits for it.
            from xcplan.io.yaml_source import decode, parse

            raw = path.read_bytes()
            digest = hashlib.sha256(raw).digest()
            text, _ = decode(raw)
            parsed = parse(text) if text is not None else None
            data = None
            if parsed is not None and not parsed.problems:
                data = parsed.data
            _send(out, (digest, data))
            plan = None
            if parsed is not None and data is not None:
                from xcplan.lint.schema import validate_plan

                plan, _ = validate_plan(data, parsed.source_map)
            if plan is not None:
                from xcplan.edit.linting import Linter
                from xcplan.io.config import find_config, load_config
                from xcplan.model.config import Config

                found = config_path if config_path is not None else find_config(path.parent)
                config = load_config(found) if found is not None else Config()
                diagnostics = Linter(config, path).lint(plan)
                _send(out, (digest, config.model_dump_json(), diagnostics))
            code = 0
    except BaseException:
        pass  # nothing to tell: the planner does the work itself
    finally:
        os._exit(code)


def _send(out: IO[bytes], message: object) -> None:
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_LENGTH.pack(len(payload)) + payload)
    out.flush()


def _receive(pipe: IO[bytes]) -> Any:
    head = pipe.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        raise EOFError("the second process sent nothing more")
    (size,) = _LENGTH.unpack(head)
    payload = pipe.read(size)
    if len(payload) < size:
        raise EOFError("the second process stopped while sending")
    return pickle.loads(payload)  # from our own child, through a pipe of our own


def _end(key: Path, started: _Started, *, wait: bool) -> None:
    """Close the pipe (a process still sending then stops) and reap the process."""
    _started.pop(key, None)
    with contextlib.suppress(OSError):
        started.pipe.close()
    with contextlib.suppress(OSError):
        os.waitpid(started.pid, 0 if wait else os.WNOHANG)


def plan(path: Path, raw: bytes) -> Plan | None:
    """Return the plan the second process read from ``path``, when it sends it in time, it
    read these very bytes, and they load as a plan (no YAML problem, no schema error); None
    otherwise, and when no process was started for ``path``.

    The second process started reading the file while the planner imported its modules, and
    parses as fast as the planner would: it has always less of the parsing left than the
    planner has, so the planner waits for it, though never longer than parsing the file
    itself would take (``data_wait``: a process slowed by a busy machine is not waited for).
    """
    key = _key(path)
    started = _started.get(key) if key is not None else None
    if key is None or started is None or started.data_read:
        return None
    with started.lock:
        try:
            ready, _, _ = select.select([started.pipe], [], [], data_wait(len(raw)))
        except (OSError, ValueError):
            ready = []
        if not ready:
            return None
        started.data_read = True
        try:
            digest, data = _receive(started.pipe)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
            _end(key, started, wait=False)
            return None
    if data is None or digest != hashlib.sha256(raw).digest():
        _end(key, started, wait=data is None)
        return None
    from xcplan.io.yaml_source import SourceMap
    from xcplan.lint.schema import validate_plan

    model, _ = validate_plan(data, SourceMap())
    if model is None:
        _end(key, started, wait=False)  # refused: it has nothing more to send
    return model


def data_wait(size: int) -> float:
    """Return how many seconds to wait for the data of a file of ``size`` bytes: about the
    time the planner would take to parse it itself (a megabyte of YAML takes about 0.2 s on a
    laptop; twice that, and a tenth of a second for the start)."""
    return 0.1 + size / PARSED_PER_SECOND


def diagnostics(path: Path, raw: bytes, config: Config, file: str) -> list[Diagnostic] | None:
    """Return the diagnostics the second process found in ``path``, as ``Linter(config,
    file).lint`` gives them, when it linted these very bytes under an equal config; None
    otherwise. Waits for the process to be done (call it from a worker thread)."""
    key = _key(path)
    started = _started.get(key) if key is not None else None
    if key is None or started is None:
        return None
    with started.lock:
        try:
            if not started.data_read:
                started.data_read = True
                _receive(started.pipe)
            digest, config_json, found = _receive(started.pipe)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
            return None
        finally:
            _end(key, started, wait=True)
    if digest != hashlib.sha256(raw).digest() or config_json != config.model_dump_json():
        return None
    return [replace(diagnostic, file=file) for diagnostic in found]


def cancel(path: Path) -> None:
    """Stop the second process started for ``path``, if any: what it would send is not
    needed."""
    key = _key(path)
    started = _started.get(key) if key is not None else None
    if key is None or started is None:
        return
    with contextlib.suppress(OSError):
        os.kill(started.pid, signal.SIGKILL)
    # A thread waiting for its diagnostics gets nothing more now, and ends it itself.
    if started.lock.acquire(blocking=False):
        try:
            _end(key, started, wait=True)
        finally:
            started.lock.release()


def started(path: Path) -> bool:
    """Whether a second process was started for ``path`` and has not been done with."""
    key = _key(path)
    return key is not None and key in _started
