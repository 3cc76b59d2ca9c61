"""Consortium scoring and candidates on the fixture graph; support measures; pure parts on tiny data."""

from __future__ import annotations

import math
from itertools import combinations

import pytest

from graph.analytics import (
    CONSORTIUM_WEIGHTS, InvalidArgument, UnknownNode, build_chain_data, build_projection, consortium_candidates,
    fetch_chain_data, fetch_support_measures, score_consortium,
)
from graph.analytics.projection import ProjectionRows
from tests.analytics.fixtures import CHAIN, MEAS, ORG, SEG

KEY = {v: k for k, v in ORG.items()}
# by hand from fixtures.PATENTS (segments with at least one patent of the organisation)
SEGMENTS_OF = {
    "U1": {"controller", "vision"},
    "U2": {"servo_actuator", "sensor", "controller"},
    "U3": {"reducer"},
    "I1": {"whole_machine", "controller"},
    "I2": {"sensor"},
    "F1": {"servo_actuator"},
    "F2": {"reducer", "screw_bearing"},
    "F3": {"sensor"},
    "F4": {"whole_machine", "application"},
    "F5": {"vision", "application"},
    "F6": set(),
    "X1": {"servo_actuator", "controller"},
}


@pytest.fixture(scope="module")
def chain(fixture_graph):
    return fetch_chain_data(fixture_graph.driver, fixture_graph.database, CHAIN, cache=None)


def test_chain_portfolios_match_the_fixture(chain):
    seg_key = {v: k for k, v in SEG.items()}
    assert [s.key for s in chain.segments] == sorted(SEG)
    held = {KEY[o]: {seg_key[s] for s in p.segments} for o, p in chain.portfolios.items()}
    assert held == {k: v for k, v in SEGMENTS_OF.items() if v}


def test_score_parts_by_hand(chain, projection):
    score = score_consortium([ORG["U1"], ORG["F5"], ORG["F4"]], chain, projection)
    # coverage: controller, vision, application, whole_machine = 4 of 8
    # complementarity: F_U1 = {controller, vision, G05B, B25J, G06T, G06N}, F_F5 = {vision, application,
    #   G06T, G06N, B25J, G06Q}, F_F4 = {whole_machine, application, B62D, B25J, G06Q};
    #   Jaccard 4/8, 1/10, 3/8 -> 1 - 0.975/3
    # ties: (U1,F5) shared inventor f1 + 0.5 citation -> 1.5/3; (U1,F4) shared f1 -> 1/3;
    #   (F5,F4) co-applied p28 + shared f1 -> 2/3
    # capacity: high-value max is F1's 3; U1 hv 2, growth 2/(2+3); F5 hv 1, growth 3/4; F4 hv 0, growth 3/5
    # proximity: (U1,F5) Nanjing 1, the others same province 0.5; potential: every pair is tied -> 0
    expected = {
        "coverage": 0.5,
        "complementarity": 1 - (0.5 + 0.1 + 0.375) / 3,
        "ties": (0.5 + 1 / 3 + 2 / 3) / 3,
        "capacity": ((0.7 * 2 / 3 + 0.3 * 0.4) + (0.7 / 3 + 0.3 * 0.75) + 0.3 * 0.6) / 3,
        "proximity": (1 + 0.5 + 0.5) / 3,
        "potential": 0.0,
    }
    assert score.parts == pytest.approx(expected)
    assert score.total == pytest.approx(sum(CONSORTIUM_WEIGHTS[k] * v for k, v in expected.items()))
    assert score.total == pytest.approx(0.4745833333)
    by_segment = {c.segment_key: {KEY[m] for m in c.members} for c in score.coverage}
    assert by_segment["application"] == {"F5", "F4"} and by_segment["sensor"] == set()
    assert {s for s in score.uncovered_segments} == {SEG[k] for k in ("reducer", "screw_bearing", "servo_actuator",
                                                                     "sensor")}
    evidence = {c.segment_key: c.evidence for c in score.coverage}
    assert len(evidence["vision"][ORG["F5"]]) == 3  # p26, p27, p47, capped at 3
    assert {frozenset((KEY[t.a], KEY[t.b])) for t in score.ties} == {
        frozenset(("U1", "F5")), frozenset(("U1", "F4")), frozenset(("F5", "F4"))}


