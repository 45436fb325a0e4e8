"""The export dialog: choose a format and a file, see what stops the export, write it.

The dialog checks the plan in a worker thread as it opens, with every rule family, and keeps the
lint context: ``export_plan`` reuses its renderings. A plan with errors cannot be exported; the
dialog lists the errors, and choosing one closes it with that diagnostic so the editor can go
there. The file is written atomically, in a worker thread too. An export asks before it replaces
a file, and never writes over a plan (any file with a top-level ``xcplan:``) or an
``xcplan.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import ClassVar, Final, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from xcplan.export import SUFFIXES, ExportFormat, export_plan
from xcplan.io.atomic import write_atomic
from xcplan.io.canonical import dump_plan
from xcplan.io.config import CONFIG_NAME
from xcplan.io.discovery import looks_like_plan
from xcplan.io.limits import MAX_BYTES
from xcplan.io.yaml_source import parse
from xcplan.lint.context import LintContext
from xcplan.lint.diagnostics import Diagnostic, Severity
from xcplan.lint.engine import lint_plan
from xcplan.model.config import Config
from xcplan.model.plan import Plan
from xcplan.tui.dialogs.question import Choice, QuestionDialog
from xcplan.tui.plain import flat, plain
from xcplan.tui.widgets.fields import FieldInput
from xcplan.tui.widgets.footer import KeysFooter
from xcplan.tui.widgets.problems import SYMBOLS, place_of

FORMAT_NAMES: Final = {
    ExportFormat.YAML: "YAML",
    ExportFormat.JSON: "JSON",
    ExportFormat.MARKDOWN: "Markdown",
    ExportFormat.CSV: "CSV",
}
"""How each format is named to people."""

FORMAT_HELP: Final = {
    ExportFormat.YAML: "The resolved plan, for the systems that send the messages",
    ExportFormat.JSON: "The same resolved plan as JSON, for sending systems and scripts",
    ExportFormat.MARKDOWN: "A brief for people: personas, journeys, messages, experiments",
    ExportFormat.CSV: "The content matrix: one row per message field, for a spreadsheet",
}
"""One line on what each format is for."""

_LISTS_FINDINGS: Final = frozenset({ExportFormat.YAML, ExportFormat.JSON, ExportFormat.MARKDOWN})
"""The formats that carry the plan's warnings and infos."""


def default_target(plan_path: Path, fmt: ExportFormat) -> Path:
    """Return the file an export of ``plan_path`` goes to by default: beside the plan, named
    after it with the format's ending (``plan.yaml`` -> ``plan.export.yaml``, ``plan.md``)."""
    return plan_path.with_name(plan_path.stem + SUFFIXES[fmt])


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@dataclass(frozen=True, slots=True)
class Target:
    """Where the path typed in the dialog leads: the file, and what stops or warns about it."""

    path: Path | None
    """The file to write (relative paths are in the plan's folder); None when there is none."""
    message: str
    tone: Literal["ok", "warning", "error"] = "ok"

    @property
    def usable(self) -> bool:
        """Whether the file can be written."""
        return self.path is not None and self.tone != "error"


def protected(path: Path) -> str | None:
    """Return why an export must never write ``path``, or None when it may.

    Never: an ``xcplan.toml`` (the settings of every plan below it), a plan (a file whose text
    has a top-level ``xcplan:``, whichever plan it is), anything but a regular file.
    """
    if path.name == CONFIG_NAME:
        return f"{path} is an {CONFIG_NAME}: an export never writes one; choose another file."
    if not path.exists():
        return None
    if not path.is_file():
        return f"{path} is not a regular file: choose another file."
    try:
        with path.open("rb") as handle:
            head = handle.read(MAX_BYTES)
    except OSError as error:
        return f"{path} cannot be read ({error.strerror or error}): choose another file."
    if looks_like_plan(head):
        return f"{path} is a plan: an export never replaces a plan; choose another file."
    return None


