"""Shared fixtures: one embedded ArcadeDB server for the test session, a fresh database per test module.

Nothing here fakes the store: every graph test talks Bolt to a real ArcadeDB through the `neo4j`
driver, exactly as the product does.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from graph.embedded import EmbeddedDatabase
from graph.schema import migrate

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared` beside the repo; tests that need it skip cleanly without it."""
    if not SHARED.is_dir():
        pytest.skip(f"../shared is not present at {SHARED}: real-data tests need it")
    return SHARED


@pytest.fixture(scope="session")
def embedded_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedDatabase]:
    """One embedded ArcadeDB server for the whole test session, stopped at the end."""
    data_dir = Path(os.environ.get("INNOGRAPH_TEST_DATA_DIR") or tmp_path_factory.mktemp("innograph-db"))
    server = EmbeddedDatabase(data_dir, database="innograph", heap="1g")
    server.start()
    yield server
    server.stop()


class GraphFixture:
    """A database of its own on the session's server, with a driver and the schema applied."""

    def __init__(self, server: EmbeddedDatabase, database: str, driver: neo4j.Driver) -> None:
        self.server = server
        self.database = database
        self.driver = driver

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


@pytest.fixture(scope="module")
def graph(embedded_server: EmbeddedDatabase, request: pytest.FixtureRequest) -> Iterator[GraphFixture]:
    """A fresh, migrated database for one test module."""
    name = f"t_{request.module.__name__.rsplit('.', 1)[-1]}_{uuid.uuid4().hex[:6]}"[:60]
    embedded_server.create_database(name)
    status = embedded_server.status()
    assert status is not None
    driver = neo4j.GraphDatabase.driver(status.uri, auth=embedded_server.auth)
    migrate(driver, name)
    try:
        yield GraphFixture(embedded_server, name, driver)
    finally:
        driver.close()
        embedded_server.drop_database(name)
