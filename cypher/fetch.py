"""One run of a saved query in a session of its own: the fetch on either driver, and the thread a
sync run fetches in so that its caller can give up at the deadline.

Public driver API only. A sync session cannot be interrupted from another thread (the driver has no
way to), so a sync run fetches in a thread of its own (`in_thread`) while its caller waits, until the
deadline at most. When the caller gives up (`Run.expire`), the fetch takes no more rows; where a
terminator stops the statement on the server, the read ends at once with an error, otherwise when the
server ends the statement (ArcadeDB: its `arcadedb.command.timeout`). Either way the fetch then rolls
back and closes its session, which returns the connection to the pool. An async run is cancelled by
`asyncio.wait_for`, and `AsyncSession.cancel()` closes its connection.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

import neo4j
from neo4j.exceptions import DriverError, Neo4jError

from cypher.outcomes import Rows
from cypher.saved_model import SavedQuery
from cypher.terminator import SentStatement

log = logging.getLogger("innograph.queries")

FETCH_BATCH = 1000
T = TypeVar("T")


class Run:
    """What the caller and the fetch of one run share: whether the caller gave up, and what was sent."""

    def __init__(self, query: SavedQuery, bound: dict[str, object], *, row_cap: int, timeout_s: float,
                 auth: tuple[str, str] | None) -> None:
        self.query = query
        self.bound = bound
        self.row_cap = row_cap
        self.timeout_s = timeout_s
        self.auth = auth
        self.expired = False
        self.sent: SentStatement | None = None
        self._lock = threading.Lock()

    def session_options(self, database: str) -> dict[str, Any]:
        """A READ session (as the read-only user where the backend has one), fetching past the cap by one."""
        return {"database": database, "default_access_mode": neo4j.READ_ACCESS,
                "fetch_size": min(self.row_cap + 1, FETCH_BATCH), "auth": self.auth}

    def transaction_options(self) -> dict[str, Any]:
        """The transaction's timeout, which Neo4j enforces itself (ArcadeDB ignores it), and who runs it."""
        return {"metadata": {"app": "innograph", "query": self.query.name}, "timeout": self.timeout_s}

    def sending(self) -> bool:
        """Just before the statement is sent: False (send nothing) once the caller gave up."""
        with self._lock:
            if self.expired:
                return False
            user = self.auth[0] if self.auth else None
            self.sent = SentStatement(self.query.text, time.time(), user)
            return True

    def expire(self) -> SentStatement | None:
        """The caller gives up; the statement as it was sent, if it was."""
        with self._lock:
            self.expired = True
            return self.sent


def fetch_sync(driver: neo4j.Driver, database: str, run: Run) -> tuple[list[str], Rows]:
    """The columns and at most `row_cap` rows (+1 seen, for `truncated`); in a transaction never committed."""
    session = driver.session(**run.session_options(database))
    try:
        tx = session.begin_transaction(**run.transaction_options())
        try:
            rows = Rows(run.row_cap)
            if not run.sending():
                return [], rows
            result = tx.run(run.query.text, run.bound)
            columns = list(result.keys())
            for record in result:
                if run.expired or not rows.take(record):
                    break
            return columns, rows
        finally:
            _quietly(tx.close, run)  # never committed: close() rolls the transaction back
    finally:
        _quietly(session.close, run)


def _quietly(close: Callable[[], None], run: Run) -> None:
    """Close; after the caller gave up, a failure to (a statement the server terminated) is only logged."""
    if not run.expired:
        close()
        return
    try:
        close()
    except (Neo4jError, DriverError, OSError):
        log.debug("closing after the deadline of %s failed", run.query.name, exc_info=True)


def in_thread(work: Callable[[], T], name: str) -> Future[T]:
    """`work()` in a daemon thread of its own; its result or error in the future."""
    future: Future[T] = Future()

    def target() -> None:
        future.set_running_or_notify_cancel()
        try:
            future.set_result(work())
        except BaseException as error:  # noqa: BLE001 - handed to the caller, who decides
            future.set_exception(error)

    threading.Thread(target=target, name=name, daemon=True).start()
    return future


async def fetch_async(driver: neo4j.AsyncDriver, database: str, run: Run) -> tuple[list[str], Rows]:
    """`fetch_sync` for an async driver; cancelled (`asyncio.wait_for`), it closes its connection."""
    session = driver.session(**run.session_options(database))
    try:
        tx = await session.begin_transaction(**run.transaction_options())
        rows = Rows(run.row_cap)
        if not run.sending():
            await tx.close()
            return [], rows
        result = await tx.run(run.query.text, run.bound)
        columns = list(result.keys())
        async for record in result:
            if not rows.take(record):
                break
        await tx.close()  # never committed: close() rolls the transaction back
        return columns, rows
    except asyncio.CancelledError:
        session.cancel()  # close the connection: ArcadeDB would otherwise keep it busy
        raise
    finally:
        await session.close()
