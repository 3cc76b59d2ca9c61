"""Run saved queries safely: read-only check, bounded patterns, typed parameters, a deadline, a row cap,
a concurrency limit and a log line per run.

The safety is the read-only checker (`cypher.readonly.check_read_only`), applied again here before
every run even though the catalog already applied it when the file was loaded. The READ access mode
is requested too, but the embedded backend (ArcadeDB over Bolt) runs writes in a READ session, so it
protects nothing there.

Timeouts, per backend:
  * Neo4j 5 honours the Bolt transaction timeout: the transaction is begun with `timeout=timeout_s`
    and the server aborts it (reported as `QueryTimeout`).
  * ArcadeDB ignores it, so the runner enforces the deadline itself. Sync: a timer thread kills the
    session's connection at the deadline (the socket is shut down, which wakes the blocked read at
    once); the caller gets `QueryTimeout` and the pool drops the dead connection. Async:
    `asyncio.wait_for` cancels the task and the async driver kills the connection on cancellation.
    ArcadeDB does not notice a closed connection while it computes (measured: a killed cartesian
    product kept a core busy for minutes, and four of them filled ArcadeDB's own query slots,
    `arcadedb.queryMaxConcurrent=4`), so when the runner has a `terminator` it also stops the
    statement on the server: `ArcadeDBQueryTerminator` finds it in ArcadeDB's `list queries` by the
    client port of the killed connection and sends `terminate query <id>` (HTTP, root). Without a
    terminator the server-side work goes on until it ends or hits the server's `command_timeout`.

The row cap: at most `row_cap` rows are fetched (in batches of at most `row_cap + 1`); when one more
exists the result is marked `truncated` and the rest is discarded by closing the transaction.

Unbounded patterns: a variable-length relationship with no upper bound (`[*]`, `[*2..]`, `[:R*]`),
one whose upper bound exceeds `max_hops`, and unbounded quantified path patterns (`{1,}`, `+`, `*`
after a pattern) are refused before the query reaches the database (`check_bounded_patterns`).

Concurrency: at most `max_concurrent` queries at once per runner for sync callers (a
`threading.BoundedSemaphore`), and as many again per event loop for async callers (an
`asyncio.Semaphore`). A caller waits for a slot at most `queue_timeout_s` (default `timeout_s`),
then gets `QueryBusy` (a `QueryTimeout`) without touching the database.

Every run is logged on the logger `innograph.queries`: name, parameters, rows, truncation, duration.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import threading
import time
import urllib.error
import urllib.request
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

import neo4j
from neo4j.exceptions import DriverError, Neo4jError

from cypher.readonly import Token, TokenKind, UnsafeQuery, check_read_only, refusal, tokenize
from cypher.references import acheck_references, check_references
from cypher.saved import ParameterError, SavedQuery, SavedQueryCatalog, UnknownQuery, bind_parameters

__all__ = [
    "ArcadeDBQueryTerminator",
    "QueryTerminator",
    "DEFAULT_MAX_HOPS",
    "ParameterError",
    "QueryBusy",
    "QueryFailed",
    "QueryResult",
    "QueryTimeout",
    "SavedQueryRunner",
    "UnknownQuery",
    "UnsafeQuery",
    "check_bounded_patterns",
]

log = logging.getLogger("innograph.queries")

DEFAULT_MAX_HOPS = 6
_FETCH_BATCH = 1000
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


# --- unbounded pattern guard ---------------------------------------------------------------------


def check_bounded_patterns(query: str, max_hops: int = DEFAULT_MAX_HOPS) -> None:
    """Raise `UnsafeQuery` if `query` has a variable-length pattern without an upper bound <= max_hops.

    Checked: relationship brackets `-[...*...]-` (`*`, `*n`, `*n..`, `*..m`, `*n..m`), quantified
    path patterns `{n,m}` / `{n,}` / `{,m}` / `{n}`, and `+` or `*` directly after a relationship
    arrow or after a parenthesised pattern.
    """
    tokens = tokenize(query)
    partner = _partners(tokens)
    for i, token in enumerate(tokens):
        if token.is_punct("[") and i > 0 and tokens[i - 1].is_punct("-", "<-"):
            _check_relationship(query, tokens, i, partner.get(i, len(tokens) - 1), max_hops)
        elif token.is_punct("{"):
            _check_quantifier_braces(query, tokens, i, max_hops)
        elif token.is_punct("+", "*") and i > 0:
            prev = tokens[i - 1]
            after_arrow = prev.is_punct("->", "-") and i > 1 and tokens[i - 2].is_punct("]", ")", "-", "<-")
            after_group = prev.is_punct(")") and _group_has_arrow(tokens, partner.get(i - 1, 0), i - 1)
            if after_arrow or after_group:
                raise refusal(
                    query, f"quantifier {token.text!r} repeats a pattern without an upper bound", token.start
                )


def _partners(tokens: Sequence[Token]) -> dict[int, int]:
    pairs = {"(": ")", "[": "]", "{": "}"}
    stack: list[int] = []
    partner: dict[int, int] = {}
    for i, token in enumerate(tokens):
        if token.kind is not TokenKind.PUNCT:
            continue
        if token.value in pairs:
            stack.append(i)
        elif token.value in pairs.values() and stack:
            opener = stack.pop()
            partner[opener], partner[i] = i, opener
    return partner


def _group_has_arrow(tokens: Sequence[Token], start: int, end: int) -> bool:
    """True when the bracket group tokens[start..end] holds a relationship pattern."""
    for j in range(start, end):
        t = tokens[j]
        if t.is_punct("->", "<-"):
            return True
        if t.is_punct("-") and (tokens[j + 1].is_punct("[", "-") or tokens[j - 1].is_punct("]")):
            return True
    return False


def _check_relationship(query: str, tokens: Sequence[Token], start: int, end: int, max_hops: int) -> None:
    depth = 0
    for j in range(start + 1, end):
        t = tokens[j]
        if t.is_punct("{", "(", "["):
            depth += 1
        elif t.is_punct("}", ")", "]"):
            depth -= 1
        elif depth == 0 and t.is_punct("*"):
            _check_star(query, tokens, j, end, max_hops)
            return


def _number(token: Token | None) -> int | None:
    if token is None or token.kind is not TokenKind.NUMBER:
        return None
    try:
        return int(token.text.replace("_", ""), 0)
    except ValueError:
        return None


def _check_star(query: str, tokens: Sequence[Token], star: int, end: int, max_hops: int) -> None:
    """`*` at tokens[star] inside a relationship ending at tokens[end] (`]`)."""
    star_token = tokens[star]
    nxt = tokens[star + 1] if star + 1 < end else None
    low = _number(nxt)
    after = star + 2 if low is not None else star + 1
    upper: int | None
    if low is not None and (after >= end or not tokens[after].is_punct("..")):
        upper = low  # `*3`: exactly three hops
    elif after < end and tokens[after].is_punct(".."):
        upper = _number(tokens[after + 1] if after + 1 < end else None)
    else:
        upper = None  # `*` alone
    if upper is None:
        raise refusal(
            query,
            f"variable-length relationship without an upper bound; write e.g. [*..{max_hops}]",
            star_token.start,
        )
    if upper > max_hops:
        raise refusal(query, f"variable-length relationship up to {upper} hops; at most {max_hops}", star_token.start)


def _check_quantifier_braces(query: str, tokens: Sequence[Token], start: int, max_hops: int) -> None:
    """A `{n,m}` quantifier (numbers and commas only; no map literal has a number for a key)."""
    j = start + 1
    parts: list[Token] = []
    while j < len(tokens) and not tokens[j].is_punct("}"):
        if not (tokens[j].kind is TokenKind.NUMBER or tokens[j].is_punct(",")):
            return
        parts.append(tokens[j])
        j += 1
    if not parts:
        return
    commas = [k for k, t in enumerate(parts) if t.is_punct(",")]
    if not commas:
        upper = _number(parts[0])
    else:
        tail = parts[commas[0] + 1 :]
        upper = _number(tail[0]) if tail else None
    if upper is None:
        raise refusal(query, "quantified path pattern without an upper bound", tokens[start].start)
    if upper > max_hops:
        raise refusal(query, f"quantified path pattern up to {upper} repetitions; at most {max_hops}", tokens[start].start)


# --- server-side termination ---------------------------------------------------------------------


class QueryTerminator(Protocol):
    """Stops, on the server, the statement a killed client connection was running."""

    def terminate(self, database: str, client_port: int) -> list[str]:
        """Stop the statements of `database` sent from local port `client_port`; their ids and outcomes."""
        ...


class ArcadeDBQueryTerminator:
    """`QueryTerminator` for ArcadeDB: `list queries` / `terminate query <id>` on POST /api/v1/server."""

    def __init__(self, http_url: str, auth: tuple[str, str], *, request_timeout_s: float = 15.0) -> None:
        self.http_url = http_url.rstrip("/")
        self._token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        self.request_timeout_s = request_timeout_s

    @classmethod
    def for_embedded(cls, server: Any) -> ArcadeDBQueryTerminator | None:
        """For a running `graph.embedded.EmbeddedDatabase`; None when it is not running."""
        status = server.status()
        if status is None:
            return None
        return cls(f"http://127.0.0.1:{status.http_port}", server.auth)

    def command(self, command: str, **payload: object) -> Any:
        """One server command; its `result`."""
        request = urllib.request.Request(
            f"{self.http_url}/api/v1/server",
            data=json.dumps({"command": command, **payload}).encode(),
            headers={"Authorization": f"Basic {self._token}", "Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=self.request_timeout_s) as response:
            return json.loads(response.read() or b"{}").get("result")

    def running(self, database: str | None = None) -> list[dict[str, Any]]:
        """The statements the server runs now (for `database`, if given)."""
        command = "list queries" + (f" database {database}" if database else "")
        return list(self.command(command) or [])

    def terminate(self, database: str, client_port: int) -> list[str]:
        outcomes: list[str] = []
        for entry in self.running(database):
            address = str(entry.get("clientAddress", ""))
            if entry.get("protocol") == "bolt" and address.endswith(f":{client_port}"):
                answer = self.command(f"terminate query {entry['id']}", wait=5000) or {}
                outcomes.append(f"{entry['id']}: {answer.get('status', '?')}")
        return outcomes


# --- the runner ----------------------------------------------------------------------------------


def _database_value(value: object) -> object:
    """Dates go to the database as ISO strings: the data model stores dates that way."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_database_value(v) for v in value]
    return value


