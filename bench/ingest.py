"""Writer throughput on each local database: N synthetic patents through `GraphWriter`.

Each patent has about 3 inventors (from a pool, so people recur), 1-2 applicants and 2-3 IPC
classes. Prints patents/s with the CPU the loader and the server used for them and the load average,
the naive one-patent-per-transaction MERGE loop measured in the same run,
and the peak RSS of this process and of the database server.

    python -m bench.ingest --patents 10000 100000 [--backends neo4j arcadedb]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import tempfile
import time
from pathlib import Path

import neo4j
import psutil

from bench.servers import add_backends_option, local_server
from graph.batch import GraphBatch
from core.model import node_id
from graph.schema import migrate
from graph.writer import GraphWriter

IPC_POOL = [f"G06N{g}/{s:02d}" for g in range(1, 21) for s in range(0, 100, 4)] + [
    f"H01L{g}/{s:02d}" for g in range(21, 41) for s in range(0, 100, 5)
]


def synthetic_patents(n: int, seed: int):
    """Yield (patent, inventors, applicants, ipc) tuples with realistic reuse of people and firms."""
    rng = random.Random(seed)
    inventors = max(50, int(n * 0.6))
    orgs = max(10, n // 20)
    for i in range(n):
        yield (
            f"CN{100000000 + i}A",
            [f"inventor-{rng.randrange(inventors)}" for _ in range(rng.choice((2, 3, 3, 4)))],
            [f"org-{int(orgs * rng.random() ** 2)}" for _ in range(rng.choice((1, 1, 1, 2)))],
            rng.sample(IPC_POOL, rng.choice((2, 3))),
        )


def to_batches(patents, size: int):
    batch = GraphBatch()
    for number, inventors, applicants, ipcs in patents:
        pid = node_id("Patent", number)
        batch.node("Patent", pid, {"number": number, "title": f"method {number}", "year": 2020})
        for seq, name in enumerate(inventors, 1):
            iid = node_id("Inventor", name)
            batch.node("Inventor", iid, {"name": name})
            batch.relationship("INVENTED", ("Inventor", iid), ("Patent", pid), {"sequence": seq})
        for seq, name in enumerate(applicants, 1):
            oid = node_id("Organization", name)
            batch.node("Organization", oid, {"name": name, "kind": "firm"}, aliases=[name])
            batch.relationship("APPLIED_FOR", ("Organization", oid), ("Patent", pid), {"sequence": seq})
        for code in ipcs:
            batch.relationship("CLASSIFIED_AS", ("Patent", pid), ("IPCClass", node_id("IPCClass", code)))
        batch.rows += 1
        if batch.rows >= size:
            yield batch
            batch = GraphBatch()
    if batch.rows:
        yield batch


def _naive_patent(tx, number, inventors, applicants, ipcs) -> None:  # noqa: ANN001
    """One patent of the baseline, its values passed by execute_write (a closure in the loop would be late-bound)."""
    pid = node_id("Patent", number)
    tx.run("MERGE (p:Patent {id: $id}) SET p.number = $n", id=pid, n=number).consume()
    for name in inventors:
        tx.run("MERGE (i:Inventor {id: $id}) SET i.name = $n", id=node_id("Inventor", name), n=name).consume()
        tx.run("MATCH (i:Inventor {id: $i}), (p:Patent {id: $p}) MERGE (i)-[:INVENTED]->(p)",
               i=node_id("Inventor", name), p=pid).consume()
    for name in applicants:
        tx.run("MERGE (o:Organization {id: $id}) SET o.name = $n", id=node_id("Organization", name), n=name).consume()
        tx.run("MATCH (o:Organization {id: $o}), (p:Patent {id: $p}) MERGE (o)-[:APPLIED_FOR]->(p)",
               o=node_id("Organization", name), p=pid).consume()
    for code in ipcs:
        tx.run("MERGE (c:IPCClass {id: $id})", id=node_id("IPCClass", code)).consume()
        tx.run("MATCH (p:Patent {id: $p}), (c:IPCClass {id: $c}) MERGE (p)-[:CLASSIFIED_AS]->(c)",
               p=pid, c=node_id("IPCClass", code)).consume()


def naive_loop(driver: neo4j.Driver, database: str, patents) -> int:
    """The baseline: one transaction per patent, one MERGE statement per node and relationship."""
    count = 0
    for number, inventors, applicants, ipcs in patents:
        with driver.session(database=database) as session:
            session.execute_write(_naive_patent, number, inventors, applicants, ipcs)
        count += 1
    return count


def peak_rss_mb(pid: int) -> float:
    """Peak resident set size of a process (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU a process has used so far."""
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


def measure(backend: str, n: int, args: argparse.Namespace) -> None:
    """One line of figures: the writer and the naive loop on a fresh database of `backend`."""
    data_dir = Path(tempfile.mkdtemp(prefix="innograph-bench-"))
    server = local_server(backend, data_dir, database="bench", heap=args.heap)
    try:
        cold = time.perf_counter()
        status = server.start()
        cold = time.perf_counter() - cold
        with neo4j.GraphDatabase.driver(status.uri, auth=server.auth) as driver:
            migrate(driver, "bench")
            writer = GraphWriter(driver, "bench")
            client, server_cpu = time.process_time(), cpu_seconds(status.pid)
            summary = writer.write_all(to_batches(synthetic_patents(n, args.seed), args.batch_size))
            client, server_cpu = time.process_time() - client, cpu_seconds(status.pid) - server_cpu
            load = os.getloadavg()[0]
            rate = n / summary.seconds
            baseline_patents = list(synthetic_patents(args.naive, args.seed + 1))
            began = time.perf_counter()
            naive_loop(driver, "bench", [(f"N{p[0]}",) + p[1:] for p in baseline_patents])
            naive_rate = args.naive / (time.perf_counter() - began)
        print(
            f"{backend:8}  N={n:>7,}  writer {rate:8,.0f} patents/s ({summary.seconds:6.1f}s, batch {args.batch_size}, "
            f"{summary.nodes_created:,} nodes, {summary.relationships_created:,} rels; CPU loader {client:5.1f}s "
            f"server {server_cpu:5.1f}s = {1000 * (client + server_cpu) / n:.2f} ms/patent, load {load:.1f})  "
            f"naive {naive_rate:6,.0f} patents/s  speed-up {rate / naive_rate:5.1f}x  "
            f"peak RSS loader {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:6.0f} MB, "
            f"server {peak_rss_mb(status.pid):6.0f} MB  cold start {cold:4.1f}s",
            flush=True,
        )
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patents", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--batch-size", type=int, default=2000)
    parser.add_argument("--naive", type=int, default=300, help="patents for the naive baseline")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--heap", default="4g")
    add_backends_option(parser)
    args = parser.parse_args()
    for n in args.patents:
        for backend in args.backends:
            measure(backend, n, args)


if __name__ == "__main__":
    main()
