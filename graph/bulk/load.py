"""`innograph ingest patents --bulk`: an initial load of an EMPTY local Neo4j through Neo4j's import tool.

The same `PatentLoader` reads, resolves, disambiguates and classifies; its batches (after the chains'
batch, as the CLI writes it first) go into a `MergedGraph` instead of the database; the merged graph
is written as CSV (`graph.bulk.csv_files`); the server is stopped, `neo4j-admin database import full`
replaces the (empty) database, the server is started again (the same start and stop as `innograph
db start|stop`), and then what the transactional load does in the database is done there:
the schema (`graph.schema.migrate`, the same migrations), empty lists restored, and the patent
counts of organisations and inventors (the same `cypher/ingest/*_patent_counts.cypher` as the
loader). The final graph equals a transactional load of the same files (tests/bulk).

Refused, with one line and nothing changed: ArcadeDB, an external server (INNOGRAPH_NEO4J_URI: its
files are not ours to replace), and a database that holds anything but its schema version.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j

from cypher.catalog import statement, with_identifiers
from extract.chains import Chain
from graph.backend import Backend
from graph.batch import GraphBatch
from graph.bulk.admin import ImportResult, run_import
from graph.bulk.csv_files import ImportFiles, write_import_files
from graph.bulk.tables import MergedGraph
from graph.connection import choose_backend, local_server
from graph.ingest.patent_report import PatentLoadReport
from graph.ingest.patents import PatentLoader
from graph.ingest.pipeline import ingest_patent_files
from core.model import NODE_LABELS
from graph.neo4j_local import LocalNeo4j
from graph.schema import migrate
from graph.writer import GraphWriter, WriteSummary
from core.settings import Settings


class BulkRefused(RuntimeError):
    """A bulk load cannot run here; the message is the one line to show."""


@dataclass
class BulkReport:
    """What the bulk load did, phase by phase (seconds)."""

    load: PatentLoadReport
    files: ImportFiles | None = None
    imported: ImportResult | None = None
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return sum(self.phases.values())


class MergeSink:
    """Takes the place of `GraphWriter` for the loader: batches are merged, not sent."""

    def __init__(self, graph: MergedGraph) -> None:
        self.graph = graph

    def write_batch(self, batch: GraphBatch, **_: Any) -> WriteSummary:
        self.graph.add(batch)
        return WriteSummary(rows=batch.rows, batches=1)

    def write_all(self, batches: Iterable[GraphBatch], *, on_batch: Callable[[WriteSummary], None] | None = None,
                  **_: Any) -> WriteSummary:
        total = WriteSummary()
        started = time.perf_counter()
        for batch in batches:
            result = self.write_batch(batch)
            total.add(result)
            if on_batch is not None:
                on_batch(result)
        total.seconds = time.perf_counter() - started
        return total


class _BulkPatentLoader(PatentLoader):
    """The loader, with the patent counts (a database statement) kept for after the import."""

    def _refresh_patent_counts(self, inventor_ids: list[str]) -> None:
        self.inventor_ids = inventor_ids

    def refresh_counts(self, driver: neo4j.Driver, database: str) -> None:
        self.writer = GraphWriter(driver, database)
        PatentLoader._refresh_patent_counts(self, getattr(self, "inventor_ids", []))


def bulk_target(settings: Settings) -> LocalNeo4j:
    """The local Neo4j a bulk load may replace, or BulkRefused saying why not."""
    if settings.neo4j_uri is not None:
        raise BulkRefused(
            f"--bulk loads only the local Neo4j that InnoGraph runs, not the server at INNOGRAPH_NEO4J_URI "
            f"({settings.neo4j_uri}): its import tool needs the database's files; load without --bulk")
    choice = choose_backend(settings)
    if choice.backend is not Backend.NEO4J:
        raise BulkRefused(
            f"--bulk needs the local Neo4j, but the backend is ArcadeDB ({choice.reason}); load without --bulk, "
            "or set INNOGRAPH_BACKEND=neo4j with an empty INNOGRAPH_DATA_DIR")
    server = local_server(settings, Backend.NEO4J)
    assert isinstance(server, LocalNeo4j)
    return server


def graph_size(server: LocalNeo4j) -> int:
    """Nodes in the local database other than its schema version (0 when it has no store yet)."""
    if not (server.root / "data" / "databases" / server.database).is_dir():
        return 0
    status = server.ensure_running()
    with neo4j.GraphDatabase.driver(status.uri, auth=server.auth) as driver:
        records, _, _ = driver.execute_query(statement("bulk/graph_size"), database_=server.database,
                                             routing_=neo4j.RoutingControl.READ)
    return int(records[0]["nodes"])


def refuse_unless_empty(server: LocalNeo4j) -> None:
    nodes = graph_size(server)
    if nodes:
        raise BulkRefused(
            f"--bulk loads only an empty database, and the local Neo4j's {server.database!r} under {server.root} "
            f"holds {nodes:,} nodes; load without --bulk, or set INNOGRAPH_DATA_DIR to an empty directory")


def checked_target(settings: Settings) -> LocalNeo4j:
    """The local Neo4j, checked for everything a bulk load needs before anything is read."""
    server = bulk_target(settings)
    server.installation()  # Java and the jars
    refuse_unless_empty(server)
    return server


def finish_in_database(driver: neo4j.Driver, database: str, files: ImportFiles, loader: _BulkPatentLoader,
                       phases: dict[str, float], phase: Callable[[str], None] = lambda name: None) -> None:
    """What the transactional load does in the database, done after the import; each step is its own
    phase (schema, empty_lists, counts) so a slow one is seen (bench/bulk.py)."""
    phase("schema")
    started = time.perf_counter()
    migrate(driver, database)
    driver.execute_query(statement("bulk/await_indexes"), {"seconds": 3600}, database_=database)
    phases["schema"] = time.perf_counter() - started
    phase("restoring empty lists")
    started = time.perf_counter()
    template = statement("bulk/restore_empty_lists")
    with driver.session(database=database) as session:
        for label in files.labels_with_empty_lists:
            session.run(with_identifiers(template, NODE_LABELS, label=label)).consume()
    phases["empty_lists"] = time.perf_counter() - started
    phase("patent counts")
    started = time.perf_counter()
    loader.refresh_counts(driver, database)
    phases["counts"] = time.perf_counter() - started


def bulk_load(
    settings: Settings,
    paths: list[Path],
    *,
    fmt: str | None = None,
    chains: Mapping[str, Chain] | None = None,
    rejects_path: Path | None = None,
    on_records: Callable[[str, int], None] | None = None,
    on_phase: Callable[[str], None] | None = None,
    work_dir: Path | None = None,
    server: LocalNeo4j | None = None,
) -> BulkReport:
    """Load `paths` into the empty local Neo4j with the import tool; the server runs again afterwards.
    `server`: the result of `checked_target(settings)` when the caller checked already."""
    phase = on_phase or (lambda name: None)
    server = server or checked_target(settings)
    graph = MergedGraph()
    phase("reading, resolving and classifying")
    started = time.perf_counter()
    ingest = ingest_patent_files(
        MergeSink(graph), paths, fmt, classify=bool(chains), chains=chains,  # type: ignore[arg-type]  # see MergeSink
        loader_class=_BulkPatentLoader, batch_size=settings.batch_size, rejects_path=rejects_path,
        on_records=on_records, skip_loaded=False,
    )
    loader = ingest.loader
    assert isinstance(loader, _BulkPatentLoader)
    report = BulkReport(ingest.patents)
    report.phases["read"] = time.perf_counter() - started
    first_load = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + "-" + secrets.token_hex(3) + ".bulk"
    scratch = Path(work_dir or server.root.parent)
    scratch.mkdir(parents=True, exist_ok=True)  # a first load into a data directory not made yet
    folder = Path(tempfile.mkdtemp(prefix="bulk-", dir=scratch))
    done = False
    try:
        phase("writing CSV")
        started = time.perf_counter()
        report.files = files = write_import_files(graph, folder / "csv", first_load)
        del graph
        report.phases["csv"] = time.perf_counter() - started
        report.load.write.nodes_created = files.node_count
        report.load.write.relationships_created = files.relationship_count
        phase("stopping the local Neo4j")
        started = time.perf_counter()
        server.stop()
        report.phases["stop"] = time.perf_counter() - started
        phase("importing")
        started = time.perf_counter()
        report.imported = run_import(server.installation(), files, server.root, server.database,
                                     heap=settings.embedded_heap)
        report.phases["import"] = time.perf_counter() - started
        phase("starting the local Neo4j")
        started = time.perf_counter()
        status = server.ensure_running()
        report.phases["restart"] = time.perf_counter() - started
        with neo4j.GraphDatabase.driver(status.uri, auth=server.auth) as driver:
            finish_in_database(driver, server.database, files, loader, report.phases, phase)
        done = True
    finally:
        if done:  # after a failure the files and the tool's log stay, for the message to point at
            shutil.rmtree(folder, ignore_errors=True)
    return report
