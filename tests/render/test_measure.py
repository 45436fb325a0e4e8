"""Tests for xcplan.render.measure: SMS segments, X weighted length, sizes.

Expected values come from CHANNELS.md and from tables written out here, not
from the module's own tables, so a wrong table in the module fails a test.
"""

from __future__ import annotations

import itertools
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xcplan.render.measure import (
    GSM7_BASIC_TABLE,
    GSM7_CHARS,
    GSM7_EXTENSION_TABLE,
    char_count,
    measure_sms,
    nfc,
    utf8_bytes,
    weighted_length,
)

# Written out independently of the module (GSM 03.38 / 3GPP TS 23.038).
BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
EXTENSION = "\f^{}\\[~]|€"
POLISH = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"


def septets(text: str) -> int:
    """Return the GSM-7 cost of text, computed from this file's tables."""
    return sum(2 if c in EXTENSION else 1 for c in text)


def utf16_units(text: str) -> int:
    return sum(2 if ord(c) > 0xFFFF else 1 for c in text)


def segment_texts(text: str, breaks: tuple[int, ...]) -> list[str]:
    edges = [0, *breaks, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(edges)]


# --- the tables -------------------------------------------------------------


def test_basic_table_has_128_codes_in_gsm_order() -> None:
    assert len(GSM7_BASIC_TABLE) == 128
    assert GSM7_BASIC_TABLE.index("@") == 0x00
    assert GSM7_BASIC_TABLE.index("Ç") == 0x09
    assert GSM7_BASIC_TABLE.index("\x1b") == 0x1B
    assert GSM7_BASIC_TABLE.index("¤") == 0x24
    assert GSM7_BASIC_TABLE.index("¡") == 0x40
    assert GSM7_BASIC_TABLE.index("§") == 0x5F
    assert GSM7_BASIC_TABLE.index("¿") == 0x60
    assert GSM7_BASIC_TABLE.index("à") == 0x7F


def test_extension_table_codes() -> None:
    assert dict(GSM7_EXTENSION_TABLE) == {
        0x0A: "\f",
        0x14: "^",
        0x28: "{",
        0x29: "}",
        0x2F: "\\",
        0x3C: "[",
        0x3D: "~",
        0x3E: "]",
        0x40: "|",
        0x65: "€",
    }


def test_gsm_character_set_is_basic_plus_extension_without_escape() -> None:
    assert set(BASIC) | set(EXTENSION) == GSM7_CHARS
    assert "\x1b" not in GSM7_CHARS


@pytest.mark.parametrize("char", list(BASIC))
def test_each_basic_character_is_gsm7_and_costs_one(char: str) -> None:
    m = measure_sms(char)
    assert (m.encoding, m.units, m.segments) == ("GSM-7", 1, 1)


@pytest.mark.parametrize("char", list(EXTENSION))
def test_each_extension_character_is_gsm7_and_costs_two(char: str) -> None:
    m = measure_sms(char)
    assert (m.encoding, m.units, m.segments) == ("GSM-7", 2, 1)


def test_typed_escape_character_is_not_gsm7() -> None:
    m = measure_sms("a\x1bb")
    assert m.encoding == "UCS-2"
    assert m.non_gsm == ("\x1b",)


# --- CHANNELS.md worked examples ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments"),
    [
        pytest.param("a" * 160, "GSM-7", 160, 1, id="a160"),
        pytest.param("a" * 161, "GSM-7", 161, 2, id="a161"),
        pytest.param("a" * 159 + "€", "GSM-7", 161, 2, id="a159-euro"),
        pytest.param("a" * 152 + "€" + "a" * 152, "GSM-7", 306, 3, id="a152-euro-a152"),
        pytest.param("ب" * 70, "UCS-2", 70, 1, id="beh70"),
        pytest.param("ب" * 71, "UCS-2", 71, 2, id="beh71"),
        pytest.param("Zażółć gęślą jaźń", "UCS-2", 17, 1, id="polish-pangram"),
        pytest.param("a" * 99 + "ł", "UCS-2", 100, 2, id="a99-l-stroke"),
        pytest.param("a" * 66 + "😀" + "a" * 66, "UCS-2", 134, 3, id="a66-emoji-a66"),
    ],
)
def test_channels_md_worked_examples(text: str, encoding: str, units: int, segments: int) -> None:
    m = measure_sms(text)
    assert (m.encoding, m.units, m.segments) == (encoding, units, segments)
    assert len(m.segment_breaks) == segments - 1


