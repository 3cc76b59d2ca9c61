"""The saved-query file format: a typed `//` header and one read-only Cypher body, parsed and checked.

A saved query is one read-only Cypher statement in a file `<name>.cypher`, shipped in the package
under `cypher/queries/` or kept in a user directory listed in `INNOGRAPH_CYPHER_PATH`. The file
starts with a header of `//` lines; the first line that does not start with `//` begins the body:

    // name: top_applicants_in_segment
    // title: Top applicants in a chain segment and region
    // description: Organisations with the most patents classified into one segment,
    //   within a region.
    // param: segment_id string required -- chain segment id, e.g. seg:...
    // param: region string default="" -- province or city name; empty = all
    // param: limit int default=20 range=1..500
    // param: kind string default="" values=firm|university|research_institute|""
    // returns: organization_id, name, kind, patents
    MATCH ...

Header lines are `// key: value`. A line `//` followed by two or more spaces continues the field
above it; an empty `//` line is ignored; anything else is an error (so a misspelt key is caught).

  name         required, once: `[a-z][a-z0-9_]*`, equal to the file name without `.cypher`.
  title        required, once: one line for menus.
  description  required, once: what the query answers.
  returns      required, once: the result columns, comma-separated.
  param        once per parameter: `NAME TYPE [required] [default=V] [range=LOW..HIGH]
               [values=A|B|...] [-- help text]`.
                 NAME    `[a-z][a-z0-9_]*`, used in the body as `$NAME`.
                 TYPE    string, int, float, bool, date (ISO 8601), list[string] or list[int].
                 default written as on the command line (`default=南京,苏州` for a list, `default=""`
                         for the empty string); shell-style quoting. A parameter that is neither
                         required nor has a default is passed as null.
                 range   for int, float, date and list[int] (each item); either end may be left out.
                 values  the allowed values for string, int, list[string], list[int] (each item);
                         `""` stands for the empty string.

A file is refused when the header is incomplete or ill-typed, when a default breaks its own range or
values, when the body uses a `$parameter` the header does not declare or the header declares one the
body never uses (parameters inside strings and comments do not count), or when the body breaks a rule
of `cypher.readonly.check_read_only`: one read-only statement of the supported subset, patterns
bounded to 6 hops, allow-listed procedures and functions, size and nesting caps.
"""

from __future__ import annotations

import dataclasses
import re
import shlex
from pathlib import Path
from typing import LiteralString, cast

from cypher.readonly import UnsafeQuery, check_read_only
from cypher.saved_model import PARAM_TYPES, ParamType, QueryParam, SavedQuery, SavedQueryError
from cypher.saved_values import _from_text, _item_type, _scalar_from_text, check_bounds

_NAME = re.compile(r"[a-z][a-z0-9_]*")
_COLUMN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_HEADER_FIELD = re.compile(r" ?([a-z_]+):(.*)")
_HELP_SEPARATOR = re.compile(r"\s--(?:\s|$)")
_SINGLE_FIELDS = ("name", "title", "description", "returns")
_RANGED_TYPES = frozenset({"int", "float", "date", "list[int]"})
_VALUED_TYPES = frozenset({"string", "int", "list[string]", "list[int]"})


def _split_header(text: str) -> tuple[list[tuple[int, str]], str, int]:
    """The header's (line number, text after `//`) pairs, the body, and the body's first line number."""
    lines = text.splitlines(keepends=True)
    header: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.startswith("//"):
            return header, "".join(lines[number - 1 :]), number
        header.append((number, line[2:].rstrip("\r\n")))
    return header, "", len(lines) + 1


def _header_fields(header: list[tuple[int, str]], problems: list[str]) -> list[tuple[str, str]]:
    """The (key, value) fields of the header, continuation lines joined to the field above."""
    fields: list[tuple[str, str]] = []
    for number, content in header:
        if not content.strip():
            continue
        if content.startswith(("  ", "\t")) and fields:
            key, value = fields[-1]
            fields[-1] = (key, f"{value} {content.strip()}".strip())
            continue
        match = _HEADER_FIELD.fullmatch(content)
        if match is None:
            problems.append(f"header line {number} is not '// key: value'")
        elif match.group(1) not in (*_SINGLE_FIELDS, "param"):
            problems.append(f"header line {number}: unknown key {match.group(1)!r}")
        else:
            fields.append((match.group(1), match.group(2).strip()))
    return fields


def parse_param(spec: str) -> QueryParam:
    """A `QueryParam` from the text after `param:`; ValueError says what is wrong."""
    parts = _HELP_SEPARATOR.split(f" {spec} ", maxsplit=1)
    help_text = parts[1].strip() if len(parts) > 1 else ""
    try:
        words = shlex.split(parts[0])
    except ValueError as bad:
        raise ValueError(f"cannot read {spec!r}: {bad}") from None
    if len(words) < 2:
        raise ValueError(f"{spec!r} needs at least a name and a type")
    name, param_type, *options = words
    if not _NAME.fullmatch(name):
        raise ValueError(f"parameter name {name!r} must match [a-z][a-z0-9_]*")
    if param_type not in PARAM_TYPES:
        raise ValueError(f"parameter {name!r}: unknown type {param_type!r} (known: {', '.join(PARAM_TYPES)})")
    required, default_text, range_text, values_text = False, None, None, None
    for option in options:
        key, equals, value = option.partition("=")
        if option == "required":
            required = True
        elif equals and key == "default":
            default_text = value
        elif equals and key == "range":
            range_text = value
        elif equals and key == "values":
            values_text = value
        else:
            raise ValueError(f"parameter {name!r}: unknown option {option!r}")
    param = QueryParam(name, cast(ParamType, param_type), required, help=help_text)
    try:
        if range_text is not None:
            param = dataclasses.replace(param, range=_parse_range(param_type, range_text))
        if values_text is not None:
            param = dataclasses.replace(param, values=_parse_values(param_type, values_text))
        if default_text is not None:
            if required:
                raise ValueError("a required parameter cannot have a default")
            default = _from_text(param_type, default_text)
            check_bounds(param, default)
            param = dataclasses.replace(param, default=default)
    except ValueError as wrong:
        raise ValueError(f"parameter {name!r}: {wrong}") from None
    return param