def check_target(text: str, plan_path: Path) -> Target:
    """Return where ``text`` (a path typed by the user) leads, and whether it can be written.

    A relative path is in the plan's folder. Refused: no path, a folder, a file in a folder
    that does not exist, the plan file itself, any other plan and an ``xcplan.toml``
    (``protected``). A file that exists is replaced after asking (a warning).
    """
    typed = text.strip()
    if not typed:
        return Target(None, "Type the path of the file to write.", "error")
    path = Path(typed).expanduser()
    if not path.is_absolute():
        path = plan_path.parent / path
    if path.is_dir():
        return Target(path, f"{path} is a folder: add a file name.", "error")
    if not path.parent.is_dir():
        return Target(path, f"The folder {path.parent} does not exist.", "error")
    try:
        same = path.resolve() == plan_path.resolve()
    except OSError:
        same = False
    if same:
        return Target(path, "That is the plan itself: choose another file.", "error")
    refused = protected(path)
    if refused is not None:
        return Target(path, refused, "error")
    if path.exists():
        return Target(path, f"{path} exists: exporting asks before replacing it.", "warning")
    return Target(path, f"Writes {path}")


class NotWritten(Exception):
    """The export's file became one an export must not write (see ``protected``)."""


@dataclass(frozen=True, slots=True)
class _Checked:
    """The outcome of checking the plan: its lint context and sorted diagnostics."""

    context: LintContext
    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]