def test_empty_text_has_no_segments() -> None:
    m = measure_sms("")
    assert (m.encoding, m.units, m.segments, m.characters) == ("GSM-7", 0, 0, 0)
    assert m.segment_breaks == ()
    assert m.non_gsm == ()


@pytest.mark.parametrize(
    ("text", "segments"),
    [("a" * 306, 2), ("a" * 307, 3), ("ł" * 134, 2), ("ł" * 135, 3)],
)
def test_concatenated_segment_sizes(text: str, segments: int) -> None:
    assert measure_sms(text).segments == segments


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments"),
    [
        pytest.param("a" * 158 + "€", "GSM-7", 160, 1, id="euro-fills-single"),
        pytest.param("{" * 80, "GSM-7", 160, 1, id="all-extension-single"),
        pytest.param("{" * 81, "GSM-7", 162, 2, id="all-extension-concat"),
        pytest.param("ł" * 68 + "😀", "UCS-2", 70, 1, id="emoji-fills-single"),
        pytest.param("ł" * 69 + "\U00010000", "UCS-2", 71, 2, id="first-astral"),
    ],
)
def test_single_segment_boundaries(text: str, encoding: str, units: int, segments: int) -> None:
    m = measure_sms(text)
    assert (m.encoding, m.units, m.segments) == (encoding, units, segments)


# --- NFC and the character set -------------------------------------------------


def test_decomposed_e_acute_is_gsm7_after_nfc() -> None:
    m = measure_sms("Cafe\u0301")
    assert (m.encoding, m.units, m.characters) == ("GSM-7", 4, 4)


def test_compatibility_singletons_fold_into_gsm7() -> None:
    # Angstrom sign and ohm sign are canonically equivalent to Å and Ω.
    assert measure_sms("\u212b\u2126").encoding == "GSM-7"


def test_nfc() -> None:
    assert nfc("e\u0301") == "é"
    assert nfc("o\u0301") == "ó"


@pytest.mark.parametrize("char", list(POLISH))
def test_polish_letters_are_not_gsm7(char: str) -> None:
    m = measure_sms("Dzien dobry " + char)
    assert m.encoding == "UCS-2"
    assert m.non_gsm == (char,)
    assert m.lookalikes == ()


def test_decomposed_o_acute_is_still_ucs2() -> None:
    m = measure_sms("Kro\u0301l")
    assert (m.encoding, m.units, m.non_gsm) == ("UCS-2", 4, ("ó",))


def test_lowercase_c_cedilla_is_outside_capital_inside() -> None:
    assert measure_sms("Ça va").encoding == "GSM-7"
    m = measure_sms("garçon")
    assert m.encoding == "UCS-2"
    assert m.non_gsm == ("ç",)


def test_non_gsm_is_distinct_in_order_of_first_appearance() -> None:
    m = measure_sms("łódź łąka")
    assert m.non_gsm == ("ł", "ó", "ź", "ą")


# --- look-alikes (XC508) -------------------------------------------------------

LOOKALIKES = [
    ("\u2018", "'"),
    ("\u2019", "'"),
    ("\u201a", "'"),
    ("\u201b", "'"),
    ("\u201c", '"'),
    ("\u201d", '"'),
    ("\u201e", '"'),
    ("\u201f", '"'),
    ("\u2013", "-"),
    ("\u2014", "-"),
    ("\u2212", "-"),
    ("\u2011", "-"),
    ("\u2026", "..."),
    ("\u00a0", " "),
    ("\u202f", " "),
    ("\u2009", " "),
    ("\u00b4", "'"),
    ("`", "'"),
]


@pytest.mark.parametrize(("char", "replacement"), LOOKALIKES)
def test_lookalike_reported_with_replacement(char: str, replacement: str) -> None:
    text = f"Sale{char}today"
    m = measure_sms(text)
    assert m.encoding == "UCS-2"
    assert m.non_gsm == (char,)
    assert m.lookalikes == ((char, replacement),)
    fixed = measure_sms(text.replace(char, replacement))
    assert fixed.encoding == "GSM-7"


def test_lookalikes_distinct_ordered_and_only_for_lookalike_characters() -> None:
    m = measure_sms("“Łódź” – “sale”…")
    assert m.non_gsm == ("“", "Ł", "ó", "ź", "”", "–", "…")
    assert m.lookalikes == (("“", '"'), ("”", '"'), ("–", "-"), ("…", "..."))


def test_gsm7_text_reports_no_lookalikes() -> None:
    m = measure_sms('Say "hi" - it\'s 50% off...')
    assert m.encoding == "GSM-7"
    assert m.lookalikes == ()


