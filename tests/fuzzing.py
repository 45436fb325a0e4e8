"""Mutation fuzzing of xcplan: hostile plans through validate, fmt, export and preview.

Seeds are the examples, the rule fixtures and the campaign templates. Each case takes one
seed and applies a few mutations: a hostile value put in place of a scalar (the inputs of
issue 10: control sequences, NaN, 10**300, a 4,301-digit literal, template filters with edge
arguments, growing renders, deep nesting), lines deleted, duplicated, swapped or re-indented,
bytes inserted, the text cut short. What must hold for every case:

- nothing raises: every problem is a diagnostic, or one line and exit code 2 from the CLI,
  never "internal error";
- a plan that loads is written by the canonical writer as a fixed point that keeps its
  meaning (the same plan, numbers of the same type);
- a plan without errors exports, and its YAML and JSON exports hold the same data;
- what the CLI prints for people holds no raw control character.

``tests/test_fuzz.py`` runs a seeded, time-bounded share of it in the suite;
``benchmarks/fuzz.py`` runs it for as long as asked and reports the worst time of each
hostile input.
"""

from __future__ import annotations

import json
import random
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import yaml

from tests.cli_runner import xcplan
from xcplan.export import ExportFormat, export_plan
from xcplan.io.canonical import dump_plan
from xcplan.io.config import load_config
from xcplan.io.templates import list_templates, render_template
from xcplan.lint.diagnostics import Severity
from xcplan.lint.engine import check_bytes, check_text
from xcplan.model.config import Config

ROOT: Final = Path(__file__).resolve().parent.parent
_RAW_CONTROL: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

HOSTILE: Final[dict[str, str]] = {
    "osc52": '"\\e]52;c;aGVsbG8=\\a\\e[2J\\e]0;title\\a"',
    "c1-csi": '"x\\x9b2J\\x9d0;t\\x9c"',
    "bidi": '"\\u202eyadot\\u202c ch\\u200beap \\u00ad"',
    "nan": ".nan",
    "inf": "-.inf",
    "size-10e300": "1" + "0" * 300,
    "digits-4301": '"{{ ' + "1" * 4301 + ' }}"',
    "int-4301": "1" * 4301,
    "baseline-tiny": "1.0e-200",
    "float-huge": "1.0e+308",
    "truncate-1": '"{{ first_name | truncate(1) }}"',
    "truncate-neg": '"{{ first_name | truncate(-5) }}"',
    "round-huge": '"{{ 1.5 | round(100000000000000000000000) }}"',
    "replace-chain": '"{{ first_name' + " | replace('a', 'aaaaaaaaaa')" * 10 + ' }}"',
    "replace-empty": "\"{{ first_name | replace('', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx') }}\"",
    "replace-count": "\"{{ first_name | replace('a', 'b', 100000000000000000000000000) }}\"",
    "int-of-huge": "\"{{ '" + "9" * 5000 + "' | int }}\"",
    "nested-loops": '"{% for a in [1,2,3,4,5,6,7,8,9,10] %}{% for b in [1,2,3,4,5,6,7,8,9,10] %}'
    "{% for c in [1,2,3,4,5,6,7,8,9,10] %}{% for d in [1,2,3,4,5,6,7,8,9,10] %}{{ a }}"
    '{% endfor %}{% endfor %}{% endfor %}{% endfor %}"',
    "deep-flow": "[" * 2000 + "]" * 2000,
    "deep-map": "{a: " * 200 + "}" * 200,
    "decomposed": '"Cafe\\u0301 e\\u0301te\\u0301"',
    "trailing-space": '"Hi there,\\n "',
    "crlf": '"a\\r\\nb\\rc\\x85d\\u2028e"',
    "bom": '"\\ufeffstart"',
    "yaml-no": "no",
    "yaml-date": "2026-02-30",
    "yaml-float": "10.0",
    "yaml-hex": "0x1F",
    "yaml-sexagesimal": "1:30",
    "alias": "*anchor",
    "tag": "!!python/object:os.system",
    "empty": '""',
    "long-text": '"' + "word " * 20_000 + '"',
    "markup": '"Dana [50% off] [/b] [link=x]"',
    "undefined-var": '"{{ nope }}"',
    "syntax-error": '"{% if %}"',
    "forbidden": '"{{ x.__class__ }}"',
    "emoji": '"👨\\u200d👩\\u200d👧 🇵🇱 1\\ufe0f\\u20e3"',
}
"""Hostile values, by name, as YAML scalars (flow collections for the deep ones)."""

_SCALAR: Final = re.compile(r"^(\s*(?:- )?[A-Za-z_][\w-]*: )(.+)$")


@dataclass
class Case:
    """One fuzz case: its seed, what was done to it, and its text."""

    seed: str
    steps: list[str]
    raw: bytes
    hostile: set[str] = field(default_factory=set)


@dataclass
class Outcome:
    """What running the fuzz found: cases, failures, and the worst time per hostile input."""

    cases: int = 0
    failures: list[tuple[Case, str]] = field(default_factory=list)
    worst: dict[str, float] = field(default_factory=dict)
    slowest: float = 0.0


def seeds() -> list[tuple[str, bytes, Config]]:
    """Return the seed plans: examples, rule fixtures, rendered campaign templates."""
    found: list[tuple[str, bytes, Config]] = []
    examples = load_config(ROOT / "examples" / "xcplan.toml")
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        found.append((path.name, path.read_bytes(), examples))
    for path in sorted((ROOT / "tests" / "fixtures" / "rules").glob("XC*/*.yaml")):
        found.append((f"{path.parent.name}/{path.name}", path.read_bytes(), Config()))
    for template in list_templates():
        text = render_template(template.name, name_="Fuzz")
        found.append((f"template:{template.name}", text.encode(), examples))
    return found


