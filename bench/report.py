"""Patent navigation report timing: the first report (cold caches) and the same report again (warm),
HTML rendering included, on N synthetic Jiangsu patents in a fresh embedded database (`bench.gaps.load`).

    python -m bench.report --patents 10000 100000
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import neo4j

from bench.gaps import DATABASE, load
from graph.analytics import AnalyticsCache
from graph.gaps import GapCache
from report import ReportArgs, gather, render_html


def measure(driver: neo4j.Driver, chain: str, region: str, repeats: int) -> None:
    gap_cache, analytics_cache = GapCache(), AnalyticsCache()
    for lang in ("en", "zh"):
        times = []
        for _ in range(repeats + 1):
            began = time.perf_counter()
            report = gather(driver, DATABASE, ReportArgs(chain, region, lang=lang), gap_cache=gap_cache,
                            analytics_cache=analytics_cache)
            html = render_html(report)
            times.append(time.perf_counter() - began)
        print(f"{chain} {region} {lang}: first {times[0]:.2f}s, repeated best {min(times[1:]):.2f}s "
              f"worst {max(times[1:]):.2f}s ({len(html):,} bytes HTML, {report.gap.region_chain_patents:,} "
              f"region patents)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patents", type=int, nargs="+", default=[10_000])
    parser.add_argument("--chain", default="humanoid-robots")
    parser.add_argument("--region", default="CN-JS")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--heap", default="2g")
    args = parser.parse_args()
    for n in args.patents:
        data_dir = Path(tempfile.mkdtemp(prefix="innograph-report-"))
        server = load(data_dir, n, args.seed, args.heap)
        try:
            status = server.ensure_running()
            with neo4j.GraphDatabase.driver(status.uri, auth=server.auth) as driver:
                measure(driver, args.chain, args.region, args.repeats)
        finally:
            server.stop()
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
