"""Thin runners for the analytics' Cypher files: one read query, all rows as dicts.

Both the blocking `neo4j.Driver` and the `neo4j.AsyncDriver` are served by the same statement and
the same row shape, so the Python post-processing is shared. ArcadeDB ignores Bolt transaction
timeouts: callers that need a deadline wrap these calls (e.g. `asyncio.wait_for`).
"""

from __future__ import annotations

from typing import Any

import neo4j

from cypher.catalog import statement

Row = dict[str, Any]


def read_rows(driver: neo4j.Driver, database: str, name: str, **params: Any) -> list[Row]:
    """Rows of `cypher/analytics/<name>.cypher` run with `params` (read routing)."""
    records, _, _ = driver.execute_query(
        statement(f"analytics/{name}"), params, database_=database, routing_=neo4j.RoutingControl.READ
    )
    return [dict(record) for record in records]


async def aread_rows(driver: neo4j.AsyncDriver, database: str, name: str, **params: Any) -> list[Row]:
    """`read_rows` for the async driver."""
    records, _, _ = await driver.execute_query(
        statement(f"analytics/{name}"), params, database_=database, routing_=neo4j.RoutingControl.READ
    )
    return [dict(record) for record in records]
