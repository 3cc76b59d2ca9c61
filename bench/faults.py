"""Fault scenarios at scale: what was tried, what held, how long recovery took.

On a scratch embedded server of its own (a temporary data directory, removed at the end) it loads a
synthetic CNIPA export once cleanly (the reference fingerprint), then, each into a fresh database:

  * kills the database (`kill -9`) at several points of the load and restarts it, at once (the
    interrupted load's driver may carry on by itself) and after the load has given up; runs the load
    again;
  * kills `innograph ingest patents` (a subprocess) mid-load and runs it again; kills the database
    under it (the CLI must end with one clear line) and runs it again after a restart;
  * drops every Bolt connection several times during a load through a TCP proxy on 127.0.0.1,
    alternately mid-transaction and right after a COMMIT was answered (the answer is lost);
  * kills the database under API traffic (GraphQL, REST, /ready through the ASGI app) and restarts it;
  * starts the server on a full disk and on a read-only data directory (a small tmpfs; needs root or
    CAP_SYS_ADMIN, skipped otherwise).

For each it prints the counts, whether the fingerprint (`graph_fingerprint`: counts and content
checksums per label and type) equals the clean run's, duplicate relationships, and the times.

    python -m bench.faults --rows 20000 --batch-size 200
    python -m bench.faults --rows 100000 --batch-size 2000 --skip api,disk
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import shutil
import tempfile
import time
from pathlib import Path

import neo4j

from extract.chains import load_chains
from graph.embedded import EmbeddedDatabase, EmbeddedDatabaseError
from tests.reliability.faults import (
    Outcome,
    api_database_outage,
    clean_fingerprint,
    drop_connections_mid_load,
    fill_disk,
    kill_database_mid_ingest,
    kill_database_under_cli,
    kill_ingest_process,
    load_like_cli,
    make_export,
    new_database,
    remount,
    tmpfs,
)

SCENARIOS = ("db", "cli", "proxy", "api", "disk")


def _print_outcome(outcome: Outcome) -> bool:
    print("  " + outcome.line().replace("; ", "\n    "))
    if not outcome.equal:
        for line in (outcome.diff or [])[:20]:
            print(f"    DIFF {line}")
    held = outcome.equal and outcome.duplicates == 0 and outcome.kept >= outcome.fault_at
    print(f"    -> {'HELD' if held else 'FAILED'} ({outcome.total_s:.1f}s)")
    return held


def _api(server: EmbeddedDatabase, work: Path) -> bool:
    database = new_database(server, "api")
    small = make_export(work, 200, 100)
    status = server.ensure_running()
    with neo4j.GraphDatabase.driver(status.uri, auth=server.auth) as driver:
        load_like_cli(driver, database, [small.path], batch_size=small.batch_size, chains=None)
    figures = asyncio.run(api_database_outage(server, database, requests=10))
    graphql_ok = all(
        body.get("errors") and body["errors"][0]["extensions"]["code"] == "DATABASE_UNAVAILABLE"
        and body["errors"][0]["extensions"]["requestId"] == f"outage-{i}"
        for i, (_, body) in enumerate(figures["graphql_errors"])
    )
    rest_ok = all(code == 503 and rid == f"outage-rest-{i}" for i, (code, rid, _) in enumerate(figures["rest"]))
    code, body, ready_s = figures["ready_down"]
    print(f"  while down: {len(figures['graphql_errors'])} GraphQL + {len(figures['rest'])} REST requests, "
          f"slowest failure {figures['max_failure_s'] * 1000:.0f} ms; GraphQL DATABASE_UNAVAILABLE with request id: "
          f"{graphql_ok}; REST 503 with request id: {rest_ok}; /ready {code} in {ready_s * 1000:.0f} ms "
          f"({body.get('reason', '')[:80]})")
    print(f"  restart {figures['restart_s']:.1f}s on the same port: {figures['same_port']}; /ready 200 after "
          f"{figures.get('ready_s', float('nan')):.1f}s; GraphQL answering after {figures['recovered_s']:.1f}s "
          f"({figures['failed_after_ready']} failures after /ready)")
    held = (graphql_ok and rest_ok and code == 503 and figures["max_failure_s"] < 5 and figures["after"] is not None)
    print(f"    -> {'HELD' if held else 'FAILED'}")
    server.drop_database(database)
    return held


def _disk(work: Path) -> bool:
    held = True
    try:
        with tmpfs(work / "disk", "16m") as disk:
            data = disk / "var"
            fill_disk(disk)
            began = time.perf_counter()
            try:
                EmbeddedDatabase(data, database="full", heap="256m").start()
                print("  full disk: the server started?!")
                held = False
            except EmbeddedDatabaseError as exc:
                print(f"  full disk: refused in {time.perf_counter() - began:.2f}s: {exc}")
            (disk / "filler").unlink()
            remount(disk, "ro")
            try:
                EmbeddedDatabase(data, database="ro", heap="256m").start()
                print("  read-only: the server started?!")
                held = False
            except EmbeddedDatabaseError as exc:
                print(f"  read-only: refused: {exc}")
            finally:
                remount(disk, "rw")
    except OSError as exc:
        print(f"  skipped: {exc}")
    print(f"    -> {'HELD' if held else 'FAILED'}")
    return held


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--kill-at", default="0.25,0.6", help="fractions of the load at which the database dies")
    parser.add_argument("--drops", type=int, default=6, help="connection drops during the proxied load")
    parser.add_argument("--skip", default="", help=f"comma-separated scenarios to skip: {','.join(SCENARIOS)}")
    parser.add_argument("--heap", default="2g")
    args = parser.parse_args()
    skip = {s for s in args.skip.split(",") if s}
    logging.getLogger("neo4j").setLevel(logging.CRITICAL)  # one line per driver retry otherwise
    # strawberry logs every GraphQL error with its traceback, the API one line per failed request
    for name in ("strawberry.execution", "innograph.api", "innograph.api.graph", "innograph.queries"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    work = Path(tempfile.mkdtemp(prefix="innograph-faults-"))
    server = EmbeddedDatabase(work / "db", database="innograph", heap=args.heap)
    results: dict[str, bool] = {}
    try:
        began = time.perf_counter()
        server.start()
        print(f"server started in {time.perf_counter() - began:.1f}s")
        chains = load_chains()
        export = make_export(work, args.rows, args.batch_size)
        began = time.perf_counter()
        reference = clean_fingerprint(server, export, chains)
        patents = reference.get(("node", "Patent"), (0, 0, 0))[0]
        nodes = sum(v[0] for k, v in reference.items() if k[0] == "node")
        rels = sum(v[0] for k, v in reference.items() if k[0] == "relationship")
        print(f"clean run: {args.rows:,} rows in {export.batches} batches of {args.batch_size} -> {patents:,} patents, "
              f"{nodes:,} nodes, {rels:,} relationships; load + fingerprint {time.perf_counter() - began:.1f}s")
        if "db" not in skip:
            for fraction in (float(f) for f in args.kill_at.split(",")):
                for at_once in (True, False):
                    when = "at once" if at_once else "after the load gave up"
                    print(f"\nkill -9 the database at {fraction:.0%}, restart {when}")
                    outcome = kill_database_mid_ingest(server, export, chains, reference, at_fraction=fraction,
                                                       restart_at_once=at_once, retry_time_s=10.0, deadline_s=1800)
                    results[f"db@{fraction:.0%}/{'at-once' if at_once else 'after'}"] = _print_outcome(outcome)
        if "cli" not in skip:
            print("\nkill -9 `innograph ingest patents` at 50%")
            outcome = kill_ingest_process(server, export, reference, work, at_fraction=0.5, deadline_s=1800)
            results["cli@50%"] = _print_outcome(outcome) and outcome.notes["rerun_exit"] == 0
            print("\nkill -9 the database under `innograph ingest patents` at 30%")
            outcome = kill_database_under_cli(server, export, reference, work, at_fraction=0.3, deadline_s=1800)
            print(f"    CLI said: {outcome.notes['first_error'][:160]} (traceback: {outcome.notes['traceback']})")
            results["db-under-cli@30%"] = (_print_outcome(outcome) and outcome.notes["first_exit"] == 1
                                           and not outcome.notes["traceback"] and outcome.notes["rerun_exit"] == 0)
        if "proxy" not in skip:
            print(f"\n{args.drops} Bolt connection drops through the proxy")
            outcome = drop_connections_mid_load(server, export, chains, reference, drops=args.drops, deadline_s=1800)
            results["proxy"] = _print_outcome(outcome) and outcome.first_run == "completed"
        if "api" not in skip:
            print("\nkill -9 the database under API traffic")
            results["api"] = _api(server, work)
        if "disk" not in skip:
            print("\nfull disk and read-only data directory at start")
            results["disk"] = _disk(work)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    print("\nsummary: " + ", ".join(f"{name} {'held' if ok else 'FAILED'}" for name, ok in results.items()))
    if not all(results.values()):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
