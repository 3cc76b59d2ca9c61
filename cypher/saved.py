"""Saved analyst queries: `.cypher` files with a typed header, loaded into a catalog and bound to parameters.

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

Name clashes: a name means one query. Shipped queries cannot be overridden: a user file with a
shipped query's name is refused, as is a later user file repeating an earlier one's name; copy a
query under a new name to change it. Problems are collected per file, so one broken file does not
hide the others (`SavedQueryCatalog.problems`).
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
import shlex
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Literal, LiteralString, cast, get_args

from cypher.readonly import UnsafeQuery, check_read_only

ParamType = Literal["string", "int", "float", "bool", "date", "list[string]", "list[int]"]
PARAM_TYPES: tuple[str, ...] = get_args(ParamType)

_NAME = re.compile(r"[a-z][a-z0-9_]*")
_COLUMN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_HEADER_FIELD = re.compile(r" ?([a-z_]+):(.*)")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_HELP_SEPARATOR = re.compile(r"\s--(?:\s|$)")
_LIST_SEPARATOR = re.compile(r"[,，]")  # analysts type the fullwidth comma too: 南京，苏州
_SINGLE_FIELDS = ("name", "title", "description", "returns")
_RANGED_TYPES = frozenset({"int", "float", "date", "list[int]"})
_VALUED_TYPES = frozenset({"string", "int", "list[string]", "list[int]"})
_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})


class SavedQueryError(ValueError):
    """A saved-query file that cannot be used: where it came from and everything wrong with it."""

    def __init__(self, origin: str, problems: Sequence[str]) -> None:
        self.origin = origin
        self.problems = tuple(problems)
        super().__init__(f"{origin}: " + "; ".join(self.problems))


class ParameterError(ValueError):
    """Parameter values that do not fit a saved query's declared parameters."""

    def __init__(self, query: str, problems: Sequence[str]) -> None:
        self.query = query
        self.problems = tuple(problems)
        super().__init__(f"query {query!r}: " + "; ".join(self.problems))


class UnknownQuery(LookupError):
    """No saved query has this name (perhaps its file was skipped: `skipped` says why)."""

    def __init__(self, name: str, suggestions: Sequence[str], skipped: Sequence[str] = ()) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        self.skipped = tuple(skipped)
        if self.skipped:
            super().__init__(f"query {name!r} was not loaded: " + "; ".join(self.skipped))
            return
        hint = f"; did you mean {', '.join(repr(s) for s in self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown query {name!r}{hint}")


@dataclass(frozen=True, slots=True)
class QueryParam:
    """One declared parameter of a saved query."""

    name: str
    type: ParamType
    required: bool = False
    default: object = None
    range: tuple[object, object] | None = None  # (low, high); None at an end leaves it open
    values: tuple[object, ...] | None = None
    help: str = ""


@dataclass(frozen=True, slots=True)
class SavedQuery:
    """A parsed, checked saved query: its header fields and the Cypher text to run."""

    name: str
    title: str
    description: str
    params: tuple[QueryParam, ...]
    returns: tuple[str, ...]
    text: LiteralString
    origin: str
    path: Path | None = None
    shipped: bool = False

    def param(self, name: str) -> QueryParam | None:
        """The declared parameter called `name`, if any."""
        return next((p for p in self.params if p.name == name), None)


# --- values ------------------------------------------------------------------------------------


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


# --- header ------------------------------------------------------------------------------------


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


# --- catalog -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CatalogProblem:
    """A file the catalog could not load, and why."""

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


@dataclass(frozen=True)
class SavedQueryCatalog:
    """The saved queries by name, with the problems met while loading them."""

    queries: Mapping[str, SavedQuery] = field(default_factory=dict)
    problems: tuple[CatalogProblem, ...] = ()

    @classmethod
    def load(cls, dirs: Sequence[Path] = (), *, include_shipped: bool = True) -> SavedQueryCatalog:
        """Load the package's `cypher/queries/*.cypher`, then each user directory in order."""
        queries: dict[str, SavedQuery] = {}
        problems: list[CatalogProblem] = []

        def add(query: SavedQuery) -> None:
            earlier = queries.get(query.name)
            if earlier is None:
                queries[query.name] = query
                return
            why = "shipped queries cannot be overridden" if earlier.shipped else "the first one is kept"
            problems.append(
                CatalogProblem(
                    query.origin,
                    f"query {query.name!r} is already defined by {earlier.origin};"
                    f" {why}, so give this one another name",
                )
            )

        for origin, text, path, shipped in _query_sources(dirs, include_shipped, problems):
            try:
                query = parse_saved_query(text, origin)
            except SavedQueryError as broken:
                problems.extend(CatalogProblem(broken.origin, problem) for problem in broken.problems)
                continue
            add(dataclasses.replace(query, path=path, shipped=shipped))
        return cls(dict(sorted(queries.items())), tuple(problems))

    def get(self, name: str) -> SavedQuery:
        """The query called `name`; `UnknownQuery` suggests close names."""
        try:
            return self.queries[name]
        except KeyError:
            skipped = [str(p) for p in self.problems if p.origin.endswith(".cypher") and Path(p.origin).stem == name]
            raise UnknownQuery(name, difflib.get_close_matches(name, list(self.queries), n=3), skipped) from None

    def names(self) -> list[str]:
        """The names of all loaded queries, sorted."""
        return sorted(self.queries)

    def __contains__(self, name: object) -> bool:
        return name in self.queries

    def __iter__(self) -> Iterator[SavedQuery]:
        return iter(self.queries.values())

    def __len__(self) -> int:
        return len(self.queries)


def _query_sources(
    dirs: Sequence[Path], include_shipped: bool, problems: list[CatalogProblem]
) -> Iterator[tuple[str, str, Path | None, bool]]:
    """(origin, text, path, shipped) of every `.cypher` file to load, shipped ones first, sorted per directory."""
    if include_shipped:
        shipped_dir = resources.files("cypher").joinpath("queries")
        if shipped_dir.is_dir():
            for entry in sorted(shipped_dir.iterdir(), key=lambda e: e.name):
                if entry.name.endswith(".cypher") and entry.is_file():
                    path = entry if isinstance(entry, Path) else None
                    yield f"cypher/queries/{entry.name}", entry.read_text(encoding="utf-8"), path, True
    for directory in dirs:
        if not directory.is_dir():
            problems.append(CatalogProblem(str(directory), "not a directory (from INNOGRAPH_CYPHER_PATH)"))
            continue
        for path in sorted(p for p in directory.glob("*.cypher") if p.is_file()):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as unreadable:
                problems.append(CatalogProblem(str(path), f"cannot read the file: {unreadable}"))
                continue
            yield str(path), text, path, False
