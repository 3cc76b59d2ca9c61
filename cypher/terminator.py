"""Stopping a statement on the server after its client gave up (ArcadeDB does not notice a closed connection).

Measured: a killed cartesian product kept a core busy for minutes, and four of them filled ArcadeDB's
own query slots (`arcadedb.queryMaxConcurrent=4`). So when a saved query passes its deadline, the
runner kills the connection and `ArcadeDBQueryTerminator` finds the statement in ArcadeDB's `list
queries` by the client port of that connection and sends `terminate query <id>` (HTTP, root).
"""

from __future__ import annotations

import base64
import json
import urllib.request
from typing import Any, Protocol


class QueryTerminator(Protocol):
    """Stops, on the server, the statement a killed client connection was running."""

    def terminate(self, database: str, client_port: int) -> list[str]:
        """Stop the statements of `database` sent from local port `client_port`; their ids and outcomes."""
        ...


class ArcadeDBQueryTerminator:
    """`QueryTerminator` for ArcadeDB: `list queries` / `terminate query <id>` on POST /api/v1/server."""

    def __init__(self, http_url: str, auth: tuple[str, str], *, request_timeout_s: float = 15.0) -> None:
        self.http_url = http_url.rstrip("/")
        self._token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        self.request_timeout_s = request_timeout_s

    @classmethod
    def for_embedded(cls, server: Any) -> ArcadeDBQueryTerminator | None:
        """For a running `graph.embedded.EmbeddedDatabase`; None when it is not running."""
        status = server.status()
        if status is None:
            return None
        return cls(f"http://127.0.0.1:{status.http_port}", server.auth)

    def command(self, command: str, **payload: object) -> Any:
        """One server command; its `result`."""
        request = urllib.request.Request(
            f"{self.http_url}/api/v1/server",
            data=json.dumps({"command": command, **payload}).encode(),
            headers={"Authorization": f"Basic {self._token}", "Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=self.request_timeout_s) as response:
            return json.loads(response.read() or b"{}").get("result")

    def running(self, database: str | None = None) -> list[dict[str, Any]]:
        """The statements the server runs now (for `database`, if given)."""
        command = "list queries" + (f" database {database}" if database else "")
        return list(self.command(command) or [])

    def terminate(self, database: str, client_port: int) -> list[str]:
        outcomes: list[str] = []
        for entry in self.running(database):
            address = str(entry.get("clientAddress", ""))
            if entry.get("protocol") == "bolt" and address.endswith(f":{client_port}"):
                answer = self.command(f"terminate query {entry['id']}", wait=5000) or {}
                outcomes.append(f"{entry['id']}: {answer.get('status', '?')}")
        return outcomes
