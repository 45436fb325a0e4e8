"""The Typer application: every command's options, with the work imported only when it runs.

Keep this module light: ``xcplan validate`` must start fast, so nothing here imports textual,
rich, pydantic or the lint engine at module level.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from xcplan import __version__
from xcplan.cli import completion
from xcplan.errors import ExitCode, OutputError, XcplanError


def _no_type_label(ctx: Any) -> None:
    return None


def _label_options(params: list[Any]) -> list[Any]:
    """Give help labels that read well: nothing after a flag, a NAME after an option.

    Typer shows a type label such as `<bool>`, `<str>` or `<list[Path]>` for every parameter
    without a metavar (and for arguments even with one); options here name their value
    (`--config FILE`), flags take none, an argument is known by its NAME alone, and an option
    added without a metavar shows its own name in capitals.
    """
    for param in params:
        if getattr(param, "param_type_name", "") == "argument":
            if param.metavar is None:
                param.metavar = (param.name or "value").upper()
            if hasattr(param, "display_type_rich"):
                param.display_type_rich = _no_type_label
            continue
        if getattr(param, "metavar", None) is not None:
            continue
        if getattr(param, "is_flag", False) or getattr(param, "count", False):
            param.metavar = ""
        else:
            longest = max(param.opts, key=len)
            param.metavar = longest.lstrip("-").replace("-", "_").upper()
    return params


class _Group(TyperGroup):
    """The root command: every command's help gets the labels of ``_label_options``."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _label_options(super().get_params(ctx))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _label_options(command.get_params(ctx))
        return command


