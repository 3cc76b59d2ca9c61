"""The local database a benchmark runs on: the local Neo4j or the embedded ArcadeDB, both in one run.

Benchmarks compare backends in the same run on the same machine (so the load of the moment weighs on
both alike); `--backends neo4j arcadedb` is their common option. Sizes are what the product's own
defaults would give a 2-core, 24 GB machine: heap as asked, and for Neo4j a page cache of a quarter of
the heap's size at least 512 MB (the store of 100k patents is ~300 MB).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from graph.backend import Backend
from graph.local_server import LocalServer

BACKENDS = ("neo4j", "arcadedb")


def add_backends_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS),
                        help="local databases to measure, in this order (default: both)")


def local_server(backend: str, data_dir: Path, *, database: str, heap: str,
                 page_cache: str = "1g") -> LocalServer:
    """A local server of `backend` under `data_dir`, not started."""
    if Backend(backend) is Backend.NEO4J:
        from graph.neo4j_local import LocalNeo4j

        return LocalNeo4j(data_dir, database=database, heap=heap, page_cache=page_cache)
    from graph.embedded import EmbeddedDatabase

    return EmbeddedDatabase(data_dir, database=database, heap=heap)
