"""Technology-transfer matches on the fixture graph, and the TF-IDF fit on tiny inputs."""

from __future__ import annotations

import math

import neo4j
import pytest

from graph.analytics import (
    AnalyticsCache, InvalidArgument, UnknownNode, afirms_for_patent, atransfer_matches, firms_for_patent,
    transfer_matches,
)
from graph.analytics.technology import FeatureStats, cosine, patent_features, patent_vector, profile_vector
from tests.analytics.fixtures import ORG, PAT, PATENTS

PKEY = {v: k for k, v in PAT.items()}
OKEY = {v: k for k, v in ORG.items()}


def own(org: str) -> set[str]:
    return {k for k, (_y, _s, applicants, _i, _e) in PATENTS.items() if org in applicants}


def test_firm_gets_university_patents_in_its_subclasses(fixture_graph):
    matches = transfer_matches(fixture_graph.driver, fixture_graph.database, ORG["F5"], limit=5,
                               cache=AnalyticsCache())
    keys = [PKEY[m.patent_id] for m in matches]
    # p33 (U1: G06T7/73, G06N3/08 and the concept machine_vision) fits best; then U1's vision patents
    assert keys[0] == "p33" and set(keys[1:3]) == {"p02", "p04"}
    assert not set(keys) & own("F5")
    top = matches[0]
    assert top.owners == (ORG["U1"],)
    # shared codes at their most specific level only (not also G06T7, G06T, G06N3, G06N)
    assert set(top.shared_ipc) == {"G06T7/73", "G06N3/08"} and top.shared_concepts == ("machine_vision",)
    assert top.parts["region"] == 0.1  # U1 is in Nanjing too
    assert top.parts["status"] == 0.06  # an invention in force
    assert 0 < top.parts["term"] < 0.05  # filed in 2025: most of its 20 years to run
    assert top.score == pytest.approx(sum(top.parts.values()))
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    # only university and institute patents are offered
    assert all(OKEY[o][0] in "UI" for m in matches for o in m.owners)


def test_transferred_and_moved_patents_are_skipped(fixture_graph):
    f1 = [PKEY[m.patent_id] for m in transfer_matches(fixture_graph.driver, fixture_graph.database, ORG["F1"],
                                                      limit=20, cache=AnalyticsCache())]
    assert "p34" in f1 and "p05" in f1  # U2's servo patents
    assert "p35" not in f1  # transferred: true
    assert not set(f1) & own("F1")  # p15, p16 are co-applied by F1 with U2
    f2 = [PKEY[m.patent_id] for m in transfer_matches(fixture_graph.driver, fixture_graph.database, ORG["F2"],
                                                      limit=20, cache=AnalyticsCache())]
    assert {"p08", "p09", "p46", "p38"} <= set(f2)  # U3's reducer patents
    assert "p36" not in f2 and "p19" not in f2  # p36 was transferred to F6; p19 is F2's own


def test_firms_for_a_university_patent(fixture_graph):
    firms = firms_for_patent(fixture_graph.driver, fixture_graph.database, PAT["p34"], limit=5, cache=AnalyticsCache())
    assert [OKEY[f.org_id] for f in firms] == ["F1", "X1"]  # the firms with H02K patents
    assert firms[0].parts["region"] == 0.1 and firms[1].parts["region"] == 0.0  # F1 shares U2's city
    assert firms[0].parts["fit"] > firms[1].parts["fit"]
    assert firms_for_patent(fixture_graph.driver, fixture_graph.database, PAT["p35"], cache=AnalyticsCache()) == []
    assert firms_for_patent(fixture_graph.driver, fixture_graph.database, PAT["p36"], cache=AnalyticsCache()) == []


def test_errors(fixture_graph):
    with pytest.raises(UnknownNode):
        transfer_matches(fixture_graph.driver, fixture_graph.database, "org:missing")
    with pytest.raises(UnknownNode):
        firms_for_patent(fixture_graph.driver, fixture_graph.database, "pat:missing")
    with pytest.raises(InvalidArgument):
        transfer_matches(fixture_graph.driver, fixture_graph.database, ORG["F1"], limit=0)


async def test_async_variants_agree(fixture_graph):
    status = fixture_graph.server.status()
    driver = neo4j.AsyncGraphDatabase.driver(status.uri, auth=fixture_graph.server.auth)
    try:
        matches = await atransfer_matches(driver, fixture_graph.database, ORG["F5"], limit=5, cache=AnalyticsCache())
        sync = transfer_matches(fixture_graph.driver, fixture_graph.database, ORG["F5"], limit=5, cache=AnalyticsCache())
        assert [m.patent_id for m in matches] == [m.patent_id for m in sync]
        firms = await afirms_for_patent(driver, fixture_graph.database, PAT["p34"], cache=AnalyticsCache())
        assert [OKEY[f.org_id] for f in firms] == ["F1", "X1"]
    finally:
        await driver.close()


