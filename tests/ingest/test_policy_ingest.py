"""Policy ingest end to end on the embedded database: the shared corpus, idempotent reload, the Cypher
questions the graph must answer, one organisation node across policies and patents, bad inputs, stubs."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.chains import load_chains
from graph.ingest.chains import segment_node_id
from extract.policy_matching import segment_matches, segment_rules
from graph.ingest.policies import PolicyLoader
from graph.ingest.patents import PatentLoader
from core.model import node_id
from graph.writer import GraphWriter

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# our own tiny policy texts (synthetic, written for these tests)
EN_NOTICE = """Lakeside County Patent Service Notice (2025-2026)

1. Establish a patent examination liaison point with the China National Intellectual Property Administration (CNIPA) for local enterprises.
2. Support Southeast University and leading enterprises in forming an innovation consortium for harmonic reducer and planetary roller screw patents.
"""
ZH_NOTICE = """苏知发〔2025〕9号
湖滨区专利服务若干措施（2025—2026年）
（一）支持东南大学与南京智联科技有限公司共建专利转化中心。
（二）鼓励高校和企业组建人形机器人创新联合体，到2026年专利许可数量达到1000件。
"""
# carries the number that three policies implement: loading it fills their stub
STATE_PLAN = """国办发〔2023〕37号
专利转化运用专项行动方案（2023—2025年）
（一）推进高校和科研机构存量专利盘活，建立专利转化资源库。
（二）支持企业开展专利产业化，培育专利密集型产品。
"""
NO_MEASURES = "The weather was pleasant and the river was calm.\nNobody said anything more about it.\n"


def _loader(graph, chains=True) -> PolicyLoader:
    return PolicyLoader(GraphWriter(graph.driver, graph.database), chains=load_chains() if chains else None)


def _fingerprint(graph) -> list:
    """Every node's and relationship's properties, sorted: equal before and after a reload."""
    nodes = graph.query("MATCH (n) RETURN labels(n) AS l, properties(n) AS p")
    rels = graph.query("MATCH (a)-[r]->(b) RETURN type(r) AS t, a.id AS a, b.id AS b, properties(r) AS p")
    norm = lambda rows: sorted(repr(sorted((k, repr(v)) for k, v in r.items())) for r in rows)  # noqa: E731
    return [norm(nodes), norm(rels)]


@pytest.fixture(scope="module")
def shared_load(graph, shared_dir):
    report = _loader(graph).load([shared_dir / "corpus" / "policies"])
    return report


def test_shared_corpus_builds_policies_measures_targets_organisations_and_industries(graph, shared_load):
    report = shared_load
    assert report.failures == [] and report.policies == 4
    for f in report.loaded:
        assert f.measures >= 10, f
        assert f.organisations + f.programmes >= 2, f
    assert report.targets >= 4 and report.links >= 5 and report.segment_links > 0
    assert graph.scalar("MATCH (p:Policy)-[:FROM_DOCUMENT]->(:Document) RETURN count(DISTINCT p) AS n") == 4
    assert graph.scalar("MATCH (:Policy)-[:HAS_MEASURE]->(m:Measure) RETURN count(m) AS n") == report.measures
    assert graph.scalar("MATCH (t:Target) RETURN count(t) AS n") == report.targets
    regions = graph.query("MATCH (p:Policy) WHERE p.stub = false RETURN p.region AS r, count(*) AS n")
    assert {r["r"]: r["n"] for r in regions} == {"CN-JS": 3, "CN": 1}
    # every target hangs off a measure or, stated outside every measure, off its policy
    assert graph.scalar("MATCH (t:Target) WHERE NOT (()-[:SETS_TARGET]->(t)) RETURN count(t) AS n") == 0
    assert graph.scalar("MATCH (:Policy)-[:SETS_TARGET]->(t:Target) RETURN count(t) AS n") >= 1
    # industries: measure labels and segment links
    industries = graph.query("MATCH (m:Measure) UNWIND m.industries AS i RETURN DISTINCT i")
    assert {"large_models", "humanoid_robots", "integrated_circuits"} <= {r["i"] for r in industries}
    # provenance on every node and edge the loader writes
    for label in ("Policy", "Measure", "Target"):
        assert graph.scalar(
            f"MATCH (n:{label}) WHERE (n.stub IS NULL OR n.stub = false) "
            "AND (n.document_id IS NULL OR n.extractor IS NULL OR n.extractor_version IS NULL) RETURN count(n) AS c"
        ) == 0, label
    for rel in ("HAS_MEASURE", "SETS_TARGET", "MENTIONED_IN", "TARGETS_SEGMENT", "IMPLEMENTS", "CITES"):
        assert graph.scalar(
            f"MATCH ()-[r:{rel}]->() WHERE r.document_id IS NULL OR r.extractor IS NULL RETURN count(r) AS c"
        ) == 0, rel
    assert graph.scalar(
        "MATCH ()-[r:MENTIONED_IN]->() WHERE r.span_start IS NULL OR r.confidence IS NULL RETURN count(r) AS c"
    ) == 0


def test_reload_changes_nothing(graph, shared_load, shared_dir):
    before_counts, before = graph.counts(), _fingerprint(graph)
    again = _loader(graph).load([shared_dir / "corpus" / "policies"])
    assert graph.counts() == before_counts
    assert _fingerprint(graph) == before
    assert again.write.nodes_created == 0 and again.write.relationships_created == 0
    assert again.removed_stale == 0
    assert (again.policies, again.measures, again.targets, again.organisations, again.links, again.segment_links) == (
        shared_load.policies, shared_load.measures, shared_load.targets, shared_load.organisations,
        shared_load.links, shared_load.segment_links)


def test_targets_with_deadlines_by_region(graph, shared_load):
    rows = graph.query(
        "MATCH (p:Policy)-[:HAS_MEASURE|SETS_TARGET*1..2]->(t:Target) WHERE t.deadline IS NOT NULL "
        "RETURN p.region AS region, t.deadline AS deadline, t.metric AS metric, t.value AS value, t.unit AS unit, "
        "t.deadline_inferred AS inferred ORDER BY region, deadline, metric"
    )
    by_region: dict[str, set[int]] = {}
    for r in rows:
        by_region.setdefault(r["region"], set()).add(r["deadline"])
    assert by_region["CN-JS"] >= {2025, 2030}
    contracts = [r for r in rows if "technical contracts" in r["metric"]]
    assert len(contracts) == 1
    assert (contracts[0]["value"], contracts[0]["unit"], contracts[0]["deadline"]) == (80.0, "billion yuan", 2025)
    # the AI plan states no year for its growth target: the plan's end year, marked as inferred
    ai = [r for r in rows if "AI field" in r["metric"]]
    assert ai and ai[0]["deadline"] == 2030 and ai[0]["inferred"] is True


def test_measures_addressing_universities_and_enterprises_together(graph, shared_load):
    rows = graph.query(
        "MATCH (p:Policy)-[:HAS_MEASURE]->(m:Measure) "
        "WHERE 'universities' IN m.actors AND 'enterprises' IN m.actors "
        "RETURN p.title AS title, m.ordinal AS ordinal, m.instruments AS instruments, m.text AS text"
    )
    assert len({r["title"] for r in rows}) >= 3
    consortium = [r for r in rows if "consortium" in r["instruments"]]
    assert consortium and all("consorti" in r["text"].lower() or "联合体" in r["text"] for r in consortium)
    # the same set, computed from all measures in Python: a measure naming only one of the two is left out
    everything = graph.query("MATCH (m:Measure) RETURN m.actors AS actors, m.text AS text")
    expected = sorted(m["text"] for m in everything if {"universities", "enterprises"} <= set(m["actors"]))
    assert sorted(r["text"] for r in rows) == expected
    assert any("universities" in m["actors"] and "enterprises" not in m["actors"] for m in everything)


def test_measures_naming_humanoid_robots_or_large_models(graph, shared_load):
    rows = graph.query(
        "MATCH (p:Policy)-[:HAS_MEASURE]->(m:Measure) "
        "WHERE 'humanoid_robots' IN m.industries OR 'large_models' IN m.industries "
        "RETURN p.language AS lang, m.id AS id, m.text AS text, m.industries AS industries"
    )
    assert {r["lang"] for r in rows} == {"en", "zh-Hans"}
    assert any("humanoid robot" in r["text"].lower() for r in rows)
    assert any("大模型" in r["text"] for r in rows)
    humanoid = next(r for r in rows if "humanoid_robots" in r["industries"])
    segs = graph.query(
        "MATCH (:Measure {id: $id})-[r:TARGETS_SEGMENT]->(s:ChainSegment) WHERE s.chain_id = 'humanoid-robots' "
        "RETURN s.key AS key, r.rule AS rule, r.confidence AS c, r.industry AS industry",
        id=humanoid["id"],
    )
    # the measure names the industry but no segment's technology: the chain as a whole, at low
    # confidence, and no segment (issue 16: every segment listed the same measures)
    assert segs == []
    chains = graph.query(
        "MATCH (:Measure {id: $id})-[r:TARGETS_CHAIN]->(c:IndustrialChain) "
        "RETURN c.key AS key, r.rule AS rule, r.confidence AS c, r.industry AS industry", id=humanoid["id"])
    assert {"key": "humanoid-robots", "rule": "industry", "c": 0.4, "industry": "humanoid_robots"} in chains
    assert all(c["rule"] == "industry" and c["c"] == 0.4 for c in chains)
    # a segment keyword inside a named industry raises that segment (大模型 + 数据安全 -> ai_security)
    keyword = graph.query(
        "MATCH (m:Measure)-[r:TARGETS_SEGMENT {rule: 'keyword'}]->(s:ChainSegment) "
        "RETURN s.key AS key, r.keywords AS kw, r.confidence AS c, m.text AS text"
    )
    assert keyword and all(any(k.lower() in r["text"].lower() for k in r["kw"]) for r in keyword)
    # broad labels (artificial_intelligence alone) link no segment
    assert graph.scalar(
        "MATCH (m:Measure)-[:TARGETS_SEGMENT]->() WHERE m.industries = ['artificial_intelligence'] "
        "RETURN count(m) AS c"
    ) == 0


def test_sentence_behind_any_measure_and_target(graph, shared_load):
    rows = graph.query(
        "MATCH (d:Document)<-[:FROM_DOCUMENT]-(:Policy)-[:HAS_MEASURE]->(m:Measure) "
        "RETURN d.path AS path, d.text AS doc, d.id AS doc_id, m.document_id AS mdoc, m.text AS text, "
        "m.span_start AS s, m.span_end AS e"
    )
    assert len(rows) == shared_load.measures
    for r in rows:
        assert r["doc"][r["s"]:r["e"]] == r["text"]
        assert r["mdoc"] == r["doc_id"]
        # plain-text captures: the span indexes the file's own text
        assert Path(r["path"]).read_text(encoding="utf-8")[r["s"]:r["e"]] == r["text"]
    # the same, inside Cypher, for a Chinese measure
    zh = graph.query(
        "MATCH (d:Document)<-[:FROM_DOCUMENT]-(p:Policy {language: 'zh-Hans'})-[:HAS_MEASURE]->(m:Measure {ordinal: 3}) "
        "RETURN substring(d.text, m.span_start, m.span_end - m.span_start) = m.text AS same"
    )
    assert zh == [{"same": True}]
    targets = graph.query(
        "MATCH (t:Target) MATCH (d:Document) WHERE d.id = t.document_id "
        "RETURN d.text AS doc, t.sentence AS sentence, t.sentence_start AS s, t.sentence_end AS e, "
        "t.span_start AS vs, t.span_end AS ve"
    )
    assert len(targets) == shared_load.targets
    for t in targets:
        assert t["doc"][t["s"]:t["e"]] == t["sentence"]
        assert t["s"] <= t["vs"] < t["ve"] <= t["e"]


def test_one_organisation_across_scripts_languages_and_patent_data(graph, shared_load, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "en-notice.txt").write_text(EN_NOTICE, encoding="utf-8")
    (folder / "zh-notice.txt").write_text(ZH_NOTICE, encoding="utf-8")
    report = _loader(graph).load([folder, FIXTURES / "policies" / "zh-hant-synthetic-ip-measures.txt"])
    assert report.failures == [] and report.policies == 3
    cnipa = graph.query(
        "MATCH (o:Organization) WHERE '国家知识产权局' IN o.aliases OR '國家知識產權局' IN o.aliases "
        "OR 'CNIPA' IN o.aliases OR 'China National Intellectual Property Administration' IN o.aliases "
        "RETURN o.id AS id, o.name AS name, o.kind AS kind, o.aliases AS aliases"
    )
    assert len(cnipa) == 1, cnipa
    assert cnipa[0]["name"] == "国家知识产权局" and cnipa[0]["kind"] == "government"
    assert {"国家知识产权局", "國家知識產權局", "CNIPA"} <= set(cnipa[0]["aliases"])
    docs = graph.query(
        "MATCH (o:Organization {id: $id})-[r:MENTIONED_IN]->() RETURN DISTINCT r.document_id AS d", id=cnipa[0]["id"]
    )
    assert len(docs) == 3  # the shared press conference, the Traditional fixture, our English notice
    surfaces = {r["s"] for r in graph.query(
        "MATCH (:Organization {id: $id})-[r:MENTIONED_IN]->() RETURN r.surface AS s", id=cnipa[0]["id"])}
    assert {"国家知识产权局", "國家知識產權局"} <= surfaces

    # patent data naming 东南大学 and 南京智联科技有限公司: the same nodes as the policies' mentions
    patents = PatentLoader(GraphWriter(graph.driver, graph.database), rejects_path=tmp_path / "rejects.jsonl")
    assert patents.load([FIXTURES / "patents" / "cnipa_zh.csv"]).records > 0
    both = graph.query(
        "MATCH (p:Patent)<-[:APPLIED_FOR]-(o:Organization)-[r:MENTIONED_IN]->(:Measure) "
        "RETURN DISTINCT o.name AS name, o.kind AS kind, collect(DISTINCT r.surface) AS surfaces"
    )
    names = {r["name"]: r for r in both}
    assert "东南大学" in names and "南京智联科技有限公司" in names
    assert set(names["东南大学"]["surfaces"]) == {"东南大学", "Southeast University"}
    assert names["东南大学"]["kind"] == "university"
    assert graph.scalar("MATCH (o:Organization) WHERE o.name = '东南大学' RETURN count(o) AS c") == 1


def test_traditional_chinese_fixture_loads(graph, shared_load):
    # loaded by the test above as well; loading it again here is a no-op that still reports it
    report = _loader(graph).load([FIXTURES / "policies"])
    assert report.failures == [] and report.policies == 3
    hant = next(f for f in report.loaded if "zh-hant" in f.path)
    assert (hant.language, hant.measures, hant.targets) == ("zh-Hant", 3, 1)
    row = graph.query(
        "MATCH (p:Policy {id: $id})-[:HAS_MEASURE]->(m:Measure)-[:SETS_TARGET]->(t:Target) "
        "RETURN m.ordinal AS ordinal, t.value AS value, t.unit AS unit, t.deadline AS deadline, m.text AS text",
        id=hant.policy_id,
    )
    assert len(row) == 1 and (row[0]["ordinal"], row[0]["value"], row[0]["unit"], row[0]["deadline"]) == (2, 30.0, "%", 2026)
    assert "專利" in row[0]["text"]  # the text is kept in its own script


def test_bad_inputs_are_reported_and_the_rest_loads(graph, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a-empty.txt").write_bytes(b"")
    (folder / "b-binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "c-no-measures.txt").write_text(NO_MEASURES, encoding="utf-8")
    (folder / "d-image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (folder / "e-good.txt").write_text(ZH_NOTICE.replace("9号", "19号"), encoding="utf-8")
    (folder / "f-same-bytes.txt").write_text(ZH_NOTICE.replace("9号", "19号"), encoding="utf-8")
    report = _loader(graph, chains=False).load([folder])
    reasons = {Path(f.path).name: (f.error, f.reason) for f in report.failures}
    assert set(reasons) == {"a-empty.txt", "b-binary.txt", "c-no-measures.txt", "d-image.png", "f-same-bytes.txt"}
    assert reasons["f-same-bytes.txt"][0] == "Duplicate" and "e-good.txt" in reasons["f-same-bytes.txt"][1]
    assert reasons["a-empty.txt"][0] == "EmptyDocumentError"
    assert reasons["b-binary.txt"][0] in {"BinaryDocumentError", "UnknownEncodingError"}
    assert reasons["c-no-measures.txt"][0] == "NoMeasuresError" and "measure" in reasons["c-no-measures.txt"][1]
    assert reasons["d-image.png"][0] == "Skipped"
    assert [Path(f.path).name for f in report.loaded] == ["e-good.txt"]
    assert graph.scalar(
        "MATCH (p:Policy {doc_number: '苏知发〔2025〕19号'})-[:HAS_MEASURE]->(m) RETURN count(m) AS c"
    ) == report.loaded[0].measures > 0


def _ingest_policies_cli(graph, monkeypatch, folder, width):  # noqa: ANN001, ANN202
    """`innograph ingest policies FOLDER` against the test database, as a user runs it."""
    from typer.testing import CliRunner

    from innograph.cli.ingest import app
    from core.settings import get_settings

    for name, value in graph.env().items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(app, ["policies", str(folder)], terminal_width=width)
    finally:
        get_settings.cache_clear()


def test_cli_prints_documents_and_failures_and_exits_1(graph, tmp_path, monkeypatch):
    folder = tmp_path / "cli"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"   \n")
    (folder / "notice.txt").write_text(EN_NOTICE, encoding="utf-8")
    result = _ingest_policies_cli(graph, monkeypatch, folder, width=200)
    assert result.exit_code == 1, result.output
    flat = " ".join(result.output.split())
    assert "notice.txt" in result.output and "empty.txt" in result.output and "EmptyDocumentError" in flat
    assert "1 policies, 2 measures" in flat and "1 files not loaded" in flat


def test_cli_bad_inputs_one_line_each_and_the_rest_loads(graph, tmp_path, monkeypatch):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "a-notice.txt").write_text(EN_NOTICE, encoding="utf-8")
    (folder / "b-empty.txt").write_bytes(b"")
    (folder / "c-scan.txt").write_bytes(bytes(range(256)) * 16)
    (folder / "d-french.txt").write_text(
        "Le plan provincial soutient les entreprises innovantes et les universités de la région. " * 4, encoding="utf-8")
    with (folder / "e-dump.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    (folder / "f-notice.txt").write_text(ZH_NOTICE, encoding="utf-8")
    result = _ingest_policies_cli(graph, monkeypatch, folder, width=400)
    assert result.exit_code == 1, result.output
    failures = [line for line in result.output.splitlines() if line.startswith("not loaded:")]
    expected = {"b-empty.txt": "EmptyDocumentError", "c-scan.txt": "BinaryDocumentError",
                "d-french.txt": "UnknownLanguageError", "e-dump.txt": "DocumentTooLargeError"}
    assert len(failures) == len(expected), [l for l in result.output.splitlines() if "loaded" in l or "Error" in l]
    for name, error in expected.items():
        assert sum(name in line and f"({error})" in line for line in failures) == 1, (name, result.output)
    flat = " ".join(result.output.split())
    assert "2 policies" in flat and "4 files not loaded" in flat


def test_stub_policy_is_filled_when_its_document_is_loaded(graph, shared_load, tmp_path):
    stub_id = node_id("Policy", "国办发〔2023〕37号")
    stub = graph.query("MATCH (p:Policy {id: $id}) RETURN p.stub AS stub, p.doc_number AS n", id=stub_id)
    assert stub == [{"stub": True, "n": "国办发〔2023〕37号"}]
    implementers = graph.scalar("MATCH (:Policy)-[:IMPLEMENTS]->(p:Policy {id: $id}) RETURN count(*) AS c", id=stub_id)
    assert implementers >= 1
    plan = tmp_path / "state-plan.txt"
    plan.write_text(STATE_PLAN, encoding="utf-8")
    report = _loader(graph).load([plan])
    assert report.loaded[0].policy_id == stub_id
    row = graph.query("MATCH (p:Policy {id: $id})-[:HAS_MEASURE]->(m) RETURN p.stub AS stub, count(m) AS m",
                      id=stub_id)
    assert row[0]["stub"] is False and row[0]["m"] == report.measures >= 2
    assert graph.scalar("MATCH (:Policy)-[:IMPLEMENTS]->(p:Policy {id: $id}) RETURN count(*) AS c",
                        id=stub_id) == implementers
    # re-loading a document that cites it does not turn the loaded policy back into a stub
    _loader(graph).load([FIXTURES / "policies" / "zh-hans-synthetic-city-plan.txt"])
    assert graph.scalar("MATCH (p:Policy {id: $id}) RETURN p.stub AS s", id=stub_id) is False


def test_a_changed_document_replaces_its_policy_measures(graph, tmp_path):
    v1 = tmp_path / "v1.txt"
    v1.write_text(ZH_NOTICE.replace("9号", "29号") + "（三）加强知识产权保护中心建设，完善快速维权机制。\n", encoding="utf-8")
    first = _loader(graph, chains=False).load([v1])
    pid = first.loaded[0].policy_id
    count = "MATCH (:Policy {id: $id})-[:HAS_MEASURE]->(m:Measure) RETURN count(m) AS c"
    assert graph.scalar(count, id=pid) == first.measures
    v2 = tmp_path / "v2.txt"
    v2.write_text(ZH_NOTICE.replace("9号", "29号"), encoding="utf-8")
    second = _loader(graph, chains=False).load([v2])
    assert second.loaded[0].policy_id == pid and second.measures == first.measures - 1
    assert second.removed_stale > 0
    assert graph.scalar(count, id=pid) == second.measures
    assert graph.scalar(
        "MATCH (:Policy {id: $id})-[:FROM_DOCUMENT]->(d) RETURN collect(d.id) AS d", id=pid
    ) == [second.loaded[0].document_id]


def test_segment_rule_without_a_named_industry_needs_two_keywords():
    rules = segment_rules(load_chains())
    one = segment_matches("在保障数据安全的前提下开展专利转化。", [], rules)
    assert one == {}
    two = segment_matches("支持谐波减速器和行星滚柱丝杠专利布局。", [], rules)
    assert set(two) == {("humanoid-robots", "reducer"), ("humanoid-robots", "screw_bearing")}
    assert {p["confidence"] for p in two.values()} == {0.5}
    named = segment_matches("支持人形机器人谐波减速器专利布局。", ["humanoid_robots"], rules)
    assert named[("humanoid-robots", "reducer")]["confidence"] == 0.8
    assert ("humanoid-robots", "whole_machine") not in named  # a named industry links the chain, not each segment
    assert set(named) == {("humanoid-robots", "reducer")}
    assert segment_node_id("humanoid-robots", "reducer") != segment_node_id("humanoid-robots", "sensor")
