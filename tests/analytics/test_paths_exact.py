"""Issue 16 (2): collaboration paths are exact - the search no longer follows only each node's 32
strongest ties, a patent with more inventors than the clique bound still joins them, and the k paths
found are the k shortest simple paths within the hop limit (checked against exhaustive enumeration)."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from graph.analytics import ProjectionRows, build_projection, collaboration_paths
from graph.analytics.projection import CO_INVENTOR, DEFAULT_MAX_TEAM_SIZE


def _orgs(ids):
    return [{"id": o, "name": o, "kind": "firm", "city": "Nanjing", "province": "Jiangsu"} for o in ids]


def _co_applications(pairs):
    """Application rows for co-applied patents: (a, b, count) -> `count` patents of a and b together."""
    rows, n = [], 0
    for a, b, count in pairs:
        for _ in range(count):
            n += 1
            rows += [{"org": a, "patent": f"p{n}", "year": 2020, "date": None},
                     {"org": b, "patent": f"p{n}", "year": 2020, "date": None}]
    return rows


def test_a_path_through_a_hubs_weaker_ties_is_found():
    # the hub H has 40 strong partners (10 shared patents each) and one weak tie (1 patent) to X, the
    # only way to T; the search used to follow H's 32 strongest ties only and answer "no path"
    leaves = [f"L{i:02d}" for i in range(40)]
    pairs = [("H", leaf, 10) for leaf in leaves] + [("S", "H", 3), ("H", "X", 1), ("X", "T", 2)]
    projection = build_projection(ProjectionRows(_orgs(["S", "H", "X", "T", *leaves]), [],
                                                 _co_applications(pairs), [], [], []))
    for max_hops in (3, 4, 5, 6):
        paths = collaboration_paths(projection, "S", "T", max_hops=max_hops, k=3)
        assert paths and paths[0].nodes == ("S", "H", "X", "T"), max_hops
    assert collaboration_paths(projection, "S", "T", max_hops=2) == []


def test_a_team_larger_than_the_clique_bound_still_joins_its_inventors():
    team = [f"i{n:02d}" for n in range(DEFAULT_MAX_TEAM_SIZE + 8)]
    inventions = [{"inventor": i, "patent": "big", "year": 2021, "date": "2021-02-02"} for i in team]
    projection = build_projection(ProjectionRows([], [{"id": i, "name": i} for i in team], [], inventions, [], []))
    assert projection.skipped_patents == 1 and not projection.ties(team[0], team[-1])  # no clique stored
    [path] = collaboration_paths(projection, team[0], team[-1], max_hops=1, k=1)
    hop = path.hops[0]
    assert (hop.type, hop.count, hop.patent_ids) == (CO_INVENTOR, 1, ["big"])


def _random_projection(seed: int):
    rng = random.Random(seed)
    nodes = [f"o{n}" for n in range(14)]
    pairs = {}
    for _ in range(30):
        a, b = rng.sample(nodes, 2)
        pairs[tuple(sorted((a, b)))] = rng.choice([1, 1, 1, 2, 5, 20])
    return nodes, build_projection(ProjectionRows(_orgs(nodes), [], _co_applications(
        [(a, b, c) for (a, b), c in pairs.items()]), [], [], []))


def _exhaustive(projection, a: str, b: str, max_hops: int) -> list[float]:
    graph = nx.Graph()
    for u, v, data in projection.graph.edges(data=True):
        graph.add_edge(u, v, weight=min(data["length"].values()))
    if a not in graph or b not in graph:
        return []
    return sorted(nx.path_weight(graph, p, "weight") for p in nx.all_simple_paths(graph, a, b, cutoff=max_hops))


@pytest.mark.parametrize("seed", range(12))
def test_the_k_paths_are_the_k_shortest_within_the_hop_limit(seed):
    nodes, projection = _random_projection(seed)
    rng = random.Random(seed + 100)
    for _ in range(6):
        a, b = rng.sample(nodes, 2)
        max_hops, k = rng.randint(1, 6), rng.randint(1, 10)
        if a not in projection.graph or b not in projection.graph:
            continue
        expected = _exhaustive(projection, a, b, max_hops)[:k]
        paths = collaboration_paths(projection, a, b, max_hops=max_hops, k=k)
        assert [p.distance for p in paths] == pytest.approx(expected), (a, b, max_hops, k)
        for p in paths:
            assert p.hop_count <= max_hops and len(set(p.nodes)) == len(p.nodes)
