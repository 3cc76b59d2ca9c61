"""Applies `cypher/schema/*.cypher` idempotently and records the schema version in the graph.

A file whose header has a `// backends: neo4j` line applies only there (Neo4j's full-text indexes:
ArcadeDB has no `CREATE FULLTEXT INDEX` and keeps the API's in-memory search index instead). The
version is the number of files on every backend, so one number says "up to date" everywhere.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from importlib import resources

import neo4j

from cypher.catalog import split_statements, statement
from graph.backend import Backend
from graph.connection import agent_backend

_BACKENDS_LINE = re.compile(r"^//\s*backends:\s*(.+)$", re.M)


@dataclass(frozen=True)
class MigrationReport:
    version: int
    files: list[str]
    statements: int
    seconds: float


def schema_files() -> list[str]:
    """Schema file names (without `.cypher`) in the order they apply; the version is their count."""
    folder = resources.files("cypher").joinpath("schema")
    return sorted(p.name.removesuffix(".cypher") for p in folder.iterdir() if p.name.endswith(".cypher"))


def applies_to(name: str, backend: Backend) -> bool:
    """Whether schema file `name` is for `backend` (files without a `backends:` line are for all)."""
    found = _BACKENDS_LINE.search(statement(f"schema/{name}"))
    return found is None or backend.value in {b.strip() for b in found.group(1).split(",")}


def schema_version() -> int:
    return len(schema_files())


def migrate(driver: neo4j.Driver, database: str) -> MigrationReport:
    """Create every constraint and index (`IF NOT EXISTS`) and record the version; safe to repeat."""
    started = time.perf_counter()
    files = schema_files()
    backend = agent_backend(driver.get_server_info().agent)
    count = 0
    for name in files:
        if not applies_to(name, backend):
            continue
        for text in split_statements(statement(f"schema/{name}")):
            driver.execute_query(text, database_=database)
            count += 1
    version = len(files)
    driver.execute_query(
        statement("writes/record_schema_version"),
        {"version": version, "files": files, "applied_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
        database_=database,
    )
    return MigrationReport(version, files, count, time.perf_counter() - started)


def current_version(driver: neo4j.Driver, database: str) -> int | None:
    """The schema version recorded in the graph, or None before the first migration."""
    records, _, _ = driver.execute_query(
        statement("queries_internal/schema_version"), database_=database, routing_=neo4j.RoutingControl.READ
    )
    return records[0]["version"] if records else None
