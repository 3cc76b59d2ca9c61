"""End-to-end patent ingest on the embedded default: generate, parse, extract, resolve, classify, write.

Prints, per N: generation time; extraction alone (parse + organisation resolution + inventor
disambiguation + classification, no database) in patents/s on one core; the full load in patents/s
with its two passes; peak RSS of this process and of the database server.

    python -m bench.patent_ingest --patents 100000 1000000
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

import neo4j

from bench.ingest import peak_rss_mb
from extract.chains import load_chains
from extract.classify import build_index, classify
from extract.patents import read_patents
from extract.records import Reject
from demo_data.patents import generate_cnipa_csv
from graph.embedded import EmbeddedDatabase
from graph.ingest.pipeline import ingest_patent_files
from graph.schema import migrate
from graph.writer import GraphWriter


def extraction_only(path: Path, chains) -> tuple[int, float]:  # noqa: ANN001
    """Parse, resolve organisations and classify every record without a database; (records, seconds)."""
    from extract.resolve import OrganizationResolver, OrgMention

    index = build_index(chains)
    resolver = OrganizationResolver()
    started = time.perf_counter()
    count = 0
    names: list[OrgMention] = []
    for item in read_patents(path):
        if isinstance(item, Reject):
            continue
        count += 1
        names.extend(OrgMention(p.name, p.address, p.country) for p in item.applicants)
        classify(item.ipc, " ".join(t for t in (item.title, item.abstract) if t), main_ipc=item.main_ipc, index=index)
        if len(names) > 20_000:
            resolver.resolve(names)
            names.clear()
    resolver.resolve(names)
    return count, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patents", type=int, nargs="+", default=[100_000])
    parser.add_argument("--batch-size", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--heap", default="4g")
    parser.add_argument("--keep", action="store_true", help="keep the database directory for later benches")
    args = parser.parse_args()
    chains = load_chains()
    for n in args.patents:
        work = Path(tempfile.mkdtemp(prefix="innograph-ingest-"))
        csv = work / f"jiangsu-{n}.csv"
        began = time.perf_counter()
        generate_cnipa_csv(csv, n, args.seed)
        generated = time.perf_counter() - began
        records, seconds = extraction_only(csv, chains)
        server = EmbeddedDatabase(work / "db", database="bench", heap=args.heap)
        try:
            status = server.start()
            with neo4j.GraphDatabase.driver(status.uri, auth=server.auth) as driver:
                migrate(driver, "bench")
                writer = GraphWriter(driver, "bench")
                phases: dict[str, float] = {}
                began = time.perf_counter()  # the chains' write (a few hundred nodes) is inside
                report = ingest_patent_files(
                    writer, [csv], chains=chains, batch_size=args.batch_size,
                    inventor_shards=16 if n >= 500_000 else 1,
                    on_records=lambda phase, _, phases=phases: phases.setdefault(phase, time.perf_counter()),
                ).patents
                total = time.perf_counter() - began
                scan = phases.get("write", began) - began
            print(
                f"N={n:>9,}  generate {generated:6.1f}s | extraction only {records / seconds:7,.0f} patents/s/core | "
                f"load {report.records / total:7,.0f} patents/s ({total:7.1f}s: pass 1 {scan:6.1f}s, "
                f"write {report.write.seconds:7.1f}s) | nodes {report.write.nodes_created:,} "
                f"rels {report.write.relationships_created:,} | peak RSS loader "
                f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:6.0f} MB, server "
                f"{peak_rss_mb(status.pid):6.0f} MB",
                flush=True,
            )
        finally:
            server.stop()
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
            else:
                print(f"kept {work}")


if __name__ == "__main__":
    main()
