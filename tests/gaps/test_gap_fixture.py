"""Gap analysis on a small hand-built graph whose every figure is worked out by hand in this file."""

from __future__ import annotations

import asyncio

import neo4j
import pytest

from extract.chains import load_chains
from graph.batch import GraphBatch
from graph.gaps import (
    EXTERNAL_DEPENDENCY, MISSING_LINK, WEAK_LINK, GapCache, InvalidArgument, UnknownChain, UnknownRegion,
    achain_gap_report, chain_gap_report, chain_graph,
)
from graph.ingest.chains import chain_node_id, chains_batch, segment_node_id
from core.model import node_id
from graph.writer import GraphWriter

CHAIN = "humanoid-robots"
REGIONS = {  # code -> (name, name_zh, level, parent code)
    "CN": ("China", "中国", "country", None),
    "CN-JS": ("Jiangsu", "江苏省", "province", "CN"),
    "CN-JS-Suzhou": ("Suzhou", "苏州市", "city", "CN-JS"),
    "CN-JS-Nanjing": ("Nanjing", "南京市", "city", "CN-JS"),
    "CN-SH": ("Shanghai", "上海市", "province", "CN"),
}
ORGS = {"su": "CN-JS-Suzhou", "nj": "CN-JS-Nanjing", "sh": "CN-SH", "nowhere": None}
# number: (year, type, valid, claims, ipc, applicants, segments)
PATENTS = {
    "p1": (2020, "invention", True, 12, ["B25J9/10"], ["su"], ["reducer", "whole_machine"]),
    "p2": (2021, "invention", None, 5, ["F16H1/32", "B25J9/10", "G05B19/00"], ["su"], ["reducer"]),
    "p3": (2022, "utility_model", True, 12, ["B25J9/10"], ["su"], ["reducer"]),
    "p4": (2022, "invention", False, 20, ["B25J9/10"], ["su", "nj"], ["reducer"]),
    "p5": (2023, "invention", True, 3, ["B25J9/10"], ["su", "sh"], ["reducer"]),
    "p6": (2023, "invention", True, 3, ["B25J9/10"], ["sh"], ["reducer"]),
    "p7": (2021, "invention", True, 3, ["G01L1/00"], ["sh"], ["sensor"]),
    "p8": (2022, "utility_model", True, 5, ["G01L1/00"], ["sh"], ["sensor"]),
    "p9": (2022, "utility_model", True, 5, ["G01L1/00"], ["nowhere"], ["sensor"]),
    "p10": (2023, "invention", None, 8, ["G01L1/00"], ["nj"], ["sensor"]),
    "p11": (2020, "design", True, None, ["G01L1/00"], ["sh"], ["sensor"]),
    "p12": (2021, "utility_model", True, 4, ["G01L1/00"], ["sh"], ["sensor"]),
    "p13": (2021, "invention", True, 4, ["B62D57/032"], ["nj"], ["whole_machine"]),
    "p14": (2022, "invention", True, 4, ["B62D57/032"], ["nj"], ["whole_machine"]),
    "p15": (2023, "invention", True, 4, ["B62D57/032"], ["sh"], ["whole_machine"]),
}
CITES = [("p7", "p6")]
MEASURE_TEXT = "支持精密减速器与力觉传感器攻关，" * 20


def _rid(code):
    return node_id("Region", code)


def _pid(number):
    return node_id("Patent", number)


def _oid(key):
    return node_id("Organization", key)


def _patent(batch, number, year, ptype, valid, claims, ipc, applicants, segments):
    batch.node("Patent", _pid(number), {"number": number, "year": year, "type": ptype, "valid": valid,
                                        "claims_count": claims, "ipc": ipc})
    for seq, org in enumerate(applicants, 1):
        batch.relationship("APPLIED_FOR", ("Organization", _oid(org)), ("Patent", _pid(number)), {"sequence": seq})
    for key in segments:
        batch.relationship("IN_SEGMENT", ("Patent", _pid(number)), ("ChainSegment", segment_node_id(CHAIN, key)),
                           {"rule": "test", "confidence": 1.0})