# --- packing -------------------------------------------------------------------


def test_escape_pair_straddling_153_moves_whole() -> None:
    text = "a" * 152 + "€" + "a" * 10
    m = measure_sms(text)
    assert (m.units, m.segments) == (164, 2)
    assert m.segment_breaks == (152,)  # the euro starts segment 2


def test_escape_pair_ending_exactly_at_153_stays() -> None:
    m = measure_sms("a" * 151 + "€" + "a" * 10)
    assert m.segment_breaks == (152,)
    assert septets("a" * 151 + "€") == 153


def test_surrogate_pair_never_split() -> None:
    m = measure_sms("a" * 66 + "😀" + "a" * 66)
    assert m.segment_breaks == (66, 132)


def test_segment_breaks_on_worked_examples() -> None:
    assert measure_sms("a" * 161).segment_breaks == (153,)
    assert measure_sms("a" * 152 + "€" + "a" * 152).segment_breaks == (152, 304)
    assert measure_sms("ب" * 71).segment_breaks == (67,)


@pytest.mark.parametrize(
    ("text", "breaks"),
    [
        # combining mark (enclosing circle, never composed by NFC) stays on its base
        pytest.param("ł" * 66 + "a\u20dd" + "ł" * 10, (66,), id="combining-mark"),
        # variation selector stays on its base
        pytest.param("ł" * 66 + "\u2764\ufe0f" + "ł" * 10, (66,), id="variation-selector"),
        # skin-tone modifier stays on its emoji
        pytest.param("ł" * 64 + "\U0001f44d\U0001f3fd" + "ł" * 10, (64,), id="skin-tone"),
        # a ZWJ family emoji stays whole
        pytest.param(
            "ł" * 63 + "\U0001f468\u200d\U0001f469\u200d\U0001f467" + "ł" * 10,
            (63,),
            id="zwj-sequence",
        ),
        # a flag (two regional indicators) stays whole
        pytest.param("ł" * 65 + "\U0001f1f5\U0001f1f1" + "ł" * 10, (65,), id="flag"),
        # two flags: the break may fall between them, not inside the second
        pytest.param(
            "ł" * 63 + "\U0001f1f5\U0001f1f1\U0001f1e9\U0001f1ea" + "ł" * 10,
            (65,),
            id="two-flags",
        ),
        # CR LF stays together
        pytest.param("ł" * 66 + "\r\n" + "ł" * 10, (66,), id="crlf"),
        # after a line feed a new cluster starts, even before a combining mark
        pytest.param("ł" * 66 + "\n\u20dd" + "ł" * 10, (67,), id="mark-after-newline"),
    ],
)
def test_grapheme_cluster_not_split_in_ucs2(text: str, breaks: tuple[int, ...]) -> None:
    assert nfc(text) == text
    m = measure_sms(text)
    assert m.encoding == "UCS-2"
    assert m.segment_breaks == breaks


def test_cluster_larger_than_a_segment_is_cut() -> None:
    m = measure_sms("a" + "\u20dd" * 100)
    assert (m.encoding, m.units, m.segments) == ("UCS-2", 101, 2)
    assert m.segment_breaks == (67,)


def test_segment_breaks_are_offsets_in_the_nfc_text() -> None:
    # 200 decomposed é become 200 composed ones: GSM-7, break at 153.
    m = measure_sms("e\u0301" * 200)
    assert (m.encoding, m.characters, m.segment_breaks) == ("GSM-7", 200, (153,))


