"""Stopping a statement on the server after its client gave up (ArcadeDB does not notice a closed connection).

Measured: a killed cartesian product kept a core busy for minutes, and four of them filled ArcadeDB's
own query slots (`arcadedb.queryMaxConcurrent=4`). So when a saved query passes its deadline,
`ArcadeDBQueryTerminator` finds the statement in ArcadeDB's `list queries` and sends `terminate query
<id>` (HTTP, root); ArcadeDB then fails the statement (`Neo.ClientError.Transaction.Terminated`),
which also ends the client's blocked read.

Which entry is ours: the driver's public API does not tell which connection (client port) a session
uses, so the terminator matches what the runner knows of what it sent (`SentStatement`): the same
text, from the same user, started (ArcadeDB's `startedAt`, same host clock) no earlier than it was
sent, the entry closest to that moment. An identical statement another client began earlier is left
alone; two identical runs sent within the same instant may swap entries, and both passed the deadline.
"""

from __future__ import annotations

import base64
import json
import time
import urllib.request
from dataclasses import dataclass
from typing import Any, Protocol

CLOCK_SLACK_S = 0.25  # a statement ArcadeDB says began this much before we sent ours is still a candidate
RETRY_AFTER_S = 0.2  # a statement sent just before the deadline may not be listed yet: look once more


@dataclass(frozen=True)
class SentStatement:
    """A statement as the runner sent it: what a terminator looks for among the server's statements."""

    text: str
    sent_at: float  # time.time() just before it was sent
    user: str | None  # the user its session authenticated as, when the runner chose one


class QueryTerminator(Protocol):
    """Stops, on the server, a statement whose client gave up on it."""

    def terminate(self, database: str, statement: SentStatement) -> list[str]:
        """Stop `statement` in `database`; the ids and outcomes of what was stopped (none if it ended)."""
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

    def find(self, database: str, statement: SentStatement) -> dict[str, Any] | None:
        """The entry of `list queries` that is `statement`, if it still runs."""
        candidates = [
            (abs(started - statement.sent_at), entry)
            for entry in self.running(database)
            if entry.get("protocol") == "bolt"
            and entry.get("text") == statement.text
            and statement.user in (None, entry.get("user"))
            and not entry.get("terminating")
            and (started := float(entry.get("startedAt") or 0) / 1000) >= statement.sent_at - CLOCK_SLACK_S
        ]
        return min(candidates, key=lambda pair: pair[0])[1] if candidates else None

    def terminate(self, database: str, statement: SentStatement) -> list[str]:
        for attempt in range(2):
            entry = self.find(database, statement)
            if entry is not None:
                answer = self.command(f"terminate query {entry['id']}", wait=5000) or {}
                return [f"{entry['id']}: {answer.get('status', '?')}"]
            if attempt == 0:
                time.sleep(RETRY_AFTER_S)
        return []
