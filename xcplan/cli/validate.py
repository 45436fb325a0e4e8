"""``xcplan validate``: check plans and report diagnostics as text, JSON, GitHub annotations or
SARIF."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

from xcplan.cli.files import ConfigResolver, plan_files
from xcplan.cli.output import Printer, err
from xcplan.errors import ExitCode
from xcplan.io.cache import ResultCache, cache_dir
from xcplan.lint.diagnostics import Diagnostic, Severity
from xcplan.render.hidden import json_safe, terminal_safe


class OutputFormat(StrEnum):
    """How ``validate`` prints diagnostics."""

    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"


_STYLE = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def format_text(diagnostic: Diagnostic, printer: Printer) -> str:
    """Return ``path:line:col: CODE severity: message``, styled for a terminal.

    A message is one line: a line break quoted from the plan shows as ``␊`` (the printer shows
    every other control character as a mark too).
    """
    where = printer.style(f"{diagnostic.file}:{diagnostic.line}:{diagnostic.column}:", "bold")
    code = printer.style(diagnostic.code, "bold", _STYLE[diagnostic.severity])
    severity = printer.style(f"{diagnostic.severity.value}:", _STYLE[diagnostic.severity])
    return f"{where} {code} {severity} {terminal_safe(diagnostic.message, one_line=True)}"


def _github_escape(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(diagnostic: Diagnostic) -> str:
    """Return a GitHub Actions workflow command that annotates the line."""
    level = _GITHUB_LEVEL[diagnostic.severity]
    props = (
        f"file={_github_escape(diagnostic.file, property_value=True)},"
        f"line={diagnostic.line},col={diagnostic.column},title={diagnostic.code}"
    )
    return f"::{level} {props}::{_github_escape(diagnostic.message)}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(diagnostics: list[Diagnostic], files: int) -> str:
    """Return the closing line: counts by severity and files checked."""
    counts = dict.fromkeys(Severity, 0)
    for diagnostic in diagnostics:
        counts[diagnostic.severity] += 1
    checked = _plural(files, "file")
    if not diagnostics:
        return f"All clear: {checked} checked, no problems."
    parts = [
        _plural(counts[Severity.ERROR], "error"),
        _plural(counts[Severity.WARNING], "warning"),
        _plural(counts[Severity.INFO], "info"),
    ]
    return f"{', '.join(parts)} in {checked}."


def _check(
    path: Path, raw: bytes, resolver: ConfigResolver, cache: ResultCache
) -> list[Diagnostic]:
    """Return the diagnostics of one plan, from the cache when the same bytes were checked."""
    key = cache.key(raw, resolver.config_bytes(path))
    cached = cache.get(key)
    if cached is not None:
        return [
            Diagnostic(
                code=item["code"],
                severity=Severity(item["severity"]),
                message=item["message"],
                path=item["path"],
                line=item["line"],
                column=item["column"],
                file=str(path),
            )
            for item in cached
        ]
    from xcplan.lint.engine import check_bytes  # the models, the sandbox and the rules

    result = check_bytes(raw, str(path), resolver.config_for(path))
    cache.put(key, [d.as_dict() for d in result.diagnostics])
    return result.diagnostics


def run(
    paths: list[Path],
    output: OutputFormat,
    strict: bool,
    config: Path | None,
    *,
    use_cache: bool = True,
    plans_only: bool = False,
) -> int:
    """Validate the plans under ``paths``; print the diagnostics; return the exit code.

    With ``plans_only``, files named that are not plans are skipped (see ``plan_files``).
    """
    resolver = ConfigResolver(config)
    cache = ResultCache(cache_dir() if use_cache else None)
    diagnostics: list[Diagnostic] = []
    files = 0
    for path, raw in plan_files(paths, plans_only=plans_only):
        files += 1
        diagnostics.extend(_check(path, raw, resolver, cache))
    diagnostics.sort(key=Diagnostic.sort_key)

    out = Printer(sys.stdout)
    if output is OutputFormat.JSON:
        shown = json.dumps([d.as_dict() for d in diagnostics], indent=2, ensure_ascii=False)
        out.data(json_safe(shown) + "\n")
    elif output is OutputFormat.GITHUB:
        for diagnostic in diagnostics:
            out.line(format_github(diagnostic))
    elif output is OutputFormat.SARIF:
        from xcplan.cli.sarif import to_sarif

        out.line(to_sarif(diagnostics))
    else:
        for diagnostic in diagnostics:
            out.line(format_text(diagnostic, out))
    out.stream.flush()
    notes = err()
    if resolver.missing:
        notes.line(
            notes.style("xcplan: info:", "blue")
            + f" no xcplan.toml applies to {_plural(resolver.missing, 'file')}; "
            "built-in channel limits were used and brand-voice rules (XC6xx) did not run"
        )
    if not files and not plans_only:
        notes.line(
            notes.style("xcplan: warning:", "yellow")
            + " no plan files found (a plan is a *.yaml file with `xcplan: 1` at the top)"
        )
    elif output is OutputFormat.TEXT:
        notes.line(summary(diagnostics, files))

    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    if any(d.severity in failing for d in diagnostics):
        return ExitCode.FINDINGS
    return ExitCode.OK
