"""Inventor disambiguation: same name, same person only with evidence."""

from __future__ import annotations

import pytest

from extract.inventors import InventorMentionContext as M
from extract.inventors import disambiguate
from core.model import node_id


def test_same_name_without_evidence_stays_apart():
    result = disambiguate([
        M("p1-0", "Wei Zhang", "p1", organizations=("Foo Co., Ltd.",), city="Nanjing", ipc=("G06N3/08",)),
        M("p2-0", "Wei Zhang", "p2", organizations=("Bar Co., Ltd.",), city="Wuxi", ipc=("H01L21/00",)),
    ])
    assert result.assignments["p1-0"].id != result.assignments["p2-0"].id
    assert result.report.merged_mentions == 0 and result.report.inventors == 2


@pytest.mark.parametrize(
    ("second", "evidence"),
    [
        (M("p2-0", "ZHANG, Wei", "p2", coinventors=("Li Na", "Wei Zhang")), "coinventor"),
        (M("p2-0", "张伟", "p2", organizations=("ACME ROBOTICS CO LTD",)), "organization"),
        (M("p2-0", "Zhang Wei", "p2", city="NANJING", ipc=("G06N 3/04",)), "city+ipc_subclass"),
    ],
)
def test_each_kind_of_evidence_merges(second, evidence):
    first = M("p1-0", "Wei Zhang", "p1", coinventors=("Na Li",), organizations=("Acme Robotics Co., Ltd.",),
              city="Nanjing", ipc=("G06N3/08",))
    result = disambiguate([first, second])
    assert result.assignments["p1-0"].id == result.assignments["p2-0"].id
    assert result.report.merges_by_evidence == {evidence: 1}


def test_city_alone_or_technology_alone_is_not_enough():
    result = disambiguate([
        M("p1-0", "Wei Zhang", "p1", city="Nanjing", ipc=("G06N3/08",)),
        M("p2-0", "Wei Zhang", "p2", city="Nanjing", ipc=("H01L21/00",)),
        M("p3-0", "Wei Zhang", "p3", city="Wuxi", ipc=("G06N3/04",)),
    ])
    assert len({a.id for a in result.assignments.values()}) == 3


def test_evidence_is_transitive_and_aliases_keep_both_scripts():
    result = disambiguate([
        M("p1-0", "张伟", "p1", alt_names=("Wei Zhang",), organizations=("南京大学",)),
        M("p2-0", "Wei Zhang", "p2", organizations=("Nanjing University",), coinventors=("Na Li",)),
        M("p3-0", "ZHANG, Wei", "p3", coinventors=("Li Na",)),
    ])
    inventor = result.assignments["p1-0"]
    assert {result.assignments[m].id for m in ("p1-0", "p2-0", "p3-0")} == {inventor.id}
    assert {"张伟", "Wei Zhang", "ZHANG, Wei"} <= set(inventor.aliases)
    assert inventor.mention_count == 3
    assert inventor.id == node_id("Inventor", "wei zhang", "p1-0")
    assert result.report.merged_mentions == 2


def test_a_romanised_name_matching_a_chinese_one_is_no_evidence():
    """Issue 16: 袁博 (Wuxi, with 张坤) and Huawei's US inventor "Bo Yuan" (with "Kun Zhang") were one
    person because their co-inventors' names romanise alike; so were 张坤 and "Kun Zhang"."""
    result = disambiguate([
        M("cn1#1", "袁博", "cn1", coinventors=("张坤", "周睿"), organizations=("无锡科驰软件有限公司",)),
        M("cn1#2", "张坤", "cn1", coinventors=("袁博", "周睿"), organizations=("无锡科驰软件有限公司",)),
        M("cn2#1", "袁博", "cn2", coinventors=("钱林磊",), organizations=("国家超级计算无锡中心", "无锡科驰软件有限公司")),
        M("us1#1", "Bo Yuan", "us1", coinventors=("Kun Zhang", "Xiao Zhou"), organizations=("Huawei Technologies Co., Ltd.",)),
        M("us1#2", "Kun Zhang", "us1", coinventors=("Bo Yuan", "Xiao Zhou"), organizations=("Huawei Technologies Co., Ltd.",)),
        M("us2#1", "Bo Yuan", "us2", coinventors=("Xiao Zhou",), organizations=("Huawei Technologies Co., Ltd.",)),
    ])
    a = result.assignments
    assert a["cn1#1"].id == a["cn2#1"].id != a["us1#1"].id == a["us2#1"].id
    assert a["cn1#2"].id != a["us1#2"].id
    assert "Bo Yuan" not in a["cn1#1"].aliases and "袁博" not in a["us1#1"].aliases


