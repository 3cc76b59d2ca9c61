"""Fault-injection helpers shared by `tests/reliability/` and `bench/faults.py`.

* `BoltProxy`: a threaded TCP proxy on 127.0.0.1 between the driver and the embedded server that
  forwards bytes and, on command, drops every connection (RST) once: at once, after K more bytes from
  the clients, or right after the server has answered a Bolt COMMIT (the commit is done, its
  acknowledgement is lost: the driver's `IncompleteCommit`).
* `fingerprint`: the `graph_fingerprint` saved query as `{(kind, name): (count, properties, checksum)}`.
* `load_like_cli`: what `innograph ingest patents` does (chains, then the two-pass patent load).
* `wait_until`, `kill_hard`: polling with a deadline, `kill -9` and reaping.

Every loop here is bounded in count and time; the proxy binds and connects on 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import socket
import struct
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import neo4j
import psutil

from graph.local_server import LocalServer
from tests.backends import fresh_database, release_database, server_env

LOOPBACK = "127.0.0.1"
T = TypeVar("T")

# Bolt COMMIT: a chunk of 2 bytes holding a struct of 0 fields with signature 0x12, then the end marker
_BOLT_COMMIT = b"\x00\x02\xb0\x12\x00\x00"


def wait_until(predicate: Callable[[], T], timeout_s: float, *, interval_s: float = 0.1, what: str = "condition") -> T:
    """Poll `predicate` until it returns something truthy (returned) or `timeout_s` passes (AssertionError)."""
    deadline = time.monotonic() + timeout_s
    last_error: BaseException | None = None
    for _ in range(int(timeout_s / max(interval_s, 0.01)) + 2):
        try:
            value = predicate()
        except Exception as exc:  # noqa: BLE001 - a failing probe just means "not yet"
            last_error = exc
            value = None
        if value:
            return value
        if time.monotonic() >= deadline:
            break
        time.sleep(interval_s)
    detail = f" (last error: {last_error})" if last_error else ""
    raise AssertionError(f"{what} not reached within {timeout_s:g}s{detail}")


def kill_hard(pid: int, timeout_s: float = 15.0) -> None:
    """`kill -9 pid` and wait until it is gone (reaped if it is our child)."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(psutil.Error, ChildProcessError):
        psutil.Process(pid).wait(timeout_s)


# --- the proxy ------------------------------------------------------------------------------------


@dataclass
class _Pair:
    client: socket.socket
    upstream: socket.socket