app = typer.Typer(
    name="xcplan",
    cls=_Group,
    help="Plan cross-channel marketing campaigns as YAML files in git.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"xcplan {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Plan cross-channel marketing campaigns as YAML files in git."""


_PATHS = typer.Argument(
    metavar="PATH",
    help="Plan files, or folders to search for *.yaml files with a top-level `xcplan:`.",
    show_default=False,
    autocompletion=completion.plan_paths,
)
_PLAN = typer.Argument(
    metavar="PLAN",
    help="The plan file.",
    show_default=False,
    autocompletion=completion.plan_paths,
)
_PLANS_ONLY = typer.Option(
    "--plans-only",
    help="Skip files named that are not plans (no top-level `xcplan:`), as in folders; "
    "for pre-commit, which passes every YAML file.",
)
_CONFIG = typer.Option(
    "--config",
    metavar="FILE",
    help="Use this xcplan.toml instead of finding one.",
    autocompletion=completion.config_paths,
)


@app.command()
def validate(
    paths: Annotated[list[Path], _PATHS],
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="Output: text, json, github (annotations) or sarif (code scanning).",
        ),
    ] = "text",
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail on warnings too, not only on errors.")
    ] = False,
    config: Annotated[Path | None, _CONFIG] = None,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Check every plan afresh; do not read or write the cache."),
    ] = False,
    plans_only: Annotated[bool, _PLANS_ONLY] = False,
) -> None:
    """Check plans: exit 0 when clean, 1 with errors (or warnings under --strict), 2 on misuse."""
    from xcplan.cli import validate as command

    try:
        chosen = command.OutputFormat(output_format)
    except ValueError:
        raise typer.BadParameter(
            f"{output_format!r} is not one of text, json, github, sarif", param_hint="--format"
        ) from None
    raise typer.Exit(
        command.run(paths, chosen, strict, config, use_cache=not no_cache, plans_only=plans_only)
    )


@app.command()
def fmt(
    paths: Annotated[list[Path], _PATHS],
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if a file would change.")
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Write nothing; print what would change as a diff.")
    ] = False,
    plans_only: Annotated[bool, _PLANS_ONLY] = False,
) -> None:
    """Rewrite plans in canonical form (keys in order, quoting, indentation) so diffs stay clean."""
    from xcplan.cli import fmt as command

    raise typer.Exit(command.run(paths, check, diff, plans_only=plans_only))


@app.command()
def schema(
    config: Annotated[
        bool, typer.Option("--config", help="Print the schema of xcplan.toml instead.")
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write it here (atomically, making the folder) instead of to stdout, e.g. "
            ".xcplan/plan.schema.json for editors.",
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of the plan format (for editors and other tools)."""
    from importlib.resources import files

    name = "config.schema.json" if config else "plan.schema.json"
    text = files("xcplan").joinpath("schemas", name).read_text(encoding="utf-8")
    if output is None:
        sys.stdout.write(text)
        return
    from xcplan.io.atomic import write_atomic

    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(output, text)
    except OSError as error:
        raise OutputError(f"{output}: cannot write: {error.strerror or error}") from None
    print(f"wrote {output}", file=sys.stderr)


@app.command()
def rules(
    code: Annotated[
        str | None,
        typer.Argument(
            metavar="CODE",
            help="A rule code such as XC301.",
            show_default=False,
            autocompletion=completion.rule_codes,
        ),
    ] = None,
    as_markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the whole catalogue as Markdown.")
    ] = False,
) -> None:
    """List the rule catalogue, or explain one rule with a failing and a passing example."""
    from xcplan.cli import rules as command

    raise typer.Exit(command.run(code, as_markdown=as_markdown))


@app.command()
def preview(
    plan: Annotated[Path, _PLAN],
    touchpoint: Annotated[
        str | None,
        typer.Option(
            "--touchpoint",
            "-t",
            metavar="ID",
            help="Only this touchpoint (its id).",
            autocompletion=completion.touchpoint_ids,
        ),
    ] = None,
    persona: Annotated[
        str | None,
        typer.Option(
            "--persona",
            "-p",
            metavar="ID",
            help="Only this persona (its id).",
            autocompletion=completion.persona_ids,
        ),
    ] = None,
) -> None:
    """Show each variant rendered for each persona, with counters, SMS segments and findings."""
    from xcplan.cli import preview as command

    raise typer.Exit(command.run(plan, touchpoint, persona))


@app.command()
def simulate(
    plan: Annotated[Path, typer.Argument(help="The plan file.", show_default=False)],
    scenario: Annotated[
        str | None,
        typer.Option(
            "--scenario", "-s", help="Only this scenario (its id, or `eager` for the built-in one)."
        ),
    ] = None,
    persona: Annotated[
        str | None, typer.Option("--persona", "-p", help="Only this persona's walks (its id).")
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            metavar="DATETIME",
            help="What if the customer enters at YYYY-MM-DDTHH:MM (local time).",
        ),
    ] = None,
    events: Annotated[
        list[str] | None,
        typer.Option(
            "--event",
            "-e",
            metavar="NAME@OFFSET",
            help="What if the customer does NAME at OFFSET after entry (purchase@2d); repeatable.",
        ),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="Output: text, json or markdown.")
    ] = "text",
    config: Annotated[
        Path | None,
        typer.Option("--config", help="Use this xcplan.toml instead of finding one."),
    ] = None,
) -> None:
    """Walk customers through the plan in time: what each receives, when, and why not."""
    from xcplan.cli import simulate as command

    try:
        chosen = command.SimulateFormat(output_format)
    except ValueError:
        raise typer.BadParameter(
            f"{output_format!r} is not one of text, json, markdown", param_hint="--format"
        ) from None
    request = command.Request(scenario, persona, start, tuple(events or ()))
    raise typer.Exit(command.run(plan, request, chosen, config))


@app.command()
def export(
    plan: Annotated[Path, _PLAN],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write here (atomically) instead of to stdout.",
        ),
    ] = None,
    export_format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="yaml or json (for systems), markdown (a brief), csv (copy).",
        ),
    ] = "yaml",
    config: Annotated[Path | None, _CONFIG] = None,
) -> None:
    """Export a plan: resolved YAML or JSON for sending systems, a Markdown brief, a CSV matrix."""
    from xcplan.cli import export as command
    from xcplan.export import ExportFormat

    try:
        chosen = ExportFormat(export_format)

    except ValueError:
        raise typer.BadParameter(
            f"{export_format!r} is not one of yaml, json, markdown, csv", param_hint="--format"
        ) from None
    raise typer.Exit(command.run(plan, chosen, output, config))