def test_coverage_of_a_declared_set(chain, projection):
    members = ["U3", "F2", "F1", "F5", "F4"]
    score = score_consortium([ORG[m] for m in members], chain, projection)
    covered = set().union(*(SEGMENTS_OF[m] for m in members))
    assert covered == {"reducer", "screw_bearing", "servo_actuator", "vision", "application", "whole_machine"}
    assert score.parts["coverage"] == pytest.approx(6 / 8)
    # untied pairs get a link-prediction potential in [0, 1); tied pairs none
    tied = {frozenset((t.a, t.b)) for t in score.ties}
    assert frozenset((ORG["U3"], ORG["F2"])) in tied  # co-applied p19, shared c1 and c2
    assert all(frozenset(p) not in tied for p in score.potential_pairs)
    assert len(score.potential_pairs) + len(tied) == 10


def test_score_rejects_unknown_and_too_small(chain, projection):
    with pytest.raises(UnknownNode):
        score_consortium([ORG["U1"], "org:missing"], chain, projection)
    with pytest.raises(InvalidArgument):
        score_consortium([ORG["U1"]], chain, projection)


def test_candidates_honour_constraints_and_differ(chain, projection):
    candidates = consortium_candidates(
        chain, projection, region="Jiangsu", min_size=3, max_size=5, must_include=[ORG["F1"]],
        exclude=[ORG["U2"]], min_universities=1, limit=3, seed=7,
    )
    assert len(candidates) == 3
    for c in candidates:
        keys = {KEY[m] for m in c.members}
        assert "F1" in keys and "U2" not in keys and "X1" not in keys and "F6" not in keys
        assert 3 <= len(keys) <= 5 and len(keys) == len(c.members)
        assert sum(1 for k in keys if k.startswith("U")) >= 1
        covered = set().union(*(SEGMENTS_OF[k] for k in keys))
        assert c.score.parts["coverage"] == pytest.approx(len(covered) / 8)
        assert c.score.total == pytest.approx(sum(c.score.weights[k] * v for k, v in c.score.parts.items()))
    for a, b in combinations(candidates, 2):
        free_a, free_b = set(a.members) - {ORG["F1"]}, set(b.members) - {ORG["F1"]}
        assert len(free_a & free_b) / len(free_a | free_b) <= 0.5
    assert [c.score.total for c in candidates] == sorted((c.score.total for c in candidates), reverse=True)
    assert [c.rank for c in candidates] == [1, 2, 3]


def test_candidates_quotas_and_region(chain, projection):
    candidates = consortium_candidates(chain, projection, region="Suzhou", min_size=3, max_size=4, min_firms=2,
                                       limit=5)
    assert candidates
    for c in candidates:
        keys = {KEY[m] for m in c.members}
        assert keys <= {"U3", "I1", "F2", "F4"}  # the Suzhou organisations with chain patents
        assert sum(1 for k in keys if k.startswith("F")) >= 2
    everywhere = consortium_candidates(chain, projection, min_size=3, max_size=3, limit=5, seed=1)
    assert len({frozenset(c.members) for c in everywhere}) == len(everywhere)


def test_candidates_argument_errors(chain, projection):
    bad = [
        {"min_size": 2}, {"max_size": 9}, {"min_size": 5, "max_size": 4}, {"limit": 0},
        {"min_universities": 3, "min_firms": 3, "max_size": 5},
        {"must_include": [ORG["F1"]], "exclude": [ORG["F1"]]},
    ]
    for kwargs in bad:
        with pytest.raises(InvalidArgument):
            consortium_candidates(chain, projection, **kwargs)
    with pytest.raises(UnknownNode):
        consortium_candidates(chain, projection, must_include=["org:missing"])


