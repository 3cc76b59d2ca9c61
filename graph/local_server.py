"""What both local databases share: a server in a child process on loopback, data under
`DATA_DIR/<kind>`, a random password in a 0600 file, `server.json` naming its pid and ports.

The server outlives the command that started it, so later commands reuse it. A file lock serialises
starts, so two commands never start two servers on the same files. A start that fails leaves nothing
running and no `server.json`. Subclasses (`graph.embedded.EmbeddedDatabase` for ArcadeDB,
`graph.neo4j_local.LocalNeo4j`) say how to launch their server, how to tell it is ready and how to
explain a failed start.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import signal
import socket
import subprocess
import time
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

from graph.backend import Backend


READY = "INNOGRAPH-READY"  # the line a child prints once its database is open


class LocalServerError(RuntimeError):
    """A local database could not be started, reached or stopped; the message names cause and fix."""


@dataclass(frozen=True)
class ServerStatus:
    """Where a running local server listens. `http_port` is 0 for a server without HTTP."""

    pid: int
    bolt_port: int
    http_port: int
    database: str
    started_at: float

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def port_accepts(port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout):
            return True
    except OSError:
        return False


class LocalServer(ABC):
    """Start, find and stop one local server under `data_dir/<folder>`."""

    backend: Backend
    folder: str  # under data_dir
    user: str
    password_name: str  # file name under data_dir/secrets
    marker: str  # an argument of the server's command line that identifies it (with the root path)
    label: str  # how messages name it

    def __init__(
        self,
        data_dir: Path,
        *,
        database: str,
        heap: str,
        bolt_port: int = 0,
        start_timeout_s: float = 90.0,
    ) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.root = self.data_dir / self.folder
        self.database = database
        self.heap = heap
        self.wanted_bolt_port = bolt_port
        self.start_timeout_s = start_timeout_s

    # -- files -------------------------------------------------------------------------------
    @property
    def state_file(self) -> Path:
        return self.root / "server.json"

    @property
    def log_file(self) -> Path:
        return self.root / "server.log"

    @property
    def password_file(self) -> Path:
        return self.data_dir / "secrets" / self.password_name

    def password(self) -> str:
        """The password, generated once and kept in a file only the user can read."""
        return self._secret(self.password_file)

    @staticmethod
    def _secret(path: Path) -> str:
        """A random secret kept in `path` (0600, its folder 0700), generated on first use."""
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
        return (self.user, self.password())

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

    def _not_writable(self, exc: OSError) -> LocalServerError:
        return LocalServerError(
            f"the data directory {self.root} is not writable ({exc.strerror or exc}); "
            "free disk space or set INNOGRAPH_DATA_DIR to a writable directory"
        )

    def _read_state(self) -> ServerStatus | None:
        try:
            return ServerStatus(**json.loads(self.state_file.read_text(encoding="utf-8")))
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
        return self.marker in cmdline and str(self.root) in cmdline

    # -- lifecycle ---------------------------------------------------------------------------
    def status(self) -> ServerStatus | None:
        """The running server of this data directory, or None."""
        state = self._read_state()
        if state is None or not self._is_our_server(state.pid):
            return None
        if not port_accepts(state.bolt_port):
            return None
        return state

    def ensure_running(self) -> ServerStatus:
        """Reuse the running server or start one."""
        running = self.status()
        if running is not None:
            return running
        return self.start()

    def _choose_port(self, wanted: int, previous: int | None, setting: str) -> int:
        if wanted:
            if not port_is_free(wanted):
                raise LocalServerError(
                    f"port {wanted} on 127.0.0.1 is taken by another program; set {setting} to another port "
                    "or to 0 for a free one"
                )
            return wanted
        if previous and port_is_free(previous):
            return previous  # stable ports across restarts are friendlier to tools
        return free_port()

    def start(self) -> ServerStatus:
        """Start the server and wait until it answers a real query; a no-op when it already runs."""
        with self._lock():
            running = self.status()
            if running is not None:
                return running
            stale = self._read_state()
            if stale is not None and self._is_our_server(stale.pid):
                # alive but not answering: a hung JVM; clear it before starting another
                self._terminate(stale.pid)
            self._preflight()
            self._check_writable()
            bolt = self._choose_port(self.wanted_bolt_port, stale.bolt_port if stale else None,
                                     "INNOGRAPH_EMBEDDED_BOLT_PORT")
            http = self._http_port(stale, bolt)
            self.password()
            state = self._launch(bolt, http)
            self.state_file.write_text(json.dumps(asdict(state)), encoding="utf-8")
            return state

    def _launch(self, bolt: int, http: int) -> ServerStatus:
        command, env = self._command(bolt, http)
        started = time.time()
        with open(self.log_file, "ab") as log:
            log.write(f"\n--- {time.strftime('%Y-%m-%d %H:%M:%S')} starting {self.label}\n".encode())
            log.flush()
            offset = log.tell()
            proc = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=str(self.root),
                env=env,
                start_new_session=True,  # outlives the CLI command and ignores its Ctrl-C
            )
        state = ServerStatus(proc.pid, bolt, http, self.database, started)
        try:
            self._wait_ready(proc, state, offset)
        except BaseException:
            self._terminate(proc.pid)
            raise
        return state

    def _http_port(self, stale: ServerStatus | None, bolt: int) -> int:
        """The HTTP port of servers that have one (0 = none)."""
        return 0

    # an optional hook, not abstract: a server with nothing to check before launching keeps this no-op
    def _preflight(self) -> None:  # noqa: B027
        """Checks before anything is launched (a runtime, installed files); raise LocalServerError."""

    def _check_writable(self) -> None:
        probe = self.root / ".write-probe"
        try:
            probe.write_bytes(b"x" * 4096)
            probe.unlink()
        except OSError as exc:
            with contextlib.suppress(OSError):
                probe.unlink()  # a full disk leaves the probe created but empty: leave nothing behind
            raise self._not_writable(exc) from exc

    def _wait_ready(self, proc: subprocess.Popen[bytes], state: ServerStatus, log_offset: int) -> None:
        deadline = time.monotonic() + self.start_timeout_s
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise self._exited(proc.returncode, self._log_since(log_offset))
            # Only once the child says it is ready: Neo4j locks a user out for 5 s after 3 failed
            # logins, which polling before the password is set would cause.
            if READY in self._log_since(log_offset) and port_accepts(state.bolt_port) and self._answers(state):
                return
            time.sleep(0.1)
        raise LocalServerError(
            f"the {self.label} did not answer on port {state.bolt_port} within {self.start_timeout_s:.0f}s "
            f"(a busy machine? raise INNOGRAPH_EMBEDDED_START_TIMEOUT_S); see {self.log_file}:\n{self.log_tail()}"
        )

    def _log_since(self, offset: int) -> str:
        try:
            with open(self.log_file, "rb") as log:
                log.seek(offset)
                return log.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def _exited(self, code: int, output: str) -> LocalServerError:
        """The error for a server that exited while starting; subclasses name known causes."""
        tail = "\n".join(output.splitlines()[-15:]) or "(no output)"
        return LocalServerError(
            f"the {self.label} exited with status {code} while starting; last lines of {self.log_file}:\n{tail}"
        )

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = self.log_file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, timeout_s: float = 30.0) -> bool:
        """Stop the server: SIGTERM (a clean shutdown), then SIGKILL if it does not end. True if one ran."""
        with self._lock():
            state = self._read_state()
            was_running = state is not None and self._is_our_server(state.pid)
            if state is not None and was_running:
                self._terminate(state.pid, timeout_s)
            with contextlib.suppress(FileNotFoundError):
                self.state_file.unlink()
            return was_running

    @staticmethod
    def _terminate(pid: int, timeout_s: float = 30.0) -> None:
        try:
            proc = psutil.Process(pid)
        except psutil.NoSuchProcess:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGTERM)
        try:
            proc.wait(timeout_s)
        except psutil.TimeoutExpired:
            # measured: ArcadeDB's JVM may ignore SIGTERM; committed data is in the WAL either way
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(psutil.Error):
                proc.wait(10)

    # -- what differs -------------------------------------------------------------------------
    @abstractmethod
    def _command(self, bolt_port: int, http_port: int) -> tuple[list[str], dict[str, str]]:
        """The server's command line and environment."""

    @abstractmethod
    def _answers(self, state: ServerStatus) -> bool:
        """True once the server answers a real request for `self.database`."""
