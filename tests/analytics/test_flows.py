"""One read, two drivers (graph.flows): the blocking and the async runner give the same results, the
async one runs a batch concurrently, and a cached value is built once even when requests overlap."""

from __future__ import annotations

import asyncio

import neo4j

from graph.analytics import (
    AnalyticsCache, afetch_chain_data, afetch_projection_rows, afetch_support_measures, fetch_chain_data,
    fetch_projection_rows, fetch_support_measures,
)
from graph.flows import Cached, Offload, arun, run
from tests.analytics.fixtures import CHAIN, SEGMENT_KEYS


def _counts_flow():
    """Two statements in one batch, then CPU work on their rows."""
    segments, portfolios = yield [("analytics/chain_segments", {"chain_id": CHAIN}),
                                  ("analytics/chain_portfolios", {"chain_id": CHAIN})]
    return (yield Offload(lambda a, b: (len(a), len({r["org"] for r in b})), segments, portfolios))


async def test_the_same_flow_on_both_drivers(fixture_graph):
    sync = run(fixture_graph.driver, fixture_graph.database, _counts_flow())
    async with neo4j.AsyncGraphDatabase.driver(fixture_graph.server.status().uri,
                                               auth=fixture_graph.server.auth) as driver:
        assert await arun(driver, fixture_graph.database, _counts_flow()) == sync
        rows = await afetch_projection_rows(driver, fixture_graph.database)
        assert rows == fetch_projection_rows(fixture_graph.driver, fixture_graph.database)
        measures = await afetch_support_measures(driver, fixture_graph.database, CHAIN)
        assert measures == fetch_support_measures(fixture_graph.driver, fixture_graph.database, CHAIN)
    segments, orgs = sync
    chain = fetch_chain_data(fixture_graph.driver, fixture_graph.database, CHAIN, cache=None)
    assert segments == len(SEGMENT_KEYS) and orgs == len(chain.portfolios) > 0


async def test_overlapping_requests_build_a_cached_value_once(fixture_graph):
    cache = AnalyticsCache()
    async with neo4j.AsyncGraphDatabase.driver(fixture_graph.server.status().uri,
                                               auth=fixture_graph.server.auth) as driver:
        found = await asyncio.gather(*(afetch_chain_data(driver, fixture_graph.database, CHAIN, cache=cache)
                                       for _ in range(4)))
    assert all(chain is found[0] for chain in found) and cache.builds == 1
    assert fetch_chain_data(fixture_graph.driver, fixture_graph.database, CHAIN, cache=cache) is found[0]
    uncached = fetch_chain_data(fixture_graph.driver, fixture_graph.database, CHAIN, cache=None)
    assert uncached is not found[0] and uncached.portfolios.keys() == found[0].portfolios.keys()


def test_a_cached_step_without_a_cache_runs_every_time(fixture_graph):
    def flow():
        first = yield Cached(None, "k", _counts_flow)
        second = yield Cached(None, "k", _counts_flow)
        return first, second

    first, second = run(fixture_graph.driver, fixture_graph.database, flow())
    assert first == second and first[0] > 0
