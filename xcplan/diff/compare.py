"""``diff_plans``: two plans and one config in, the sections that changed out."""

from __future__ import annotations

from xcplan.diff.model import PlanDiff
from xcplan.diff.pair import Pair, same_plan
from xcplan.diff.sections import COMPARERS
from xcplan.model.config import Config
from xcplan.model.plan import Plan


def diff_plans(
    old: Plan, new: Plan, config: Config | None = None, *, old_name: str = "", new_name: str = ""
) -> PlanDiff:
    """Return what changed from ``old`` to ``new``, section by section.

    Both plans are read with one config (the brand voice and channel limits that apply), so the
    findings that move are the plans' doing. Plans equal as models give an empty diff at once;
    otherwise every comparer runs, and the diff is empty when the plans differ only in form
    (``stages`` written out as the default journey, weights written as the equal split...).
    Deterministic: the same plans give the same diff.
    """
    config = config or Config()
    if same_plan(old, new):
        return PlanDiff(old_name, new_name)
    pair = Pair(old, new, config)
    sections = tuple(section for comparer in COMPARERS if not (section := comparer(pair)).empty)
    return PlanDiff(old_name, new_name, sections)
