"""Reading and linting a plan in a second process while the planner starts.

Before the planner can show a plan it imports Textual, the models and its widgets, which keeps
one core busy for about half a second while the other one idles. ``start``, called by the
console script before it imports any of that, forks a process that reads the plan file, parses
it and sends the data, then lints a plan of ``LINTED_FROM`` variants or more as the planner's
``Linter`` does and sends what it found. The planner takes the data when it opens the file
(``plan``) instead of parsing the file again, and takes the lint (``linted``) instead of
linting the whole plan itself: its ``Linter`` adopts each touchpoint's findings, so the first
edit re-checks only what it changed. While the planner starts, the second process lints on the
core the planner leaves idle; once the planner's first screen is drawn (``first_screen_drawn``)
every core is free, and it shares the touchpoints it has left out between as many processes as
there are cores (up to ``MAX_PARTS``). Each is used only for the very bytes the planner read,
the lint only under an equal config.
Whatever goes wrong in the second process (no ``fork`` on this system, a file that does not
load, an error, a process that never answers) only means the planner does that work itself, as
it always can.

The second process writes nothing but its pipe (its standard streams are ``/dev/null``: the
terminal belongs to the planner), and exits when it is done or the planner is gone.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import queue
import select
import signal
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, NoReturn

if TYPE_CHECKING:
    from xcplan.edit.report import Linted
    from xcplan.lint.context import LintContext
    from xcplan.lint.diagnostics import Finding
    from xcplan.model.config import Config
    from xcplan.model.plan import Plan

_LENGTH: Final = struct.Struct("!Q")
LOADED_PER_SECOND: Final = 2_000_000
"""Bytes of plan a slow machine parses and validates in a second (``data_wait``)."""
LINTED_PER_SECOND: Final = 250_000
"""Bytes of plan a slow machine lints in a second, on one core (``lint_wait``)."""
MAX_PARTS: Final = 4
"""At most this many processes share out the touchpoints of one lint."""
LINTED_FROM: Final = 200
"""A plan with fewer variants is left to the planner to lint: it takes the planner less than
getting the lint from another process would."""
SHARED_FROM: Final = 32
"""A plan with fewer touchpoints is linted in one process (a fork costs more than it saves)."""


@dataclass
class _Started:
    pid: int
    pipe: IO[bytes]
    ask: int
    """Where the planner says its first screen is drawn (a byte), or lets the process go
    (closed)."""
    lock: threading.Lock = field(default_factory=threading.Lock)
    received: list[Any] = field(default_factory=list)
    """The messages read so far, in the order they are sent: ``_PLAN``, ``_CONFIG``,
    ``_ESTIMATE``, ``_LINT`` (each None once taken)."""
    taken: set[int] = field(default_factory=set)
    config: Config | None = None
    """The config the process read (from its ``_CONFIG`` message), once that is read: its lint
    is of that config."""
    asked: bool = False


_PLAN: Final = 0
"""(the digest of the plan file's bytes, the ``Plan`` they load as or None)."""
_CONFIG: Final = 1
"""(the config file found, resolved, or None; the digest of its bytes or None; the ``Config``
read from it, or None when it does not load). Sent only after a plan."""
_ESTIMATE: Final = 2
"""The cost estimate of the plan (None without ``[costs]``), made with the rules of the whole
plan, first: sent then, it is read while the rest is linted. Sent only for a plan of
``LINTED_FROM`` variants or more, under a config that loads."""
_LINT: Final = 3
"""(the plan file's digest, the ``Linted`` without its estimate). Sent after ``_ESTIMATE``."""


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
    asked, ask = os.pipe()
    try:
        pid = fork()
    except OSError:
        for end in (reading, writing, asked, ask):
            os.close(end)
        return False
    if pid == 0:
        os.close(reading)
        os.close(ask)
        _second(path, config_path, writing, asked)
    os.close(writing)
    os.close(asked)
    _started[key] = _Started(pid, os.fdopen(reading, "rb"), ask)
    return True


def _second(path: Path, config_path: Path | None, writing: int, asked: int) -> NoReturn:
    """The second process: send the plan, then what its lint found; exit."""
    code = 1
    try:
        quiet = os.open(os.devnull, os.O_RDWR)
        for stream in (0, 1, 2):
            os.dup2(quiet, stream)
        with os.fdopen(writing, "wb") as out:
            # Parsed before pydantic is imported: the planner waits for the plan.
            from xcplan.io.config import find_config
            from xcplan.io.yaml_source import decode, parse

            raw = path.read_bytes()
            digest = hashlib.sha256(raw).digest()
            text, _ = decode(raw)
            parsed = parse(text) if text is not None else None
            plan = None
            if parsed is not None and not parsed.problems:
                from xcplan.lint.schema import validate_plan

                plan, _ = validate_plan(parsed.data, parsed.source_map)
            config = sent = None
            if plan is not None:  # the planner asks for the config first, then the plan
                found = config_path if config_path is not None else find_config(path.parent)
                config, sent = _config(found)
            sender = _Sender(out)
            sender.send((digest, plan))
            if sent is not None:
                sender.send(sent)
            if (
                plan is not None
                and config is not None
                and sum(len(touchpoint.variants) for touchpoint in plan.touchpoints) >= LINTED_FROM
            ):
                linted = _lint(plan, config, str(path), asked, sender.send)
                if linted is not None:
                    sender.send((digest, linted))
            sender.close()
            code = 0
    except BaseException:
        pass  # nothing to tell: the planner does the work itself
    finally:
        os._exit(code)


def _config(
    found: Path | None,
) -> tuple[Config | None, tuple[str | None, bytes | None, Config | None]]:
    """Return the config read from ``found`` (the built-in one for None; None when it does not
    load) and the ``_CONFIG`` message that sends it."""
    from xcplan.errors import ConfigError
    from xcplan.io.config import parse_config
    from xcplan.model.config import Config

    if found is None:
        config = Config()
        return config, (None, None, config)
    try:
        raw = found.read_bytes()
        config = parse_config(raw, found)
    except (OSError, ConfigError):
        return None, (None, None, None)
    return config, (str(found.resolve()), hashlib.sha256(raw).digest(), config)


def _lint(
    plan: Plan, config: Config, file: str, asked: int, send: Callable[[object], None]
) -> Linted | None:
    """Lint ``plan`` as the planner's ``Linter`` would (the estimate left out: it is sent
    with ``send`` as soon as it is made); None when the planner lets it go.

    The rules of the whole plan run first (they cannot be shared out, and are done long before
    the planner's first screen is), then the touchpoints are checked in order until the planner
    says its first screen is drawn; those left are then shared out between ``_parts()``
    processes (this one and forks of it).
    """
    from xcplan.edit.linting import Linter, plan_findings
    from xcplan.lint.context import LintContext
    from xcplan.lint.engine import check_touchpoint
    from xcplan.lint.rules.cost import estimate_of

    linter = Linter(config, file)
    context = LintContext(plan, config)
    whole = plan_findings(context)
    send(estimate_of(context))
    count = len(plan.touchpoints)
    order = list(range(count))
    found: dict[int, list[Finding]] = {}
    helpers: list[tuple[int | None, IO[bytes] | None, list[int]]] = []
    waiting = True
    position = 0
    while position < len(order):
        if waiting and select.select([asked], [], [], 0)[0]:
            waiting = False
            if not os.read(asked, 1):
                return None  # the planner let it go
            left = order[position:]
            own, *others = _shares(left, _parts() if len(left) >= SHARED_FROM else 1)
            helpers = [_helper(context, share) for share in others]
            order[position:] = own
        index = order[position]
        found[index] = list(check_touchpoint(context, index))
        position += 1
    for helper in helpers:
        found.update(_helped(context, *helper))
    linter.adopt(plan, [found[index] for index in range(count)])
    return replace(linter.linted(plan, context=context, whole=whole), estimate=None)


def _shares(indices: list[int], parts: int) -> list[list[int]]:
    """Deal ``indices`` out into ``parts`` equal shares, in turn (neighbours differ most in
    what they cost), the first for this process. (Measured on two cores: with 3 of 8 this
    process was done 30 to 80 ms before its helper, with 5 of 9 20 to 30 ms after it.)"""
    return [indices[part::parts] for part in range(max(1, parts))]


def _parts() -> int:
    """Return how many processes to share a lint out between: the cores this one may use."""
    affinity = getattr(os, "sched_getaffinity", None)
    cores = len(affinity(0)) if affinity is not None else os.cpu_count() or 1
    return max(1, min(cores, MAX_PARTS))


def _check(context: LintContext, indices: list[int]) -> list[tuple[int, list[Finding]]]:
    from xcplan.lint.engine import check_touchpoint

    return [(index, list(check_touchpoint(context, index))) for index in indices]


def _helper(
    context: LintContext, indices: list[int]
) -> tuple[int | None, IO[bytes] | None, list[int]]:
    """Fork a process that checks the touchpoints at ``indices`` and sends their findings;
    return its pid and pipe (None, None when it could not be started), and ``indices``."""
    try:
        reading, writing = os.pipe()
    except OSError:
        return None, None, indices
    try:
        pid = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return None, None, indices
    if pid == 0:
        code = 1
        try:
            os.close(reading)
            with os.fdopen(writing, "wb") as out:
                _send(out, _check(context, indices))
            code = 0
        finally:
            os._exit(code)
    os.close(writing)
    return pid, os.fdopen(reading, "rb"), indices


def _helped(
    context: LintContext, pid: int | None, pipe: IO[bytes] | None, indices: list[int]
) -> list[tuple[int, list[Finding]]]:
    """Return the findings a helper sent; what it did not send is checked here."""
    if pid is None or pipe is None:
        return _check(context, indices)
    try:
        found: list[tuple[int, list[Finding]]] = _receive(pipe)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
        found = _check(context, indices)
    finally:
        with contextlib.suppress(OSError):
            pipe.close()
        _reap(pid)
    return found


class _Sender:
    """Writes messages to the planner in the order given, from a thread of its own: the
    planner reads each only once it needs it, and a pipe holds 64 KiB, so the work goes on
    while the planner has not read yet."""

    def __init__(self, out: IO[bytes]) -> None:
        self._frames: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._write, args=(out,))
        self._thread.start()

    def send(self, message: object) -> None:
        """Send ``message`` (pickled here, written by the thread)."""
        self._frames.put(_framed(message))

    def close(self) -> None:
        """Return once every message is written."""
        self._frames.put(None)
        self._thread.join()

    def _write(self, out: IO[bytes]) -> None:
        while (frame := self._frames.get()) is not None:
            _write(out, frame)


