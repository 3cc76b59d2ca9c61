"""The local Neo4j: Neo4j 5.26 community, embedded with its Bolt connector by the launcher in
`neo4j/src` (Java, compiled by Maven at set-up), run as a child process with data under
`DATA_DIR/neo4j`.

The life cycle is `graph.local_server.LocalServer`'s. Here: the Java command line (a small heap and
page cache, both settings), readiness by a real query over Bolt with the generated password, and
failed starts explained from the launcher's `INNOGRAPH-FAILED kind=...` line or the JVM's own
errors, so each is one line naming the cause and the fix.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import neo4j
from neo4j.exceptions import DriverError, Neo4jError

from graph.backend import Backend
from graph.local_server import LocalServer, LocalServerError, ServerStatus
from graph.neo4j_install import LAUNCHER_CLASS, Installation, Neo4jNotInstalled, installation

NEO4J_USER = "neo4j"
# from Neo4j 5's own conf/neo4j.conf: the page cache's direct buffers and netty need these opens
JVM_OPTIONS = (
    "-XX:+ExitOnOutOfMemoryError",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
)
# Garbage collection for a local server that loads in large transactions (bench/RESULTS.md, "Neo4j writer
# throughput"): the parallel collector spends less CPU than G1 on two cores, and a young generation of
# half the heap lets a 2,000-patent transaction's state die young instead of being copied collection
# after collection.
GC_OPTIONS = ("-XX:+UseParallelGC", "-XX:NewRatio=1")
_FAILED = re.compile(r"^INNOGRAPH-FAILED kind=(?P<kind>[\w-]+) ?(?P<detail>.*)$", re.M)
_JAR_TROUBLE = re.compile(
    r"ZipException|invalid LOC header|zip END header|NoClassDefFoundError|ClassNotFoundException|"
    r"Could not find or load main class|UnsupportedClassVersionError|error in opening zip file"
)


def megabytes(size: str) -> int:
    """'512m', '1g', '256M' or a number of bytes, in MiB (at least 8)."""
    match = re.fullmatch(r"\s*(\d+)\s*([kKmMgG]?)[bB]?\s*", size)
    if not match:
        raise LocalServerError(f"invalid memory size {size!r}: write e.g. 512m or 1g")
    number, unit = int(match.group(1)), match.group(2).lower()
    value = {"k": number / 1024, "m": number, "g": number * 1024, "": number / (1 << 20)}[unit]
    return max(8, int(value))


class LocalNeo4j(LocalServer):
    """Start, find and stop the local Neo4j under one data directory."""

    backend = Backend.NEO4J
    folder = "neo4j"
    user = NEO4J_USER
    password_name = "neo4j-password"
    marker = LAUNCHER_CLASS
    label = "local Neo4j"

    def __init__(
        self,
        data_dir: Path | str,
        *,
        database: str = "innograph",
        heap: str = "1g",
        page_cache: str = "256m",
        bolt_port: int = 0,
        start_timeout_s: float = 120.0,
        jars: Path | None = None,
    ) -> None:
        super().__init__(Path(data_dir), database=database, heap=heap, bolt_port=bolt_port,
                         start_timeout_s=start_timeout_s)
        self.page_cache = page_cache
        self.jars = jars
        self._installation: Installation | None = None

    def installation(self) -> Installation:
        """Java and the jars (checked once per object)."""
        if self._installation is None:
            try:
                self._installation = installation(self.jars)
            except Neo4jNotInstalled as exc:
                raise LocalServerError(f"the local Neo4j cannot start: {exc}") from exc
        return self._installation

    def _preflight(self) -> None:
        self.installation()
        for size in (self.heap, self.page_cache):
            megabytes(size)  # parsed for its error only: a bad size is refused before anything runs

    def _command(self, bolt_port: int, http_port: int) -> tuple[list[str], dict[str, str]]:
        found = self.installation()
        cmd = [
            found.java.path,
            # the whole heap from the start, so the young generation is large from the first batch (Linux
            # maps the pages only as they are touched)
            f"-Xms{megabytes(self.heap)}m",
            f"-Xmx{megabytes(self.heap)}m",
            *GC_OPTIONS,
            *JVM_OPTIONS,
            f"-XX:ErrorFile={self.root / 'hs_err_pid%p.log'}",
            "-Dfile.encoding=UTF-8",
            "-cp", found.classpath,
            LAUNCHER_CLASS,
            "--home", str(self.root),
            "--bolt-port", str(bolt_port),
            "--password-file", str(self.password_file),
            "--database", self.database,
            "--page-cache-mb", str(megabytes(self.page_cache)),
            "--start-timeout-ms", str(int(self.start_timeout_s * 1000)),
        ]
        return cmd, dict(os.environ)

    def _answers(self, state: ServerStatus) -> bool:
        try:
            with neo4j.GraphDatabase.driver(state.uri, auth=self.auth, connection_timeout=2.0) as driver:
                records, _, _ = driver.execute_query("RETURN 1 AS ok", database_=self.database,
                                                     routing_=neo4j.RoutingControl.READ)
                return bool(records[0]["ok"] == 1)
        except (DriverError, Neo4jError, OSError):
            return False

    def _exited(self, code: int, output: str) -> LocalServerError:
        failed = _FAILED.search(output)
        kind, detail = (failed.group("kind"), failed.group("detail")) if failed else ("", "")
        where = f"(details in {self.log_file})"
        if kind == "store-locked":
            return LocalServerError(
                f"the data directory {self.root} is held by another Neo4j process (its store lock is taken): "
                f"stop that server (`innograph db stop` for one InnoGraph started) or set INNOGRAPH_DATA_DIR "
                f"to another directory {where}"
            )
        if kind == "port-taken":
            return LocalServerError(
                "the local Neo4j's Bolt port was taken by another program while it started: run the command "
                f"again (a free port is chosen) or set INNOGRAPH_EMBEDDED_BOLT_PORT {where}"
            )
        if kind == "database-failed":
            return LocalServerError(
                f"the local Neo4j's database {self.database!r} under {self.root / 'data'} failed to start, its "
                f"store is damaged ({detail[:300]}): restore it from a backup, or move {self.root} aside to start "
                f"with an empty graph {where}"
            )
        if kind == "disk-full" or "No space left on device" in output:
            return LocalServerError(
                f"the data directory {self.root} is not writable (No space left on device); free disk space or "
                f"set INNOGRAPH_DATA_DIR to a writable directory {where}"
            )
        if "OutOfMemoryError" in output:
            return LocalServerError(
                f"the local Neo4j ran out of memory while starting (heap {self.heap}): raise "
                f"INNOGRAPH_EMBEDDED_HEAP {where}"
            )
        if _JAR_TROUBLE.search(output):
            trouble = _JAR_TROUBLE.search(output).group(0)  # type: ignore[union-attr]
            return LocalServerError(
                f"the local Neo4j's jars in {self.installation().target} are damaged or incomplete ({trouble}): "
                f"run `bash scripts/bootstrap.sh` to install them again {where}"
            )
        return super()._exited(code, output)
