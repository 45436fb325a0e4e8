"""The rich text of previews: safe marks, UCS-2 culprits, segment starts, right-to-left copy."""

from __future__ import annotations

from xcplan.model.config import Config
from xcplan.render.limits import limits_for
from xcplan.render.preview import measure_text
from xcplan.richtext import BREAK_STYLE, UCS2_STYLE, counter, is_rtl, shown, visible


def _styled(text: object, style: str) -> list[str]:
    from rich.text import Text

    assert isinstance(text, Text)
    return [text.plain[span.start : span.end] for span in text.spans if str(span.style) == style]


def test_controls_and_bidi_overrides_are_shown_as_marks() -> None:
    text = visible("a\x1b[31mb\u202ec\td\r")
    assert "\x1b" not in text.plain and "\u202e" not in text.plain
    assert text.plain == "a␛[31mb⟨RLO⟩c→d␍"


def test_ucs2_culprits_are_highlighted_and_segment_starts_marked() -> None:
    body = "Zażółć " + "x" * 80
    measured = measure_text(body, "sms", "body")
    assert measured.sms is not None and measured.sms.encoding == "UCS-2"
    assert measured.sms.segments == 2
    text = shown(measured)
    assert _styled(text, UCS2_STYLE) == ["ż", "ó", "ł", "ć"]
    assert _styled(text, BREAK_STYLE) == ["‹2›"]
    # The mark stands right before the first character of segment 2 (67 units per segment).
    assert text.plain.index("‹2›") == measured.sms.segment_breaks[0]


def test_gsm_text_has_no_highlight() -> None:
    measured = measure_text("Hello {brackets} €", "sms", "body")
    assert measured.sms is not None and measured.sms.encoding == "GSM-7"
    assert _styled(shown(measured), UCS2_STYLE) == []


def test_right_to_left_copy_is_aligned_right() -> None:
    assert is_rtl("مرحبا Dana")
    assert is_rtl("١٢ خصم")  # digits are weak: the first strong letter decides
    assert not is_rtl("Dana مرحبا")
    assert visible("\nسلام دوست").justify == "right"
    assert visible("Hello").justify == "left"


def test_counter_warns_over_the_soft_limit_and_errs_over_the_hard_one() -> None:
    limits = limits_for("email", Config())
    long_subject = measure_text("x" * 200, "email", "subject")
    assert str(counter(long_subject, "subject", limits).style) == "yellow"
    huge = measure_text("x" * 1000, "email", "subject")
    assert "red" in str(counter(huge, "subject", limits).style)
    short = measure_text("Hi", "email", "subject")
    assert str(counter(short, "subject", limits).style) == "green"
