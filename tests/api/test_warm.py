"""Warming the planner caches at API start: chains are fetched before any request asks."""

from __future__ import annotations

import asyncio

from tests.api.conftest import running


async def test_start_warms_the_gap_cache(settings_for):
    async with running(settings_for(api_warm_caches=True)) as (app, http):
        cache = app.state.services.gap_cache
        for _ in range(300):
            if cache.fetches:
                break
            await asyncio.sleep(0.1)
        assert cache.fetches >= 1
        assert (await http.get("/health")).status_code == 200


async def test_no_warming_unless_asked(settings_for):
    async with running(settings_for()) as (app, _):
        await asyncio.sleep(0.5)
        assert app.state.services.gap_cache.fetches == 0
