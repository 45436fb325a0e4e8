"""The schema phase: from parsed YAML data to a ``Plan``, with XC002, XC003 and XC101 to XC104.

Pydantic validates the whole plan and reports every problem at once; this module turns each of
its errors into a finding with the right rule code, the field's place and a message in the
marketer's words, including the quoting hint for values YAML 1.1 reads as something other than
text (``locale: no``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import types
import typing
from typing import Any, Final

from pydantic import BaseModel, ValidationError

from xcplan.io.yaml_source import SourceMap
from xcplan.lint.diagnostics import Finding, Loc
from xcplan.lint.paths import describe
from xcplan.lint.suggest import did_you_mean
from xcplan.model.currency import CURRENCY_CODES
from xcplan.model.plan import RULE_CODE_PATTERN, Plan
from xcplan.model.types import (
    CLOCK_PATTERN,
    CURRENCY_PATTERN,
    DURATION_PATTERN,
    ID_MAX_LENGTH,
    ID_PATTERN,
    LOCALE_PATTERN,
    REQUIRED_PATTERN,
)

_PATTERN_MESSAGES: Final = {
    ID_PATTERN: "`{value}` is not a valid id: use lowercase letters and digits, joined by single "
    "`-` or `_`, at most 64 characters",
    LOCALE_PATTERN: "`{value}` is not a BCP 47 language tag such as `en` or `pl-PL`",
    DURATION_PATTERN: "`{value}` is not a duration: write weeks, days, hours and minutes in that "
    "order, such as `30m`, `23h30m`, `2d` or `1w2d`",
    CLOCK_PATTERN: "`{value}` is not a time of day in 24-hour `HH:MM` form",
    CURRENCY_PATTERN: "`{value}` is not an ISO 4217 currency code such as `EUR` or `PLN`",
}

# Fields typed as a duration: an empty one is reported with the duration's own message.
_DURATION_FIELDS: Final = frozenset({"delay", "per", "min_gap", "at"})

_TYPE_ERRORS: Final = frozenset(
    {
        "string_type",
        "int_type",
        "float_type",
        "bool_type",
        "list_type",
        "dict_type",
        "model_type",
        "model_attributes_type",
        "date_type",
        "int_from_float",
        "xc_text_or_number",
        "xc_profile_value",
        "dataclass_type",
        "is_instance_of",
    }
)
_EXPECTED: Final = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "date_type": "a date (`YYYY-MM-DD`)",
    "xc_text_or_number": "text or a number",
    "xc_profile_value": "text, a number or a list of text",
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "text"


def _field_name(loc: Loc) -> str:
    for part in reversed(loc):
        if isinstance(part, str):
            return part
    return "value"


def _unwrap(annotation: Any) -> Any:
    """Strip ``Annotated`` and ``None`` from a union, returning the one type left (or as is)."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) == 1:
                annotation = members[0]
                continue
        return annotation


def model_at(loc: Loc, root: type[BaseModel] = Plan) -> type[BaseModel] | None:
    """Return the model class that the node at ``loc`` is validated against, if it is one."""
    current: Any = root
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            if not isinstance(part, str) or part not in current.model_fields:
                return None
            current = current.model_fields[part].annotation
            continue
        origin = typing.get_origin(current)
        args = typing.get_args(current)
        if origin is list and args:
            current = args[0]
        elif origin is dict and len(args) == 2:
            current = args[1]
        else:
            return None
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def _quote_hint(field: str, raw: str) -> str:
    return f'; quote it: `{field}: "{raw}"`'


def _bound_message(kind: str, field: str, ctx: dict[str, Any]) -> str | None:
    bounds = {
        "greater_than_equal": ("ge", "{} or more"),
        "greater_than": ("gt", "more than {}"),
        "less_than_equal": ("le", "{} or less"),
        "less_than": ("lt", "less than {}"),
    }
    if kind not in bounds:
        return None
    name, template = bounds[kind]
    message = f"`{field}` must be {template.format(ctx.get(name))}"
    if field in ("baseline", "mde"):
        message += " (a rate: write 5% as 0.05)"
    return message