def fixture_batches() -> list[GraphBatch]:
    """The fixture: the shipped chain, then regions, organisations, patents, a policy."""
    batch = GraphBatch()
    for code, (name, zh, level, parent) in REGIONS.items():
        batch.node("Region", _rid(code), {"code": code, "name": name, "name_zh": zh, "level": level})
        if parent:
            batch.relationship("LOCATED_IN", ("Region", _rid(code)), ("Region", _rid(parent)))
    for key, code in ORGS.items():
        batch.node("Organization", _oid(key), {"name": f"org-{key}", "kind": "firm", "city": key})
        if code:
            batch.relationship("LOCATED_IN", ("Organization", _oid(key)), ("Region", _rid(code)))
    for number, row in PATENTS.items():
        _patent(batch, number, *row)
    for a, b in CITES:
        batch.relationship("CITES", ("Patent", _pid(a)), ("Patent", _pid(b)))
    pol, meas = node_id("Policy", "pol1"), node_id("Measure", "pol1", "1")
    batch.node("Policy", pol, {"title": "江苏省人形机器人产业发展行动计划", "region": "CN-JS"})
    batch.node("Measure", meas, {"ordinal": 1, "text": MEASURE_TEXT})
    batch.relationship("HAS_MEASURE", ("Policy", pol), ("Measure", meas), {"ordinal": 1})
    for key in ("reducer", "sensor"):
        batch.relationship("TARGETS_SEGMENT", ("Measure", meas), ("ChainSegment", segment_node_id(CHAIN, key)),
                           {"confidence": 0.9})
    batch.node("Document", "doc:fixture-1", {"path": "fixture"})
    return [chains_batch({CHAIN: load_chains()[CHAIN]}), batch]


@pytest.fixture(scope="module")
def fixture_graph(graph):
    writer = GraphWriter(graph.driver, graph.database)
    for batch in fixture_batches():
        writer.write_batch(batch)
    return graph


def report(g, region="Jiangsu", **kw):
    kw.setdefault("cache", None)
    return chain_gap_report(g.driver, g.database, CHAIN, region, **kw)


def test_counts_shares_and_flags_match_the_hand_computation(fixture_graph):
    r = report(fixture_graph, benchmark="all")
    assert r.benchmark_kind == "all" and r.benchmark is None
    chain = load_chains()[CHAIN]
    assert [s.key for s in r.segments] == [s.key for s in chain.segments]
    assert r.region.code == "CN-JS"
    assert (r.region_chain_patents, r.benchmark_chain_patents) == (8, 15)
    red = r.segment("reducer")
    assert (red.region.patents, red.region.inventions, red.region.valid, red.region.high_value) == (5, 4, 3, 3)
    assert (red.benchmark.patents, red.benchmark.inventions, red.benchmark.valid, red.benchmark.high_value) == (6, 5, 4, 4)
    assert red.region.share == pytest.approx(5 / 8) and red.benchmark.share == pytest.approx(6 / 15)
    assert red.share_ratio == pytest.approx((5 / 8) / (6 / 15))
    assert r.growth_years == (2020, 2023)
    assert (red.region.early, red.region.late) == (2, 3)
    assert red.region.growth == pytest.approx(0.2) and red.region.cagr == pytest.approx((3 / 2) ** 0.5 - 1)
    assert red.benchmark.growth == pytest.approx(1 / 3)
    assert red.external_share == pytest.approx(1 / 6) and red.flags == []
    assert red.gap_score == pytest.approx(0.15 * (1 / 3 - 0.2) / 2 + 0.15 / 6, abs=1e-4)

    sensor = r.segment("sensor")
    assert sensor.region.patents == 1 and sensor.share_ratio == pytest.approx((1 / 8) / (6 / 15))
    assert (sensor.applicant_patents, sensor.external_patents) == (6, 5)
    assert sensor.flags == [MISSING_LINK, WEAK_LINK, EXTERNAL_DEPENDENCY]
    assert sensor.region.growth == 1.0 and sensor.benchmark.growth == 0.0
    assert sensor.gap_score == pytest.approx(0.55 * (1 - 0.3125) + 0.15 * 5 / 6 + 0.15, abs=1e-4)

    whole = r.segment("whole_machine")
    assert (whole.region.patents, whole.benchmark.patents, whole.flags) == (3, 4, [])
    for s in r.segments:
        if s.key not in ("reducer", "sensor", "whole_machine"):
            assert s.region.patents == 0 and s.share_ratio is None and s.flags == [MISSING_LINK]
            assert s.gap_score == pytest.approx(0.15) and s.measures == []