@app.command()
def cost(
    plan: Annotated[Path, typer.Argument(help="The plan file.", show_default=False)],
    output_format: Annotated[
        str,
        typer.Option("--format", "-f", help="text (a table), json, csv or markdown."),
    ] = "text",
    by: Annotated[
        str,
        typer.Option("--by", help="Rows per touchpoint, channel or persona (text, csv, markdown)."),
    ] = "touchpoint",
    config: Annotated[
        Path | None,
        typer.Option("--config", help="Use this xcplan.toml instead of finding one."),
    ] = None,
) -> None:
    """Estimate what the plan will cost and whom it reaches, against its budget (needs [costs]
    in xcplan.toml)."""
    from xcplan.cli import cost as command
    from xcplan.export.estimate import GroupBy

    try:
        chosen = command.CostFormat(output_format)
    except ValueError:
        raise typer.BadParameter(
            f"{output_format!r} is not one of text, json, csv, markdown", param_hint="--format"
        ) from None
    try:
        grouping = GroupBy(by)
    except ValueError:
        raise typer.BadParameter(
            f"{by!r} is not one of touchpoint, channel, persona", param_hint="--by"
        ) from None
    raise typer.Exit(command.run(plan, chosen, grouping, config))


@app.command()
def personas(
    persona_id: Annotated[
        str | None,
        typer.Argument(
            metavar="ID",
            help="A library persona's id, such as busy-parent.",
            show_default=False,
            autocompletion=completion.library_persona_ids,
        ),
    ] = None,
    as_yaml: Annotated[
        bool,
        typer.Option(
            "--yaml", help="Print the persona as YAML to paste into a plan's `personas:` list."
        ),
    ] = False,
) -> None:
    """List the persona library, or show one persona (with --yaml, ready to paste into a plan)."""
    from xcplan.cli import personas as command

    raise typer.Exit(command.run(persona_id, as_yaml=as_yaml))


_DATE_FORMATS = ["%Y-%m-%d"]


@app.command()
def new(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="PATH",
            help="The plan file to create (*.yaml); it must not exist.",
            show_default=False,
        ),
    ],
    template: Annotated[
        str,
        typer.Option(
            "--template",
            "-t",
            metavar="NAME",
            help="The campaign template (`xcplan templates` lists them).",
            show_default=False,
            autocompletion=completion.template_names,
        ),
    ],
    name: Annotated[
        str | None,
        typer.Option(
            "--name",
            metavar="TEXT",
            help="The campaign's name (default: made from the file name).",
        ),
    ] = None,
    locale: Annotated[
        str,
        typer.Option(
            "--locale",
            metavar="TAG",
            help="The campaign's locale, BCP 47 (the copy stays English).",
        ),
    ] = "en",
    campaign_id: Annotated[
        str | None,
        typer.Option("--id", metavar="ID", help="The campaign id (default: made from the name)."),
    ] = None,
    start: Annotated[
        datetime | None,
        typer.Option(
            "--start",
            metavar="DATE",
            formats=_DATE_FORMATS,
            help="First day, YYYY-MM-DD (default: today).",
        ),
    ] = None,
    end: Annotated[
        datetime | None,
        typer.Option(
            "--end",
            metavar="DATE",
            formats=_DATE_FORMATS,
            help="Last day, YYYY-MM-DD (default: six weeks after the start).",
        ),
    ] = None,
) -> None:
    """Start a new plan from a campaign template; never overwrites a file."""
    from xcplan.cli import new as command

    raise typer.Exit(
        command.run(
            path,
            template,
            name,
            locale,
            campaign_id,
            start.date() if start is not None else None,
            end.date() if end is not None else None,
        )
    )


@app.command()
def templates() -> None:
    """List the campaign templates that `xcplan new --template NAME` starts from."""
    from xcplan.cli import templates as command

    raise typer.Exit(command.run())


