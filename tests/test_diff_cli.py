"""``xcplan diff`` on the command line: files, ``--rev``, git's diff driver and textconv.

The git tests make a real repository in a temporary folder and let git call xcplan, exactly as
the README tells a team to set it up.
"""

from __future__ import annotations

import json
import shlex
import shutil
import sys
from pathlib import Path

import pytest

from tests.cli_runner import xcplan
from tests.conftest import FIXTURES
from tests.git_repo import git

BASE = FIXTURES / "diff" / "base.yaml"
CONFIG = FIXTURES / "diff" / "xcplan.toml"
CHANGED = BASE.read_text(encoding="utf-8").replace(
    "    delay: 1h\n    exit_on:\n      - purchase\n", "    delay: 1h\n"
)
XCPLAN = f"{shlex.quote(sys.executable)} -m xcplan"


@pytest.fixture
def plans(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    shutil.copy(BASE, old)
    new.write_text(CHANGED, encoding="utf-8")
    shutil.copy(CONFIG, tmp_path / "xcplan.toml")
    return old, new


def test_exit_1_when_the_plans_differ(plans: tuple[Path, Path]) -> None:
    old, new = plans
    run = xcplan("diff", str(old), str(new))
    assert run.code == 1, run.stderr
    assert "no longer stops on `purchase`" in run.stdout
    assert run.stdout.splitlines()[-1] == "1 changed."
    assert "\x1b" not in run.stdout


def test_exit_0_when_the_plans_mean_the_same(plans: tuple[Path, Path], tmp_path: Path) -> None:
    old, _new = plans
    formatted = tmp_path / "formatted.yaml"
    shutil.copy(old, formatted)
    formatted.write_text(
        formatted.read_text(encoding="utf-8").replace('start: "21:00"', "start: '21:00'"),
        encoding="utf-8",
    )
    run = xcplan("diff", str(old), str(formatted))
    assert run.code == 0
    assert run.stdout.splitlines()[-1] == "No change: the two plans mean the same."


def test_markdown_and_json(plans: tuple[Path, Path]) -> None:
    old, new = plans
    markdown = xcplan("diff", "--format", "markdown", str(old), str(new))
    assert markdown.code == 1
    assert markdown.stdout.startswith("### xcplan diff: ")
    document = json.loads(xcplan("diff", "-f", "json", str(old), str(new)).stdout)
    assert document["same"] is False
    assert document["sections"][0]["changes"][0]["id"] == "cart-sms"


def test_colour_on_request_and_never_with_no_color(
    plans: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = plans
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in xcplan("diff", str(old), str(new)).stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in xcplan("diff", str(old), str(new)).stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.yaml", "other.yaml"], "missing.yaml: cannot read: No such file"),
        (["one.yaml"], "diff takes OLD NEW"),
        (["a", "b", "c"], "diff takes OLD NEW"),
        (["--format", "html", "a", "b"], "'html' is not one of text, markdown, json"),
        (["--textconv", "a", "b"], "--textconv takes one plan file"),
    ],
)
def test_usage_problems_are_one_line_and_exit_2(
    args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(BASE, tmp_path / "one.yaml")
    run = xcplan("diff", *args)
    assert run.code == 2
    assert message in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert "Traceback" not in run.stderr


def test_a_plan_that_does_not_load_is_named_and_exit_2(plans: tuple[Path, Path]) -> None:
    old, new = plans
    new.write_text("xcplan: 1\ncampaign: [\n", encoding="utf-8")
    run = xcplan("diff", str(old), str(new))
    assert run.code == 2
    (line,) = run.stderr.strip().splitlines()
    assert f"{new}:" in line
    assert "XC001" in line
    assert "cannot be compared" in line


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    (repo / "plans").mkdir(parents=True)
    shutil.copy(BASE, repo / "plans" / "spring.yaml")
    shutil.copy(CONFIG, repo / "xcplan.toml")
    assert git(repo, "init", "-q").returncode == 0
    assert git(repo, "add", ".").returncode == 0
    assert git(repo, "commit", "-qm", "spring").returncode == 0
    (repo / "plans" / "spring.yaml").write_text(CHANGED, encoding="utf-8")
    return repo


def test_rev_compares_the_revision_with_the_work_tree(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo / "plans")
    run = xcplan("diff", "spring.yaml", "--rev", "HEAD")
    assert run.code == 1, run.stderr
    assert run.stdout.startswith("xcplan diff spring.yaml@HEAD → spring.yaml")
    assert "no longer stops on `purchase`" in run.stdout


def test_rev_problems_are_one_line(repo: Path, tmp_path: Path) -> None:
    plan = repo / "plans" / "spring.yaml"
    unknown = xcplan("diff", str(plan), "--rev", "no-such-branch")
    assert unknown.code == 2
    assert "unknown revision `no-such-branch`" in unknown.stderr
    untracked = repo / "plans" / "summer.yaml"
    shutil.copy(BASE, untracked)
    missing = xcplan("diff", str(untracked), "--rev", "HEAD")
    assert missing.code == 2
    assert "summer.yaml: not in revision `HEAD`" in missing.stderr
    outside = tmp_path / "outside.yaml"
    shutil.copy(BASE, outside)
    not_git = xcplan("diff", str(outside), "--rev", "HEAD")
    assert not_git.code == 2
    assert "not in a git repository" in not_git.stderr
    for run in (unknown, missing, not_git):
        assert len(run.stderr.strip().splitlines()) == 1


def _attributes(repo: Path) -> None:
    (repo / ".gitattributes").write_text("*.yaml diff=xcplan\n", encoding="utf-8")


def test_git_diff_driver(repo: Path) -> None:
    _attributes(repo)
    assert git(repo, "config", "diff.xcplan.command", f"{XCPLAN} diff").returncode == 0
    done = git(repo, "diff")
    assert done.returncode == 0, done.stderr
    assert "xcplan diff a/plans/spring.yaml → b/plans/spring.yaml" in done.stdout
    assert "no longer stops on `purchase`" in done.stdout
    # A version that is not a plan does not stop `git diff`: it is said, and shown line by line.
    (repo / "plans" / "spring.yaml").write_text("xcplan: 1\ncampaign: [\n", encoding="utf-8")
    broken = git(repo, "diff")
    assert broken.returncode == 0, broken.stderr
    assert "the plan does not load" in broken.stdout
    assert "+campaign: [" in broken.stdout
    # A new plan, and git's own diff of other files, still work.
    shutil.copy(BASE, repo / "plans" / "autumn.yaml")
    assert git(repo, "add", "-N", "plans/autumn.yaml").returncode == 0
    added = git(repo, "diff", "--", "plans/autumn.yaml")
    assert "a/plans/autumn.yaml → b/plans/autumn.yaml: new plan" in added.stdout


def test_git_textconv(repo: Path) -> None:
    _attributes(repo)
    assert git(repo, "config", "diff.xcplan.textconv", f"{XCPLAN} diff --textconv").returncode == 0
    done = git(repo, "diff")
    assert done.returncode == 0, done.stderr
    assert "-    exit_on:\n-      - purchase\n" in done.stdout
    # A reformatted plan (quotes, a reordered cell) is no change at all.
    assert git(repo, "checkout", "--", ".").returncode == 0
    plan = repo / "plans" / "spring.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace('start: "21:00"', "start: '21:00'"),
        encoding="utf-8",
    )
    assert git(repo, "diff").stdout == ""


