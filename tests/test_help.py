"""``--help`` reads well on every command: flags carry no type label, values are named."""

from __future__ import annotations

import re

import pytest
import typer.main

from tests.cli_runner import xcplan
from xcplan.cli.app import app

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
TYPE_LABEL = re.compile(r"<(bool|str|int|float|path|list\[[^\]]*\]|[a-z%][^>]*)>")


def test_every_command_is_checked() -> None:
    assert {"validate", "fmt", "diff", "preview", "export", "schema"} <= set(COMMANDS)


@pytest.mark.parametrize("args", [[], *([name] for name in COMMANDS)])
def test_help_has_no_type_labels(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    run = xcplan(*args, "--help")
    assert run.code == 0, run.stderr
    assert "<bool>" not in run.stdout
    assert not TYPE_LABEL.search(run.stdout), TYPE_LABEL.search(run.stdout)


@pytest.mark.parametrize("name", COMMANDS)
def test_values_are_named_in_capitals_and_flags_take_none(name: str) -> None:
    group = typer.main.get_command(app)
    ctx = group.make_context("xcplan", [name, "--help"], resilient_parsing=True)
    command = group.get_command(ctx, name)  # type: ignore[attr-defined]
    assert command is not None
    for param in command.get_params(ctx):
        if getattr(param, "is_flag", False):
            assert param.metavar == "", param.name
        else:
            # A value made of two named parts reads as such: `--event NAME@OFFSET`.
            assert re.fullmatch(r"[A-Z][A-Z_]*(?:@[A-Z][A-Z_]*)?", param.metavar or ""), (
                param.name,
                param.metavar,
            )
