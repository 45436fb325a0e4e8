"""Reading and linting a plan in a second process while the planner starts.

Before the planner can show a plan it imports Textual, the models and its widgets, which keeps
one core busy for about half a second while the other one idles. ``start``, called by the
console script before it imports any of that, forks a process that reads the plan file, parses
and validates it, reads its config, and sends the plan (as the models it validated) and the
config; a big file's parsed data it sends first (``DATA_FROM``). It then lints a plan of
``LINTED_FROM`` variants or more as the planner's ``Linter`` does, and sends what it found. The
planner takes the config (``config``) and the plan (``plan``) instead of loading them, so it
builds no validator before its first screen (for a big file whose plan has not come, it
validates the data itself), and takes the lint (``linted``) instead of linting the whole plan
itself: its ``Linter`` adopts each touchpoint's findings, so the first edit re-checks only what
it changed. While the planner starts, the second process checks touchpoints on the core the
planner leaves idle; once the planner's first screen is drawn (``first_screen_drawn``) every
core is free, and it shares the touchpoints it has left out between as many processes as there
are cores (up to ``MAX_PARTS``), itself running the rules of the whole plan (the cost estimate
they make is sent at once) besides its share. Each is used only for the very bytes the planner
read, the config only for the very bytes of the file the planner found, the lint only under an
equal config. Whatever goes wrong in the second process (no ``fork`` on this system, a file
that does not load, an error, a process that never answers) only means the planner does that
work itself, as it always can.

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
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, NoReturn

if TYPE_CHECKING:
    from xcplan.edit.report import Linted
    from xcplan.lint.context import LintContext
    from xcplan.lint.diagnostics import Finding
    from xcplan.model.config import Config
    from xcplan.model.plan import Plan

_HEAD: Final = struct.Struct("!QB")
"""A message's head: the length of its pickle, its kind."""
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
    received: dict[int, bytes] = field(default_factory=dict)
    """The messages read so far (pickled), by kind: ``_DATA``, ``_PLAN``, ``_CONFIG``,
    ``_ESTIMATE``, ``_LINT``, sent in that order (``_DATA`` only for a big file). Each is
    unpickled only once it is taken (a plan the planner does not need is not)."""
    taken: set[int] = field(default_factory=set)
    done: bool = False
    """Whether the process has sent all it had (its end of the pipe is closed)."""
    asked: bool = False


_DATA: Final = 0
"""(the digest of the plan file's bytes, its parsed data), sent as soon as a file of
``DATA_FROM`` bytes or more is parsed: the planner validates it itself when the plan has not
come yet."""
_PLAN: Final = 1
"""(the digest of the plan file's bytes, the ``Plan`` they load as or None)."""
_CONFIG: Final = 2
"""(the config file found, resolved, or None; the digest of its bytes or None; the ``Config``
read from it, or None when it does not load). Sent only after a plan."""
_ESTIMATE: Final = 3
"""The cost estimate of the plan (None without ``[costs]``), made with the rules of the whole
plan: sent then, it is read while the rest is linted. Sent only for a plan of
``LINTED_FROM`` variants or more, under a config that loads."""
_LINT: Final = 4
"""(the plan file's digest, the ``Linted`` without its estimate). Sent after ``_ESTIMATE``."""
DATA_FROM: Final = 256 * 1024
"""A plan file of this many bytes or more is sent as data too, before the plan: parsing it
takes so long that the planner, ready first, validates the data itself (70 ms for the
2,688-variant plan) rather than wait while the second process does (its import of the models
comes first: 110 ms more)."""


_started: dict[Path, _Started] = {}
"""The second processes started, by the plan file they read (resolved)."""


def _key(path: Path) -> Path | None:
    try:
        return path.resolve()
    except OSError:
        return None