def _parse_range(param_type: str, text: str) -> tuple[object, object]:
    if param_type not in _RANGED_TYPES:
        raise ValueError(f"range applies to {', '.join(sorted(_RANGED_TYPES))}, not {param_type}")
    low_text, dots, high_text = text.partition("..")
    if not dots or (not low_text and not high_text):
        raise ValueError(f"range {text!r} must look like LOW..HIGH")
    item_type = _item_type(param_type)
    low = _scalar_from_text(item_type, low_text) if low_text else None
    high = _scalar_from_text(item_type, high_text) if high_text else None
    if low is not None and high is not None and low > high:  # type: ignore[operator]
        raise ValueError(f"range {text!r} is empty")
    return low, high


def _parse_values(param_type: str, text: str) -> tuple[object, ...]:
    if param_type not in _VALUED_TYPES:
        raise ValueError(f"values applies to {', '.join(sorted(_VALUED_TYPES))}, not {param_type}")
    item_type = _item_type(param_type)
    return tuple(_scalar_from_text(item_type, item) for item in text.split("|"))


def _parse_returns(text: str) -> tuple[str, ...]:
    columns = tuple(column.strip() for column in text.split(","))
    for column in columns:
        if not _COLUMN.fullmatch(column):
            raise ValueError(f"returns: {column!r} is not a column name")
    return columns


def parse_saved_query(source: Path | str, origin: str | Path | None = None) -> SavedQuery:
    """Parse and check one saved query from a file path, or from its text and the file name it came from.

    `origin` names the file in errors; when it ends in `.cypher` (always, for a path), the query's
    name must equal the file's stem. Raises `SavedQueryError` listing every problem found.
    """
    path = source if isinstance(source, Path) else None
    origin_text = str(origin if origin is not None else (path if path is not None else "<text>"))
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as unreadable:
            raise SavedQueryError(origin_text, [f"cannot read the file: {unreadable}"]) from None
    else:
        text = cast(str, source)
    text = text.removeprefix("\ufeff")  # a byte-order mark left by an editor; ArcadeDB would refuse it
    stem = Path(origin_text).stem if origin_text.endswith(".cypher") else None

    problems: list[str] = []
    header, body, _ = _split_header(text)
    single: dict[str, str] = {}
    params: list[QueryParam] = []
    broken_params: set[str] = set()  # declared but ill-formed: not also reported as undeclared
    for key, value in _header_fields(header, problems):
        if key == "param":
            try:
                params.append(parse_param(value))
            except ValueError as wrong:
                problems.append(str(wrong))
                broken_params.update(value.split()[:1])
        elif key in single:
            problems.append(f"header field {key!r} appears twice")
        else:
            single[key] = value
    for key in _SINGLE_FIELDS:
        if not single.get(key):
            problems.append(f"header field {key!r} is missing or empty")
    name = single.get("name", "")
    if name and not _NAME.fullmatch(name):
        problems.append(f"name {name!r} must match [a-z][a-z0-9_]*")
    if name and stem is not None and name != stem:
        problems.append(f"name {name!r} differs from the file name {stem!r}.cypher")
    returns: tuple[str, ...] = ()
    if single.get("returns"):
        try:
            returns = _parse_returns(single["returns"])
        except ValueError as wrong:
            problems.append(str(wrong))
    seen: set[str] = set()
    for param in params:
        if param.name in seen:
            problems.append(f"parameter {param.name!r} is declared twice")
        seen.add(param.name)
    problems.extend(_body_problems(text, body, seen, broken_params))
    if problems:
        raise SavedQueryError(origin_text, problems)
    return SavedQuery(
        name=name,
        title=single["title"],
        description=single["description"],
        params=tuple(params),
        returns=returns,
        text=cast(LiteralString, body.strip()),
        origin=origin_text,
        path=path,
    )


def _body_problems(text: str, body: str, declared: set[str], broken: set[str]) -> list[str]:
    """What is wrong with the body: empty, breaking a saved-query rule, or parameters that disagree with
    the header. Every rule of `cypher.readonly` applies here, so a file that breaks one never loads."""
    if not body.strip():
        return ["the file has no query after its header"]
    try:
        checked = check_read_only(text)  # the whole file, so positions are file lines; the header is only comments
    except UnsafeQuery as refused:
        return [f"the query breaks a saved-query rule: {refused}"]
    used = set(checked.parameters)
    undeclared = sorted(used - declared - broken)
    problems = [f"${name} is used in the query but not declared in the header" for name in undeclared]
    problems += [f"parameter {name!r} is declared but the query never uses ${name}" for name in sorted(declared - used)]
    return problems
