"""The in-memory search index: unit behaviour, and the same answers as the search statements on the
fixture graph in the embedded database."""

from __future__ import annotations

import neo4j
import pytest

from api.repositories.graph import GraphClient
from api.repositories.search import SearchRepository
from api.repositories.search_index import KindIndex


def _index() -> KindIndex:
    return KindIndex.build([
        {"id": "o1", "name": "Nanjing University", "aliases": ["NANJING UNIV", "南京大学"], "name_norm": "nanjing", "rank": 5},
        {"id": "o2", "name": "Southeast University", "aliases": [], "name_norm": "southeast", "rank": 9},
        {"id": "o3", "name": "University of Nanjing Tech", "aliases": [], "name_norm": None, "rank": 1},
        {"id": "o4", "name": "Jiangsu Hengrui", "aliases": [], "name_norm": "hengruimedicine", "rank": 2},
    ])


def test_scores_exact_prefix_and_substring():
    index = _index()
    assert index.search("nanjing university", 10) == [(3, "o1")]
    assert index.search("南京大学", 10) == [(3, "o1")]
    assert index.search("nanjing", 10) == [(2, "o1"), (1, "o3")]
    # ties on score go to the higher rank (patent count), then the id
    assert index.search("university", 10) == [(2, "o3"), (1, "o2"), (1, "o1")]


def test_a_normalised_name_match_scores_one_and_limits_apply():
    index = _index()
    assert index.search("medicine", 10) == [(1, "o4")]
    assert index.search("university", 2) == [(2, "o3"), (1, "o2")]
    assert index.search("absent", 10) == []


def test_patent_numbers_match_whole_and_missing_years_sort_last():
    index = KindIndex.build([
        {"id": "p1", "name": "减速器", "aliases": [], "number": "CN123A", "rank": 2020},
        {"id": "p2", "name": "谐波减速器", "aliases": [], "number": "CN124A", "rank": None},
        {"id": "p3", "name": "一种减速器", "aliases": [], "number": "CN125A", "rank": 2023},
    ])
    assert index.search("cn123a", 5) == [(3, "p1")]
    assert index.search("cn12", 5) == []
    assert index.search("减速器", 5) == [(3, "p1"), (1, "p3"), (1, "p2")]


TERMS = ["南京", "大学", "nanjing", "university", "university of", "robot", "机器人", "减速", "a", "zhang",
         "张", "co., ltd.", "southeast university", "东南大学", "jiangsu", "cn", "x"]


@pytest.mark.asyncio(loop_scope="session")
async def test_the_index_answers_as_the_statements_do(api_graph):
    status = api_graph.server.ensure_running()
    driver = neo4j.AsyncGraphDatabase.driver(status.uri, auth=api_graph.server.auth)
    try:
        client = GraphClient(driver, api_graph.database, timeout_s=30, max_concurrent=4)
        indexed, scanning = SearchRepository(client), SearchRepository(client)
        assert await indexed.index.build() is not None

        async def never() -> None:
            return None

        scanning.index.current = never  # type: ignore[method-assign]
        numbers = [r["n"] for r in api_graph.query("MATCH (p:Patent) RETURN p.number AS n LIMIT 3")]
        answered = 0
        for term in TERMS + [n for n in numbers if n]:
            for limit in (3, 50):
                got = [(h.kind, h.score, h.node["id"]) for h in await indexed.search(term, limit)]
                want = [(h.kind, h.score, h.node["id"]) for h in await scanning.search(term, limit)]
                assert got == want, term
                answered += bool(want)
        assert answered >= 12  # the comparison is mostly not of empty lists
    finally:
        await driver.close()