def test_han_spellings_that_romanise_alike_are_different_names():
    # 张伟 and 章伟 are both "wei zhang"; one firm employing both does not make them one person, and a
    # romanised "Wei Zhang" of that firm could be either of them, so it is linked to neither
    result = disambiguate([
        M("p1#1", "张伟", "p1", organizations=("南京大学",)),
        M("p2#1", "章伟", "p2", organizations=("南京大学",)),
        M("p3#1", "Wei Zhang", "p3", organizations=("Nanjing University",)),
        M("p4#1", "張偉", "p4", organizations=("南京大学",)),  # Traditional script: the same spelling as 张伟
    ])
    a = result.assignments
    assert a["p1#1"].id == a["p4#1"].id
    assert len({a["p1#1"].id, a["p2#1"].id, a["p3#1"].id}) == 3


def test_ids_do_not_depend_on_input_order_and_sharding_gives_the_same_result(tmp_path):
    mentions = [
        M(f"p{i}-0", name, f"p{i}", organizations=(org,), city=city)
        for i, (name, org, city) in enumerate([
            ("Wei Zhang", "Foo Co., Ltd.", "Nanjing"), ("Wei Zhang", "Foo Co., Ltd.", "Wuxi"),
            ("Wei Zhang", "Bar Inc.", "Wuxi"), ("Li Na", "Bar Inc.", "Suzhou"), ("Na Li", "Baz GmbH", "Suzhou"),
            ("", "Baz GmbH", None),
        ])
    ]
    one = disambiguate(mentions).assignments
    reversed_ = disambiguate(list(reversed(mentions))).assignments
    sharded = disambiguate(mentions, shard_count=4, spill_dir=tmp_path).assignments
    assert {k: v.id for k, v in one.items()} == {k: v.id for k, v in reversed_.items()}
    assert {k: v.id for k, v in one.items()} == {k: v.id for k, v in sharded.items()}
    assert len({one[f"p{i}-0"].id for i in range(3)}) == 2
    assert one["p5-0"].key == ""  # no name: its own inventor


def _contexts(rows):
    for r in rows:
        first, last = r["raw_inventor_name_first"] or "", r["raw_inventor_name_last"] or ""
        coinventors = tuple(f"{f or ''} {l or ''}".strip()
                            for f, l in zip(r["coinventor_name_first"] or [], r["coinventor_name_last"] or []))
        yield M(r["mention_id"], f"{first} {last}".strip(), r["patent_id"], family_name=last, given_name=first,
                coinventors=coinventors, organizations=tuple(o for o in r["raw_assignee_organization"] or [] if o),
                city=r["raw_city"], ipc=tuple(r["cpc_subclass"] or []))


def test_sample_disambiguation(patentsview_rows):
    result = disambiguate(_contexts(patentsview_rows))
    report = result.report
    assert report.mentions == len(patentsview_rows)
    assert report.blocks < report.inventors < report.mentions
    assert report.merges_by_evidence["coinventor"] > report.merges_by_evidence["city+ipc_subclass"] > 0
    # the few mentions PatentsView labels with a disambiguated inventor id agree with ours
    labelled: dict[str, set[str]] = {}
    for r in patentsview_rows:
        if r.get("unique_id"):
            labelled.setdefault(r["unique_id"], set()).add(result.assignments[r["mention_id"]].id)
    assert labelled and all(len(ids) == 1 for ids in labelled.values()), labelled
