"""Campaign templates: every starter plan renders clean and canonical; ``new`` and ``templates``."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

import xcplan
from tests.conftest import EXAMPLES, ROOT
from xcplan.cli import new as new_command
from xcplan.cli import templates as templates_command
from xcplan.errors import ExitCode, InputError, OutputError
from xcplan.io.canonical import dump_plan, scalar
from xcplan.io.config import load_config
from xcplan.io.templates import (
    derive_id,
    find_template,
    list_templates,
    name_from_path,
    render_template,
    templates_dir,
    yaml_text,
)
from xcplan.lint.diagnostics import Severity
from xcplan.lint.engine import check_text
from xcplan.model.config import Config

EXPECTED = ("cart-abandonment", "loyalty", "product-launch", "welcome", "winback")
NAMES = [template.name for template in list_templates()]
START = dt.date(2026, 4, 1)

# (campaign name, locale, expected id)
CASES = [
    pytest.param("Spring sale", "en", "spring-sale", id="default"),
    pytest.param("Wiosenna promocja", "pl", "wiosenna-promocja", id="polish"),
    pytest.param('Sale: "50%" #1', "en-GB", "sale-50-1", id="yaml-hostile"),
    pytest.param("On", "no", "on", id="yaml-11-booleans"),
    pytest.param("2026", "en-US", "2026", id="number-like"),
]


@pytest.fixture(scope="module")
def brand_config() -> Config:
    """The examples' xcplan.toml: brand voice and channel limits."""
    return load_config(EXAMPLES / "xcplan.toml")


def _problems(text: str, config: Config) -> list[str]:
    result = check_text(text, "new.yaml", config)
    assert result.plan is not None, [d.message for d in result.diagnostics]
    return [
        f"{d.line}:{d.column}: {d.code} {d.severity.value}: {d.message}"
        for d in result.diagnostics
        if d.severity is not Severity.INFO
    ]


def test_the_five_starter_templates_exist_with_descriptions() -> None:
    assert set(EXPECTED) <= set(NAMES)
    for template in list_templates():
        assert template.description, template.name
        assert "\n" not in template.description
        first = template.path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("{# description: ")
        assert template.path.parent == templates_dir()


@pytest.mark.parametrize("template", NAMES)
def test_renders_with_defaults(template: str, brand_config: Config) -> None:
    text = render_template(template, name_="Spring sale", id=None, locale="en", start=None)
    assert _problems(text, brand_config) == []
    result = check_text(text, "new.yaml", brand_config)
    assert result.plan is not None
    assert dump_plan(result.plan) == text
    campaign = result.plan.campaign
    assert campaign.start == dt.date.today()
    assert campaign.end == dt.date.today() + dt.timedelta(weeks=6)
    assert campaign.locale == "en"
    assert "  locale:" not in text.split("personas:")[0]


@pytest.mark.parametrize("template", NAMES)
@pytest.mark.parametrize(("name", "locale", "expected_id"), CASES)
def test_renders_clean_and_canonical(
    template: str, name: str, locale: str, expected_id: str, brand_config: Config
) -> None:
    text = render_template(template, name_=name, id=None, locale=locale, start=START, end=None)
    assert _problems(text, brand_config) == []
    result = check_text(text, "new.yaml", brand_config)
    assert result.plan is not None
    assert dump_plan(result.plan) == text
    campaign = result.plan.campaign
    assert (campaign.name, campaign.id, campaign.locale) == (name, expected_id, locale)
    assert (campaign.start, campaign.end) == (START, dt.date(2026, 5, 13))


@pytest.mark.parametrize("template", NAMES)
def test_plan_meets_the_method(template: str) -> None:
    """Two to four personas, four channel kinds, an experiment, and every persona reached."""
    text = render_template(template, name_="Plan", locale="en", start=START)
    plan = check_text(text).plan
    assert plan is not None
    assert 2 <= len(plan.personas) <= 4
    kinds = {channel.id: channel.kind for channel in plan.channels}
    assert len(set(kinds.values())) >= 4
    for persona in plan.personas:
        assert persona.size and persona.profile and persona.preferred_channels
        reached = {kinds[c] for cells in plan.map[persona.id].values() for c in cells}
        assert len(reached) >= 3, persona.id
        assert set(persona.preferred_channels) <= reached, persona.id
    experiments = [t.experiment for t in plan.touchpoints if t.experiment is not None]
    assert experiments
    assert any(t.exit_on for t in plan.touchpoints)
    assert any(t.after for t in plan.touchpoints)
    assert plan.campaign.kpis
    assert plan.policies is not None


@pytest.mark.parametrize("template", NAMES)
def test_declares_its_events_and_a_scenario_with_expectations(template: str) -> None:
    text = render_template(template, name_="Plan", locale="en", start=START)
    plan = check_text(text).plan
    assert plan is not None
    declared = {event.id for event in plan.events}
    used = {t.trigger for t in plan.touchpoints if t.trigger} | {
        event for t in plan.touchpoints for event in t.exit_on
    }
    assert used <= declared, sorted(used - declared)
    assert plan.scenarios
    assert all(
        s.expect is not None and (s.expect.sent or s.expect.not_sent) for s in plan.scenarios
    )


