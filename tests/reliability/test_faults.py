"""Faults: the database or the loader killed mid-ingest, Bolt connections dropped mid-batch, the database
killed under API traffic, a full or read-only data directory at start.

What must hold: an interrupted load run again ends with exactly the graph of one clean run (counts and
content checksums per label and type, `graph_fingerprint`), nothing is written twice, the API fails
fast with a request id while the database is down and recovers by itself, and a data directory that
cannot be written is one clear message with nothing left half-started.

The fast tests use 600 rows in batches of 30; the `slow` ones (INNOGRAPH_SLOW=1) 20,000 rows.
Every wait polls with a deadline; no sleep stands in for synchronisation.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import neo4j
import pytest

from graph.local_server import LocalServer, LocalServerError
from tests.backends import make_server, release_database
from tests.reliability.faults import (
    Export,
    Fingerprint,
    Outcome,
    api_database_outage,
    clean_fingerprint,
    drop_connections_mid_load,
    fill_disk,
    kill_database_mid_ingest,
    kill_database_under_cli,
    kill_ingest_process,
    load_like_cli,
    make_export,
    new_database,
    remount,
    tmpfs,
)


@pytest.fixture(scope="module")
def fault_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    """A local server (of the test backend) of this module's own, which the tests kill and restart; stopped at the end."""
    server = make_server(tmp_path_factory.mktemp("faults-db"), heap="768m")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def chains():
    from extract.chains import load_chains

    return load_chains()


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Export:
    """The fast tests' export: enough small batches that several commit before any fault."""
    return make_export(tmp_path_factory.mktemp("export"), 600, 30)


@pytest.fixture(scope="module")
def reference(fault_server: LocalServer, export: Export, chains) -> Fingerprint:
    """The fingerprint of one clean load of `export` into a fresh database."""
    return clean_fingerprint(fault_server, export, chains)


def _held(outcome: Outcome) -> None:
    print(outcome.line())
    assert outcome.equal, "the resumed graph differs from a clean run:\n" + "\n".join(outcome.diff or [])
    assert outcome.duplicates == 0
    assert outcome.kept >= outcome.fault_at, "committed batches were lost"


# --- 1. the database killed mid-ingest --------------------------------------------------------------


def test_database_killed_mid_ingest_then_rerun_equals_clean_run(fault_server, export, chains, reference):
    outcome = kill_database_mid_ingest(fault_server, export, chains, reference, at_fraction=0.3,
                                       check_duplicates=False)
    _held(outcome)
    assert 0 < outcome.fault_at < export.rows


# --- 2. the ingest process killed mid-load -----------------------------------------------------------


def test_ingest_process_killed_mid_load_then_rerun_equals_clean_run(fault_server, export, reference, tmp_path):
    outcome = kill_ingest_process(fault_server, export, reference, tmp_path, at_fraction=0.3,
                                  check_duplicates=False)
    assert outcome.notes["rerun_exit"] == 0, outcome.notes.get("rerun_output")
    _held(outcome)
    assert outcome.fault_at < export.rows and outcome.first_run.startswith("killed")


# --- 3. Bolt connections dropped mid-batch -------------------------------------------------------------


def test_dropped_connections_are_retried_and_nothing_is_duplicated(fault_server, export, chains, reference):
    outcome = drop_connections_mid_load(fault_server, export, chains, reference, drops=2)
    _held(outcome)
    assert outcome.first_run == "completed", outcome.first_run
    assert outcome.notes["connections_reset"] >= 2, outcome.notes


# --- 4. the database killed while the API serves ---------------------------------------------------------


async def test_api_fails_fast_while_the_database_is_down_and_recovers(fault_server, tmp_path):
    database = new_database(fault_server, "api")
    status = fault_server.ensure_running()
    small = make_export(tmp_path, 20, 20)
    with neo4j.GraphDatabase.driver(status.uri, auth=fault_server.auth) as driver:
        load_like_cli(driver, database, [small.path], batch_size=small.batch_size, chains=None)
    figures = await api_database_outage(fault_server, database, requests=3)
    print({k: v for k, v in figures.items() if k not in ("graphql_errors", "rest", "before", "after")})
    assert len(figures["before"]["data"]["patents"]["edges"]) == 3
    for index, (_status, body) in enumerate(figures["graphql_errors"]):
        error = body["errors"][0]
        assert error["extensions"]["code"] == "DATABASE_UNAVAILABLE", body
        assert error["extensions"]["requestId"] == f"outage-{index}"
        assert f"request id outage-{index}" in error["message"]
    for index, (code, request_id, body) in enumerate(figures["rest"]):
        assert code == 503, body
        assert request_id == f"outage-rest-{index}" and body["error"]["requestId"] == request_id
        assert body["error"]["code"] == "DATABASE_UNAVAILABLE"
    assert figures["max_failure_s"] < 5.0, figures["max_failure_s"]
    code, body, _ = figures["ready_down"]
    assert code == 503 and body["status"] == "unavailable" and body["reason"]
    assert figures["same_port"], "the restarted server did not take its previous port"
    assert figures["ready_after"] == 200
    assert figures["after"] is not None, "GraphQL did not answer again after the restart"
    assert len(figures["after"]["data"]["patents"]["edges"]) == 3, figures["after"]
    release_database(fault_server, database)


# --- 5. a full or read-only data directory at start ----------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    try:
        with tmpfs(tmp_path / "disk", "16m") as mounted:
            yield mounted
    except OSError as exc:
        pytest.skip(f"needs a tmpfs to simulate a full disk (root or CAP_SYS_ADMIN): {exc}")


