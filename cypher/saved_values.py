"""Saved-query parameter values: read from command-line text or JSON, checked against a parameter's
range and allowed values, and bound to every declared parameter of a query."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime

from cypher.saved_model import ParameterError, QueryParam, SavedQuery

_INTEGER = re.compile(r"[+-]?[0-9]+")
_LIST_SEPARATOR = re.compile(r"[,，]")  # analysts type the fullwidth comma too: 南京，苏州
_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})


def _item_type(param_type: str) -> str:
    return param_type.removeprefix("list[").removesuffix("]")


def _scalar_from_text(item_type: str, text: str) -> object:
    """One value of `item_type` from its command-line spelling; ValueError says what is wrong."""
    if item_type == "string":
        return text
    if item_type == "int":
        if not _INTEGER.fullmatch(text.strip()):
            raise ValueError(f"{text!r} is not an integer")
        return int(text)
    if item_type == "float":
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a number") from None
        if not math.isfinite(number):
            raise ValueError(f"{text!r} is not a finite number")
        return number
    if item_type == "bool":
        if text.strip().lower() in _TRUE:
            return True
        if text.strip().lower() in _FALSE:
            return False
        raise ValueError(f"{text!r} is not true or false")
    if item_type == "date":
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)") from None
    raise ValueError(f"unknown type {item_type!r}")


def _from_text(param_type: str, text: str) -> object:
    """A value of `param_type` from its command-line spelling (`a,b,c` for lists)."""
    if not param_type.startswith("list["):
        return _scalar_from_text(param_type, text)
    if not text.strip():
        return []
    items = [item.strip() for item in _LIST_SEPARATOR.split(text)]
    if "" in items:
        raise ValueError(f"{text!r} has an empty item")
    return [_scalar_from_text(_item_type(param_type), item) for item in items]


def _scalar_from_json(item_type: str, value: object) -> object:
    """One value of `item_type` from an already-typed (JSON or Python) value."""
    if isinstance(value, str):
        return _scalar_from_text(item_type, value) if item_type != "string" else value
    if item_type == "int" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if item_type == "float" and isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} is not a finite number")
        return float(value)
    if item_type == "bool" and isinstance(value, bool):
        return value
    if item_type == "date" and isinstance(value, date) and not isinstance(value, datetime):
        return value
    raise ValueError(f"expected {item_type}, got {type(value).__name__} {value!r}")


def coerce_value(param: QueryParam, raw: object) -> object:
    """`raw` (a command-line string or a JSON value) as a value of the parameter's type, bounds checked."""
    if isinstance(raw, str):
        value = _from_text(param.type, raw)
    elif param.type.startswith("list["):
        if not isinstance(raw, list | tuple):
            raise ValueError(f"expected {param.type}, got {type(raw).__name__} {raw!r}")
        value = [_scalar_from_json(_item_type(param.type), item) for item in raw]
    else:
        value = _scalar_from_json(param.type, raw)
    check_bounds(param, value)
    return value


def check_bounds(param: QueryParam, value: object) -> None:
    """Raise ValueError if `value` (or any item of a list) is outside the range or allowed values."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        if param.range is not None:
            low, high = param.range
            if (low is not None and item < low) or (high is not None and item > high):  # type: ignore[operator]
                raise ValueError(f"{_show(item)} is outside the range {_show_range(param.range)}")
        if param.values is not None and item not in param.values:
            allowed = ", ".join(_show(v) for v in param.values)
            raise ValueError(f"{_show(item)} is not one of {allowed}")


def _show(value: object) -> str:
    """A value as an analyst would type it: dates in ISO form, everything else as its repr."""
    return value.isoformat() if isinstance(value, date) else repr(value)


def _show_range(bounds: tuple[object, object]) -> str:
    low, high = bounds
    return f"{'' if low is None else low}..{'' if high is None else high}"


def split_assignments(items: Iterable[str]) -> dict[str, str]:
    """`["limit=20", "cities=南京,苏州"]` (repeated `--param`) as a dict; a later name wins."""
    assignments: dict[str, str] = {}
    for item in items:
        name, equals, value = item.partition("=")
        if not equals or not name.strip():
            raise ValueError(f"--param {item!r} must look like name=value")
        assignments[name.strip()] = value
    return assignments


def bind_parameters(query: SavedQuery, raw: Mapping[str, object]) -> dict[str, object]:
    """Typed values for every declared parameter of `query` from `raw` strings or JSON values.

    Defaults fill what is not given (a None value counts as not given). All problems are reported
    together in one `ParameterError`: unknown names, missing required ones, ill-typed values,
    values out of range or not among the allowed ones.
    """
    problems: list[str] = []
    declared = {p.name for p in query.params}
    for name in raw:
        if name not in declared:
            close = difflib.get_close_matches(name, sorted(declared), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            known = ", ".join(sorted(declared)) or "none"
            problems.append(f"unknown parameter {name!r}{hint}; parameters: {known}")
    bound: dict[str, object] = {}
    for param in query.params:
        given = raw.get(param.name)
        if given is None:
            if param.required:
                problems.append(f"missing required parameter {param.name!r} ({param.type})")
            bound[param.name] = list(param.default) if isinstance(param.default, list) else param.default
            continue
        try:
            bound[param.name] = coerce_value(param, given)
        except ValueError as wrong:
            problems.append(f"parameter {param.name!r} ({param.type}): {wrong}")
    if problems:
        raise ParameterError(query.name, problems)
    return bound
