"""Where the graph is and how to reach it: a local database InnoGraph runs (Neo4j or ArcadeDB) or a
configured Neo4j server; which one, and why.

Callers make one driver per process from a `GraphTarget` and pass it in; nothing below the CLI or
the API's lifespan creates drivers.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict, cast
from urllib.parse import urlparse

import neo4j
from neo4j.exceptions import AuthError, ConfigurationError, DriverError, Neo4jError, ServiceUnavailable

from graph.backend import Backend, BackendProfile, profile
from graph.local_server import LocalServer
from core.settings import Settings

if TYPE_CHECKING:
    from graph.embedded import EmbeddedDatabase

BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class GraphUnavailable(RuntimeError):
    """The graph database is misconfigured or cannot be reached; the message says which and why."""


@dataclass(frozen=True)
class GraphTarget:
    """Everything a driver needs, plus what the backend enforces by itself and why it was chosen."""

    uri: str
    auth: tuple[str, str] | None
    database: str
    profile: BackendProfile
    local: bool = False
    reason: str = ""

    @property
    def backend(self) -> Backend:
        return self.profile.backend

    @property
    def description(self) -> str:
        if self.local:
            return "embedded ArcadeDB" if self.backend is Backend.ARCADEDB else "local Neo4j 5"
        return self.profile.description


@dataclass(frozen=True)
class BackendChoice:
    """The backend a process uses, whether InnoGraph runs it, and the reason in words."""

    backend: Backend
    local: bool
    reason: str


def _store_exists(settings: Settings, backend: Backend) -> bool:
    root = settings.data_dir.resolve()
    if backend is Backend.NEO4J:
        return (root / "neo4j" / "data" / "databases").is_dir()
    return (root / "arcadedb" / "databases").is_dir()


def choose_backend(settings: Settings) -> BackendChoice:
    """INNOGRAPH_BACKEND and INNOGRAPH_NEO4J_URI, made concrete. `auto` prefers the local Neo4j where
    it can run, but keeps the backend whose data is already under INNOGRAPH_DATA_DIR; asking for
    `neo4j` never ends on ArcadeDB (GraphUnavailable says what is missing instead)."""
    from graph.neo4j_install import Neo4jNotInstalled, installation

    wanted = settings.backend
    if settings.neo4j_uri is not None:
        if wanted == "arcadedb":
            return BackendChoice(Backend.ARCADEDB, False, "INNOGRAPH_BACKEND=arcadedb at INNOGRAPH_NEO4J_URI")
        return BackendChoice(Backend.NEO4J, False, "INNOGRAPH_NEO4J_URI is set")
    if wanted == "arcadedb":
        return BackendChoice(Backend.ARCADEDB, True, "INNOGRAPH_BACKEND=arcadedb")
    try:
        found = installation(settings.neo4j_jars)
        ready, detail = True, f"Java {found.java.version} and Neo4j {found.neo4j_version}'s jars are installed"
    except Neo4jNotInstalled as exc:
        ready, detail = False, str(exc)
    if wanted == "neo4j":
        if not ready:
            raise GraphUnavailable(f"INNOGRAPH_BACKEND=neo4j, but the local Neo4j cannot run: {detail}")
        return BackendChoice(Backend.NEO4J, True, f"INNOGRAPH_BACKEND=neo4j; {detail}")
    has_neo4j, has_arcadedb = _store_exists(settings, Backend.NEO4J), _store_exists(settings, Backend.ARCADEDB)
    if has_arcadedb and not has_neo4j:
        return BackendChoice(Backend.ARCADEDB, True, f"auto: the graph of earlier runs is in "
                             f"{settings.data_dir.resolve() / 'arcadedb'} (INNOGRAPH_BACKEND=neo4j starts anew on Neo4j)")
    if ready:
        return BackendChoice(Backend.NEO4J, True, f"auto: {detail}")
    if has_neo4j:
        raise GraphUnavailable(
            f"the graph of earlier runs is in the local Neo4j under {settings.data_dir.resolve() / 'neo4j'}, which "
            f"cannot run now: {detail} (INNOGRAPH_BACKEND=arcadedb uses ArcadeDB, with a graph of its own)"
        )
    return BackendChoice(Backend.ARCADEDB, True, f"auto: the local Neo4j is not available ({detail})")


def local_server(settings: Settings, backend: Backend) -> LocalServer:
    """The manager of the local server of `backend` under INNOGRAPH_DATA_DIR (not started)."""
    if backend is Backend.NEO4J:
        from graph.neo4j_local import LocalNeo4j

        return LocalNeo4j(
            settings.data_dir,
            database=settings.database,
            heap=settings.embedded_heap,
            page_cache=settings.embedded_page_cache,
            bolt_port=settings.embedded_bolt_port,
            start_timeout_s=settings.embedded_start_timeout_s,
            jars=settings.neo4j_jars,
        )
    from graph.embedded import EmbeddedDatabase

    return EmbeddedDatabase(
        settings.data_dir,
        database=settings.database,
        heap=settings.embedded_heap,
        bolt_port=settings.embedded_bolt_port,
        http_port=settings.embedded_http_port,
        start_timeout_s=settings.embedded_start_timeout_s,
        command_timeout_s=settings.embedded_command_timeout_s,
    )


def embedded_database(settings: Settings) -> EmbeddedDatabase:
    """The embedded ArcadeDB manager (HTTP administration, the query terminator)."""
    return cast("EmbeddedDatabase", local_server(settings, Backend.ARCADEDB))


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
        # urlparse reads the port lazily: the property raises for a non-numeric or out-of-range port
        _ = parsed.port
    except ValueError as exc:
        raise GraphUnavailable(f"INNOGRAPH_NEO4J_URI={uri!r} has an invalid port") from exc
    return uri


def agent_backend(agent: str) -> Backend:
    """The backend a Bolt server's agent string names (ArcadeDB says "Neo4j/5.26.0 compatible (ArcadeDB ...)")."""
    return Backend.ARCADEDB if "arcadedb" in agent.lower() else Backend.NEO4J


