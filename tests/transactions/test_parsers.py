"""Readers without the database: CNIPA legal-status text, the transaction table, USPTO assignments,
consortium files, the synthetic generator and the patent flags."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from extract.consortia import read_consortia
from extract.records import Reject, SourceRef
from demo_data.patents import generate_cnipa_csv
from demo_data.transactions import generate_transactions, render_legal_status
from extract.transactions import (
    TransactionEvent,
    licence_kind_of,
    parse_amount,
    parse_legal_status,
    read_transactions,
    read_uspto_assignments,
)
from graph.ingest.transaction_events import FlagEvent, patent_flags

DATA = Path(__file__).with_name("data")
SRC = SourceRef("x.csv", 5, "cnipa-csv")


def test_gazette_history_with_co_owners_and_address_pairs():
    # a real gazette entry (TR01, 2012), as CNIPA tools export the history: '#' blocks, full-width colons
    text = ("#法律状态公告日：20121219;\n法律状态：专利申请权、专利权的转移;\n描述信息：专利权的转移IPC(主分类):A41D   1/00;"
            "变更事项:专利权人;变更前权利人:辉能科技股份有限公司;变更后权利人:辉能科技股份有限公司;变更事项:地址;"
            "变更前权利人:中国台湾台北县五股乡五工路127号4楼;变更后权利人:中国台湾台北县五股乡五工路127号4楼;"
            "变更事项:专利权人;变更前权利人:明瑜创新股份有限公司;变更后权利人:英属开曼群岛商辉能控股股份有限公司;"
            "登记生效日:20121116;\n\n#法律状态公告日：20220104;\n法律状态：专利权有效期届满;\n描述信息：专利权有效期届满")
    events, problems = parse_legal_status(text, "CN1", SRC)
    assert problems == []
    assert len(events) == 1
    e = events[0]
    assert (e.kind, e.event, e.date, e.announce_date) == ("transfer", "effective", "2012-11-16", "2012-12-19")
    assert e.from_parties == ["辉能科技股份有限公司", "明瑜创新股份有限公司"]
    assert e.to_parties == ["辉能科技股份有限公司", "英属开曼群岛商辉能控股股份有限公司"]
    assert e.source.line == 5 and e.source.format == "cnipa-legal-status"


def test_licence_and_pledge_variants_in_one_cell():
    text = ("专利实施许可合同备案的生效、变更及注销IPC(主分类):G06N 3/04;合同备案号:X2020990000010;让与人:甲大学;"
            "受让人:乙有限公司、丙有限公司;许可种类:排他许可;备案日期:2020年3月4日;"
            "EM01 专利实施许可合同备案的变更 合同备案号:X2020990000010;变更日:20210101;变更事项:受让人;"
            "变更前:乙有限公司;变更后:丁有限公司\n"
            "专利权质押合同登记的生效 IPC(主分类):G06N;登记号:Y2021990000001;登记生效日:2021.05.06;出质人:乙有限公司;"
            "质权人:南京银行股份有限公司;质押金额:1.2亿元\n"
            "专利权质押合同登记的注销;登记号:Y2021990000001;出质人:乙有限公司;质权人:南京银行股份有限公司")
    events, problems = parse_legal_status(text, "CN2", SRC)
    got = [(e.kind, e.event, e.date, e.licence_kind, e.contract_number, e.from_parties, e.to_parties, e.amount)
           for e in events]
    assert got[0] == ("licence", "effective", "2020-03-04", "sole", "X2020990000010", ["甲大学"],
                      ["乙有限公司", "丙有限公司"], None)
    assert got[1][:3] == ("licence", "change", "2021-01-01") and got[1][6] == ["丁有限公司"]
    assert got[2] == ("pledge", "effective", "2021-05-06", None, "Y2021990000001", ["乙有限公司"],
                      ["南京银行股份有限公司"], 1.2e8)
    # the release without any date cannot be placed in time
    assert len(events) == 3 and len(problems) == 1 and "注销" in problems[0]


def test_small_parsers():
    assert parse_amount("100万元") == (1e6, "CNY")
    assert parse_amount("USD 2,000,000") == (2e6, "USD")
    assert parse_amount(None) == (None, None)
    with pytest.raises(ValueError):
        parse_amount("面议")
    assert [licence_kind_of(t) for t in ("独占许可", "普通", "exclusive", "交叉许可", "")] == [
        "exclusive", "ordinary", "exclusive", "cross", None]


def test_transaction_xlsx_reads_like_the_csv(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["专利号", "交易类型", "事件", "日期", "让与人", "受让人", "许可种类", "金额"])
    sheet.append(["CN112000001B", "转让", "生效", 20220315, "南京大学", "某某有限公司", None, "10万"])
    sheet.append(["CN112000001B", "许可", "生效", "2022-04-01", "某某有限公司", "另一有限公司", "独占许可", None])
    sheet.append(["CN112000001B", "许可", "注销", "not a date", "某某有限公司", "另一有限公司", None, None])
    path = tmp_path / "tx.xlsx"
    book.save(path)
    items = list(read_transactions(path))
    events = [i for i in items if isinstance(i, TransactionEvent)]
    rejects = [i for i in items if isinstance(i, Reject)]
    assert [(e.kind, e.date, e.amount, e.licence_kind) for e in events] == [
        ("transfer", "2022-03-15", 1e5, None), ("licence", "2022-04-01", None, "exclusive")]
    assert [(r.line, r.reason[:16]) for r in rejects] == [(4, "unparsable date ")]


def test_uspto_assignments():
    items = list(read_uspto_assignments(DATA / "uspto_assignments.xml"))
    assert [(e.patent_number, e.kind, e.event, e.date, e.from_parties, e.to_parties, e.contract_number)
            for e in items] == [
        ("US8927386B2", "transfer", "effective", "2015-03-12", ["CSMC TECHNOLOGIES FAB1 CO., LTD."],
         ["CSMC TECHNOLOGIES FAB2 CO., LTD."], "031234/0567"),
        ("US8927386B2", "pledge", "effective", "2016-01-01", ["CSMC TECHNOLOGIES FAB2 CO., LTD."],
         ["BANK OF CHINA LIMITED, WUXI BRANCH"], "040001/0001"),
    ]


def test_consortium_files_and_the_example():
    decls, rejects = read_consortia(DATA / "consortia.csv")
    assert [(d.name, d.kind, d.lead, [m.name for m in d.members]) for d in decls][0] == (
        "长三角新能源电池知识产权联盟", "ip_alliance", "常州锂源新能源有限公司",
        ["常州新锂电池科技有限公司", "江苏大学", "常州不存在电池有限公司"])
    assert rejects == []
    example, rejects = read_consortia(Path("extract/data/examples/consortia_example.yaml"))
    assert rejects == [] and {d.kind for d in example} == {"consortium", "cultivation_centre", "patent_pool",
                                                             "ip_alliance"}
    assert all("示例" in d.name for d in example)


def test_patent_flags():
    def ev(kind, event, day, contract=None, lk=None, to=("b",)):
        return FlagEvent(kind, event, day, contract, lk, tuple(to))

    flags = patent_flags([ev("licence", "effective", "2020-01-01", "X1", "exclusive"),
                          ev("licence", "cancel", "2021-01-01", "X1"),
                          ev("licence", "effective", "2022-01-01", None, "sole", ("c",)),
                          ev("pledge", "effective", "2022-02-01", "Y1")])
    assert (flags["transferred"], flags["licensed"], flags["exclusively_licensed"], flags["pledged"]) == (
        False, True, True, True)
    flags = patent_flags([ev("transfer", "effective", "2021-01-01"), ev("transfer", "effective", "2023-01-01"),
                          ev("pledge", "effective", "2022-02-01", "Y1"), ev("pledge", "cancel", "2022-12-01", "Y1")])
    assert (flags["transferred"], flags["transfer_count"], flags["last_transfer_date"], flags["pledged"]) == (
        True, 2, "2023-01-01", False)


def test_synthetic_transactions_are_plausible_and_render_as_register_text(tmp_path):
    patents, tx = tmp_path / "p.csv", tmp_path / "t.csv"
    generate_cnipa_csv(patents, 1500, seed=2)
    summary = generate_transactions(patents, tx, seed=2)
    again = generate_transactions(patents, tmp_path / "t2.csv", seed=2)
    assert tx.read_bytes() == (tmp_path / "t2.csv").read_bytes() and len(again.rows) == len(summary.rows)
    kinds = {(r.event_type, r.event) for r in summary.rows}
    assert {("transfer", "effective"), ("licence", "effective"), ("pledge", "effective"), ("pledge", "cancel")} <= kinds
    pledgees = {r.to_party[0] for r in summary.rows if r.event_type == "pledge"}
    assert all("银行" in p for p in pledgees) and any(p.startswith(("江苏", "南京银行", "苏州银行", "无锡")) for p in pledgees)
    assert all(r.date <= "2025-12-31" for r in summary.rows)
    # every row reads back through the documented reader without a reject
    items = list(read_transactions(tx))
    assert len(items) == len(summary.rows) and not any(isinstance(i, Reject) for i in items)
    # and renders as register text the legal-status parser reads back to the same events
    for number in sorted({r.patent_number for r in summary.rows})[:40]:
        rows = [r for r in summary.rows if r.patent_number == number]
        events, problems = parse_legal_status(render_legal_status(rows), number, SRC)
        assert problems == []
        assert sorted((e.kind, e.event, e.date, tuple(e.from_parties), tuple(e.to_parties)) for e in events) == sorted(
            (r.event_type, r.event, r.date, tuple(r.from_party), tuple(r.to_party)) for r in rows)
