"""The embedded default database: an ArcadeDB server (from the `arcadedb-embedded` wheel) in a child
process, Bolt on loopback, data under `DATA_DIR/arcadedb`.

The server outlives the command that started it, so later commands reuse it; its pid and ports are
kept in `server.json`. A file lock serialises starts, so two commands never start two servers on the
same files.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import psutil

from graph import arcadedb_guards as guards

ROOT_USER = "root"
CHILD_MODULE = "graph._arcadedb_child"
_DATABASE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,62}")


class EmbeddedDatabaseError(RuntimeError):
    """The embedded database could not be started, reached or stopped."""


@dataclass(frozen=True)
class EmbeddedStatus:
    """Where a running embedded server listens."""

    pid: int
    bolt_port: int
    http_port: int
    database: str
    started_at: float

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _port_accepts(port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout):
            return True
    except OSError:
        return False


def _check_database_name(name: str) -> None:
    if not _DATABASE_NAME.fullmatch(name):
        raise EmbeddedDatabaseError(f"invalid database name {name!r}: use letters, digits and _")


class EmbeddedDatabase(guards.ArcadeDBGuards):
    """Start, find, stop and administer the embedded ArcadeDB server under one data directory."""

    def __init__(
        self,
        data_dir: Path,
        *,
        database: str = "innograph",
        heap: str = "2g",
        bolt_port: int = 0,
        http_port: int = 0,
        start_timeout_s: float = 90.0,
        command_timeout_s: float = 120.0,
    ) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.root = self.data_dir / "arcadedb"
        self.database = database
        self.heap = heap
        self.wanted_bolt_port = bolt_port
        self.wanted_http_port = http_port
        self.start_timeout_s = start_timeout_s
        self.command_timeout_s = command_timeout_s

    # -- files -------------------------------------------------------------------------------
    @property
    def state_file(self) -> Path:
        return self.root / "server.json"

    @property
    def log_file(self) -> Path:
        return self.root / "server.log"


    @property
    def password_file(self) -> Path:
        return self.data_dir / "secrets" / "arcadedb-root-password"

    def password(self) -> str:
        """The root password, generated once and kept in a file only the user can read."""
        return self._secret(self.password_file)

    @staticmethod
    def _secret(path: Path) -> str:
        if path.exists():
            return path.read_text(encoding="utf-8").strip()
        path.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
        value = secrets.token_urlsafe(24)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process won the race; use its secret
            return path.read_text(encoding="utf-8").strip()
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(value + "\n")
        return value

    @property
    def auth(self) -> tuple[str, str]:
        return (ROOT_USER, self.password())

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            handle = open(self.root / ".lock", "w")  # noqa: SIM115 - closed below
        except OSError as exc:  # a read-only or full file system, a file where the directory should be
            raise self._not_writable(exc) from exc
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _not_writable(self, exc: OSError) -> EmbeddedDatabaseError:
        return EmbeddedDatabaseError(
            f"the data directory {self.root} is not writable ({exc.strerror or exc}); "
            "free disk space or set INNOGRAPH_DATA_DIR to a writable directory"
        )

    def _read_state(self) -> EmbeddedStatus | None:
        try:
            return EmbeddedStatus(**json.loads(self.state_file.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None

    def _is_our_server(self, pid: int) -> bool:
        try:
            proc = psutil.Process(pid)
            if proc.status() == psutil.STATUS_ZOMBIE:
                return False
            cmdline = proc.cmdline()
        except (psutil.Error, OSError):
            return False
        return CHILD_MODULE in cmdline and str(self.root) in cmdline

    # -- lifecycle ---------------------------------------------------------------------------
    def status(self) -> EmbeddedStatus | None:
        """The running server of this data directory, or None."""
        state = self._read_state()
        if state is None or not self._is_our_server(state.pid):
            return None
        if not _port_accepts(state.bolt_port):
            return None
        return state

    def ensure_running(self) -> EmbeddedStatus:
        """Reuse the running server or start one; either way with its guards in place."""
        running = self.status()
        if running is None:
            return self.start()
        if not self._is_secured(running):  # a server started before the guards existed
            with self._lock():
                self._secure(running)
        return running

    def _choose_port(self, wanted: int, previous: int | None) -> int:
        if wanted:
            if not _port_is_free(wanted):
                raise EmbeddedDatabaseError(
                    f"port {wanted} on 127.0.0.1 is taken; set another or 0 for a free one"
                )
            return wanted
        if previous and _port_is_free(previous):
            return previous  # stable ports across restarts are friendlier to tools
        return _free_port()

    def start(self) -> EmbeddedStatus:
        """Start the server and wait until Bolt answers; a no-op when it already runs."""
        with self._lock():
            running = self.status()
            if running is not None:
                return running
            stale = self._read_state()
            if stale is not None and self._is_our_server(stale.pid):
                # alive but not answering: a hung JVM; clear it before starting another
                self._terminate(stale.pid)
            self._check_writable()
            previous = stale
            bolt = self._choose_port(self.wanted_bolt_port, previous.bolt_port if previous else None)
            http = self._choose_port(self.wanted_http_port, previous.http_port if previous else None)
            if http == bolt:
                http = _free_port()
            self.password()
            log = open(self.log_file, "ab")
            cmd = [
                sys.executable, "-m", CHILD_MODULE,
                "--root", str(self.root),
                "--password-file", str(self.password_file),
                "--bolt-port", str(bolt),
                "--http-port", str(http),
                "--database", self.database,
                "--heap", self.heap,
            ]
            env = dict(os.environ)
            env.setdefault("ARCADEDB_JVM_ERROR_FILE", str(self.root / "hs_err_pid%p.log"))
            started = time.time()
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=str(self.root),
                env=env,
                start_new_session=True,  # outlives the CLI command and ignores its Ctrl-C
            )
            log.close()
            state = EmbeddedStatus(proc.pid, bolt, http, self.database, started)
            try:
                self._wait_ready(proc, state)
                self._secure(state)
            except BaseException:
                self._terminate(proc.pid)
                raise
            self.state_file.write_text(json.dumps(asdict(state)), encoding="utf-8")
            return state

    def _check_writable(self) -> None:
        probe = self.root / ".write-probe"
        try:
            probe.write_bytes(b"x" * 4096)
            probe.unlink()
        except OSError as exc:
            with contextlib.suppress(OSError):
                probe.unlink()  # a full disk leaves the probe created but empty: leave nothing behind
            raise self._not_writable(exc) from exc

    def _wait_ready(self, proc: subprocess.Popen[bytes], state: EmbeddedStatus) -> None:
        deadline = time.monotonic() + self.start_timeout_s
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise EmbeddedDatabaseError(
                    f"the embedded ArcadeDB server exited with status {proc.returncode} while starting; "
                    f"last lines of {self.log_file}:\n{self.log_tail()}"
                )
            if _port_accepts(state.bolt_port) and self._database_exists(state):
                return
            time.sleep(0.2)
        raise EmbeddedDatabaseError(
            f"the embedded ArcadeDB server did not answer on port {state.bolt_port} within "
            f"{self.start_timeout_s:.0f}s; see {self.log_file}:\n{self.log_tail()}"
        )

    def _database_exists(self, state: EmbeddedStatus) -> bool:
        try:
            return self.database in self.list_databases(state)
        except EmbeddedDatabaseError:
            return False

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = self.log_file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, timeout_s: float = 20.0) -> bool:
        """Stop the server: SIGTERM, then SIGKILL if the JVM ignores it. True if one was running."""
        with self._lock():
            state = self._read_state()
            was_running = state is not None and self._is_our_server(state.pid)
            if was_running:
                self._terminate(state.pid, timeout_s)
            with contextlib.suppress(FileNotFoundError):
                self.state_file.unlink()
            return was_running

    @staticmethod
    def _terminate(pid: int, timeout_s: float = 20.0) -> None:
        try:
            proc = psutil.Process(pid)
        except psutil.NoSuchProcess:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGTERM)
        try:
            proc.wait(timeout_s)
        except psutil.TimeoutExpired:
            # measured: the JVM may ignore SIGTERM; committed data is in the WAL either way
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(psutil.Error):
                proc.wait(10)

    # -- administration over HTTP (database management is not part of Bolt) ------------------
    def _http(self, method: str, path: str, body: object | None, state: EmbeddedStatus | None = None) -> Any:
        """One call of ArcadeDB's HTTP API as root; its JSON answer."""
        state = state or self.status()
        if state is None:
            raise EmbeddedDatabaseError("the embedded database is not running")
        token = base64.b64encode(f"{ROOT_USER}:{self.password()}".encode()).decode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{state.http_port}{path}",
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Basic {token}", "Content-Type": "application/json"},
            method=method,
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:300]
            what = body.get("command", path) if isinstance(body, dict) else path
            raise EmbeddedDatabaseError(f"ArcadeDB refused '{str(what).split()[0]} ...': {detail}") from exc
        except (OSError, ValueError) as exc:
            raise EmbeddedDatabaseError(f"cannot reach the embedded ArcadeDB server: {exc}") from exc

    def _server_command(self, command: str, state: EmbeddedStatus | None = None) -> dict[str, object]:
        return dict(self._http("POST", "/api/v1/server", {"command": command}, state))

    def list_databases(self, state: EmbeddedStatus | None = None) -> list[str]:
        return list(self._http("GET", "/api/v1/databases", None, state).get("result", []))

    def create_database(self, name: str) -> None:
        """Create a database (tests use one per module) with InnoGraph's per-database guards."""
        _check_database_name(name)
        if name not in self.list_databases():
            self._server_command(f"create database {name}")
        self.configure_database(name)

    def drop_database(self, name: str) -> None:
        _check_database_name(name)
        if name in self.list_databases():
            self._server_command(f"drop database {name}")
