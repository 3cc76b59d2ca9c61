"""Saved queries' types: a declared parameter, a parsed saved query, and the errors met loading,
binding or looking one up. The file format is described in `cypher.saved_format`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, LiteralString, get_args

ParamType = Literal["string", "int", "float", "bool", "date", "list[string]", "list[int]"]
PARAM_TYPES: tuple[str, ...] = get_args(ParamType)


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
