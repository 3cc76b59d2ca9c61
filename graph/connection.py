"""Where the graph is and how to reach it: the embedded ArcadeDB default or a configured Neo4j.

Callers make one driver per process from a `GraphTarget` and pass it in; nothing below the CLI or
the API's lifespan creates drivers.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlparse

import neo4j
from neo4j.exceptions import AuthError, ConfigurationError, DriverError, Neo4jError, ServiceUnavailable

from graph.backend import Backend, BackendProfile, profile
from graph.embedded import EmbeddedDatabase
from innograph.settings import Settings

BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class GraphUnavailable(RuntimeError):
    """The graph database is misconfigured or cannot be reached; the message says which and why."""


@dataclass(frozen=True)
class GraphTarget:
    """Everything a driver needs, plus what the backend enforces by itself."""

    uri: str
    auth: tuple[str, str] | None
    database: str
    profile: BackendProfile

    @property
    def backend(self) -> Backend:
        return self.profile.backend


def embedded_database(settings: Settings) -> EmbeddedDatabase:
    return EmbeddedDatabase(
        settings.data_dir,
        database=settings.database,
        heap=settings.embedded_heap,
        bolt_port=settings.embedded_bolt_port,
        http_port=settings.embedded_http_port,
        start_timeout_s=settings.embedded_start_timeout_s,
        command_timeout_s=settings.embedded_command_timeout_s,
    )


def check_uri(uri: str) -> str:
    """Validate a Neo4j URI and return it, or raise GraphUnavailable naming the problem."""
    parsed = urlparse(uri)
    if parsed.scheme not in BOLT_SCHEMES:
        raise GraphUnavailable(
            f"INNOGRAPH_NEO4J_URI={uri!r} is not a Neo4j URI: the scheme must be one of "
            f"{', '.join(BOLT_SCHEMES)} (for example bolt://localhost:7687)"
        )
    if not parsed.hostname:
        raise GraphUnavailable(f"INNOGRAPH_NEO4J_URI={uri!r} names no host (for example bolt://localhost:7687)")
    try:
        parsed.port
    except ValueError as exc:
        raise GraphUnavailable(f"INNOGRAPH_NEO4J_URI={uri!r} has an invalid port") from exc
    return uri


def resolve_target(settings: Settings, *, start_embedded: bool = True) -> GraphTarget:
    """The configured Neo4j, or the embedded server (started when needed and allowed)."""
    if not settings.embedded:
        uri = check_uri(settings.neo4j_uri or "")
        password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else None
        auth = (settings.neo4j_user, password) if password is not None else None
        return GraphTarget(uri, auth, settings.database, profile(Backend.NEO4J))
    embedded = embedded_database(settings)
    status = embedded.ensure_running() if start_embedded else embedded.status()
    if status is None:
        raise GraphUnavailable(
            f"the embedded database under {embedded.root} is not running; start it with `innograph db start`"
        )
    return GraphTarget(status.uri, embedded.auth, settings.database, profile(Backend.ARCADEDB))


def _driver_config() -> dict[str, object]:
    return {
        "connection_timeout": 5.0,
        "max_transaction_retry_time": 30.0,
        "connection_acquisition_timeout": 30.0,
        "max_connection_pool_size": 32,
        "keep_alive": True,
    }


def _explain(target: GraphTarget, exc: Exception) -> GraphUnavailable:
    where = f"{target.profile.description} at {target.uri} (database {target.database!r})"
    if isinstance(exc, AuthError):
        return GraphUnavailable(f"{where} refused the credentials: check INNOGRAPH_NEO4J_USER/PASSWORD")
    if isinstance(exc, ServiceUnavailable):
        return GraphUnavailable(f"cannot reach {where}: {exc}")
    if isinstance(exc, Neo4jError):
        return GraphUnavailable(f"{where} answered with an error: {exc.message or exc}")
    return GraphUnavailable(f"cannot use {where}: {exc}")


def open_driver(target: GraphTarget, *, verify: bool = True, retries: int = 3) -> neo4j.Driver:
    """One synchronous driver for this process, checked with a trivial query (with retries)."""
    try:
        driver = neo4j.GraphDatabase.driver(target.uri, auth=target.auth, **_driver_config())
    except (ConfigurationError, ValueError) as exc:
        raise GraphUnavailable(f"invalid Neo4j URI {target.uri!r}: {exc}") from exc
    if verify:
        try:
            _verify(driver, target, retries)
        except BaseException:
            driver.close()
            raise
    return driver


def _verify(driver: neo4j.Driver, target: GraphTarget, retries: int) -> None:
    # verify_connectivity does not go through the driver's 30 s transaction retry loop, so an
    # unreachable server fails in seconds; our own short backoff covers a server still starting.
    delay = 0.5
    for attempt in range(1, retries + 1):
        try:
            driver.verify_connectivity()
            with driver.session(database=target.database, default_access_mode=neo4j.READ_ACCESS) as session:
                session.run("RETURN 1 AS ok").consume()
            return
        except AuthError as exc:
            raise _explain(target, exc) from exc
        except (ServiceUnavailable, DriverError, OSError) as exc:
            if attempt == retries:
                raise _explain(target, exc) from exc
            time.sleep(delay)
            delay *= 2
        except Neo4jError as exc:
            raise _explain(target, exc) from exc


def open_async_driver(target: GraphTarget) -> neo4j.AsyncDriver:
    """One asynchronous driver for the API process; readiness is checked by the caller."""
    try:
        return neo4j.AsyncGraphDatabase.driver(target.uri, auth=target.auth, **_driver_config())
    except (ConfigurationError, ValueError) as exc:
        raise GraphUnavailable(f"invalid Neo4j URI {target.uri!r}: {exc}") from exc
