"""XC509 in every text of a plan, and brand terms matched through invisible characters."""

from __future__ import annotations

from xcplan.lint.diagnostics import Severity
from xcplan.lint.engine import check_text, lint_variant
from xcplan.model.config import Brand, Config
from xcplan.render.copytext import find_terms
from xcplan.render.hidden import char_name, hidden_characters

PLAN = """\
xcplan: 1
campaign:
  id: c
  name: Spring
  objective: Sell
  vars:
    code: "SAVE\\u00ad15"
personas:
  - id: p
    name: "Nadia \\u202e"
    demographics:
      "a\\x1b": b
    notes: "tab\\tand\\nlines are fine, \\x07 is not"
channels:
  - id: e
    kind: email
map:
  p:
    onboarding: [e]
touchpoints:
  - id: t
    name: "Wel\\x7fcome"
    personas: [p]
    stage: onboarding
    channel: e
    variants:
      - id: a
        subject: "Send an e\\u2060-mail"
        body: "Hi \\x9b {{ unsubscribe_url }}"
"""


def _found(text: str, config: Config | None = None) -> list[tuple[str, Severity, str]]:
    result = check_text(text, "plan.yaml", config)
    return [(d.path, d.severity, d.message) for d in result.diagnostics if d.code == "XC509"]


def test_xc509_everywhere() -> None:
    found = {(path, severity) for path, severity, _ in _found(PLAN)}
    assert found == {
        ("campaign.vars.code", Severity.WARNING),
        ('personas[p].demographics["a\x1b"]', Severity.ERROR),
        ("personas[p].notes", Severity.ERROR),
        ("touchpoints[t].name", Severity.ERROR),
        ("touchpoints[t].variants[a].subject", Severity.WARNING),
        ("touchpoints[t].variants[a].body", Severity.ERROR),
    }
    messages = " ".join(message for _, _, message in _found(PLAN))
    assert "U+00AD SOFT HYPHEN" in messages
    assert "U+2060 WORD JOINER" in messages
    assert "U+009B CONTROL SEQUENCE INTRODUCER" in messages
    assert "U+007F DELETE" in messages


def test_the_editor_sees_xc509_on_each_keystroke() -> None:
    result = check_text(PLAN, "plan.yaml")
    assert result.plan is not None
    codes = [d.code for d in lint_variant(result.plan, None, 0, 0)]
    assert codes.count("XC509") == 3  # subject, body and the touchpoint's name


def test_preferred_and_banned_terms_match_through_invisible_characters() -> None:
    config = Config(brand=Brand(banned=["cheap"], preferred={"e-mail": "email"}))
    result = check_text(PLAN, "plan.yaml", config)
    assert "XC602" in {d.code for d in result.diagnostics}
    for text in ("ch\u200beap", "c\u00adheap", "che\u2060ap", "\u202echeap", "cheap\ufeff"):
        (match,) = find_terms(f"So {text}!", ["cheap"])
        assert match.text == text.strip("\u202e\ufeff")
    assert find_terms("chea\u200bpest", ["cheap"]) == []


def test_names_and_classes() -> None:
    assert char_name("\u200b") == "U+200B ZERO WIDTH SPACE"
    assert char_name("\x1b") == "U+001B ESCAPE"
    assert char_name("\x85") == "U+0085 NEXT LINE"
    allowed = "\t\n\r\u200c\u200d\u200e\u200f\u061c\u2066\u2067\u2068\u2069"
    assert list(hidden_characters(allowed)) == []
    severities = {
        h.char: h.severity for h in hidden_characters("\x00\x7f\x80\x9f\ufeff\u202a\u200b")
    }
    assert severities == {
        "\x00": "error",
        "\x7f": "error",
        "\x80": "error",
        "\x9f": "error",
        "\ufeff": "error",
        "\u202a": "warning",
        "\u200b": "warning",
    }
