"""Campaign templates: the starter plans that ``xcplan new --template NAME`` turns into a plan.

A campaign template is a Jinja2 template of a whole plan, ``campaign_templates/NAME.yaml.j2``,
whose first line is a Jinja comment with its one-line description::

    {# description: Welcome and onboarding series for new sign-ups #}

It is rendered in a sandbox (``SandboxedEnvironment``, undefined variables fail) with these
variables:

- ``name``: the campaign's name; ``id``: the campaign's id (derived from the name when not
  given);
- ``start`` and ``end``: ``datetime.date`` values (default: today, and six weeks after start);
- ``locale``: the campaign's BCP 47 locale (default ``en``);

and the filter ``yaml_text``, which writes a value as a canonical one-line YAML scalar, quoted
when it must be. Every value a template inserts goes through it, so a name such as
``Sale: "50%" #1`` stays a string. The plan's own message templates (``{{ first_name }}``) are
kept literal with ``{% raw %}`` blocks. A template renders to canonical text (what ``xcplan fmt``
writes), so a new plan diffs cleanly from its first commit.

This module is part of the core: it never imports textual, rich or typer.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

import xcplan
from xcplan.errors import InputError
from xcplan.io.canonical import scalar
from xcplan.model.types import ID_MAX_LENGTH, ID_PATTERN, LOCALE_PATTERN

SUFFIX: Final = ".yaml.j2"
"""File name ending of a campaign template."""
DEFAULT_LOCALE: Final = "en"
DEFAULT_LENGTH: Final = dt.timedelta(weeks=6)
"""How long a campaign runs when only its start (or nothing) is given."""
FALLBACK_ID: Final = "campaign"

_DESCRIPTION: Final = re.compile(r"^\{#-?\s*description:\s*(.*?)\s*-?#\}")
_ID_RE: Final = re.compile(ID_PATTERN)
_LOCALE_RE: Final = re.compile(LOCALE_PATTERN)
_NOT_ID: Final = re.compile(r"[^a-z0-9]+")
# Letters that NFKD does not take apart into an ASCII letter and a combining mark.
_FOLD: Final = str.maketrans(
    {
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "ø": "o",
        "ħ": "h",
        "ı": "i",
        "ŀ": "l",
        "ŧ": "t",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
    }
)
_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True, slots=True)
class CampaignTemplate:
    """One starter campaign: its name (``welcome``), one-line description and file."""

    name: str
    description: str
    path: Path


def templates_dir() -> Path:
    """Return the folder of campaign templates.

    An installed wheel carries them in ``xcplan/_library/campaign_templates``; a source checkout
    (an editable install) has them at the top of the repository.
    """
    package = Path(xcplan.__file__).resolve().parent
    bundled = package / "_library" / "campaign_templates"
    if bundled.is_dir():
        return bundled
    return package.parent / "campaign_templates"


def _description(path: Path) -> str:
    try:
        with path.open(encoding="utf-8") as handle:
            first = handle.readline()
    except (OSError, UnicodeDecodeError):
        return ""
    match = _DESCRIPTION.match(first.strip())
    return match.group(1) if match else ""


def list_templates(folder: Path | None = None) -> list[CampaignTemplate]:
    """Return the campaign templates in ``folder`` (default: ``templates_dir()``), by name."""
    folder = folder if folder is not None else templates_dir()
    if not folder.is_dir():
        return []
    found = [
        CampaignTemplate(path.name.removesuffix(SUFFIX), _description(path), path)
        for path in folder.iterdir()
        if path.name.endswith(SUFFIX) and not path.name.startswith(".") and path.is_file()
    ]
    return sorted(found, key=lambda template: template.name)


def derive_id(name: str) -> str:
    """Return a campaign id made from a name: ``Zażółć gęślą jaźń`` -> ``zazolc-gesla-jazn``.

    Lowercase, diacritics folded to ASCII, every run of other characters a single ``-``, at
    most 64 characters; ``campaign`` when nothing is left.
    """
    folded = unicodedata.normalize("NFKD", name.lower().translate(_FOLD))
    ascii_only = "".join(char for char in folded if not unicodedata.combining(char))
    slug = _NOT_ID.sub("-", ascii_only).strip("-")
    slug = slug[:ID_MAX_LENGTH].rstrip("-")
    return slug or FALLBACK_ID


def name_from_path(path: Path) -> str:
    """Return a campaign name from a plan's file name: ``spring-sale.yaml`` -> ``Spring sale``."""
    stem = path.name
    for suffix in (".yaml", ".yml"):
        stem = stem.removesuffix(suffix)
    words = " ".join(re.sub(r"[-_.\s]+", " ", stem).split())
    return words[:1].upper() + words[1:] if words else "New campaign"


def yaml_text(value: Any) -> str:
    """Return ``value`` as a canonical one-line YAML scalar (the ``yaml_text`` filter)."""
    return scalar(value)


def _environment(folder: Path) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=FileSystemLoader(folder),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["yaml_text"] = yaml_text
    return env


def _check_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise InputError("the campaign name is empty")
    if _CONTROL.search(name):
        raise InputError("the campaign name must be one line of text, without control characters")
    return name


def _check_id(campaign_id: str) -> str:
    if len(campaign_id) > ID_MAX_LENGTH or not _ID_RE.match(campaign_id):
        raise InputError(
            f"`{campaign_id}` is not a valid campaign id: use lowercase letters and digits "
            f"joined by single `-` or `_`, at most {ID_MAX_LENGTH} characters"
        )
    return campaign_id


def _check_locale(locale: str) -> str:
    if not _LOCALE_RE.match(locale):
        raise InputError(
            f"`{locale}` is not a BCP 47 language tag such as `en`, `en-GB` or `pl-PL`"
        )
    return locale


def _dates(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    start = start if start is not None else dt.date.today()
    end = end if end is not None else start + DEFAULT_LENGTH
    if end < start:
        raise InputError(f"the end date {end.isoformat()} is before the start {start.isoformat()}")
    return start, end


def find_template(name: str, folder: Path | None = None) -> CampaignTemplate:
    """Return the template called ``name``; raise ``InputError`` naming the ones there are."""
    folder = folder if folder is not None else templates_dir()
    available = list_templates(folder)
    for template in available:
        if template.name == name:
            return template
    if not available:
        raise InputError(f"no campaign templates found in {folder}")
    names = ", ".join(template.name for template in available)
    raise InputError(f"unknown template `{name}` (templates: {names})")


def render_template(
    name: str,
    *,
    name_: str,
    id: str | None = None,
    locale: str = DEFAULT_LOCALE,
    start: dt.date | None = None,
    end: dt.date | None = None,
    folder: Path | None = None,
) -> str:
    """Return the text of a new plan made from template ``name``.

    ``name_`` is the campaign's name, ``id`` its id (derived from the name when None).
    Raises ``InputError`` with one line for an unknown template, an invalid id or locale, an
    end before the start, or a template that fails to render.
    """
    folder = folder if folder is not None else templates_dir()
    template = find_template(name, folder)
    campaign_name = _check_name(name_)
    campaign_id = _check_id(id) if id is not None else derive_id(campaign_name)
    first, last = _dates(start, end)
    env = _environment(folder)
    try:
        return env.get_template(template.path.name).render(
            name=campaign_name,
            id=campaign_id,
            locale=_check_locale(locale),
            start=first,
            end=last,
        )
    except TemplateError as error:
        raise InputError(f"{template.path}: the template does not render: {error}") from None
