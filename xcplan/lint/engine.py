"""The lint engine: from bytes or a plan to sorted diagnostics.

``check_bytes`` runs the whole pipeline for a file: decoding and the YAML checks (XC001 to XC006),
the schema phase (XC002, XC003, XC101 to XC104), then every rule family on the plan. A phase that
fails stops the ones after it, since they need what it builds. ``lint_plan`` runs the rule
families alone, for a plan held in memory (the TUI).

The engine is a pure function of its inputs: no I/O, no global state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from xcplan.io.load import LoadedPlan, load_plan
from xcplan.io.yaml_source import SourceMap, YamlProblem
from xcplan.lint import catalogue
from xcplan.lint.context import LintContext
from xcplan.lint.diagnostics import Diagnostic, Finding, Loc, Severity
from xcplan.lint.paths import display_path
from xcplan.lint.rules import (
    brand,
    channels,
    experiments,
    hidden,
    journey,
    personalisation,
    schema,
    structure,
)
from xcplan.lint.rules import cost as cost_rules
from xcplan.model.config import Config
from xcplan.model.plan import Plan

Family = Callable[[LintContext], Iterator[Finding]]

FAMILIES: tuple[Family, ...] = (
    schema.check,
    structure.check,
    experiments.check,
    personalisation.check,
    channels.check,
    hidden.check,
    hidden.check_plan,
    brand.check,
    journey.check,
    cost_rules.check,  # XC8xx: cost and reach, only with [costs]
)


"""The rule families run on every plan, in order."""


@dataclass
class CheckResult:
    """The outcome of checking one file: the plan (when it loaded) and its diagnostics."""

    file: str
    plan: Plan | None
    diagnostics: list[Diagnostic]
    source_map: SourceMap = field(default_factory=SourceMap)
    text: str | None = None
    context: LintContext | None = None
    """The lint context of the plan, with its renderings: export reuses them."""

    @property
    def errors(self) -> int:
        """Return how many diagnostics are errors."""
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)


def ignore_scopes(plan: Plan) -> dict[Loc, frozenset[str]]:
    """Return the rule codes each entity of ``plan`` ignores, by its location (for ``place``)."""
    scopes: dict[Loc, frozenset[str]] = {}

    def add(loc: Loc, codes: list[str]) -> None:
        if codes:
            scopes[loc] = frozenset(codes)

    add(("campaign",), plan.campaign.ignore)
    for name in ("personas", "channels", "stages", "events", "scenarios"):
        for index, entity in enumerate(getattr(plan, name) or ()):
            add((name, index), entity.ignore)
    for t_index, touchpoint in enumerate(plan.touchpoints):
        add(("touchpoints", t_index), touchpoint.ignore)
        for v_index, variant in enumerate(touchpoint.variants):
            add(("touchpoints", t_index, "variants", v_index), variant.ignore)
    return scopes


def _silenced(finding: Finding, scopes: dict[Loc, frozenset[str]]) -> bool:
    if not scopes:
        return False
    for loc in (finding.loc, *finding.about):
        for end in range(len(loc), 0, -1):
            codes = scopes.get(loc[:end])
            if codes is not None and finding.code in codes:
                return True
    return False


def _severity(finding: Finding, config: Config) -> Severity:
    override = config.lint.severity.get(finding.code)
    if override is not None and not catalogue.is_fixed(finding.code):
        return Severity(override)
    if finding.severity is not None:
        return finding.severity
    return catalogue.default_severity(finding.code)


def place(
    findings: Iterable[Finding],
    *,
    root: Any,
    source_map: SourceMap,
    config: Config,
    file: str = "",
    scopes: dict[Loc, frozenset[str]] | None = None,
) -> list[Diagnostic]:
    """Turn findings into sorted diagnostics: severity, ignores, path, line and column."""
    ignored = {code for code in config.lint.ignore if not catalogue.is_fixed(code)}
    out: list[Diagnostic] = []
    for finding in findings:
        if finding.code in ignored or _silenced(finding, scopes or {}):
            continue
        line, column = source_map.locate(finding.loc, key=finding.key)
        out.append(
            Diagnostic(
                code=finding.code,
                severity=_severity(finding, config),
                message=finding.message,
                path=display_path(finding.loc, root),
                line=line,
                column=column,
                file=file,
                loc=finding.loc,
            )
        )
    out.sort(key=Diagnostic.sort_key)
    return out


def run_rules(ctx: LintContext, families: Iterable[Family] = FAMILIES) -> list[Finding]:
    """Return the findings of the rule families on a plan, before ignores and placing."""
    found: list[Finding] = []
    for family in families:
        found.extend(family(ctx))
    return found


def lint_plan(
    plan: Plan,
    config: Config | None = None,
    *,
    source_map: SourceMap | None = None,
    file: str = "",
    ctx: LintContext | None = None,
) -> list[Diagnostic]:
    """Return the sorted diagnostics of every rule family on ``plan``.

    ``ctx`` may be given to keep what the rules computed (renderings) for later use.
    """
    config = config or Config()
    ctx = ctx or LintContext(plan, config)
    return place(
        run_rules(ctx),
        root=plan,
        source_map=source_map or SourceMap(),
        config=config,
        file=file,
        scopes=ignore_scopes(plan),
    )


VARIANT_FAMILIES: tuple[Callable[[LintContext, int, int], Iterator[Finding]], ...] = (
    personalisation.check_variant,
    channels.check_variant,
    hidden.check_variant,
    brand.check_variant,
)
"""The checks that look at one variant: what the TUI re-runs as a writer types."""

TOUCHPOINT_FAMILIES: frozenset[Family] = frozenset(
    {personalisation.check, channels.check, hidden.check, brand.check}
)
"""The families whose findings are those of ``check_touchpoint`` on each touchpoint in turn.

