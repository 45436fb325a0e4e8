"""The limits of the method, and how a touchpoint's audience is shared between its arms.

Plain values and functions of the models: the rules (``xcplan.lint.rules``), the exports and the
planner all use them, so they live with the format rather than in any one of those.
"""

from xcplan.model.plan import Touchpoint

MAX_PERSONAS = 4
"""A plan has at most four personas (XC202)."""
MIN_CHANNEL_KINDS = 3
"""A persona should be reached through at least three kinds of channel (XC206)."""


def control_share(touchpoint: Touchpoint) -> float:
    """Return the percent of the audience a touchpoint holds out as its control group (0: none)."""
    return touchpoint.experiment.control if touchpoint.experiment is not None else 0.0


def arms(touchpoint: Touchpoint) -> list[tuple[str, float]]:
    """Return each arm of a touchpoint's test and its share of the audience in percent.

    Variants share what the control leaves, by weight when weights are given, else equally.
    """
    control = control_share(touchpoint)
    variants = touchpoint.variants
    if variants and all(v.weight is not None for v in variants):
        shares = [(v.id, float(v.weight or 0)) for v in variants]
    else:
        equal = (100 - control) / len(variants) if variants else 0.0
        shares = [(v.id, equal) for v in variants]
    if control > 0:
        shares.append(("control", control))
    return shares