def _framed(message: object) -> bytes:
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _LENGTH.pack(len(payload)) + payload


def _write(out: IO[bytes], framed: bytes) -> None:
    out.write(framed)
    out.flush()


def _send(out: IO[bytes], message: object) -> None:
    _write(out, _framed(message))


def _receive(pipe: IO[bytes]) -> Any:
    head = pipe.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        raise EOFError("the second process sent nothing more")
    (size,) = _LENGTH.unpack(head)
    payload = pipe.read(size)
    if len(payload) < size:
        raise EOFError("the second process stopped while sending")
    return pickle.loads(payload)  # from our own child, through a pipe of our own


def _end(key: Path, started: _Started) -> None:
    """Close the pipes (a process still sending then stops, one linting ends) and reap the
    process once it has ended, by a thread of its own (a process that sent all it had may
    still take a while to end: a big plan's memory is given back)."""
    if _started.get(key) is not started:
        return  # ended already
    del _started[key]
    with contextlib.suppress(OSError):
        started.pipe.close()
    if started.ask >= 0:
        with contextlib.suppress(OSError):
            os.close(started.ask)
        started.ask = -1
    threading.Thread(target=_reap, args=(started.pid,), daemon=True).start()


def _reap(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.waitpid(pid, 0)


def _message(path: Path, which: int, wait: float, *, stuck: bool = False) -> Any:
    """Return message ``which`` from the second process started for ``path`` (reading those
    sent before it), once: None when no process was started, it was taken already, or it is
    not sent within ``wait`` seconds (then, with ``stuck``, the process is killed). A process
    whose pipe fails is let go."""
    key = _key(path)
    started = _started.get(key) if key is not None else None
    if key is None or started is None or which in started.taken:
        return None
    with started.lock:
        deadline = time.monotonic() + wait
        try:
            while len(started.received) <= which:
                left = max(0.0, deadline - time.monotonic())
                if not select.select([started.pipe], [], [], left)[0]:
                    if stuck:
                        with contextlib.suppress(OSError):
                            os.kill(started.pid, signal.SIGKILL)
                    return None
                started.received.append(_receive(started.pipe))
                if len(started.received) == _CONFIG + 1:
                    started.config = started.received[_CONFIG][2]
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
            _end(key, started)
            return None
        started.taken.add(which)
        message, started.received[which] = started.received[which], None
        return message


def plan(path: Path, raw: bytes) -> Plan | None:
    """Return the plan the second process read from ``path``, when it sends it in time, it
    read these very bytes, and they load as a plan (no YAML problem, no schema error); None
    otherwise, and when no process was started for ``path``.

    The second process started reading the file while the planner imported its modules, and
    parses and validates as fast as the planner would: it has always less of that left than the
    planner has, so the planner waits for it, though never longer than loading the file itself
    would take (``data_wait``: a process slowed by a busy machine is not waited for). The plan
    comes as the models it validated (unpickled, they are not validated again: 16 ms for the
    2,688-variant plan, against 43 for validating its data), so the planner builds no validator
    before its first screen.
    """
    from xcplan.model.plan import Plan

    message = _message(path, _PLAN, data_wait(len(raw)))
    if message is None:
        return None
    digest, model = message
    if not isinstance(model, Plan) or digest != hashlib.sha256(raw).digest():
        key = _key(path)
        started = _started.get(key) if key is not None else None
        if key is not None and started is not None:
            _end(key, started)  # refused, or it has nothing more to send
        return None
    return model


def config(path: Path, found: Path | None) -> Config | None:
    """Return the config the second process started for the plan at ``path`` read from
    ``found`` (the config file the planner found for the plan; None: the built-in config),
    when it read the very bytes ``found`` holds now; None otherwise. Waits as long as ``plan``
    would (the config is sent just after the plan), so the planner builds no validator for
    it."""
    try:
        size = path.stat().st_size
        raw = found.read_bytes() if found is not None else None
        where = str(found.resolve()) if found is not None else None
    except OSError:
        return None
    message = _message(path, _CONFIG, data_wait(size))
    if message is None:
        return None
    sent_where, digest, sent = message
    if sent is None or sent_where != where:
        return None
    if raw is not None and digest != hashlib.sha256(raw).digest():
        return None
    return sent  # type: ignore[no-any-return]


def data_wait(size: int) -> float:
    """Return how many seconds to wait for the plan of a file of ``size`` bytes: about the
    time the planner would take to load it itself (a megabyte of YAML takes about 0.25 s to
    parse and validate on a laptop; twice that, and a fifth of a second for the start and the
    models' import)."""
    return 0.2 + size / LOADED_PER_SECOND


def lint_wait(size: int) -> float:
    """Return how many seconds to wait for the lint of a file of ``size`` bytes, counted from
    when the planner asks for it: a process slower than that is taken to be stuck, and the
    planner lints the plan itself."""
    return 2.0 + size / LINTED_PER_SECOND


def first_screen_drawn(path: Path) -> None:
    """Tell the second process started for ``path`` that the planner's first screen is drawn:
    the cores are free, and it shares out the touchpoints it has left (``linted`` tells it,
    when it was not told before)."""
    key = _key(path)
    started = _started.get(key) if key is not None else None
    if started is not None and not started.asked and started.ask >= 0:
        started.asked = True
        with contextlib.suppress(OSError):
            os.write(started.ask, b"!")


def linted(path: Path, raw: bytes, config: Config, file: str) -> Linted | None:
    """Return what the second process's lint of ``path`` found, as ``Linter(config,
    file).linted`` gives it, when it linted these very bytes under an equal config; None
    otherwise. Waits until the process is done, at most ``lint_wait`` (call it from a worker
    thread, once the first screen is drawn); it is stopped when it takes longer."""
    key = _key(path)
    started = _started.get(key) if key is not None else None
    if key is None or started is None:
        return None
    first_screen_drawn(path)
    # The lint is unpickled with the estimate's classes: imported while it is made.
    import xcplan.journey.cost  # noqa: F401

    wait = lint_wait(len(raw))
    estimate = _message(path, _ESTIMATE, wait, stuck=True)
    message: tuple[bytes, Linted] | None = _message(path, _LINT, wait, stuck=True)
    _end(key, started)
    if message is None:
        return None
    digest, found = message
    if digest != hashlib.sha256(raw).digest() or not _same_config(config, started.config):
        return None
    diagnostics = [replace(diagnostic, file=file) for diagnostic in found.diagnostics]
    return replace(found, diagnostics=diagnostics, estimate=estimate)


def _same_config(config: Config, sent: Config | None) -> bool:
    # The very config the planner took from the process (``config``), or an equal one.
    return sent is not None and (config is sent or config == sent)


def started(path: Path) -> bool:
    """Whether a second process was started for ``path`` and has not been done with."""
    key = _key(path)
    return key is not None and key in _started