# --- X weighted length, bytes, characters -------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hello", 5),
        ("", 0),
        ("😀", 2),
        ("hi 😀", 5),
        ("日本語", 6),
        ("\u10ff", 1),
        ("\u1100", 2),
        ("\u1000\u10ff😀", 4),
        ("Cafe\u0301", 4),
        ("https://example.com", 23),
        ("see https://example.com/a/very/long/path?with=query&and=more now", 31),
        ("http://a.io https://b.io", 47),
        ("HTTPS://EXAMPLE.COM", 23),
        ("http://", 7),
        ("ftp://example.com", 17),
        # X's own counting (CHANNELS.md): curly quotes and dashes count 1, the ellipsis 2; an
        # emoji sequence counts 2 however long; a bare domain with a real TLD is a URL.
        ("\u201cquoted\u201d \u2014 \u2013 \u2018x\u2019", 16),
        ("\u2026", 2),
        ("\u2032\u2037\u2038", 4),
        ("\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466", 2),
        ("\U0001f44d\U0001f3fd", 2),
        ("\U0001f1f5\U0001f1f1", 2),
        ("1\ufe0f\u20e3", 2),
        ("\u2764\ufe0f", 2),
        ("acme.com/app", 23),
        ("Get it at acme.com/app.", 34),
        ("www.acme.co.uk/x)", 24),
        ("write to me@acme.com", 20),
        ("acme.notatld", 12),
        ("e.g. U.S. v1.2.3", 16),
    ],
)
def test_weighted_length(text: str, expected: int) -> None:
    assert weighted_length(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", 0), ("a", 1), ("é", 2), ("€", 3), ("😀", 4), ("e\u0301", 3), ("\ud800", 3)],
)
def test_utf8_bytes(text: str, expected: int) -> None:
    assert utf8_bytes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", 0), ("abc", 3), ("e\u0301", 1), ("😀", 1), ("Zażółć", 6)],
)
def test_char_count(text: str, expected: int) -> None:
    assert char_count(text) == expected


# --- properties ------------------------------------------------------------------

gsm_text = st.text(alphabet=st.sampled_from(BASIC + EXTENSION), max_size=700)

# codec="utf-8" leaves out lone surrogates.
# Characters that are outside GSM-7 after NFC and do not compose with what precedes.
non_gsm_char = st.characters(codec="utf-8").filter(
    lambda c: (
        unicodedata.combining(c) == 0
        and not any(x in BASIC or x in EXTENSION for x in unicodedata.normalize("NFC", c))
    )
)

tricky = st.sampled_from(
    [
        *(BASIC + EXTENSION + POLISH),
        *("😀", "\u20dd", "\u0301", "\u200d", "\ufe0f", "\U0001f3fd", "\U0001f1f5", "ب", "…"),
    ]
)
any_text = st.one_of(
    st.text(alphabet=tricky, max_size=400),
    st.text(st.characters(codec="utf-8"), max_size=300),
)


@given(any_text, st.one_of(tricky, st.characters(codec="utf-8")))
def test_segments_never_decrease_as_text_grows(text: str, char: str) -> None:
    assert measure_sms(text + char).segments >= measure_sms(text).segments


@given(gsm_text, non_gsm_char, st.integers(min_value=0))
def test_gsm7_text_plus_one_non_gsm_character_is_ucs2(text: str, char: str, at: int) -> None:
    assert measure_sms(text).encoding == "GSM-7"
    i = at % (len(text) + 1)
    m = measure_sms(text[:i] + char + text[i:])
    assert m.encoding == "UCS-2"
    assert m.non_gsm == tuple(dict.fromkeys(unicodedata.normalize("NFC", char)))


@given(gsm_text)
def test_gsm7_units_are_the_sum_of_character_costs(text: str) -> None:
    m = measure_sms(text)
    assert m.encoding == "GSM-7"
    assert m.units == septets(text)
    assert m.characters == len(text)


@given(gsm_text)
def test_gsm7_packing_is_greedy_and_fits(text: str) -> None:
    m = measure_sms(text)
    total = septets(text)
    if total <= 160:
        assert m.segments == (1 if text else 0)
        return
    parts = segment_texts(text, m.segment_breaks)
    assert len(parts) == m.segments
    for part, following in itertools.pairwise(parts):
        assert septets(part) <= 153
        assert septets(part + following[0]) > 153  # the next character did not fit
    assert 0 < septets(parts[-1]) <= 153


@given(st.text(alphabet=st.sampled_from(list("abł€ب😀𝄞")), min_size=1, max_size=400))
def test_ucs2_packing_is_greedy_and_fits(text: str) -> None:
    m = measure_sms(text)
    if m.encoding == "GSM-7":
        return
    total = utf16_units(text)
    assert m.units == total
    if total <= 70:
        assert m.segments == 1
        return
    parts = segment_texts(text, m.segment_breaks)
    for part, following in itertools.pairwise(parts):
        assert utf16_units(part) <= 67
        assert utf16_units(part + following[0]) > 67
    assert 0 < utf16_units(parts[-1]) <= 67


@given(any_text)
def test_breaks_are_increasing_offsets_inside_the_text(text: str) -> None:
    m = measure_sms(text)
    breaks = m.segment_breaks
    assert len(breaks) == max(m.segments - 1, 0)
    assert list(breaks) == sorted(set(breaks))
    assert all(0 < b < m.characters for b in breaks)
    assert m.characters == len(unicodedata.normalize("NFC", text))
