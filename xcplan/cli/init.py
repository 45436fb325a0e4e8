"""``xcplan init``: write a starter ``xcplan.toml`` with every setting at a sensible value."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import tomli_w

from xcplan.cli.files import save
from xcplan.cli.output import err
from xcplan.errors import ExitCode, OutputError
from xcplan.io.config import CONFIG_NAME
from xcplan.model.kinds import CHANNEL_KINDS
from xcplan.render.limits import default_settings

HEADER: Final = """\
# xcplan settings for every plan in this folder and below it.
# [brand] drives the brand-voice rules (XC601-XC609); [channels.KIND] overrides the built-in
# channel limits (XC503-XC507); [lint] ignores or re-grades rules. Every key is described in
# xcplan's docs/format.md (section 9), and `xcplan schema --config` prints the schema.

"""

COSTS_HINT: Final = """
# The cost estimate (`xcplan cost`, XC801-XC802) needs prices in the plans' currency: one
# message per channel kind, one segment for SMS; [costs.locales.TAG] for personas in a locale.
# [costs]
# sms = 0.045
# email = 0.0008
# push = 0
"""


def starter(brand: str) -> dict[str, Any]:
    """Return the starter settings: the brand voice, every channel's limits, lint settings."""
    channels = {kind: default_settings(kind) for kind in CHANNEL_KINDS}
    return {
        "brand": {
            "name": brand,
            "voice": ["clear", "warm", "confident"],
            "banned": ["click here", "act now", "risk-free", "100% free"],
            "acronyms": ["SMS", "FAQ", "VIP", "PIN", "URL"],
            "max_exclamations": 1,
            "emoji": "limited",
            "max_sentence_words": 25,
            "max_grade": 8.0,
            "preferred": {"e-mail": "email", "log-in": "log in", "check-out": "checkout"},
        },
        "channels": {kind: values for kind, values in channels.items() if values},
        "lint": {"ignore": [], "severity": {}},
    }


def run(folder: Path, brand: str, force: bool) -> int:
    """Write ``xcplan.toml`` into ``folder``; refuse to overwrite without ``force``."""
    if not folder.is_dir():
        raise OutputError(f"{folder}: no such folder")
    target = folder / CONFIG_NAME
    if target.exists() and not force:
        raise OutputError(f"{target} already exists; use --force to overwrite it")
    text = HEADER + tomli_w.dumps(starter(brand)) + COSTS_HINT
    save(target, text)
    notes = err()
    notes.line(f"wrote {target}")
    notes.line("Next: set [brand] name, banned and preferred terms for your brand.")
    return ExitCode.OK
