"""The local database's life cycle (on the test backend): start, reuse, stop, restart and kill -9 with
data intact, loopback only, a private password."""

from __future__ import annotations

import os
import signal
import stat

import neo4j
import psutil
import pytest

from graph.local_server import LocalServer, LocalServerError
from tests.backends import make_server


def _count(server: LocalServer) -> int:
    status = server.status()
    assert status is not None
    with neo4j.GraphDatabase.driver(status.uri, auth=server.auth) as driver:
        records, _, _ = driver.execute_query("MATCH (n:Region) RETURN count(n) AS c", database_=server.database)
    return records[0]["c"]


def _write(server: LocalServer, n: int) -> None:
    status = server.status()
    assert status is not None
    with neo4j.GraphDatabase.driver(status.uri, auth=server.auth) as driver:
        driver.execute_query(
            "UNWIND range(1, $n) AS i MERGE (r:Region {id: 'reg:' + toString(i)})", {"n": n}, database_=server.database
        )


@pytest.fixture(scope="module")
def own_server(tmp_path_factory):
    server = make_server(tmp_path_factory.mktemp("lifecycle"), database="life", heap="512m")
    yield server
    server.stop()


def test_start_is_loopback_only_and_reused(own_server):
    first = own_server.start()
    again = own_server.ensure_running()
    assert again.pid == first.pid and again.bolt_port == first.bolt_port
    listening = {
        c.laddr.ip for c in psutil.Process(first.pid).net_connections(kind="tcp") if c.status == psutil.CONN_LISTEN
    }
    assert listening and all(ip in {"127.0.0.1", "::ffff:127.0.0.1"} for ip in listening), listening


def test_password_file_is_private_and_stable(own_server):
    mode = stat.S_IMODE(os.stat(own_server.password_file).st_mode)
    assert mode == 0o600
    assert own_server.password() == own_server.password()
    assert own_server.password() not in " ".join(psutil.Process(own_server.status().pid).cmdline())


def test_a_wrong_password_is_refused(own_server):
    status = own_server.ensure_running()
    with neo4j.GraphDatabase.driver(status.uri, auth=(own_server.user, "not-the-password")) as driver:
        with pytest.raises(neo4j.exceptions.AuthError):
            driver.verify_connectivity()


def test_stop_and_start_keep_committed_data(own_server):
    own_server.ensure_running()
    _write(own_server, 50)
    assert own_server.stop() is True
    assert own_server.status() is None
    own_server.start()
    assert _count(own_server) == 50


def test_kill_minus_nine_keeps_committed_data(own_server):
    state = own_server.ensure_running()
    _write(own_server, 120)
    os.kill(state.pid, signal.SIGKILL)
    psutil.Process(state.pid).wait(10) if psutil.pid_exists(state.pid) else None
    assert own_server.status() is None
    restarted = own_server.ensure_running()
    assert restarted.pid != state.pid
    assert restarted.bolt_port == state.bolt_port  # the same port again, friendlier to tools
    assert _count(own_server) == 120


def test_unwritable_data_dir_gives_a_clear_error(tmp_path):
    if os.geteuid() == 0:
        # root ignores permission bits; a file where the directory should be fails the same way
        (tmp_path / "blocked").write_text("not a directory")
        server = make_server(tmp_path / "blocked", database="x")
    else:
        locked = tmp_path / "ro"
        locked.mkdir(mode=0o500)
        server = make_server(locked, database="x")
    with pytest.raises((LocalServerError, OSError)) as exc:
        server.start()
    assert "blocked" in str(exc.value) or "ro" in str(exc.value)


@pytest.mark.backend("arcadedb")
def test_database_names_are_checked(own_server):
    own_server.ensure_running()
    with pytest.raises(LocalServerError, match="invalid database name"):
        own_server.create_database("x; drop database life")
