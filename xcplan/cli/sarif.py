"""``xcplan validate --format sarif``: diagnostics as a SARIF 2.1.0 log for code scanning.

One run, one tool (``xcplan``) whose driver lists every rule of the catalogue with its summary,
explanation, help (the text of ``xcplan rules CODE``, and the Markdown of ``docs/rules.md``) and
default level. Each diagnostic is a result with its rule, level, message, the file and region
(line and column, counted in code points) relative to the working folder (``%SRCROOT%``), and
the place in the plan as a logical location (``touchpoints[a].variants[b].body``). GitHub code
scanning reads it with ``github/codeql-action/upload-sarif``; run ``xcplan validate`` from the
repository's root so the paths are the repository's.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path, PurePosixPath
from typing import Any, Final
from urllib.parse import quote

from xcplan import __version__
from xcplan.cli.rules import explain, rule_markdown
from xcplan.lint.catalogue import RULES, Rule
from xcplan.lint.diagnostics import Diagnostic, Severity

SARIF_SCHEMA: Final = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION: Final = "2.1.0"
INFORMATION_URI: Final = "https://pypi.org/project/xcplan/"
"""Where the tool is described: its page on the registry it is installed from."""
SRCROOT: Final = "%SRCROOT%"
LEVELS: Final = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_WORD: Final = re.compile(r"[A-Za-z0-9]+")


def rule_name(rule: Rule) -> str:
    """Return a rule's name for SARIF: its summary's first words in PascalCase."""
    words = _WORD.findall(rule.summary)[:8]
    return "".join(word[:1].upper() + word[1:] for word in words) or rule.code


def _descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule_name(rule),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation},
        "help": {"text": explain(rule), "markdown": rule_markdown(rule)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": [rule.family]},
    }


def artifact_uri(file: str, cwd: Path) -> tuple[str, str | None]:
    """Return the URI of a file and its base: relative to ``cwd`` under ``%SRCROOT%`` when the
    file is below it, else an absolute ``file:`` URI (with no base)."""
    path = Path(file)
    absolute = path if path.is_absolute() else cwd / path
    try:
        relative = absolute.resolve().relative_to(cwd.resolve())
    except (ValueError, OSError):
        return absolute.resolve().as_uri(), None
    return quote(PurePosixPath(relative).as_posix()), SRCROOT


def _fingerprint(diagnostic: Diagnostic) -> str:
    # What identifies a finding across commits: its file, rule, place in the plan and message,
    # never its line (code scanning keeps an alert open while the plan around it moves).
    key = "\n".join((diagnostic.file, diagnostic.code, diagnostic.path, diagnostic.message))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _result(diagnostic: Diagnostic, index: dict[str, int], cwd: Path) -> dict[str, Any]:
    uri, base = artifact_uri(diagnostic.file, cwd)
    artifact: dict[str, Any] = {"uri": uri}
    if base is not None:
        artifact["uriBaseId"] = base
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": {"startLine": diagnostic.line, "startColumn": diagnostic.column},
        }
    }
    if diagnostic.path:
        location["logicalLocations"] = [{"fullyQualifiedName": diagnostic.path}]
    result: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "level": LEVELS[diagnostic.severity],
        "message": {"text": diagnostic.message},
        "locations": [location],
        "partialFingerprints": {"xcplanFinding/v1": _fingerprint(diagnostic)},
    }
    if diagnostic.code in index:
        result["ruleIndex"] = index[diagnostic.code]
    return result


def sarif_log(diagnostics: list[Diagnostic], cwd: Path | None = None) -> dict[str, Any]:
    """Return the SARIF 2.1.0 log of ``diagnostics`` (paths relative to ``cwd``)."""
    cwd = cwd or Path.cwd()
    rules = list(RULES.values())
    index = {rule.code: position for position, rule in enumerate(rules)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "xcplan",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_descriptor(rule) for rule in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, index, cwd) for d in diagnostics],
            }
        ],
    }


def to_sarif(diagnostics: list[Diagnostic], cwd: Path | None = None) -> str:
    """Return the SARIF log as JSON text, Unicode as itself."""
    return json.dumps(sarif_log(diagnostics, cwd), indent=2, ensure_ascii=False)
