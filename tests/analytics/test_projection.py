"""The projection built from rows (pure) and the cache's invalidation by data version (database)."""

from __future__ import annotations

import math

import pytest

from graph.analytics import (
    AnalyticsCache, ProjectionRows, ProjectionTooLarge, build_projection, collaboration_paths,
    collaboration_projection, hop_length,
)
from graph.analytics.projection import AFFILIATION, CITATION, CO_APPLICANT, CO_INVENTOR
from graph.batch import GraphBatch
from core.model import node_id
from graph.writer import GraphWriter


def rows() -> ProjectionRows:
    orgs = [{"id": o, "name": o.upper(), "kind": "firm", "city": "Nanjing", "province": "Jiangsu"} for o in "abc"]
    inventors = [{"id": i, "name": i} for i in ("x", "y", "z")]
    applications, inventions = [], []
    # a+b co-apply on 7 patents (years 2015..2021); c alone on q1; x,y invent all of a+b's
    for n in range(7):
        applications += [{"org": "a", "patent": f"p{n}", "year": 2015 + n, "date": f"{2015 + n}-01-01"},
                         {"org": "b", "patent": f"p{n}", "year": 2015 + n, "date": f"{2015 + n}-01-01"}]
        inventions += [{"inventor": "x", "patent": f"p{n}", "year": 2015 + n, "date": None},
                       {"inventor": "y", "patent": f"p{n}", "year": 2015 + n, "date": None}]
    applications.append({"org": "c", "patent": "q1", "year": 2020, "date": "2020-05-05"})
    citations = [{"citing": "q1", "cited": "p3", "year": 2020, "date": "2020-05-05"}]
    affiliations = [{"inventor": "z", "org": "c", "patents": 4}]
    return ProjectionRows(orgs, inventors, applications, inventions, citations, affiliations)


def test_ties_counts_and_capped_evidence():
    projection = build_projection(rows(), max_evidence=3)
    ab = projection.ties("a", "b")
    assert set(ab) == {CO_APPLICANT}
    assert ab[CO_APPLICANT].count == 7
    assert ab[CO_APPLICANT].patent_ids == ["p6", "p5", "p4"]  # newest three
    assert (ab[CO_APPLICANT].first_year, ab[CO_APPLICANT].last_year) == (2015, 2021)
    assert projection.ties("x", "y")[CO_INVENTOR].count == 7
    assert projection.ties("x", "a")[AFFILIATION].count == 7
    # c's patent q1 cites p3 of a and b: one citation tie to each, evidence keeps the direction
    cites = projection.ties("c", "a")[CITATION]
    assert cites.count == 1 and cites.evidence[0].patent_id == "q1" and cites.evidence[0].cited_patent_id == "p3"
    # a declared affiliation without patents seen keeps its count and has no evidence
    zc = projection.ties("z", "c")[AFFILIATION]
    assert zc.count == 4 and zc.evidence == ()
    assert projection.graph["a"]["b"]["length"][CO_APPLICANT] == pytest.approx(1 / (1 + math.log(8)))


def test_hop_length_formula():
    assert hop_length(CO_APPLICANT, 1) == pytest.approx(1 / (1 + math.log(2)))
    assert hop_length(CITATION, 1) == pytest.approx(2 / (1 + math.log(2)))
    assert hop_length(CO_INVENTOR, 100) < hop_length(CO_INVENTOR, 10) < hop_length(CO_INVENTOR, 1)


def test_size_bounds():
    projection = build_projection(rows(), max_team_size=1)
    assert not projection.ties("x", "y")  # teams over the bound add no co_inventor clique
    assert projection.ties("x", "a")  # but keep their affiliations
    assert projection.skipped_patents == 7
    with pytest.raises(ProjectionTooLarge):
        build_projection(rows(), max_ties=3)


def test_parallel_ties_take_the_shortest_allowed_type():
    data = rows()
    # make a and b also cite each other 50 times: citation length 2/(1+ln 51) < co_applicant 1/(1+ln 8)? no:
    # 2/(1+3.93)=0.405 > 1/(1+2.08)=0.325, so co_applicant stays the hop type unless it is excluded
    for n in range(50):
        data.applications.append({"org": "a", "patent": f"r{n}", "year": 2022, "date": None})
        data.citations.append({"citing": f"r{n}", "cited": "q1", "year": 2022, "date": None})
        data.citations.append({"citing": f"r{n}", "cited": "p0", "year": 2022, "date": None})
    projection = build_projection(data)
    [path] = collaboration_paths(projection, "a", "b", max_hops=1, k=1)
    assert path.hops[0].type == CO_APPLICANT and path.hops[0].other_types == (CITATION,)
    [cited] = collaboration_paths(projection, "a", "b", max_hops=1, k=1, via={CITATION})
    assert cited.hops[0].type == CITATION
    assert cited.distance == pytest.approx(2 / (1 + math.log(1 + 50)))


def _patent_batch(numbers: list[str]) -> GraphBatch:
    batch = GraphBatch()
    org = node_id("Organization", "cache test org")
    batch.node("Organization", org, {"name": "cache test org", "kind": "firm"})
    for number in numbers:
        batch.node("Patent", node_id("Patent", number), {"number": number, "year": 2024})
        batch.relationship("APPLIED_FOR", ("Organization", org), ("Patent", node_id("Patent", number)))
    return batch


def test_cache_rebuilds_when_the_data_version_changes(graph):
    writer = GraphWriter(graph.driver, graph.database)
    writer.write_batch(_patent_batch(["CNC1A"]))
    now = [0.0]
    cache = AnalyticsCache(recheck_after_s=10, clock=lambda: now[0])
    first = collaboration_projection(graph.driver, graph.database, cache=cache)
    assert collaboration_projection(graph.driver, graph.database, cache=cache) is first
    writer.write_batch(_patent_batch(["CNC2A"]))
    # within the recheck window the cached projection is served without asking the database
    assert collaboration_projection(graph.driver, graph.database, cache=cache) is first
    now[0] = 11.0
    second = collaboration_projection(graph.driver, graph.database, cache=cache)
    assert second is not first and cache.builds == 2
    # the same data again: the version is unchanged, nothing is rebuilt
    now[0] = 30.0
    assert collaboration_projection(graph.driver, graph.database, cache=cache) is second
    cache.invalidate()
    assert collaboration_projection(graph.driver, graph.database, cache=cache) is not second
