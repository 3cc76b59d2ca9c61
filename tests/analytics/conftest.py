"""Analytics fixtures: the hand-built graph (tests.analytics.fixtures) in the module's database."""

from __future__ import annotations

import pytest

from graph.analytics import AnalyticsCache, build_projection, fetch_projection_rows
from graph.writer import GraphWriter
from tests.analytics import fixtures


@pytest.fixture(scope="module")
def fixture_graph(graph):
    """The module's database loaded with the analytics fixture graph."""
    GraphWriter(graph.driver, graph.database).write_all(fixtures.build())
    return graph


@pytest.fixture(scope="module")
def projection(fixture_graph):
    """The collaboration projection of the fixture graph, fetched through the real queries."""
    return build_projection(fetch_projection_rows(fixture_graph.driver, fixture_graph.database))


@pytest.fixture
def cache():
    """A fresh cache per test, so tests never share fetched values."""
    return AnalyticsCache()
