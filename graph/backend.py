"""The differences between the two backends, in one place.

Measured on ArcadeDB 26.10 over Bolt: writes sent in a READ session still run, Bolt transaction
timeouts are ignored, and the JVM may ignore SIGTERM. Neo4j 5 (measured on the local 5.26 too)
refuses a write in a READ transaction (`Neo.ClientError.Statement.AccessMode`) and aborts a
transaction past its timeout itself, so InnoGraph's own terminator is only ArcadeDB's. Everything
that depends on that reads a `BackendProfile` instead of testing the URI.

Which backend a process uses is decided in `graph.connection.choose_backend`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Backend(str, Enum):
    ARCADEDB = "arcadedb"
    NEO4J = "neo4j"


@dataclass(frozen=True)
class BackendProfile:
    """What a backend enforces by itself, and so what InnoGraph must enforce for it."""

    backend: Backend
    enforces_read_access: bool
    honours_transaction_timeout: bool
    supports_read_only_users: bool
    description: str


PROFILES: dict[Backend, BackendProfile] = {
    Backend.ARCADEDB: BackendProfile(
        backend=Backend.ARCADEDB,
        enforces_read_access=False,
        honours_transaction_timeout=False,
        # saved queries run as a reader user created by graph.arcadedb_guards
        supports_read_only_users=True,
        description="ArcadeDB",
    ),
    Backend.NEO4J: BackendProfile(
        backend=Backend.NEO4J,
        enforces_read_access=True,
        honours_transaction_timeout=True,
        # roles are an enterprise feature: in community every user may write, so READ mode is the guard
        supports_read_only_users=False,
        description="Neo4j 5",
    ),
}


def profile(backend: Backend) -> BackendProfile:
    return PROFILES[backend]
