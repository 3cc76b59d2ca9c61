"""Shared fixtures: one local database server for the test session (Neo4j or ArcadeDB, see
`tests/backends.py`), a fresh database per test module.

Nothing here fakes the store: every graph test talks Bolt to a real database through the `neo4j`
driver, exactly as the product does. A deprecation notification from Neo4j fails the test (or the
fixture) whose statement caused it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graph.backend import Backend, BackendProfile, profile
from graph.local_server import LocalServer
from core.settings import Settings
from tests.backends import fresh_database, make_server, release_database, server_env, server_settings, test_backend

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()


# --- deprecations from the database fail the test ------------------------------------------------


class _Deprecations(logging.Handler):
    """Collects the deprecation notifications every driver of this process logs (`neo4j.notifications`)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        printer = record.args[0] if isinstance(record.args, tuple) and record.args else None
        notification = getattr(printer, "notification", None)
        if notification is not None and notification.classification is neo4j.NotificationClassification.DEPRECATION:
            self.seen.append(str(printer))


_DEPRECATIONS = _Deprecations()


def pytest_configure(config: pytest.Config) -> None:
    notifications = logging.getLogger("neo4j.notifications")
    notifications.setLevel(logging.DEBUG)  # the CLI quiets "neo4j"; this child keeps reporting to us
    notifications.addHandler(_DEPRECATIONS)
    config.addinivalue_line("markers", "backend(name): runs only on that backend (neo4j or arcadedb)")
    config.addinivalue_line("markers", "user_cypher: runs Cypher written as a user would (a corpus), whose "
                                       "deprecated syntax Neo4j may report without failing the test")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if _DEPRECATIONS.seen:
        seen, _DEPRECATIONS.seen = _DEPRECATIONS.seen, []
        if report.passed and item.get_closest_marker("user_cypher") is None:
            report.outcome = "failed"
            report.longrepr = "Neo4j reported deprecated Cypher (fix the statement):\n" + "\n".join(seen)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    backend = test_backend().value
    for item in items:
        marker = item.get_closest_marker("backend")
        if marker is not None and backend not in marker.args:
            item.add_marker(pytest.mark.skip(reason=f"a test of the {'/'.join(marker.args)} backend; "
                                                    f"this run is on {backend}"))


def pytest_report_header(config: pytest.Config) -> str:
    return f"backend: {test_backend().value} (INNOGRAPH_TEST_BACKEND={os.environ.get('INNOGRAPH_TEST_BACKEND', '')})"


# --- the session's server ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared` beside the repo; tests that need it skip cleanly without it."""
    if not SHARED.is_dir():
        pytest.skip(f"../shared is not present at {SHARED}: real-data tests need it")
    return SHARED


@pytest.fixture(scope="session")
def backend() -> Backend:
    """The backend of this test run."""
    return test_backend()


@pytest.fixture(scope="session")
def embedded_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    """One local server of the test backend for the whole session, stopped at the end."""
    data_dir = Path(os.environ.get("INNOGRAPH_TEST_DATA_DIR") or tmp_path_factory.mktemp("innograph-db"))
    server = make_server(data_dir, heap="1g")
    server.start()
    yield server
    server.stop()


class GraphFixture:
    """A database of its own for one module on the session's server, with a driver and the schema applied.

    On ArcadeDB it is a database created for the module; on Neo4j (one user database) it is that
    database, wiped and migrated when the module starts.
    """

    def __init__(self, server: LocalServer, database: str, driver: neo4j.Driver) -> None:
        self.server = server
        self.database = database
        self.driver = driver

    @property
    def backend(self) -> Backend:
        return self.server.backend

    @property
    def profile(self) -> BackendProfile:
        return profile(self.server.backend)

    def query(self, cypher: str, **params: object) -> list[dict[str, object]]:
        records, _, _ = self.driver.execute_query(cypher, params, database_=self.database)
        return [dict(r) for r in records]

    def scalar(self, cypher: str, **params: object) -> object:
        rows = self.query(cypher, **params)
        return next(iter(rows[0].values())) if rows else None

    def counts(self) -> tuple[int, int]:
        return (
            int(self.scalar("MATCH (n) RETURN count(n) AS c")),
            int(self.scalar("MATCH ()-[r]->() RETURN count(r) AS c")),
        )

    def settings(self, **overrides: Any) -> Settings:
        """Settings for the product code (API, CLI in-process) pointed at this database."""
        return server_settings(self.server, self.database, **overrides)

    def env(self) -> dict[str, str]:
        """INNOGRAPH_* variables of an `innograph` subprocess pointed at this database."""
        return server_env(self.server, self.database)


@pytest.fixture(scope="module")
def graph(embedded_server: LocalServer, request: pytest.FixtureRequest) -> Iterator[GraphFixture]:
    """A fresh, migrated database for one test module."""
    name = fresh_database(embedded_server, f"t_{request.module.__name__.rsplit('.', 1)[-1]}")
    status = embedded_server.ensure_running()
    driver = neo4j.GraphDatabase.driver(status.uri, auth=embedded_server.auth)
    try:
        yield GraphFixture(embedded_server, name, driver)
    finally:
        driver.close()
        release_database(embedded_server, name)
