"""The user's keys: a TOML file that gives binding ids new keys, and the ids there are.

Every key binding of the planner has an id (``plan.save``, ``journey.toggle``); the help screen
(``f1``) lists them. A user remaps keys in ``$XDG_CONFIG_HOME/xcplan/keys.toml`` (by default
``~/.config/xcplan/keys.toml``), or in the file ``$XCPLAN_KEYMAP`` names::

    [keys]
    "plan.save" = "ctrl+w"
    "journey.toggle" = "space,t"

The file is read as the app starts. What in it cannot be used (an unknown id, a value that is
not a key, a file that does not parse) is reported in one notification; the rest still applies.
What reading a file needs (``tomllib``, ``difflib``, ``pkgutil``) is imported when there is one
to read: the usual start-up has none, and does not wait for them.
"""

from __future__ import annotations

import importlib
import os
import string
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from textual.app import App
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.keys import KEY_NAME_REPLACEMENTS, Keys, _character_to_key

KEYMAP_ENV: Final = "XCPLAN_KEYMAP"
"""The environment variable that names a keymap file (instead of the default one)."""

MODIFIERS: Final = frozenset({"ctrl", "alt", "shift", "meta", "super", "hyper"})
"""The modifiers a key may have (``ctrl+shift+up``)."""

_NAMED_KEYS: Final = frozenset(
    {key.value.rpartition("+")[2] for key in Keys if not key.value.startswith("<")}
    | {_character_to_key(character) for character in string.punctuation}
)
"""Keys Textual knows by name: ``f1``, ``escape``, ``enter``, ``pageup``, ``question_mark``…"""

_PACKAGE: Final = "xcplan.tui"


def keymap_path(environ: Mapping[str, str] | None = None) -> Path:
    """Return the keymap file: ``$XCPLAN_KEYMAP``, else ``keys.toml`` in xcplan's config
    folder (``$XDG_CONFIG_HOME/xcplan``, by default ``~/.config/xcplan``)."""
    env = os.environ if environ is None else environ
    named = env.get(KEYMAP_ENV, "").strip()
    if named:
        return Path(named).expanduser()
    base = env.get("XDG_CONFIG_HOME", "").strip()
    # The XDG spec says to ignore a relative XDG_CONFIG_HOME.
    if base and Path(base).is_absolute():
        folder = Path(base)
    else:
        try:
            folder = Path.home() / ".config"
        except RuntimeError:  # no home folder: only a named file can be read
            folder = Path("~/.config")
    return folder / "xcplan" / "keys.toml"


# -- the bindings there are ---------------------------------------------------------------


def _import_all() -> None:
    """Import every module of the TUI, so every class with bindings is defined."""
    import pkgutil

    package = importlib.import_module(_PACKAGE)
    for module in pkgutil.walk_packages(package.__path__, prefix=f"{_PACKAGE}."):
        importlib.import_module(module.name)


