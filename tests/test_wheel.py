"""A wheel install (``pip install .``, not editable) carries the persona library and the
campaign templates: build the wheel, install it into a folder of its own, and run the commands
from there, away from the repository."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(work), str(ROOT)],
        check=True,
        timeout=600,
    )
    (wheel,) = work.glob("xcplan-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "xcplan/_library/personas/busy-parent.yaml" in names
    assert "xcplan/_library/campaign_templates/welcome.yaml.j2" in names

    target = work / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        timeout=600,
    )
    return target


def _run(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # The installed package comes first on the path; the test's own dependencies (typer,
    # pydantic, ...) come from this interpreter. The working folder is not the repository.
    code = (
        "import sys; from xcplan.cli.app import main; sys.argv = ['xcplan', *sys.argv[1:]]; main()"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=site.parent,
        env={"PYTHONPATH": str(site), "XCPLAN_NO_CACHE": "1", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_installed_package_is_the_wheel(installed: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import json, xcplan; print(json.dumps(xcplan.__file__))"],
        cwd=installed.parent,
        env={"PYTHONPATH": str(installed)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout).startswith(str(installed))


def test_personas_from_the_wheel(installed: Path) -> None:
    listing = _run(installed, "personas")
    assert listing.returncode == 0, listing.stderr
    assert "busy-parent" in listing.stdout
    shown = _run(installed, "personas", "busy-parent", "--yaml")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("  - id: busy-parent")


def test_templates_from_the_wheel(installed: Path) -> None:
    listing = _run(installed, "templates")
    assert listing.returncode == 0, listing.stderr
    for name in ("welcome", "cart-abandonment", "winback", "product-launch", "loyalty"):
        assert name in listing.stdout
    target = installed.parent / "spring-sale.yaml"
    made = _run(installed, "new", str(target), "--template", "welcome")
    assert made.returncode == 0, made.stderr
    assert target.read_text(encoding="utf-8").startswith("xcplan: 1\n")
