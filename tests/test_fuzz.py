"""A seeded, time-bounded fuzz run in the suite (``benchmarks/fuzz.py`` runs it for longer)."""

from __future__ import annotations

from tests import fuzzing

BUDGET_SECONDS = 25
SEED = 20261201


def test_mutated_plans_never_break_xcplan() -> None:
    outcome = fuzzing.run(100_000, SEED, budget=BUDGET_SECONDS)
    assert outcome.cases >= 200, outcome.cases
    failures = [
        "\n".join([message, *fuzzing.describe(case)]) for case, message in outcome.failures[:5]
    ]
    assert not failures, "\n\n".join(failures)
    assert {"osc52", "nan", "size-10e300", "digits-4301", "replace-chain"} <= set(outcome.worst)
