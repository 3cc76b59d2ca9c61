"""Bulk initial load, phase by phase: N synthetic patents generated as a CNIPA export, then loaded into
an EMPTY fresh local Neo4j by the shipped bulk path (`graph.bulk.load.bulk_load`, the code of
`innograph ingest patents --bulk`, with the shipped chains so patents are classified while read),
then the first planner query. Prints one row per phase: wall and CPU seconds (this process, and the
Java processes it started: the server and the import tool), peak RSS of each, the load average.

    python -m bench.bulk --patents 100000
    nice -n 5 python -m bench.bulk --patents 1000000 --keep /tmp/bulk-keep   # issue 14: <= 5 min

`--keep DIR` keeps the loaded database as DIR/neo4j-<N>, laid out as `bench.report --keep DIR` keeps
its own loads (database "report", marker file), so `python -m bench.report --patents N --backends
neo4j --keep DIR` reports on it without loading again.

How CPU and memory are read: this process from `time.process_time` and a sampler thread; the Java
processes by sampling their CPU times and RSS (psutil) every 0.5 s, so up to 0.5 s of a process's
last CPU and its last peak can be missed. The read phase is split by timing, from inside, the
loader's disambiguation, concept extraction and classification calls (wrappers set for the run only).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import neo4j
import psutil

import graph.ingest.patents as patent_loader
from cypher.catalog import statement
from demo_data.patents import generate_cnipa_csv
from extract.chains import load_chains
from extract.concepts import ConceptMatcher
from graph.bulk.load import BulkReport, bulk_load, checked_target
from core.settings import Settings

DATABASE = "report"  # bench.report's database and marker, so its --keep reuses a kept load
LOADED = "loaded.ok"
PHASES = {  # on_phase messages of bulk_load -> the row they open
    "reading, resolving and classifying": "read (scan, resolve, disambiguate, concepts, classify, merge)",
    "writing CSV": "CSV writing",
    "stopping the local Neo4j": "server stop",
    "importing": "neo4j-admin database import",
    "starting the local Neo4j": "server start on the imported store",
    "schema": "schema: constraints and indexes, online",
    "restoring empty lists": "empty-list restore",
    "patent counts": "patent counts of organisations and inventors",
}


@dataclass
class Row:
    name: str
    wall: float = 0.0
    cpu_self: float = 0.0
    cpu_java: float = 0.0
    rss_self: float = 0.0  # MB
    rss_java: float = 0.0
    load_end: float = 0.0
    load_max: float = 0.0
    inner: bool = False  # a part of the row before it, not a phase of its own


class Sampler(threading.Thread):
    """CPU and RSS of this process and its descendants (the Java processes), every `interval` s."""

    def __init__(self, interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.me = psutil.Process()
        self.cpu_seen: dict[int, float] = {}  # pid -> last user+system seconds (kept after it exits)
        self.peak_self = self.peak_java = 0.0
        self.load_max = 0.0
        self.lock = threading.Lock()
        self.done = threading.Event()

    def sample(self) -> None:
        java = 0.0
        for child in self.me.children(recursive=True):
            try:
                with child.oneshot():
                    times, rss = child.cpu_times(), child.memory_info().rss
            except psutil.Error:
                continue
            java += rss / 2**20
            with self.lock:
                self.cpu_seen[child.pid] = times.user + times.system
        mine = self.me.memory_info().rss / 2**20
        with self.lock:
            self.peak_self = max(self.peak_self, mine)
            self.peak_java = max(self.peak_java, java)
            self.load_max = max(self.load_max, os.getloadavg()[0])

    def run(self) -> None:
        while not self.done.wait(self.interval):
            self.sample()

    def java_cpu(self) -> float:
        with self.lock:
            return sum(self.cpu_seen.values())

    def reset_peaks(self) -> None:
        with self.lock:
            self.peak_self = self.peak_java = self.load_max = 0.0


class Phases:
    """The table: `open(name)` ends the running row and starts the next."""

    def __init__(self, sampler: Sampler) -> None:
        self.sampler = sampler
        self.rows: list[Row] = []
        self._current: Row | None = None
        self._mark = (0.0, 0.0, 0.0)

    def open(self, name: str) -> None:
        self.close()
        self.sampler.sample()
        self.sampler.reset_peaks()
        self.sampler.sample()
        self._current = Row(name)
        self._mark = (time.perf_counter(), time.process_time(), self.sampler.java_cpu())

    def close(self) -> None:
        if self._current is None:
            return
        self.sampler.sample()
        row, (wall, cpu, java) = self._current, self._mark
        row.wall, row.cpu_self = time.perf_counter() - wall, time.process_time() - cpu
        row.cpu_java = self.sampler.java_cpu() - java
        row.rss_self, row.rss_java = self.sampler.peak_self, self.sampler.peak_java
        row.load_end, row.load_max = os.getloadavg()[0], self.sampler.load_max
        self.rows.append(row)
        # as it ends, so a run cut short still leaves its figures
        print(f"{row.name}: {row.wall:.1f}s wall, CPU {row.cpu_self:.1f}s bench + {row.cpu_java:.1f}s Java, peak RSS "
              f"{row.rss_self:.0f} / {row.rss_java:.0f} MB, load {row.load_end:.2f}", flush=True)
        self._current = None


class InnerTimers:
    """Wall and CPU seconds spent in a few loader calls, summed over the read phase."""

    def __init__(self) -> None:
        self.totals: dict[str, list[float]] = {}

    def add(self, name: str, wall: float, cpu: float) -> None:
        total = self.totals.setdefault(name, [0.0, 0.0])
        total[0] += wall
        total[1] += cpu

    def wrap(self, name: str, function: Callable[..., Any], *, materialise: bool = False) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), time.process_time()
            result = function(*args, **kwargs)
            if materialise:  # a generator: its work happens while it is consumed
                result = iter(list(result))
            self.add(name, time.perf_counter() - wall, time.process_time() - cpu)
            return result
        return timed


@contextmanager
def timed_loader_calls(timers: InnerTimers) -> Iterator[None]:
    """Wrap disambiguation, concepts and classification of `graph.ingest.patents` for the run."""
    saved = (patent_loader.iter_disambiguate, patent_loader.add_segment_links, ConceptMatcher._pipe_chunk)
    patent_loader.iter_disambiguate = timers.wrap("  of which inventor disambiguation", saved[0],  # type: ignore[assignment]
                                                  materialise=True)
    patent_loader.add_segment_links = timers.wrap("  of which chain segment classification", saved[1])  # type: ignore[assignment]
    ConceptMatcher._pipe_chunk = timers.wrap("  of which technology concepts (spaCy)", saved[2],  # type: ignore[method-assign]
                                             materialise=True)
    try:
        yield
    finally:
        patent_loader.iter_disambiguate, patent_loader.add_segment_links, ConceptMatcher._pipe_chunk = saved  # type: ignore[assignment,method-assign]


def first_query(server_uri: str, auth: tuple[str, str], chain: str, segment: str) -> tuple[float, float, int]:
    """The saved planner query `top_applicants_in_segment` in Jiangsu: first and second call (s), rows."""
    text = statement("queries/top_applicants_in_segment")
    params = {"segment": segment, "chain": chain, "region": "Jiangsu", "kind": "", "min_confidence": 0.0,
              "limit": 20}
    times = []
    with neo4j.GraphDatabase.driver(server_uri, auth=auth) as driver:
        for _ in range(2):
            began = time.perf_counter()
            records, _, _ = driver.execute_query(text, params, database_=DATABASE, routing_=neo4j.RoutingControl.READ)
            times.append(time.perf_counter() - began)
    return times[0], times[1], len(records)


def du_mb(path: Path) -> float:
    out = subprocess.run(["du", "-sm", str(path)], capture_output=True, text=True, check=False).stdout.split()
    return float(out[0]) if out else float("nan")


def print_table(rows: list[Row], report: BulkReport, n: int) -> None:
    print(f"\n| phase ({n:,} patents) | wall s | CPU s bench | CPU s Java | peak RSS bench MB | peak RSS Java MB "
          f"| load avg end (max) |\n|---|---:|---:|---:|---:|---:|---|")
    for r in rows:
        if r.inner:
            print(f"| {r.name} | {r.wall:,.1f} | {r.cpu_self:,.1f} | | | | |")
            continue
        print(f"| {r.name} | {r.wall:,.1f} | {r.cpu_self:,.1f} | {r.cpu_java:,.1f} | {r.rss_self:,.0f} | "
              f"{r.rss_java:,.0f} | {r.load_end:.2f} ({r.load_max:.2f}) |")
    main = [r for r in rows if not r.inner]
    loaded = [r for r in main if r.name != "generate CNIPA export"]
    for label, part in (("export -> queried graph", loaded), ("with generation", main)):
        print(f"| **{label}** | **{sum(r.wall for r in part):,.1f}** | {sum(r.cpu_self for r in part):,.1f} | "
              f"{sum(r.cpu_java for r in part):,.1f} | | | |")
    files, imported, load = report.files, report.imported, report.load
    assert files is not None and imported is not None
    print(f"\n{load.records:,} patents ({load.rejected:,} rejected), {load.organizations:,} organisations, "
          f"{load.inventors.inventors:,} inventors from {load.inventors.mentions:,} mentions; "
          f"{load.classified:,} patents classified ({load.segment_links:,} IN_SEGMENT links); CSV "
          f"{files.bytes / 2**20:,.0f} MB; imported {imported.nodes:,} nodes, {imported.relationships:,} "
          f"relationships, {imported.properties:,} properties; bulk_load phases "
          + ", ".join(f"{k} {v:.1f}s" for k, v in report.phases.items()), flush=True)


def run(n: int, seed: int, work: Path, heap: str, page_cache: str, chain: str) -> Path:
    """Generate, bulk-load and query; returns the server's data directory (stopped)."""
    settings = Settings(_env_file=None, backend="neo4j", neo4j_uri=None, neo4j_database=DATABASE,  # type: ignore[call-arg]
                        data_dir=work / "db", embedded_heap=heap, embedded_page_cache=page_cache)
    settings.data_dir.mkdir(parents=True, exist_ok=True)  # bulk_load puts its CSV folder beside the server's
    sampler = Sampler()
    sampler.start()
    phases, timers = Phases(sampler), InnerTimers()
    chains = load_chains()
    csv = work / f"patents-{n}.csv"
    phases.open("generate CNIPA export")
    generate_cnipa_csv(csv, n, seed=seed)
    phases.open("checks (Java, jars, empty store)")
    server = checked_target(settings)
    scan_end: list[float] = []

    def on_records(phase: str, _: int) -> None:
        if phase == "write" and not scan_end:
            scan_end.append(time.perf_counter())

    def on_phase(message: str) -> None:
        phases.open(PHASES.get(message, message))
        if message.startswith("reading"):
            read_began.append(time.perf_counter())

    read_began: list[float] = []
    try:
        with timed_loader_calls(timers):
            report = bulk_load(settings, [csv], chains=chains, rejects_path=work / "rejects.jsonl",
                               on_records=on_records, on_phase=on_phase, server=server)
        status = server.ensure_running()
        phases.open("first query (top_applicants_in_segment, Jiangsu)")
        segment = chains[chain].segments[0].key
        cold, warm, found = first_query(status.uri, server.auth, chain, segment)
        phases.close()
    finally:
        sampler.done.set()
        server.stop()
    rows = phases.rows
    read_at = next(i for i, r in enumerate(rows) if r.name.startswith("read"))
    inner = [Row("  of which pass 1 (scan, resolve, disambiguate) until the first batch", inner=True,
                 wall=(scan_end[0] - read_began[0]) if scan_end and read_began else float("nan"),
                 cpu_self=float("nan"))]
    inner += [Row(name, wall=w, cpu_self=c, inner=True) for name, (w, c) in timers.totals.items()]
    rows[read_at + 1:read_at + 1] = inner
    print_table(rows, report, n)
    print(f"first query: {cold:.2f}s cold, {warm:.2f}s again ({found} rows, segment {chain}/{segment}); "
          f"store {du_mb(work / 'db' / 'neo4j' / 'data' / 'databases' / DATABASE):,.0f} MB on disk "
          f"(transaction logs {du_mb(work / 'db' / 'neo4j' / 'data' / 'transactions' / DATABASE):,.0f} MB); "
          f"peak RSS of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB; "
          f"nproc {os.cpu_count()}, load average now {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    return work / "db"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patents", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--heap", default="4g", help="heap of the import tool and of the server")
    parser.add_argument("--page-cache", default="2g")
    parser.add_argument("--chain", default="humanoid-robots")
    parser.add_argument("--keep", type=Path, help="keep the database as DIR/neo4j-<N> (bench.report --keep DIR)")
    args = parser.parse_args()
    if args.keep:
        work = args.keep / f"neo4j-{args.patents}"
        if (work / LOADED).exists():
            raise SystemExit(f"{work} holds a kept load already: run bench.report --keep {args.keep}, or remove it")
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="innograph-bulk-"))
    try:
        run(args.patents, args.seed, work, args.heap, args.page_cache, args.chain)
    except BaseException:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        raise
    if args.keep:
        (work / f"patents-{args.patents}.csv").unlink(missing_ok=True)  # 1M rows are ~1 GB; the graph is kept
        (work / LOADED).write_text("ok")
        print(f"kept {work}: python -m bench.report --patents {args.patents} --backends neo4j --keep {args.keep}")
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