def _subclasses(cls: type[DOMNode]) -> Iterator[type[DOMNode]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def binding_classes() -> list[type[DOMNode]]:
    """Return the planner's classes that declare key bindings (the app, screens, widgets), in
    a stable order: by module, then by name."""
    _import_all()
    found = {
        cls
        for cls in _subclasses(DOMNode)
        if cls.__module__.startswith(f"{_PACKAGE}.") and cls.__dict__.get("BINDINGS")
    }
    return sorted(found, key=lambda cls: (cls.__module__, cls.__qualname__))


def declared_bindings() -> list[tuple[type[DOMNode], Binding]]:
    """Return every binding the planner's classes declare, with the class (one entry per key:
    ``"e,enter"`` gives two)."""
    return [
        (cls, binding)
        for cls in binding_classes()
        for binding in Binding.make_bindings(cls.__dict__["BINDINGS"])
    ]


def binding_ids() -> set[str]:
    """Return the ids of the planner's bindings: what a keymap file can name."""
    return {binding.id for _cls, binding in declared_bindings() if binding.id}


# -- keys ---------------------------------------------------------------------------------


def normalize_key(text: str) -> str | None:
    """Return a key as Textual names it (``ctrl+?`` -> ``ctrl+question_mark``, ``F5`` ->
    ``f5``), or None when ``text`` is not a key."""
    key = text.strip()
    if not key:
        return None
    if key == "+":
        return "plus"
    *modifiers, base = key.split("+")
    modifiers = [modifier.strip().lower() for modifier in modifiers]
    if any(modifier not in MODIFIERS for modifier in modifiers):
        return None
    if len(modifiers) != len(set(modifiers)):
        return None
    base = base.strip()
    if len(base) == 1:
        if not base.isprintable() or base.isspace():
            return None
        base = _character_to_key(base)
    else:
        base = base.lower()
        base = KEY_NAME_REPLACEMENTS.get(base, base)  # Unicode's `plus_sign` is `plus`
        if base not in _NAMED_KEYS:
            return None
    # Textual names a key's modifiers in alphabetical order (``ctrl+shift+up``).
    return "+".join([*sorted(modifiers), base])


def _keys_of(value: Any) -> list[str] | None:
    """Return the keys a keymap value names (``"a,b"`` or ``["a", "b"]``), None if no text."""
    if isinstance(value, str):
        return value.split(",")
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        return [key for item in value for key in item.split(",")]
    return None


def _flatten(table: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Yield ``(id, value)``: a bare dotted key (``plan.save = "x"``) is a nested table in
    TOML, and means the same as the quoted ``"plan.save" = "x"``."""
    for name, value in table.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", value


def _did_you_mean(name: str, known: Collection[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, sorted(known), n=1)
    return f" (did you mean `{close[0]}`?)" if close else ""


def parse_keymap(text: str, known: Collection[str]) -> tuple[dict[str, str], list[str]]:
    """Return the keymap a keymap file's ``text`` gives, and what in it cannot be used.

    ``known`` are the binding ids there are. The keymap maps binding ids to keys as Textual
    names them, comma-separated (for ``App.set_keymap``). Each problem is one line for people:
    an id that is not known, a value that is not a key, a table other than ``[keys]``; a file
    that does not parse gives that one problem and no keymap. Never raises.
    """
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return {}, [f"the file does not parse: {error}"]
    problems: list[str] = []
    keymap: dict[str, str] = {}
    others = sorted(name for name in data if name != "keys")
    if others:
        problems.append(
            "only a [keys] table is read; ignored: " + ", ".join(f"`{n}`" for n in others)
        )
    table = data.get("keys", {})
    if not isinstance(table, dict):
        problems.append('`keys` must be a table: [keys] then lines of `"id" = "key"`')
        return {}, problems
    unknown: list[str] = []
    for binding_id, value in _flatten(table):
        if binding_id not in known:
            unknown.append(f"`{binding_id}`{_did_you_mean(binding_id, known)}")
            continue
        keys = _keys_of(value)
        if keys is None:
            problems.append(f'`{binding_id}`: give a key as text, like "ctrl+w", not {value!r}')
            continue
        normalized = [normalize_key(key) for key in keys]
        bad = [key.strip() for key, done in zip(keys, normalized, strict=True) if done is None]
        if bad:
            shown = ", ".join(f'"{key}"' for key in bad)
            problems.append(f'`{binding_id}`: {shown} is not a key (try "ctrl+w", "f5", "?")')
            continue
        keymap[binding_id] = ",".join(dict.fromkeys(key for key in normalized if key))
    if unknown:
        problems.insert(0, "no binding has the id " + ", ".join(unknown))
    return keymap, problems


def clashes(keymap: Mapping[str, str]) -> list[str]:
    """Return, for people, what a keymap takes away: a key given to a binding id that another
    binding of the same part of the app has (that binding is left without it), and a key given
    to two ids of one part (only one of them gets it)."""
    if not keymap:
        return []
    found: set[str] = set()
    for cls in binding_classes():
        merged = getattr(cls, "_merged_bindings", None)
        if not isinstance(merged, BindingsMap):
            continue
        ids = {binding.id for _key, binding in merged if binding.id in keymap}
        given: dict[str, list[str]] = {}
        for binding_id in sorted(ids, key=str):
            for key in keymap[str(binding_id)].split(","):
                given.setdefault(key, []).append(str(binding_id))
        for key, takers in given.items():
            if len(takers) > 1:
                found.add(
                    f"{key} is given to {' and '.join(f'`{t}`' for t in takers)} in "
                    f"{cls.__name__}: only one of them gets it"
                )
            for binding in merged.key_to_bindings.get(key, []):
                if binding.id in keymap:
                    continue  # it is given keys of its own
                what = f"`{binding.id}`" if binding.id else (binding.description or binding.action)
                found.add(
                    f"{key} was the key of {what} in {cls.__name__}: now it is `{takers[0]}`'s"
                )
    return sorted(found)


# -- reading the file ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UserKeymap:
    """The user's keymap file, what it maps, and what in it could not be used."""

    path: Path
    keymap: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def read_keymap(
    path: Path, known: Collection[str], *, must_exist: bool = False
) -> tuple[dict[str, str], list[str]]:
    """Return the keymap in the file ``path`` and its problems (see ``parse_keymap``).

    A file that is not there is no keymap and no problem, unless ``must_exist`` (a file the
    user named). A file that cannot be read is one problem. Never raises.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}, ["the file does not exist"] if must_exist else []
    except OSError as error:
        return {}, [f"the file cannot be read: {error.strerror or error}"]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return {}, ["the file is not UTF-8 text"]
    return parse_keymap(text, known)


def load_user_keymap(environ: Mapping[str, str] | None = None) -> UserKeymap:
    """Return the user's keymap (see ``keymap_path``) with its problems, clashes included."""
    env = os.environ if environ is None else environ
    path = keymap_path(env)
    must_exist = bool(env.get(KEYMAP_ENV, "").strip())
    if not must_exist and not path.exists():
        # The usual case: no file. Finding every binding id imports every module of the TUI,
        # which the editor's start-up need not wait for.
        return UserKeymap(path, {}, [])
    keymap, problems = read_keymap(path, binding_ids(), must_exist=must_exist)
    return UserKeymap(path, keymap, [*problems, *clashes(keymap)])


def apply_user_keymap(app: App[Any], environ: Mapping[str, str] | None = None) -> UserKeymap:
    """Read the user's keymap and give ``app`` its keys; notify what could not be used."""
    loaded = load_user_keymap(environ)
    if loaded.keymap:
        app.set_keymap(loaded.keymap)
    if loaded.problems:
        app.notify(
            "\n".join(f"• {problem}" for problem in loaded.problems),
            title=f"Keys in {loaded.path}",
            severity="warning",
            timeout=max(20.0, app.NOTIFICATION_TIMEOUT),
            markup=False,
        )
    return loaded
