"""A mixed planner workload against a running InnoGraph API on loopback.

Concurrent clients (asyncio + httpx) repeat a mix of entity lookups, searches, collaboration paths,
consortium candidates, chain gaps and saved queries for a fixed time, then print throughput,
p50/p95/p99 per operation and the errors. With --soak it also samples the server's RSS every 10 s
and reports growth after warm-up. Traffic goes to 127.0.0.1 only; every loop is bounded in time.

    innograph demo run --patents 100000 &            # or any served graph
    python -m bench.load --url http://127.0.0.1:8000 --clients 8 32 --seconds 60
    python -m bench.load --clients 8 --seconds 600 --soak --server-pid API_PID DATABASE_PID
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlparse

import httpx
import psutil

SAMPLE_QUERY = """
query Sample { organizations(first: 50) { nodes { id name kind } }
               chains { id segments { id } } }
"""

OPERATIONS = {
    "organization": ("""query($id: ID!) { organization(id: $id) { id name aliases kind
        patents(first: 10) { totalCount nodes { id title } } partners(first: 5) { sharedPatents } } }""", 3),
    "search": ("""query($t: String!) { search(text: $t, first: 10) { kind score } }""", 3),
    "patents_page": ("""query($s: String) { patents(first: 20, filter: {type: $s}) {
        totalCount nodes { id title year } } }""", 2),
    "paths": ("""query($a: ID!, $b: ID!) { collaborationPaths(fromId: $a, toId: $b, maxHops: 4, k: 3) {
        distance hopCount } }""", 2),
    "consortium": ("""query($c: ID!) { consortiumCandidates(chainId: $c, region: "Jiangsu", limit: 3) {
        rank total } }""", 1),
    "chain_gaps": ("""query($c: ID!) { chainGaps(chainId: $c, region: "Jiangsu") { chain { id } } }""", 2),
}
SEARCH_TERMS = ["南京", "大学", "机器人", "Suzhou", "智能", "芯片", "蘇州", "university"]


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)


def _check_loopback(url: str) -> None:
    host = urlparse(url).hostname or ""
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"refusing to load {host!r}: this generator only targets loopback")


async def _sample(client: httpx.AsyncClient) -> tuple[list[str], list[str]]:
    response = await client.post("/graphql", json={"query": SAMPLE_QUERY})
    data = response.json()["data"]
    orgs = [o["id"] for o in data["organizations"]["nodes"]]
    chains = [c["id"] for c in data["chains"]]
    if not orgs or not chains:
        raise SystemExit("the graph holds no organisations or chains: load data first")
    return orgs, chains


async def _client(client: httpx.AsyncClient, deadline: float, orgs: list[str], chains: list[str],
                  stats: Stats, rng: random.Random) -> None:
    names = list(OPERATIONS)
    weights = [OPERATIONS[n][1] for n in names]
    while time.monotonic() < deadline:
        op = rng.choices(names, weights)[0]
        if op == "saved_query":
            continue
        variables = {
            "organization": lambda: {"id": rng.choice(orgs)},
            "search": lambda: {"t": rng.choice(SEARCH_TERMS)},
            "patents_page": lambda: {"s": rng.choice([None, "invention", "utility_model"])},
            "paths": lambda: {"a": rng.choice(orgs), "b": rng.choice(orgs)},
            "consortium": lambda: {"c": rng.choice(chains)},
            "chain_gaps": lambda: {"c": rng.choice(chains)},
        }[op]()
        started = time.perf_counter()
        try:
            response = await client.post("/graphql", json={"query": OPERATIONS[op][0], "variables": variables})
            body = response.json()
            # an unknown pair of organisations with no path is an answer, not an error
            failed = response.status_code >= 500 or any(
                e.get("extensions", {}).get("code") not in ("UNKNOWN_ID", "INVALID_ARGUMENT")
                for e in body.get("errors") or []
            )
        except (httpx.HTTPError, ValueError) as exc:
            failed, body = True, {"exception": repr(exc)}
        stats.latencies[op].append((time.perf_counter() - started) * 1000)
        if failed:
            stats.errors[op] += 1
            if len(stats.error_samples) < 5:
                stats.error_samples.append(f"{op}: {str(body)[:200]}")
        if rng.random() < 0.1:
            started = time.perf_counter()
            response = await client.post("/queries/top_applicants_in_segment",
                                         json={"segment": "reducer", "limit": 10})
            stats.latencies["saved_query"].append((time.perf_counter() - started) * 1000)
            if response.status_code >= 500:
                stats.errors["saved_query"] += 1


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


async def run(url: str, key: str | None, clients: int, seconds: float, soak_pids: list[int]) -> None:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    limits = httpx.Limits(max_connections=clients + 2)
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=60, limits=limits) as client:
        orgs, chains = await _sample(client)
        stats = Stats()
        # warm-up: caches (projection, chain data) are built once per data version
        await asyncio.gather(*(_client(client, time.monotonic() + 5, orgs, chains, Stats(), random.Random(i))
                               for i in range(2)))
        memory: list[tuple[float, float]] = []
        deadline = time.monotonic() + seconds

        async def sample_memory() -> None:
            processes = [psutil.Process(pid) for pid in soak_pids]
            while processes and time.monotonic() < deadline:
                rss = sum(p.memory_info().rss for root in processes for p in [root, *root.children(recursive=True)])
                memory.append((time.monotonic(), rss / 2**20))
                await asyncio.sleep(10)

        began = time.monotonic()
        await asyncio.gather(sample_memory(), *(
            _client(client, deadline, orgs, chains, stats, random.Random(100 + i)) for i in range(clients)))
        elapsed = time.monotonic() - began
    total = sum(len(v) for v in stats.latencies.values())
    print(f"\n{clients} clients, {elapsed:.0f}s: {total:,} requests, {total / elapsed:,.1f} req/s, "
          f"errors {sum(stats.errors.values())}")
    print(f"{'operation':<14}{'count':>8}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'errors':>8}")
    for op, values in sorted(stats.latencies.items()):
        print(f"{op:<14}{len(values):>8}{statistics.median(values):>10.1f}{_percentile(values, .95):>10.1f}"
              f"{_percentile(values, .99):>10.1f}{stats.errors.get(op, 0):>8}")
    for sample in stats.error_samples:
        print("  error:", sample)
    if memory:
        warm = [m for t, m in memory if t - memory[0][0] >= 60] or [m for _, m in memory]
        print("RSS samples (MB):", " ".join(f"{m:.0f}" for _, m in memory))
        print(f"server RSS (MB) every 10 s: first {memory[0][1]:.0f}, after warm-up {warm[0]:.0f}, "
              f"last {memory[-1][1]:.0f}, max {max(m for _, m in memory):.0f}, growth after warm-up "
              f"{memory[-1][1] - warm[0]:+.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--key", default=None, help="API key (not needed for the loopback demo)")
    parser.add_argument("--clients", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--soak", action="store_true", help="sample server memory every 10 s")
    parser.add_argument("--server-pid", type=int, nargs="+", default=[],
                        help="pids of the API and database processes (children included) to sample")
    args = parser.parse_args()
    _check_loopback(args.url)
    if args.seconds > 3600:
        raise SystemExit("a run is bounded to one hour")
    for clients in args.clients:
        asyncio.run(run(args.url, args.key, clients, args.seconds, args.server_pid if args.soak else []))


if __name__ == "__main__":
    main()
