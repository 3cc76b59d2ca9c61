"""Collaboration paths on the fixture graph (fetched from the embedded database) and on tiny graphs."""

from __future__ import annotations

import math

import pytest

from graph.analytics import (
    AnalyticsCache, InvalidArgument, UnknownNode, acollaboration_projection, collaboration_paths,
    collaboration_projection,
)
from tests.analytics.fixtures import INV, ORG, PAT

NAME = {v: k for k, v in {**ORG, **INV}.items()}


def hop(count: int, factor: float = 1.0) -> float:
    return factor / (1 + math.log(1 + count))


def names(path) -> list[str]:
    return [NAME[n] for n in path.nodes]


def test_three_shortest_paths_in_distance_order(projection):
    paths = collaboration_paths(projection, ORG["F5"], ORG["F1"], max_hops=4, k=3)
    # by hand: F5-f1 affiliation on p26,p27,p28,p47 (4); f1-U1 on p03 (1); U1-U2 co-applied p40 (1);
    # U2-F1 co-applied p15,p16 (2); F5->U1 one citation (p27 cites p02, factor 2);
    # b1-U2 affiliation on p05,p06,p07,p15,p16,p34,p35 (7); b1-F1 on p15,p16 (2)
    assert [names(p) for p in paths] == [
        ["F5", "f1", "U1", "U2", "F1"],
        ["F5", "U1", "U2", "F1"],
        ["F5", "U1", "U2", "b1", "F1"],
    ]
    expected = [
        hop(4) + hop(1) + hop(1) + hop(2),
        hop(1, 2.0) + hop(1) + hop(2),
        hop(1, 2.0) + hop(1) + hop(7) + hop(2),
    ]
    assert [p.distance for p in paths] == pytest.approx(expected)
    assert [p.distance for p in paths] == sorted(p.distance for p in paths)
    assert [[h.type for h in p.hops] for p in paths][1] == ["citation", "co_applicant", "co_applicant"]


def test_hops_carry_their_evidence(projection):
    path = collaboration_paths(projection, ORG["F5"], ORG["F1"], k=2)[1]
    citation, co_app, last = path.hops
    assert (citation.source, citation.target, citation.count) == (ORG["F5"], ORG["U1"], 1)
    assert [(e.patent_id, e.cited_patent_id, e.year) for e in citation.evidence] == [(PAT["p27"], PAT["p02"], 2024)]
    assert co_app.patent_ids == [PAT["p40"]] and co_app.evidence[0].date == "2022-03-01"
    assert last.patent_ids == [PAT["p16"], PAT["p15"]]  # newest first
    assert all(h.evidence for p in collaboration_paths(projection, ORG["F5"], ORG["F1"], k=3) for h in p.hops)


def test_max_hops_bounds_the_paths(projection):
    paths = collaboration_paths(projection, ORG["F5"], ORG["F1"], max_hops=3, k=3)
    assert [names(p) for p in paths] == [["F5", "U1", "U2", "F1"]]
    assert collaboration_paths(projection, ORG["F5"], ORG["F1"], max_hops=2, k=3) == []


def test_via_restricts_the_hop_types(projection):
    assert collaboration_paths(projection, ORG["F5"], ORG["F1"], via={"co_applicant"}) == []
    paths = collaboration_paths(projection, ORG["F5"], ORG["F1"], via={"co_applicant", "citation"}, k=3)
    assert [names(p) for p in paths] == [["F5", "U1", "U2", "F1"]]
    only_inventors = collaboration_paths(projection, INV["a1"], INV["b3"], via={"co_inventor"}, k=3)
    # a1-a2 on p02,p04; a2-b3 on p40
    assert [names(p) for p in only_inventors] == [["a1", "a2", "b3"]]
    assert only_inventors[0].distance == pytest.approx(hop(2) + hop(1))


def test_unknown_ids_and_bad_arguments(projection):
    with pytest.raises(UnknownNode) as info:
        collaboration_paths(projection, "org:nope", ORG["F1"])
    assert info.value.node_id == "org:nope"
    with pytest.raises(UnknownNode):
        collaboration_paths(projection, ORG["F1"], PAT["p01"])  # a patent is not a projection node
    for kwargs in ({"max_hops": 0}, {"max_hops": 7}, {"k": 0}, {"k": 11}, {"via": {"friendship"}}, {"via": set()}):
        with pytest.raises(InvalidArgument):
            collaboration_paths(projection, ORG["F5"], ORG["F1"], **kwargs)
    with pytest.raises(InvalidArgument):
        collaboration_paths(projection, ORG["F5"], ORG["F5"])


def test_isolated_pairs_have_no_path(projection):
    assert collaboration_paths(projection, ORG["F6"], ORG["F1"]) == []


def test_cached_projection_sync_and_async_agree(fixture_graph):
    cache = AnalyticsCache()
    sync = collaboration_projection(fixture_graph.driver, fixture_graph.database, cache=cache)
    again = collaboration_projection(fixture_graph.driver, fixture_graph.database, cache=cache)
    assert again is sync and cache.builds == 1
    assert sync.graph.number_of_nodes() == 12 + 16


async def test_async_projection(fixture_graph):
    import neo4j

    status = fixture_graph.server.status()
    driver = neo4j.AsyncGraphDatabase.driver(status.uri, auth=fixture_graph.server.auth)
    try:
        cache = AnalyticsCache()
        projection = await acollaboration_projection(driver, fixture_graph.database, cache=cache)
        paths = collaboration_paths(projection, ORG["F5"], ORG["F1"], k=1)
        assert names(paths[0]) == ["F5", "f1", "U1", "U2", "F1"]
        assert await acollaboration_projection(driver, fixture_graph.database, cache=cache) is projection
    finally:
        await driver.close()
