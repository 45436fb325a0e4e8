"""Pydantic models of the plan format and of ``xcplan.toml``: the single source of truth.

The models are in ``xcplan.model.plan`` and ``xcplan.model.config``; the channel kinds and the
content fields in ``xcplan.model.kinds``. Nothing is imported here: the loader reads numbers
(``xcplan.model.numbers``) with pydantic not imported yet, as the planner's second process
parses a plan while the planner starts.
"""
