"""The synthetic province end to end: generate, ingest (with classification), then time every planner
query through the HTTP API. Prints the ingest figures (time, peak memory of both processes) and a
latency table (p50/p95 after warm-up) to paste into bench/RESULTS.md.

    python -m bench.scale --patents 100000            # ~10-30 min per backend on 2 cores
    python -m bench.scale --patents 100000 --backends neo4j arcadedb   # (the default: both, in one run)
    python -m bench.scale --patents 1000000 --keep    # hours; keeps the database for --reuse
    python -m bench.scale --reuse /tmp/innograph-scale-XXXX
"""

from __future__ import annotations

import argparse
import random
import resource
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
import neo4j
import uvicorn

from bench.ingest import peak_rss_mb
from bench.servers import add_backends_option, local_server
from demo_data.patents import generate_cnipa_csv
from graph.ingest.pipeline import ingest_patent_files
from graph.schema import migrate
from graph.writer import GraphWriter
from graph.local_server import LocalServer
from core.settings import Settings

QUERIES = {
    "organization": """query($id: ID!) { organization(id: $id) { id name aliases kind
        patents(first: 10) { totalCount nodes { id title } } partners(first: 5) { sharedPatents } } }""",
    "organizations page": """query { organizations(first: 20, filter: {kind: "university"}) { totalCount nodes { id } } }""",
    "patents page": """query { patents(first: 20, filter: {type: "invention"}) { nodes { id title } } }""",
    "search": """query($t: String!) { search(text: $t, first: 10) { kind score } }""",
    "collaborationPaths": """query($a: ID!, $b: ID!) { collaborationPaths(fromId: $a, toId: $b, maxHops: 4, k: 3) {
        distance } }""",
    "consortiumCandidates": """query($c: ID!) { consortiumCandidates(chainId: $c, region: "Jiangsu", limit: 3) {
        rank total } }""",
    "chainGaps": """query($c: ID!) { chainGaps(chainId: $c, region: "Jiangsu") { chain { id } } }""",
    "chainGaps (city)": """query($c: ID!) { chainGaps(chainId: $c, region: "Suzhou", benchmark: "Jiangsu") { chain { id } } }""",
    "transferMatches": """query($id: ID!) { transferMatches(organizationId: $id, limit: 10) { score } }""",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ingest(backend: str, work: Path, n: int, seed: int, heap: str) -> LocalServer:
    csv = work / f"jiangsu-{n}.csv"
    if not csv.exists():  # one export for every backend of the run
        began = time.perf_counter()
        generate_cnipa_csv(csv, n, seed)
        print(f"generated {n:,} rows in {time.perf_counter() - began:.0f}s", flush=True)
    server = local_server(backend, work / backend, database="scale", heap=heap)
    status = server.start()
    with neo4j.GraphDatabase.driver(status.uri, auth=server.auth) as driver:
        migrate(driver, "scale")
        writer = GraphWriter(driver, "scale")
        began = time.perf_counter()  # the chains' write (a few hundred nodes) is inside: it is part of an ingest
        report = ingest_patent_files(writer, [csv], inventor_shards=16 if n >= 500_000 else 1).patents
        took = time.perf_counter() - began
    print(f"{backend} ingest: {report.records:,} patents in {took:.0f}s = {report.records / took:,.0f}/s (write pass "
          f"{report.write.seconds:.0f}s); peak RSS loader {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}"
          f" MB, server {peak_rss_mb(status.pid):.0f} MB", flush=True)
    return server


def latency_table(server: LocalServer, repeats: int) -> None:
    from api.app import create_app

    status = server.ensure_running()
    user, password = server.auth
    settings = Settings(neo4j_uri=status.uri, neo4j_user=user, neo4j_password=password,
                        neo4j_database=server.database, auth=False, query_timeout_s=120)
    port = _free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    api = uvicorn.Server(config)
    thread = threading.Thread(target=api.run, daemon=True)
    thread.start()
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=300) as client:
        for _ in range(100):
            try:
                if client.get("/ready").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        sample = client.post("/graphql", json={"query": "{ organizations(first: 100) { nodes { id } } chains { id } }"}).json()
        orgs = [o["id"] for o in sample["data"]["organizations"]["nodes"]]
        chains = [c["id"] for c in sample["data"]["chains"]]
        rng = random.Random(5)
        # warm-up, as the targets are stated "after warm-up": every chain's gap and candidate caches
        # and the collaboration projection are filled once before anything is timed
        began = time.perf_counter()
        for chain in chains:
            for name in ("chainGaps", "chainGaps (city)", "consortiumCandidates"):
                client.post("/graphql", json={"query": QUERIES[name], "variables": {"c": chain}})
        client.post("/graphql", json={"query": QUERIES["collaborationPaths"], "variables": {"a": orgs[0], "b": orgs[1]}})
        print(f"warm-up (every chain's gaps and candidates, the collaboration graph): "
              f"{time.perf_counter() - began:.1f}s", flush=True)
        print(f"\n{server.backend.value}\n| query | first call ms | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|")
        for name, query in QUERIES.items():
            def variables() -> dict[str, str]:
                return {"id": rng.choice(orgs), "a": rng.choice(orgs), "b": rng.choice(orgs),
                        "c": rng.choice(chains), "t": rng.choice(["南京", "大学", "机器人", "蘇州"])}

            # name and query bound now, not read late from the loop
            def call(name: str = name, query: str = query) -> float:
                vs = variables()
                used = {k: v for k, v in vs.items() if f"${k}" in query}
                began = time.perf_counter()
                body = client.post("/graphql", json={"query": query, "variables": used}).json()
                if body.get("errors"):
                    codes = {e.get("extensions", {}).get("code") for e in body["errors"]}
                    if codes - {"UNKNOWN_ID", "INVALID_ARGUMENT"}:
                        print(f"  {name}: {body['errors'][0].get('message')}")
                return (time.perf_counter() - began) * 1000

            first = call()
            times = sorted(call() for _ in range(repeats))
            print(f"| {name} | {first:,.0f} | {statistics.median(times):,.1f} | "
                  f"{times[min(len(times) - 1, int(0.95 * len(times)))]:,.1f} | "
                  f"{times[min(len(times) - 1, int(0.99 * len(times)))]:,.1f} |", flush=True)
    api.should_exit = True
    thread.join(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patents", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--heap", default="6g")
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", type=Path, default=None, help="a work directory kept by --keep")
    add_backends_option(parser)
    args = parser.parse_args()
    work = args.reuse or Path(tempfile.mkdtemp(prefix="innograph-scale-"))
    for backend in args.backends:
        if args.reuse:
            server = local_server(backend, args.reuse / backend, database="scale", heap=args.heap)
        else:
            server = ingest(backend, work, args.patents, args.seed, args.heap)
        try:
            latency_table(server, args.repeats)
        finally:
            server.stop()
    if args.keep and not args.reuse:
        print(f"kept {work} (use --reuse {work})")


if __name__ == "__main__":
    main()
