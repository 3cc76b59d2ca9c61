"""The backend the tests run on, and what differs between the two for tests.

`INNOGRAPH_TEST_BACKEND=neo4j|arcadedb` picks it (`.ci/run` runs the suite once with each); unset,
the tests use what `INNOGRAPH_BACKEND=auto` would (the local Neo4j where it is installed).

A fresh database per test module: ArcadeDB creates one and drops it afterwards; Neo4j community has
ONE user database, so a fresh database there is that one wiped (every node and relationship, and any
index or constraint that is not the shipped schema's) and migrated again.
"""

from __future__ import annotations

import os
import re
import uuid
from importlib import resources
from pathlib import Path
from typing import Any

import neo4j
from pydantic import SecretStr

from graph.backend import Backend
from graph.local_server import LocalServer
from graph.schema import migrate
from core.settings import Settings

ENV = "INNOGRAPH_TEST_BACKEND"
DATABASE = "innograph"
_SCHEMA_NAME = re.compile(r"CREATE\s+(?:CONSTRAINT|INDEX|FULLTEXT\s+INDEX|TEXT\s+INDEX|RANGE\s+INDEX)\s+(\w+)", re.I)


def test_backend() -> Backend:
    """INNOGRAPH_TEST_BACKEND, or `auto`'s choice on this machine."""
    wanted = os.environ.get(ENV, "").strip().lower()
    if wanted:
        try:
            return Backend(wanted)
        except ValueError:
            raise SystemExit(f"{ENV}={wanted!r}: use neo4j or arcadedb") from None
    from graph.neo4j_install import Neo4jNotInstalled, installation

    try:
        installation()
    except Neo4jNotInstalled:
        return Backend.ARCADEDB
    return Backend.NEO4J


test_backend.__test__ = False  # type: ignore[attr-defined] # not a test, whatever its name


def make_server(data_dir: Path, *, heap: str = "1g", database: str = DATABASE,
                backend: Backend | None = None) -> LocalServer:
    """A local server of the test backend (not started), with a small heap and page cache."""
    backend = backend or test_backend()
    if backend is Backend.NEO4J:
        from graph.neo4j_local import LocalNeo4j

        return LocalNeo4j(data_dir, database=database, heap=heap, page_cache="128m")
    from graph.embedded import EmbeddedDatabase

    return EmbeddedDatabase(data_dir, database=database, heap=heap)


def single_database(server: LocalServer) -> bool:
    return server.backend is Backend.NEO4J


def schema_names() -> set[str]:
    """The names of the indexes and constraints `cypher/schema/*.cypher` create."""
    folder = resources.files("cypher").joinpath("schema")
    names: set[str] = set()
    for path in folder.iterdir():
        if path.name.endswith(".cypher"):
            names.update(_SCHEMA_NAME.findall(path.read_text(encoding="utf-8")))
    return names


def wipe(driver: neo4j.Driver, database: str) -> None:
    """Every node and relationship deleted, and every index and constraint a test made itself dropped."""
    with driver.session(database=database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    keep = schema_names()
    constraints, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name", database_=database)
    for row in constraints:
        if row["name"] not in keep:
            driver.execute_query(f"DROP CONSTRAINT `{row['name']}` IF EXISTS", database_=database)
    indexes, _, _ = driver.execute_query(
        "SHOW INDEXES YIELD name, type, owningConstraint", database_=database
    )
    for row in indexes:
        if row["type"] != "LOOKUP" and row["owningConstraint"] is None and row["name"] not in keep:
            driver.execute_query(f"DROP INDEX `{row['name']}` IF EXISTS", database_=database)


def fresh_database(server: LocalServer, prefix: str) -> str:
    """An empty, migrated database on the running `server`; its name."""
    status = server.ensure_running()
    if single_database(server):
        name = server.database
        with neo4j.GraphDatabase.driver(status.uri, auth=server.auth) as driver:
            wipe(driver, name)
            migrate(driver, name)
        return name
    name = f"{prefix}_{uuid.uuid4().hex[:6]}"[:60]
    server.create_database(name)  # type: ignore[attr-defined]
    with neo4j.GraphDatabase.driver(status.uri, auth=server.auth) as driver:
        migrate(driver, name)
    return name


def release_database(server: LocalServer, name: str) -> None:
    """Done with `name`: dropped on ArcadeDB; on Neo4j the next `fresh_database` wipes it."""
    if not single_database(server):
        server.drop_database(name)  # type: ignore[attr-defined]


def server_settings(server: LocalServer, database: str, **overrides: Any) -> Settings:
    """Settings that reach `database` on the running `server` as an external Bolt server would."""
    status = server.ensure_running()
    user, password = server.auth
    values: dict[str, Any] = dict(
        backend=server.backend.value, neo4j_uri=status.uri, neo4j_user=user,
        neo4j_password=SecretStr(password), neo4j_database=database,
        # the server's own folder: ArcadeDB's guards (reader password, terminator) are found there
        data_dir=server.data_dir,
    )
    values.update(overrides)
    return Settings(_env_file=None, **values)


def server_env(server: LocalServer, database: str) -> dict[str, str]:
    """The INNOGRAPH_* variables of an `innograph` subprocess pointed at `database` on `server`."""
    status = server.ensure_running()
    user, password = server.auth
    return {
        "INNOGRAPH_BACKEND": server.backend.value,
        "INNOGRAPH_NEO4J_URI": status.uri,
        "INNOGRAPH_NEO4J_USER": user,
        "INNOGRAPH_NEO4J_PASSWORD": password,
        "INNOGRAPH_NEO4J_DATABASE": database,
        "INNOGRAPH_DATA_DIR": str(server.data_dir),
    }


def running_statements(graph: Any, needle: str) -> list[dict[str, object]]:
    """Transactions the Neo4j server still runs whose query contains `needle` (ours excluded)."""
    records, _, _ = graph.driver.execute_query(
        "SHOW TRANSACTIONS YIELD transactionId, currentQuery, status "
        "WHERE currentQuery CONTAINS $needle AND NOT currentQuery STARTS WITH 'SHOW TRANSACTIONS' "
        "RETURN transactionId, currentQuery, status",
        {"needle": needle}, database_=graph.database,
    )
    return [dict(r) for r in records]