class ExportDialog(ModalScreen[Diagnostic | Path | None]):
    """Export the plan; dismisses with the file written, with the error the user chose to go
    to, or with None on cancel."""

    DEFAULT_CSS = """
    ExportDialog {
        align: center middle;
    }
    #export-box {
        width: 92;
        max-width: 96%;
        height: auto;
        max-height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    #export-box .export-title {
        text-style: bold;
        margin-bottom: 1;
    }
    #export-box .export-label.-file {
        margin-top: 1;
    }
    #export-box .export-label {
        text-style: bold;
        height: 1;
    }
    #export-formats {
        width: 1fr;
        height: auto;
    }
    #export-path {
        width: 1fr;
        background: $boost;
    }
    #export-target {
        height: auto;
        color: $text-muted;
    }
    #export-target.-warning {
        color: $text-warning;
    }
    #export-target.-error {
        color: $text-error;
    }
    #export-status {
        height: auto;
        margin-top: 1;
    }
    #export-status.-checking {
        color: $text-muted;
    }
    #export-status.-error {
        color: $text-error;
        text-style: bold;
    }
    #export-status.-ok {
        color: $text-success;
    }
    #export-errors {
        height: auto;
        max-height: 10;
    }
    #export-buttons {
        dock: bottom;
        height: 2;
        padding-top: 1;
        align-horizontal: right;
        background: $surface;
    }
    #export-buttons Button {
        width: auto;
        min-width: 0;
        padding: 0 1;
        margin-left: 2;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "cancel", "Cancel", id="export.cancel", tooltip="Close without exporting"
        ),
        Binding(
            "ctrl+e",
            "write",
            "Export",
            id="export.write",
            tooltip="Write the export (Enter in the file field does too)",
            priority=True,
        ),
    ]

    def __init__(
        self,
        plan: Plan,
        config: Config,
        plan_path: Path,
        *,
        initial: ExportFormat = ExportFormat.YAML,
    ) -> None:
        """Export ``plan`` (checked with ``config``), whose file is ``plan_path``; the format
        ``initial`` is chosen first."""
        super().__init__()
        self.plan = plan
        self.config = config
        self.plan_path = plan_path
        self.format = initial
        self.checked: _Checked | None = None
        """The plan's lint context and diagnostics, once checked."""
        self._check_failed = ""
        self._auto_path = self._suggested(initial)
        self._path_edited = False
        self._writing = False
        self._writing_to: Path | None = None

    # -- building -------------------------------------------------------------------------

    def _suggested(self, fmt: ExportFormat) -> str:
        return default_target(Path(self.plan_path.name), fmt).name

    def compose(self) -> ComposeResult:
        """Build the formats, the file field, the state of the plan and the buttons."""
        # The buttons are docked: on a small terminal the rest scrolls, and they stay in view.
        with VerticalScroll(id="export-box", can_focus=False):
            with Horizontal(id="export-buttons"):
                yield Button(
                    "Export", id="export-write", variant="primary", compact=True, disabled=True
                )
                yield Button("Cancel", id="export-cancel", compact=True)
            yield Static(
                Text.assemble(
                    "Export ",
                    plain(self.plan.campaign.name, "italic"),
                    plain(f" · {self.plan_path}", "dim"),
                ),
                classes="export-title",
            )
            yield Static("Format", classes="export-label")
            with RadioSet(id="export-formats", compact=True):
                for fmt in ExportFormat:
                    yield RadioButton(
                        Text.assemble((f"{FORMAT_NAMES[fmt]:<10}", "bold"), FORMAT_HELP[fmt]),
                        value=fmt is self.format,
                        id=f"format-{fmt.value}",
                    )
            yield Static(
                Text.assemble(
                    "File", ("  a relative path is in the plan's folder", "not bold dim")
                ),
                classes="export-label -file",
            )
            yield FieldInput(self._auto_path, id="export-path", compact=True)
            yield Static("", id="export-target")
            yield Static("Checking the plan…", id="export-status", classes="-checking")
            yield OptionList(id="export-errors")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        """Check the plan in the background; show where the file goes."""
        self.query_one("#export-errors", OptionList).display = False
        self.query_one("#export-formats", RadioSet).focus()
        self._show_target()
        self.run_worker(
            partial(self._check, self.plan, self.config),
            name="export-check",
            group="export-check",
            description="check the plan for export",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    # -- checking -------------------------------------------------------------------------

    def _check(self, plan: Plan, config: Config) -> _Checked:
        context = LintContext(plan, config)
        # Lines of the plan as it is saved, so the findings an export lists point at the file
        # (a saved plan is in canonical form: these are its lines).
        source_map = parse(dump_plan(plan)).source_map
        diagnostics = lint_plan(
            plan, config, source_map=source_map, file=str(self.plan_path), ctx=context
        )
        return _Checked(context, diagnostics)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        event.stop()
        worker = event.worker
        if worker.group == "export-check":
            if event.state is WorkerState.SUCCESS and isinstance(worker.result, _Checked):
                self._show_checked(worker.result)
            elif event.state is WorkerState.ERROR:
                error = worker.error
                self._check_failed = f"{type(error).__name__}: {error}"
                self._show_status()
        elif worker.group == "export-write":
            if event.state is WorkerState.SUCCESS and isinstance(worker.result, Path):
                self._written(worker.result)
            elif event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
                self._writing = False
                self._not_written(worker.error)

    def _show_checked(self, checked: _Checked) -> None:
        self.checked = checked
        errors = checked.errors
        options = self.query_one("#export-errors", OptionList)
        options.clear_options()
        colour = self.app.get_css_variables().get("error", "red")
        for index, diagnostic in enumerate(errors):
            options.add_option(
                Option(
                    Text.assemble(
                        (SYMBOLS[diagnostic.severity], f"bold {colour}"),
                        " ",
                        (diagnostic.code, colour),
                        " ",
                        plain(place_of(diagnostic), "bold"),
                        "  ",
                        plain(flat(diagnostic.message)),
                    ),
                    id=str(index),
                )
            )
        options.display = bool(errors)
        self._show_status()
        if errors and self.focused is not None and self.focused.id == "export-formats":
            options.focus()
            options.highlighted = 0

    def _show_status(self) -> None:
        status = self.query_one("#export-status", Static)
        button = self.query_one("#export-write", Button)
        status.set_classes("")
        checked = self.checked
        if self._check_failed:
            status.update(plain(f"The plan could not be checked: {self._check_failed}"))
            status.add_class("-error")
            button.disabled = True
            return
        if checked is None:
            status.update("Checking the plan…")
            status.add_class("-checking")
            button.disabled = True
            return
        errors = len(checked.errors)
        if errors:
            go = "choose it to go there" if errors == 1 else "choose one to go there"
            status.update(
                f"✖ {_plural(errors, 'error')} must be fixed first: {go} (Enter or click)."
            )
            status.add_class("-error")
            button.disabled = True
            return
        button.disabled = False
        status.add_class("-ok")
        counts = [
            _plural(sum(1 for d in checked.diagnostics if d.severity is severity), noun)
            for severity, noun in ((Severity.WARNING, "warning"), (Severity.INFO, "info"))
        ]
        findings = [count for count in counts if not count.startswith("0 ")]
        if not findings:
            status.update("✔ The plan has no problems.")
        elif self.format in _LISTS_FINDINGS:
            status.update(f"✔ No errors. The export lists {' and '.join(findings)}.")
        else:
            status.update(
                f"✔ No errors. The plan has {' and '.join(findings)}; the CSV does not list them."
            )

    # -- the file -------------------------------------------------------------------------

    @property
    def target(self) -> Target:
        """Where the path in the file field leads."""
        return check_target(self.query_one("#export-path", Input).value, self.plan_path)

    def _show_target(self) -> None:
        target = self.target
        shown = self.query_one("#export-target", Static)
        shown.update(plain(target.message))
        shown.set_classes(f"-{target.tone}")

    @on(RadioSet.Changed, "#export-formats")
    def _format_chosen(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.format = ExportFormat((event.pressed.id or "").removeprefix("format-"))
        if not self._path_edited:
            self._auto_path = self._suggested(self.format)
            self.query_one("#export-path", Input).value = self._auto_path
        self._show_target()
        self._show_status()

    @on(Input.Changed, "#export-path")
    def _path_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value != self._auto_path:
            # The user typed a path of their own: a new format no longer changes it.
            self._path_edited = True
        self._show_target()

    # -- writing --------------------------------------------------------------------------

    @on(Input.Submitted, "#export-path")
    def _path_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_write()

    @on(Button.Pressed, "#export-write")
    def _write_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_write()

    def action_write(self) -> None:
        """Write the export, unless the plan has errors or the file cannot be written."""
        if self._writing:
            return
        checked = self.checked
        if checked is None:
            if self._check_failed:
                self.notify(
                    "The plan could not be checked, so it cannot be exported.",
                    title="Not exported",
                    severity="error",
                )
            else:
                self.notify("The plan is still being checked: try again in a moment.")
            return
        errors = len(checked.errors)
        if errors:
            self.notify(
                f"{_plural(errors, 'error')} must be fixed first.",
                title="Not exported",
                severity="error",
            )
            return
        target = self.target
        if not target.usable or target.path is None:
            self.notify(target.message, title="Not exported", severity="error", markup=False)
            return
        path = target.path
        if not path.exists():
            self._write(checked, path)
            return
        self._writing = True  # one question at a time

        def answered(answer: str | None) -> None:
            self._writing = False
            if answer == "replace":
                self._write(checked, path)

        self.app.push_screen(
            QuestionDialog(
                f"Replace {path.name}?",
                [f"{path} exists: the export replaces what it holds."],
                [Choice("replace", "Replace", "error"), Choice("cancel", "Cancel")],
            ),
            answered,
        )

    def _write(self, checked: _Checked, path: Path) -> None:
        self._writing = True
        self._writing_to = path
        self.run_worker(
            partial(self._render_and_write, checked, self.format, path),
            name="export-write",
            group="export-write",
            description=f"export to {path}",
            thread=True,
            exit_on_error=False,
        )

    def _render_and_write(self, checked: _Checked, fmt: ExportFormat, path: Path) -> Path:
        text = export_plan(checked.context, checked.diagnostics, fmt, str(self.plan_path))
        # Asked again as it is written: the file may have become a plan since it was typed.
        refused = protected(path)
        if refused is not None:
            raise NotWritten(refused)
        write_atomic(path, text)
        return path

    def _written(self, path: Path) -> None:
        self.notify(
            f"Exported {FORMAT_NAMES[self.format]} to {path}", title="Exported", markup=False
        )
        self.dismiss(path)

    def _not_written(self, error: BaseException | None) -> None:
        if isinstance(error, NotWritten):
            self.notify(str(error), title="Not exported", severity="error")
            return
        if isinstance(error, OSError):
            reason = error.strerror or str(error)
        else:
            reason = f"{type(error).__name__}: {error}"
        message = f"{self._writing_to}: {reason}. Nothing was written."
        self.notify(message, title="Not exported", severity="error", markup=False)

    # -- leaving --------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#export-errors")
    def _error_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.checked is None:
            return
        errors = self.checked.errors
        index = int(event.option.id or 0)
        if 0 <= index < len(errors):
            self.dismiss(errors[index])

    @on(Button.Pressed, "#export-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)
