"""Neo4j's own import tool, `neo4j-admin database import full`, run from the Maven jars of the local
Neo4j (`org.neo4j.cli.AdminTool` is in `neo4j-command-line`, the import itself in `neo4j-import-tool`,
both brought by `org.neo4j:neo4j`, see neo4j/pom.xml).

The tool reads NEO4J_HOME (the local Neo4j's folder, `DATA_DIR/neo4j`, whose `data/databases/<db>` the
launcher opens) and NEO4J_CONF (a folder with a `neo4j.conf`; an empty one keeps every default, the
launcher's own settings are given at its start). It needs the database closed: the server is stopped
first (`graph.bulk.load`).
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from graph.bulk.csv_files import ARRAY_DELIMITER_OPTION, ImportFiles
from graph.neo4j_install import Installation

ADMIN_CLASS = "org.neo4j.cli.AdminTool"
_IMPORTED = re.compile(r"Imported:\s+(?P<nodes>\d+) nodes\s+(?P<rels>\d+) relationships\s+(?P<props>\d+) properties")


class ImportToolError(RuntimeError):
    """The import tool refused the files or failed; the message holds its own words."""


@dataclass
class ImportResult:
    nodes: int
    relationships: int
    properties: int
    seconds: float
    log: Path


def import_command(installation: Installation, files: ImportFiles, database: str, *, heap: str = "1g",
                   max_off_heap: str = "2G", threads: int | None = None) -> list[str]:
    """The java command line of `neo4j-admin database import full` for `files`."""
    cmd = [
        installation.java.path, f"-Xmx{heap}", "-XX:+ExitOnOutOfMemoryError",
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--enable-native-access=ALL-UNNAMED", "-Dfile.encoding=UTF-8",
        "-cp", installation.classpath, ADMIN_CLASS,
        "database", "import", "full", database,  # first: --nodes and --relationships take every file after them
        "--overwrite-destination=true",  # the database is empty (checked) or the migrated empty store
        "--multiline-fields=true",  # titles, abstracts and legal statuses hold line breaks
        f"--array-delimiter={ARRAY_DELIMITER_OPTION}",
        "--bad-tolerance=0",  # a refused row is a bug of the CSV writer: the graph would differ
        f"--max-off-heap-memory={max_off_heap}",
        f"--report-file={files.folder / 'import.report'}",
    ]
    if threads:
        cmd.append(f"--threads={threads}")
    cmd += [f"--nodes={label}={','.join(str(p) for p in paths)}" for label, paths in files.nodes]
    cmd += [f"--relationships={rel_type}={','.join(str(p) for p in paths)}"
            for rel_type, paths in files.relationships]
    return cmd


def run_import(installation: Installation, files: ImportFiles, home: Path, database: str, **options: object
               ) -> ImportResult:
    """Run the import into `home`'s database; raises ImportToolError with the tool's last lines."""
    conf = files.folder / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    (conf / "neo4j.conf").touch()
    home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, NEO4J_HOME=str(home), NEO4J_CONF=str(conf))
    log = files.folder / "import.log"
    started = time.perf_counter()
    with open(log, "w", encoding="utf-8") as output:
        code = subprocess.call(import_command(installation, files, database, **options),  # type: ignore[arg-type]
                               stdout=output, stderr=subprocess.STDOUT, env=env, cwd=files.folder)
    seconds = time.perf_counter() - started
    text = log.read_text(encoding="utf-8", errors="replace")
    found = _IMPORTED.search(text)
    if code != 0 or found is None:
        # the tool's own words, without progress dots and Java stack frames
        lines = [line.strip() for line in text.splitlines()
                 if line.strip() and not line.startswith((".", "-")) and not line.strip().startswith(("at ", "..."))]
        raise ImportToolError(f"neo4j-admin database import failed (exit {code}): "
                              + " | ".join(lines[-4:])[:1500] + f" (full output in {log})")
    return ImportResult(int(found["nodes"]), int(found["rels"]), int(found["props"]), seconds, log)