def _no_server_left(server: LocalServer) -> None:
    assert server.status() is None
    assert not server.state_file.exists(), "a failed start left a server.json behind"
    leftovers = sorted(p.name for p in server.root.iterdir()) if server.root.is_dir() else []
    assert set(leftovers) <= {".lock"}, leftovers  # no probe, no log, no database files


def test_full_disk_at_start_is_one_clear_message(small_disk):
    data = small_disk / "var"
    server = make_server(data, database="full", heap="256m")
    fill_disk(small_disk)
    with pytest.raises(LocalServerError) as raised:
        server.start()
    message = str(raised.value)
    assert "not writable" in message and "No space left on device" in message and str(data) in message
    _no_server_left(server)
    cli = subprocess.run(
        [sys.executable, "-m", "innograph", "db", "start"], capture_output=True, text=True, timeout=120,
        cwd=small_disk.parent, env={**{k: v for k, v in os.environ.items() if not k.startswith("INNOGRAPH_")},
             "INNOGRAPH_DATA_DIR": str(data), "INNOGRAPH_BACKEND": server.backend.value},
    )
    assert cli.returncode == 1, cli.stdout + cli.stderr
    assert "No space left on device" in cli.stderr and "Traceback" not in cli.stderr, cli.stderr
    _no_server_left(server)


def test_read_only_data_dir_at_start_is_one_clear_message(small_disk):
    data = small_disk / "var"
    server = make_server(data, database="ro", heap="256m")
    server.root.mkdir(parents=True)
    remount(small_disk, "ro")
    try:
        with pytest.raises(LocalServerError) as raised:
            server.start()
        message = str(raised.value)
        assert "not writable" in message and "Read-only file system" in message, message
        _no_server_left(server)
    finally:
        remount(small_disk, "rw")


# --- at scale (INNOGRAPH_SLOW=1) --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big(tmp_path_factory, fault_server, chains):
    export = make_export(tmp_path_factory.mktemp("big"), 20_000, 200)
    return export, clean_fingerprint(fault_server, export, chains)


@pytest.mark.slow
@pytest.mark.parametrize("restart_at_once", [True, False], ids=["restart-at-once", "loader-gives-up-first"])
def test_database_killed_mid_ingest_at_scale(fault_server, big, chains, restart_at_once):
    export, reference = big
    outcome = kill_database_mid_ingest(fault_server, export, chains, reference, at_fraction=0.45,
                                       restart_at_once=restart_at_once, retry_time_s=10.0)
    _held(outcome)
    if not restart_at_once:
        assert outcome.first_run.startswith("failed")


@pytest.mark.slow
def test_ingest_process_killed_at_scale(fault_server, big, tmp_path):
    export, reference = big
    outcome = kill_ingest_process(fault_server, export, reference, tmp_path, at_fraction=0.6)
    assert outcome.notes["rerun_exit"] == 0, outcome.notes.get("rerun_output")
    _held(outcome)


@pytest.mark.slow
def test_dropped_connections_at_scale(fault_server, big, chains):
    export, reference = big
    outcome = drop_connections_mid_load(fault_server, export, chains, reference, drops=6)
    _held(outcome)
    assert outcome.first_run == "completed", outcome.first_run


@pytest.mark.slow
def test_database_killed_under_the_cli_is_one_clear_line_and_rerun_completes(fault_server, big, tmp_path):
    export, reference = big
    outcome = kill_database_under_cli(fault_server, export, reference, tmp_path, at_fraction=0.3)
    assert outcome.notes["first_exit"] == 1, outcome.notes
    assert "lost the connection to the graph database" in outcome.notes["first_error"], outcome.notes
    assert not outcome.notes["traceback"]
    assert outcome.notes["rerun_exit"] == 0, outcome.notes.get("rerun_output")
    _held(outcome)


def test_a_load_interrupted_after_its_last_batch_is_completed_by_the_rerun(fault_server, tmp_path, monkeypatch):
    """The process dies after the last patent batch but before the end of the load (simulated by a
    failing patent-count refresh): the re-run must not skip the file as loaded, and every
    organisation ends with its `patent_count`."""
    from graph.ingest.patents import PatentLoader

    small = make_export(tmp_path, 60, 30)
    database = new_database(fault_server, "lastbatch")
    status = fault_server.ensure_running()
    with neo4j.GraphDatabase.driver(status.uri, auth=fault_server.auth) as driver:
        def crash(self, *args):  # noqa: ANN001, ANN002, ANN202
            raise RuntimeError("simulated crash after the last batch")

        with monkeypatch.context() as patched:
            patched.setattr(PatentLoader, "_refresh_patent_counts", crash)
            with pytest.raises(RuntimeError, match="simulated crash"):
                load_like_cli(driver, database, [small.path], batch_size=small.batch_size, chains=None)
        report = load_like_cli(driver, database, [small.path], batch_size=small.batch_size, chains=None)
        assert not any(f.skipped for f in report.files), "the interrupted file was skipped as loaded"
        records, _, _ = driver.execute_query(
            "MATCH (o:Organization) OPTIONAL MATCH (o)-[:APPLIED_FOR]->(p:Patent) "
            "WITH o, count(p) AS n RETURN count(o) AS orgs, sum(CASE WHEN o.patent_count = n THEN 1 ELSE 0 END) AS ok",
            database_=database,
        )
    assert records[0]["orgs"] > 0 and records[0]["ok"] == records[0]["orgs"]
    release_database(fault_server, database)
