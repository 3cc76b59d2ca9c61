"""Analytics at scale: projection build, collaboration paths and consortium candidates on synthetic data.

The synthetic graph is made directly as fetched rows (no database needed): organisations with a
Zipf-like patent share in 13 Jiangsu cities plus a few outside, persistent inventor teams per
organisation (colleagues recur), about 17% co-applications (mostly firm + university), some
inventors moving to a partner firm, one citation per patent on average, and one chain of 8
segments that about 40% of the patents fall into.

Prints the projection build time and size, and p50/p95 of `collaboration_paths` (k=3, max_hops=4)
over random organisation pairs and of `consortium_candidates` (pure part: chain data and projection
already in memory) over varied requests. With `--load N` it also writes N synthetic patents into a
scratch embedded database and times the bulk fetch of the projection rows and chain portfolios.

    python -m bench.analytics --patents 100000
    python -m bench.analytics --patents 100000 --load 20000
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

from graph.analytics import (
    ProjectionRows, build_chain_data, build_projection, collaboration_paths, consortium_candidates,
)
from graph.analytics.consortium_score import organization_graph

CITIES = ["Nanjing", "Suzhou", "Wuxi", "Changzhou", "Nantong", "Xuzhou", "Yangzhou", "Zhenjiang", "Taizhou",
          "Yancheng", "Huai'an", "Lianyungang", "Suqian"]
SEGMENTS = ["reducer", "screw_bearing", "servo_actuator", "sensor", "controller", "vision", "whole_machine",
            "application"]
SUBCLASSES = ["F16H", "F16C", "H02K", "H02P", "G01L", "G05B", "B25J", "G06T", "G06N", "B62D", "G06Q", "H01M",
              "H01L", "A61K", "C12N", "G06F"]


def synthesize(patents: int, seed: int = 0) -> tuple[ProjectionRows, list[dict[str, Any]], list[dict[str, Any]]]:
    """(projection rows, chain segment rows, chain portfolio rows) for `patents` synthetic patents."""
    rng = random.Random(seed)
    n_orgs = max(20, patents // 12)
    orgs = []
    for i in range(n_orgs):
        kind = "university" if i % 25 == 0 else "research_institute" if i % 40 == 1 else "firm"
        outside = rng.random() < 0.05
        orgs.append({"id": f"org:{i}", "name": f"org {i}", "kind": kind,
                     "city": "Shanghai" if outside else CITIES[min(len(CITIES) - 1, int(len(CITIES) * rng.random() ** 1.5))],
                     "province": "Shanghai" if outside else "Jiangsu"})
    weights = [1.0 / (i + 1) ** 0.9 for i in range(n_orgs)]  # Zipf-like filing share
    universities = [o["id"] for o in orgs if o["kind"] != "firm"]
    teams: dict[str, list[str]] = {}
    inventors: list[dict[str, Any]] = []
    pool_size: dict[str, int] = {}
    total_w = sum(weights)
    for o, w in zip(orgs, weights, strict=True):
        size = max(2, int(patents * w / total_w * 3.2 / 5))  # ~5 patents per inventor
        pool_size[o["id"]] = size
        teams[o["id"]] = [f"inv:{o['id']}:{j}" for j in range(size)]
        inventors += [{"id": inv, "name": inv} for inv in teams[o["id"]]]
    partner = {o["id"]: rng.choice(universities) for o in orgs if o["kind"] == "firm"}
    applications, inventions, citations, portfolio = [], [], [], []
    org_ids = [o["id"] for o in orgs]
    by_id = {o["id"]: o for o in orgs}
    chosen = rng.choices(org_ids, weights=weights, k=patents)
    for n, org in enumerate(chosen):
        pid = f"pat:{n}"
        year = rng.randint(2015, 2025)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        applicants = [org]
        if org in partner and rng.random() < 0.17:
            applicants.append(partner[org])
        for a in applicants:
            applications.append({"org": a, "patent": pid, "year": year, "date": date})
        team = teams[org]
        start = rng.randrange(len(team))
        size = rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5, 6, 8))
        names = {team[(start + j) % len(team)] for j in range(size)}
        if len(applicants) > 1 and rng.random() < 0.5:
            names.add(rng.choice(teams[applicants[1]]))
        inventions += [{"inventor": i, "patent": pid, "year": year, "date": date} for i in names]
        if n > 10 and rng.random() < 0.7:
            for _ in range(rng.choice((1, 1, 2))):
                citations.append({"citing": pid, "cited": f"pat:{rng.randrange(n)}", "year": year, "date": date})
        if rng.random() < 0.4:
            segment = SEGMENTS[zlib.crc32(f"{org}/{n % 3}".encode()) % len(SEGMENTS)] if rng.random() < 0.8 else rng.choice(SEGMENTS)
            ipc = [f"{rng.choice(SUBCLASSES)}{rng.randint(1, 30)}/00" for _ in range(2)]
            for a in applicants:
                o = by_id[a]
                portfolio.append({"org": a, "name": o["name"], "kind": o["kind"], "city": o["city"],
                                  "province": o["province"], "segment": f"seg:{segment}", "patent": pid, "year": year,
                                  "date": date, "type": rng.choice(("invention", "invention", "utility_model")),
                                  "valid": rng.random() < 0.8, "claims": rng.randint(3, 20),
                                  "cited": rng.choice((0, 0, 0, 1, 2)), "ipc": ipc})
    segments = [{"chain_id": "chain:bench", "chain_name_en": "bench chain", "id": f"seg:{s}", "key": s, "name": s,
                 "position": None} for s in SEGMENTS]
    rows = ProjectionRows(orgs, inventors, applications, inventions, citations, [])
    return rows, segments, portfolio


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def report(label: str, seconds: list[float]) -> None:
    ms = [s * 1000 for s in seconds]
    print(f"{label:<44} n={len(ms):<4} p50={percentile(ms, 0.5):8.1f} ms  p95={percentile(ms, 0.95):8.1f} ms  "
          f"max={max(ms):8.1f} ms")


def bench_pure(patents: int, pairs: int, consortia: int, seed: int) -> None:
    started = time.perf_counter()
    rows, segment_rows, portfolio_rows = synthesize(patents, seed)
    print(f"synthesised {patents} patents: {len(rows.organizations)} orgs, {len(rows.inventors)} inventors, "
          f"{len(rows.applications)} applications, {len(rows.inventions)} inventions, {len(rows.citations)} "
          f"citations, {len(portfolio_rows)} chain rows ({time.perf_counter() - started:.1f}s)")
    projection = build_projection(rows)
    g = projection.graph
    print(f"projection build: {projection.build_seconds:.2f}s  nodes={g.number_of_nodes()} edges={g.number_of_edges()} "
          f"ties={projection.tie_count} skipped_patents={projection.skipped_patents}")
    started = time.perf_counter()
    organization_graph(projection)
    print(f"organisation graph (memoised per projection): {time.perf_counter() - started:.2f}s")
    started = time.perf_counter()
    chain = build_chain_data("chain:bench", segment_rows, portfolio_rows)
    print(f"chain data build: {time.perf_counter() - started:.2f}s  orgs in chain={len(chain.portfolios)}")

    rng = random.Random(seed + 1)
    connected = [n for n in projection.organizations() if g.degree(n) > 0]
    timings, found, hops = [], 0, []
    sample = [tuple(rng.sample(connected, 2)) for _ in range(pairs)]
    for a, b in sample:
        started = time.perf_counter()
        paths = collaboration_paths(projection, a, b, max_hops=4, k=3)
        timings.append(time.perf_counter() - started)
        found += bool(paths)
        hops += [p.hop_count for p in paths]
    report("collaboration_paths(k=3, max_hops=4) cold", timings)
    timings = []
    for a, b in sample:
        started = time.perf_counter()
        collaboration_paths(projection, a, b, max_hops=4, k=3)
        timings.append(time.perf_counter() - started)
    report("collaboration_paths(k=3, max_hops=4) warm", timings)
    print(f"  pairs with a path: {found}/{pairs}; mean hops {statistics.mean(hops) if hops else 0:.2f}")
    timings = []
    for _ in range(pairs // 2):
        a, b = rng.sample(connected, 2)
        started = time.perf_counter()
        collaboration_paths(projection, a, b, max_hops=4, k=3, via={"co_applicant", "affiliation"})
        timings.append(time.perf_counter() - started)
    report("collaboration_paths(via=co_applicant,affil.)", timings)
    timings, found = [], 0
    for a, b in sample[: pairs // 2]:
        started = time.perf_counter()
        found += bool(collaboration_paths(projection, a, b, max_hops=6, k=3))
        timings.append(time.perf_counter() - started)
    report("collaboration_paths(k=3, max_hops=6)", timings)
    print(f"  pairs with a path within 6 hops: {found}/{len(timings)}")

    top = sorted(chain.portfolios, key=lambda o: -len(chain.portfolios[o].patents))[:200]
    requests: list[dict[str, Any]] = [
        {"region": "Jiangsu"}, {"region": "Nanjing"}, {"region": "Suzhou", "min_firms": 2},
        {"min_universities": 1, "max_size": 6}, {"region": None, "max_size": 8},
    ]
    timings = []
    for i in range(consortia):
        kwargs = dict(requests[i % len(requests)])
        if i % 2:
            kwargs["must_include"] = [rng.choice(top)]
        started = time.perf_counter()
        candidates = consortium_candidates(chain, projection, limit=5, seed=i, **kwargs)
        timings.append(time.perf_counter() - started)
        if i == 0:
            best = candidates[0].score
            print(f"  first request: {len(candidates)} candidates, best total {best.total:.3f} parts "
                  + ", ".join(f"{k}={v:.2f}" for k, v in best.parts.items()))
    report("consortium_candidates(limit=5) pure", timings)


def bench_database(patents: int, seed: int) -> None:
    """Write `patents` synthetic patents to a scratch embedded database and time the bulk fetches."""
    import neo4j

    from graph.analytics import fetch_chain_data, fetch_projection_rows
    from graph.batch import GraphBatch, batched
    from graph.embedded import EmbeddedDatabase
    from graph.schema import migrate
    from graph.writer import GraphWriter

    rows, segment_rows, portfolio_rows = synthesize(patents, seed)
    with tempfile.TemporaryDirectory(prefix="innograph-analytics-bench-") as tmp:
        server = EmbeddedDatabase(Path(tmp), database="bench", heap="2g")
        status = server.start()
        driver = neo4j.GraphDatabase.driver(status.uri, auth=server.auth)
        try:
            migrate(driver, "bench")
            writer = GraphWriter(driver, "bench")
            batch = GraphBatch()
            batch.node("IndustrialChain", "chain:bench", {"name_en": "bench chain"})
            for r in segment_rows:
                batch.node("ChainSegment", r["id"], {"key": r["key"], "name_en": r["name"]})
                batch.relationship("HAS_SEGMENT", ("IndustrialChain", "chain:bench"), ("ChainSegment", r["id"]))
            for o in rows.organizations:
                batch.node("Organization", o["id"], {k: v for k, v in o.items() if k != "id"})
            writer.write_batch(batch)
            segment_of = {r["patent"]: r for r in portfolio_rows}
            by_patent: dict[str, dict[str, list]] = {}
            for r in rows.applications:
                by_patent.setdefault(r["patent"], {"orgs": [], "inv": [], "year": r["year"], "date": r["date"]})["orgs"].append(r["org"])
            for r in rows.inventions:
                by_patent[r["patent"]]["inv"].append(r["inventor"])
            cites: dict[str, list[str]] = {}
            for r in rows.citations:
                cites.setdefault(r["citing"], []).append(r["cited"])
            started = time.perf_counter()
            for chunk in batched(list(by_patent.items()), 2000):
                batch = GraphBatch()
                for pid, p in chunk:
                    seg = segment_of.get(pid)
                    batch.node("Patent", pid, {"number": pid, "year": p["year"], "application_date": p["date"],
                                               **({"type": seg["type"], "valid": seg["valid"], "claims_count": seg["claims"],
                                                   "cited_count": seg["cited"], "ipc": seg["ipc"]} if seg else {})})
                    for o in p["orgs"]:
                        batch.relationship("APPLIED_FOR", ("Organization", o), ("Patent", pid))
                    for i in p["inv"]:
                        batch.relationship("INVENTED", ("Inventor", i), ("Patent", pid))
                    for c in cites.get(pid, ()):
                        batch.relationship("CITES", ("Patent", pid), ("Patent", c))
                    if seg:
                        batch.relationship("IN_SEGMENT", ("Patent", pid), ("ChainSegment", seg["segment"]))
                writer.write_batch(batch)
            print(f"loaded {patents} patents into a scratch database in {time.perf_counter() - started:.1f}s")
            for attempt in (1, 2):
                started = time.perf_counter()
                fetched = fetch_projection_rows(driver, "bench")
                fetch_s = time.perf_counter() - started
                started = time.perf_counter()
                build_projection(fetched)
                print(f"fetch_projection_rows #{attempt}: {fetch_s:.2f}s "
                      f"({sum(len(v) for v in fetched.__dict__.values())} rows); build {time.perf_counter() - started:.2f}s")
                started = time.perf_counter()
                fetch_chain_data(driver, "bench", "chain:bench", cache=None)
                print(f"fetch_chain_data #{attempt}: {time.perf_counter() - started:.2f}s")
        finally:
            driver.close()
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patents", type=int, default=100_000)
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--consortia", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--load", type=int, default=0, help="also load this many patents into a scratch database")
    args = parser.parse_args()
    bench_pure(args.patents, args.pairs, args.consortia, args.seed)
    if args.load:
        bench_database(args.load, args.seed)


if __name__ == "__main__":
    main()
