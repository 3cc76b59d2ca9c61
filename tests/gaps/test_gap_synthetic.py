"""Gap analysis on 3,000 synthetic Jiangsu patents loaded with the shipped chains.

Figures are checked against counts computed here, independently of `graph.gaps`: from the generator's
rows and truth fields (`_chain_id`, `_segment_key`, `_city`), from simple Cypher counts written in this
file (a different pattern: starting from the Region, `LOCATED_IN*1..3`, segments by `chain_id`), and
against the saved-query files `cypher/gaps/gap_*.cypher` that are shipped to reproduce them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pytest

from cypher.catalog import statement
from cypher.saved_format import parse_saved_query
from extract.chains import load_chains
from demo_data.patents import generate_cnipa_csv, generate_records
from graph.gaps import FLAGS, chain_gap_report
from graph.ingest.chains import load_chains_into_graph
from graph.ingest.patents import PatentLoader
from graph.writer import GraphWriter

N, SEED = 3000, 23
CHAINS = load_chains()
TYPES = {"发明专利": "invention", "实用新型": "utility_model", "外观设计": "design"}
CITY_EN = {"苏州": "Suzhou", "南京": "Nanjing"}


@pytest.fixture(scope="module")
def loaded(graph, tmp_path_factory):
    path = tmp_path_factory.mktemp("gaps") / "jiangsu.csv"
    generate_cnipa_csv(path, N, seed=SEED)
    writer = GraphWriter(graph.driver, graph.database)
    load_chains_into_graph(writer, CHAINS)
    report = PatentLoader(writer, batch_size=500, chains=CHAINS).load([path])
    assert report.records == N
    rows = {r["公开(公告)号"]: r for r in generate_records(N, seed=SEED)}
    links = defaultdict(set)  # patent number -> {(chain key, segment key)} from the graph's IN_SEGMENT edges
    for rec in graph.query("MATCH (p:Patent)-[:IN_SEGMENT]->(s:ChainSegment) RETURN p.number AS n, s.chain_id AS c, s.key AS k"):
        links[rec["n"]].add((rec["c"], rec["k"]))
    return graph, rows, links


def _report(g, chain, region, **kw):
    return chain_gap_report(g.driver, g.database, chain, region, cache=None, **kw)


def _year(row):
    return int(row["申请日"][:4])


def _valid(row):
    return {"有效": True, "失效": False}.get(row["法律状态"])


def _high_value(row):
    if TYPES[row["专利类型"]] != "invention" or _valid(row) is False:
        return False
    claims = int(row["权利要求数"] or 0)
    applicants = len(set(row["申请(专利权)人"].split(";")))
    subclasses = {c[:4] for c in row["分类号"].split(";")}
    return claims >= 10 or applicants >= 2 or len(subclasses) >= 3


def test_truth_segment_is_always_linked(loaded):
    _, rows, links = loaded
    assert len(links) <= len(rows)
    missing = [n for n, r in rows.items() if (r["_chain_id"], r["_segment_key"]) not in links.get(n, set())]
    assert len(missing) <= 0.01 * len(rows), missing[:5]


@pytest.mark.parametrize("chain", sorted(CHAINS))
def test_every_chain_jiangsu_figures_match_the_rows(loaded, chain):
    g, rows, links = loaded
    r = _report(g, chain, "Jiangsu", benchmark="all")
    assert [s.key for s in r.segments] == [s.key for s in CHAINS[chain].segments]
    expected = {k: Counter() for k in (s.key for s in CHAINS[chain].segments)}
    in_chain = set()
    for number, row in rows.items():  # every synthetic applicant is in Jiangsu
        for c, k in links.get(number, ()):
            if c == chain:
                in_chain.add(number)
                e = expected[k]
                e["patents"] += 1
                e["inventions"] += TYPES[row["专利类型"]] == "invention"
                e["valid"] += _valid(row) is True
                e["high_value"] += _high_value(row)
    assert r.region_chain_patents == len(in_chain) == r.benchmark_chain_patents
    # every synthetic patent is a Jiangsu one: "all patents" is the region itself, and the report says so
    assert r.benchmark_overlap == 1.0 and any("100% of the benchmark's patents" in n for n in r.notes)
    outside = _report(g, chain, "Jiangsu")  # the default: nothing outside Jiangsu to compare with
    assert outside.benchmark_kind == "outside" and outside.benchmark_chain_patents == 0
    assert any("holds only 0 patents" in n for n in outside.notes)
    truth = Counter(row["_segment_key"] for row in rows.values() if row["_chain_id"] == chain)
    for s in r.segments:
        e = expected[s.key]
        assert (s.region.patents, s.region.inventions, s.region.valid, s.region.high_value) == (
            e["patents"], e["inventions"], e["valid"], e["high_value"]), s.key
        assert s.region.patents >= truth[s.key] * 0.99
        assert s.benchmark.patents == s.region.patents and s.share_ratio in (None, pytest.approx(1.0))
        assert set(s.flags) <= set(FLAGS) and 0.0 <= s.gap_score <= 1.0
        # every synthetic applicant is a Jiangsu one: nothing is held outside the province
        assert s.external_patents == 0 and "external_dependency" not in s.flags


@pytest.mark.parametrize("chain", ["humanoid-robots", "biomedicine"])
def test_city_window_and_benchmark_agree_with_independent_cypher(loaded, chain):
    g, rows, links = loaded
    r = _report(g, chain, "苏州市", benchmark="Nanjing", from_year=2018, to_year=2023)
    assert (r.region.name, r.benchmark.name) == ("Suzhou", "Nanjing")
    count = """
        MATCH (r:Region {name: $city})<-[:LOCATED_IN*1..3]-(o:Organization)-[:APPLIED_FOR]->(p:Patent)
              -[:IN_SEGMENT]->(s:ChainSegment {chain_id: $chain})
        WHERE p.year >= 2018 AND p.year <= 2023
        RETURN s.key AS key, count(DISTINCT p) AS n"""
    suzhou = {x["key"]: x["n"] for x in g.query(count, city="Suzhou", chain=chain)}
    nanjing = {x["key"]: x["n"] for x in g.query(count, city="Nanjing", chain=chain)}
    total = g.scalar(
        "MATCH (r:Region {name: 'Suzhou'})<-[:LOCATED_IN*1..3]-(o:Organization)-[:APPLIED_FOR]->(p:Patent)"
        "-[:IN_SEGMENT]->(s:ChainSegment {chain_id: $chain}) WHERE p.year >= 2018 AND p.year <= 2023 "
        "RETURN count(DISTINCT p) AS n", chain=chain)
    assert r.region_chain_patents == total
    # from the generator's truth: a patent whose first applicant is in Suzhou is a Suzhou patent
    truth = Counter(k for n, row in rows.items() if row["_city"] == "苏州" and 2018 <= _year(row) <= 2023
                    for c, k in links.get(n, ()) if c == chain)
    for s in r.segments:
        assert s.region.patents == suzhou.get(s.key, 0) >= truth[s.key], s.key
        assert s.benchmark.patents == nanjing.get(s.key, 0), s.key
        if s.benchmark.share:
            assert s.share_ratio == pytest.approx(s.region.share / s.benchmark.share)
        assert all(y in range(2018, 2024) for y in s.region.by_year)
    assert r.growth_years == (2018, 2023)


def test_saved_queries_reproduce_the_report(loaded):
    g, _, _ = loaded
    r = _report(g, "large-ai-models", "Suzhou", from_year=2017, to_year=2024, benchmark="all")
    params = {"chain_id": r.chain["id"], "region_id": r.region.id, "from_year": 2017, "to_year": 2024}
    counts = {x["key"]: x for x in g.query(statement("gaps/gap_segment_counts"), **params)}
    external = {x["key"]: x for x in g.query(statement("gaps/gap_segment_external"), **params)}
    years = defaultdict(dict)
    for x in g.query(statement("gaps/gap_segment_years"), **params):
        years[x["key"]][x["year"]] = x["patents"]
    assert g.query(statement("gaps/gap_chain_patents"), **params)[0]["patents"] == r.region_chain_patents
    everyone = {x["key"]: x for x in g.query(statement("gaps/gap_segment_counts"), **{**params, "region_id": ""})}
    for s in r.segments:
        c = counts.get(s.key, {"patents": 0, "inventions": 0, "valid": 0, "high_value": 0})
        assert (s.region.patents, s.region.inventions, s.region.valid, s.region.high_value) == (
            c["patents"], c["inventions"], c["valid"], c["high_value"]), s.key
        b = everyone.get(s.key, {"patents": 0, "high_value": 0})
        assert (s.benchmark.patents, s.benchmark.high_value) == (b["patents"], b["high_value"])
        e = external.get(s.key, {"with_applicants": 0, "external": 0})
        assert (s.applicant_patents, s.external_patents) == (e["with_applicants"], e["external"])
        assert s.region.by_year == years.get(s.key, {})
        holders = g.query(statement("gaps/gap_segment_holders"), segment_id=s.id, region_id=r.region.id,
                          from_year=2017, to_year=2024, limit=1000)
        inside = [(h["organization_id"], h["patents"]) for h in holders if h["in_region"]]
        outside = [(h["organization_id"], h["patents"]) for h in holders if not h["in_region"]]
        assert [(h.id, h.patents) for h in s.top_holders_in_region] == inside[:5]
        assert [(h.id, h.patents) for h in s.top_holders_outside] == outside[:5]


def test_saved_query_files_are_valid():
    files = sorted(Path(__file__).resolve().parents[2].joinpath("cypher", "gaps").glob("gap_*.cypher"))
    assert len(files) == 5
    for path in files:
        query = parse_saved_query(path)
        assert query.name == path.stem and query.returns
