"""The API's one door to the database: every read goes through `GraphClient.read`.

It loads `cypher/api/<name>.cypher`, runs it as an auto-commit read on the process's async driver,
with the time limit as its transaction timeout (Neo4j aborts the statement on the server), and
enforces what ArcadeDB does not: a time limit (asyncio cancels our side of the call; the Bolt
connection is dropped, and the server's work on it is abandoned) and a cap on concurrent database
calls (a semaphore; waiting for a slot counts against the same time limit, so an overloaded API
answers "timed out" rather than queueing without end). No driver-level retries: an unreachable
database is reported at once (`DatabaseUnavailable`), which is what a caller waiting on an HTTP
request needs. It also counts the queries it runs, which the tests use to check batching.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Any

import neo4j
from neo4j.exceptions import AuthError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired

from api.errors import DatabaseUnavailable, QueryTimedOut
from cypher.catalog import statement

log = logging.getLogger("innograph.api.graph")

Row = dict[str, Any]


@dataclass
class QueryStats:
    """What the client has run since it was made (all requests together)."""

    queries: int = 0
    in_flight: int = 0
    max_in_flight: int = 0
    timeouts: int = 0


class GraphClient:
    """Runs the API's read statements with a timeout and a concurrency limit; counts them."""

    def __init__(
        self,
        driver: neo4j.AsyncDriver,
        database: str,
        *,
        timeout_s: float,
        max_concurrent: int,
    ) -> None:
        self.driver = driver
        self.database = database
        self.timeout_s = timeout_s
        self.slots = asyncio.Semaphore(max_concurrent)
        self.stats = QueryStats()

    async def read(self, name: str, /, **params: Any) -> list[Row]:
        """Rows of `cypher/api/<name>.cypher` run with `params`, within the time limit."""
        return await self.read_within(name, self.timeout_s, **params)

    async def read_within(self, name: str, timeout_s: float, /, **params: Any) -> list[Row]:
        """`read` with a time limit of its own, for background work such as building an index.
        `name` is a file of cypher/api/, or a path under cypher/ when it has a folder (references/...)."""
        # the transaction timeout: Neo4j aborts the statement on the server itself (ArcadeDB ignores it,
        # so the cancellation below is what stops our side there)
        query = neo4j.Query(statement(name if "/" in name else f"api/{name}"), timeout=timeout_s)
        try:
            return await asyncio.wait_for(self._limited(query, params), timeout_s)
        except TimeoutError:
            self.stats.timeouts += 1
            log.warning("query api/%s cancelled after %.3fs", name, timeout_s)
            raise QueryTimedOut(f"the query took longer than {timeout_s:g}s and was cancelled") from None

    async def one(self, name: str, /, **params: Any) -> Row | None:
        rows = await self.read(name, **params)
        return rows[0] if rows else None

    async def _limited(self, query: Any, params: dict[str, Any]) -> list[Row]:
        async with self.slots:
            self.stats.queries += 1
            self.stats.in_flight += 1
            self.stats.max_in_flight = max(self.stats.max_in_flight, self.stats.in_flight)
            try:
                return await self._run(query, params)
            finally:
                self.stats.in_flight -= 1

    async def _run(self, query: Any, params: dict[str, Any]) -> list[Row]:
        try:
            async with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                result = await session.run(query, params)
                return [record.data() async for record in result]
        except AuthError as exc:
            log.error("database refused the credentials: %s", exc)
            raise DatabaseUnavailable("the graph database is unavailable") from exc
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            log.error("database unreachable: %s", exc)
            raise DatabaseUnavailable("the graph database is unavailable") from exc
        except DriverError as exc:
            log.error("driver error: %s", exc)
            raise DatabaseUnavailable("the graph database is unavailable") from exc
        except Neo4jError as exc:
            if "TransactionTimedOut" in (exc.code or ""):  # Neo4j's own timeout, first to the deadline
                self.stats.timeouts += 1
                raise QueryTimedOut("the query took longer than its time limit and was stopped") from exc
            raise  # a bug in a statement or its parameters: masked as an internal error

    async def ping(self, *, attempts: int = 3, timeout_s: float = 2.0) -> tuple[bool, str]:
        """(True, "") when the database answers `RETURN 1`, else (False, why), with short retries."""
        delay = 0.1
        reason = ""
        for attempt in range(1, attempts + 1):
            started = time.perf_counter()
            try:
                rows = await asyncio.wait_for(self._run(statement("api/ping"), {}), timeout_s)
                if rows and rows[0].get("ok") == 1:
                    return True, ""
                reason = "the database answered RETURN 1 with something else"
            except TimeoutError:
                reason = f"no answer to RETURN 1 within {timeout_s:g}s"
            except DatabaseUnavailable as exc:
                reason = f"cannot reach the database: {exc.__cause__ or exc}"
            except Neo4jError as exc:
                reason = f"the database answered with an error: {exc.code}"
            log.info("readiness attempt %d failed after %.2fs: %s", attempt, time.perf_counter() - started, reason)
            if attempt < attempts:
                await asyncio.sleep(delay)
                delay *= 2
        return False, reason