def mutate(rng: random.Random, raw: bytes, seed: str) -> Case:
    """Return a mutated copy of a seed plan."""
    text = raw.decode("utf-8", "replace")
    case = Case(seed, [], b"")
    for _ in range(rng.randint(1, 4)):
        lines = text.split("\n")
        choice = rng.random()
        if choice < 0.55:
            spots = [i for i, line in enumerate(lines) if _SCALAR.match(line)]
            if spots:
                index = rng.choice(spots)
                name = rng.choice(list(HOSTILE))
                found = _SCALAR.match(lines[index])
                assert found is not None
                lines[index] = found.group(1) + HOSTILE[name]
                case.hostile.add(name)
                case.steps.append(f"line {index + 1} := {name}")
        elif choice < 0.65 and len(lines) > 2:
            index = rng.randrange(len(lines))
            del lines[index]
            case.steps.append(f"delete line {index + 1}")
        elif choice < 0.72 and lines:
            index = rng.randrange(len(lines))
            lines.insert(index, lines[index])
            case.steps.append(f"duplicate line {index + 1}")
        elif choice < 0.79 and len(lines) > 2:
            a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[a], lines[b] = lines[b], lines[a]
            case.steps.append(f"swap lines {a + 1} and {b + 1}")
        elif choice < 0.86 and lines:
            index = rng.randrange(len(lines))
            shift = rng.choice([-2, 2, 1])
            line = lines[index]
            lines[index] = line[2:] if shift < 0 else " " * shift + line
            case.steps.append(f"indent line {index + 1} by {shift}")
        elif choice < 0.95:
            at = rng.randrange(len(text) + 1)
            piece = rng.choice(["\x00", "\t", "\r", "\x1b", ":", "- ", "{{", "%}", "'", '"', "é"])
            text = text[:at] + piece + text[at:]
            case.steps.append(f"insert {piece!r} at {at}")
            continue
        else:
            at = rng.randrange(len(text) + 1)
            text = text[:at]
            case.steps.append(f"cut at {at}")
            continue
        text = "\n".join(lines)
    case.raw = text.encode("utf-8", "surrogatepass")
    return case


def _same_types(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same_types(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same_types(x, y) for x, y in zip(a, b, strict=True))
    return isinstance(a, float) == isinstance(b, float)


def check_case(case: Case, config: Config, *, cli: bool, folder: Path) -> None:
    """Run one case through the pipeline; raise AssertionError (or anything) on a failure."""
    result = check_bytes(case.raw, "case.yaml", config)
    for diagnostic in result.diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1 and diagnostic.message
    plan = result.plan
    if plan is not None:
        canonical = dump_plan(plan)
        again = check_text(canonical, "case.yaml", config)
        assert again.plan is not None, [d.message for d in again.diagnostics][:3]
        assert again.plan == plan, "the canonical text is another plan"
        assert _same_types(again.plan.model_dump(mode="python"), plan.model_dump(mode="python")), (
            "a number changed its type"
        )
        assert dump_plan(again.plan) == canonical, "the canonical writer is not a fixed point"
        errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
        if not errors and result.context is not None:
            exports = {
                output: export_plan(result.context, result.diagnostics, output, "case.yaml")
                for output in ExportFormat
            }
            assert yaml.safe_load(exports[ExportFormat.YAML]) == json.loads(
                exports[ExportFormat.JSON]
            ), "the YAML and JSON exports differ"
    if cli:
        path = folder / "case.yaml"
        path.write_bytes(case.raw)
        for args in (
            ["validate", "--no-cache", str(path)],
            ["validate", "--no-cache", "--format", "github", str(path)],
            ["preview", str(path)],
            ["fmt", "--check", str(path)],
        ):
            run = xcplan(*args)
            assert "internal error" not in run.stderr, run.stderr
            assert run.code in (0, 1, 2), run.code
            for stream in (run.stdout, run.stderr):
                leftover = _RAW_CONTROL.search(stream)
                assert leftover is None, f"{args[0]} printed {leftover.group()!r}"


def run(
    cases: int,
    seed: int,
    *,
    budget: float | None = None,
    cli_every: int = 4,
    progress: Callable[[Outcome], None] | None = None,
    on_failure: Callable[[Case, str], None] | None = None,
) -> Outcome:
    """Run up to ``cases`` cases (or until ``budget`` seconds have passed) from ``seed``."""
    rng = random.Random(seed)
    plans = seeds()
    outcome = Outcome()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for number in range(cases):
            if budget is not None and time.monotonic() - started > budget:
                break
            name, raw, config = rng.choice(plans)
            case = mutate(rng, raw, name)
            began = time.perf_counter()
            try:
                check_case(case, config, cli=number % cli_every == 0, folder=folder)
            except Exception as error:  # a failure of any kind is what is looked for
                message = f"{type(error).__name__}: {error}"[:500]
                outcome.failures.append((case, message))
                if on_failure is not None:
                    on_failure(case, message)
            took = time.perf_counter() - began
            outcome.cases += 1
            outcome.slowest = max(outcome.slowest, took)
            for hostile in case.hostile:
                outcome.worst[hostile] = max(outcome.worst.get(hostile, 0.0), took)
            if progress is not None and outcome.cases % 500 == 0:
                progress(outcome)
    return outcome


def describe(case: Case) -> Iterator[str]:
    """Yield lines that say how to find a failing case again."""
    yield f"seed plan: {case.seed}"
    yield from (f"  {step}" for step in case.steps)
