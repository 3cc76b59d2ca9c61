"""Patent navigation report timing: the first report (cold caches) and the same report again (warm),
HTML rendering included, on N synthetic Jiangsu patents in a fresh local database of each backend.

    python -m bench.report --patents 10000 100000 --backends neo4j arcadedb
    python -m bench.report --patents 100000 --backends neo4j --keep /tmp/rep-bench --profile
    python -m bench.report --patents 1000000 --backends neo4j --keep DIR   # DIR kept by bench.bulk --keep

`--keep DIR` loads into DIR/<backend>-<N> once and reuses it on later runs (a load of 100k takes
minutes; `bench.bulk --keep DIR` bulk-loads one in the same layout); `--profile` prints where the time of
one warm report goes (cProfile, by cumulative time), `--profile-cold` the same for the first report.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import tempfile
import time
from pathlib import Path

import neo4j

from bench.servers import add_backends_option, local_server
from demo_data.patents import generate_cnipa_csv
from graph.analytics import AnalyticsCache
from graph.gaps import GapCache
from graph.ingest.pipeline import ingest_patent_files
from graph.local_server import LocalServer
from graph.schema import migrate
from graph.writer import GraphWriter
from report import ReportArgs, gather, render_html

DATABASE = "report"
LOADED = "loaded.ok"  # written once a load has completed, so --keep never reuses half a load


def load(backend: str, data_dir: Path, n: int, seed: int, heap: str) -> LocalServer:
    server = local_server(backend, data_dir / "db", database=DATABASE, heap=heap)
    if (data_dir / LOADED).exists():
        return server
    csv = data_dir / f"patents-{n}.csv"
    generate_cnipa_csv(csv, n, seed=seed)
    status = server.ensure_running()
    with neo4j.GraphDatabase.driver(status.uri, auth=server.auth) as driver:
        migrate(driver, DATABASE)
        writer = GraphWriter(driver, DATABASE)
        began = time.perf_counter()
        report = ingest_patent_files(writer, [csv]).patents
        print(f"{backend}: loaded {report.records:,} patents in {time.perf_counter() - began:.0f}s", flush=True)
    (data_dir / LOADED).write_text("ok")
    return server


def one(driver: neo4j.Driver, args: ReportArgs, gap_cache: GapCache, analytics_cache: AnalyticsCache
        ) -> tuple[float, int, int]:
    began = time.perf_counter()
    report = gather(driver, DATABASE, args, gap_cache=gap_cache, analytics_cache=analytics_cache)
    html = render_html(report)
    return time.perf_counter() - began, len(html), report.gap.region_chain_patents


def print_profile(profiler: cProfile.Profile) -> None:
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
    print(out.getvalue(), flush=True)


def measure(backend: str, driver: neo4j.Driver, chain: str, region: str, repeats: int, profile: bool,
            profile_cold: bool = False) -> None:
    gap_cache, analytics_cache = GapCache(), AnalyticsCache()
    if profile_cold:  # the first report of the process: what a cold API pays before its caches hold
        profiler = cProfile.Profile()
        profiler.enable()
        took = one(driver, ReportArgs(chain, region), gap_cache, analytics_cache)[0]
        profiler.disable()
        print(f"{backend} cold report (profiled): {took:.2f}s, load average {os.getloadavg()[0]:.2f}", flush=True)
        print_profile(profiler)
    for lang in ("en", "zh"):
        args = ReportArgs(chain, region, lang=lang)
        times, size, patents = [], 0, 0
        for _ in range(repeats + 1):
            took, size, patents = one(driver, args, gap_cache, analytics_cache)
            times.append(took)
        load = os.getloadavg()[0]
        print(f"{backend} {chain} {region} {lang}: first {times[0]:.2f}s, repeated best {min(times[1:]):.2f}s "
              f"worst {max(times[1:]):.2f}s ({size:,} bytes HTML, {patents:,} region patents; "
              f"load average {load:.2f})", flush=True)
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        one(driver, ReportArgs(chain, region), gap_cache, analytics_cache)
        profiler.disable()
        print_profile(profiler)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patents", type=int, nargs="+", default=[10_000])
    add_backends_option(parser)
    parser.add_argument("--chain", default="humanoid-robots")
    parser.add_argument("--region", default="CN-JS")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--heap", default="2g")
    parser.add_argument("--keep", type=Path, help="load into (and reuse) DIR/<backend>-<N> instead of a temp dir")
    parser.add_argument("--profile", action="store_true", help="print cProfile of one warm report")
    parser.add_argument("--profile-cold", action="store_true", help="print cProfile of the first (cold) report")
    args = parser.parse_args()
    for n in args.patents:
        for backend in args.backends:
            data_dir = (args.keep / f"{backend}-{n}") if args.keep else Path(tempfile.mkdtemp(prefix="innograph-report-"))
            data_dir.mkdir(parents=True, exist_ok=True)
            server = load(backend, data_dir, n, args.seed, args.heap)
            try:
                status = server.ensure_running()
                with neo4j.GraphDatabase.driver(status.uri, auth=server.auth) as driver:
                    measure(backend, driver, args.chain, args.region, args.repeats, args.profile,
                            args.profile_cold)
            finally:
                server.stop()
                if not args.keep:
                    shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