@app.command()
def edit(
    plan: Annotated[
        Path | None,
        typer.Argument(
            metavar="PLAN",
            help="A plan to open, a new plan's path (*.yaml) to start, or a folder of plans.",
            show_default=False,
            autocompletion=completion.plan_paths,
        ),
    ] = None,
    config: Annotated[Path | None, _CONFIG] = None,
) -> None:
    """Open the planner: personas, journey and messages with a live preview, saved as YAML."""
    from xcplan.cli import edit as command

    raise typer.Exit(command.run(plan, config))


@app.command()
def init(
    folder: Annotated[
        Path,
        typer.Argument(metavar="FOLDER", help="Where to write xcplan.toml.", show_default=False),
    ] = Path("."),
    brand: Annotated[
        str,
        typer.Option("--brand", metavar="NAME", help="The brand's name, as it must be written."),
    ] = "Your Brand",
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing xcplan.toml.")
    ] = False,
) -> None:
    """Write a starter xcplan.toml: brand voice, channel limits and lint settings."""
    from xcplan.cli import init as command

    raise typer.Exit(command.run(folder, brand, force))


@app.command()
def diff(
    plans: Annotated[
        list[str],
        typer.Argument(
            metavar="PLAN",
            help="OLD NEW (two plan files); PLAN with --rev or --textconv; or the seven "
            "arguments git passes a diff driver.",
            show_default=False,
            autocompletion=completion.plan_paths,
        ),
    ],
    rev: Annotated[
        str | None,
        typer.Option(
            "--rev",
            metavar="REV",
            help="Compare PLAN as it was at this git revision (HEAD, main, a commit) with the "
            "work tree.",
        ),
    ] = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="text (terminal), markdown (a pull-request comment) or json.",
        ),
    ] = "text",
    config: Annotated[Path | None, _CONFIG] = None,
    textconv: Annotated[
        bool,
        typer.Option(
            "--textconv",
            help="Print one plan as text for git's textconv: canonical form, measurements, "
            "findings.",
        ),
    ] = False,
) -> None:
    """Compare two versions of a plan as plans: exit 0 when they mean the same, 1 when they
    differ, 2 on misuse."""
    from xcplan.cli import diff as command

    try:
        chosen = command.DiffFormat(output_format)
    except ValueError:
        raise typer.BadParameter(
            f"{output_format!r} is not one of text, markdown, json", param_hint="--format"
        ) from None
    raise typer.Exit(command.run(plans, rev, chosen, config, textconv=textconv))


def main() -> None:
    """Run the CLI: errors become one line on stderr and an exit code, never a traceback."""
    from xcplan.cli.edit import with_shorthand
    from xcplan.cli.output import exit_on_error, exit_on_internal_error

    # Pydantic looks for plugins in every installed package's metadata the first time a model
    # is built; the CLI uses none, and the scan costs more than validating a plan.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    args = with_shorthand(sys.argv[1:])
    try:
        result = app(args=args, standalone_mode=False, prog_name="xcplan")

    except XcplanError as error:
        exit_on_error(error)
    except KeyboardInterrupt:
        sys.exit(130)
    except typer.Abort:
        sys.exit(1)
    except Exception as error:  # usage errors are click exceptions: see _is_usage_error
        if not _is_usage_error(error):
            exit_on_internal_error(error)
        _usage_error(error)
    sys.exit(result if isinstance(result, int) else ExitCode.OK)


def _is_usage_error(error: Exception) -> bool:
    # Typer's vendored click raises ClickException subclasses (usage errors, bad options);
    # they carry the message and the exit code (2).
    return hasattr(error, "format_message") and isinstance(getattr(error, "exit_code", None), int)


def _usage_error(error: Exception) -> None:
    from xcplan.cli.output import fail

    message = error.format_message()  # type: ignore[attr-defined]
    if type(error).__name__ == "NoArgsIsHelpError":
        sys.stdout.write(message + "\n")
        sys.exit(ExitCode.OK)
    ctx = getattr(error, "ctx", None)
    command = getattr(ctx, "command_path", None) or "xcplan"
    fail(f"{message} (see `{command} --help`)")
    sys.exit(error.exit_code)  # type: ignore[attr-defined]
