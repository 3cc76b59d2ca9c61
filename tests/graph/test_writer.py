"""The batched writer against the embedded database: idempotence, resumption, clear refusals."""

from __future__ import annotations

import pytest

from graph.batch import GraphBatch
from core.model import node_id
from graph.writer import GraphWriter, WriteRejected, WrittenMemo, _Pending


def _patent_batch(start: int, stop: int) -> GraphBatch:
    batch = GraphBatch()
    for i in range(start, stop):
        pid = node_id("Patent", f"CN{i}A")
        batch.node("Patent", pid, {"number": f"CN{i}A", "title": f"title {i}", "year": 2020 + i % 3})
        for j in range(3):
            inv = node_id("Inventor", f"inventor {(i + j) % 7}")
            batch.node("Inventor", inv, {"name": f"inventor {(i + j) % 7}"}, aliases=[f"Inv {(i + j) % 7}"])
            batch.relationship("INVENTED", ("Inventor", inv), ("Patent", pid), {"sequence": j + 1})
        org = node_id("Organization", f"org {i % 4}")
        batch.node("Organization", org, {"name": f"org {i % 4}", "kind": "firm"}, aliases=[f"ORG {i % 4}"],
                   sources=["doc:a"])
        batch.relationship("APPLIED_FOR", ("Organization", org), ("Patent", pid), {"sequence": 1})
        batch.relationship("CLASSIFIED_AS", ("Patent", pid), ("IPCClass", node_id("IPCClass", "G06N3/08")))
        batch.rows += 1
    return batch


def test_reload_changes_nothing(graph):
    writer = GraphWriter(graph.driver, graph.database)
    first = writer.write_all([_patent_batch(0, 10), _patent_batch(10, 20)])
    counts = graph.counts()
    assert first.nodes_created == 20 + 7 + 4 + 1  # patents, inventors, orgs, one IPC class
    assert first.relationships_created == 20 * 5
    # on an empty database nothing was there before: what batch 2 repeats of batch 1 (the same
    # inventors, organisations and IPC class) is a repeat within the load, not "already present"
    assert first.nodes_matched == 0 and first.relationships_merged == 0
    assert first.nodes_repeated > 0
    second = writer.write_all([_patent_batch(0, 10), _patent_batch(10, 20)])
    assert graph.counts() == counts
    assert second.nodes_created == 0 and second.relationships_created == 0
    # a second load finds every node and relationship once
    assert second.nodes_matched == 20 + 7 + 4 + 1
    assert second.relationships_merged == 20 * 5
    # aliases and sources are unioned, not duplicated, by the second load
    aliases = graph.scalar("MATCH (o:Organization {id: $id}) RETURN o.aliases AS a", id=node_id("Organization", "org 0"))
    assert aliases == ["ORG 0"]


def test_interrupted_load_resumes_without_duplicates(graph):
    writer = GraphWriter(graph.driver, graph.database)

    def batches_then_crash():
        yield _patent_batch(100, 110)
        yield _patent_batch(110, 120)
        raise RuntimeError("reader died mid-file")

    with pytest.raises(RuntimeError, match="mid-file"):
        writer.write_all(batches_then_crash())
    committed = [f"CN{i}A" for i in range(100, 120)]
    assert graph.scalar("MATCH (p:Patent) WHERE p.number IN $n RETURN count(p) AS c", n=committed) == 20
    writer.write_all([_patent_batch(100, 110), _patent_batch(110, 120), _patent_batch(120, 130)])
    numbers = graph.query("MATCH (p:Patent) WHERE p.number IN $n RETURN p.number AS n", n=[f"CN{i}A" for i in range(100, 130)])
    assert len(numbers) == 30
    per_patent = graph.query(
        "MATCH (p:Patent)<-[r:INVENTED]-() WHERE p.number IN $n RETURN p.number AS n, count(r) AS c",
        n=[f"CN{i}A" for i in range(100, 130)],
    )
    assert {row["c"] for row in per_patent} == {3}


def test_constraint_violation_is_reported_clearly(graph):
    graph.query("CREATE (:Region {id: 'reg:dup', name: 'first'})")
    with pytest.raises(Exception) as raw:
        graph.query("CREATE (:Region {id: 'reg:dup', name: 'second'})")
    assert "reg:dup" in str(raw.value) or "Duplicated" in str(raw.value)
    # the writer never creates by id, so a reload of the same key merges instead of failing
    batch = GraphBatch()
    batch.node("Region", "reg:dup", {"name": "merged"})
    GraphWriter(graph.driver, graph.database).write_batch(batch)
    assert graph.scalar("MATCH (r:Region {id: 'reg:dup'}) RETURN count(r) AS c") == 1


