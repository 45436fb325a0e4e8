"""The hooks in ``.pre-commit-hooks.yaml`` work: pre-commit itself runs them on a repository.

``pre-commit try-repo`` installs xcplan from this repository (its committed state plus what is
staged) into a fresh environment, as a team's ``pre-commit install`` would, and runs every hook
on a temporary repository of plans. Installing takes the longest (a few seconds with pip's
cache, longer on a cold one); the environment is made once for the module.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT
from tests.git_repo import git

BASE = FIXTURES / "diff" / "base.yaml"


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return found


def _git(repo: Path, *args: str) -> None:
    done = git(repo, *args)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (ROOT / ".git").exists():
        pytest.skip("the hooks are tried from a git checkout of xcplan")
    return tmp_path_factory.mktemp("pre-commit-home")


def _try(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["PRE_COMMIT_HOME"] = str(home)
    return subprocess.run(
        [_tool("pre-commit"), "try-repo", str(ROOT), "--all-files", "--color", "never"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        env=env,
    )


def _hook_lines(output: str) -> dict[str, str]:
    lines: dict[str, str] = {}
    for line in output.splitlines():
        if line.startswith("xcplan ") and "..." in line:
            name, _, result = line.partition("..")
            lines[name.strip(".")] = result.strip(".").strip()
    return lines


def test_hooks_pass_then_catch_and_fix(tmp_path: Path, home: Path) -> None:
    repo = tmp_path / "plans-repo"
    (repo / "plans").mkdir(parents=True)
    (repo / ".github").mkdir()
    shutil.copy(BASE, repo / "plans" / "spring.yaml")
    (repo / "plans" / "other.yaml").write_text("name: not a plan\n", encoding="utf-8")
    (repo / ".github" / "ci.yml").write_text("on: [push]\n", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "plans")

    clean = _try(repo, home)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert _hook_lines(clean.stdout) == {
        "xcplan validate": "Passed",
        "xcplan fmt --check": "Passed",
        "xcplan fmt": "Passed",
    }

    plan = repo / "plans" / "spring.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("name: Spring sale", 'name: "Spring sale"'),
        encoding="utf-8",
    )
    (repo / "plans" / "broken.yaml").write_text("xcplan: 1\ncampaign: [\n", encoding="utf-8")
    _git(repo, "add", ".")
    caught = _try(repo, home)
    assert caught.returncode == 1
    results = _hook_lines(caught.stdout)
    assert results["xcplan validate"] == "Failed"
    assert results["xcplan fmt --check"] == "Failed"
    assert results["xcplan fmt"] == "Failed"
    assert "plans/broken.yaml:3:1: XC001" in caught.stdout
    assert "would reformat plans/spring.yaml" in caught.stdout
    assert "reformatted plans/spring.yaml" in caught.stdout
    # The fixing hook rewrote the plan in canonical form; the broken one it left alone.
    assert plan.read_text(encoding="utf-8") == BASE.read_text(encoding="utf-8")
    assert (repo / "plans" / "broken.yaml").read_text(
        encoding="utf-8"
    ) == "xcplan: 1\ncampaign: [\n"
