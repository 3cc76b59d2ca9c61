"""Transactions, ownership and declared consortia on hand-written fixtures (CNIPA legal status, the
transaction CSV, consortium YAML/CSV), on the embedded database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.chains import load_chains
from extract.records import Reject
from graph.ingest.chains import load_chains_into_graph
from graph.ingest.consortia import ConsortiumLoader, consortium_id
from graph.ingest.patents import PatentLoader
from graph.ingest.ownership import owner_at
from graph.ingest.transactions import TransactionLoader
from graph.writer import GraphWriter

DATA = Path(__file__).with_name("data")
PATENTS = DATA / "cnipa_legal_status.csv"


@pytest.fixture(scope="module")
def loaded(graph, tmp_path_factory):
    writer = GraphWriter(graph.driver, graph.database)
    load_chains_into_graph(writer, load_chains())
    rejects_path = tmp_path_factory.mktemp("tx") / "rejects.jsonl"
    patents = PatentLoader(writer, batch_size=3, rejects_path=rejects_path).load([PATENTS])
    # the row with an undated event still loads as a patent; the event itself is rejected
    assert patents.records == 7 and patents.rejected == 1
    # the same events again through the stand-alone path: same nodes, nothing new
    again = TransactionLoader(writer).load_legal_status([PATENTS])
    table = TransactionLoader(writer).load([DATA / "transactions.csv"])
    consortia = ConsortiumLoader(writer).load([DATA / "consortia.yaml", DATA / "consortia.csv"])
    hook_rejects = [Reject(**json.loads(line)) for line in rejects_path.read_text(encoding="utf-8").splitlines()]
    return {"hook_rejects": hook_rejects, "again": again, "table": table, "consortia": consortia}


def _tx(graph, number):
    return graph.query(
        "MATCH (t:PatentTransaction)-[:TRANSACTION_OF]->(p:Patent {number: $n}) "
        "OPTIONAL MATCH (t)-[f:FROM_PARTY]->(a:Organization) "
        "WITH t, collect(a.name) AS from_names "
        "OPTIONAL MATCH (t)-[:TO_PARTY]->(b:Organization) "
        "RETURN t.kind AS kind, t.event AS event, t.date AS date, t.licence_kind AS licence_kind, "
        "t.contract_number AS contract, t.amount AS amount, from_names, collect(b.name) AS to_names "
        "ORDER BY date, kind, event", n=number)


def test_legal_status_events_and_their_rejects(loaded, graph):
    rejects = loaded["hook_rejects"]
    # multi-line cells: the reject names the physical line the record starts on
    row_line = next(i for i, line in enumerate(PATENTS.read_text(encoding="utf-8-sig").splitlines(), 1)
                    if line.startswith("202010000006.5"))
    assert len(rejects) == 1 and rejects[0].line == row_line and "CN112000006B" in rejects[0].reason
    assert "without a readable date" in rejects[0].reason and rejects[0].file.endswith("cnipa_legal_status.csv")
    p2 = _tx(graph, "CN112000002B")
    assert [(t["kind"], t["event"], t["date"], t["licence_kind"], t["contract"]) for t in p2 if t["kind"] == "licence"] == [
        ("licence", "effective", "2021-09-01", "exclusive", "X2021320000011"),
        ("licence", "cancel", "2023-05-01", None, "X2021320000011"),
        ("licence", "effective", "2023-06-01", "ordinary", "X2023320000077"),
    ]
    p3 = _tx(graph, "CN113000003B")
    assert [(t["event"], t["date"], t["to_names"]) for t in p3] == [
        ("effective", "2022-07-01", ["江苏银行股份有限公司南京分行"]),
        ("cancel", "2023-07-01", ["江苏银行股份有限公司南京分行"])]
    # the name change before the transfer is not a transfer; the '#'-separated history is read
    p4 = _tx(graph, "CN214000004U")
    assert [(t["kind"], t["date"], t["from_names"], t["to_names"]) for t in p4] == [
        ("transfer", "2023-02-10", ["苏州云帆机器人有限公司"], ["上海云启智能科技有限公司"])]
    assert _tx(graph, "CN112000007B") == [t for t in _tx(graph, "CN112000007B") if t["kind"] == "licence"]
    # reading the register a second time found the same event nodes
    assert loaded["again"].events == 8 and loaded["again"].write.nodes_created == 0


def test_parties_are_the_applicants_nodes(loaded, graph):
    # the licensee and the assignee are the very nodes that filed CN214000004U and CN113000003B
    shared = graph.query(
        "MATCH (t:PatentTransaction)-[:TO_PARTY]->(o:Organization)-[:APPLIED_FOR]->(p:Patent) "
        "RETURN DISTINCT o.name AS name ORDER BY name")
    assert {r["name"] for r in shared} >= {"南京智元数据科技有限公司", "苏州云帆机器人有限公司", "无锡禾丰生物科技有限公司"}
    # "南京智元数据科技" (no legal form) is the same node as the applicant
    licensee = graph.query(
        "MATCH (t:PatentTransaction {contract_number: 'X2023320000077'})-[r:TO_PARTY]->(o:Organization) "
        "RETURN o.name AS name, r.name AS raw")
    assert licensee == [{"name": "南京智元数据科技有限公司", "raw": "南京智元数据科技"}]
    names = [r["name"] for r in graph.query("MATCH (o:Organization) RETURN o.name AS name")]
    assert len(names) == len(set(names))
    shanghai = graph.query("MATCH (o:Organization {name: '上海云启智能科技有限公司'}) RETURN o.province AS p")
    assert shanghai == [{"p": "Shanghai"}]


def test_transaction_table_rows_and_rejects(loaded, graph):
    table = loaded["table"]
    reasons = {r.line: r.reason for r in table.rejects}
    assert set(reasons) == {6, 7, 8, 9, 10}
    assert "unparsable date" in reasons[6] and "unknown event_type 'sale'" in reasons[7]
    assert "missing to_party" in reasons[8] and "licence_kind" in reasons[9] and "duplicate of line 2" in reasons[10]
    assert all(r.file.endswith("transactions.csv") for r in table.rejects)
    assert [(u.number, u.line) for u in table.unknown_patents] == [("CN199999999B", 11)]
    assert table.events == 5
    # line 2 repeats the register's transfer: one node, not two
    assert [t["kind"] for t in _tx(graph, "CN112000001B")] == ["transfer"]
    # a ZL application number and a number without kind code find their patents
    p7 = _tx(graph, "CN112000007B")
    assert [(t["kind"], t["amount"], t["to_names"]) for t in p7] == [("licence", 500000.0, ["常州锂源新能源有限公司"])]
    p6 = _tx(graph, "CN112000006B")
    assert [(t["date"], t["amount"], t["to_names"]) for t in p6] == [("2023-08-08", 1200000.0, ["常州新锂电池科技有限公司"])]
    pledge = [t for t in _tx(graph, "CN112000002B") if t["kind"] == "pledge"]
    assert pledge[0]["amount"] == 3e7 and pledge[0]["to_names"] == ["南京银行股份有限公司"]


def test_patent_flags_for_transfer_matching(loaded, graph):
    rows = graph.query("MATCH (p:Patent) WHERE coalesce(p.stub, false) = false RETURN p.number AS n, "
                       "coalesce(p.transferred, false) AS t, coalesce(p.exclusively_licensed, false) AS x, "
                       "coalesce(p.licensed, false) AS l, coalesce(p.pledged, false) AS pl ORDER BY n")
    flags = {r["n"]: (r["t"], r["x"], r["l"], r["pl"]) for r in rows}
    assert flags["CN112000001B"] == (True, False, False, False)
    assert flags["CN112000002B"] == (False, False, True, True)  # exclusive licence cancelled, ordinary one and a pledge live
    assert flags["CN113000003B"] == (False, False, False, False)  # pledge released
    assert flags["CN214000004U"][0] and flags["CN112000005B"][0] and flags["CN112000006B"][0]


def test_owner_at_before_and_after_a_transfer(loaded, graph):
    d, db = graph.driver, graph.database
    before = owner_at(d, db, "CN112000001B", "2022-03-14")
    after = owner_at(d, db, "CN112000001B", "2022-03-15")
    assert (before.basis, [o["name"] for o in before.owners]) == ("applicants", ["南京大学"])
    assert (after.basis, [o["name"] for o in after.owners]) == ("transfer", ["南京智元数据科技有限公司"])
    assert after.transfer_date == "2022-03-15"
    assert owner_at(d, db, "CN112000001B", "2019-01-01").basis == "before_filing"
    # a university co-owner leaves: only the firm holds it afterwards
    assert [o["name"] for o in owner_at(d, db, "CN112000005B", "2021-12-31").owners] == ["江南大学", "无锡禾丰生物科技有限公司"]
    assert [o["name"] for o in owner_at(d, db, "CN112000005B", "2023-01-01").owners] == ["无锡禾丰生物科技有限公司"]
    # by node id as well as by number; a licence is not a change of owner
    pid = graph.scalar("MATCH (p:Patent {number: 'CN112000002B'}) RETURN p.id AS id")
    assert [o["name"] for o in owner_at(d, db, pid, "2024-06-01").owners] == ["东南大学"]
    assert owner_at(d, db, "CN000", "2024-01-01").basis == "unknown_patent"


def test_consortia_members_resolve_and_unknown_names_are_reported(loaded, graph):
    report = loaded["consortia"]
    unknown = {(u.consortium, u.name, u.line) for u in report.unknown_members}
    assert unknown == {
        ("江苏省具身智能机器人创新联合体", "江苏未来机器人研究院有限公司", 10),
        ("大模型高价值专利培育中心", "不存在的科技有限公司", 15),
        ("长三角新能源电池知识产权联盟", "常州不存在电池有限公司", 4),
    }
    assert all(u.file.endswith(("consortia.yaml", "consortia.csv")) for u in report.unknown_members)
    assert [(r.line, r.reason) for r in report.rejects] == [(21, "unknown kind 'think_tank' (expected consortium, "
                                                              "cultivation_centre, patent_pool, ip_alliance)")]
    assert [r.reason for r in report.unknown_chains] == ["unknown chain 'no-such-chain'"]
    # unknown names were not created as organisations
    assert graph.scalar("MATCH (o:Organization) WHERE o.name IN ['不存在的科技有限公司', '江苏未来机器人研究院有限公司', "
                        "'常州不存在电池有限公司'] RETURN count(o) AS c") == 0
    members = graph.query(
        "MATCH (o:Organization)-[m:MEMBER_OF]->(c:Consortium {id: $id}) RETURN o.name AS name, m.role AS role "
        "ORDER BY name", id=consortium_id("江苏省具身智能机器人创新联合体"))
    # "Southeast University" is the lead 东南大学 again (a known alias), kept once with role lead
    assert members == [{"name": "东南大学", "role": "lead"}, {"name": "南京智元数据科技有限公司", "role": "member"},
                       {"name": "苏州云帆机器人有限公司", "role": "core"}]
    chain = graph.query("MATCH (c:Consortium {declared: true})-[:FOR_CHAIN]->(ch:IndustrialChain) "
                        "RETURN c.name AS c, c.kind AS kind, ch.key AS chain ORDER BY c")
    assert chain == [
        {"c": "大模型高价值专利培育中心", "kind": "cultivation_centre", "chain": "large-ai-models"},
        {"c": "江苏省具身智能机器人创新联合体", "kind": "consortium", "chain": "humanoid-robots"},
        {"c": "长三角新能源电池知识产权联盟", "kind": "ip_alliance", "chain": "new-energy-vehicles"},
    ]
    alliance = graph.query("MATCH (o:Organization)-[m:MEMBER_OF]->(:Consortium {name: '长三角新能源电池知识产权联盟'}) "
                           "RETURN o.name AS name, m.role AS role ORDER BY name")
    assert alliance == [{"name": "常州新锂电池科技有限公司", "role": "member"},
                        {"name": "常州锂源新能源有限公司", "role": "lead"}, {"name": "江苏大学", "role": "member"}]