def _error_finding(error: Any, data: Any, source_map: SourceMap) -> Finding:
    kind: str = error["type"]
    loc: Loc = tuple(error["loc"])
    value = error.get("input")
    ctx: dict[str, Any] = error.get("ctx", {})
    key = False
    if loc and loc[-1] == "[key]":
        loc = loc[:-1]
        key = True
    field = _field_name(loc)
    owner = describe(loc[:-1], data)
    if kind == "missing":
        return Finding("XC101", loc[:-1], f"{owner} is missing the required field `{field}`")
    pattern = ctx.get("pattern")
    if (kind == "string_pattern_mismatch" and pattern == REQUIRED_PATTERN) or (
        value is None and kind in _TYPE_ERRORS
    ):
        return Finding("XC101", loc, f"the required field `{field}` of {owner} is empty")
    if kind == "too_short":
        if len(loc) == 1:
            return Finding("XC101", loc, f"the plan has no `{field}`: add at least one")
        return Finding("XC101", loc, f"`{field}` of {owner} is empty: it needs at least one")
    if kind == "extra_forbidden":
        model = model_at(loc[:-1])
        choices = list(model.model_fields) if model is not None else []
        return Finding(
            "XC102",
            loc,
            f"unknown field `{field}` in {owner}{did_you_mean(field, choices)}",
            key=True,
        )
    if isinstance(value, float) and not math.isfinite(value) and not kind.startswith("xc_"):
        return Finding("XC104", loc, f"`{field}` must be a number, not infinity or NaN")
    if kind in _TYPE_ERRORS:
        expected = _EXPECTED.get(kind, "another type")
        message = f"`{field}` must be {expected}, not {_describe(value)}"
        raw = source_map.raw.get(loc)
        if raw is not None and not isinstance(value, str) and kind != "int_from_float":
            what = _describe(value)
            message = f"`{field}` must be {expected}, but YAML read `{raw}` as {what}"
            if kind in ("string_type", "xc_text_or_number", "xc_profile_value") or (
                kind == "date_type" and isinstance(value, int | float)
            ):
                message += _quote_hint(field, raw)
        return Finding("XC103", loc, message, key=key)
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        shown = ", ".join(f"`{c}`" for c in choices)
        hint = did_you_mean(str(value), choices) if isinstance(value, str) else ""
        return Finding(
            "XC104", loc, f"`{value}` is not a valid `{field}` (one of {shown}){hint}", key=key
        )
    if kind == "string_pattern_mismatch" and pattern in _PATTERN_MESSAGES:
        if value == "":
            return Finding("XC104", loc, f"`{field}` is empty", key=key)
        message = _PATTERN_MESSAGES[pattern].format(value=value)
        if pattern == CURRENCY_PATTERN and isinstance(value, str):
            message += did_you_mean(value, CURRENCY_CODES)
        return Finding("XC104", loc, message, key=key)
    if kind == "xc_currency":
        hint = "" if "replacement" in ctx else did_you_mean(str(value), CURRENCY_CODES)
        return Finding("XC104", loc, str(error["msg"]) + hint)
    if kind == "string_pattern_mismatch" and pattern == RULE_CODE_PATTERN:
        return Finding("XC104", loc, f"`{value}` is not a rule code such as `XC503`")
    if kind == "string_too_long" and isinstance(value, str) and len(value) > ID_MAX_LENGTH:
        return Finding("XC104", loc, _PATTERN_MESSAGES[ID_PATTERN].format(value=value), key=key)
    if kind == "string_too_short" and field in _DURATION_FIELDS:
        return Finding("XC104", loc, _PATTERN_MESSAGES[DURATION_PATTERN].format(value=value))
    if kind == "finite_number":
        return Finding("XC104", loc, f"`{field}` must be a number, not infinity or NaN")
    bound = _bound_message(kind, field, ctx)
    if bound is not None:
        return Finding("XC104", loc, bound, key=key)
    message = str(error["msg"])
    if not kind.startswith("xc_"):
        message = f"`{field}`: {message[0].lower()}{message[1:]}"
    return Finding("XC104", loc, message, key=key)


def _is_version_one(value: Any) -> bool:
    return value == 1 and isinstance(value, int) and not isinstance(value, bool)


def validate_plan(data: Any, source_map: SourceMap) -> tuple[Plan | None, list[Finding]]:
    """Return the plan built from ``data`` (None when it has schema errors) and the findings."""
    if not isinstance(data, dict):
        what = "empty" if data is None else f"{_describe(data)}, not a mapping"
        return None, [Finding("XC002", (), f"not a plan: the file is {what}")]
    if "xcplan" not in data:
        return None, [Finding("XC002", (), "not a plan: there is no `xcplan: 1` at the top level")]
    version = data["xcplan"]
    if version is None:
        return None, [Finding("XC101", ("xcplan",), "`xcplan` is empty: write `xcplan: 1`")]
    if not _is_version_one(version):
        written = source_map.raw.get(("xcplan",))
        shown = (
            written
            if written is not None
            else (f'"{version}"' if isinstance(version, str) else str(version))
        )
        return None, [
            Finding(
                "XC003",
                ("xcplan",),
                f"unsupported format version `{shown}`; this xcplan reads `xcplan: 1`",
            )
        ]
    try:
        return Plan.model_validate(data), []
    except ValidationError as error:
        return None, [_error_finding(e, data, source_map) for e in error.errors()]
