"""Read copy the way the brand-voice rules (XC601-XC609) need it.

Pure standard library, no UI imports: the TUI runs these on every keystroke, so
each function is a few compiled regular expressions and a short loop.

Copy is read as written with the template tags left out (PLAN_FORMAT.md,
section 4): call :func:`strip_template` first and pass its result to the other
functions, so a name or an offer code never counts as the brand's own words.

Words and word boundaries
    A word character is a letter, a combining mark or a digit (Unicode
    categories L*, M*, N*) in any script; the underscore is not one. Marks
    matter: Python's ``\\w`` leaves them out, which would split vocalised
    Arabic or Devanagari words in two. A word is a run of word characters;
    apostrophes (``' ’ ʼ``), hyphens (``- ‐ ‑``) and ZWNJ/ZWJ between two runs
    keep it one word ("don't", "e-mail", Persian "می‌خواهم"). The template
    placeholder U+E000 (see :data:`PLACEHOLDER`) is a word of its own; several
    in a row ("{{ first }}{{ last }}") are one word.

    Scripts written without spaces between words (Han, Hiragana, Katakana,
    Bopomofo, Yi, Thai, Lao, Khmer, Myanmar, Tai Tham, New Tai Lue) have no
    word boundaries to look for: next to such a character a term or a literal
    value always counts as whole ("便宜" is found in "这个很便宜的", "VIP" in
    "我们的VIP会员"). Korean (Hangul) is written with spaces and treated like
    Latin, so a term followed by a particle ("할인을") is not found. Runs of
    the spaceless scripts count as one word each, so sentence lengths in
    Chinese, Japanese or Thai are under-counted.

Term matching (XC601-XC603)
    Case-insensitive (``re.IGNORECASE``, simple case folding, plus "ß"/"ẞ"
    against "ss"), on word boundaries, with text and term in NFC. Arabic and
    Persian: tatweel U+0640 and harakat U+064B-U+065F, U+0670 are ignored on
    both sides, and Arabic yeh/kaf (ي ك) match Persian yeh/keheh (ی ک).
    A term's apostrophe matches any of ``' ’ ʼ`` and its hyphen any of
    ``- ‐ ‑``; otherwise punctuation matches literally. Whitespace inside a term
    matches any run of whitespace, line breaks included. Hyphens, apostrophes
    and ZWNJ are boundaries for matching: "cheap" is found in "super-cheap" and
    "Cheap's", "mail" in "e-mail".

Emoji (XC605)
    Counted as a person sees them: a ZWJ sequence, a flag (a pair of regional
    indicators; a lone one counts 1), a subdivision flag (tag sequence), a
    keycap (``[0-9#*]`` U+FE0F? U+20E3), or a pictograph with its variation
    selector and skin-tone modifier, each count once. Which code points are
    pictographs comes from Unicode 17 ``emoji-data.txt``:

    - above the BMP, every ``Extended_Pictographic`` code point
      (:data:`EMOJI_ASTRAL_RANGES`; 1F004..1FFFD less enclosed alphanumerics,
      arrows, alchemical symbols and the like), plus the skin-tone modifiers
      1F3FB..1F3FF on their own;
    - in the BMP, the ``Emoji_Presentation`` characters
      (:data:`EMOJI_BMP_PRESENTATION`: ⌚ ⏰ ☕ ♈ ⚡ ✅ ✨ ❌ ❗ ➕ ⬛ ⭐ ⭕ ...) always;
    - the other BMP ``Extended_Pictographic`` characters
      (:data:`EMOJI_BMP_RANGES` less the above: © ® ‼ ™ ↔ ▶ ☀ ☺ ♥ ✔ ❤ ➡ 〰 ㊗ ...)
      only when followed by U+FE0F, a skin-tone modifier or a ZWJ and a
      pictograph. They are text symbols by default, so "Acme™", "✔ Free
      delivery" or a bare "❤" (U+2764 without U+FE0F) are not emoji.

    Any pictograph followed by U+FE0E (text presentation) is not counted.

Sentences (XC607, XC608)
    A sentence ends at a line break, at ``. ! ? … ‼ ⁉`` and the Arabic ``؟ ۔`` and
    Devanagari ``। ॥`` (a run of them, with closing quotes or brackets) followed by
    whitespace or the end of the text,
    and right after the full-width ``。 ！ ？ ．`` and their small and half-width
    forms. A dot followed by a non-space never ends one ("4.5 stars",
    "acme.com/sale"), nor a single dot after an abbreviation in
    :data:`ABBREVIATIONS`, after dotted single letters ("e.g.", "U.S.",
    "a.m.") or after one capital letter (an initial: "J. Smith"), unless the
    next word starts with a capital and the abbreviation can end a sentence:
    "We open at 9 a.m. Come early" is two sentences, "Dr. Smith", "e.g. Paris"
    and "J. R. Tolkien" never end one. A chunk with no word in it (a blank
    line, a line of emoji) is not a sentence.

Syllables (XC608)
    An English heuristic: groups of vowels (a e i o u, and y except at the
    start of a word or before a vowel), plus the pairs of vowels that are two
    syllables (radio, area, quiet, science, fire) and a vowel before "-ing"
    (being), less a silent final "e" (but not "-le" after a consonant), a
    silent "-ed" (not after t or d, nor in "-tled", "-dred"), a silent "-es"
    (not after a sibilant), a silent "e" before a suffix (movement, lovely,
    something) and "-gue"/"-que"; frequent compounds (every-, some-, any-)
    count by their parts, and a word without vowels is spelt out (TV, BBC).
    At least 1. Accents are dropped first; a hyphenated word is the sum of its
    parts; a word without Latin letters (a number, the placeholder, another
    script) is 1. It agrees with the CMU Pronouncing Dictionary on 97.8% of
    the 5,000 most frequent English words it holds (``tests/render``).
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Final

__all__ = [
    "ABBREVIATIONS",
    "EMOJI_ASTRAL_RANGES",
    "EMOJI_BMP_PRESENTATION",
    "EMOJI_BMP_RANGES",
    "PLACEHOLDER",
    "TermMatch",
    "TermMatcher",
    "count_emoji",
    "count_exclamations",
    "emoji_list",
    "find_terms",
    "fk_grade",
    "literal_occurrences",
    "longest_sentence",
    "sentences",
    "shouting_words",
    "strip_template",
    "syllables",
    "word_count",
    "words",
]

PLACEHOLDER: Final = "\ue000"
"""What a ``{{ ... }}`` tag becomes: a private-use character, not a word character."""

ABBREVIATIONS: Final = frozenset(
    {
        "approx",
        "cf",
        "dr",
        "e.g",
        "etc",
        "excl",
        "i.e",
        "incl",
        "jr",
        "mr",
        "mrs",
        "ms",
        "mx",
        "prof",
        "sr",
        "st",
        "vs",
    }
)
"""Words (lower case, without the final dot) after which a dot does not end a sentence."""

Range = tuple[int, int]

# Unicode 17 emoji-data.txt. BMP Extended_Pictographic (the same set as Emoji in
# the BMP, less # * 0-9).
EMOJI_BMP_RANGES: Final[tuple[Range, ...]] = (
    (0x00A9, 0x00A9), (0x00AE, 0x00AE), (0x203C, 0x203C), (0x2049, 0x2049),
    (0x2122, 0x2122), (0x2139, 0x2139), (0x2194, 0x2199), (0x21A9, 0x21AA),
    (0x231A, 0x231B), (0x2328, 0x2328), (0x23CF, 0x23CF), (0x23E9, 0x23F3),
    (0x23F8, 0x23FA), (0x24C2, 0x24C2), (0x25AA, 0x25AB), (0x25B6, 0x25B6),
    (0x25C0, 0x25C0), (0x25FB, 0x25FE), (0x2600, 0x2604), (0x260E, 0x260E),
    (0x2611, 0x2611), (0x2614, 0x2615), (0x2618, 0x2618), (0x261D, 0x261D),
    (0x2620, 0x2620), (0x2622, 0x2623), (0x2626, 0x2626), (0x262A, 0x262A),
    (0x262E, 0x262F), (0x2638, 0x263A), (0x2640, 0x2640), (0x2642, 0x2642),
    (0x2648, 0x2653), (0x265F, 0x2660), (0x2663, 0x2663), (0x2665, 0x2666),
    (0x2668, 0x2668), (0x267B, 0x267B), (0x267E, 0x267F), (0x2692, 0x2697),
    (0x2699, 0x2699), (0x269B, 0x269C), (0x26A0, 0x26A1), (0x26A7, 0x26A7),
    (0x26AA, 0x26AB), (0x26B0, 0x26B1), (0x26BD, 0x26BE), (0x26C4, 0x26C5),
    (0x26C8, 0x26C8), (0x26CE, 0x26CF), (0x26D1, 0x26D1), (0x26D3, 0x26D4),
    (0x26E9, 0x26EA), (0x26F0, 0x26F5), (0x26F7, 0x26FA), (0x26FD, 0x26FD),
    (0x2702, 0x2702), (0x2705, 0x2705), (0x2708, 0x270D), (0x270F, 0x270F),
    (0x2712, 0x2712), (0x2714, 0x2714), (0x2716, 0x2716), (0x271D, 0x271D),
    (0x2721, 0x2721), (0x2728, 0x2728), (0x2733, 0x2734), (0x2744, 0x2744),
    (0x2747, 0x2747), (0x274C, 0x274C), (0x274E, 0x274E), (0x2753, 0x2755),
    (0x2757, 0x2757), (0x2763, 0x2764), (0x2795, 0x2797), (0x27A1, 0x27A1),
    (0x27B0, 0x27B0), (0x27BF, 0x27BF), (0x2934, 0x2935), (0x2B05, 0x2B07),
    (0x2B1B, 0x2B1C), (0x2B50, 0x2B50), (0x2B55, 0x2B55), (0x3030, 0x3030),
    (0x303D, 0x303D), (0x3297, 0x3297), (0x3299, 0x3299),
)  # fmt: skip

# The BMP characters among those that are Emoji_Presentation=Yes (shown as emoji bare).
EMOJI_BMP_PRESENTATION: Final[tuple[Range, ...]] = (
    (0x231A, 0x231B), (0x23E9, 0x23EC), (0x23F0, 0x23F0), (0x23F3, 0x23F3),
    (0x25FD, 0x25FE), (0x2614, 0x2615), (0x2648, 0x2653), (0x267F, 0x267F),
    (0x2693, 0x2693), (0x26A1, 0x26A1), (0x26AA, 0x26AB), (0x26BD, 0x26BE),
    (0x26C4, 0x26C5), (0x26CE, 0x26CE), (0x26D4, 0x26D4), (0x26EA, 0x26EA),
    (0x26F2, 0x26F3), (0x26F5, 0x26F5), (0x26FA, 0x26FA), (0x26FD, 0x26FD),
    (0x2705, 0x2705), (0x270A, 0x270B), (0x2728, 0x2728), (0x274C, 0x274C),
    (0x274E, 0x274E), (0x2753, 0x2755), (0x2757, 0x2757), (0x2795, 0x2797),
    (0x27B0, 0x27B0), (0x27BF, 0x27BF), (0x2B1B, 0x2B1C), (0x2B50, 0x2B50),
    (0x2B55, 0x2B55),
)  # fmt: skip

# Extended_Pictographic above the BMP (regional indicators and skin-tone
# modifiers are handled on their own).
EMOJI_ASTRAL_RANGES: Final[tuple[Range, ...]] = (
    (0x1F004, 0x1F004), (0x1F02C, 0x1F02F), (0x1F094, 0x1F09F), (0x1F0AF, 0x1F0B0),
    (0x1F0C0, 0x1F0C0), (0x1F0CF, 0x1F0D0), (0x1F0F6, 0x1F0FF), (0x1F170, 0x1F171),
    (0x1F17E, 0x1F17F), (0x1F18E, 0x1F18E), (0x1F191, 0x1F19A), (0x1F1AF, 0x1F1E5),
    (0x1F201, 0x1F20F), (0x1F21A, 0x1F21A), (0x1F22F, 0x1F22F), (0x1F232, 0x1F23A),
    (0x1F23C, 0x1F23F), (0x1F249, 0x1F25F), (0x1F266, 0x1F321), (0x1F324, 0x1F393),
    (0x1F396, 0x1F397), (0x1F399, 0x1F39B), (0x1F39E, 0x1F3F0), (0x1F3F3, 0x1F3F5),
    (0x1F3F7, 0x1F3FA), (0x1F400, 0x1F4FD), (0x1F4FF, 0x1F53D), (0x1F549, 0x1F54E),
    (0x1F550, 0x1F567), (0x1F56F, 0x1F570), (0x1F573, 0x1F57A), (0x1F587, 0x1F587),
    (0x1F58A, 0x1F58D), (0x1F590, 0x1F590), (0x1F595, 0x1F596), (0x1F5A4, 0x1F5A5),
    (0x1F5A8, 0x1F5A8), (0x1F5B1, 0x1F5B2), (0x1F5BC, 0x1F5BC), (0x1F5C2, 0x1F5C4),
    (0x1F5D1, 0x1F5D3), (0x1F5DC, 0x1F5DE), (0x1F5E1, 0x1F5E1), (0x1F5E3, 0x1F5E3),
    (0x1F5E8, 0x1F5E8), (0x1F5EF, 0x1F5EF), (0x1F5F3, 0x1F5F3), (0x1F5FA, 0x1F64F),
    (0x1F680, 0x1F6C5), (0x1F6CB, 0x1F6D2), (0x1F6D5, 0x1F6E5), (0x1F6E9, 0x1F6E9),
    (0x1F6EB, 0x1F6F0), (0x1F6F3, 0x1F6FF), (0x1F7DC, 0x1F7F0), (0x1F80C, 0x1F80F),
    (0x1F848, 0x1F84F), (0x1F85A, 0x1F85F), (0x1F888, 0x1F88F), (0x1F8AE, 0x1F8AF),
    (0x1F8BC, 0x1F8BF), (0x1F8C2, 0x1F8CF), (0x1F8D9, 0x1F8FF), (0x1F90C, 0x1F93A),
    (0x1F93C, 0x1F945), (0x1F947, 0x1F9FF), (0x1FA58, 0x1FA5F), (0x1FA6E, 0x1FAFF),
    (0x1FC00, 0x1FFFD),
)  # fmt: skip

# Scripts written without spaces between words.
_SPACELESS: Final[tuple[Range, ...]] = (
    (0x0E00, 0x0E7F),  # Thai
    (0x0E80, 0x0EFF),  # Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x1980, 0x19DF),  # New Tai Lue
    (0x19E0, 0x19FF),  # Khmer symbols
    (0x1A20, 0x1AAF),  # Tai Tham
    (0x2E80, 0x2FDF),  # CJK radicals, Kangxi radicals
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3021, 0x3029),  # Hangzhou numerals
    (0x3031, 0x3035),  # kana repeat marks
    (0x3038, 0x303C),
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3100, 0x312F),  # Bopomofo
    (0x31A0, 0x31BF),
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA000, 0xA4CF),  # Yi
    (0xA9E0, 0xA9FF),  # Myanmar extended-B
    (0xAA60, 0xAA7F),  # Myanmar extended-A
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # half-width Katakana
    (0x1B000, 0x1B16F),  # kana supplement and extended
    (0x20000, 0x3FFFF),  # CJK extensions B and later
)

_IGNORABLE_ARABIC: Final = "\u0640\u064b-\u065f\u0670"
_IGNORABLE_ARABIC_SET: Final = frozenset(
    chr(cp) for cp in itertools.chain((0x0640, 0x0670), range(0x064B, 0x0660))
)
_ARABIC: Final[tuple[Range, ...]] = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x0870, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
_APOSTROPHES: Final = "'\u2019\u02bc"
_HYPHENS: Final = "-\u2010\u2011"
_JOINERS: Final = _APOSTROPHES + _HYPHENS + "\u200c\u200d"
# A term's character -> what it matches (besides itself, case-insensitively).
_TERM_EQUIVALENTS: Final = {
    **dict.fromkeys(_APOSTROPHES, "['\u2019\u02bc]"),
    **dict.fromkeys(_HYPHENS, "[\\-\u2010\u2011]"),
    "\u00df": "(?:ss|\u00df)",  # ß
    "\u1e9e": "(?:ss|\u00df)",  # ẞ
    "\u064a": "[\u064a\u06cc]",  # Arabic yeh, Persian yeh
    "\u06cc": "[\u064a\u06cc]",
    "\u0643": "[\u0643\u06a9]",  # Arabic kaf, Persian keheh
    "\u06a9": "[\u0643\u06a9]",
}
_KEY_FOLD: Final = str.maketrans(
    {
        "\u2019": "'",
        "\u02bc": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u06cc": "\u064a",
        "\u06a9": "\u0643",
    }
)


def _in_ranges(cp: int, ranges: Iterable[Range]) -> bool:
    return any(lo <= cp <= hi for lo, hi in ranges)


def _class_body(ranges: Iterable[Range]) -> str:
    """Return the inside of a regex character class matching the code points of `ranges`."""

    def esc(cp: int) -> str:
        # Characters as themselves: `re` parses a class of thousands of escapes slowly (about
        # 10 ms for the combining marks), a class of plain characters fast.
        char = chr(cp)
        return "\\" + char if char in "\\]^-[" else char

    return "".join(esc(lo) if lo == hi else f"{esc(lo)}-{esc(hi)}" for lo, hi in ranges)


def _to_ranges(codepoints: Iterable[int]) -> list[Range]:
    out: list[Range] = []
    for cp in codepoints:
        if out and out[-1][1] == cp - 1:
            out[-1] = (out[-1][0], cp)
        else:
            out.append((cp, cp))
    return out


# --- templates ----------------------------------------------------------------

_TAG_OPEN: Final = re.compile(r"\{[{%#]")
# Quoted strings inside a tag may hold the closing delimiter (Jinja's lexer reads
# them as strings); an unmatched quote is an ordinary character. Atomic groups and
# possessive repeats keep the scan linear.
_STRING: Final = r"\"(?:[^\"\\]|\\.)*+\"|'(?:[^'\\]|\\.)*+'"
_TAG_REST: Final = {
    "{": re.compile(rf"(?>{_STRING}|[^}}]|\}}(?!\}}))*+\}}\}}", re.DOTALL),
    "%": re.compile(rf"(?>{_STRING}|[^%]|%(?!\}}))*+%\}}", re.DOTALL),
    "#": re.compile(r"(?>[^#]|#(?!\}))*+#\}", re.DOTALL),
}


def strip_template(source: str) -> str:
    """Return `source` with every Jinja2 tag replaced by a placeholder.

    ``{{ ... }}`` becomes :data:`PLACEHOLDER` (U+E000, one character that is not
    a word character, so callers can count it as a word); ``{% ... %}`` and
    ``{# ... #}`` become one space. Whitespace-control markers (``{{-``, ``-%}``)
    and tags spanning lines are covered; a closing delimiter inside a quoted
    string does not end a tag. At the first tag that is never closed the rest of
    the text is left as it is (Jinja would stop there with a syntax error).
    ``{% raw %}`` blocks are not special: tags inside them are stripped too.
    """
    if "{" not in source:
        return source
    parts: list[str] = []
    pos = 0
    search = _TAG_OPEN.search
    while (opener := search(source, pos)) is not None:
        kind = source[opener.end() - 1]
        rest = _TAG_REST[kind].match(source, opener.end())
        if rest is None:
            break
        parts.append(source[pos : opener.start()])
        parts.append(PLACEHOLDER if kind == "{" else " ")
        pos = rest.end()
    if not parts:
        return source
    parts.append(source[pos:])
    return "".join(parts)


# --- character classes that need the Unicode database -------------------------


@dataclass(frozen=True, slots=True)
class _Classes:
    """Regex fragments built once from the Unicode database (about 20 ms, on first use)."""

    word: str  # one word character (letter, mark, digit)
    word_re: re.Pattern[str]
    capitals_re: re.Pattern[str]
    cluster_re: re.Pattern[str]


# The combining marks (category M) of Unicode 14.0, the database of Python 3.11, as ranges:
# reading them from `unicodedata` costs about 10 ms a process. Another Python's database is
# read at run time instead; tests/render/test_copytext.py checks the table against it.
MARKS_UNICODE_VERSION: Final = "14.0.0"
MARK_RANGES: Final[tuple[Range, ...]] = (
    (0x300, 0x36F),
    (0x483, 0x489),
    (0x591, 0x5BD),
    (0x5BF, 0x5BF),
    (0x5C1, 0x5C2),
    (0x5C4, 0x5C5),
    (0x5C7, 0x5C7),
    (0x610, 0x61A),
    (0x64B, 0x65F),
    (0x670, 0x670),
    (0x6D6, 0x6DC),
    (0x6DF, 0x6E4),
    (0x6E7, 0x6E8),
    (0x6EA, 0x6ED),
    (0x711, 0x711),
    (0x730, 0x74A),
    (0x7A6, 0x7B0),
    (0x7EB, 0x7F3),
    (0x7FD, 0x7FD),
    (0x816, 0x819),
    (0x81B, 0x823),
    (0x825, 0x827),
    (0x829, 0x82D),
    (0x859, 0x85B),
    (0x898, 0x89F),
    (0x8CA, 0x8E1),
    (0x8E3, 0x903),
    (0x93A, 0x93C),
    (0x93E, 0x94F),
    (0x951, 0x957),
    (0x962, 0x963),
    (0x981, 0x983),
    (0x9BC, 0x9BC),
    (0x9BE, 0x9C4),
    (0x9C7, 0x9C8),
    (0x9CB, 0x9CD),
    (0x9D7, 0x9D7),
    (0x9E2, 0x9E3),
    (0x9FE, 0x9FE),
    (0xA01, 0xA03),
    (0xA3C, 0xA3C),
    (0xA3E, 0xA42),
    (0xA47, 0xA48),
    (0xA4B, 0xA4D),
    (0xA51, 0xA51),
    (0xA70, 0xA71),
    (0xA75, 0xA75),
    (0xA81, 0xA83),
    (0xABC, 0xABC),
    (0xABE, 0xAC5),
    (0xAC7, 0xAC9),
    (0xACB, 0xACD),
    (0xAE2, 0xAE3),
    (0xAFA, 0xAFF),
    (0xB01, 0xB03),
    (0xB3C, 0xB3C),
    (0xB3E, 0xB44),
    (0xB47, 0xB48),
    (0xB4B, 0xB4D),
    (0xB55, 0xB57),
    (0xB62, 0xB63),
    (0xB82, 0xB82),
    (0xBBE, 0xBC2),
    (0xBC6, 0xBC8),
    (0xBCA, 0xBCD),
    (0xBD7, 0xBD7),
    (0xC00, 0xC04),
    (0xC3C, 0xC3C),
    (0xC3E, 0xC44),
    (0xC46, 0xC48),
    (0xC4A, 0xC4D),
    (0xC55, 0xC56),
    (0xC62, 0xC63),
    (0xC81, 0xC83),
    (0xCBC, 0xCBC),
    (0xCBE, 0xCC4),
    (0xCC6, 0xCC8),
    (0xCCA, 0xCCD),
    (0xCD5, 0xCD6),
    (0xCE2, 0xCE3),
    (0xD00, 0xD03),
    (0xD3B, 0xD3C),
    (0xD3E, 0xD44),
    (0xD46, 0xD48),
    (0xD4A, 0xD4D),
    (0xD57, 0xD57),
    (0xD62, 0xD63),
    (0xD81, 0xD83),
    (0xDCA, 0xDCA),
    (0xDCF, 0xDD4),
    (0xDD6, 0xDD6),
    (0xDD8, 0xDDF),
    (0xDF2, 0xDF3),
    (0xE31, 0xE31),
    (0xE34, 0xE3A),
    (0xE47, 0xE4E),
    (0xEB1, 0xEB1),
    (0xEB4, 0xEBC),
    (0xEC8, 0xECD),
    (0xF18, 0xF19),
    (0xF35, 0xF35),
    (0xF37, 0xF37),
    (0xF39, 0xF39),
    (0xF3E, 0xF3F),
    (0xF71, 0xF84),
    (0xF86, 0xF87),
    (0xF8D, 0xF97),
    (0xF99, 0xFBC),
    (0xFC6, 0xFC6),
    (0x102B, 0x103E),
    (0x1056, 0x1059),
    (0x105E, 0x1060),
    (0x1062, 0x1064),
    (0x1067, 0x106D),
    (0x1071, 0x1074),
    (0x1082, 0x108D),
    (0x108F, 0x108F),
    (0x109A, 0x109D),
    (0x135D, 0x135F),
    (0x1712, 0x1715),
    (0x1732, 0x1734),
    (0x1752, 0x1753),
    (0x1772, 0x1773),
    (0x17B4, 0x17D3),
    (0x17DD, 0x17DD),
    (0x180B, 0x180D),
    (0x180F, 0x180F),
    (0x1885, 0x1886),
    (0x18A9, 0x18A9),
    (0x1920, 0x192B),
    (0x1930, 0x193B),
    (0x1A17, 0x1A1B),
    (0x1A55, 0x1A5E),
    (0x1A60, 0x1A7C),
    (0x1A7F, 0x1A7F),
    (0x1AB0, 0x1ACE),
    (0x1B00, 0x1B04),
    (0x1B34, 0x1B44),
    (0x1B6B, 0x1B73),
    (0x1B80, 0x1B82),
    (0x1BA1, 0x1BAD),
    (0x1BE6, 0x1BF3),
    (0x1C24, 0x1C37),
    (0x1CD0, 0x1CD2),
    (0x1CD4, 0x1CE8),
    (0x1CED, 0x1CED),
    (0x1CF4, 0x1CF4),
    (0x1CF7, 0x1CF9),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20F0),
    (0x2CEF, 0x2CF1),
    (0x2D7F, 0x2D7F),
    (0x2DE0, 0x2DFF),
    (0x302A, 0x302F),
    (0x3099, 0x309A),
    (0xA66F, 0xA672),
    (0xA674, 0xA67D),
    (0xA69E, 0xA69F),
    (0xA6F0, 0xA6F1),
    (0xA802, 0xA802),
    (0xA806, 0xA806),
    (0xA80B, 0xA80B),
    (0xA823, 0xA827),
    (0xA82C, 0xA82C),
    (0xA880, 0xA881),
    (0xA8B4, 0xA8C5),
    (0xA8E0, 0xA8F1),
    (0xA8FF, 0xA8FF),
    (0xA926, 0xA92D),
    (0xA947, 0xA953),
    (0xA980, 0xA983),
    (0xA9B3, 0xA9C0),
    (0xA9E5, 0xA9E5),
    (0xAA29, 0xAA36),
    (0xAA43, 0xAA43),
    (0xAA4C, 0xAA4D),
    (0xAA7B, 0xAA7D),
    (0xAAB0, 0xAAB0),
    (0xAAB2, 0xAAB4),
    (0xAAB7, 0xAAB8),
    (0xAABE, 0xAABF),
    (0xAAC1, 0xAAC1),
    (0xAAEB, 0xAAEF),
    (0xAAF5, 0xAAF6),
    (0xABE3, 0xABEA),
    (0xABEC, 0xABED),
    (0xFB1E, 0xFB1E),
    (0xFE00, 0xFE0F),
    (0xFE20, 0xFE2F),
    (0x101FD, 0x101FD),
    (0x102E0, 0x102E0),
    (0x10376, 0x1037A),
    (0x10A01, 0x10A03),
    (0x10A05, 0x10A06),
    (0x10A0C, 0x10A0F),
    (0x10A38, 0x10A3A),
    (0x10A3F, 0x10A3F),
    (0x10AE5, 0x10AE6),
    (0x10D24, 0x10D27),
    (0x10EAB, 0x10EAC),
    (0x10F46, 0x10F50),
    (0x10F82, 0x10F85),
    (0x11000, 0x11002),
    (0x11038, 0x11046),
    (0x11070, 0x11070),
    (0x11073, 0x11074),
    (0x1107F, 0x11082),
    (0x110B0, 0x110BA),
    (0x110C2, 0x110C2),
    (0x11100, 0x11102),
    (0x11127, 0x11134),
    (0x11145, 0x11146),
    (0x11173, 0x11173),
    (0x11180, 0x11182),
    (0x111B3, 0x111C0),
    (0x111C9, 0x111CC),
    (0x111CE, 0x111CF),
    (0x1122C, 0x11237),
    (0x1123E, 0x1123E),
    (0x112DF, 0x112EA),
    (0x11300, 0x11303),
    (0x1133B, 0x1133C),
    (0x1133E, 0x11344),
    (0x11347, 0x11348),
    (0x1134B, 0x1134D),
    (0x11357, 0x11357),
    (0x11362, 0x11363),
    (0x11366, 0x1136C),
    (0x11370, 0x11374),
    (0x11435, 0x11446),
    (0x1145E, 0x1145E),
    (0x114B0, 0x114C3),
    (0x115AF, 0x115B5),
    (0x115B8, 0x115C0),
    (0x115DC, 0x115DD),
    (0x11630, 0x11640),
    (0x116AB, 0x116B7),
    (0x1171D, 0x1172B),
    (0x1182C, 0x1183A),
    (0x11930, 0x11935),
    (0x11937, 0x11938),
    (0x1193B, 0x1193E),
    (0x11940, 0x11940),
    (0x11942, 0x11943),
    (0x119D1, 0x119D7),
    (0x119DA, 0x119E0),
    (0x119E4, 0x119E4),
    (0x11A01, 0x11A0A),
    (0x11A33, 0x11A39),
    (0x11A3B, 0x11A3E),
    (0x11A47, 0x11A47),
    (0x11A51, 0x11A5B),
    (0x11A8A, 0x11A99),
    (0x11C2F, 0x11C36),
    (0x11C38, 0x11C3F),
    (0x11C92, 0x11CA7),
    (0x11CA9, 0x11CB6),
    (0x11D31, 0x11D36),
    (0x11D3A, 0x11D3A),
    (0x11D3C, 0x11D3D),
    (0x11D3F, 0x11D45),
    (0x11D47, 0x11D47),
    (0x11D8A, 0x11D8E),
    (0x11D90, 0x11D91),
    (0x11D93, 0x11D97),
    (0x11EF3, 0x11EF6),
    (0x16AF0, 0x16AF4),
    (0x16B30, 0x16B36),
    (0x16F4F, 0x16F4F),
    (0x16F51, 0x16F87),
    (0x16F8F, 0x16F92),
    (0x16FE4, 0x16FE4),
    (0x16FF0, 0x16FF1),
    (0x1BC9D, 0x1BC9E),
    (0x1CF00, 0x1CF2D),
    (0x1CF30, 0x1CF46),
    (0x1D165, 0x1D169),
    (0x1D16D, 0x1D172),
    (0x1D17B, 0x1D182),
    (0x1D185, 0x1D18B),
    (0x1D1AA, 0x1D1AD),
    (0x1D242, 0x1D244),
    (0x1DA00, 0x1DA36),
    (0x1DA3B, 0x1DA6C),
    (0x1DA75, 0x1DA75),
    (0x1DA84, 0x1DA84),
    (0x1DA9B, 0x1DA9F),
    (0x1DAA1, 0x1DAAF),
    (0x1E000, 0x1E006),
    (0x1E008, 0x1E018),
    (0x1E01B, 0x1E021),
    (0x1E023, 0x1E024),
    (0x1E026, 0x1E02A),
    (0x1E130, 0x1E136),
    (0x1E2AE, 0x1E2AE),
    (0x1E2EC, 0x1E2EF),
    (0x1E8D0, 0x1E8D6),
    (0x1E944, 0x1E94A),
    (0xE0100, 0xE01EF),
)


def mark_codepoints() -> list[int]:
    """Return the code points of category M (combining marks) in this Python's Unicode."""
    if unicodedata.unidata_version == MARKS_UNICODE_VERSION:
        return [cp for start, end in MARK_RANGES for cp in range(start, end + 1)]
    category = unicodedata.category
    return [
        cp
        for cp in itertools.chain(range(0x0300, 0x1F000), range(0xE0100, 0xE01F0))
        if category(chr(cp))[0] == "M"
    ]


@functools.cache
def _classes() -> _Classes:
    marks = mark_codepoints()
    # A character class of many astral ranges is a linear scan in `re`, so astral
    # marks are only looked up for astral characters.
    astral = "\U00010000-\U0010ffff"
    bmp_marks = _class_body(_to_ranges(cp for cp in marks if cp <= 0xFFFF))
    astral_marks = _class_body(_to_ranges(cp for cp in marks if cp > 0xFFFF))
    mark = rf"(?:[{bmp_marks}]|(?=[{astral}])[{astral_marks}])"
    word = rf"(?:[^\W_]|{mark})"
    run = rf"(?:[^\W_]++|{mark})++"  # letters and digits in one tight loop
    word_re = re.compile(rf"{run}(?:[{re.escape(_JOINERS)}]{run})*|{PLACEHOLDER}+")
    # Runs of word characters that are not ASCII lower case or digits, with
    # apostrophes inside: a superset of the all-capital words, checked in Python.
    # Hyphens, ZWNJ and ZWJ split words here.
    capital = rf"(?:[^\W\d_a-z]++|{mark})++"
    apostrophe = f"[{_APOSTROPHES}]"
    capitals_re = re.compile(
        rf"(?=[^\W\d_a-z])(?<!{word}){capital}(?:{apostrophe}{capital})*(?!{word})"
    )
    # A base character and the marks (and Hangul vowel/final jamo) that compose with it.
    cluster_re = re.compile(rf".(?:{mark}|[\u1160-\u11ff\ud7b0-\ud7ff])*", re.DOTALL)
    return _Classes(
        word=word,
        word_re=word_re,
        capitals_re=capitals_re,
        cluster_re=cluster_re,
    )


def _is_spaced_word_char(char: str) -> bool:
    """Return True if `char` is a word character of a script written with spaces."""
    if not (char.isalnum() or unicodedata.category(char)[0] == "M"):
        return False
    return not _in_ranges(ord(char), _SPACELESS)


def _is_arabic(char: str) -> bool:
    return _in_ranges(ord(char), _ARABIC)


# --- terms --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TermMatch:
    """One place where a configured term occurs in a text.

    Attributes:
        term: the term as configured.
        text: the text that matched, as written (its casing, its diacritics).
        start: offset of the match in the text passed to ``find``.
        end: offset just past the match.
    """

    term: str
    text: str
    start: int
    end: int


def _prepare_term(term: str) -> str:
    """Return `term` in NFC, without Arabic tatweel and harakat, whitespace collapsed."""
    text = unicodedata.normalize("NFC", term)
    if not text.isascii():
        text = "".join(c for c in text if c not in _IGNORABLE_ARABIC_SET)
    return " ".join(text.split())


def _term_pattern(prepared: str) -> str:
    """Return the regex for a prepared (non-empty) term; word boundaries are checked apart."""
    body: list[str] = []
    chars = prepared
    i = 0
    while i < len(chars):
        char = chars[i]
        if char == " ":
            body.append(r"\s+")
        elif char in "sS" and chars[i + 1 : i + 2] in ("s", "S"):
            body.append("(?:ss|\u00df)")
            i += 1
        else:
            body.append(_TERM_EQUIVALENTS.get(char) or re.escape(char))
            if _is_arabic(char):
                body.append(f"[{_IGNORABLE_ARABIC}]*+")
        i += 1
    return f"(?i:{''.join(body)})"


def _first_chars(prepared: str) -> str:
    """Return the characters a match of a prepared term can start with (up to case)."""
    first = prepared[0]
    for group in ("sS\u00df\u1e9e", _APOSTROPHES, _HYPHENS, "\u064a\u06cc", "\u0643\u06a9"):
        if first in group:
            return group
    return first


def _nfc_with_offsets(text: str, classes: _Classes) -> tuple[str, list[int], list[int]]:
    """Return NFC of `text`, with each NFC character's start and end offset in `text`."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for cluster in classes.cluster_re.finditer(text):
        piece = unicodedata.normalize("NFC", cluster.group())
        pieces.append(piece)
        starts.extend(itertools.repeat(cluster.start(), len(piece)))
        ends.extend(itertools.repeat(cluster.end(), len(piece)))
    return "".join(pieces), starts, ends


_INVISIBLE_RE: Final = re.compile(
    "[\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)
"""Characters nobody sees, which could hide a term from a matcher (`ch\u200beap`): zero-width
space, word joiner, soft hyphen, byte-order mark, and the bidi marks, embeddings, overrides
and isolates. Terms match through them (XC509 reports them on their own)."""


def _without_invisible(text: str) -> tuple[str, list[int]]:
    """Return `text` without the invisible characters, and each kept character's offset."""
    kept = [index for index, char in enumerate(text) if not _INVISIBLE_RE.match(char)]
    return "".join(text[index] for index in kept), kept


class TermMatcher:
    """Finds a fixed list of terms in texts; build one per list and reuse it.

    All terms are compiled into one regular expression (an alternation inside a
    lookahead, longest term first), so a text is scanned once whatever the
    number of terms. Blank terms are ignored, and terms that differ only in case,
    apostrophe or hyphen form, Arabic diacritics or spacing are kept once (the
    first configured).
    """

    __slots__ = ("_edges", "_patterns", "_rest", "_scan", "_terms")

    def __init__(self, terms: Iterable[str]) -> None:
        seen: set[str] = set()
        kept: list[tuple[str, str]] = []  # (term as configured, prepared)
        for term in terms:
            prepared = _prepare_term(term)
            key = prepared.casefold().translate(_KEY_FOLD)
            if prepared and key not in seen:
                seen.add(key)
                kept.append((term, prepared))
        kept.sort(key=lambda pair: -len(pair[1]))  # stable: configured order on ties
        self._terms: tuple[str, ...] = tuple(term for term, _ in kept)
        self._patterns: tuple[str, ...] = tuple(_term_pattern(prepared) for _, prepared in kept)
        # Whether a match must not touch a word character before / after it. Checked in Python
        # on the few candidate matches: as regex lookarounds, the Unicode classes would make
        # every matcher cost tens of milliseconds to compile.
        self._edges: tuple[tuple[bool, bool], ...] = tuple(
            (_is_spaced_word_char(prepared[0]), _is_spaced_word_char(prepared[-1]))
            for _, prepared in kept
        )
        self._rest: dict[int, re.Pattern[str] | None] = {}
        self._scan: re.Pattern[str] | None = None
        if kept:
            # One cheap class test per position before the alternation is tried.
            firsts = "".join(sorted({c for _, prepared in kept for c in _first_chars(prepared)}))
            body = "|".join(f"({pattern})" for pattern in self._patterns)
            self._scan = re.compile(f"(?=(?i:[{re.escape(firsts)}]))(?=(?:{body}))")

    @property
    def terms(self) -> tuple[str, ...]:
        """Return the terms kept, as configured, longest first."""
        return self._terms

    def _later(self, first: int) -> re.Pattern[str] | None:
        """Return one regex for the terms from index `first` on, each in its own group."""
        if first not in self._rest:
            patterns = self._patterns[first:]
            body = "|".join(f"({pattern})" for pattern in patterns)
            self._rest[first] = re.compile(f"(?:{body})") if patterns else None
        return self._rest[first]

    def find(self, text: str) -> list[TermMatch]:
        """Return every occurrence of every term in `text`, ordered by start.

        Overlapping occurrences of different terms are all reported ("click
        here" and "click" both match "Click here"); at one start, the longer
        term comes first. Offsets are in `text` as given, even when it is not
        in NFC or holds invisible characters (which terms match through).
        """
        if self._scan is None or not text:
            return []
        if text.isascii() or (
            unicodedata.is_normalized("NFC", text) and not _INVISIBLE_RE.search(text)
        ):
            return self._find(text, text, None, None)
        visible, kept = _without_invisible(text)
        folded, starts, ends = _nfc_with_offsets(visible, _classes())
        return self._find(folded, text, [kept[i] for i in starts], [kept[i - 1] + 1 for i in ends])

    def _find(
        self, folded: str, text: str, starts: list[int] | None, ends: list[int] | None
    ) -> list[TermMatch]:
        assert self._scan is not None
        found: list[TermMatch] = []

        def add(index: int, start: int, end: int) -> None:
            left, right = self._edges[index]
            if left and start > 0 and _is_spaced_word_char(folded[start - 1]):
                return
            if right and end < len(folded) and _is_spaced_word_char(folded[end]):
                return
            if starts is not None and ends is not None:
                start, end = starts[start], ends[end - 1]
            found.append(TermMatch(self._terms[index], text[start:end], start, end))

        for hit in self._scan.finditer(folded):
            index = (hit.lastindex or 1) - 1
            start, end = hit.span(index + 1)
            add(index, start, end)
            # Earlier alternatives failed here; a later (shorter) term may still match.
            following = index + 1
            while (later := self._later(following)) is not None:
                more = later.match(folded, start)
                if more is None:
                    break
                offset = (more.lastindex or 1) - 1
                add(following + offset, *more.span(offset + 1))
                following += offset + 1
        return found


@functools.lru_cache(maxsize=128)
def _matcher(terms: tuple[str, ...]) -> TermMatcher:
    return TermMatcher(terms)


def find_terms(text: str, terms: Sequence[str]) -> list[TermMatch]:
    """Return the occurrences of `terms` in `text` (see :meth:`TermMatcher.find`).

    The compiled matcher is cached per list of terms, so calling this on every
    keystroke costs one scan of the text.
    """
    return _matcher(tuple(terms)).find(text)


# --- exclamations and emoji -----------------------------------------------------

# (character, how many exclamation marks it counts for)
_EXCLAMATIONS: Final = (
    ("\uff01", 1),  # ！ full-width
    ("\u00a1", 1),  # ¡ inverted
    ("\u203c", 2),  # ‼ double
    ("\u2049", 1),  # ⁉ exclamation question mark
    ("\u2757", 1),  # ❗ heavy exclamation mark symbol (emoji)
    ("\u2755", 1),  # ❕ white exclamation mark ornament (emoji)
    ("\ufe57", 1),  # ﹗ small
)


def count_exclamations(text: str) -> int:
    """Return the number of exclamation marks in `text`.

    Counts "!" and its full-width, small, inverted and emoji forms
    (！ ﹗ ¡ ❗ ❕) once each, "‼" twice and "⁉" once.
    """
    count = text.count("!")
    if text.isascii():
        return count
    return count + sum(text.count(char) * weight for char, weight in _EXCLAMATIONS)


@functools.cache
def _emoji_re() -> re.Pattern[str]:
    """Return the emoji regex (compiled on first use: it takes a few milliseconds)."""
    bmp_presentation = {cp for lo, hi in EMOJI_BMP_PRESENTATION for cp in range(lo, hi + 1)}
    bmp_text = _to_ranges(
        cp for lo, hi in EMOJI_BMP_RANGES for cp in range(lo, hi + 1) if cp not in bmp_presentation
    )
    text_default = _class_body(bmp_text)
    modifier = "[\U0001f3fb-\U0001f3ff]"
    regional = "[\U0001f1e6-\U0001f1ff]"
    pictograph = (
        f"[{_class_body(EMOJI_BMP_RANGES)}{_class_body(EMOJI_ASTRAL_RANGES)}"
        "\U0001f3fb-\U0001f3ff\U0001f1e6-\U0001f1ff]"
    )
    tags = "(?:[\U000e0020-\U000e007e]+\U000e007f)?"
    joined = f"(?:\u200d{pictograph}\ufe0f?{modifier}?)*"
    base = (
        f"(?:(?:[{_class_body(EMOJI_BMP_PRESENTATION)}]"
        # many astral ranges are a linear scan: only tried for astral characters
        f"|(?=[\U00010000-\U0010ffff])[{_class_body(EMOJI_ASTRAL_RANGES)}]"
        f"|{modifier})(?!\ufe0e)"
        f"|[{text_default}](?=\ufe0f|{modifier}|\u200d{pictograph}))"
    )
    return re.compile(
        # Cheap filter first: an emoji starts with one of these.
        "(?=[#*0-9\u00a9\u00ae\u203c-\U0010ffff])"
        f"(?:{regional}{regional}"
        "|[#*0-9]\ufe0f?\u20e3"
        f"|{base}\ufe0f?{modifier}?{tags}{joined}"
        f"|{regional})"
    )


def emoji_spans(text: str) -> list[tuple[int, int]]:
    """Return where each emoji of `text` is (start, end), each whole sequence once, in order."""
    if text.isascii():
        return []
    return [found.span() for found in _emoji_re().finditer(text)]


def emoji_list(text: str) -> list[str]:
    """Return the emoji in `text`, each whole sequence as one string, in order."""
    if text.isascii():
        return []
    return _emoji_re().findall(text)


def count_emoji(text: str) -> int:
    """Return the number of emoji in `text` as a person sees them.

    A ZWJ sequence (👨‍👩‍👧), a flag (🇵🇱), a keycap (1️⃣) and an emoji with a
    skin tone (👍🏽) or variation selector (❤️) each count once; see the module
    docstring for which characters are emoji.
    """
    if text.isascii():
        return 0
    return len(_emoji_re().findall(text))


# --- capitals -------------------------------------------------------------------


def shouting_words(text: str, allowed: Collection[str] = (), min_letters: int = 4) -> list[str]:
    """Return the words of `text` written entirely in capitals, in order of appearance.

    A word counts when it has `min_letters` or more letters and every cased
    letter is a capital (Polish "TANIO" and "ŻÓŁW" count; Arabic, Chinese and
    other scripts without case never do). Words are split at hyphens, so
    "MUST-HAVE" gives "MUST" and "HAVE" and "VIP-ONLY" gives "ONLY" when VIP is
    allowed; apostrophes stay inside ("DON'T"). A word with a digit in it
    ("SPRING15", "4WD") is a code, not shouting, and is skipped. A word is
    allowed when it, or it less a final "S", "'S" or "’S" (plural, possessive:
    "FAQS", "VIP'S"), is in `allowed`, compared case-insensitively.
    """
    if text.islower() or not text:
        return []
    allowed_folded = {word.casefold() for word in allowed}
    found: list[str] = []
    for match in _classes().capitals_re.finditer(text):
        word = match.group()
        if not word.isupper() or sum(c.isalpha() for c in word) < min_letters:
            continue
        folded = word.casefold()
        if folded in allowed_folded:
            continue
        if folded.endswith("s"):
            stem = folded[:-1]
            if stem[-1:] in _APOSTROPHES:
                stem = stem[:-1]
            if stem in allowed_folded:
                continue
        found.append(word)
    return found


# --- words and sentences ----------------------------------------------------------

_BREAK: Final = re.compile(
    r"(?P<line>\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])"
    r"|(?P<wide>[\u3002\uff61\uff01\uff1f\uff0e\ufe52\ufe56\ufe57]+"
    r"[\u300d\u300f\uff09\u3011\u3015\u3009\u300b\u201d\u2019\"')\]]*)"
    r"|(?P<stop>[.!?\u2026\u203c\u2049\u061f\u06d4\u0964\u0965]+"
    r"[\"'\u201d\u2019\u00bb)\]]*)(?=\s|\Z)"
)
_CLOSERS: Final = "\"'\u201d\u2019\u00bb)]"
_DOTTED: Final = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")


_NEVER_LAST: Final = frozenset(
    {
        "approx",
        "cf",
        "dr",
        "e.g",
        "excl",
        "i.e",
        "incl",
        "mr",
        "mrs",
        "ms",
        "mx",
        "prof",
        "st",
        "vs",
    }
)
"""Abbreviations that stand before what they belong to (titles, "e.g."): a sentence never ends
on them, whatever follows."""
_NEXT_WORD: Final = re.compile(r"\s+[\"'\u201c\u2018(\[]*(\w)")


def _abbreviation(text: str, dot: int, floor: int) -> str | None:
    """Return the abbreviation or initial that the dot at `dot` closes, or None."""
    start = dot
    while start > floor and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    before = text[start:dot]
    if not before:
        return None
    if (
        before.lower() in ABBREVIATIONS
        or _DOTTED.fullmatch(before) is not None
        or (len(before) == 1 and before.isupper())
    ):
        return before
    return None


def _ends_on_abbreviation(text: str, end: int, abbreviation: str) -> bool:
    """Whether a sentence ends on an abbreviation: the next word starts with a capital letter
    ("We open at 9 a.m. Come early", "made in the U.S. Our..."), and the abbreviation is not a
    title or an initial, which stand before a name ("Dr. Smith", "J. R. Tolkien")."""
    if abbreviation.lower() in _NEVER_LAST or len(abbreviation) == 1:
        return False
    following = _NEXT_WORD.match(text, end)
    return following is not None and following.group(1).isupper()


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for brk in _BREAK.finditer(text):
        kind = brk.lastgroup
        if kind == "line":
            spans.append((start, brk.start()))
        else:
            single_dot = kind == "stop" and brk.group().rstrip(_CLOSERS) == "."
            if single_dot:
                abbreviation = _abbreviation(text, brk.start(), start)
                if abbreviation is not None and not _ends_on_abbreviation(
                    text, brk.end(), abbreviation
                ):
                    continue
            spans.append((start, brk.end()))
        start = brk.end()
    spans.append((start, len(text)))
    return spans


@dataclass(frozen=True, slots=True)
class _Stats:
    words: tuple[str, ...]
    sentences: tuple[tuple[str, int], ...]  # (sentence, number of words)


# The rules for one field call several of these functions on the same text, so
# the analysis of the last few texts is kept.
@functools.lru_cache(maxsize=64)
def _stats(text: str) -> _Stats:
    spans = [match.span() for match in _classes().word_re.finditer(text)]
    starts = [start for start, _ in spans]
    found: list[tuple[str, int]] = []
    for start, end in _sentence_spans(text):
        count = bisect_left(starts, end) - bisect_left(starts, start)
        if count:
            found.append((text[start:end].strip(), count))
    return _Stats(tuple(text[start:end] for start, end in spans), tuple(found))


def words(text: str) -> list[str]:
    """Return the words of `text` in order (a run of placeholders is one word)."""
    return list(_stats(text).words)


def word_count(text: str) -> int:
    """Return the number of words in `text`."""
    return len(_stats(text).words)


def sentences(text: str) -> list[str]:
    """Return the sentences of `text`, stripped, with their final punctuation.

    Chunks without a word are dropped, so the result is empty for a text
    without words.
    """
    return [sentence for sentence, _ in _stats(text).sentences]


def longest_sentence(text: str) -> tuple[str, int]:
    """Return the sentence of `text` with the most words and its word count.

    The first one wins a tie; ``("", 0)`` when the text has no words.
    """
    best: tuple[str, int] = ("", 0)
    for candidate in _stats(text).sentences:
        if candidate[1] > best[1]:
            best = candidate
    return best


# --- readability ------------------------------------------------------------------

_VOWEL_GROUP: Final = re.compile(r"[aeiouy]+")
_NOT_LATIN: Final = re.compile(r"[^a-z]+")
_HYPHEN_SPLIT: Final = re.compile(f"[{_HYPHENS}]")
_VOWELS: Final = frozenset("aeiouy")
_SIBILANT_ES: Final = ("ces", "ges", "ses", "xes", "zes", "ches", "shes")
# A "y" before a vowel is a consonant (player, beyond), except in "-ying" (flying, studying).
_Y_CONSONANT: Final = re.compile(r"y(?=[aeiou])(?!ing)|(?<=[aeiou])y(?=ing)")
# Two vowels that are two syllables (hiatus): radio, video, annual, quiet, science, area,
# create, reality, fire. Not where the pair is one sound: -tion, -sion, -cial, -gion, -shion,
# million, opinion, marriage, language, quality, people.
_HIATUS: Final = re.compile(
    r"(?<![tscxghn])(?<!ll)i(?=[aou])(?!ge)"
    r"|(?<![qg])u(?=[ao])"
    r"|(?<![gcp])e(?=o)"
    r"|(?<![tsc])i(?=e(?:t|nc|nt|rs?$))|(?<=sc)i(?=e)"
    r"|(?<=[rd])e(?=as?$)"
    r"|(?<=cr)e(?=at)|(?<=r)e(?=ali)"
    r"|(?<=[^aeiou])i(?=re(?:d|s|ment|ly)?$)"
)
_VOWEL_ING: Final = re.compile(r"[aeiouy](?=ing)")  # being, going, seeing, flying
# A silent "e" before a suffix or the second half of a compound: movement, safety, something.
_SILENT_E_SUFFIX: Final = re.compile(
    r"(?<=[^aeiouy])e(?=(?:ment|ful|less|ness|ty|thing|times|body|where|book|one|ly)s?$)"
)
_SILENT_UE: Final = re.compile(r"[gq]ues?$")  # league, tongue, unique
# The first halves of frequent compounds, with their syllables: everything, sometimes, anyone.
_COMPOUNDS: Final = (
    ("every", 2),
    ("some", 1),
    ("any", 2),
    ("there", 1),
    ("where", 1),
    ("face", 1),
    ("home", 1),
    ("life", 1),
    ("time", 1),
    ("care", 1),
    ("more", 1),
    ("state", 1),
    ("hope", 1),
    ("base", 1),
    ("house", 1),
)
_LETTER_SYLLABLES: Final = {"w": 3}
"""A word without vowels is spelt out (Mr, TV, BBC, HTTP): one syllable a letter, W three."""


@functools.lru_cache(maxsize=8192)
def _latin_syllables(word: str) -> int:
    """Return the syllables of one lower-case word of letters a-z (0 when empty)."""
    if not word:
        return 0
    if not any(char in _VOWELS for char in word):
        return sum(_LETTER_SYLLABLES.get(char, 1) for char in word)
    for prefix, count in _COMPOUNDS:
        if word.startswith(prefix) and len(word) > len(prefix) + 2:
            return count + _latin_syllables(word[len(prefix) :])
    word = _Y_CONSONANT.sub("c", word)
    if word[0] == "y":
        word = word[1:]
    count = (
        len(_VOWEL_GROUP.findall(word))
        + len(_HIATUS.findall(word))
        + len(_VOWEL_ING.findall(word))
        - len(_SILENT_E_SUFFIX.findall(word))
    )
    if word.endswith(("sm", "sms")):
        count += 1  # criticism
    if _SILENT_UE.search(word):
        count -= 1
    last3 = word[-3:]
    if len(word) > 2 and word[-1] == "e":
        sounded = (last3[1:] == "le" and last3[0] not in _VOWELS) or last3[:2] in ("cm", "cn")
        if word[-2] not in _VOWELS and not sounded:
            count -= 1  # silent final e (but "ta-ble", "ac-me")
    elif word.endswith("ed") and len(word) > 3:
        # "loved", not "wanted", "settled" or "hundred"
        syllabic = last3[0] in "lr" and word[-4] not in _VOWELS and word[-4] != last3[0]
        if last3[0] not in _VOWELS and last3[0] not in "td" and not syllabic:
            count -= 1
    elif word.endswith("es") and len(word) > 3:
        consonant = last3[0] not in _VOWELS
        table = word.endswith("les") and word[-4] not in _VOWELS
        if consonant and not table and not word.endswith(_SIBILANT_ES):
            count -= 1  # "makes", not "boxes" or "tables"
    return max(count, 1)


@functools.lru_cache(maxsize=8192)
def syllables(word: str) -> int:
    """Return an estimate of the English syllables in `word` (at least 1).

    See the module docstring for the heuristic; the placeholder, numbers and
    words in other scripts count 1.
    """
    total = 0
    for part in _HYPHEN_SPLIT.split(word):
        lowered = part.lower()
        if not lowered.isascii():
            decomposed = unicodedata.normalize("NFKD", lowered)
            lowered = decomposed.encode("ascii", "ignore").decode("ascii")
        letters = _NOT_LATIN.sub("", lowered)
        if letters:
            total += _latin_syllables(letters)
    return max(total, 1)


def fk_grade(text: str) -> float | None:
    """Return the Flesch-Kincaid grade level of `text`, or None if it has no words.

    0.39 (words / sentences) + 11.8 (syllables / words) - 15.59, with words and
    sentences as :func:`words` and :func:`sentences` count them. The formula was
    fitted on English: run it on English copy only.
    """
    stats = _stats(text)
    found = stats.words
    if not found:
        return None
    sentence_count = len(stats.sentences)
    syllable_count = sum(map(syllables, found))
    n = len(found)
    return 0.39 * (n / sentence_count) + 11.8 * (syllable_count / n) - 15.59


# --- literal values -----------------------------------------------------------------


def _inside_token(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is part of a longer token: a word character next to it, or a
    joiner (- _ . /) and then a word character ("SPRING15-X", "acme.com/spring/extra")."""
    if start > 0:
        before = text[start - 1]
        if _is_spaced_word_char(before):
            return True
        if before in "-_./" and start > 1 and _is_spaced_word_char(text[start - 2]):
            return True
    if end < len(text):
        after = text[end]
        if _is_spaced_word_char(after):
            return True
        if after in "-_./" and end + 1 < len(text) and _is_spaced_word_char(text[end + 1]):
            return True
    return False


def literal_occurrences(text: str, value: str) -> list[tuple[int, int]]:
    """Return the (start, end) offsets where `value` appears in `text` as a whole token.

    The comparison is exact (case-sensitive): an offer code "SPRING15" is found
    in "Use SPRING15!" but not in "SPRING150", "XSPRING15", "SPRING15-EXTRA" or
    "spring15"; a URL is not found as the start of a longer URL. Leading and
    trailing whitespace of `value` is ignored; an empty value is never found.
    """
    value = value.strip()
    if not value or value not in text:
        return []
    found = []
    start = text.find(value)
    while start != -1:
        end = start + len(value)
        if not _inside_token(text, start, end):
            found.append((start, end))
        start = text.find(value, start + 1)
    return found
