"""What the API process holds for its whole life: the one async driver, the query client and
repositories over it, the API-key store and the saved-query runner. Made in the lifespan
(`api.app`), reached through `api.deps`; extension point for analytics services later."""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

import neo4j
from neo4j.exceptions import ServiceUnavailable, SessionExpired

from api.auth import ApiKeyStore
from api.errors import ApiError, BadArgument, DatabaseUnavailable, NotFound, QueryTimedOut
from api.repositories import GraphClient, Repositories
from cypher.readonly import UnsafeQuery
from cypher.saved import ParameterError, SavedQueryCatalog, UnknownQuery
from graph.connection import GraphTarget
from innograph.settings import Settings

log = logging.getLogger("innograph.api")


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
        self.repos = Repositories(self.client)
        self.keys = ApiKeyStore(settings.api_keys_path)
        self._catalog: SavedQueryCatalog | None = None
        self._runner: Any = None

    def catalog(self) -> SavedQueryCatalog:
        """The saved-query catalog, loaded on first use; files that failed to load are logged."""
        if self._catalog is None:
            self._catalog = SavedQueryCatalog.load(self.settings.cypher_path)
            for problem in self._catalog.problems:
                log.warning("saved query not loaded: %s", problem)
        return self._catalog

    def runner(self) -> Any:
        if self._runner is None:
            from cypher.runner import SavedQueryRunner

            self._runner = SavedQueryRunner(
                self.catalog(),
                timeout_s=self.settings.query_timeout_s,
                row_cap=self.settings.query_row_cap,
                max_concurrent=self.settings.query_concurrency,
            )
        return self._runner

    async def close(self) -> None:
        await self.driver.close()


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
