"""Ignoring and re-grading rules: per entity, and in xcplan.toml; config discovery."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from xcplan.io.config import find_config, load_config
from xcplan.lint.diagnostics import Severity
from xcplan.lint.engine import check_text
from xcplan.lint.rules.experiments import sample_size_per_arm
from xcplan.model.config import Config, LintSettings

MIXED = (FIXTURES / "cli" / "mixed.yaml").read_text(encoding="utf-8")


def _codes(text: str, config: Config | None = None) -> list[str]:
    return [d.code for d in check_text(text, "plan.yaml", config).diagnostics]


def test_baseline_codes() -> None:
    assert _codes(MIXED) == ["XC208", "XC206", "XC207", "XC205", "XC201"]


def test_persona_ignore_silences_findings_about_it_elsewhere() -> None:
    text = MIXED.replace(
        "    name: Nadia, new app user\n",
        "    name: Nadia, new app user\n    ignore:\n      - XC206\n      - XC205\n",
    )
    assert _codes(text) == ["XC208", "XC207", "XC201"]


def test_touchpoint_ignore_covers_what_is_inside_it() -> None:
    text = MIXED.replace("    after: welcom\n", "    after: welcom\n    ignore:\n      - XC201\n")
    assert "XC201" not in _codes(text)


def test_config_ignore_and_severity() -> None:
    config = Config(
        lint=LintSettings(ignore=["XC207"], severity={"XC205": "error", "XC201": "info"})
    )
    result = check_text(MIXED, "plan.yaml", config)
    severities = {d.code: d.severity for d in result.diagnostics}
    assert "XC207" not in severities
    assert severities["XC205"] is Severity.ERROR
    assert severities["XC201"] is Severity.INFO


def test_file_and_schema_errors_cannot_be_ignored() -> None:
    config = Config(lint=LintSettings(ignore=["XC102", "XC004"], severity={"XC101": "info"}))
    text = MIXED.replace("  name: Spring launch\n", "  nmae: Spring launch\n")
    result = check_text(text, "plan.yaml", config)
    by_code = {d.code: d for d in result.diagnostics}
    assert by_code["XC102"].severity is Severity.ERROR
    assert by_code["XC101"].severity is Severity.ERROR
    assert "did you mean `name`?" in by_code["XC102"].message


def test_config_discovery_stops_at_git(tmp_path: Path) -> None:
    (tmp_path / "xcplan.toml").write_text("[brand]\nname = 'Outer'\n", encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "plans" / "q3").mkdir(parents=True)
    assert find_config(repo / "plans" / "q3") is None
    (repo / "xcplan.toml").write_text("[brand]\nname = 'Acme'\n", encoding="utf-8")
    found = find_config(repo / "plans" / "q3")
    assert found == repo / "xcplan.toml"
    config = load_config(found)
    assert config.brand is not None
    assert config.brand.name == "Acme"
    assert find_config(tmp_path / "elsewhere.yaml") == tmp_path / "xcplan.toml"


@pytest.mark.parametrize(
    ("baseline", "mde", "expected"),
    # Hand-computed from the formula in CHANNELS.md.
    [(0.05, 0.2, 8158), (0.1, 0.1, 14751), (0.2, 0.1, 6510), (0.04, 0.2, 10317)],
)
def test_sample_size(baseline: float, mde: float, expected: int) -> None:
    assert sample_size_per_arm(baseline, mde) == expected


def test_sample_size_refuses_impossible_rates() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        sample_size_per_arm(0.6, 1.0)


def test_save_config_round_trips(tmp_path: Path) -> None:
    from xcplan.io.config import save_config
    from xcplan.model.config import Brand, BrandLocale, ChannelSettings

    config = Config(
        brand=Brand(
            name="Acme",
            banned=["cheap"],
            preferred={"e-mail": "email"},
            locales={"pl": BrandLocale(banned=["tanio"])},
        ),
        channels={"sms": ChannelSettings(max_segments=3, opt_out="KONIEC")},
        lint=LintSettings(ignore=["XC207"]),
    )
    target = tmp_path / "xcplan.toml"
    save_config(target, config, header="# brand voice\n")
    assert target.read_text(encoding="utf-8").startswith("# brand voice\n[brand]")
    assert load_config(target) == config
    save_config(target, Config(brand=Brand(name="Other")))
    reread = load_config(target)
    assert reread.brand is not None
    assert reread.brand.name == "Other"