def test_refused_batch_names_the_batch(graph):
    batch = GraphBatch()
    batch.node("Region", "reg:bad", {"name": {"nested": "maps are not property values"}})
    with pytest.raises(WriteRejected, match="batch 7"):
        GraphWriter(graph.driver, graph.database).write_batch(batch, label="batch 7")
    assert graph.scalar("MATCH (r:Region {id: 'reg:bad'}) RETURN count(r) AS c") == 0


def test_batch_refuses_unknown_labels_and_empty_ids():
    batch = GraphBatch()
    with pytest.raises(ValueError, match="unknown node label"):
        batch.node("Person`) DETACH DELETE (x", "a")
    with pytest.raises(ValueError, match="non-empty id"):
        batch.node("Patent", "")
    with pytest.raises(ValueError, match="unknown relationship type"):
        batch.relationship("KNOWS", ("Patent", "a"), ("Patent", "b"))


def test_a_load_does_not_send_unchanged_repeats_again(graph):
    """Within one load, a node repeated unchanged comes from the memo; a changed one is written."""
    writer = GraphWriter(graph.driver, graph.database)
    memo = WrittenMemo()
    org = node_id("Organization", "memo org")

    def batch(name: str, aliases: list[str]) -> GraphBatch:
        b = GraphBatch()
        b.node("Organization", org, {"name": name, "kind": "firm"}, aliases=aliases)
        b.relationship("LOCATED_IN", ("Organization", org), ("Region", "reg:memo"), {"confidence": 0.9})
        return b

    writer.write_batch(batch("Memo Org", ["MEMO ORG"]), memo=memo)
    # an out-of-band edit shows whether the repeat is sent: an unchanged repeat must not restore it
    graph.query("MATCH (o:Organization {id: $id}) SET o.kind = 'edited'", id=org)
    repeat = writer.write_batch(batch("Memo Org", ["MEMO ORG"]), memo=memo)
    assert graph.scalar("MATCH (o:Organization {id: $id}) RETURN o.kind AS k", id=org) == "edited"
    assert repeat.properties_set == 0 and repeat.nodes_repeated == 2 and repeat.relationships_repeated == 1
    assert repeat.nodes_matched == 0 and repeat.relationships_merged == 0
    # a changed repeat is written, and its aliases are still unioned
    writer.write_batch(batch("Memo Org Ltd", ["Memo Org Ltd"]), memo=memo)
    row = graph.query("MATCH (o:Organization {id: $id}) RETURN o.name AS n, o.kind AS k, o.aliases AS a", id=org)[0]
    assert row["n"] == "Memo Org Ltd" and row["k"] == "firm" and sorted(row["a"]) == ["MEMO ORG", "Memo Org Ltd"]
    assert graph.scalar("MATCH (:Organization {id: $id})-[r:LOCATED_IN]->() RETURN count(r) AS c", id=org) == 1


def test_a_refused_batch_leaves_nothing_in_the_memo(graph):
    writer = GraphWriter(graph.driver, graph.database)
    memo = WrittenMemo()
    bad = GraphBatch()
    bad.node("Region", "reg:memo-ok", {"name": "fine"})
    bad.node("Organization", "org:memo-bad", {"name": {"nested": "not a property value"}})
    with pytest.raises(WriteRejected):
        writer.write_batch(bad, memo=memo)
    assert memo.nodes == {} and memo.relationships == {}
    good = GraphBatch()
    good.node("Region", "reg:memo-ok", {"name": "fine"})
    writer.write_batch(good, memo=memo)
    assert graph.scalar("MATCH (r:Region {id: 'reg:memo-ok'}) RETURN count(r) AS c") == 1
    assert ("Region", "reg:memo-ok") in memo.nodes


def test_the_memo_stays_bounded():
    memo = WrittenMemo(max_nodes=100, max_relationships=10)
    for start in range(0, 1000, 50):
        pending = _Pending(
            nodes={("Inventor", f"inv:{i}"): (f"#1:{i}", i) for i in range(start, start + 50)},
            relationships={("INVENTED", f"#1:{i}", "#2:0"): i for i in range(start, start + 50)},
        )
        memo.remember(pending)
        assert len(memo.nodes) <= 100 and len(memo.relationships) <= 50
    # the newest entries are the ones kept
    assert ("Inventor", "inv:999") in memo.nodes and ("Inventor", "inv:0") not in memo.nodes