class BoltProxy:
    """Forwards 127.0.0.1:`port` to 127.0.0.1:`upstream_port`; can drop every connection once."""

    def __init__(self, upstream_port: int, *, max_connections: int = 256, idle_s: float = 0.2) -> None:
        self.upstream_port = upstream_port
        self.max_connections = max_connections
        self.idle_s = idle_s
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind((LOOPBACK, 0))
        self._listener.listen(64)
        self._listener.settimeout(idle_s)
        self.port = int(self._listener.getsockname()[1])
        self._lock = threading.Lock()
        self._pairs: list[_Pair] = []
        self._threads: list[threading.Thread] = []
        self._stop = threading.Event()
        self.accepted = 0
        self.bytes_up = 0  # client -> server
        self.bytes_down = 0  # server -> client
        self.drops = 0  # connections dropped by command
        self.dropped_at: float | None = None
        self._armed_bytes: int | None = None  # drop when bytes_up passes this
        self._armed_commit = False  # drop when the server answers a COMMIT
        self._commit_pending: set[int] = set()  # ids of pairs whose client just sent COMMIT
        self.dropped = threading.Event()

    @property
    def uri(self) -> str:
        return f"bolt://{LOOPBACK}:{self.port}"

    # -- control -------------------------------------------------------------------------------
    def start(self) -> BoltProxy:
        thread = threading.Thread(target=self._accept_loop, name="bolt-proxy-accept", daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def drop_all(self) -> int:
        """Reset every open connection now (RST: SO_LINGER 0); how many were open."""
        with self._lock:
            pairs, self._pairs = self._pairs, []
            self._armed_bytes = None
            self._armed_commit = False
            self._commit_pending.clear()
            self.drops += len(pairs)
            self.dropped_at = time.monotonic()
        for pair in pairs:
            for sock in (pair.client, pair.upstream):
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                with contextlib.suppress(OSError):
                    sock.close()
        self.dropped.set()
        return len(pairs)

    def drop_after_bytes(self, count: int) -> None:
        """Drop every connection once the clients have sent `count` more bytes."""
        with self._lock:
            self._armed_bytes = self.bytes_up + count

    def drop_after_commit(self) -> None:
        """Drop every connection as soon as the server answers the next Bolt COMMIT (answer not forwarded)."""
        with self._lock:
            self._armed_commit = True

    def close(self) -> None:
        self._stop.set()
        self.drop_all()
        with contextlib.suppress(OSError):
            self._listener.close()
        for thread in list(self._threads):
            thread.join(timeout=5)

    def __enter__(self) -> BoltProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- forwarding -------------------------------------------------------------------------------
    def _accept_loop(self) -> None:
        while not self._stop.is_set() and self.accepted < self.max_connections:
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection((LOOPBACK, self.upstream_port), timeout=5)
            except OSError:
                # the server is down: refuse the client the way the server would
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                client.close()
                continue
            upstream.settimeout(None)
            client.settimeout(None)
            pair = _Pair(client, upstream)
            with self._lock:
                self._pairs.append(pair)
                self.accepted += 1
            thread = threading.Thread(target=self._pump, args=(pair,), name="bolt-proxy-pump", daemon=True)
            thread.start()
            self._threads.append(thread)

    def _pump(self, pair: _Pair) -> None:
        sockets = [pair.client, pair.upstream]
        tail = b""  # last bytes from the client, to see a COMMIT split over two reads
        while not self._stop.is_set():
            try:
                readable, _, _ = select.select(sockets, [], [], self.idle_s)
            except (OSError, ValueError):
                break  # a socket was closed by drop_all
            if not readable:
                with self._lock:
                    if pair not in self._pairs:
                        break
                continue
            done = False
            for sock in readable:
                try:
                    data = sock.recv(65536)
                except OSError:
                    done = True
                    break
                if not data:
                    done = True
                    break
                upward = sock is pair.client
                drop = False
                with self._lock:
                    if upward:
                        self.bytes_up += len(data)
                        seen = tail + data
                        tail = seen[-(len(_BOLT_COMMIT) - 1):]
                        if self._armed_commit and _BOLT_COMMIT in seen:
                            self._commit_pending.add(id(pair))
                        if self._armed_bytes is not None and self.bytes_up >= self._armed_bytes:
                            drop = True
                    else:
                        self.bytes_down += len(data)
                        if self._armed_commit and id(pair) in self._commit_pending:
                            drop = True  # the server answered the COMMIT: lose the answer
                if drop:
                    self.drop_all()
                    return
                try:
                    (pair.upstream if upward else pair.client).sendall(data)
                except OSError:
                    done = True
                    break
            if done:
                break
        with self._lock:
            if pair in self._pairs:
                self._pairs.remove(pair)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.close()


# --- graph helpers -----------------------------------------------------------------------------------

Fingerprint = dict[tuple[str, str], tuple[int, int, int]]
_IGNORED = {("node", "SchemaVersion")}  # stamped with the time of the migration


def fingerprint(driver: neo4j.Driver, database: str, *, timeout_s: float = 600.0) -> Fingerprint:
    """Counts, property counts and content checksums per label and type (the saved `graph_fingerprint`)."""
    from cypher.runner import SavedQueryRunner
    from cypher.saved import SavedQueryCatalog

    runner = SavedQueryRunner(SavedQueryCatalog.load(), timeout_s=timeout_s, row_cap=10_000)
    rows = runner.run(driver, database, "graph_fingerprint", {}).rows
    return {
        (r["kind"], r["name"]): (int(r["count"]), int(r["properties"]), int(r["checksum"]))
        for r in rows
        if (r["kind"], r["name"]) not in _IGNORED
    }


def fingerprint_diff(expected: Fingerprint, actual: Fingerprint) -> list[str]:
    """Human-readable differences (empty when equal)."""
    lines = []
    for key in sorted(set(expected) | set(actual)):
        if expected.get(key) != actual.get(key):
            lines.append(f"{key[0]} {key[1]}: expected {expected.get(key)}, got {actual.get(key)}")
    return lines


def count(driver: neo4j.Driver, database: str, label: str = "Patent") -> int:
    records, _, _ = driver.execute_query(f"MATCH (n:{label}) RETURN count(n) AS c", database_=database)
    return int(records[0]["c"])


def duplicate_relationships(driver: neo4j.Driver, database: str) -> int:
    """How many relationships repeat another one (same type, same endpoints): 0 after any load.

    Counted here, type by type, from streamed endpoint ids: grouping all relationships in one query
    exceeds ArcadeDB's query heap budget at 20,000 patents."""
    from collections import Counter

    from core.model import RELATIONSHIP_TYPES

    duplicates = 0
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        for rel_type in sorted(RELATIONSHIP_TYPES):
            seen: Counter[tuple[str, str]] = Counter()
            result = session.run(f"MATCH (a)-[:{rel_type}]->(b) RETURN elementId(a) AS a, elementId(b) AS b")
            for record in result:
                seen[(record["a"], record["b"])] += 1
            duplicates += sum(n - 1 for n in seen.values() if n > 1)
    return duplicates


def load_like_cli(
    driver: neo4j.Driver,
    database: str,
    paths: list[Path],
    *,
    batch_size: int,
    chains: Mapping[str, Any] | None,
    skip_loaded: bool = True,
    on_batch: Callable[[int], None] | None = None,
) -> Any:
    """What `innograph ingest patents` does: the chains (one batch), then the patent load."""
    from graph.ingest.chains import load_chains_into_graph
    from graph.ingest.patents import PatentLoader
    from graph.writer import GraphWriter

    if chains:
        load_chains_into_graph(GraphWriter(driver, database), chains)
    loader = PatentLoader(
        GraphWriter(driver, database),
        batch_size=batch_size,
        chains=chains,
        skip_loaded=skip_loaded,
        on_records=(lambda phase, n: on_batch(n) if phase == "write" else None) if on_batch else None,
    )
    return loader.load(paths)


def fast_driver(uri: str, auth: tuple[str, str], **config: Any) -> neo4j.Driver:
    """A driver for probes that must not hang on a dead server (short timeouts, no long retries)."""
    options: dict[str, Any] = {"connection_timeout": 3.0, "max_transaction_retry_time": 2.0,
                               "connection_acquisition_timeout": 5.0}
    options.update(config)
    return neo4j.GraphDatabase.driver(uri, auth=auth, **options)


# --- exports and databases ------------------------------------------------------------------------


@dataclass
class Export:
    """A synthetic CNIPA export and the batch size it is loaded with."""

    path: Path
    rows: int
    batch_size: int

    @property
    def batches(self) -> int:
        return -(-self.rows // self.batch_size)


def make_export(directory: Path, rows: int, batch_size: int, seed: int = 11) -> Export:
    from demo_data.patents import generate_cnipa_csv

    path = directory / f"synthetic-{rows}.csv"
    generate_cnipa_csv(path, rows, seed=seed)
    return Export(path, rows, batch_size)


def new_database(server: LocalServer, prefix: str) -> str:
    """A fresh, migrated database on `server` (on Neo4j: its one database, wiped)."""
    return fresh_database(server, prefix)


def clean_fingerprint(server: LocalServer, export: Export, chains) -> Fingerprint:
    """The fingerprint of one uninterrupted load of `export` into a fresh database."""
    database = new_database(server, "clean")
    status = server.ensure_running()
    with neo4j.GraphDatabase.driver(status.uri, auth=server.auth) as driver:
        load_like_cli(driver, database, [export.path], batch_size=export.batch_size, chains=chains)
        result = fingerprint(driver, database)
    release_database(server, database)
    return result


# --- scenarios (the tests assert on their outcomes, bench/faults.py prints them) -------------------


@dataclass
class Outcome:
    """What one fault scenario did and what held."""

    scenario: str
    rows: int
    batches: int
    fault_at: int = 0  # patents committed (seen by a probe) when the fault struck
    kept: int = 0  # patents in the graph right after the recovery
    first_run: str = ""  # how the interrupted run ended
    recovery_s: float = 0.0  # restart of the server (or the like)
    rerun_s: float = 0.0
    total_s: float = 0.0
    equal: bool = False
    diff: list[str] | None = None
    duplicates: int = 0
    notes: dict[str, Any] | None = None

    def line(self) -> str:
        notes = ", ".join(f"{k}={v}" for k, v in (self.notes or {}).items())
        return (
            f"{self.scenario}: {self.rows:,} rows in {self.batches} batches; fault at {self.fault_at:,} patents; "
            f"{self.kept:,} kept; first run {self.first_run}; recovery {self.recovery_s:.1f}s; "
            f"re-run {self.rerun_s:.1f}s; fingerprint {'EQUAL' if self.equal else 'DIFFERENT'}; "
            f"duplicate relationships {self.duplicates}" + (f"; {notes}" if notes else "")
        )


def _describe(error: BaseException | None) -> str:
    if error is None:
        return "completed"
    text = str(error).splitlines()[0] if str(error) else ""
    return f"failed ({type(error).__name__}: {text[:100]})"


def _run_in_thread(target: Callable[[], Any]) -> tuple[threading.Thread, dict[str, Any]]:
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = target()
        except BaseException as exc:  # noqa: BLE001 - reported to the caller
            box["error"] = exc

    thread = threading.Thread(target=run, name="fault-load", daemon=True)
    thread.start()
    return thread, box


def _compare(outcome: Outcome, server: LocalServer, database: str, reference: Fingerprint,
             *, duplicates: bool) -> Outcome:
    """Fingerprint `database` against `reference`; with `duplicates`, count repeated relationships too
    (redundant when the fingerprints are equal, since the clean run has none, but it names the fault)."""
    status = server.ensure_running()
    with neo4j.GraphDatabase.driver(status.uri, auth=server.auth) as driver:
        got = fingerprint(driver, database)
        if duplicates or got != reference:
            outcome.duplicates = duplicate_relationships(driver, database)
    outcome.diff = fingerprint_diff(reference, got)
    outcome.equal = not outcome.diff
    return outcome


def kill_database_mid_ingest(
    server: LocalServer,
    export: Export,
    chains: Mapping[str, Any] | None,
    reference: Fingerprint,
    *,
    at_fraction: float = 0.3,
    restart_at_once: bool = True,
    retry_time_s: float = 30.0,
    deadline_s: float = 300.0,
    check_duplicates: bool = True,
) -> Outcome:
    """`kill -9` the server once `at_fraction` of the patents are in, restart it, run the load again.

    `restart_at_once`: restart while the interrupted load's driver is still retrying (it may finish
    by itself); otherwise wait until it gives up (`retry_time_s`) and restart after.
    """
    started = time.perf_counter()
    database = new_database(server, "killdb")
    status = server.ensure_running()
    outcome = Outcome("kill -9 the database mid-ingest" + ("" if restart_at_once else " (loader gives up first)"),
                      export.rows, export.batches)
    loader = neo4j.GraphDatabase.driver(status.uri, auth=server.auth, connection_timeout=5.0,
                                        max_transaction_retry_time=retry_time_s)
    probe = fast_driver(status.uri, server.auth)
    try:
        thread, box = _run_in_thread(lambda: load_like_cli(
            loader, database, [export.path], batch_size=export.batch_size, chains=chains))
        threshold = max(export.batch_size, int(export.rows * at_fraction))
        outcome.fault_at = wait_until(
            lambda: (not thread.is_alive() and -1) or ((n := count(probe, database)) >= threshold and n),
            deadline_s, interval_s=0.05, what=f"{threshold} patents loaded before the kill")
        assert outcome.fault_at > 0, f"the load ended before the fault: {_describe(box.get('error'))}"
        kill_hard(status.pid)
        killed = time.perf_counter()
        if restart_at_once:
            restarted = server.start()
            outcome.recovery_s = time.perf_counter() - killed
            thread.join(retry_time_s + deadline_s)
        else:
            thread.join(retry_time_s + deadline_s)
            restart_began = time.perf_counter()
            restarted = server.start()
            outcome.recovery_s = time.perf_counter() - restart_began
        assert not thread.is_alive(), "the interrupted load did not end"
        outcome.first_run = _describe(box.get("error"))
        outcome.notes = {"same_port": restarted.bolt_port == status.bolt_port}
    finally:
        loader.close()
        probe.close()
    status = server.ensure_running()
    with neo4j.GraphDatabase.driver(status.uri, auth=server.auth) as driver:
        outcome.kept = count(driver, database)
        began = time.perf_counter()
        report = load_like_cli(driver, database, [export.path], batch_size=export.batch_size, chains=chains)
        outcome.rerun_s = time.perf_counter() - began
        outcome.notes["rerun_skipped_file"] = all(f.skipped for f in report.files)
    _compare(outcome, server, database, reference, duplicates=check_duplicates)
    release_database(server, database)
    outcome.total_s = time.perf_counter() - started
    return outcome


def cli_environment(server: LocalServer, database: str, data_dir: Path) -> dict[str, str]:
    """The environment of an `innograph` subprocess pointed at `database` on `server` (by its URI)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("INNOGRAPH_")}
    env.update(server_env(server, database))
    env.update({"INNOGRAPH_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"})
    return env


def kill_ingest_process(
    server: LocalServer,
    export: Export,
    reference: Fingerprint,
    work_dir: Path,
    *,
    at_fraction: float = 0.3,
    deadline_s: float = 300.0,
    check_duplicates: bool = True,
) -> Outcome:
    """Run `innograph ingest patents` as a subprocess, `kill -9` it mid-load, run it again."""
    import subprocess
    import sys

    started = time.perf_counter()
    database = new_database(server, "killcli")
    env = cli_environment(server, database, work_dir)
    command = [sys.executable, "-m", "innograph", "ingest", "patents", str(export.path),
               "--batch-size", str(export.batch_size)]
    outcome = Outcome("kill -9 the ingest process mid-load", export.rows, export.batches)
    status = server.ensure_running()
    log_path = work_dir / f"{database}-first.log"
    with neo4j.GraphDatabase.driver(status.uri, auth=server.auth) as probe, open(log_path, "wb") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   cwd=work_dir)  # no .env of the checkout
        try:
            threshold = max(export.batch_size, int(export.rows * at_fraction))
            outcome.fault_at = wait_until(
                lambda: (process.poll() is not None and -1) or ((n := count(probe, database)) >= threshold and n),
                deadline_s, interval_s=0.05, what=f"{threshold} patents loaded by the CLI before the kill")
            tail = log_path.read_text(errors="replace")[-2000:]
            assert outcome.fault_at > 0, f"the CLI ended (exit {process.returncode}) before the kill: {tail}"
            os.kill(process.pid, signal.SIGKILL)
        finally:
            if process.poll() is None:
                process.kill()
            process.wait(30)
        outcome.first_run = f"killed (exit {process.returncode})"
        outcome.kept = count(probe, database)
    began = time.perf_counter()
    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=deadline_s,
                            stdin=subprocess.DEVNULL, cwd=work_dir)
    outcome.rerun_s = time.perf_counter() - began
    outcome.notes = {"rerun_exit": second.returncode}
    if second.returncode != 0:
        outcome.notes["rerun_output"] = (second.stdout + second.stderr)[-2000:]
    _compare(outcome, server, database, reference, duplicates=check_duplicates)
    release_database(server, database)
    outcome.total_s = time.perf_counter() - started
    return outcome


def kill_database_under_cli(
    server: LocalServer,
    export: Export,
    reference: Fingerprint,
    work_dir: Path,
    *,
    at_fraction: float = 0.3,
    deadline_s: float = 300.0,
    check_duplicates: bool = True,
    keep_on_difference: bool = False,
) -> Outcome:
    """`kill -9` the database under `innograph ingest patents`; the CLI must end with one clear error
    line (after the driver's 30 s of retries), and, with the server restarted, the same command again
    must complete the load."""
    import subprocess
    import sys

    started = time.perf_counter()
    database = new_database(server, "dbcli")
    env = cli_environment(server, database, work_dir)
    command = [sys.executable, "-m", "innograph", "ingest", "patents", str(export.path),
               "--batch-size", str(export.batch_size)]
    outcome = Outcome("kill -9 the database under `innograph ingest patents`", export.rows, export.batches)
    status = server.ensure_running()
    log_path = work_dir / f"{database}-first.log"
    with fast_driver(status.uri, server.auth) as probe, open(log_path, "wb") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   cwd=work_dir)  # no .env of the checkout
        try:
            threshold = max(export.batch_size, int(export.rows * at_fraction))
            outcome.fault_at = wait_until(
                lambda: (process.poll() is not None and -1) or ((n := count(probe, database)) >= threshold and n),
                deadline_s, interval_s=0.05, what=f"{threshold} patents loaded by the CLI before the kill")
            tail = log_path.read_text(errors="replace")[-2000:]
            assert outcome.fault_at > 0, f"the CLI ended before the kill: {tail}"
            kill_hard(status.pid)
            killed = time.perf_counter()
            process.wait(deadline_s)
            gave_up_s = time.perf_counter() - killed
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(30)
    output = log_path.read_text(encoding="utf-8", errors="replace")
    outcome.first_run = f"exit {process.returncode} after {gave_up_s:.1f}s"
    began = time.perf_counter()
    restarted = server.start()
    outcome.recovery_s = time.perf_counter() - began
    with neo4j.GraphDatabase.driver(restarted.uri, auth=server.auth) as driver:
        outcome.kept = count(driver, database)
    env = cli_environment(server, database, work_dir)
    began = time.perf_counter()
    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=deadline_s,
                            stdin=subprocess.DEVNULL, cwd=work_dir)
    outcome.rerun_s = time.perf_counter() - began
    outcome.notes = {
        "first_exit": process.returncode,
        "first_error": next((line for line in output.splitlines() if line.startswith("error:")), ""),
        "traceback": "Traceback" in output,
        "rerun_exit": second.returncode,
    }
    if second.returncode != 0:
        outcome.notes["rerun_output"] = (second.stdout + second.stderr)[-2000:]
    _compare(outcome, server, database, reference, duplicates=check_duplicates)
    outcome.notes["database"] = database
    if outcome.equal or not keep_on_difference:
        release_database(server, database)
    outcome.total_s = time.perf_counter() - started
    return outcome


def drop_connections_mid_load(
    server: LocalServer,
    export: Export,
    chains: Mapping[str, Any] | None,
    reference: Fingerprint,
    *,
    drops: int = 2,
    deadline_s: float = 300.0,
    check_duplicates: bool = True,
) -> Outcome:
    """Load through a `BoltProxy` that resets every connection `drops` times: alternately in the
    middle of a transaction (after a few KB more from the driver) and right after a COMMIT was
    answered (the answer is lost). The load must complete on its own, with nothing written twice."""
    started = time.perf_counter()
    database = new_database(server, "dropconn")
    status = server.ensure_running()
    outcome = Outcome("drop every Bolt connection mid-load", export.rows, export.batches)
    kinds: list[str] = []
    with BoltProxy(status.bolt_port) as proxy, fast_driver(status.uri, server.auth) as probe:
        driver = neo4j.GraphDatabase.driver(proxy.uri, auth=server.auth, connection_timeout=5.0,
                                            max_transaction_retry_time=30.0)
        try:
            thread, box = _run_in_thread(lambda: load_like_cli(
                driver, database, [export.path], batch_size=export.batch_size, chains=chains))
            for index in range(drops):
                threshold = max(export.batch_size, int(export.rows * (index + 1) / (drops + 2)))
                seen = wait_until(
                    lambda threshold=threshold: not thread.is_alive()
                    or ((n := count(probe, database)) >= threshold and n),
                    deadline_s, interval_s=0.05, what=f"{threshold} patents loaded through the proxy")
                if not thread.is_alive():
                    break
                outcome.fault_at = outcome.fault_at or int(seen)
                proxy.dropped.clear()
                if index % 2 == 0:
                    proxy.drop_after_bytes(4096)
                    kinds.append("mid-transaction")
                else:
                    proxy.drop_after_commit()
                    kinds.append("after-commit")
                wait_until(lambda: proxy.dropped.is_set() or not thread.is_alive(), deadline_s, interval_s=0.02,
                           what="the proxy dropping the connections")
            thread.join(deadline_s)
            assert not thread.is_alive(), "the load through the proxy did not end"
            outcome.first_run = _describe(box.get("error"))
            outcome.kept = count(probe, database)
            outcome.notes = {"drops": kinds, "connections_reset": proxy.drops, "connections": proxy.accepted}
        finally:
            driver.close()
    _compare(outcome, server, database, reference, duplicates=check_duplicates)
    release_database(server, database)
    outcome.total_s = time.perf_counter() - started
    return outcome


PATENTS_QUERY = "{ patents(first: 3) { edges { node { id } } } }"


async def api_database_outage(
    server: LocalServer, database: str, *, ready_deadline_s: float = 120.0, requests: int = 5
) -> dict[str, Any]:
    """Serve the API (embedded default, lifespan run) over `database`, `kill -9` the server, measure how
    requests fail, restart the server and measure how long until `/ready` and GraphQL answer again."""
    import asyncio

    import httpx

    from api.app import create_app
    from core.settings import Settings

    settings = Settings(
        _env_file=None, backend=server.backend.value, neo4j_uri=None, data_dir=server.data_dir,
        neo4j_database=database, auth=False,
        query_timeout_s=10.0, embedded_heap=server.heap,
    )
    figures: dict[str, Any] = {"graphql_errors": [], "rest": [], "ready_down": None}
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=(LOOPBACK, 50123), raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver", timeout=60) as http:

            async def graphql(request_id: str) -> tuple[float, httpx.Response]:
                began = time.perf_counter()
                response = await http.post("/graphql", json={"query": PATENTS_QUERY},
                                           headers={"X-Request-ID": request_id})
                return time.perf_counter() - began, response

            _, before = await graphql("before-kill")
            figures["before"] = before.json()
            status = server.status()
            assert status is not None
            await asyncio.to_thread(kill_hard, status.pid)
            latencies = []
            for index in range(requests):
                elapsed, response = await graphql(f"outage-{index}")
                latencies.append(elapsed)
                figures["graphql_errors"].append((response.status_code, response.json()))
                began = time.perf_counter()
                rest = await http.post("/queries/graph_fingerprint", json={"content": False},
                                       headers={"X-Request-ID": f"outage-rest-{index}"})
                latencies.append(time.perf_counter() - began)
                figures["rest"].append((rest.status_code, rest.headers.get("x-request-id"), rest.json()))
            began = time.perf_counter()
            ready = await http.get("/ready")
            figures["ready_down"] = (ready.status_code, ready.json(), time.perf_counter() - began)
            figures["max_failure_s"] = max(latencies)
            restart_began = time.perf_counter()
            restarted = await asyncio.to_thread(server.start)
            figures["restart_s"] = time.perf_counter() - restart_began
            figures["same_port"] = restarted.bolt_port == status.bolt_port
            # the API is not told anything: poll /ready, then GraphQL, until they answer (bounded)
            deadline = time.monotonic() + ready_deadline_s
            figures["ready_after"] = None
            figures["after"] = None
            figures["failed_after_ready"] = 0
            for _ in range(int(ready_deadline_s / 0.25) + 1):
                if figures["ready_after"] != 200:
                    figures["ready_after"] = (await http.get("/ready")).status_code
                    if figures["ready_after"] == 200:
                        figures["ready_s"] = time.perf_counter() - restart_began
                if figures["ready_after"] == 200:
                    _, after = await graphql("after-restart")
                    body = after.json()
                    if body.get("data") and not body.get("errors"):
                        figures["after"] = body
                        break
                    figures["failed_after_ready"] += 1
                if time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.25)
            figures["recovered_s"] = time.perf_counter() - restart_began
    return figures


def fill_disk(directory: Path, limit_bytes: int = 256 << 20) -> int:
    """Write a filler file in `directory` until the disk is full (bounded by `limit_bytes`); bytes written."""
    written = 0
    chunk = b"\0" * (64 << 10)
    with open(directory / "filler", "wb") as handle:
        while written < limit_bytes:
            try:
                handle.write(chunk)
                handle.flush()
            except OSError:
                break
            written += len(chunk)
    return written


@contextlib.contextmanager
def tmpfs(directory: Path, size: str = "64m"):  # noqa: ANN201 - a context manager of Path
    """A small tmpfs mounted on `directory` (needs root or CAP_SYS_ADMIN); OSError when it cannot be mounted."""
    import subprocess

    directory.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(directory)],
                             capture_output=True, text=True, timeout=30, check=False)
    if mounted.returncode != 0:
        raise OSError(f"cannot mount a tmpfs on {directory}: {mounted.stderr.strip() or mounted.returncode}")
    try:
        yield directory
    finally:
        for _ in range(10):
            if subprocess.run(["umount", str(directory)], capture_output=True, timeout=30,
                              check=False).returncode == 0:
                break
            time.sleep(0.5)


def remount(directory: Path, options: str) -> None:
    import subprocess

    subprocess.run(["mount", "-o", f"remount,{options}", str(directory)], check=True, capture_output=True,
                   timeout=30)