A touchpoint's findings depend on it, its position, the campaign's variables and locale, the
personas, the channels and the config; never on the other touchpoints. The TUI keeps them per
touchpoint and re-runs only the touchpoints an edit replaced.
"""


def check_touchpoint(ctx: LintContext, t_index: int) -> Iterator[Finding]:
    """Yield what ``TOUCHPOINT_FAMILIES`` find on one touchpoint and its variants."""
    yield from personalisation.check_touchpoint(ctx, t_index)
    yield from hidden.check_touchpoint(ctx, t_index)
    for v_index in range(len(ctx.plan.touchpoints[t_index].variants)):
        for family in VARIANT_FAMILIES:
            yield from family(ctx, t_index, v_index)


def _variant_scopes(plan: Plan, t_index: int, v_index: int) -> dict[Loc, frozenset[str]]:
    touchpoint = plan.touchpoints[t_index]
    scopes: dict[Loc, frozenset[str]] = {}
    entities: list[tuple[Loc, list[str]]] = [
        (("campaign",), plan.campaign.ignore),
        (("touchpoints", t_index), touchpoint.ignore),
        (("touchpoints", t_index, "variants", v_index), touchpoint.variants[v_index].ignore),
    ]
    entities += [(("channels", i), c.ignore) for i, c in enumerate(plan.channels)]
    entities += [(("personas", i), p.ignore) for i, p in enumerate(plan.personas)]
    for loc, codes in entities:
        if codes:
            scopes[loc] = frozenset(codes)
    return scopes


def lint_variant(
    plan: Plan,
    config: Config | None,
    t_index: int,
    v_index: int,
    *,
    source_map: SourceMap | None = None,
    file: str = "",
    ctx: LintContext | None = None,
) -> list[Diagnostic]:
    """Return the diagnostics of one variant: its templates, channel rules and brand voice,
    for every persona it reaches, and the locale checks of its touchpoint.

    This is what the editor re-runs on each keystroke; it costs a fraction of ``lint_plan``.
    ``ctx`` may be given (a context of this plan and config) to keep the renderings made.
    """
    config = config or Config()
    if ctx is None or ctx.plan is not plan or ctx.config is not config:
        ctx = LintContext(plan, config)
    found: list[Finding] = []
    for family in VARIANT_FAMILIES:
        found.extend(family(ctx, t_index, v_index))
    found.extend(personalisation.check_touchpoint(ctx, t_index))
    found.extend(hidden.check_touchpoint(ctx, t_index))
    return place(
        found,
        root=plan,
        source_map=source_map or SourceMap(),
        config=config,
        file=file,
        scopes=_variant_scopes(plan, t_index, v_index),
    )


def _problem_diagnostic(problem: YamlProblem, file: str) -> Diagnostic:

    return Diagnostic(
        code=problem.code,
        severity=catalogue.default_severity(problem.code),
        message=problem.message,
        path="",
        line=problem.line,
        column=problem.column,
        file=file,
    )


def check_text(text: str, file: str = "", config: Config | None = None) -> CheckResult:
    """Check the text of a plan file; return the plan (if it loads) and all diagnostics.

    The plan is None when the file has any file-level or schema error: a plan read past a
    duplicate key or an alias is not one to save back.
    """
    return check_loaded(load_plan(text), file, config)


def check_loaded(loaded: LoadedPlan, file: str = "", config: Config | None = None) -> CheckResult:
    """Check a plan file already loaded (``load_plan``); see ``check_text``."""
    config = config or Config()
    source_map = loaded.source_map
    diagnostics = [_problem_diagnostic(p, file) for p in loaded.problems]
    context: LintContext | None = None
    if loaded.model is None:
        data = loaded.parsed.data if loaded.parsed is not None else None
        diagnostics += place(
            loaded.findings, root=data, source_map=source_map, config=config, file=file
        )
    else:
        context = LintContext(loaded.model, config)
        diagnostics += lint_plan(
            loaded.model, config, source_map=source_map, file=file, ctx=context
        )
    plan = loaded.plan
    diagnostics.sort(key=Diagnostic.sort_key)
    return CheckResult(file, plan, diagnostics, source_map, loaded.text, context if plan else None)


def check_bytes(raw: bytes, file: str = "", config: Config | None = None) -> CheckResult:
    """Check the bytes of a plan file (decoding them first); see ``check_text``."""
    return check_loaded(load_plan(raw), file, config)