def test_textconv_shows_measurements_and_findings(plans: tuple[Path, Path]) -> None:
    old, _new = plans
    run = xcplan("diff", "--textconv", str(old))
    assert run.code == 0
    assert "# touchpoints[cart-sms].variants[a].body for kuba: 93 characters, GSM-7, 1 segment" in (
        run.stdout
    )
    assert "# xcplan: findings" in run.stdout
    broken = old.with_name("broken.yaml")
    broken.write_bytes(b"xcplan: 1\ncampaign: [\x1b\n")
    shown = xcplan("diff", "--textconv", str(broken))
    assert shown.code == 0
    assert shown.stdout.startswith("# xcplan: this file does not load as a plan")
    assert "\x1b" not in shown.stdout


def test_driver_arguments_of_a_rename_and_of_an_unmerged_path(
    plans: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = plans
    run = xcplan(
        "diff",
        "a.yaml",
        str(old),
        "1" * 40,
        "100644",
        str(new),
        "2" * 40,
        "100644",
        "b.yaml",
        "similarity index 90%",
    )
    assert run.code == 0, run.stderr
    assert run.stdout.startswith("xcplan diff a/a.yaml → b/b.yaml")
    assert "no longer stops on `purchase`" in run.stdout
    monkeypatch.setenv("GIT_DIFF_PATH_COUNTER", "1")
    unmerged = xcplan("diff", "a.yaml")
    assert unmerged.code == 0
    assert unmerged.stdout == "xcplan diff a.yaml: unmerged\n"
