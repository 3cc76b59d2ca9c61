"""Chains, the IPC hierarchy and segment classification in the graph: provenance and idempotence."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from extract.chains import load_chains
from demo_data.patents import generate_cnipa_csv
from graph.classify import classify_graph
from graph.ingest.chains import load_chains_into_graph
from graph.ingest.ipc import load_ipc_titles
from graph.ingest.patents import PatentLoader
from graph.writer import GraphWriter


@pytest.fixture(scope="module")
def loaded(graph, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("chains")
    csv = tmp / "syn.csv"
    generate_cnipa_csv(csv, 400, seed=3)
    chains = load_chains()
    writer = GraphWriter(graph.driver, graph.database)
    load_chains_into_graph(writer, chains)
    PatentLoader(writer, batch_size=200, chains=chains).load([csv])
    return chains, tmp


def test_chain_structure_matches_files(graph, loaded):
    chains, _ = loaded
    for chain in chains.values():
        rows = graph.query(
            "MATCH (c:IndustrialChain {key: $k})-[:HAS_SEGMENT]->(s:ChainSegment) RETURN count(s) AS n", k=chain.id
        )
        assert rows[0]["n"] == len(chain.segments)
        feeds = graph.scalar(
            "MATCH (a:ChainSegment {chain_id: $k})-[:FEEDS]->(b:ChainSegment) RETURN count(*) AS n", k=chain.id
        )
        assert feeds == len(chain.feeds_edges())


def test_every_segment_link_has_rule_confidence_and_fingerprint(graph, loaded):
    rows = graph.query(
        "MATCH (p:Patent)-[r:IN_SEGMENT]->(s:ChainSegment) "
        "RETURN r.rule AS rule, r.confidence AS confidence, r.fingerprint AS fp, s.chain_id AS chain"
    )
    assert len(rows) >= 400  # every generated patent is drawn from a segment
    for row in rows:
        assert row["rule"] and (row["rule"].startswith("ipc:") or "keyword:" in row["rule"])
        assert 0 < row["confidence"] <= 1
        assert row["fp"].startswith(loaded[0][row["chain"]].version)


def test_reclassification_is_idempotent(graph, loaded):
    chains, _ = loaded
    before = graph.counts()
    first = classify_graph(graph.driver, graph.database, chains)
    assert graph.counts() == before
    assert first.removed_stale == 0 and first.patents == 400


def test_changed_chain_file_replaces_its_links(graph, loaded):
    chains, tmp = loaded
    source = Path(chains["integrated-circuits"].path)
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["version"] = "test.2"
    removed = data["segments"][0]
    removed["ipc"], removed["keywords_zh"], removed["keywords_en"] = ["A99Z"], ["不存在的词"], ["no such phrase"]
    removed.pop("ipc_recent", None)
    removed.pop("ipc_examples", None)
    changed = tmp / source.name
    changed.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    new_chains = dict(chains)
    new_chains.update(load_chains([changed]))
    report = classify_graph(graph.driver, graph.database, new_chains)
    assert report.removed_stale > 0
    stale = graph.scalar(
        "MATCH (:Patent)-[r:IN_SEGMENT]->(s:ChainSegment {chain_id: 'integrated-circuits'}) "
        "WHERE NOT r.fingerprint STARTS WITH 'test.2' RETURN count(r) AS n"
    )
    assert stale == 0
    assert graph.scalar(
        "MATCH (:Patent)-[r:IN_SEGMENT]->(s:ChainSegment {chain_id: 'integrated-circuits', key: $k}) RETURN count(r) AS n",
        k=removed["key"],
    ) == 0
    again = classify_graph(graph.driver, graph.database, new_chains)
    assert again.removed_stale == 0


def test_ipc_titles_load_with_parents(graph, tmp_path, shared_dir):
    lines = (shared_dir / "data/ipc/ipc-titles-en.tsv").read_text(encoding="utf-8").splitlines()
    sample = [line for line in lines if line.split("\t")[0] in ("G", "G06") or line.startswith("G06N")]
    path = tmp_path / "ipc.tsv"
    path.write_text("\n".join(sample) + "\n", encoding="utf-8")
    summary, rejects = load_ipc_titles(GraphWriter(graph.driver, graph.database), path)
    assert not rejects and summary.rows == len(sample)
    row = graph.query(
        "MATCH (c:IPCClass {code: 'G06N3/02'})-[:PARENT]->(g:IPCClass)-[:PARENT]->(s:IPCClass) "
        "RETURN g.code AS group, s.code AS subclass, c.title AS title"
    )
    assert row == [{"group": "G06N3/00", "subclass": "G06N", "title": "using neural network models"}]


def test_completely_loaded_files_are_skipped(graph, loaded):
    _, tmp = loaded
    before = graph.counts()
    report = PatentLoader(GraphWriter(graph.driver, graph.database), skip_loaded=True).load([tmp / "syn.csv"])
    assert report.files[0].skipped and report.files[0].records == 400
    assert graph.counts() == before


def test_keyword_links_come_from_the_patents_concepts(graph, loaded):
    # the loader writes Patent.concepts and reads segment keywords from them; so does `classify`
    missing = graph.scalar("MATCH (p:Patent) WHERE coalesce(p.stub, false) = false "
                           "AND size(coalesce(p.concepts, [])) = 0 RETURN count(p) AS n")
    assert missing == 0
    rows = graph.query("MATCH (p:Patent)-[r:IN_SEGMENT]->(:ChainSegment) WHERE r.rule CONTAINS 'keyword:' "
                       "RETURN p.concepts AS concepts, r.rule AS rule LIMIT 50")
    assert rows
    for row in rows:
        words = row["rule"].split("keyword:", 1)[1].split(",")
        assert all(w in row["concepts"] for w in words), row
