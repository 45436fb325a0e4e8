"""Linting plans: diagnostics, the rule catalogue, the engine and the rule families."""