def test_tf_idf_fit_by_hand():
    stats = FeatureStats(patents=9, frequencies={"sub:A01B": 2, "grp:A01B1": 2, "cls:A01B1/00": 2, "sub:C01C": 8,
                                                 "grp:C01C3": 8, "cls:C01C3/00": 8})
    assert stats.idf("sub:A01B") == pytest.approx(math.log(10 / 3) + 1)
    assert stats.idf("con:unseen") == pytest.approx(math.log(10) + 1)
    f_a = patent_features(["A01B1/00"], None)
    f_c = patent_features(["C01C3/00"], None)
    assert f_a == {"sub:A01B", "grp:A01B1", "cls:A01B1/00"}
    profile = profile_vector([f_a, f_c, f_c, f_c], stats)  # tf: A 1/4, C 3/4
    assert profile["grp:A01B1"] == pytest.approx(1.5 * 0.25 * stats.idf("grp:A01B1"))
    # both patents share every feature with the profile, so fit(A) / fit(C) = (tf_A idf_A) / (tf_C idf_C)
    fit_a = cosine(profile, patent_vector(f_a, stats))
    fit_c = cosine(profile, patent_vector(f_c, stats))
    assert 0 < fit_a < 1 and 0 < fit_c < 1
    idf_a, idf_c = stats.idf("sub:A01B"), stats.idf("sub:C01C")
    assert fit_a / fit_c == pytest.approx((0.25 * idf_a) / (0.75 * idf_c))


def test_feature_document_frequencies_count_each_patent_once(fixture_graph):
    from collections import Counter

    from cypher.catalog import statement

    expected: Counter[str] = Counter()
    for row in fixture_graph.query("MATCH (p:Patent) RETURN p.ipc AS ipc, p.concepts AS concepts"):
        ipc, concepts = row["ipc"] or [], row["concepts"] or []
        expected.update({*(f"sub:{c[:4]}" for c in ipc), *(f"grp:{c.split('/')[0]}" for c in ipc),
                         *(f"cls:{c}" for c in ipc if "/" in c), *(f"con:{c}" for c in concepts)})
    got = {r["feature"]: r["patents"] for r in fixture_graph.query(statement("analytics/feature_document_frequencies"))}
    assert got == dict(expected) and len(got) > 3
    assert any(len(set(r["ipc"] or [])) > len({c[:4] for c in r["ipc"] or []})
               for r in fixture_graph.query("MATCH (p:Patent) RETURN p.ipc AS ipc"))  # repeats exist to be removed


def test_candidates_that_differ_score_apart():
    """Issue 16: all five matches of one firm scored exactly 0.93847, pending 2024 applications and
    patents granted in 2015 alike; the ranking now separates status, age and IPC overlap."""
    from graph.analytics.transfer import rank_patents_for_org

    org = [{"org": "f", "city": "Suzhou", "province": "Jiangsu", "patent": f"own{n}", "ipc": ipc, "concepts": None}
           for n, ipc in enumerate([["F16H25/20", "F16C19/06"], ["F16H25/20"], ["F16H25/22", "H02P6/08"]])]
    base = {"owners": ["u"], "cities": ["Suzhou"], "provinces": ["Jiangsu"], "title": None, "concepts": None}
    candidates = [
        {**base, "patent": "pending-2024", "type": "invention", "valid": None, "grant_date": None, "year": 2024,
         "ipc": ["F16H25/20", "F16C19/06"]},
        {**base, "patent": "in-force-2015", "type": "invention", "valid": True, "grant_date": None, "year": 2015,
         "ipc": ["F16H25/20", "F16C19/06"]},
        {**base, "patent": "in-force-2020", "type": "invention", "valid": True, "grant_date": None, "year": 2020,
         "ipc": ["F16H25/20", "F16C19/06"]},
        {**base, "patent": "other-subgroup", "type": "invention", "valid": True, "grant_date": None, "year": 2020,
         "ipc": ["F16H25/24", "F16C19/06"]},
        {**base, "patent": "utility-model", "type": "utility_model", "valid": True, "grant_date": None, "year": 2020,
         "ipc": ["F16H25/20", "F16C19/06"]},
        {**base, "patent": "us-grant", "type": "invention", "valid": None, "grant_date": "2021-05-04", "year": 2020,
         "ipc": ["F16H25/20", "F16C19/06"]},
    ]
    stats = FeatureStats.from_patents([patent_features(r["ipc"], None) for r in org + candidates] * 3)
    matches = rank_patents_for_org(org, candidates, stats, limit=10, as_of_year=2026)
    scores = {m.patent_id: m.score for m in matches}
    assert len(set(round(s, 9) for s in scores.values())) == len(candidates)  # no two alike
    assert scores["in-force-2020"] > scores["in-force-2015"]  # more of its term to run
    assert scores["in-force-2020"] > scores["other-subgroup"]  # the firm's own subgroup F16H25/20
    assert scores["in-force-2020"] > scores["us-grant"] > scores["utility-model"]
    assert scores["in-force-2020"] > scores["pending-2024"]  # a granted patent over a pending application
    by_id = {m.patent_id: m for m in matches}
    assert by_id["in-force-2015"].parts["term"] == pytest.approx(0.05 * (1 - 11 / 20))
    for match in matches:  # the shared codes at their most specific level, none a prefix of another
        codes = match.shared_ipc
        assert not any(a != b and b.startswith(a) for a in codes for b in codes), codes
    assert set(by_id["in-force-2020"].shared_ipc) == {"F16H25/20", "F16C19/06"}
    assert set(by_id["other-subgroup"].shared_ipc) == {"F16H25", "F16C19/06"}
