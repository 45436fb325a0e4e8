"""A scenario's `expect` checked against its walk (format, section 3.9; rule XC702).

A message reaches the customer when its status is `sent` or `deferred`. A touchpoint named in
`sent` that does not target the scenario's persona can never reach them, so it fails; one named
in `not_sent` that does not target the persona holds trivially. Ids that name no touchpoint are
XC201 and are left out here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from xcplan.journey.walk import Message, Walk
from xcplan.model.plan import Expectation

Want = Literal["sent", "not_sent"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """One entry of `expect`, and whether the walk meets it."""

    want: Want
    position: int
    """The entry's position in its list (`expect.sent` or `expect.not_sent`)."""
    touchpoint: str
    met: bool
    message: Message | None
    """The touchpoint in the walk; None when it does not target the persona."""


def outcomes(walk: Walk, expectation: Expectation | None, known: set[str]) -> Iterator[Outcome]:
    """Yield each entry of ``expectation`` that names a touchpoint in ``known``, met or not."""
    if expectation is None:
        return
    lists: tuple[tuple[Want, list[str]], ...] = (
        ("sent", expectation.sent),
        ("not_sent", expectation.not_sent),
    )
    for want, ids in lists:
        for position, touchpoint in enumerate(ids):
            if touchpoint not in known:
                continue
            message = walk.message(touchpoint)
            reached = message is not None and message.reached
            yield Outcome(
                want,
                position,
                touchpoint,
                reached if want == "sent" else not reached,
                message,
            )
