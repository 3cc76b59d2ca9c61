"""What a saved-query run ends in: its rows, or why it did not finish."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import neo4j
from neo4j.exceptions import Neo4jError

from cypher.saved_model import SavedQuery

_TIMEOUT_CODES = ("TransactionTimedOut", "TransactionTimedOutClientConfiguration", "TransactionMarkedAsFailed")


class QueryTimeout(RuntimeError):
    """A query ran past its deadline and was stopped (or could not start in time)."""

    def __init__(self, name: str, timeout_s: float, detail: str = "") -> None:
        self.name = name
        self.timeout_s = timeout_s
        super().__init__(detail or f"query {name!r} ran longer than {timeout_s:g}s and was stopped")


class QueryBusy(QueryTimeout):
    """No concurrency slot became free within the timeout; the query never reached the database."""

    def __init__(self, name: str, timeout_s: float, limit: int) -> None:
        super().__init__(
            name, timeout_s, f"query {name!r} waited {timeout_s:g}s for one of {limit} query slots and gave up"
        )


class QueryFailed(RuntimeError):
    """The database refused or failed the query (a syntax it does not support, a type error, ...)."""

    def __init__(self, name: str, message: str) -> None:
        self.name = name
        super().__init__(f"query {name!r} failed in the database: {message}")


@dataclass
class QueryResult:
    """The rows of one run (plain Python values; nodes become property maps) and how it went."""

    name: str
    columns: list[str]
    rows: list[dict[str, Any]]
    duration_ms: float
    truncated: bool
    row_cap: int


class Rows:
    """At most `cap` rows of a result; `truncated` once one more exists (both paths fetch through this)."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.rows: list[dict[str, Any]] = []
        self.truncated = False

    def take(self, record: neo4j.Record) -> bool:
        """Keep `record`; False when the cap is reached and fetching should stop."""
        if len(self.rows) >= self.cap:
            self.truncated = True
            return False
        self.rows.append(record.data())
        return True


def columns_of(query: SavedQuery, reported: list[str], rows: list[dict[str, Any]]) -> list[str]:
    """The result's columns; ArcadeDB reports none for an empty result, so the header's `returns` stand in."""
    if reported:
        return reported
    return list(rows[0]) if rows else list(query.returns)


def is_timeout_error(error: Neo4jError) -> bool:
    code = error.code or ""
    return any(code.endswith(suffix) for suffix in _TIMEOUT_CODES) or "timed out" in (error.message or "").lower()
