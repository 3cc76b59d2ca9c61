"""Child process that runs the embedded ArcadeDB server with its Bolt plugin on loopback.

Started by `graph.embedded.EmbeddedDatabase`; never imported by the rest of InnoGraph. The root
password is read from a file (not argv) so it does not show in `ps`.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path


def _server_config(args: argparse.Namespace) -> dict[str, object]:
    return {
        "host": "127.0.0.1",
        "http_port": args.http_port,
        "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
        "bolt_port": args.bolt_port,
        # LOAD CSV and the command timeout are per-database settings, which ArcadeDB ignores when given
        # to the server: graph.embedded sets them on each database (graph/arcadedb_guards.py).
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="innograph-arcadedb")
    parser.add_argument("--root", required=True, type=Path)
    parser.add_argument("--password-file", required=True, type=Path)
    parser.add_argument("--bolt-port", required=True, type=int)
    parser.add_argument("--http-port", required=True, type=int)
    parser.add_argument("--database", required=True)
    parser.add_argument("--heap", default="2g")
    args = parser.parse_args(argv)

    password = args.password_file.read_text(encoding="utf-8").strip()
    os.chdir(args.root)  # ArcadeDB writes ./log relative to the working directory

    from arcadedb_embedded.server import ArcadeDBServer

    server = ArcadeDBServer(
        root_path=str(args.root.resolve()),
        root_password=password,
        config=_server_config(args),
        jvm_kwargs={"heap_size": args.heap},
    )
    server.start()
    if not (args.root / "databases" / args.database).exists():
        server.create_database(args.database)
    print(f"INNOGRAPH-READY bolt={args.bolt_port} http={args.http_port}", flush=True)

    stopped = threading.Event()

    def _stop(signum: int, frame: object) -> None:
        stopped.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    while not stopped.wait(1.0):
        pass
    server.stop()
    print("INNOGRAPH-STOPPED", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
