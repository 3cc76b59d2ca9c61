"""Organisation resolution on the real PatentsView sample and on known aliases."""

from __future__ import annotations

import pytest

from extract.normalize import org_key
from extract.resolve import OrganizationResolver, OrgMention, cores_similar, damerau_levenshtein
from core.model import node_id

SAME = [
    ("Jiangnan University", "JIANGNAN UNIVERSITY"),
    ("Huawei Technologies Co., Ltd.", "HUAWEI TECHNOLOGIES CO., LTD."),
    ("Hon Hai Precision Ind. Co., Ltd.", "HON HAI PRECISION INDUSTRY CO., LTD."),
    ("Jiangnan University", "Jiangnan Unviersity"),
    ("FOXCONN INTERCONNECT TECHNOLOGY LIMITED", "FOXONN INTERCONNECTY TECHNOLOGY LIMITED"),
    ("China Petroleum & Chemical Corp.", "CHINA PETROLEUM & CHEMICAL CORPORATION"),
    ("SU ZHOU ORIENTAL SEMICONDUCTOR CO., LTD", "SUZHOU ORIENTAL SEMICONDUCTUR CO., LTD."),
    ("JIANGSU TIANMING MACHINERY GROUP", "JIANGSU TIANMING MACHINERY GROUP CO., LTD."),
    ("Soochow University", "Suzhou University"),
]
DIFFERENT = [
    ("NR ELECTRIC CO., LTD", "NR ENGINEERING CO., LTD"),
    ("NR ELECTRIC CO., LTD", "NR Electric Engineering Co., Ltd."),
    ("Jiangsu Hengrui Medicine Co., Ltd.", "Shanghai Hengrui Pharmaceutical Co., Ltd."),
    ("CSMC TECHNOLOGIES FAB1 CO., LTD.", "CSMC TECHNOLOGIES FAB2 CO., LTD."),
    ("AAC ACOUSTIC TECHNOLOGIES (CHANGZHOU) CO., LTD.", "AAC ACOUSTIC TECHNOLOGIES (SHENZHEN) CO., LTD."),
    ("China University of Mining and Technology", "CHINA UNIVERSITY OF MINING AND TECHNOLOGY, BEIJING"),
    ("ROSENBERGER TECHNOLOGIES CO., LTD.", "ROSENBERGER TECHNOLOGIES LLC"),
    ("Wuxi Vimicro Corporation", "Vimicro Corporation"),
    ("JIANGSU UNIVERSITY", "JIANGSU UNIVERSITY OF TECHNOLOGY"),
]


@pytest.fixture(scope="module")
def sample_resolution(assignee_names):
    resolver = OrganizationResolver()
    return resolver, resolver.resolve(assignee_names)


@pytest.mark.parametrize(("a", "b"), SAME)
def test_sample_variants_merge(sample_resolution, a, b):
    _, resolved = sample_resolution
    assert resolved[a].id == resolved[b].id


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_sample_different_firms_stay_apart(sample_resolution, a, b):
    _, resolved = sample_resolution
    assert resolved[a].id != resolved[b].id


def test_sample_merge_counts(sample_resolution, assignee_names):
    resolver, resolved = sample_resolution
    distinct = set(assignee_names)
    organizations = {r.id for r in resolved.values()}
    # 613 raw spellings are far fewer organisations, but not collapsed wholesale
    assert 0.6 * len(distinct) < len(organizations) < 0.85 * len(distinct)
    assert resolver.match_counts["fuzzy"] >= 10


def test_known_aliases_join_chinese_and_english_names():
    resolved = OrganizationResolver().resolve(
        ["南京大学", "Nanjing University", "NANJING UNIVERSITY", "国家知识产权局", "CNIPA", "SIPO",
         "China National Intellectual Property Administration", "華為技術有限公司", "Huawei Technologies"]
    )
    assert len({resolved[n].id for n in ["南京大学", "Nanjing University", "NANJING UNIVERSITY"]}) == 1
    cnipa = {resolved[n].id for n in ["国家知识产权局", "CNIPA", "SIPO", "China National Intellectual Property Administration"]}
    assert len(cnipa) == 1
    assert resolved["華為技術有限公司"].id == resolved["Huawei Technologies"].id
    nju = resolved["Nanjing University"]
    assert nju.id == node_id("Organization", org_key("南京大学"))
    assert (nju.name, nju.kind, nju.known) == ("南京大学", "university", True)
    assert resolved["CNIPA"].kind == "government"


def test_chinese_joint_stock_and_limited_forms_are_one_firm():
    resolved = OrganizationResolver().resolve(["苏州某某光电股份有限公司", "苏州某某光电有限公司", "苏州某某光电集团有限公司"])
    assert resolved["苏州某某光电股份有限公司"].id == resolved["苏州某某光电有限公司"].id
    assert resolved["苏州某某光电集团有限公司"].id != resolved["苏州某某光电有限公司"].id


def test_ids_are_deterministic_and_batches_keep_them():
    names = ["Acme Robotics Co., Ltd.", "ACME ROBOTICS CO LTD", "Acme Robotcs Co., Ltd.", "Beta Motors Inc."]
    first = OrganizationResolver().resolve(names)
    second = OrganizationResolver().resolve(list(reversed(names)))
    assert {n: r.id for n, r in first.items()} == {n: r.id for n, r in second.items()}
    assert first["Acme Robotcs Co., Ltd."].id == first["Acme Robotics Co., Ltd."].id
    assert first["Acme Robotics Co., Ltd."].id == node_id("Organization", "acme robotic #co_ltd")
    resolver = OrganizationResolver()
    batch1 = resolver.resolve(names[:1])
    batch2 = resolver.resolve(names[1:])
    assert batch2["ACME ROBOTICS CO LTD"].id == batch1["Acme Robotics Co., Ltd."].id
    assert set(batch2["Acme Robotcs Co., Ltd."].aliases) >= {"Acme Robotics Co., Ltd.", "Acme Robotcs Co., Ltd."}


def test_name_without_legal_form_is_not_attached_when_ambiguous():
    resolved = OrganizationResolver().resolve(["Rosenberger Technologies Co., Ltd.", "Rosenberger Technologies LLC",
                                               "Rosenberger Technologies"])
    ids = {resolved[n].id for n in resolved}
    assert len(ids) == 3


def test_country_context_blocks_fuzzy_merges():
    resolved = OrganizationResolver().resolve([OrgMention("Sunrex Technology Corp.", country="TW"),
                                               OrgMention("Sunrix Technology Corp.", country="US")])
    assert resolved["Sunrex Technology Corp."].id != resolved["Sunrix Technology Corp."].id


def test_fuzzy_guard():
    assert cores_similar("jiangnan university", "jiangnan unviersity")
    assert cores_similar("biocytogen pharmaceutical beijing", "biocytogenpharmaceutical beijing")
    assert not cores_similar("nr electric", "xj electric")  # short tokens are exact
    assert not cores_similar("csmc technology fab1", "csmc technology fab2")  # digits
    assert not cores_similar("foo suzhou electric", "foo xuzhou electric")  # two places
    assert not cores_similar("jiangsu hengrui medicine", "jiangsu hengyi medicine")  # 2 edits in 7 letters
    assert not cores_similar("nantong university", "nantong universal")


def test_damerau_levenshtein():
    assert damerau_levenshtein("chevron", "chervon") == 1
    assert damerau_levenshtein("kitten", "sitting") == 3
    assert damerau_levenshtein("abc", "abcdefgh", limit=2) == 3
