"""Building the models' validators before they are first needed.

The models build their validators when first used (``defer_build``): a program that only reads
a plan someone else validated (the planner, whose second process sends the plan as models)
never waits for them. ``build_validators`` builds every model's validator at once, for a
program that will validate soon and would rather not wait then (the planner's first edit).
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from xcplan.model.config import Settings
from xcplan.model.plan import Entity


def models() -> Iterator[type[BaseModel]]:
    """Every model of the plan and of the config, their bases included."""
    for base in (Entity, Settings):
        yield base
        yield from _subclasses(base)


def _subclasses(base: type[BaseModel]) -> Iterator[type[BaseModel]]:
    for model in base.__subclasses__():
        yield model
        yield from _subclasses(model)


def build_validators() -> None:
    """Build the validator of every model of the plan and of the config not built yet."""
    for model in models():
        if not model.__pydantic_complete__:
            model.model_rebuild()
