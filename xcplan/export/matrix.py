"""The content matrix: one CSV row per variant field, for copywriters and translators.

RFC 4180: comma-separated, fields quoted when they hold a comma, a quote or a line break,
quotes doubled, CRLF line ends; UTF-8 without a byte-order mark.
"""

from __future__ import annotations

import csv
import io
from typing import Final

from xcplan.lint.context import LintContext
from xcplan.model.kinds import CONTENT_FIELDS
from xcplan.render.measure import char_count
from xcplan.render.preview import variant_locale

COLUMNS: Final = (
    "touchpoint",
    "personas",
    "stage",
    "channel",
    "variant",
    "field",
    "locale",
    "text",
    "characters",
    "sms_segments",
)


def content_matrix(ctx: LintContext) -> str:
    """Return the content matrix of a plan as CSV text.

    ``text`` is the copy as written (templates and all); ``characters`` and ``sms_segments``
    are measured on the renderings, the longest over the personas the variant reaches.
    """
    plan = ctx.plan
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for t_index, touchpoint in enumerate(plan.touchpoints):
        for v_index, variant in enumerate(touchpoint.variants):
            renderings = ctx.renderings(t_index, v_index)
            for name in CONTENT_FIELDS:
                source = getattr(variant, name)
                if source is None:
                    continue
                measured = [r.fields[name] for r in renderings if name in r.fields]
                characters = max((m.characters for m in measured), default=char_count(source))
                segments = [m.sms.segments for m in measured if m.sms is not None]
                writer.writerow(
                    (
                        touchpoint.id,
                        " ".join(touchpoint.personas),
                        touchpoint.stage,
                        touchpoint.channel,
                        variant.id,
                        name,
                        variant_locale(plan, variant),
                        source,
                        characters,
                        max(segments) if segments else "",
                    )
                )
    return out.getvalue()
