"""Loading the two versions of a plan for a diff: bytes to a plan model, or one clear error.

This is the only place the diff reads a plan; it runs the loader's file and schema phases (what
``check_bytes`` runs before the rules) and nothing else, since the diff lints only what changed.
"""

from __future__ import annotations

from xcplan.errors import InputError
from xcplan.io.yaml_source import decode, parse
from xcplan.lint.diagnostics import Diagnostic, Severity
from xcplan.lint.schema import validate_plan
from xcplan.model.plan import Plan


class PlanNotLoaded(InputError):
    """A version of the plan has file or schema errors: there is no plan to compare."""

    def __init__(self, name: str, errors: list[Diagnostic]) -> None:
        self.name = name
        self.errors = errors
        first = errors[0] if errors else None
        where = f"{name}:{first.line}:{first.column}: {first.code} " if first else f"{name}: "
        what = first.message if first else "not a plan"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(
            f"{where}{what}{more}: the plan does not load, so it cannot be compared "
            f"(`xcplan validate {name}` lists every problem)"
        )


def load_plan(raw: bytes, name: str) -> Plan:
    """Return the plan in ``raw``; raise ``PlanNotLoaded`` when it has file or schema errors.

    ``name`` is how the file is named in the error (a path, or ``PATH@REV``).
    """
    text, _problem = decode(raw)
    if text is not None:
        parsed = parse(text)
        if not parsed.problems:
            plan, _findings = validate_plan(parsed.data, parsed.source_map)
            if plan is not None:
                return plan
    from xcplan.lint.engine import check_bytes  # the slow path, only to say what is wrong

    result = check_bytes(raw, name)
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    raise PlanNotLoaded(name, errors)
