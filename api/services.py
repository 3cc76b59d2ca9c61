"""What the API process holds for its whole life: the one async driver, the query client and
repositories over it, the API-key store, the saved-query runner and the analytics cache. Made in the
lifespan (`api.app`), reached through `api.deps`.

Analytics and target progress are library code (`graph.analytics`, `graph.targets`). The async
analytics run on the process's driver inside `Services.bounded` (the client's concurrency slots and
time limit). The blocking ones (`graph.targets` takes a `neo4j.Driver`) run in a worker thread
through `run_blocking`, which hands them a `BlockingDriver`: a driver look-alike whose
`execute_query` runs on the same async driver in the event loop. So the process keeps ONE driver, and
those queries too count against the slots and the time limit."""

from __future__ import annotations

import asyncio
import concurrent.futures
import inspect
import logging
import math
import threading
from time import perf_counter
from collections.abc import Awaitable, Callable, Mapping
from datetime import date, datetime, time
from typing import Any, TypeVar

import neo4j
from neo4j.exceptions import ServiceUnavailable, SessionExpired

from api.auth import ApiKeyStore
from api.errors import ApiError, BadArgument, DatabaseUnavailable, NotFound, QueryTimedOut
from api.repositories import GraphClient, Repositories
from cypher.readonly import UnsafeQuery
from cypher.saved import SavedQueryCatalog
from cypher.saved_model import ParameterError, UnknownQuery
from graph.analytics import AnalyticsCache, CollaborationProjection, acollaboration_projection
from graph.backend import Backend
from graph.connection import GraphTarget
from graph.gaps import GapCache
from core.settings import Settings

log = logging.getLogger("innograph.api")
T = TypeVar("T")


class QueryFailedError(ApiError):
    code = "QUERY_FAILED"
    status = 502


class Services:
    """The app-wide objects; `close()` closes the driver."""

    def __init__(self, settings: Settings, target: GraphTarget, driver: neo4j.AsyncDriver) -> None:
        self.settings = settings
        self.target = target
        self.driver = driver
        self.client = GraphClient(
            driver, target.database, timeout_s=settings.query_timeout_s, max_concurrent=settings.query_concurrency
        )
        # Neo4j searches its full-text indexes; only ArcadeDB needs the in-memory search index
        self.repos = Repositories(self.client, fulltext_search=target.backend is Backend.NEO4J)
        self.keys = ApiKeyStore(settings.api_keys_path)
        self._catalog: SavedQueryCatalog | None = None
        self._runner: Any = None
        self.analytics_cache = AnalyticsCache()  # projection, chain portfolios, IDF: per data version
        self.gap_cache = GapCache()  # fetched chains and gap reports: per data version
        self._projection_task: asyncio.Future[CollaborationProjection] | None = None

    def catalog(self) -> SavedQueryCatalog:
        """The saved-query catalog, loaded on first use; files that failed to load are logged."""
        if self._catalog is None:
            self._catalog = SavedQueryCatalog.load(self.settings.cypher_path)
            for problem in self._catalog.problems:
                log.warning("saved query not loaded: %s", problem)
        return self._catalog

    def runner(self) -> Any:
        """The saved-query runner, made as the CLI makes it (`SavedQueryRunner.for_target`)."""
        if self._runner is None:
            from cypher.runner import SavedQueryRunner

            self._runner = SavedQueryRunner.for_target(self.catalog(), self.settings, self.target)
        return self._runner

    def prepare_saved_queries(self) -> None:
        """Load the catalog (every file parsed and checked) and make the runner: blocking, so the
        lifespan calls it in a worker thread, never on the event loop."""
        self.runner()

    # -- analytics ------------------------------------------------------------------------------
    def _timed_out(self, what: str) -> QueryTimedOut:
        self.client.stats.timeouts += 1
        return QueryTimedOut(f"{what} took longer than {self.settings.query_timeout_s:g}s and was cancelled")

    async def bounded(self, work: Awaitable[T], what: str = "the analysis", *, slot: bool = True) -> T:
        """`work` within the query time limit, holding one of the client's concurrency slots when `slot`
        (for library calls that read the database themselves)."""

        async def limited() -> T:
            if not slot:
                return await work
            async with self.client.slots:
                self.client.stats.queries += 1
                return await work

        try:
            return await asyncio.wait_for(limited(), self.settings.query_timeout_s)
        except TimeoutError:
            if inspect.iscoroutine(work):
                work.close()  # still waiting for a slot: never started
            raise self._timed_out(what) from None
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            log.error("database unreachable: %s", exc)
            raise DatabaseUnavailable("the graph database is unavailable") from exc

    def _projection_build(self) -> asyncio.Future[CollaborationProjection]:
        task = self._projection_task
        if task is None or task.done():
            task = asyncio.ensure_future(self._fetch_projection())
            task.add_done_callback(lambda t: t.cancelled() or t.exception())  # never "exception not retrieved"
            self._projection_task = task
        return task

    async def warm(self) -> None:
        """Fill the gap and analytics caches in the background, so the first planners do not wait."""
        from graph.gaps import awarm

        began = perf_counter()
        try:
            chains = await awarm(self.driver, self.target.database, cache=self.gap_cache)
            await self.repos.patents.order.ids(year=None, type=None)  # the unfiltered page orders
            await self.repos.organizations.order.ids(kind=None, region=None)
            if not self.repos.search.fulltext:
                await self.repos.search.index.build()
            await asyncio.shield(self._projection_build())
            log.info("caches warm in %.1fs (%d chains, collaboration graph)", perf_counter() - began, chains)
        except Exception as exc:  # a cold cache is slower, not broken: requests fill it themselves
            log.warning("warming the caches failed: %s", exc)

    async def projection(self) -> CollaborationProjection:
        """The collaboration projection (cached per data version in `analytics_cache`).

        The build runs as a shared task shielded from the caller's time limit: a request that gives up
        leaves it running, and the next request finds the projection ready (or joins the build).
        """
        task = self._projection_build()
        try:
            return await asyncio.wait_for(asyncio.shield(task), self.settings.query_timeout_s)
        except TimeoutError:
            raise self._timed_out("building the collaboration graph (it goes on in the background; retry)") from None

    async def _fetch_projection(self) -> CollaborationProjection:
        try:
            async with self.client.slots:
                self.client.stats.queries += 1
                return await acollaboration_projection(self.driver, self.target.database, cache=self.analytics_cache)
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            log.error("database unreachable: %s", exc)
            raise DatabaseUnavailable("the graph database is unavailable") from exc

    async def cpu(self, fn: Callable[..., T], /, *args: Any, what: str = "the analysis", **kwargs: Any) -> T:
        """CPU-bound `fn(*args, **kwargs)` in a worker thread, within the time limit (the thread is not
        killed on timeout, the caller just stops waiting)."""
        return await self.bounded(asyncio.to_thread(fn, *args, **kwargs), what, slot=False)

    async def run_blocking(
        self, fn: Callable[..., T], /, *args: Any, what: str = "the computation", limit_s: float | None = None,
        **kwargs: Any,
    ) -> T:
        """`fn(driver, database, *args, **kwargs)` for library code written for a blocking `neo4j.Driver`:
        run in a worker thread with a `BlockingDriver` over the process's async driver, within the time
        limit (`limit_s`, default the query time limit: a report is many queries and takes its own).
        On timeout the bridge is closed: the query in flight is cancelled and later ones refused."""
        bridge = BlockingDriver(self.driver, asyncio.get_running_loop(), self.client)
        limit = limit_s or self.settings.query_timeout_s
        try:
            return await asyncio.wait_for(asyncio.to_thread(fn, bridge, self.target.database, *args, **kwargs), limit)
        except TimeoutError:
            bridge.close()
            self.client.stats.timeouts += 1
            raise QueryTimedOut(f"{what} took longer than {limit:g}s and was cancelled") from None
        finally:
            bridge.close()

    async def close(self) -> None:
        if self._projection_task is not None and not self._projection_task.done():
            self._projection_task.cancel()
        self.repos.search.index.close()
        await self.driver.close()


