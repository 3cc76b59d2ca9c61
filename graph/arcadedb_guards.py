"""The embedded ArcadeDB's own guards for analysts' saved queries, set up by `graph.embedded`.

Measured on ArcadeDB 26.10: it runs writes sent in a READ session, and it ignores the LOAD CSV and
command-timeout settings when they are given to the server: they are DATABASE-scoped settings, so
each database gets them itself (`set database setting`, stored in the database's configuration.json,
kept across restarts). What it does enforce are users and groups, so saved queries run as a user
whose group may only read records: ArcadeDB itself then refuses a write ("not allowed to create
records"), a schema change ("not allowed to update schema", which a rolled-back transaction would not
undo) and LOAD CSV of a file ("not allowed to update security"), whatever text reaches it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.embedded import EmbeddedStatus

READER_USER = "innograph_reader"
READER_GROUP = "innograph_reader"

# ArcadeDB's group format: database-wide `access` (updateSchema, updateSecurity, ...) and per-type
# record access; `*` means every type. Nothing but reading records.
READER_GROUP_DEFINITION: dict[str, object] = {
    "database": "*",
    "name": READER_GROUP,
    "access": [],
    "resultSetLimit": -1,
    "readTimeout": -1,
    "types": {"*": {"access": ["readRecord"]}},
}

Http = Callable[..., Any]  # (method, path, body) -> parsed JSON answer


def database_settings(command_timeout_s: float) -> dict[str, str]:
    """The per-database settings every InnoGraph database gets (ArcadeDB ignores them per server)."""
    return {
        "arcadedb.opencypher.loadCsv.allowFileUrls": "false",
        "arcadedb.opencypher.loadCsv.allowRemoteUrls": "false",
        # the server-side backstop: any one command is aborted after this long (0 = never)
        "arcadedb.command.timeout": str(max(1, int(command_timeout_s * 1000))),
    }


def configure_database(http: Http, name: str, command_timeout_s: float) -> None:
    """Set `database_settings` on database `name` (idempotent)."""
    for key, value in database_settings(command_timeout_s).items():
        http("POST", "/api/v1/server", {"command": f"set database setting {name} {key} {value}"})


def settings_of(http: Http, name: str) -> dict[str, object]:
    """The effective settings of database `name` (key -> value), as ArcadeDB reports them."""
    answer = http("POST", f"/api/v1/command/{name}", {"language": "sql", "command": "select from schema:database"})
    rows = answer.get("result") or [{}]
    return {entry["key"]: entry["value"] for entry in rows[0].get("settings", [])}


def ensure_reader(http: Http, password: str) -> None:
    """The read-only group and the user saved queries run as, with `password` (idempotent)."""
    http("POST", "/api/v1/server/groups", READER_GROUP_DEFINITION)
    users = http("GET", "/api/v1/server/users", None).get("result") or []
    if any(user.get("name") == READER_USER for user in users):
        http("PUT", f"/api/v1/server/users?name={READER_USER}", {"password": password})
    else:
        http("POST", "/api/v1/server/users",
             {"name": READER_USER, "password": password, "databases": {"*": [READER_GROUP]}})

_GUARDS_VERSION = "reader-and-settings-1"


class ArcadeDBGuards:
    """The guards as methods of `graph.embedded.EmbeddedDatabase` (which provides `_http`, `_secret`,
    `data_dir`, `root`, `database` and `command_timeout_s`)."""

    data_dir: Path
    root: Path
    database: str
    command_timeout_s: float
    _http: Callable[..., Any]
    _secret: Callable[[Path], str]

    @staticmethod
    def _check_name(name: str) -> None:
        from graph.embedded import _check_database_name

        _check_database_name(name)

    @property
    def _secured_file(self) -> Path:  # which server (pid) got the guards, so reuse does not repeat them
        return self.root / "guards"

    @property
    def reader_password_file(self) -> Path:
        return self.data_dir / "secrets" / "arcadedb-reader-password"

    @property
    def reader_auth(self) -> tuple[str, str]:
        """The read-only user saved queries run as (created when the server starts)."""
        return (READER_USER, self._secret(self.reader_password_file))

    def configure_database(self, name: str, *, command_timeout_s: float | None = None, state: Any = None) -> None:
        """LOAD CSV from files and URLs off, and the command timeout, on database `name`."""
        self._check_name(name)
        timeout_s = self.command_timeout_s if command_timeout_s is None else command_timeout_s
        configure_database(lambda *call: self._http(*call, state), name, timeout_s)

    def database_settings(self, name: str) -> dict[str, object]:
        """The effective settings of database `name`, as ArcadeDB reports them."""
        self._check_name(name)
        return settings_of(lambda *call: self._http(*call), name)

    def _secure(self, state: EmbeddedStatus) -> None:
        """The read-only user and the main database's settings; a marker saves repeating it per command."""
        ensure_reader(lambda *call: self._http(*call, state), self._secret(self.reader_password_file))
        self.configure_database(self.database, state=state)
        self._secured_file.write_text(f"{state.pid} {_GUARDS_VERSION}\n", encoding="utf-8")

    def _is_secured(self, state: EmbeddedStatus) -> bool:
        with contextlib.suppress(OSError):
            return self._secured_file.read_text(encoding="utf-8").split() == [str(state.pid), _GUARDS_VERSION]
        return False