def test_the_default_benchmark_is_everything_outside_the_region(fixture_graph):
    """Issue 16: the default benchmark "all patents" was 99% the region itself, so the first view said
    "no gaps"; by default the region is compared with the chain's patents held outside it."""
    r = report(fixture_graph)
    everything = report(fixture_graph, benchmark="all")
    assert (r.benchmark_kind, r.benchmark, r.benchmark_label) == ("outside", None, "outside Jiangsu")
    assert (r.region_chain_patents, r.benchmark_chain_patents, r.benchmark_overlap) == (8, 7, 0.0)
    assert everything.benchmark_overlap == pytest.approx(8 / 15)
    for s in r.segments:
        all_of = everything.segment(s.key)
        assert s.region.patents == all_of.region.patents
        assert s.benchmark.patents == all_of.benchmark.patents - s.region.patents  # outside = all - region
        assert s.benchmark.patents == s.external_patents + (s.segment_patents - s.applicant_patents)
    red = r.segment("reducer")
    assert red.share_ratio == pytest.approx((5 / 8) / (1 / 7))
    assert report(fixture_graph, benchmark="outside").to_dict() == r.to_dict()


def test_a_benchmark_that_is_mostly_the_region_is_called_out(fixture_graph):
    # Jiangsu against 江苏省: the same patents
    r = report(fixture_graph, benchmark="江苏省")
    assert r.benchmark_kind == "region" and r.benchmark_overlap == 1.0
    assert any("are the region's own" in n for n in r.notes)
    assert not any("region's own" in n for n in report(fixture_graph).notes)


def test_holders_and_measures(fixture_graph):
    r = report(fixture_graph, top_holders=3)
    red, sensor = r.segment("reducer"), r.segment("sensor")
    assert [(h.id, h.patents) for h in red.top_holders_in_region] == [(_oid("su"), 5), (_oid("nj"), 1)]
    assert [(h.id, h.patents) for h in red.top_holders_outside] == [(_oid("sh"), 2)]
    assert [(h.id, h.patents) for h in sensor.top_holders_outside] == [(_oid("sh"), 4), (_oid("nowhere"), 1)]
    assert red.top_holders_in_region[0].name == "org-su" and red.top_holders_in_region[0].city == "su"
    for s in (red, sensor):
        assert s.measure_count == 1 and len(s.measures) == 1
        m = s.measures[0]
        assert m.policy_title == "江苏省人形机器人产业发展行动计划" and m.policy_region == "CN-JS"
        assert MEASURE_TEXT.startswith(m.text.rstrip("…")) and len(m.text) <= 160


def test_city_region_benchmark_and_window(fixture_graph):
    r = report(fixture_graph, "苏州", benchmark="Nanjing")
    assert r.region.code == "CN-JS-Suzhou" and r.benchmark.code == "CN-JS-Nanjing"
    assert (r.region_chain_patents, r.benchmark_chain_patents) == (5, 4)
    red = r.segment("reducer")
    assert (red.region.patents, red.benchmark.patents) == (5, 1)
    assert red.share_ratio == pytest.approx(1.0 / 0.25)
    # p4 is co-applied by su and nj: it counts for both cities and is not external to Suzhou
    assert red.external_patents == 1
    w = report(fixture_graph, "CN-JS", from_year=2022, to_year=2023)
    red = w.segment("reducer")
    assert w.growth_years == (2022, 2023)
    assert (red.region.patents, red.region.early, red.region.late) == (3, 2, 1)
    assert red.region.growth == pytest.approx(-1 / 3)
    assert w.region_chain_patents == 5  # p3 p4 p5 p10 p14
    assert report(fixture_graph, "江苏", from_year=2024).region_chain_patents == 0


def test_region_spellings_and_errors(fixture_graph):
    ids = {report(fixture_graph, text).region.id for text in ("Jiangsu", "jiangsu", "江苏省", "江苏", "CN-JS", "cn-js")}
    assert ids == {_rid("CN-JS")}
    with pytest.raises(UnknownChain):
        chain_gap_report(fixture_graph.driver, fixture_graph.database, "no-such-chain", "Jiangsu", cache=None)
    with pytest.raises(UnknownRegion):
        report(fixture_graph, "Atlantis")
    with pytest.raises(UnknownRegion) as err:
        report(fixture_graph, "Jiangsu", benchmark="Mordor")
    assert err.value.role == "benchmark"
    with pytest.raises(InvalidArgument):
        report(fixture_graph, "")
    with pytest.raises(InvalidArgument):
        report(fixture_graph, from_year=2023, to_year=2020)
    # the chain key and the graph id name the same chain
    by_id = chain_gap_report(fixture_graph.driver, fixture_graph.database, chain_node_id(CHAIN), "Jiangsu", cache=None)
    assert by_id.to_dict() == report(fixture_graph).to_dict()


