"""Search (in-memory index) and transfer matching on a kept graph, at the repository/library level.

Builds the search index of a graph kept by `python -m bench.scale --keep`, then times 40 searches in
both scripts and transfer matching for 20 firms (a new organisation each call), printing p50/p95.

    python -m bench.library_latency --reuse /tmp/innograph-scale-XXXX
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from pathlib import Path

import neo4j

from api.repositories.graph import GraphClient
from api.repositories.search import SearchRepository
from graph.analytics.projection import AnalyticsCache
from graph.analytics.transfer import atransfer_matches
from graph.embedded import EmbeddedDatabase

TERMS = ["南京", "大学", "机器人", "蘇州", "减速器", "芯片", "university", "张伟"]


def _summary(times: list[float]) -> str:
    times = sorted(times)
    return f"p50 {statistics.median(times):,.1f} ms, p95 {times[int(0.95 * len(times))]:,.1f} ms, max {times[-1]:,.1f} ms"


async def measure(work: Path, heap: str) -> None:
    server = EmbeddedDatabase(work / "db", database="scale", heap=heap)
    status = server.ensure_running()
    driver = neo4j.AsyncGraphDatabase.driver(status.uri, auth=server.auth)
    try:
        client = GraphClient(driver, "scale", timeout_s=300, max_concurrent=8)
        search = SearchRepository(client)
        began = time.perf_counter()
        await search.index.build()
        print(f"search index build: {time.perf_counter() - began:.1f}s", flush=True)
        rng = random.Random(5)
        times = []
        for _ in range(40):
            began = time.perf_counter()
            await search.search(rng.choice(TERMS), 10)
            times.append((time.perf_counter() - began) * 1000)
        print(f"search, 40 calls: {_summary(times)}", flush=True)
        rows = await client.read("organizations_page", kind="firm", region=None, name=None, skip=0, limit=200)
        firms = [r["node"]["id"] for r in rows]
        cache = AnalyticsCache()
        began = time.perf_counter()
        await atransfer_matches(driver, "scale", firms[0], 10, cache=cache)
        print(f"transfer matching, first call: {(time.perf_counter() - began) * 1000:,.0f} ms", flush=True)
        times = []
        for firm in rng.sample(firms[1:], min(20, len(firms) - 1)):
            began = time.perf_counter()
            await atransfer_matches(driver, "scale", firm, 10, cache=cache)
            times.append((time.perf_counter() - began) * 1000)
        print(f"transfer matching, a new firm each call: {_summary(times)}", flush=True)
    finally:
        await driver.close()
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reuse", type=Path, required=True, help="a work directory kept by bench.scale --keep")
    parser.add_argument("--heap", default="6g")
    args = parser.parse_args()
    asyncio.run(measure(args.reuse, args.heap))


if __name__ == "__main__":
    main()
