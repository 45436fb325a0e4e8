"""Readability (XC607, XC608): sentences end where a reader ends them, and syllables agree
with the CMU Pronouncing Dictionary on the most frequent English words."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES
from xcplan.render.copytext import fk_grade, sentences, syllables

ORACLE = FIXTURES / "readability" / "cmu-frequent-words.tsv"


def _cmu_syllables() -> tuple[list[str], dict[str, set[int]]]:
    """Return the frequent words in order and every word's CMU syllable counts (the oracle)."""
    frequent: list[str] = []
    known: dict[str, set[int]] = {}
    extra = False
    for line in ORACLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            extra = extra or line == "# extra"
            continue
        word, counts = line.split("\t")
        known[word] = {int(n) for n in counts.split(",")}
        if not extra:
            frequent.append(word)
    return frequent, known


def test_syllables_agree_with_cmudict_on_the_5000_most_frequent_words() -> None:
    frequent, known = _cmu_syllables()
    assert len(frequent) == 5000
    misses = [w for w in frequent if syllables(w) not in known[w]]
    assert len(misses) / len(frequent) <= 0.03, misses[:40]
    for word in ("area", "video", "being", "going", "any", "ago", "Acme"):
        assert syllables(word) in known[word.lower()], word


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We open at 9 a.m. Come early.", ["We open at 9 a.m.", "Come early."]),
        ("Call at 5 p.m. today.", ["Call at 5 p.m. today."]),
        ("Made in the U.S. Our jackets last.", ["Made in the U.S.", "Our jackets last."]),
        ("Bring a coat, e.g. The North Face.", ["Bring a coat, e.g. The North Face."]),
        ("Ask Dr. Smith. She knows.", ["Ask Dr. Smith.", "She knows."]),
        ("J. R. R. Tolkien wrote it.", ["J. R. R. Tolkien wrote it."]),
        ("Hats, scarves etc. All half price.", ["Hats, scarves etc.", "All half price."]),
        ("Hats, scarves etc. and gloves.", ["Hats, scarves etc. and gloves."]),
    ],
)
def test_sentences_end_around_abbreviations(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_a_long_brief_is_not_one_sentence() -> None:
    text = (
        "Our store opens at 9 a.m. Come early for the best picks. Dr. Lee, our stylist, "
        "will help you choose. We ship across the U.S. Orders over 50 dollars ship free. "
        "Bring a friend, e.g. your sister. J. Smith from our team will greet you. "
        "Sizes run from XS to XL. Returns are free for 30 days. See you soon."
    )
    assert len(sentences(text)) == 10
    grade = fk_grade(text)
    assert grade is not None and grade < 8
