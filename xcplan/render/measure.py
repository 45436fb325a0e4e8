"""Measure copy the way channels count it: SMS segments, X weighted length, bytes.

Pure standard library, no UI imports: the TUI calls this on every keystroke,
for every persona, so the common cases take fast paths.

SMS (CHANNELS.md, "SMS segments"; 3GPP TS 23.038 / GSM 03.38)
    Text is normalised to NFC first. It is GSM-7 when every character is in the
    GSM 03.38 basic table or its extension table, else UCS-2. GSM-7 basic
    characters cost 1 septet, extension characters 2 (escape + code); UCS-2
    characters cost their UTF-16 code units (2 outside the BMP). A single
    segment holds 160 septets / 70 units; a concatenated one 153 / 67.

    Packing is greedy: each segment takes as many whole units as fit, and a unit
    that does not fit moves whole to the next segment. A GSM-7 unit is one
    character (an escape pair is never split). A UCS-2 unit is one grapheme
    cluster, found with a simplified UAX #29 that keeps together:

    - CR LF;
    - a character and the combining marks (categories Mn, Mc, Me), variation
      selectors, ZWNJ / ZWJ, emoji skin-tone modifiers (U+1F3FB..U+1F3FF) and
      tag characters (U+E0020..U+E007F) that follow it, unless it is a control
      character (Cc, Zl, Zp), after which a new cluster always starts;
    - a character after a ZWJ with the ZWJ (so emoji ZWJ sequences such as
      family emoji stay whole; UAX #29 only joins pictographs after a ZWJ, so
      this joins slightly more than the standard, which errs towards one more
      segment, never one fewer);
    - regional-indicator pairs (flags), paired from the start of each run.

    Not handled (treated as separate clusters): Prepend characters, Hangul jamo
    sequences that NFC does not compose, and Indic conjuncts (UAX #29 rule
    GB9c). A single cluster bigger than a whole segment (67 units) is split
    between code points, which still never splits a surrogate pair. GSM-7 text
    has no combining characters, so it is packed per character.

X (Twitter) weighted length
    X's own counting (twitter-text v3, CHANNELS.md): after NFC, each URL counts
    23 (with a scheme, or a bare domain with a real top-level domain), each emoji
    sequence 2, code points in U+0000-U+10FF, U+2000-U+200D, U+2010-U+201F and
    U+2032-U+2037 count 1 (curly quotes and dashes), every other code point 2.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

__all__ = [
    "GSM7_BASIC",
    "GSM7_BASIC_TABLE",
    "GSM7_CHARS",
    "GSM7_EXTENSION",
    "GSM7_EXTENSION_TABLE",
    "GSM7_LOOKALIKES",
    "GSM7_SEGMENT_CONCAT",
    "GSM7_SEGMENT_SINGLE",
    "UCS2_SEGMENT_CONCAT",
    "UCS2_SEGMENT_SINGLE",
    "X_URL_WEIGHT",
    "SmsEncoding",
    "SmsMeasure",
    "char_count",
    "measure_sms",
    "nfc",
    "utf8_bytes",
    "weighted_length",
]

SmsEncoding = Literal["GSM-7", "UCS-2"]

GSM7_SEGMENT_SINGLE: Final = 160
GSM7_SEGMENT_CONCAT: Final = 153
UCS2_SEGMENT_SINGLE: Final = 70
UCS2_SEGMENT_CONCAT: Final = 67
X_URL_WEIGHT: Final = 23

# The GSM 03.38 default alphabet in code order, 0x00..0x7F, one row of 16 a line.
# 0x1B is the escape to the extension table, not a character anyone types.
GSM7_BASIC_TABLE: Final = (
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmno"
    "pqrstuvwxyzäöñüà"
)

# The extension table: code after the escape -> character. Each costs 2 septets.
GSM7_EXTENSION_TABLE: Final[Mapping[int, str]] = MappingProxyType(
    {
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
)

GSM7_BASIC: Final = frozenset(GSM7_BASIC_TABLE) - {"\x1b"}
GSM7_EXTENSION: Final = frozenset(GSM7_EXTENSION_TABLE.values())
GSM7_CHARS: Final = GSM7_BASIC | GSM7_EXTENSION

# Characters outside GSM-7 that have a GSM-7 look-alike (XC508), with the
# replacement. Only characters that survive NFC are listed: U+2000 and U+2001
# normalise to U+2002 and U+2003.
GSM7_LOOKALIKES: Final[Mapping[str, str]] = MappingProxyType(
    {
        # single quotes, primes and stray accents
        "\u2018": "'",  # ‘ left single quotation mark
        "\u2019": "'",  # ’ right single quotation mark (also the curly apostrophe)
        "\u201a": "'",  # ‚ single low-9 quotation mark
        "\u201b": "'",  # ‛ single high-reversed-9 quotation mark
        "\u2032": "'",  # ′ prime
        "\u00b4": "'",  # ´ acute accent
        "\u0060": "'",  # ` grave accent (backtick)
        # double quotes
        "\u201c": '"',  # “ left double quotation mark
        "\u201d": '"',  # ” right double quotation mark
        "\u201e": '"',  # „ double low-9 quotation mark
        "\u201f": '"',  # ‟ double high-reversed-9 quotation mark
        "\u2033": '"',  # ″ double prime
        # hyphens and dashes
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2015": "-",  # horizontal bar
        "\u2212": "-",  # minus sign
        # ellipsis
        "\u2026": "...",
        # spaces
        "\u00a0": " ",  # no-break space
        "\u2002": " ",  # en space
        "\u2003": " ",  # em space
        "\u2004": " ",  # three-per-em space
        "\u2005": " ",  # four-per-em space
        "\u2006": " ",  # six-per-em space
        "\u2007": " ",  # figure space
        "\u2008": " ",  # punctuation space
        "\u2009": " ",  # thin space
        "\u200a": " ",  # hair space
        "\u202f": " ",  # narrow no-break space
        "\u205f": " ",  # medium mathematical space
    }
)

_EXTENSION_RE: Final = re.compile("[" + re.escape("".join(sorted(GSM7_EXTENSION))) + "]")
_ASTRAL_RE: Final = re.compile("[\U00010000-\U0010ffff]")
_WIDE_RE: Final = re.compile("[\u1100-\U0010ffff]")
_URL_RE: Final = re.compile(r"https?://\S+", re.IGNORECASE)
# A URL as X finds it: an optional scheme, a host of dot-separated labels ending in a
# top-level domain, then an optional port, path, query or fragment; trailing punctuation and
# closing brackets are not part of it. Not after `@` (an email address) or inside a word.
_X_URL_RE: Final = re.compile(
    r"(?<![\w@.\-/])(?P<scheme>https?://)?"
    r"(?:[^\W_](?:[\w-]*[^\W_])?\.)+(?P<tld>[^\W\d_]{2,63})(?![\w@-])"
    r"(?:[:/?#][^\s]*?)?(?=[.,!?;:'\")\]}>]*(?:\s|$))",
    re.IGNORECASE,
)
_TLD_NAMES: Final = (
    "com org net edu gov mil int info biz name pro aero coop museum mobi asia tel travel jobs "
    "cat post app dev shop store online site tech blog cloud xyz top club live news email "
    "link page website space fun art design agency digital media studio world today life "
    "love fashion market global group company solutions services network systems center "
    "support zone team tips guide academy events games health care fit bio eco green energy "
    "finance money bank insurance law legal consulting marketing social chat video music "
    "photo photos pics gallery style beauty hair food pizza coffee bar restaurant wine beer "
    "travel tours holiday hotel city london berlin paris nyc tokyo amsterdam brussels wien "
    "kids family house home garden land estate properties realty rentals auto cars bike "
    "deals sale discount gift gifts coupons promo black friday christmas one plus now new "
    "ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo "
    "br bs bt bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm "
    "do dz ec ee eg er es et eu fi fj fk fm fo fr ga gd ge gf gg gh gi gl gm gn gp gq gr gs "
    "gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km "
    "kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp "
    "mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk "
    "pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sk sl sm sn so sr ss "
    "st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk us uy uz va "
    "vc ve vg vi vn vu wf ws ye yt za zm zw"
)
X_TLDS: Final = frozenset(_TLD_NAMES.split())
"""Top-level domains that make a bare `name.tld` a URL for X's counting: the generic ones in
common use and every country code."""

_ZWJ: Final = "\u200d"
_EXTEND_CATEGORIES: Final = frozenset({"Mn", "Mc", "Me"})
_CONTROL_CATEGORIES: Final = frozenset({"Cc", "Zl", "Zp"})


@dataclass(frozen=True, slots=True)
class SmsMeasure:
    """How an SMS body is encoded and split into segments.

    Attributes:
        encoding: "GSM-7" or "UCS-2".
        units: septets for GSM-7, UTF-16 code units for UCS-2.
        segments: number of segments; 0 for empty text.
        characters: code points after NFC.
        non_gsm: the distinct characters that forced UCS-2, in order of first
            appearance; empty for GSM-7.
        lookalikes: (character, replacement) for each character of `non_gsm`
            that has a GSM-7 look-alike, in the same order. Replacing them makes
            the text GSM-7 only when every character of `non_gsm` is listed here.
        segment_breaks: offsets in the NFC text where segments 2, 3, ... start
            (always `segments - 1` of them).
    """

    encoding: SmsEncoding
    units: int
    segments: int
    characters: int
    non_gsm: tuple[str, ...]
    lookalikes: tuple[tuple[str, str], ...]
    segment_breaks: tuple[int, ...]


_EMPTY: Final = SmsMeasure("GSM-7", 0, 0, 0, (), (), ())


def nfc(text: str) -> str:
    """Return `text` in Unicode normalisation form C (the same object if it already is)."""
    return unicodedata.normalize("NFC", text)


def char_count(text: str) -> int:
    """Return the number of code points in `text` after NFC."""
    return len(unicodedata.normalize("NFC", text))


def utf8_bytes(text: str) -> int:
    """Return the size of `text` in UTF-8 bytes, as given (not normalised).

    A lone surrogate counts 3 bytes rather than raising.
    """
    if text.isascii():
        return len(text)
    return len(text.encode("utf-8", "surrogatepass"))


def _is_light(char: str) -> bool:
    """Whether X counts a code point 1 (twitter-text v3's ranges), not 2."""
    code = ord(char)
    return (
        code <= 0x10FF
        or 0x2000 <= code <= 0x200D
        or 0x2010 <= code <= 0x201F
        or 0x2032 <= code <= 0x2037
    )


def _url_spans(text: str) -> list[tuple[int, int]]:
    """Return where the URLs of `text` are: with a scheme, or a bare domain with a real TLD."""
    spans: list[tuple[int, int]] = []
    for found in _X_URL_RE.finditer(text):
        if found.group("scheme") is None and found.group("tld").lower() not in X_TLDS:
            continue
        spans.append(found.span())
    return spans


def weighted_length(text: str) -> int:
    """Return the X (Twitter) weighted length of `text` (CHANNELS.md: twitter-text v3).

    After NFC, each URL counts 23 whatever its length: one with a scheme
    (``https://...``), or a bare domain with a real top-level domain
    (``acme.com/app``), trailing punctuation left out. Each emoji counts 2,
    however many code points its sequence has (family, skin tone, flag, keycap).
    Other code points count 1 in U+0000-U+10FF, U+2000-U+200D, U+2010-U+201F
    and U+2032-U+2037 (so curly quotes and dashes count 1), else 2.
    """
    from xcplan.render.copytext import emoji_spans

    t = unicodedata.normalize("NFC", text)
    total = 0
    pieces: list[str] = []
    start = 0
    if "." in t:
        for url_start, url_end in _url_spans(t):
            pieces.append(t[start:url_start])
            total += X_URL_WEIGHT
            start = url_end
    pieces.append(t[start:])
    for piece in pieces:
        if piece.isascii():
            total += len(piece)
            continue
        at = 0
        for emoji_start, emoji_end in emoji_spans(piece):
            total += sum(1 if _is_light(c) else 2 for c in piece[at:emoji_start]) + 2
            at = emoji_end
        total += sum(1 if _is_light(c) else 2 for c in piece[at:])
    return total


def measure_sms(text: str) -> SmsMeasure:
    """Return the encoding, size and segmentation of `text` sent as one SMS.

    The text is normalised to NFC first; offsets in the result refer to the NFC
    text. Empty text is GSM-7 with 0 units and 0 segments. Never raises.
    """
    t = unicodedata.normalize("NFC", text)
    n = len(t)
    if not n:
        return _EMPTY
    distinct = set(t)
    outside = distinct - GSM7_CHARS
    heavy: list[int]  # offsets of the characters that cost 2 units
    if not outside:
        extension = distinct & GSM7_EXTENSION
        if not extension:
            if n <= GSM7_SEGMENT_SINGLE:
                return SmsMeasure("GSM-7", n, 1, n, (), (), ())
            heavy = []
        else:
            heavy = [m.start() for m in _EXTENSION_RE.finditer(t)]
        units = n + len(heavy)
        if units <= GSM7_SEGMENT_SINGLE:
            return SmsMeasure("GSM-7", units, 1, n, (), (), ())
        breaks = _pack(t, heavy, GSM7_SEGMENT_CONCAT, graphemes=False)
        return SmsMeasure("GSM-7", units, len(breaks) + 1, n, (), (), breaks)

    # Distinct, in order of first appearance; filter() keeps the loop in C.
    non_gsm = tuple(dict.fromkeys(filter(outside.__contains__, t)))
    lookalikes = tuple((c, GSM7_LOOKALIKES[c]) for c in non_gsm if c in GSM7_LOOKALIKES)
    heavy = [m.start() for m in _ASTRAL_RE.finditer(t)] if max(distinct) > "\uffff" else []
    units = n + len(heavy)
    if units <= UCS2_SEGMENT_SINGLE:
        return SmsMeasure("UCS-2", units, 1, n, non_gsm, lookalikes, ())
    breaks = _pack(t, heavy, UCS2_SEGMENT_CONCAT, graphemes=True)
    return SmsMeasure("UCS-2", units, len(breaks) + 1, n, non_gsm, lookalikes, breaks)


def _pack(text: str, heavy: list[int], capacity: int, *, graphemes: bool) -> tuple[int, ...]:
    """Return the offsets where segments 2, 3, ... start under greedy packing.

    `heavy` lists, ascending, the offsets of the characters that cost 2 units
    (every other character costs 1). With `graphemes`, a break never falls
    inside a grapheme cluster unless the cluster is larger than a segment.
    """
    n = len(text)
    breaks: list[int] = []
    start = 0
    lo = 0  # heavy[lo:] are the heavy offsets at or after `start`
    while True:
        end = min(start + capacity, n)
        hi = bisect_left(heavy, end, lo)
        cost = end - start + hi - lo
        while cost > capacity:  # drop characters from the end until it fits
            end -= 1
            if hi > lo and heavy[hi - 1] == end:
                hi -= 1
                cost -= 2
            else:
                cost -= 1
        if end >= n:
            return tuple(breaks)
        if graphemes:
            cluster_end = end
            while cluster_end > start and not _is_cluster_boundary(text, cluster_end):
                cluster_end -= 1
            if cluster_end > start:  # else one cluster fills the segment: cut it
                end = cluster_end
                hi = bisect_left(heavy, end, lo, hi)
        breaks.append(end)
        start = end
        lo = hi


def _is_extend(c: str) -> bool:
    """Return True if `c` joins the grapheme cluster before it."""
    o = ord(c)
    if o < 0x300:
        return False
    return (
        unicodedata.category(c) in _EXTEND_CATEGORIES
        or c in "\u200c\u200d"
        or 0x1F3FB <= o <= 0x1F3FF
        or 0xE0020 <= o <= 0xE007F
    )


def _is_control(c: str) -> bool:
    """Return True if a grapheme cluster always ends before and after `c`."""
    return unicodedata.category(c) in _CONTROL_CATEGORIES


def _is_regional_indicator(c: str) -> bool:
    """Return True if `c` is a regional indicator letter (half of a flag)."""
    return "\U0001f1e6" <= c <= "\U0001f1ff"


def _is_cluster_boundary(text: str, i: int) -> bool:
    """Return True if a grapheme cluster may end between text[i - 1] and text[i].

    Requires 0 < i < len(text). The rules are those listed in the module docstring.
    """
    before, after = text[i - 1], text[i]
    if before == "\r":
        return after != "\n"
    if _is_control(before) or _is_control(after):
        return True
    if before == _ZWJ or _is_extend(after):
        return False
    if _is_regional_indicator(before) and _is_regional_indicator(after):
        run_start = i - 1
        while run_start > 0 and _is_regional_indicator(text[run_start - 1]):
            run_start -= 1
        return (i - run_start) % 2 == 0
    return True