def test_support_measures(fixture_graph):
    measures = fetch_support_measures(fixture_graph.driver, fixture_graph.database, CHAIN,
                                      industries=["humanoid_robots"])
    assert {m.measure_id for m in measures} == {MEAS["m1"], MEAS["m3"]}
    targeted = {m.measure_id: m.segment_ids for m in measures}
    assert targeted[MEAS["m1"]] == (SEG["sensor"],) and targeted[MEAS["m3"]] == ()
    # without explicit industries they come from the chain's file id (humanoid-robots)
    default = fetch_support_measures(fixture_graph.driver, fixture_graph.database, CHAIN)
    assert {m.measure_id for m in default} == {MEAS["m1"], MEAS["m3"]}
    only_targets = fetch_support_measures(fixture_graph.driver, fixture_graph.database, CHAIN, industries=[])
    assert {m.measure_id for m in only_targets} == {MEAS["m1"]}


def test_unknown_chain(fixture_graph):
    with pytest.raises(UnknownNode):
        fetch_chain_data(fixture_graph.driver, fixture_graph.database, "chain:missing", cache=None)


def test_pure_scoring_on_tiny_data():
    """Two segments, three firms: a covers s1, b covers s2, c covers s1; a-b co-applied; c shares b's partner d."""
    segments = [{"chain_id": "ch", "chain_name_en": "tiny", "id": s, "key": s, "name": s, "position": None}
                for s in ("s1", "s2")]
    portfolio = [
        {"org": o, "name": o, "kind": "firm", "city": city, "province": "P", "segment": s, "patent": p, "year": 2024,
         "date": None, "type": "invention", "valid": True, "claims": 10, "cited": 0, "ipc": [ipc]}
        for o, city, s, p, ipc in [("a", "A", "s1", "pa", "A01B1/00"), ("b", "B", "s2", "pb", "B01B1/00"),
                                   ("c", "A", "s1", "pc", "A01B1/00")]
    ]
    chain = build_chain_data("ch", segments, portfolio)
    rows = ProjectionRows(
        organizations=[{"id": o, "kind": "firm"} for o in "abcd"],
        applications=[{"org": "a", "patent": "j1", "year": 2024}, {"org": "b", "patent": "j1", "year": 2024},
                      {"org": "c", "patent": "j2", "year": 2024}, {"org": "d", "patent": "j2", "year": 2024},
                      {"org": "b", "patent": "j3", "year": 2024}, {"org": "d", "patent": "j3", "year": 2024}],
    )
    projection = build_projection(rows)
    score = score_consortium(["a", "b", "c"], chain, projection)
    assert score.parts["coverage"] == 1.0
    # features: a {s1, A01B}, b {s2, B01B}, c {s1, A01B}: Jaccard 0, 1, 0
    assert score.parts["complementarity"] == pytest.approx(1 - 1 / 3)
    # a-b one co-application -> 1/3; no other ties
    assert score.parts["ties"] == pytest.approx((1 / 3) / 3)
    # untied (a,c): no common partner -> 0; (b,c): common partner d of degree 2 -> 1 - exp(-1/2)
    assert score.potential_pairs[("b", "c")] == pytest.approx(1 - math.exp(-0.5))
    assert score.potential_pairs[("a", "c")] == 0.0
    assert score.parts["potential"] == pytest.approx((1 - math.exp(-0.5)) / 2)
    # proximity: a-c same city, the others same province
    assert score.parts["proximity"] == pytest.approx((0.5 + 1 + 0.5) / 3)
    # capacity: every firm has one high-value patent (claims 10) in the recent window -> 0.7 + 0.3
    assert score.parts["capacity"] == pytest.approx(1.0)
