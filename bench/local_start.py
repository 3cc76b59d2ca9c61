"""Cold start of the local databases and what a warm CLI command costs, both backends in one run.

    python -m bench.local_start [--repeats 3] [--heap 1g]

For each backend (the local Neo4j where it is installed, and the embedded ArcadeDB) it prints:
  * first start: `innograph db start` on an empty INNOGRAPH_DATA_DIR (store created, schema applied),
    wall time of the whole command;
  * cold start: the server stopped, `innograph db start` again (the store exists);
  * warm command: the server running, `innograph db status` and `innograph query run graph_fingerprint`
    (Python start, backend choice, connect, the queries), wall time, best and median of --repeats;
  * `python -c 'import innograph.cli'` alone, to show what of that is Python's own start.
Targets (issue 14): cold start of the local Neo4j < 20 s; a warm CLI command adds < 1 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from graph.neo4j_install import Neo4jNotInstalled, installation


def _run(args: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600)
    elapsed = time.perf_counter() - began
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return elapsed


def _cli(*words: str) -> list[str]:
    return [sys.executable, "-m", "innograph", *words]


def _figures(values: list[float]) -> str:
    return f"best {min(values):.2f} s, median {statistics.median(values):.2f} s"


def bench_backend(backend: str, work: Path, repeats: int, heap: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INNOGRAPH_")}
    env.update({"INNOGRAPH_BACKEND": backend, "INNOGRAPH_DATA_DIR": str(work / backend),
                "INNOGRAPH_EMBEDDED_HEAP": heap})
    first = _run(_cli("db", "start"), env)
    colds = []
    for _ in range(repeats):
        _run(_cli("db", "stop"), env)
        colds.append(_run(_cli("db", "start"), env))
    status = [_run(_cli("db", "status"), env) for _ in range(repeats)]
    query = [_run(_cli("query", "run", "graph_fingerprint", "-p", "content=false"), env) for _ in range(repeats)]
    stop_began = time.perf_counter()
    _run(_cli("db", "stop"), env)
    stop_s = time.perf_counter() - stop_began
    print(f"{backend:9s} first start {first:5.1f} s | cold start {_figures(colds)} | "
          f"warm `db status` {_figures(status)} | warm `query run` {_figures(query)} | stop {stop_s:.1f} s",
          flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--heap", default="1g")
    args = parser.parse_args(argv)
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f}; "
          f"{os.cpu_count()} cores; heap {args.heap}")
    python = [_run([sys.executable, "-c", "import innograph.cli"], dict(os.environ)) for _ in range(args.repeats)]
    print(f"python -c 'import innograph.cli': {_figures(python)}")
    backends = ["arcadedb"]
    try:
        found = installation()
        backends.insert(0, "neo4j")
        print(f"local Neo4j {found.neo4j_version} on Java {found.java.version}")
    except Neo4jNotInstalled as exc:
        print(f"local Neo4j not measured: {exc}")
    with tempfile.TemporaryDirectory(prefix="innograph-start-") as tmp:
        for backend in backends:
            bench_backend(backend, Path(tmp), args.repeats, args.heap)
    return 0


if __name__ == "__main__":
    sys.exit(main())
