"""Reads written once, run by a blocking or an async driver: flows and their runner.

A flow is a generator that yields steps and is sent each step's result; what it returns is the
read's result. `run(driver, database, flow)` runs it on a `neo4j.Driver` (or anything with its
`execute_query`, such as the API's bridge), `await arun(driver, database, flow)` on a
`neo4j.AsyncDriver`. The steps:

  * `(name, params)`: the catalog statement `cypher/<name>.cypher` with `params`, run in read
    access mode (read routing); its rows come back as dicts;
  * a list of steps: their results as a list. The async runner runs them concurrently (one
    request's independent queries overlap), the blocking one in order;
  * `Offload(fn, *args, **kwargs)`: `fn(*args, **kwargs)`, CPU-bound work; the async runner runs it
    in a worker thread so the event loop is not held up;
  * `Cached(cache, key, make_flow)`: the value of `make_flow()` kept in `cache` under `key`
    (`cache.get` / `cache.aget` of `graph.analytics.cache.AnalyticsCache`: built once under the
    cache's lock, dropped when the data version changes); `cache=None` runs the flow every time.

Sub-reads compose with `yield from`. Each statement is its own read transaction, as with
`execute_query`. ArcadeDB ignores Bolt transaction timeouts: callers that need a deadline wrap
`arun` (e.g. `asyncio.wait_for`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Generator
from typing import Any, TypeVar

import neo4j

from cypher.catalog import statement

Row = dict[str, Any]
Query = tuple[str, dict[str, Any]]
T = TypeVar("T")
Flow = Generator[Any, Any, T]  # a flow ending in a T: `run` / `arun` return that T


class Offload:
    """A CPU-bound call a flow asks for (the async runner runs it in a worker thread)."""

    __slots__ = ("args", "fn", "kwargs")

    def __init__(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> None:
        self.fn, self.args, self.kwargs = fn, args, kwargs


class Cached:
    """A value a flow asks for from a cache: `make_flow()`'s result, built once per data version."""

    __slots__ = ("cache", "key", "make_flow")

    def __init__(self, cache: Any, key: Any, make_flow: Callable[[], Flow[Any]]) -> None:
        self.cache, self.key, self.make_flow = cache, key, make_flow


def run(driver: neo4j.Driver, database: str, flow: Flow[T]) -> T:
    """Run `flow` on a blocking driver; its return value."""
    try:
        step = next(flow)
        while True:
            result = _step(driver, database, step)
            step = flow.send(result)
    except StopIteration as done:
        value: T = done.value
        return value
    finally:
        flow.close()


async def arun(driver: neo4j.AsyncDriver, database: str, flow: Flow[T]) -> T:
    """Run `flow` on an async driver; its return value."""
    try:
        step = next(flow)
        while True:
            result = await _astep(driver, database, step)
            step = flow.send(result)
    except StopIteration as done:
        value: T = done.value
        return value
    finally:
        flow.close()


def _step(driver: neo4j.Driver, database: str, step: Any) -> Any:
    if isinstance(step, list):
        return [_step(driver, database, s) for s in step]
    if isinstance(step, Offload):
        return step.fn(*step.args, **step.kwargs)
    if isinstance(step, Cached):
        if step.cache is None:
            return run(driver, database, step.make_flow())
        return step.cache.get(driver, database, step.key, lambda: run(driver, database, step.make_flow()))
    name, params = step
    records, _, _ = driver.execute_query(statement(name), params, database_=database,
                                         routing_=neo4j.RoutingControl.READ)
    return [dict(r) for r in records]


async def _astep(driver: neo4j.AsyncDriver, database: str, step: Any) -> Any:
    if isinstance(step, list):
        return list(await asyncio.gather(*(_astep(driver, database, s) for s in step)))
    if isinstance(step, Offload):
        return await asyncio.to_thread(step.fn, *step.args, **step.kwargs)
    if isinstance(step, Cached):
        if step.cache is None:
            return await arun(driver, database, step.make_flow())
        return await step.cache.aget(driver, database, step.key, lambda: arun(driver, database, step.make_flow()))
    name, params = step
    records, _, _ = await driver.execute_query(statement(name), params, database_=database,
                                               routing_=neo4j.RoutingControl.READ)
    return [dict(r) for r in records]


def rows(name: str, /, **params: Any) -> Flow[list[Row]]:
    """A flow of one statement: its rows (`rows = yield from rows("analytics/x", id=...)`, or
    `run(driver, database, rows(...))`)."""
    found: list[Row] = yield (name, params)
    return found
