"""The analytics' per-process cache: values derived from one database, kept per data version.

The projection of one database is built once per process and reused until the database's data
version (`cypher/analytics/data_version.cypher`: counts of Patent, Organization, Inventor,
ChainSegment, Measure and Document nodes and max(Document.first_load)) changes. The version is
re-read at most every `recheck_after_s` seconds (default 5), so a load becomes visible within that
delay; `AnalyticsCache.invalidate()` drops everything at once (call it after writes made through the
API). Values derived from the same data (chain portfolios, IPC document frequencies, answers) live
under their own keys and are dropped together.

Flows ask for a cached value with `graph.flows.Cached(cache, key, make_flow)`; the runner calls
`get` (blocking driver: a threading lock per key) or `aget` (async driver: an asyncio lock per key),
so one value is built once even when requests for it overlap. The two differ only in the kind of
lock and in awaiting the build; the read itself is one flow.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import neo4j

from graph.flows import Flow, arun, run

DataVersion = tuple[Any, ...]
T = TypeVar("T")


def _version_flow() -> Flow[Any]:
    rows = yield ("analytics/data_version", {})
    row = rows[0] if rows else {}
    return tuple(row.get(k) for k in ("patents", "organizations", "inventors", "segments", "measures",
                                      "documents", "loaded_at"))


@dataclass
class _Entry:
    version: DataVersion | None = None
    checked_at: float = -math.inf
    values: dict[Any, Any] = field(default_factory=dict)


class AnalyticsCache:
    """Values derived from one database, kept until its data version changes (module docstring)."""

    def __init__(self, *, recheck_after_s: float = 5.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.recheck_after_s = recheck_after_s
        self._clock = clock
        self._entries: dict[str, _Entry] = defaultdict(_Entry)
        self._lock = threading.Lock()
        self._key_locks: dict[tuple[str, Any], threading.Lock] = defaultdict(threading.Lock)
        self._async_locks: dict[tuple[str, Any], asyncio.Lock] = {}
        self.builds = 0  # how many values were computed (for tests and metrics)
        self.max_answers = 1000  # cached API answers kept per database (see `_evict_answers`)

    def invalidate(self, database: str | None = None) -> None:
        """Forget every value (of one database, or of all)."""
        with self._lock:
            if database is None:
                self._entries.clear()
            else:
                self._entries.pop(database, None)

    def _note_version(self, database: str, version: DataVersion) -> _Entry:
        with self._lock:
            entry = self._entries[database]
            if entry.version != version:
                entry.version = version
                entry.values = {}
            entry.checked_at = self._clock()
            return entry

    def _fresh_entry(self, database: str) -> _Entry | None:
        with self._lock:
            entry = self._entries.get(database)
            if entry is not None and entry.version is not None and \
                    self._clock() - entry.checked_at < self.recheck_after_s:
                return entry
            return None

    def version(self, driver: neo4j.Driver, database: str) -> DataVersion:
        entry = self._fresh_entry(database)
        if entry is None:
            entry = self._note_version(database, run(driver, database, _version_flow()))
        return entry.version  # type: ignore[return-value]

    async def aversion(self, driver: neo4j.AsyncDriver, database: str) -> DataVersion:
        entry = self._fresh_entry(database)
        if entry is None:
            entry = self._note_version(database, await arun(driver, database, _version_flow()))
        return entry.version  # type: ignore[return-value]

    def get(self, driver: neo4j.Driver, database: str, key: Any, build: Callable[[], T]) -> T:
        """The cached value for `key`, built (once, under a lock) when missing or stale."""
        version = self.version(driver, database)
        with self._key_locks[(database, key)]:
            entry = self._entries[database]
            if entry.version == version and key in entry.values:
                return cast(T, entry.values[key])
            value = build()
            self._store(database, version, key, value)
            return value

    async def aanswer(self, driver: neo4j.AsyncDriver, database: str, key: tuple[Any, ...],
                      build: Callable[[], Awaitable[T]]) -> T:
        """`aget` for an answer to one question (its arguments in `key`): kept like any value until
        the data version changes, but at most `max_answers` of them, the oldest evicted first."""
        return await self.aget(driver, database, (_ANSWER, *key), build)

    async def aget(self, driver: neo4j.AsyncDriver, database: str, key: Any,
                   build: Callable[[], Awaitable[T]]) -> T:
        """`get` for async callers; `build` is awaited (it may fetch and offload CPU work)."""
        version = await self.aversion(driver, database)
        lock = self._async_locks.setdefault((database, key), asyncio.Lock())
        async with lock:
            entry = self._entries[database]
            if entry.version == version and key in entry.values:
                return cast(T, entry.values[key])
            value = await build()
            self._store(database, version, key, value)
            return value

    def _store(self, database: str, version: DataVersion, key: Any, value: Any) -> None:
        with self._lock:
            entry = self._entries[database]
            if entry.version == version:
                entry.values[key] = value
                _evict_answers(entry.values, self.max_answers)
            self.builds += 1


# answers cached per question (`aanswer`) are evictable, unlike the projection and chain data every
# answer is computed from
_ANSWER = "answer"


def _evict_answers(values: dict[Any, Any], limit: int) -> None:
    answers = [k for k in values if isinstance(k, tuple) and k and k[0] == _ANSWER]
    if len(answers) > limit:
        for key in answers[: len(answers) - limit // 2]:  # the oldest first (dicts keep insertion order)
            del values[key]


DEFAULT_CACHE = AnalyticsCache()
