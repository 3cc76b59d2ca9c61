"""`innograph ingest patents --bulk`: a real file bulk-loaded through neo4j-admin's import tool gives
the same graph (`graph_fingerprint`) as a transactional load of it into another fresh database; and
every case where a bulk load must not run is refused with one line and a non-zero exit.

The import tool belongs to Neo4j: these tests run on the Neo4j backend only.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from extract.chains import load_chains
from graph.backend import Backend
from graph.bulk.load import BulkRefused, BulkReport, bulk_load, bulk_target
from graph.local_server import LocalServer
from graph.neo4j_local import LocalNeo4j
from core.settings import Settings
from tests.backends import fresh_database, release_database, test_backend
from tests.reliability.faults import fingerprint, fingerprint_diff, load_like_cli

pytestmark = pytest.mark.skipif(
    test_backend() is not Backend.NEO4J,
    reason="the bulk load uses Neo4j's own import tool (neo4j-admin); ArcadeDB has none (refused, see below)",
)
BATCH = 500  # several batches for a file of 1,070 patents: merging across batches is what is tested


def bulk_settings(data_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = dict(backend="neo4j", data_dir=data_dir, embedded_heap="1g",
                                     embedded_page_cache="128m", batch_size=BATCH)
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def mentions(shared_dir: Path) -> Path:
    return shared_dir / "data" / "patentsview-jiangsu" / "mentions.jsonl"


@pytest.fixture(scope="module")
def bulk_loaded(tmp_path_factory: pytest.TempPathFactory, mentions: Path) -> Iterator[tuple[LocalNeo4j, BulkReport]]:
    """A fresh local Neo4j of its own, bulk-loaded with the real PatentsView sample (and the chains)."""
    data_dir = tmp_path_factory.mktemp("bulk")
    settings = bulk_settings(data_dir)
    report = bulk_load(settings, [mentions], chains=load_chains(), rejects_path=data_dir / "rejects.jsonl")
    server = bulk_target(settings)
    yield server, report
    server.stop()


def test_bulk_load_equals_a_transactional_load(bulk_loaded: tuple[LocalNeo4j, BulkReport], mentions: Path,
                                                embedded_server: LocalServer) -> None:
    server, report = bulk_loaded
    status = server.status()
    assert status is not None, "the local Neo4j runs again after the import"
    with neo4j.GraphDatabase.driver(status.uri, auth=server.auth) as driver:
        bulk = fingerprint(driver, server.database)
    assert report.imported is not None and report.imported.nodes == report.files.node_count  # type: ignore[union-attr]
    assert {"read", "csv", "stop", "import", "restart", "schema", "empty_lists", "counts"} <= set(report.phases)

    database = fresh_database(embedded_server, "bulk_reference")
    status = embedded_server.ensure_running()
    with neo4j.GraphDatabase.driver(status.uri, auth=embedded_server.auth) as driver:
        load_like_cli(driver, database, [mentions], batch_size=BATCH, chains=load_chains(), skip_loaded=False)
        transactional = fingerprint(driver, database)
    release_database(embedded_server, database)

    assert fingerprint_diff(transactional, bulk) == []
    # what the equality covers: the patents, their chain segments, and the post-import steps
    assert bulk[("node", "Patent")][0] >= 1070 and ("relationship", "IN_SEGMENT") in bulk


def test_schema_is_applied_after_the_import(bulk_loaded: tuple[LocalNeo4j, BulkReport]) -> None:
    from graph.schema import current_version, schema_version

    server, _ = bulk_loaded
    status = server.ensure_running()
    with neo4j.GraphDatabase.driver(status.uri, auth=server.auth) as driver:
        assert current_version(driver, server.database) == schema_version()
        records, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name", database_=server.database)
    assert "patent_id" in {r["name"] for r in records}


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("INNOGRAPH_")}
    return subprocess.run([sys.executable, "-m", "innograph", "ingest", "patents", "--bulk", *args],
                          env={**clean, **env}, capture_output=True, text=True, timeout=300)


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error:")
    return lines[0]


def test_a_non_empty_database_is_refused(bulk_loaded: tuple[LocalNeo4j, BulkReport], mentions: Path) -> None:
    server, _ = bulk_loaded
    with pytest.raises(BulkRefused, match="only an empty database"):
        bulk_load(bulk_settings(server.data_dir), [mentions])
    line = one_error_line(cli({"INNOGRAPH_DATA_DIR": str(server.data_dir), "INNOGRAPH_BACKEND": "neo4j"},
                                str(mentions)))
    assert "holds" in line and "nodes" in line
    assert server.status() is not None, "the refusal left the server running"