def _lookup(path: Path) -> tuple[Path, _Started] | None:
    """Return the key and the second process started for ``path``; None when none was (or it
    was done with)."""
    key = _key(path)
    started = _started.get(key) if key is not None else None
    return (key, started) if key is not None and started is not None else None


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
    _started[key] = _Started(pid, os.fdopen(reading, "rb", buffering=0), ask)
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
            # No positions: the planner places its findings by path, and takes no plan that
            # did not load whole.
            parsed = parse(text, positions=False) if text is not None else None
            sender = _Sender(out)
            plan = None
            if parsed is not None and not parsed.problems:
                if len(raw) >= DATA_FROM:
                    sender.send(_DATA, (digest, parsed.data))
                from xcplan.lint.schema import validate_plan

                plan, _ = validate_plan(parsed.data, parsed.source_map)
            config = sent = None
            if plan is not None:  # the planner asks for the config first, then the plan
                found = config_path if config_path is not None else find_config(path.parent)
                config, sent = _config(found)
            sender.send(_PLAN, (digest, plan))
            if sent is not None:
                sender.send(_CONFIG, sent)
            if (
                plan is not None
                and config is not None
                and sum(len(touchpoint.variants) for touchpoint in plan.touchpoints) >= LINTED_FROM
            ):
                linted = _lint(plan, config, str(path), asked, partial(sender.send, _ESTIMATE))
                if linted is not None:
                    sender.send(_LINT, (digest, linted))
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

    The touchpoints are checked in order until the planner says its first screen is drawn;
    those left are then shared out between ``_parts()`` processes (this one and forks of it),
    and this one runs the rules of the whole plan (which cannot be shared out) besides its
    share, so it is dealt fewer touchpoints (``_shares``). (The rules of the whole plan came
    first once: the other core idled while they ran after the first screen, 100 ms of the
    2,688-variant plan's.)
    """
    from xcplan.edit.linting import Linter, plan_findings
    from xcplan.lint.context import LintContext
    from xcplan.lint.engine import check_touchpoint
    from xcplan.lint.rules.cost import estimate_of

    linter = Linter(config, file)
    context = LintContext(plan, config)
    whole: list[Finding] | None = None

    def whole_plan() -> list[Finding]:
        findings = plan_findings(context)
        send(estimate_of(context))
        return findings

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
            parts = _parts() if len(left) >= SHARED_FROM else 1
            weights = [len(touchpoint.variants) for touchpoint in plan.touchpoints]
            head = _whole_plan_cost(config) * sum(weights)
            own, *others = _shares(left, weights, parts, head)
            helpers = [_helper(context, share) for share in others]
            order[position:] = own
            whole = whole_plan()
        index = order[position]
        found[index] = list(check_touchpoint(context, index))
        position += 1
    if whole is None:
        whole = whole_plan()
    for helper in helpers:
        found.update(_helped(context, *helper))
    linter.adopt(plan, [found[index] for index in range(count)])
    return replace(linter.linted(plan, context=context, whole=whole), estimate=None)


WHOLE_PLAN_COST: Final = 0.25
"""What the rules of the whole plan cost, against checking the touchpoints, for each variant
(with ``[costs]``: the estimate is most of it; measured on the 2,688-variant plan, 80 to 150
ms against 310 to 470 ms, on one core)."""
WHOLE_PLAN_COST_FREE: Final = 0.05
"""The same without ``[costs]`` (22 ms there)."""


def _whole_plan_cost(config: Config) -> float:
    return WHOLE_PLAN_COST if config.costs is not None else WHOLE_PLAN_COST_FREE


def _shares(indices: list[int], weights: list[int], parts: int, head: float) -> list[list[int]]:
    """Deal ``indices`` out into ``parts`` shares, the first for this process: each in turn to
    the share with the least work so far (``weights``: a touchpoint's work, by position; its
    variants), the first share starting with ``head`` (the rules of the whole plan, which this
    process runs too). Where ``head`` leaves the first share any touchpoint, the shares end
    within one touchpoint of each other. (A dealing that kept the touchpoints sharing copy
    together, whose analysis each process makes again, saved nothing: the copy the
    2,688-variant plan reuses is spread over all of it.)"""
    parts = max(1, parts)
    shares: list[list[int]] = [[] for _ in range(parts)]
    load = [0.0] * parts
    load[0] = head
    for index in indices:
        least = min(range(parts), key=load.__getitem__)
        shares[least].append(index)
        load[least] += weights[index]
    return shares


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
    found: list[tuple[int, list[Finding]]] | None = None
    try:
        found = _loads(_frame(pipe)[1])
    except (OSError, EOFError, ValueError, struct.error):
        pass
    finally:
        with contextlib.suppress(OSError):
            pipe.close()
        _reap(pid)
    return found if found is not None else _check(context, indices)


class _Sender:
    """Writes messages to the planner in the order given, from a thread of its own: the
    planner reads each only once it needs it, and a pipe holds 64 KiB, so the work goes on
    while the planner has not read yet."""

    def __init__(self, out: IO[bytes]) -> None:
        self._frames: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._write, args=(out,))
        self._thread.start()

    def send(self, kind: int, message: object) -> None:
        """Send ``message`` of ``kind`` (pickled here, written by the thread)."""
        self._frames.put(_framed(message, kind))

    def close(self) -> None:
        """Return once every message is written."""
        self._frames.put(None)
        self._thread.join()

    def _write(self, out: IO[bytes]) -> None:
        while (frame := self._frames.get()) is not None:
            _write(out, frame)


def _framed(message: object, kind: int = 0) -> bytes:
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEAD.pack(len(payload), kind) + payload


def _write(out: IO[bytes], framed: bytes) -> None:
    out.write(framed)
    out.flush()


def _send(out: IO[bytes], message: object) -> None:
    _write(out, _framed(message))


def _exactly(pipe: IO[bytes], size: int) -> bytes:
    parts: list[bytes] = []
    while size:
        part = pipe.read(size)
        if not part:
            raise EOFError("the second process sent nothing more")
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def _frame(pipe: IO[bytes]) -> tuple[int, bytes]:
    """Read one message: its kind and its pickle."""
    size, kind = _HEAD.unpack(_exactly(pipe, _HEAD.size))
    return kind, _exactly(pipe, size)


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


def _read(path: Path, kind: int, wait: float, *, stuck: bool = False) -> _Started | None:
    """Read what the second process started for ``path`` sends, until the message of ``kind``
    is read, at most ``wait`` seconds (then, with ``stuck``, the process is killed); then what
    has come besides, without waiting. Return the process once that message is read; None when
    no process was started, or it is not sent in time (a process that sent all it had without
    it is let go)."""
    found = _lookup(path)
    if found is None:
        return None
    key, started = found
    with started.lock:
        deadline = time.monotonic() + wait
        try:
            while not started.done:
                wanted = kind not in started.received
                left = max(0.0, deadline - time.monotonic()) if wanted else 0.0
                if not select.select([started.pipe], [], [], left)[0]:
                    if wanted and stuck:
                        with contextlib.suppress(OSError):
                            os.kill(started.pid, signal.SIGKILL)
                    break
                read, payload = _frame(started.pipe)
                started.received[read] = payload
        except (OSError, EOFError, ValueError, struct.error):
            started.done = True  # it sent all it had, or stopped
        if kind in started.received:
            return started
        if started.done:
            _end(key, started)
        return None


def _take(started: _Started, kind: int) -> Any:
    """Return the message of ``kind`` read from ``started``, once; None when it was not read,
    or was taken."""
    payload = started.received.get(kind)
    if payload is None or kind in started.taken:
        return None
    started.taken.add(kind)
    if kind != _CONFIG:  # kept: the lint is checked against it
        del started.received[kind]
    return _loads(payload)


def _loads(payload: bytes | None) -> Any:
    if payload is None:
        return None
    try:
        return pickle.loads(payload)  # from our own child, through a pipe of our own
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return None


def plan(path: Path, raw: bytes) -> Plan | None:
    """Return the plan the second process read from ``path``, when it sends it in time, it
    read these very bytes, and they load as a plan (no YAML problem, no schema error); None
    otherwise, and when no process was started for ``path``.

    The second process started reading the file while the planner imported its modules, and
    parses and validates as fast as the planner would: it has always less of that left than the
    planner has, so the planner waits for it, though never longer than loading the file itself
    would take (``data_wait``: a process slowed by a busy machine is not waited for). The plan
    comes as the models it validated (unpickled, they are not validated again), so the planner
    builds no validator before its first screen. A big file's data comes first
    (``DATA_FROM``): when the plan has not come with it, the planner validates the data.
    """
    from xcplan.model.plan import Plan

    big = len(raw) >= DATA_FROM
    started = _read(path, _DATA if big else _PLAN, data_wait(len(raw)))
    if started is None:
        return None
    digest = hashlib.sha256(raw).digest()
    sent = _take(started, _PLAN)
    model = None
    if sent is not None:
        model = sent[1] if sent[0] == digest and isinstance(sent[1], Plan) else None
    elif (data := _take(started, _DATA)) is not None and data[0] == digest:
        from xcplan.io.yaml_source import SourceMap
        from xcplan.lint.schema import validate_plan

        model, _ = validate_plan(data[1], SourceMap())
    if model is None and (found := _lookup(path)) is not None:
        _end(*found)  # refused, or it has nothing more to send
    return model


def config(path: Path, found: Path | None) -> Config | None:
    """Return the config the second process started for the plan at ``path`` read from
    ``found`` (the config file the planner found for the plan; None: the built-in config),
    when it read the very bytes ``found`` holds now; None otherwise. Waits as long as ``plan``
    would (the config is sent just after the plan), so the planner builds no validator for it;
    for a big file (``DATA_FROM``), whose plan comes late, it does not wait."""
    try:
        size = path.stat().st_size
        raw = found.read_bytes() if found is not None else None
        where = str(found.resolve()) if found is not None else None
    except OSError:
        return None
    started = _read(path, _CONFIG, 0.0 if size >= DATA_FROM else data_wait(size))
    message = _take(started, _CONFIG) if started is not None else None
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
    found = _lookup(path)
    started = found[1] if found is not None else None
    if started is not None and not started.asked and started.ask >= 0:
        started.asked = True
        with contextlib.suppress(OSError):
            os.write(started.ask, b"!")


def linted(path: Path, raw: bytes, config: Config, file: str) -> Linted | None:
    """Return what the second process's lint of ``path`` found, as ``Linter(config,
    file).linted`` gives it, when it linted these very bytes under an equal config; None
    otherwise. Waits until the process is done, at most ``lint_wait`` (call it from a worker
    thread, once the first screen is drawn); it is stopped when it takes longer."""
    process = _lookup(path)
    if process is None:
        return None
    key, started = process
    first_screen_drawn(path)
    # The lint is unpickled with the estimate's classes: imported while it is made.
    import xcplan.journey.cost  # noqa: F401

    wait = lint_wait(len(raw))
    # The estimate comes first, and is unpickled while the touchpoints are linted.
    estimate = _take(started, _ESTIMATE) if _read(path, _ESTIMATE, wait, stuck=True) else None
    _read(path, _LINT, wait, stuck=True)
    _end(key, started)
    message: tuple[bytes, Linted] | None = _take(started, _LINT)
    if message is None:
        return None
    digest, found = message
    sent = _loads(started.received.get(_CONFIG))  # what it linted under
    if digest != hashlib.sha256(raw).digest() or sent is None or sent[2] != config:
        return None
    diagnostics = [replace(diagnostic, file=file) for diagnostic in found.diagnostics]
    return replace(found, diagnostics=diagnostics, estimate=estimate)


def started(path: Path) -> bool:
    """Whether a second process was started for ``path`` and has not been done with."""
    return _lookup(path) is not None