def _probe_agent(uri: str, auth: tuple[str, str] | None) -> str | None:
    try:
        with neo4j.GraphDatabase.driver(uri, auth=auth, connection_timeout=2.0) as driver:
            return driver.get_server_info().agent
    except (DriverError, Neo4jError, OSError, ValueError):
        return None  # unreachable or refusing: open_driver names the problem


def resolve_target(settings: Settings, *, start_embedded: bool = True) -> GraphTarget:
    """The configured server, or the local one (started when needed and allowed)."""
    choice = choose_backend(settings)
    if not choice.local:
        uri = check_uri(settings.neo4j_uri or "")
        password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else None
        auth = (settings.neo4j_user, password) if password is not None else None
        backend, reason = choice.backend, choice.reason
        agent = _probe_agent(uri, auth)
        if agent is not None and agent_backend(agent) is not backend:
            if settings.backend != "auto":
                raise GraphUnavailable(
                    f"INNOGRAPH_BACKEND={settings.backend}, but the server at {uri} is {agent}: point "
                    "INNOGRAPH_NEO4J_URI at the server you want or set INNOGRAPH_BACKEND to match it"
                )
            backend, reason = agent_backend(agent), f"{reason}; the server says it is {agent}"
        return GraphTarget(uri, auth, settings.database, profile(backend), False, reason)
    server = local_server(settings, choice.backend)
    status = server.ensure_running() if start_embedded else server.status()
    if status is None:
        raise GraphUnavailable(
            f"the {server.label} under {server.root} is not running; start it with `innograph db start`"
        )
    return GraphTarget(status.uri, server.auth, settings.database, profile(choice.backend), True, choice.reason)


class _DriverConfig(TypedDict):  # typed, so that the driver's keywords are checked
    connection_timeout: float
    max_transaction_retry_time: float
    connection_acquisition_timeout: float
    max_connection_pool_size: int
    keep_alive: bool


def _driver_config() -> _DriverConfig:
    return {
        "connection_timeout": 5.0,
        "max_transaction_retry_time": 30.0,
        "connection_acquisition_timeout": 30.0,
        "max_connection_pool_size": 32,
        "keep_alive": True,
    }


def _explain(target: GraphTarget, exc: Exception) -> GraphUnavailable:
    where = f"{target.description} at {target.uri} (database {target.database!r})"
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
