"""Run saved queries safely: every rule of the read-only checker, the database's own guards, typed
parameters, a deadline, a row cap, a concurrency limit and a log line per run.

The CLI and the API make their runner with `SavedQueryRunner.for_target`, so both get the same limits
(INNOGRAPH_QUERY_TIMEOUT_S, _ROW_CAP, _CONCURRENCY, at most 6 hops) and the same backend guards:

  * The checker (`cypher.readonly.check_read_only`): the catalog applied it when it loaded the file;
    the runner applies it again before the first run of each text (defence in depth), in a worker
    thread for async callers, so a 64 KB query is never checked on the event loop.
  * The database's own guards, which hold with the checker bypassed. Every run is one transaction
    that is never committed (`close()` rolls it back; rows beyond the cap are discarded with it).
    Neo4j 5 enforces the READ access mode the session asks for. ArcadeDB ignores it, so on the
    embedded server the session authenticates as a read-only user (`session_auth`, see
    graph/arcadedb_guards.py): ArcadeDB then refuses writes, schema changes and LOAD CSV itself, and
    each database carries LOAD CSV file and URL access off and a command timeout.

Deadlines, per backend (`BackendProfile.honours_transaction_timeout`), with the driver's public API only:
  * Every transaction is begun with `timeout=timeout_s`. Neo4j 5 aborts it past that itself
    (`Neo.ClientError.Transaction.TransactionTimedOut*`, reported as `QueryTimeout`); `for_target`
    then makes the runner wait for the database (`database_timeout`), giving up itself only
    `BACKSTOP_S` later: Neo4j's transaction monitor looks every 2 s by default (the local Neo4j's
    launcher sets 200 ms), and a server that never answers must not hold the caller for ever.
  * ArcadeDB ignores it, so the runner enforces the deadline itself. Sync: the fetch runs in a thread
    of its own and the caller stops waiting at the deadline (cypher/fetch.py). Async: `asyncio.wait_for`
    cancels the task and the session is cancelled. Either way the caller gets `QueryTimeout` at the
    deadline, and with a `terminator` the statement is also stopped on the server (cypher/terminator.py),
    which ends the abandoned fetch too; without one it runs on until it ends or hits the database's
    `arcadedb.command.timeout`, and its connection returns to the pool then.

Concurrency: at most `max_concurrent` runs at once per runner for sync callers, and as many again
per event loop for async ones; a caller waits for a slot at most `queue_timeout_s` (default
`timeout_s`), then gets `QueryBusy` (a `QueryTimeout`) without touching the database. Every run is
logged on `innograph.queries`: name, parameters, rows, truncation, duration.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import urllib.error
import weakref
from collections.abc import Mapping
from concurrent.futures import wait
from datetime import date
from typing import TYPE_CHECKING

import neo4j
from neo4j.exceptions import DriverError, Neo4jError

from cypher.fetch import Run, fetch_async, fetch_sync, in_thread
from cypher.readonly import MAX_HOPS, UnsafeQuery, check_read_only
from cypher.references import acheck_references, check_references
from cypher.saved import SavedQueryCatalog
from cypher.saved_model import ParameterError, SavedQuery, UnknownQuery
from cypher.saved_values import bind_parameters
from cypher.outcomes import QueryBusy, QueryFailed, QueryResult, QueryTimeout, Rows, columns_of, is_timeout_error
from cypher.terminator import ArcadeDBQueryTerminator, QueryTerminator, SentStatement

if TYPE_CHECKING:
    from graph.connection import GraphTarget
    from core.settings import Settings

__all__ = [
    "ArcadeDBQueryTerminator",
    "DEFAULT_MAX_HOPS",
    "ParameterError",
    "QueryBusy",
    "QueryFailed",
    "QueryResult",
    "QueryTerminator",
    "QueryTimeout",
    "SavedQueryRunner",
    "SentStatement",
    "UnknownQuery",
    "UnsafeQuery",
]

log = logging.getLogger("innograph.queries")

DEFAULT_MAX_HOPS = MAX_HOPS
BACKSTOP_S = 3.0  # > db.transaction.monitor.check.interval, 2 s by default (200 ms on the local Neo4j)
_CHECKED_MEMORY = 4096  # texts whose check is remembered; the catalog holds far fewer


def _database_value(value: object) -> object:
    """Dates go to the database as ISO strings: the data model stores dates that way."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_database_value(v) for v in value]
    return value


