"""Loading a plan file: decode, parse, validate. The one place bytes or text become a ``Plan``.

``load_plan`` runs the phases the linter calls the file phase and the schema phase: it decodes
the bytes (XC001), parses the YAML into plain data with the position of every value (XC001,
XC004 to XC006), and validates the data against the models (XC002, XC003, XC101 to XC104). A
phase that fails stops the ones after it. The rules that read the plan (``xcplan.lint.engine``)
come after; the editor (``xcplan.edit.document``), ``xcplan validate``, ``xcplan new`` and the
campaign templates all load plans through here.

The schema phase's messages are the linter's (``xcplan.lint.schema``), so a plan refused here
is refused with the words ``xcplan validate`` uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from xcplan.io.yaml_source import ParsedYaml, SourceMap, YamlProblem, decode, parse
from xcplan.lint.schema import validate_plan

if TYPE_CHECKING:
    from xcplan.lint.diagnostics import Finding
    from xcplan.model.plan import Plan


@dataclass(frozen=True, slots=True)
class LoadedPlan:
    """A plan file read as far as it goes.

    ``text`` is None when the bytes are not UTF-8 text; ``problems`` are the file-level
    problems (decoding and YAML); ``findings`` the schema phase's. ``model`` is the plan the
    schema accepted, even when the YAML has problems (a duplicate key, an alias): the rules can
    still read it, but it is not one to edit and save back, so ``plan`` is None then.
    """

    text: str | None
    parsed: ParsedYaml | None
    model: Plan | None
    problems: tuple[YamlProblem, ...] = ()
    findings: tuple[Finding, ...] = field(default=())

    @property
    def plan(self) -> Plan | None:
        """The plan, when the file has no problem at all up to the schema; else None."""
        return self.model if not self.problems else None

    @property
    def source_map(self) -> SourceMap:
        """The positions of the YAML's values (empty when the text did not parse)."""
        return self.parsed.source_map if self.parsed is not None else SourceMap()


def load_plan(source: bytes | str) -> LoadedPlan:
    """Decode (for bytes), parse and validate a plan file; never raises for any input.

    Validation runs when the YAML gave data, or gave no problem (an empty file is XC002); the
    schema's findings on what stands for a YAML alias are left out, since XC005 says it
    already.
    """
    if isinstance(source, bytes):
        text, problem = decode(source)
        if text is None:
            return LoadedPlan(None, None, None, (problem,) if problem is not None else ())
    else:
        text = source
    parsed = parse(text)
    problems = tuple(parsed.problems)
    if parsed.data is None and problems:
        return LoadedPlan(text, parsed, None, problems)
    model, findings = validate_plan(parsed.data, parsed.source_map)
    aliases = parsed.source_map.aliases
    if aliases:
        findings = [f for f in findings if f.loc not in aliases]
    return LoadedPlan(text, parsed, model, problems, tuple(findings))
