"""The embedded ArcadeDB database (from the `arcadedb-embedded` wheel): a server in a child process
(`graph._arcadedb_child`), Bolt and HTTP on loopback, data under `DATA_DIR/arcadedb`.

The life cycle (reuse, lock, ports, password, stop) is `graph.local_server.LocalServer`'s; here are
what ArcadeDB needs besides: an HTTP port for administration (databases are created and dropped over
HTTP, not Bolt) and its guards (`graph.arcadedb_guards`: a read-only user for saved queries, LOAD CSV
off and a command timeout on every database), because ArcadeDB runs writes sent in READ sessions and
ignores Bolt transaction timeouts.
"""

from __future__ import annotations

import base64
import json
import os
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from graph import arcadedb_guards as guards
from graph.backend import Backend
from graph.local_server import LocalServer, LocalServerError, ServerStatus, free_port

ROOT_USER = "root"
CHILD_MODULE = "graph._arcadedb_child"
_DATABASE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,62}")

EmbeddedDatabaseError = LocalServerError  # the name callers have caught since issue 2
EmbeddedStatus = ServerStatus


def _check_database_name(name: str) -> None:
    if not _DATABASE_NAME.fullmatch(name):
        raise EmbeddedDatabaseError(f"invalid database name {name!r}: use letters, digits and _")


class EmbeddedDatabase(guards.ArcadeDBGuards, LocalServer):
    """Start, find, stop and administer the embedded ArcadeDB server under one data directory."""

    backend = Backend.ARCADEDB
    folder = "arcadedb"
    user = ROOT_USER
    password_name = "arcadedb-root-password"
    marker = CHILD_MODULE
    label = "embedded ArcadeDB server"

    def __init__(
        self,
        data_dir: Path | str,
        *,
        database: str = "innograph",
        heap: str = "2g",
        bolt_port: int = 0,
        http_port: int = 0,
        start_timeout_s: float = 90.0,
        command_timeout_s: float = 120.0,
    ) -> None:
        super().__init__(Path(data_dir), database=database, heap=heap, bolt_port=bolt_port,
                         start_timeout_s=start_timeout_s)
        self.wanted_http_port = http_port
        self.command_timeout_s = command_timeout_s

    def ensure_running(self) -> ServerStatus:
        """Reuse the running server or start one; either way with its guards in place."""
        running = self.status()
        if running is None:
            return self.start()
        if not self._is_secured(running):  # a server started before the guards existed
            with self._lock():
                self._secure(running)
        return running

    def _launch(self, bolt: int, http: int) -> ServerStatus:
        state = super()._launch(bolt, http)
        try:
            self._secure(state)
        except BaseException:
            self._terminate(state.pid)
            raise
        return state

    def _http_port(self, stale: ServerStatus | None, bolt: int) -> int:
        http = self._choose_port(self.wanted_http_port, stale.http_port if stale else None,
                                 "INNOGRAPH_EMBEDDED_HTTP_PORT")
        return free_port() if http == bolt else http

    def _command(self, bolt_port: int, http_port: int) -> tuple[list[str], dict[str, str]]:
        cmd = [
            sys.executable, "-m", CHILD_MODULE,
            "--root", str(self.root),
            "--password-file", str(self.password_file),
            "--bolt-port", str(bolt_port),
            "--http-port", str(http_port),
            "--database", self.database,
            "--heap", self.heap,
        ]
        env = dict(os.environ)
        env.setdefault("ARCADEDB_JVM_ERROR_FILE", str(self.root / "hs_err_pid%p.log"))
        return cmd, env

    def _answers(self, state: ServerStatus) -> bool:
        try:
            return self.database in self.list_databases(state)
        except EmbeddedDatabaseError:
            return False

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
