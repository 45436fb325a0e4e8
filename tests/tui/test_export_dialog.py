"""The export dialog: formats and paths, a plan with errors, writing and failing to write."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from textual.widgets import Button, Input, OptionList, Static

from tests.cli_runner import xcplan
from tests.tui.hosts import DialogHost, settled
from xcplan.export import ExportFormat
from xcplan.io.config import load_config
from xcplan.lint.diagnostics import Diagnostic, Severity
from xcplan.lint.engine import check_bytes
from xcplan.model.config import Config
from xcplan.model.plan import Plan
from xcplan.tui.dialogs import export as export_module
from xcplan.tui.dialogs.export import ExportDialog, check_target, default_target
from xcplan.tui.dialogs.question import QuestionDialog


def load(path: Path) -> tuple[Plan, Config]:
    """Return the plan in ``path`` and the config beside it."""
    config = load_config(path.parent / "xcplan.toml")
    result = check_bytes(path.read_bytes(), str(path), config)
    assert result.plan is not None
    return result.plan, config


def with_unknown_channel(plan: Plan) -> Plan:
    """Return ``plan`` with its second touchpoint on a channel the plan does not have."""
    touchpoints = list(plan.touchpoints)
    touchpoints[1] = touchpoints[1].model_copy(update={"channel": "fax"})
    return plan.model_copy(update={"touchpoints": touchpoints})


def dialog_for(path: Path, plan: Plan | None = None) -> tuple[DialogHost, ExportDialog]:
    loaded, config = load(path)
    dialog = ExportDialog(plan if plan is not None else loaded, config, path)
    return DialogHost(dialog), dialog


def said_by(host: DialogHost) -> list[str]:
    """Return the messages of the notifications shown so far."""
    return [notification.message for notification in host._notifications]


def path_field(dialog: ExportDialog) -> Input:
    return dialog.query_one("#export-path", Input)


def text_of(dialog: ExportDialog, selector: str) -> str:
    return str(dialog.query_one(selector, Static).render())


# -- choosing ------------------------------------------------------------------------------


def test_default_targets_sit_beside_the_plan() -> None:
    plan = Path("plans/spring.yaml")
    assert default_target(plan, ExportFormat.YAML) == Path("plans/spring.export.yaml")
    assert default_target(plan, ExportFormat.JSON) == Path("plans/spring.export.json")
    assert default_target(plan, ExportFormat.MARKDOWN) == Path("plans/spring.md")
    assert default_target(plan, ExportFormat.CSV) == Path("plans/spring.csv")


def test_check_target(tmp_path: Path) -> None:
    plan = tmp_path / "spring.yaml"
    plan.write_text("xcplan: 1\n")
    (tmp_path / "old.md").write_text("old")
    (tmp_path / "sub").mkdir()
    fresh = check_target("brief.md", plan)
    assert fresh.usable and fresh.path == tmp_path / "brief.md" and fresh.tone == "ok"
    assert check_target(str(tmp_path / "sub" / "b.md"), plan).path == tmp_path / "sub" / "b.md"
    replaced = check_target("old.md", plan)
    assert replaced.usable and replaced.tone == "warning" and "asks before" in replaced.message
    (tmp_path / "other.yaml").write_text("# another plan\nxcplan: 1\ncampaign: {}\n")
    (tmp_path / "xcplan.toml").write_text("[brand]\n")
    for text, says in [
        ("", "Type the path"),
        ("   ", "Type the path"),
        ("sub", "is a folder"),
        ("missing/brief.md", "does not exist"),
        ("spring.yaml", "the plan itself"),
        ("./sub/../spring.yaml", "the plan itself"),
        ("other.yaml", "is a plan: an export never replaces a plan"),
        ("xcplan.toml", "is an xcplan.toml: an export never writes one"),
        ("sub/xcplan.toml", "is an xcplan.toml"),
    ]:
        target = check_target(text, plan)
        assert not target.usable, text
        assert says in target.message, (text, target.message)


async def test_the_path_follows_the_format_until_the_user_edits_it(retail_copy: Path) -> None:
    host, dialog = dialog_for(retail_copy)
    async with host.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert path_field(dialog).value == "retail-app-launch.export.yaml"
        for fmt, name in [
            ("json", "retail-app-launch.export.json"),
            ("markdown", "retail-app-launch.md"),
            ("csv", "retail-app-launch.csv"),
        ]:
            await pilot.click(f"#format-{fmt}")
            await pilot.pause()
            assert dialog.format is ExportFormat(fmt)
            assert path_field(dialog).value == name
        assert text_of(dialog, "#export-target") == f"Writes {retail_copy.parent / name}"
        # The keyboard chooses too: up from CSV is Markdown.
        dialog.query_one("#export-formats").focus()
        await pilot.press("up", "enter")
        await pilot.pause()
        assert dialog.format is ExportFormat.MARKDOWN
        assert path_field(dialog).value == "retail-app-launch.md"
        # A path of the user's own stays when the format changes.
        path_field(dialog).focus()
        await pilot.press("end", *["backspace"] * 40, *"brief.txt")
        await pilot.click("#format-json")
        await pilot.pause()
        assert dialog.format is ExportFormat.JSON
        assert path_field(dialog).value == "brief.txt"


# -- writing -------------------------------------------------------------------------------


async def test_export_markdown_writes_what_the_cli_prints(retail_copy: Path) -> None:
    host, dialog = dialog_for(retail_copy)
    target = retail_copy.parent / "retail-app-launch.md"
    async with host.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert "Checking" not in text_of(dialog, "#export-status")
        assert "No errors. The export lists 5 infos." in text_of(dialog, "#export-status")
        assert not dialog.query_one("#export-write", Button).disabled
        await pilot.click("#format-markdown")
        await pilot.press("ctrl+e")
        await settled(pilot)
        assert host.results == [target]
        assert f"Exported Markdown to {target}" in said_by(host)
    # The same source string as the dialog's (it is in the brief), so the same brief.
    printed = xcplan("export", "--format", "markdown", str(retail_copy))
    assert printed.code == 0, printed.stderr
    assert target.read_text(encoding="utf-8") == printed.stdout
    assert "line 234" in printed.stdout  # findings point at the lines of the file
    assert sorted(p.name for p in retail_copy.parent.iterdir()) == [
        "retail-app-launch.md",
        "retail-app-launch.yaml",
        "xcplan.toml",
    ]  # no temporary file left behind


@pytest.mark.parametrize("fmt", ["yaml", "json", "csv"])
async def test_other_formats_write_what_the_cli_prints(retail_copy: Path, fmt: str) -> None:
    host, _dialog = dialog_for(retail_copy)
    async with host.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.click(f"#format-{fmt}")
        await pilot.pause()
        await pilot.click("#export-write")
        await settled(pilot)
    [written] = host.results
    printed = xcplan("export", "--format", fmt, str(retail_copy))
    assert written.read_bytes().decode("utf-8") == printed.stdout


async def test_enter_in_the_path_field_asks_then_replaces_a_file(retail_copy: Path) -> None:
    old = retail_copy.parent / "old.csv"
    old.write_text("old\n")
    host, dialog = dialog_for(retail_copy)
    async with host.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.click("#format-csv")
        path_field(dialog).focus()
        await pilot.press("end", *["backspace"] * 40, *"old.csv")
        await pilot.pause()
        assert "exists: exporting asks before replacing it" in text_of(dialog, "#export-target")
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(host.screen, QuestionDialog)
        assert host.screen._title == "Replace old.csv?"
        await pilot.click("#choice-cancel")
        await settled(pilot)
        assert host.screen is dialog and host.results == []
        assert old.read_text() == "old\n"
        await pilot.press("enter")
        await settled(pilot)
        await pilot.click("#choice-replace")
        await settled(pilot)
        assert host.results == [old]
    assert old.read_text(encoding="utf-8").startswith("touchpoint,personas,stage")


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        ("spring.yaml", "xcplan: 1\ncampaign: {id: s}\n", "is a plan"),
        ("notes.txt", "# a plan, whatever its name\nxcplan: 1\n", "is a plan"),
        ("xcplan.toml", "[brand]\nname = 'Acme'\n", "is an xcplan.toml"),
    ],
)
async def test_an_export_never_writes_over_a_plan_or_a_config(
    retail_copy: Path, name: str, text: str, says: str
) -> None:
    other = retail_copy.parent / "other"
    other.mkdir()
    target = other / name
    target.write_text(text)
    host, dialog = dialog_for(retail_copy)
    async with host.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        path_field(dialog).focus()
        await pilot.press("end", *["backspace"] * 40, *f"other/{name}")
        await pilot.pause()
        assert says in text_of(dialog, "#export-target")
        await pilot.press("enter")
        await settled(pilot)
        assert host.screen is dialog and host.results == []
        assert any(says in message for message in said_by(host))
    assert target.read_text() == text


async def test_a_file_that_becomes_a_plan_before_it_is_written_is_kept(
    retail_copy: Path,
) -> None:
    """The file is checked again as it is written: one that became a plan after the user
    agreed to replace it is not written over."""
    old = retail_copy.parent / "old.md"
    old.write_text("old\n")
    host, dialog = dialog_for(retail_copy)
    async with host.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.click("#format-markdown")
        path_field(dialog).focus()
        await pilot.press("end", *["backspace"] * 40, *"old.md", "enter")
        await settled(pilot)
        assert isinstance(host.screen, QuestionDialog)
        old.write_text("xcplan: 1\n")
        await pilot.click("#choice-replace")
        await settled(pilot)
        assert host.results == []
        assert any("is a plan" in message for message in said_by(host))
    assert old.read_text() == "xcplan: 1\n"


async def test_a_missing_folder_is_refused_and_nothing_is_written(retail_copy: Path) -> None:
    host, dialog = dialog_for(retail_copy)
    async with host.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        path_field(dialog).focus()
        await pilot.press("end", *["backspace"] * 40, *"briefs/spring.md")
        await pilot.pause()
        missing = retail_copy.parent / "briefs"
        assert text_of(dialog, "#export-target") == f"The folder {missing} does not exist."
        await pilot.press("ctrl+e")
        await settled(pilot)
        assert host.results == []  # the dialog stays open
        assert host.screen is dialog
        assert f"The folder {missing} does not exist." in said_by(host)
    assert not missing.exists()


async def test_a_write_that_fails_writes_nothing_and_says_why(
    retail_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: Path, text: str) -> None:
        raise OSError(errno.EACCES, "Permission denied", str(path.parent))

    monkeypatch.setattr(export_module, "write_atomic", refuse)
    host, dialog = dialog_for(retail_copy)
    target = retail_copy.parent / "retail-app-launch.export.yaml"
    async with host.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("ctrl+e")
        await settled(pilot)
        assert host.results == []
        assert host.screen is dialog
        said = said_by(host)
        assert f"{target}: Permission denied. Nothing was written." in said
        # Once the cause is gone, exporting again works.
        monkeypatch.undo()
        await pilot.press("ctrl+e")
        await settled(pilot)
        assert host.results == [target]
    assert target.exists()


# -- a plan with errors ---------------------------------------------------------------------


async def test_a_plan_with_errors_lists_them_and_goes_to_the_one_chosen(
    retail_copy: Path,
) -> None:
    plan, _config = load(retail_copy)
    host, dialog = dialog_for(retail_copy, with_unknown_channel(plan))
    async with host.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        status = text_of(dialog, "#export-status")
        assert "1 error must be fixed first" in status
        assert dialog.query_one("#export-write", Button).disabled
        errors = dialog.query_one("#export-errors", OptionList)
        assert errors.display and errors.option_count == 1
        assert "XC201" in str(errors.get_option_at_index(0).prompt)
        assert "touchpoints[launch-post].channel" in str(errors.get_option_at_index(0).prompt)
        # Exporting is refused, and says why.
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert "1 error must be fixed first." in said_by(host)
        assert host.results == []
        # The list has the focus: Enter goes to the error.
        assert host.focused is errors
        await pilot.press("enter")
        await pilot.pause()
    [chosen] = host.results
    assert isinstance(chosen, Diagnostic)
    assert chosen.code == "XC201" and chosen.severity is Severity.ERROR
    assert chosen.loc == ("touchpoints", 1, "channel")
    assert sorted(p.name for p in retail_copy.parent.iterdir()) == [
        "retail-app-launch.yaml",
        "xcplan.toml",
    ]


async def test_clicking_an_error_goes_there(retail_copy: Path) -> None:
    plan, _config = load(retail_copy)
    host, _dialog = dialog_for(retail_copy, with_unknown_channel(plan))
    async with host.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.click("#export-errors", offset=(10, 1))
        await pilot.pause()
    [chosen] = host.results
    assert isinstance(chosen, Diagnostic) and chosen.code == "XC201"


async def test_escape_cancels(retail_copy: Path) -> None:
    host, _dialog = dialog_for(retail_copy)
    async with host.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("escape")
        await pilot.pause()
    assert host.results == [None]
    assert sorted(p.name for p in retail_copy.parent.iterdir()) == [
        "retail-app-launch.yaml",
        "xcplan.toml",
    ]
