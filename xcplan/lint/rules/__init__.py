"""The rule families: each module has a ``check(ctx)`` that yields findings."""