@pytest.mark.parametrize("template", NAMES)
def test_copy_is_english_for_every_locale(template: str) -> None:
    english = render_template(template, name_="Plan", locale="en", start=START)
    polish = render_template(template, name_="Plan", locale="pl", start=START)
    assert polish.replace("  locale: pl\n", "", 1) == english


def test_explicit_id_and_dates() -> None:
    text = render_template(
        "welcome",
        name_="Spring sale",
        id="spring_2026",
        locale="en",
        start=dt.date(2026, 3, 1),
        end=dt.date(2026, 3, 1),
    )
    assert "  id: spring_2026\n" in text
    assert "  start: 2026-03-01\n  end: 2026-03-01\n" in text


def test_only_end_given_starts_today() -> None:
    end = dt.date.today() + dt.timedelta(days=10)
    text = render_template("welcome", name_="X", end=end)
    assert f"  start: {dt.date.today().isoformat()}\n  end: {end.isoformat()}\n" in text


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": START, "end": dt.date(2026, 3, 31)}, "before the start"),
        ({"locale": "en_GB"}, "BCP 47"),
        ({"locale": "english!"}, "BCP 47"),
        ({"id": "Spring Sale"}, "not a valid campaign id"),
        ({"id": "a" * 65}, "not a valid campaign id"),
        ({"id": "spring--sale"}, "not a valid campaign id"),
    ],
)
def test_invalid_inputs_are_one_line_errors(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message) as raised:
        render_template("welcome", name_="Spring sale", **kwargs)  # type: ignore[arg-type]
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize("name", ["", "   ", "two\nlines", "tab\there"])
def test_bad_names_are_refused(name: str) -> None:
    with pytest.raises(InputError, match="campaign name"):
        render_template("welcome", name_=name)


def test_name_is_stripped() -> None:
    text = render_template("welcome", name_="  Spring sale  ", start=START)
    assert "  name: Spring sale\n" in text


def test_unknown_template_names_the_choices() -> None:
    with pytest.raises(InputError, match="unknown template `welcom`") as raised:
        render_template("welcom", name_="X")
    assert "welcome" in str(raised.value)
    with pytest.raises(InputError, match="unknown template"):
        find_template("../welcome")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Zażółć gęślą jaźń", "zazolc-gesla-jazn"),
        ("ZAŻÓŁĆ GĘŚLĄ JAŹŃ", "zazolc-gesla-jazn"),
        ("Spring sale", "spring-sale"),
        ('Sale: "50%" #1', "sale-50-1"),
        ("  --Black   Friday!!--  ", "black-friday"),
        ("Große Straße Ærø Œuvre Þing", "grosse-strasse-aero-oeuvre-thing"),
        ("Crème brûlée café", "creme-brulee-cafe"),
        ("ﬁnal ① offer", "final-1-offer"),
        ("snake_case name", "snake-case-name"),
        ("春のセール", "campaign"),
        ("!!!", "campaign"),
        ("", "campaign"),
        ("x" * 70, "x" * 64),
        ("a" * 63 + " b", "a" * 63),
    ],
)
def test_derive_id(name: str, expected: str) -> None:
    assert derive_id(name) == expected


@pytest.mark.parametrize(
    ("file_name", "expected"),
    [
        ("spring-sale.yaml", "Spring sale"),
        ("black_friday_2026.yml", "Black friday 2026"),
        ("q3.loyalty.yaml", "Q3 loyalty"),
        ("already Named.yaml", "Already Named"),
        (".yaml", "New campaign"),
    ],
)
def test_name_from_path(file_name: str, expected: str) -> None:
    assert name_from_path(Path("plans") / file_name) == expected


@pytest.mark.parametrize("value", ["plain", 'Sale: "50%" #1', "no", "2026-01-01", "1.0", "#x", 7])
def test_yaml_text_is_the_canonical_scalar(value: object) -> None:
    assert yaml_text(value) == scalar(value)


def test_yaml_text_of_a_date() -> None:
    assert yaml_text(dt.date(2026, 4, 1)) == "2026-04-01"


def test_templates_in_another_folder(tmp_path: Path) -> None:
    (tmp_path / "mini.yaml.j2").write_text(
        "{# description: A tiny plan #}\nname: {{ name | yaml_text }}\n", encoding="utf-8"
    )
    (tmp_path / "broken.yaml.j2").write_text("{{ missing }}\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not a template\n", encoding="utf-8")
    found = list_templates(tmp_path)
    assert [(t.name, t.description) for t in found] == [("broken", ""), ("mini", "A tiny plan")]
    assert render_template("mini", name_="a: b", folder=tmp_path) == 'name: "a: b"\n'
    with pytest.raises(InputError, match="does not render"):
        render_template("broken", name_="x", folder=tmp_path)


