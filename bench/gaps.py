"""Gap-report latency on the embedded default: N synthetic Jiangsu patents, every chain, a province and a city.

Generates N patents (`demo_data.patents.generate_cnipa_csv`), loads them through `graph.ingest.pipeline` (the shipped chains
first, so IN_SEGMENT edges are written) into a fresh embedded database in a temp dir, then times
`graph.gaps.chain_gap_report` per chain for 'Jiangsu' and a city:
  * cold: empty cache (data version + chain fetch + region lookup + aggregation);
  * warm-agg: chain data cached, a new window each call (Python aggregation only, version re-read);
  * warm: the same report again (cache hit; version re-read every call: recheck_after_s=0).
Prints p50/p95 in ms.

    python -m bench.gaps --patents 20000 100000
    python -m bench.gaps --reuse /tmp/gapwork/d100k   # a directory this script (or the same steps) loaded
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import neo4j

from demo_data.patents import generate_cnipa_csv
from graph.embedded import EmbeddedDatabase
from graph.gaps import GapCache, chain_gap_report
from graph.ingest.pipeline import ingest_patent_files
from graph.schema import migrate
from graph.writer import GraphWriter

DATABASE = "gaps"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def load(data_dir: Path, n: int, seed: int, heap: str) -> EmbeddedDatabase:
    csv = data_dir / f"patents-{n}.csv"
    generate_cnipa_csv(csv, n, seed=seed)
    server = EmbeddedDatabase(data_dir / "db", database=DATABASE, heap=heap)
    status = server.start()
    with neo4j.GraphDatabase.driver(status.uri, auth=server.auth) as driver:
        migrate(driver, DATABASE)
        writer = GraphWriter(driver, DATABASE)
        began = time.perf_counter()
        report = ingest_patent_files(writer, [csv]).patents
        print(f"loaded {report.records:,} patents in {time.perf_counter() - began:.0f}s", flush=True)
    return server


def measure(driver: neo4j.Driver, city: str, repeats: int) -> None:
    chains = [r["key"] for r in driver.execute_query(
        "MATCH (c:IndustrialChain) RETURN c.key AS key ORDER BY key", database_=DATABASE).records]
    patents = driver.execute_query("MATCH (p:Patent) RETURN count(p) AS n", database_=DATABASE).records[0]["n"]
    print(f"{patents:,} patents, chains: {', '.join(chains)}")
    for region in ("Jiangsu", city):
        cold, agg, warm = [], [], []
        for chain in chains:
            cache = GapCache(recheck_after_s=0)
            began = time.perf_counter()
            report = chain_gap_report(driver, DATABASE, chain, region, cache=cache)
            cold.append((time.perf_counter() - began) * 1000)
            for i in range(repeats):
                began = time.perf_counter()
                chain_gap_report(driver, DATABASE, chain, region, from_year=2015 + i % 5, to_year=2025, cache=cache)
                agg.append((time.perf_counter() - began) * 1000)
                began = time.perf_counter()
                chain_gap_report(driver, DATABASE, chain, region, cache=cache)
                warm.append((time.perf_counter() - began) * 1000)
            flagged = sum(bool(s.flags) for s in report.segments)
            print(f"  {region:8} {chain:22} cold {cold[-1]:7.0f} ms  region patents {report.region_chain_patents:6,}"
                  f"/{report.benchmark_chain_patents:6,}  segments {len(report.segments)} flagged {flagged}", flush=True)
        print(f"{region:8} cold p50 {pct(cold, .5):7.0f} p95 {pct(cold, .95):7.0f} ms | "
              f"warm-agg p50 {pct(agg, .5):6.1f} p95 {pct(agg, .95):6.1f} ms | "
              f"warm p50 {pct(warm, .5):6.1f} p95 {pct(warm, .95):6.1f} ms  "
              f"(mean cold {statistics.mean(cold):.0f} ms)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patents", type=int, nargs="+", default=[20_000])
    parser.add_argument("--reuse", type=Path, nargs="*", default=[], help="already loaded data dirs")
    parser.add_argument("--city", default="Suzhou")
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--heap", default="2g")
    args = parser.parse_args()
    runs: list[tuple[Path, int | None]] = [(d, None) for d in args.reuse] or [(Path(), n) for n in args.patents]
    for data_dir, n in runs:
        fresh = n is not None
        if fresh:
            data_dir = Path(tempfile.mkdtemp(prefix="innograph-gaps-"))
            server = load(data_dir, n, args.seed, args.heap)
        else:
            server = EmbeddedDatabase(data_dir / "db", database=DATABASE, heap=args.heap)
        try:
            status = server.ensure_running()
            with neo4j.GraphDatabase.driver(status.uri, auth=server.auth) as driver:
                measure(driver, args.city, args.repeats)
        finally:
            if fresh:
                server.stop()
                shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