class SavedQueryRunner:
    """Runs catalog queries by name with all the guards; safe to share between threads."""

    def __init__(
        self,
        catalog: SavedQueryCatalog,
        *,
        timeout_s: float,
        row_cap: int,
        max_concurrent: int = 8,
        max_hops: int = DEFAULT_MAX_HOPS,
        terminator: QueryTerminator | None = None,
        queue_timeout_s: float | None = None,
        session_auth: tuple[str, str] | None = None,
        database_timeout: bool = False,
    ) -> None:
        if timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        if row_cap < 1:
            raise ValueError("row_cap must be at least 1")
        if max_concurrent < 1:
            raise ValueError("max_concurrent must be at least 1")
        self.catalog = catalog
        self.timeout_s = float(timeout_s)
        self.row_cap = int(row_cap)
        self.max_concurrent = int(max_concurrent)
        self.max_hops = int(max_hops)
        self.terminator = terminator
        self.session_auth = session_auth
        # True: the database aborts a transaction past its timeout (Neo4j), the runner waits for that and
        # gives up itself only BACKSTOP_S later; False: the runner gives up at the deadline
        self.database_timeout = database_timeout
        self._wait_s = self.timeout_s + (BACKSTOP_S if database_timeout else 0.0)
        self.queue_timeout_s = float(queue_timeout_s) if queue_timeout_s is not None else self.timeout_s
        self._slots = threading.BoundedSemaphore(self.max_concurrent)
        self._async_slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )
        self._stats_lock = threading.Lock()
        self._checked: set[str] = set()
        self._in_flight = 0
        self.peak_in_flight = 0  # most runs in the database at once (sync and async together)

    @classmethod
    def for_target(
        cls,
        catalog: SavedQueryCatalog,
        settings: Settings,
        target: GraphTarget,
        *,
        timeout_s: float | None = None,
        row_cap: int | None = None,
    ) -> SavedQueryRunner:
        """The runner the CLI and the API both use: limits from `settings`, guards from the backend."""
        from graph.backend import Backend

        terminator: QueryTerminator | None = None
        session_auth: tuple[str, str] | None = None
        if target.backend is Backend.ARCADEDB:
            from graph.connection import embedded_database

            server = embedded_database(settings)
            if not target.profile.honours_transaction_timeout:
                terminator = ArcadeDBQueryTerminator.for_embedded(server)
            if not target.profile.enforces_read_access:
                session_auth = server.reader_auth
        return cls(
            catalog,
            timeout_s=timeout_s or settings.query_timeout_s,
            row_cap=row_cap or settings.query_row_cap,
            max_concurrent=settings.query_concurrency,
            terminator=terminator,
            session_auth=session_auth,
            database_timeout=target.profile.honours_transaction_timeout,
        )

    # -- preparation -------------------------------------------------------------------------

    def check(self, text: str) -> None:
        """Every rule of `cypher.readonly` (the catalog applied them at load too); remembered per text."""
        if text in self._checked:
            return
        check_read_only(text, max_hops=self.max_hops)
        with self._stats_lock:
            if len(self._checked) >= _CHECKED_MEMORY:
                self._checked.clear()
            self._checked.add(text)

    def prepare(self, name: str, params: Mapping[str, object]) -> tuple[SavedQuery, dict[str, object]]:
        """The query and its bound parameters, after every static check; raises before any I/O."""
        query = self.catalog.get(name)
        self.check(query.text)
        bound = bind_parameters(query, params)
        return query, {key: _database_value(value) for key, value in bound.items()}

    # -- sync ------------------------------------------------------------------------------------

    def run(self, driver: neo4j.Driver, database: str, name: str, params: Mapping[str, object]) -> QueryResult:
        """Run saved query `name` with `params` (strings or typed values) and return its rows."""
        try:
            query, bound = self.prepare(name, params)
        except (UnknownQuery, UnsafeQuery, ParameterError) as refused:
            log.warning("query %s refused: %s", name, refused)
            raise
        if not self._slots.acquire(timeout=self.queue_timeout_s):
            log.warning("query %s params=%s: no free slot within %.1fs", name, bound, self.queue_timeout_s)
            raise QueryBusy(name, self.queue_timeout_s, self.max_concurrent)
        try:
            check_references(driver, database, query, bound)  # a value naming nothing: ParameterError
            return self._run_sync(driver, database, query, bound)
        finally:
            self._slots.release()

    def _run_sync(
        self, driver: neo4j.Driver, database: str, query: SavedQuery, bound: dict[str, object]
    ) -> QueryResult:
        started = time.perf_counter()
        run = self._new_run(query, bound)
        self._enter()
        try:
            fetching = in_thread(lambda: fetch_sync(driver, database, run), f"query {query.name}")
            if not wait([fetching], timeout=self._wait_s).done:
                self._terminate(database, run.expire(), query.name)  # the fetch ends when the statement does
                raise self._timed_out(query, bound, started)
            try:
                columns, rows = fetching.result()
            except (Neo4jError, DriverError, OSError) as error:
                if isinstance(error, Neo4jError) and is_timeout_error(error):  # the database stopped it
                    raise self._timed_out(query, bound, started) from error
                raise self._failed(query, bound, error) from error
        finally:
            self._leave()
        return self._done(query, bound, columns_of(query, columns, rows.rows), rows, started)

    # -- async -----------------------------------------------------------------------------------

    async def run_async(
        self, driver: neo4j.AsyncDriver, database: str, name: str, params: Mapping[str, object]
    ) -> QueryResult:
        """`run` for an async driver: the deadline is `asyncio.wait_for`, which cancels the session."""
        try:
            text = self.catalog.get(name).text
            if text not in self._checked:  # a first check of up to 64 KB: off the event loop
                await asyncio.to_thread(self.check, text)
            query, bound = self.prepare(name, params)
        except (UnknownQuery, UnsafeQuery, ParameterError) as refused:
            log.warning("query %s refused: %s", name, refused)
            raise
        slots = self._async_semaphore()
        try:
            await asyncio.wait_for(slots.acquire(), timeout=self.queue_timeout_s)
        except TimeoutError:
            log.warning("query %s params=%s: no free slot within %.1fs", name, bound, self.queue_timeout_s)
            raise QueryBusy(name, self.queue_timeout_s, self.max_concurrent) from None
        started = time.perf_counter()
        try:
            await asyncio.wait_for(acheck_references(driver, database, query, bound), timeout=self.timeout_s)
        except BaseException as error:  # a value naming nothing: ParameterError, before the query runs
            slots.release()
            raise (self._timed_out(query, bound, started) if isinstance(error, TimeoutError) else error) from None
        run = self._new_run(query, bound)
        self._enter()
        try:
            columns, rows = await asyncio.wait_for(fetch_async(driver, database, run), timeout=self._wait_s)
        except TimeoutError:
            sent = run.expire()
            if self.terminator is not None and sent is not None:
                await asyncio.to_thread(self._terminate, database, sent, query.name)
            raise self._timed_out(query, bound, started) from None
        except (Neo4jError, DriverError, OSError) as error:
            if isinstance(error, Neo4jError) and is_timeout_error(error):
                raise self._timed_out(query, bound, started) from error
            raise self._failed(query, bound, error) from error
        finally:
            self._leave()
            slots.release()
        return self._done(query, bound, columns_of(query, columns, rows.rows), rows, started)

    def _async_semaphore(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        with self._stats_lock:
            semaphore = self._async_slots.get(loop)
            if semaphore is None:
                semaphore = self._async_slots[loop] = asyncio.Semaphore(self.max_concurrent)
            return semaphore

    def _new_run(self, query: SavedQuery, bound: dict[str, object]) -> Run:
        return Run(query, bound, row_cap=self.row_cap, timeout_s=self.timeout_s, auth=self.session_auth)

    def _terminate(self, database: str, sent: SentStatement | None, name: str) -> None:
        """Stop the timed-out statement on the server too, when a terminator is configured."""
        if self.terminator is None or sent is None:
            return
        try:
            outcomes = self.terminator.terminate(database, sent)
        except (OSError, ValueError, urllib.error.URLError) as failed:
            log.warning("query %s: could not stop it on the server: %s", name, failed)
            return
        log.info("query %s: stopped on the server: %s", name, ", ".join(outcomes) or "already ended")

    # -- bookkeeping -----------------------------------------------------------------------------

    def _enter(self) -> None:
        with self._stats_lock:
            self._in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self._in_flight)

    def _leave(self) -> None:
        with self._stats_lock:
            self._in_flight -= 1

    @property
    def in_flight(self) -> int:
        """Runs in the database right now."""
        return self._in_flight

    def _timed_out(self, query: SavedQuery, bound: dict[str, object], started: float) -> QueryTimeout:
        elapsed = (time.perf_counter() - started) * 1000
        log.warning(
            "query %s params=%s timed out after %.1fms (limit %.1fs)", query.name, bound, elapsed, self.timeout_s
        )
        return QueryTimeout(query.name, self.timeout_s)

    def _failed(self, query: SavedQuery, bound: dict[str, object], error: Exception) -> QueryFailed:
        log.warning("query %s params=%s failed: %s", query.name, bound, error)
        return QueryFailed(query.name, getattr(error, "message", None) or str(error))

    def _done(
        self, query: SavedQuery, bound: dict[str, object], columns: list[str], rows: Rows, started: float
    ) -> QueryResult:
        duration = (time.perf_counter() - started) * 1000
        log.info(
            "query %s params=%s rows=%d truncated=%s duration=%.1fms",
            query.name,
            bound,
            len(rows.rows),
            rows.truncated,
            duration,
        )
        return QueryResult(query.name, columns, rows.rows, duration, rows.truncated, self.row_cap)