def test_sandbox_refuses_unsafe_templates(tmp_path: Path) -> None:
    (tmp_path / "evil.yaml.j2").write_text(
        "{{ name.__class__.__mro__ }}\n{{ ''.__class__.__subclasses__() }}\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match="does not render"):
        render_template("evil", name_="x", folder=tmp_path)


def test_bundled_folder_wins_when_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "xcplan"
    bundled = package / "_library" / "campaign_templates"
    bundled.mkdir(parents=True)
    monkeypatch.setattr(xcplan, "__file__", str(package / "__init__.py"))
    assert templates_dir() == bundled.resolve()
    bundled.rmdir()
    assert templates_dir() == (tmp_path / "campaign_templates").resolve()


def test_source_checkout_uses_the_top_level_folder() -> None:
    assert templates_dir() == ROOT / "campaign_templates"


def test_templates_module_imports_no_ui() -> None:
    probe = (
        "import sys, json, xcplan.io.templates\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert not loaded & {"textual", "rich", "typer", "click"}


# xcplan new


def _new(path: Path, template: str = "welcome", **kwargs: object) -> int:
    args: dict[str, object] = {
        "name": None,
        "locale": "en",
        "campaign_id": None,
        "start": START,
        "end": None,
    }
    args.update(kwargs)
    return new_command.run(path, template, **args)  # type: ignore[arg-type]


def test_new_writes_a_clean_canonical_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "xcplan.toml").write_bytes((EXAMPLES / "xcplan.toml").read_bytes())
    target = tmp_path / "spring-sale.yaml"
    assert _new(target) == ExitCode.OK
    text = target.read_text(encoding="utf-8")
    assert text == render_template("welcome", name_="Spring sale", start=START)
    assert "  id: spring-sale\n  name: Spring sale\n" in text
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"wrote {target} from the `welcome` template" in captured.err
    assert " error:" not in captured.err
    assert " warning:" not in captured.err
    assert "no xcplan.toml" not in captured.err
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_new_with_every_option(tmp_path: Path) -> None:
    target = tmp_path / "plan.yml"
    code = _new(
        target,
        "loyalty",
        name="Program lojalnościowy",
        locale="pl-PL",
        campaign_id="loyalty-pl",
        start=dt.date(2026, 1, 5),
        end=dt.date(2026, 3, 31),
    )
    assert code == ExitCode.OK
    plan = check_text(target.read_text(encoding="utf-8")).plan
    assert plan is not None
    campaign = plan.campaign
    assert (campaign.id, campaign.name, campaign.locale) == (
        "loyalty-pl",
        "Program lojalnościowy",
        "pl-PL",
    )
    assert (campaign.start, campaign.end) == (dt.date(2026, 1, 5), dt.date(2026, 3, 31))


def test_new_says_when_no_config_applies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".git").mkdir()
    assert _new(tmp_path / "plan.yaml", "winback") == ExitCode.OK
    assert "no xcplan.toml applies" in capsys.readouterr().err


def test_new_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    target.write_text("keep me\n", encoding="utf-8")
    with pytest.raises(OutputError, match="already exists") as raised:
        _new(target)
    assert raised.value.exit_code == ExitCode.USAGE
    assert "\n" not in str(raised.value)
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]


def test_new_refuses_a_folder_or_a_dangling_link(tmp_path: Path) -> None:
    (tmp_path / "folder.yaml").mkdir()
    with pytest.raises(OutputError, match="already exists"):
        _new(tmp_path / "folder.yaml")
    link = tmp_path / "link.yaml"
    link.symlink_to(tmp_path / "nowhere.yaml")
    with pytest.raises(OutputError, match="already exists"):
        _new(link)
    assert not (tmp_path / "nowhere.yaml").exists()


def test_new_creates_no_folders(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "plan.yaml"
    with pytest.raises(OutputError, match="no such folder") as raised:
        _new(target)
    assert raised.value.exit_code == ExitCode.USAGE
    assert not (tmp_path / "missing").exists()


def test_new_wants_a_yaml_file_name(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"must end in \.yaml or \.yml"):
        _new(tmp_path / "plan.txt")
    assert list(tmp_path.iterdir()) == []


def test_new_unknown_template_suggests(tmp_path: Path) -> None:
    with pytest.raises(InputError) as raised:
        _new(tmp_path / "plan.yaml", "winbak")
    message = str(raised.value)
    assert message.startswith("unknown template `winbak`; did you mean `winback`?")
    assert raised.value.exit_code == ExitCode.USAGE
    assert list(tmp_path.iterdir()) == []


def test_new_bad_input_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="before the start"):
        _new(tmp_path / "plan.yaml", end=dt.date(2026, 1, 1))
    with pytest.raises(InputError, match="BCP 47"):
        _new(tmp_path / "plan.yaml", locale="polish language")
    assert list(tmp_path.iterdir()) == []


# xcplan templates


def test_templates_lists_all_five(capsys: pytest.CaptureFixture[str]) -> None:
    assert templates_command.run() == ExitCode.OK
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["TEMPLATE", "DESCRIPTION"]
    listed = {line.split()[0]: line for line in lines[1:]}
    assert set(EXPECTED) <= set(listed)
    column = lines[0].index("DESCRIPTION")
    for template in list_templates():
        line = listed[template.name]
        assert line[column:] == template.description
        assert line[:column].rstrip() == template.name