def test_chain_graph_shape(fixture_graph):
    g = chain_graph(fixture_graph.driver, fixture_graph.database, CHAIN, "Jiangsu", cache=None)
    assert set(g) >= {"chain", "nodes", "edges"}
    chain = load_chains()[CHAIN]
    assert [n["key"] for n in g["nodes"]] == [s.key for s in chain.segments]
    feeds = fixture_graph.scalar(
        "MATCH (a:ChainSegment {chain_id: $k})-[:FEEDS]->(b:ChainSegment) RETURN count(*) AS n", k=CHAIN)
    assert len(g["edges"]) == feeds == len(chain.feeds_edges()) > 0
    ids = {n["id"] for n in g["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in g["edges"])
    node = next(n for n in g["nodes"] if n["key"] == "sensor")
    assert set(node) == {"id", "key", "label", "label_zh", "position", "order", "metrics", "gap_score", "flags"}
    assert node["label_zh"] == chain.segment("sensor").name_zh and node["metrics"]["patents"] == 1
    assert node["flags"] == [MISSING_LINK, WEAK_LINK, EXTERNAL_DEPENDENCY]


def test_async_matches_sync(fixture_graph):
    async def run():
        status = fixture_graph.server.status()
        async with neo4j.AsyncGraphDatabase.driver(status.uri, auth=fixture_graph.server.auth) as driver:
            return await achain_gap_report(driver, fixture_graph.database, CHAIN, "Suzhou", benchmark="Jiangsu",
                                           cache=None)
    assert asyncio.run(run()).to_dict() == report(fixture_graph, "Suzhou", benchmark="Jiangsu").to_dict()


def test_cache_reuses_fetches_and_sees_new_loads(fixture_graph):
    cache = GapCache(recheck_after_s=0)
    first = report(fixture_graph, cache=cache)
    report(fixture_graph, "Suzhou", cache=cache)
    assert cache.fetches == 1  # one chain fetch served both regions
    batch = GraphBatch()
    _patent(batch, "p16", 2023, "invention", True, 15, ["B25J9/10"], ["su"], ["reducer"])
    batch.node("Document", "doc:fixture-2", {"path": "fixture-2"})
    GraphWriter(fixture_graph.driver, fixture_graph.database).write_batch(batch)
    second = report(fixture_graph, cache=cache)
    assert cache.fetches == 2
    assert first.segment("reducer").region.patents == 5 and second.segment("reducer").region.patents == 6
    assert second.segment("reducer").region.high_value == 4


def test_growth_on_real_years_is_not_a_constant():
    """Issue 16: region growth was ~0.9 in every segment: the default window ran from the chain's first
    patent year (a 1999 US grant) to 2025, so every recent year fell in the late half."""
    from graph.gaps import GROWTH_YEARS, RegionRef, _chain_data, build_report, growth_window

    assert growth_window((1999, 2025), None, None) == (2025 - GROWTH_YEARS + 1, 2025)
    assert growth_window((2021, 2025), None, None) == (2021, 2025)
    assert growth_window((1999, 2025), 2010, None) == (2010, 2025)
    segments = [{"id": "s1", "key": "flat"}, {"id": "s2", "key": "rising"}]
    chain_row = {"id": "c", "key": "c", "name_zh": None, "name_en": None, "version": "1", "segments": segments,
                 "feeds": []}
    org_rows = [{"id": "o", "name": "o", "kind": "firm", "city": "Nanjing", "regions": ["reg:js"]}]
    rows = [{"segments": ["s1"], "applicants": ["o"], "year": 1999, "type": "invention", "valid": True,
             "claims": 1, "cited_by": 0, "ipc": []}]
    for year in range(2016, 2026):
        rows += [{"segments": ["s1"], "applicants": ["o"], "year": year, "type": "invention", "valid": True,
                  "claims": 1, "cited_by": 0, "ipc": []}] * 3
        rows += [{"segments": ["s2"], "applicants": ["o"], "year": year, "type": "invention", "valid": True,
                  "claims": 1, "cited_by": 0, "ipc": []}] * (year - 2015)
    data = _chain_data(chain_row, rows, org_rows, [])
    region = RegionRef("reg:js", "Jiangsu", None, "CN-JS", "province", frozenset({"reg:js"}))
    r = build_report(data, region, "all", None, None)
    assert r.growth_years == (2016, 2025)
    assert r.segment("flat").region.growth == pytest.approx(0.0)  # 15 patents in each half
    assert r.segment("rising").region.growth == pytest.approx((40 - 15) / (40 + 15))