class BlockingDriver:
    """Enough of `neo4j.Driver` (`execute_query`) for blocking library code run in a worker thread.

    Each call is scheduled on the event loop, where it runs on the app's async driver inside one of the
    client's concurrency slots; the worker thread waits for its result. Never call it from the loop's
    own thread (it would wait for itself).
    """

    def __init__(self, driver: neo4j.AsyncDriver, loop: asyncio.AbstractEventLoop, client: GraphClient) -> None:
        self._driver = driver
        self._loop = loop
        self._client = client
        self._closed = False
        self._lock = threading.Lock()
        self._pending: set[concurrent.futures.Future[Any]] = set()

    def execute_query(self, query: Any, parameters: Mapping[str, Any] | None = None, **kwargs: Any) -> Any:
        with self._lock:
            if self._closed:
                raise QueryTimedOut("the computation was cancelled")
            future = asyncio.run_coroutine_threadsafe(self._run(query, dict(parameters or {}), kwargs), self._loop)
            self._pending.add(future)
        try:
            return future.result()
        except concurrent.futures.CancelledError:
            raise QueryTimedOut("the computation was cancelled") from None
        finally:
            with self._lock:
                self._pending.discard(future)

    async def _run(self, query: Any, parameters: dict[str, Any], kwargs: dict[str, Any]) -> Any:
        async with self._client.slots:
            self._client.stats.queries += 1
            try:
                return await self._driver.execute_query(query, parameters, **kwargs)
            except (ServiceUnavailable, SessionExpired, OSError) as exc:
                log.error("database unreachable: %s", exc)
                raise DatabaseUnavailable("the graph database is unavailable") from exc

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for future in self._pending:
                future.cancel()


async def run_saved_query(services: Services, name: str, params: object) -> Any:
    """Run a saved query, turning the runner's refusals into errors for the caller."""
    from cypher.runner import QueryFailed, QueryTimeout

    if params is None:
        params = {}
    if not isinstance(params, Mapping):
        raise BadArgument("params must be a JSON object of parameter names to values")
    try:
        return await services.runner().run_async(services.driver, services.target.database, name, params)
    except UnknownQuery as exc:
        raise NotFound(str(exc)) from None
    except ParameterError as exc:
        raise BadArgument(str(exc)) from None
    except UnsafeQuery as exc:
        raise BadArgument(f"query {name!r} was refused: {exc}") from None
    except QueryTimeout as exc:
        raise QueryTimedOut(str(exc)) from None
    except QueryFailed as exc:
        if isinstance(exc.__cause__, (ServiceUnavailable, SessionExpired, OSError)):
            raise DatabaseUnavailable("the graph database is unavailable") from exc
        log.error("saved query %s failed: %s", name, exc)
        raise QueryFailedError(f"saved query {name!r} failed in the database") from exc


def jsonable(value: Any) -> Any:
    """Plain JSON values from query results: dates as ISO strings, non-finite floats as null."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if hasattr(value, "iso_format"):  # neo4j.time types
        return value.iso_format()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    return str(value)
