"""Data versions: a cheap statement's row that changes when a load can change what a cache holds.

The statements (`cypher/api/*_version.cypher`) read the source Documents (every patent or policy load
writes one for a file it has not seen) and small label counts; counting patents would cost ~0.9 s per
million on ArcadeDB, on every re-check.
"""

from __future__ import annotations

import time
from typing import Any

from api.repositories.graph import GraphClient


class DataVersion:
    """The row of a cheap version statement, re-read at most every `recheck_s`."""

    def __init__(self, client: GraphClient, statement: str, *, recheck_s: float = 2.0) -> None:
        self.client = client
        self.statement = statement
        self.recheck_s = recheck_s
        self._value: tuple[Any, ...] | None = None
        self._checked = 0.0

    async def current(self) -> tuple[Any, ...]:
        now = time.monotonic()
        if self._value is None or now - self._checked >= self.recheck_s:
            row = await self.client.one(self.statement)
            self._value = tuple(row.values()) if row else ()
            self._checked = now
        return self._value
