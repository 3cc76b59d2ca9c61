"""Patent ingest end to end on the embedded database: formats, rejects, resolution, idempotent reload."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.ingest.patents import PatentLoader
from graph.writer import GraphWriter

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "patents"


def _load(graph, paths, tmp_path, fmt=None):
    loader = PatentLoader(GraphWriter(graph.driver, graph.database), batch_size=50,
                          rejects_path=tmp_path / "rejects.jsonl")
    return loader.load([Path(p) for p in paths], fmt)


def test_gb18030_export_loads_with_rejects_and_reloads_unchanged(graph, tmp_path):
    text = (FIXTURES / "cnipa_zh.csv").read_text(encoding="utf-8")
    broken = text.rstrip("\n") + "\n,2020-01-01,,,,没有申请号的行,,某公司,,,,,,发明,,,,\n"
    export = tmp_path / "export-gbk.csv"
    export.write_bytes(broken.encode("gb18030"))
    first = _load(graph, [export], tmp_path)
    # the fixture holds 5 good rows and 4 bad ones (no id, bad date, extra column, duplicate); we add a 5th
    assert (first.records, first.rejected) == (5, 5)
    rejects = [json.loads(line) for line in (tmp_path / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all(r["file"].endswith("export-gbk.csv") for r in rejects)
    last_line = len(broken.splitlines())
    assert any(r["line"] == last_line and "missing id" in r["reason"] for r in rejects)
    assert any("2020-13-45" in r["reason"] for r in rejects)
    counts = graph.counts()
    row = graph.query(
        "MATCH (o:Organization)-[:APPLIED_FOR]->(p:Patent {number: 'CN112345678A'}) "
        "RETURN o.name AS name, o.kind AS kind, o.city AS city ORDER BY name"
    )
    assert {r["name"]: r["kind"] for r in row} == {"东南大学": "university", "南京智联科技有限公司": "firm"}
    assert graph.scalar(
        "MATCH (:Patent {number: 'CN112345678A'})-[:CLASSIFIED_AS {main: true}]->(c:IPCClass) RETURN c.code AS c"
    ) == "G06N3/08"
    assert graph.scalar(
        "MATCH (:IPCClass {code: 'G06N3/08'})-[:PARENT*1..4]->(s:IPCClass {level: 'section'}) RETURN s.code AS c"
    ) == "G"
    second = _load(graph, [export], tmp_path)
    assert graph.counts() == counts
    assert second.write.nodes_created == 0 and second.write.relationships_created == 0


def test_not_a_patent_export_is_reported_and_others_still_load(graph, tmp_path):
    report = _load(graph, [FIXTURES / "not_a_patent.csv", FIXTURES / "cnipa_en.csv"], tmp_path)
    failed = report.failed_files
    assert len(failed) == 1 and "not_a_patent.csv" in failed[0].error
    assert report.records > 0


def test_patentsview_tables_and_uspto_xml_load(graph, tmp_path, shared_dir):
    report = _load(graph, [FIXTURES / "patentsview_tables", shared_dir / "data/uspto-xml/US08927386-20150106.XML"],
                   tmp_path)
    assert not report.failed_files and report.records >= 2
    cites = graph.query(
        "MATCH (p:Patent {number: 'US8927386B2'})-[:CITES]->(c:Patent) RETURN count(c) AS n"
    )
    assert cites[0]["n"] == 5


@pytest.fixture(scope="module")
def patentsview(graph, shared_dir, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pv")
    report = _load(graph, [shared_dir / "data/patentsview-jiangsu/mentions.jsonl"], tmp)
    return report


def _org_of(graph, raw: str) -> list[str]:
    return [r["id"] for r in graph.query("MATCH (o:Organization) WHERE $raw IN o.aliases RETURN o.id AS id", raw=raw)]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Jiangnan University", "JIANGNAN UNIVERSITY"),
        ("Huawei Technologies Co., Ltd.", "HUAWEI TECHNOLOGIES CO., LTD."),
        ("Hon Hai Precision Ind. Co., Ltd.", "HON HAI PRECISION INDUSTRY CO., LTD."),
    ],
)
def test_real_sample_spellings_are_one_organization(graph, patentsview, a, b):
    assert patentsview.records == 1070
    ids_a, ids_b = _org_of(graph, a), _org_of(graph, b)
    assert len(ids_a) == 1 and ids_a == ids_b


@pytest.mark.parametrize(
    ("a", "b"),
    [("NR ELECTRIC CO., LTD", "NR ENGINEERING CO., LTD"),
     ("Jiangsu Hengrui Medicine Co., Ltd.", "Shanghai Hengrui Pharmaceutical Co., Ltd.")],
)
def test_real_sample_different_firms_stay_apart(graph, patentsview, a, b):
    ids_a, ids_b = _org_of(graph, a), _org_of(graph, b)
    assert ids_a and ids_b and set(ids_a).isdisjoint(ids_b)


def test_real_sample_regions_and_inventors(graph, patentsview):
    jiangnan = graph.query(
        "MATCH (o:Organization) WHERE 'Jiangnan University' IN o.aliases "
        "MATCH (o)-[:LOCATED_IN]->(r:Region) RETURN o.kind AS kind, r.name AS city"
    )
    assert jiangnan == [{"kind": "university", "city": "Wuxi"}]
    # every patent keeps its inventors; no mention is lost or doubled
    missing = graph.scalar(
        "MATCH (p:Patent) WHERE p.source_format = 'patentsview-mentions' AND NOT EXISTS { MATCH (p)<-[:INVENTED]-() } "
        "RETURN count(p) AS n"
    )
    assert missing == 0
    assert patentsview.inventors.mentions > patentsview.inventors.inventors


def test_organizations_carry_their_patent_count(graph, patentsview):
    rows = graph.query(
        "MATCH (o:Organization)-[:APPLIED_FOR]->(p:Patent) WITH o, count(p) AS n "
        "RETURN o.patent_count AS stored, n ORDER BY n DESC LIMIT 20"
    )
    assert rows and all(r["stored"] == r["n"] for r in rows)


def test_inventors_carry_their_patent_count_and_affiliations_their_shared_patents(graph, patentsview):
    """Issue 16: Inventor.patentCount and Affiliation.sharedPatents were null (nothing wrote them)."""
    inventors = graph.query(
        "MATCH (i:Inventor)-[:INVENTED]->(p:Patent) WITH i, count(DISTINCT p) AS n "
        "RETURN i.patent_count AS stored, n")
    assert inventors and all(r["stored"] == r["n"] for r in inventors)
    assert max(r["n"] for r in inventors) > 1
    edges = graph.query(
        "MATCH (i:Inventor)-[r:AFFILIATED_WITH]->(o:Organization) "
        "OPTIONAL MATCH (i)-[:INVENTED]->(p:Patent)<-[:APPLIED_FOR]-(o) "
        "WITH r, count(DISTINCT p) AS n RETURN r.patents AS stored, n")
    assert edges and all(r["stored"] == r["n"] and r["n"] >= 1 for r in edges)


def test_real_sample_patents_carry_technology_concepts(graph, patentsview):
    with_concepts = graph.scalar(
        "MATCH (p:Patent) WHERE p.source_format = 'patentsview-mentions' AND size(coalesce(p.concepts, [])) > 0 "
        "RETURN count(p) AS n")
    assert with_concepts >= 300  # of 1,070: the concept component over every title and abstract
    jack = graph.query("MATCH (p:Patent) WHERE toLower(p.title) CONTAINS 'modular jack' RETURN p.concepts AS c")
    assert jack and all("connector" in r["c"] for r in jack)
