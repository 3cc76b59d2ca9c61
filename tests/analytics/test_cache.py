"""The analytics cache's bound on cached answers (no database: the data version is stubbed)."""

from __future__ import annotations

import pytest

from graph.analytics.projection import AnalyticsCache

pytestmark = pytest.mark.asyncio(loop_scope="session")


@pytest.fixture
def cache():
    cache = AnalyticsCache(recheck_after_s=3600)
    cache.max_answers = 20

    async def version(driver, database):  # noqa: ANN001
        return cache._note_version(database, ("v1",)).version

    cache.aversion = version  # type: ignore[method-assign]
    return cache


async def _value(value):  # noqa: ANN001
    return value


async def test_answers_are_evicted_oldest_first_and_other_values_never(cache):
    await cache.aget(None, "db", ("projection", ()), lambda: _value("projection"))
    for i in range(21):
        await cache.aanswer(None, "db", ("consortium_candidates", f"chain-{i}"), lambda i=i: _value(i))
    built = cache.builds
    # the projection and the newest answers are still cached; the oldest answers were dropped
    assert await cache.aget(None, "db", ("projection", ()), lambda: _value("rebuilt")) == "projection"
    assert await cache.aanswer(None, "db", ("consortium_candidates", "chain-20"), lambda: _value(-1)) == 20
    assert cache.builds == built
    assert await cache.aanswer(None, "db", ("consortium_candidates", "chain-0"), lambda: _value(-1)) == -1
    assert cache.builds == built + 1


async def test_under_the_limit_nothing_goes(cache):
    for i in range(20):
        await cache.aanswer(None, "db", ("transfer_matches", f"org-{i}", 10), lambda i=i: _value(i))
    built = cache.builds
    for i in range(20):
        assert await cache.aanswer(None, "db", ("transfer_matches", f"org-{i}", 10), lambda: _value(-1)) == i
    assert cache.builds == built
