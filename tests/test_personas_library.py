"""The persona library: every file complete, canonical and valid in a plan; the loader's errors;
the ``xcplan personas`` output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from xcplan.cli import personas as command
from xcplan.errors import InputError
from xcplan.io import library as files
from xcplan.io.canonical import dump_data, model_data
from xcplan.io.yaml_source import parse
from xcplan.lint.diagnostics import Severity
from xcplan.lint.engine import check_text
from xcplan.lint.library import LibraryPersona, list_personas, load_persona, persona_ids
from xcplan.model.kinds import FIELD_USAGE
from xcplan.model.plan import Persona

LIBRARY = ROOT / "personas"
FILES = sorted(LIBRARY.glob("*.yaml"))
IDS = [path.stem for path in FILES]

# Section 3.2 of the format: every field a persona has.
TEXT_FIELDS = ("id", "name", "summary", "lifecycle", "locale")
COLLECTION_FIELDS = (
    "demographics",
    "goals",
    "pain_points",
    "behaviors",
    "motivations",
    "preferred_channels",
    "profile",
)


@pytest.fixture(params=IDS)
def library_persona(request: pytest.FixtureRequest) -> LibraryPersona:
    return load_persona(str(request.param))


def test_the_library_is_found_in_the_checkout() -> None:
    assert files.library_dir(files.PERSONAS) == LIBRARY


def test_the_library_holds_at_least_eight_personas() -> None:
    assert len(FILES) >= 8
    assert persona_ids() == IDS


def test_ids_are_unique_and_match_file_names() -> None:
    personas = list_personas()
    ids = [item.id for item in personas]
    assert ids == IDS
    assert len(set(ids)) == len(ids)
    for item in personas:
        assert item.path.name == f"{item.id}.yaml"


def test_every_persona_is_complete(library_persona: LibraryPersona) -> None:
    persona = library_persona.persona
    for name in TEXT_FIELDS:
        value = getattr(persona, name)
        assert isinstance(value, str), name
        assert value.strip(), name
    for name in COLLECTION_FIELDS:
        assert getattr(persona, name), name
    assert persona.size is not None
    assert persona.size > 0
    assert len(persona.profile) >= 3
    assert len(persona.preferred_channels) == len(set(persona.preferred_channels))
    for entries in (persona.goals, persona.pain_points, persona.behaviors, persona.motivations):
        assert all(entry.strip() for entry in entries)


def test_every_file_is_canonical(library_persona: LibraryPersona) -> None:
    text = library_persona.path.read_text(encoding="utf-8")
    assert files.persona_text(library_persona.persona) == text
    assert dump_data(model_data(library_persona.persona)) == text


def test_the_library_has_polish_and_arabic_personas() -> None:
    locales = {item.persona.locale for item in list_personas()}
    assert {"pl-PL", "ar-AE"} <= locales


def _variant(kind: str) -> dict[str, Any]:
    variant: dict[str, Any] = {"id": "a"}
    for field, usage in FIELD_USAGE[kind].items():
        if usage != "required":
            continue
        if field == "body":
            body = "Something new is waiting near {{ city }}."
            if kind == "email":
                body += "\nUnsubscribe: {{ unsubscribe_url }}"
            if kind == "sms":
                body += " Reply STOP to opt out."
            variant[field] = body
        else:
            variant[field] = "Something new for you"
    return variant


def _plan_text(persona: Persona) -> str:
    kinds = list(persona.preferred_channels)
    head: dict[str, Any] = {
        "xcplan": 1,
        "campaign": {
            "id": "library-check",
            "name": "Library check",
            "objective": "Show that a library persona is valid in a plan.",
            "locale": persona.locale,
        },
    }
    tail: dict[str, Any] = {
        "channels": [{"id": kind, "kind": kind} for kind in kinds],
        "map": {persona.id: {"retention": kinds}},
        "touchpoints": [
            {
                "id": f"{kind}-news",
                "personas": [persona.id],
                "stage": "retention",
                "channel": kind,
                "variants": [_variant(kind)],
            }
            for kind in kinds
        ],
    }
    return dump_data(head) + "personas:\n" + files.plan_snippet(persona) + dump_data(tail)


def test_every_persona_is_valid_in_a_plan(library_persona: LibraryPersona) -> None:
    text = _plan_text(library_persona.persona)
    result = check_text(text, "check.yaml")
    assert result.plan is not None, [str(d) for d in result.diagnostics]
    serious = [d for d in result.diagnostics if d.severity is not Severity.INFO]
    assert serious == [], text
    assert not [d for d in result.diagnostics if d.code.startswith("XC1")]
    assert result.plan.personas == [library_persona.persona]


def test_list_is_a_plain_aligned_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert command.run(None) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [*command.HEADERS[:-2], "preferred", "channels", "summary"]
    assert [line.split()[0] for line in lines[1:]] == IDS
    name_column = lines[0].index("name")
    summary_column = lines[0].index("summary")
    for line, item in zip(lines[1:], list_personas(), strict=True):
        persona = item.persona
        assert line[name_column:].startswith(persona.name)
        assert line[summary_column:] == command.one_line(persona.summary)
        assert f"{persona.size:,}" in line
        assert ", ".join(persona.preferred_channels) in line


def test_one_line_summary() -> None:
    assert command.one_line("First sentence. Second one.") == "First sentence."
    assert command.one_line("word " * 40, 20) == "word word word word…"
    assert command.one_line(None) == ""


@pytest.mark.parametrize("persona_id", IDS)
def test_show_prints_every_field(persona_id: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert command.run(persona_id) == 0
    out = capsys.readouterr().out
    persona = load_persona(persona_id).persona
    assert out.startswith(f"{persona.name} ({persona.id})\n")
    flat = " ".join(out.split())
    assert persona.summary is not None
    assert " ".join(persona.summary.split()) in flat
    assert persona.lifecycle in out
    assert f"{persona.size:,} people" in out
    assert f"{persona.locale}\n" in out
    assert ", ".join(persona.preferred_channels) in out
    for key, value in persona.demographics.items():
        assert f"  {key}: {value}\n" in out
    for entry in [*persona.goals, *persona.pain_points, *persona.behaviors, *persona.motivations]:
        assert f"- {' '.join(entry.split())}" in flat
    for key, value in persona.profile.items():
        shown = ", ".join(value) if isinstance(value, list) else str(value)
        assert f"  {key}: {shown}\n" in out
    if persona.notes:
        assert " ".join(persona.notes.split()) in flat
    assert f"xcplan personas {persona_id} --yaml" in out


@pytest.mark.parametrize("persona_id", IDS)
def test_yaml_is_ready_to_paste_into_a_plan(
    persona_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert command.run(persona_id, as_yaml=True) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"  - id: {persona_id}\n")
    assert out.endswith("\n")
    assert not out.endswith("\n\n")
    parsed = parse("personas:\n" + out)
    assert parsed.problems == []
    persona = load_persona(persona_id).persona
    assert Persona.model_validate(parsed.data["personas"][0]) == persona
    body = "".join(line[4:] + "\n" for line in out.splitlines())
    assert body == files.persona_text(persona)


def test_yaml_needs_an_id() -> None:
    with pytest.raises(InputError, match="--yaml` needs a persona id"):
        command.run(None, as_yaml=True)


def test_unknown_id_suggests_the_closest() -> None:
    with pytest.raises(InputError) as caught:
        command.run("loyal-regualr")
    assert str(caught.value) == (
        "no persona `loyal-regualr` in the library; did you mean `loyal-regular`?"
    )
    with pytest.raises(InputError) as unknown:
        load_persona("zzz")
    assert str(unknown.value) == "no persona `zzz` in the library; `xcplan personas` lists them"


def test_an_id_is_never_a_path() -> None:
    with pytest.raises(InputError, match="no persona"):
        load_persona("../examples/retail-app-launch")


@pytest.fixture
def tmp_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(files, "library_dir", lambda name: tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


GOOD = "id: good\nname: Gail, good persona\nprofile:\n  first_name: Gail\n"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "typo",
            "id: typo\nname: Tom\nlifecyle: loyal\n",
            "typo.yaml:3:1: XC102 unknown field `lifecyle` in persona `typo`; "
            "did you mean `lifecycle`?",
        ),
        (
            "choice",
            "id: choice\nname: Cho\nlifecycle: loyl\n",
            "choice.yaml:3:12: XC104 `loyl` is not a valid `lifecycle` (one of `prospect`, "
            "`new`, `active`, `loyal`, `lapsed`); did you mean `loyal`?",
        ),
        (
            "missing",
            "id: missing\nsummary: No name here.\n",
            "missing.yaml:1:1: XC101 persona `missing` is missing the required field `name`",
        ),
        (
            "quote",
            "id: quote\nname: Quinn\nlocale: no\n",
            "quote.yaml:3:9: XC103 `locale` must be text, but YAML read `no` as the boolean "
            'false; quote it: `locale: "no"`',
        ),
        (
            "several",
            "id: several\nname: Sev\nsize: -1\nchannels: [email]\n",
            "several.yaml:3:7: XC104 `size` must be 0 or more (and 1 more problem in this file)",
        ),
        (
            "syntax",
            "id: syntax\nname: [Sy\n",
            "syntax.yaml:3:1: XC001",
        ),
        (
            "dupe",
            "id: dupe\nname: One\nname: Two\n",
            "dupe.yaml:3:1: XC004 duplicate key `name` (first at line 2)",
        ),
        (
            "listed",
            "- id: listed\n  name: Lis\n",
            "listed.yaml:1:1: a persona file holds the fields of one persona as a mapping; this "
            "one is a list; write the fields at the top level, without a leading `- `",
        ),
        (
            "renamed",
            "id: other\nname: Ren\n",
            "renamed.yaml:1:5: the persona's id `other` does not match its file name: rename "
            "the file to `other.yaml` or the id to `renamed`",
        ),
    ],
)
def test_a_broken_file_names_its_place(
    tmp_library: Path, name: str, text: str, message: str
) -> None:
    (tmp_library / "good.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_library / f"{name}.yaml").write_text(text, encoding="utf-8")
    assert load_persona("good").persona.profile == {"first_name": "Gail"}
    with pytest.raises(InputError) as caught:
        load_persona(name)
    assert str(caught.value).startswith(message)
    with pytest.raises(InputError) as listed:
        command.run(None)
    assert str(listed.value) == str(caught.value)


def test_a_file_that_is_not_utf8(tmp_library: Path) -> None:
    (tmp_library / "latin.yaml").write_bytes(b"id: latin\nname: Jos\xe9\n")
    with pytest.raises(InputError, match=r"^latin\.yaml:2:10: XC001 the file is not UTF-8"):
        load_persona("latin")


def test_only_visible_yaml_files_count(tmp_library: Path) -> None:
    (tmp_library / "good.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_library / ".hidden.yaml").write_text("not: a persona\n", encoding="utf-8")
    (tmp_library / "readme.md").write_text("# Personas\n", encoding="utf-8")
    (tmp_library / "folder.yaml").mkdir()
    assert [item.id for item in list_personas()] == ["good"]


def test_an_empty_library(tmp_library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert command.run(None) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "The persona library is empty.\n"


def test_library_dir_prefers_the_bundled_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "site" / "xcplan"
    monkeypatch.setattr(files, "_PACKAGE", package)
    with pytest.raises(InputError, match="no personas library found"):
        files.library_dir("personas")
    (tmp_path / "site" / "personas").mkdir(parents=True)
    assert files.library_dir("personas") == tmp_path / "site" / "personas"
    (package / "_library" / "personas").mkdir(parents=True)
    assert files.library_dir("personas") == package / "_library" / "personas"


@pytest.mark.parametrize("module", ["xcplan.io.library", "xcplan.lint.library"])
def test_library_modules_import_no_ui(module: str) -> None:
    probe = (
        f"import {module}, sys, json\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert not loaded & {"textual", "rich", "typer", "click"}


def test_io_library_does_not_import_lint() -> None:
    probe = (
        "import xcplan.io.library, sys\n"
        "print(any(m.startswith('xcplan.lint') for m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False"


def _personas_command_wired() -> bool:
    from xcplan.cli.app import app

    return any(
        (c.name or getattr(c.callback, "__name__", "")) == "personas"
        for c in app.registered_commands
    )


@pytest.mark.skipif(not _personas_command_wired(), reason="`xcplan personas` is not wired yet")
def test_the_command_line() -> None:
    from tests.cli_runner import xcplan

    listed = xcplan("personas")
    assert listed.code == 0
    assert [line.split()[0] for line in listed.stdout.splitlines()[1:]] == IDS
    shown = xcplan("personas", "busy-parent", "--yaml")
    assert shown.code == 0
    assert shown.stdout.startswith("  - id: busy-parent\n")
    unknown = xcplan("personas", "busy-parnet")
    assert unknown.code == 2
    assert "did you mean `busy-parent`?" in unknown.stderr
    assert "Traceback" not in unknown.stderr