def _columns(query: SavedQuery, reported: list[str], rows: list[dict[str, Any]]) -> list[str]:
    """The result's columns; ArcadeDB reports none for an empty result, so the header's `returns` stand in."""
    if reported:
        return reported
    return list(rows[0]) if rows else list(query.returns)


def _is_timeout_error(error: Neo4jError) -> bool:
    code = error.code or ""
    return any(code.endswith(suffix) for suffix in _TIMEOUT_CODES) or "timed out" in (error.message or "").lower()


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
        self.queue_timeout_s = float(queue_timeout_s) if queue_timeout_s is not None else self.timeout_s
        self._slots = threading.BoundedSemaphore(self.max_concurrent)
        self._async_slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )
        self._stats_lock = threading.Lock()
        self._in_flight = 0
        self.peak_in_flight = 0  # most runs in the database at once (sync and async together)

    # -- preparation -------------------------------------------------------------------------

    def prepare(self, name: str, params: Mapping[str, object]) -> tuple[SavedQuery, dict[str, object]]:
        """The query and its bound parameters, after every static check; raises before any I/O."""
        query = self.catalog.get(name)
        check_read_only(query.text)  # defence in depth: the catalog checked the file already
        check_bounded_patterns(query.text, self.max_hops)
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
        fetch = min(self.row_cap + 1, _FETCH_BATCH)
        started = time.perf_counter()
        state = threading.Lock()
        expired = threading.Event()
        finished = False
        killed_port: list[int | None] = []
        session = driver.session(database=database, default_access_mode=neo4j.READ_ACCESS, fetch_size=fetch)

        def kill() -> None:
            # At the deadline: kill the connection so the blocked read returns now (ArcadeDB ignores
            # the Bolt timeout). The lock keeps us from killing a connection already back in the pool.
            with state:
                if finished:
                    return
                expired.set()
                connection = getattr(session, "_connection", None)
                killed_port.append(getattr(connection, "local_port", None))
                killer = getattr(connection, "kill", None)
                if callable(killer):
                    try:
                        killer()
                    except Exception:  # noqa: BLE001 - best effort; the caller still gets QueryTimeout
                        log.debug("killing the connection of %s failed", query.name, exc_info=True)

        timer = threading.Timer(self.timeout_s, kill)
        timer.daemon = True
        self._enter()
        try:
            timer.start()
            try:
                columns, rows, truncated = self._fetch_sync(session, query, bound, expired)
            except (Neo4jError, DriverError, OSError) as error:
                if expired.is_set() or (isinstance(error, Neo4jError) and _is_timeout_error(error)):
                    self._terminate(database, killed_port, query.name)
                    raise self._timed_out(query, bound, started) from error
                log.warning("query %s params=%s failed: %s", query.name, bound, error)
                raise QueryFailed(query.name, getattr(error, "message", None) or str(error)) from error
            if expired.is_set():
                self._terminate(database, killed_port, query.name)
                raise self._timed_out(query, bound, started)
            with state:
                finished = True
        finally:
            timer.cancel()
            with state:
                finished = True
            try:
                session.close()
            except Exception:  # noqa: BLE001 - a killed connection may complain on close
                log.debug("closing the session of %s failed", query.name, exc_info=True)
            self._leave()
        return self._done(query, bound, _columns(query, columns, rows), rows, truncated, started)

    def _fetch_sync(
        self, session: neo4j.Session, query: SavedQuery, bound: dict[str, object], expired: threading.Event
    ) -> tuple[list[str], list[dict[str, Any]], bool]:
        tx = session.begin_transaction(metadata={"app": "innograph", "query": query.name}, timeout=self.timeout_s)
        try:
            result = tx.run(query.text, bound)
            columns = list(result.keys())
            rows: list[dict[str, Any]] = []
            truncated = False
            for record in result:
                if expired.is_set():
                    break
                if len(rows) >= self.row_cap:
                    truncated = True
                    break
                rows.append(record.data())
            return columns, rows, truncated
        finally:
            if not expired.is_set():
                tx.close()  # rolls back a read; discards rows beyond the cap

    # -- async -----------------------------------------------------------------------------------

    async def run_async(
        self, driver: neo4j.AsyncDriver, database: str, name: str, params: Mapping[str, object]
    ) -> QueryResult:
        """`run` for an async driver: the deadline is `asyncio.wait_for`, which cancels the session."""
        try:
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
        checking = time.perf_counter()
        try:  # a value naming nothing: ParameterError, before the query runs
            await asyncio.wait_for(acheck_references(driver, database, query, bound), timeout=self.timeout_s)
        except TimeoutError:
            slots.release()
            raise self._timed_out(query, bound, checking) from None
        except BaseException:
            slots.release()
            raise
        started = time.perf_counter()
        ports: list[int | None] = []
        self._enter()
        try:
            columns, rows, truncated = await asyncio.wait_for(
                self._fetch_async(driver, database, query, bound, ports), timeout=self.timeout_s
            )
        except TimeoutError:
            if self.terminator is not None:
                await asyncio.to_thread(self._terminate, database, ports, query.name)
            raise self._timed_out(query, bound, started) from None
        except Neo4jError as error:
            if _is_timeout_error(error):
                raise self._timed_out(query, bound, started) from error
            log.warning("query %s params=%s failed: %s", query.name, bound, error)
            raise QueryFailed(query.name, error.message or str(error)) from error
        except (DriverError, OSError) as error:
            log.warning("query %s params=%s failed: %s", query.name, bound, error)
            raise QueryFailed(query.name, str(error)) from error
        finally:
            self._leave()
            slots.release()
        return self._done(query, bound, _columns(query, columns, rows), rows, truncated, started)

    async def _fetch_async(
        self,
        driver: neo4j.AsyncDriver,
        database: str,
        query: SavedQuery,
        bound: dict[str, object],
        ports: list[int | None],
    ) -> tuple[list[str], list[dict[str, Any]], bool]:
        fetch = min(self.row_cap + 1, _FETCH_BATCH)
        session = driver.session(database=database, default_access_mode=neo4j.READ_ACCESS, fetch_size=fetch)
        try:
            tx = await session.begin_transaction(
                metadata={"app": "innograph", "query": query.name}, timeout=self.timeout_s
            )
            ports.append(getattr(getattr(session, "_connection", None), "local_port", None))
            result = await tx.run(query.text, bound)
            columns = list(result.keys())
            rows: list[dict[str, Any]] = []
            truncated = False
            async for record in result:
                if len(rows) >= self.row_cap:
                    truncated = True
                    break
                rows.append(record.data())
            await tx.close()
            return columns, rows, truncated
        except asyncio.CancelledError:
            session.cancel()  # kill the connection: ArcadeDB would otherwise keep it busy
            raise
        finally:
            await session.close()

    def _async_semaphore(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        with self._stats_lock:
            semaphore = self._async_slots.get(loop)
            if semaphore is None:
                semaphore = self._async_slots[loop] = asyncio.Semaphore(self.max_concurrent)
            return semaphore

    def _terminate(self, database: str, ports: list[int | None], name: str) -> None:
        """Stop the timed-out statement on the server too, when a terminator is configured."""
        port = next((p for p in ports if p), None)
        if self.terminator is None or port is None:
            return
        try:
            outcomes = self.terminator.terminate(database, port)
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

    def _done(
        self,
        query: SavedQuery,
        bound: dict[str, object],
        columns: list[str],
        rows: list[dict[str, Any]],
        truncated: bool,
        started: float,
    ) -> QueryResult:
        duration = (time.perf_counter() - started) * 1000
        log.info(
            "query %s params=%s rows=%d truncated=%s duration=%.1fms",
            query.name,
            bound,
            len(rows),
            truncated,
            duration,
        )
        return QueryResult(query.name, columns, rows, duration, truncated, self.row_cap)
