"""The terminal belongs to the user: no command lets plan text reach it as escape sequences."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from tests.cli_runner import Run, xcplan
from xcplan.cli import output
from xcplan.render.hidden import json_safe, terminal_safe

# OSC 52 (write the clipboard), clear screen and home, set the window title, the same through
# C1 controls (CSI, OSC, ST), a bell, DEL and a right-to-left override.
HOSTILE = (
    "\\e]52;c;aGVsbG8=\\a\\e[2J\\e[H\\e]0;pwned\\a\\x9b2J\\x9d0;t\\x9c\\x7f\\u202e\\x07\\r\\x1b[8m"
)
PLAN = f"""\
xcplan: 1
campaign:
  id: c
  name: "Camp {HOSTILE}"
  objective: "Sell {HOSTILE}"
  owner: "Team {HOSTILE}"
  vars:
    offer: "SAVE {HOSTILE}"
personas:
  - id: p
    name: "Nadia {HOSTILE} [/b] [link=x]"
    summary: "Sum {HOSTILE}"
    profile:
      first_name: "N {HOSTILE}"
channels:
  - id: s
    kind: sms
    name: "SMS {HOSTILE}"
map:
  p:
    onboarding: [s]
touchpoints:
  - id: t
    name: "Hello {HOSTILE}"
    personas: [p]
    stage: onboarding
    channel: s
    variants:
      - id: a
        body: "Hi {{{{ first_name }}}} {{{{ offer }}}} {HOSTILE} Reply STOP"
        notes: "note {HOSTILE}"
"""
OURS = re.compile(r"\x1b\[[0-9;]*m")  # the printer's own colours, on a terminal
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]")


def _assert_safe(text: str, what: str) -> None:
    leftover = RAW.search(OURS.sub("", text))
    assert leftover is None, (what, text[max(0, leftover.start() - 40) : leftover.end() + 40])


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(PLAN, encoding="utf-8")
    assert "\x1b" in yaml.safe_load(PLAN)["campaign"]["name"]
    return path


@pytest.fixture(params=[False, True], ids=["pipe", "terminal"])
def terminal(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    on: bool = request.param
    monkeypatch.setattr(output, "is_terminal", lambda stream: on)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return on


def _both(run: Run, what: str) -> None:
    _assert_safe(run.stdout, f"{what} stdout")
    _assert_safe(run.stderr, f"{what} stderr")


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_validate(plan: Path, fmt: str, terminal: bool) -> None:
    run = xcplan("validate", "--format", fmt, str(plan))
    assert run.code == 1  # XC509 errors
    _both(run, f"validate {fmt}")
    if fmt == "json":
        found = json.loads(run.stdout)
        assert any("\x1b" in d["message"] for d in found if d["code"] == "XC509") or found


def test_preview(plan: Path, terminal: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    run = xcplan("preview", str(plan))
    _both(run, "preview")
    assert "Nadia ␛]52;c;aGVsbG8=␇" in run.stdout
    assert "[/b] [link=x]" in run.stdout


def test_fmt_diff_on_a_terminal(plan: Path, terminal: bool) -> None:
    plan.write_text(PLAN.replace("\\e]52", "\x1b]52").replace("\\a", "\x07"), encoding="utf-8")
    run = xcplan("fmt", "--diff", str(plan))
    _assert_safe(run.stderr, "fmt stderr")
    if terminal:
        _assert_safe(run.stdout, "fmt --diff stdout")
    else:
        assert run.stdout == "" or "\x1b" in run.stdout or "XC001" in run.stderr


@pytest.mark.parametrize("fmt", ["yaml", "json", "markdown", "csv"])
def test_export(plan: Path, fmt: str, terminal: bool, tmp_path: Path) -> None:
    config = tmp_path / "xcplan.toml"
    config.write_text('[lint]\nignore = []\n[lint.severity]\nXC509 = "info"\n', encoding="utf-8")
    run = xcplan("export", "--format", fmt, "--config", str(config), str(plan))
    _assert_safe(run.stderr, "export stderr")
    if run.code != 0:
        return  # XC509 cannot be re-graded: the plan is refused, safely
    if terminal or fmt in ("yaml", "json"):
        _assert_safe(run.stdout, f"export {fmt}")


def test_a_file_name_with_an_escape(tmp_path: Path) -> None:
    name = tmp_path / "pl\x1b]0;pwned\x07an.yaml"
    for args in (["validate", str(name)], ["fmt", str(name)], ["export", str(name)]):
        run = xcplan(*args)
        assert run.code == 2
        _both(run, args[0])
        assert "␛]0;pwned␇" in run.stderr
    name.write_text(PLAN, encoding="utf-8")
    _both(xcplan("validate", str(tmp_path)), "validate folder")
    _both(xcplan("fmt", "--check", str(tmp_path)), "fmt folder")


def test_rules_new_templates_and_personas_are_safe(tmp_path: Path) -> None:
    for args in (
        ["rules"],
        ["rules", "XC509"],
        ["rules", "\x1b]0;x\x07"],
        ["templates"],
        ["personas"],
        ["new", str(tmp_path / "n\x1b[2J.yaml"), "--template", "welcome"],
        ["new", str(tmp_path / "m.yaml"), "--template", "\x1b[2Jwelcome"],
        ["\x1b[2J"],
    ):
        _both(xcplan(*args), " ".join(args))


def test_terminal_safe_marks() -> None:
    assert terminal_safe("a\x1b[2Jb\x9bc\u202ed\te\nf\x7f") == "a␛[2Jb⟨U+009B⟩c⟨RLO⟩d\te\nf␡"
    assert terminal_safe("a\nb", one_line=True) == "a␊b"
    assert terminal_safe("ZWJ 👨\u200d👩 ZWNJ می\u200cخواهم") == "ZWJ 👨\u200d👩 ZWNJ می\u200cخواهم"
    assert terminal_safe("\u200bx\u00ad\ufeff") == "⟨ZWSP⟩x⟨SHY⟩⟨BOM⟩"
    data = {"a": "x\x7f\x9b\u202e\x1b"}
    escaped = json_safe(json.dumps(data, ensure_ascii=False))
    assert escaped.isascii() and json.loads(escaped) == data
