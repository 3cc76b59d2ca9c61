"""Organisation kind and region."""

from __future__ import annotations

import pytest

from extract.orgs import classify_kind, extract_region
from core.model import ORGANIZATION_KINDS


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("江苏恒瑞医药股份有限公司", "firm"),
        ("南京大学", "university"),
        ("南京工程学院", "university"),
        ("中国科学院苏州纳米技术与纳米仿生研究所", "research_institute"),
        ("江苏省产业技术研究院有限公司", "firm"),
        ("南京大学医学院附属鼓楼医院", "hospital"),
        ("国家知识产权局", "government"),
        ("苏州工业园区管理委员会", "government"),
        ("国家电网集团", "firm"),
        ("张伟", "individual"),
        ("Huawei Technologies Co., Ltd.", "firm"),
        ("Bessey Tool GmbH & Co. KG", "firm"),
        ("Jiangnan University", "university"),
        ("Huaiyin Institute of Technology", "university"),
        ("Institute of Process Engineering, Chinese Academy of Sciences", "research_institute"),
        ("Electronics and Telecommunications Research Institute", "research_institute"),
        ("Nanjing Medical University Affiliated Brain Hospital", "hospital"),
        ("China National Intellectual Property Administration", "government"),
        ("Honeywell International, Inc.", "firm"),
        ("Nanjing University 5D Technology Co., Ltd.", "firm"),
        ("Wei Zhang", "individual"),
        ("ZHANG, Wei", "individual"),
    ],
)
def test_classify_kind(name, kind):
    got, confidence = classify_kind(name)
    assert got == kind
    assert 0.0 < confidence <= 1.0


def test_classify_kind_without_markers_is_low_confidence():
    kind, confidence = classify_kind("GenScript Hongkong")
    assert kind == "firm" and confidence < 0.5
    assert classify_kind("") == ("other", 0.0)


def test_every_sample_assignee_gets_a_known_kind(assignee_names):
    kinds = {n: classify_kind(n) for n in set(assignee_names)}
    assert all(k in ORGANIZATION_KINDS for k, _ in kinds.values())
    universities = [n for n, (k, _) in kinds.items() if k == "university"]
    assert "JIANGNAN UNIVERSITY" in universities and "SOUTHEAST UNIVERSITY" in universities
    # markers found for nearly all: the low-confidence default is rare in real assignee lists
    defaulted = [n for n, (_, c) in kinds.items() if c < 0.5]
    assert len(defaulted) < 0.1 * len(kinds), defaulted


def test_region_from_chinese_address():
    ref = extract_region(address="江苏省南京市玄武区中山路1号")
    assert (ref.country, ref.province, ref.city, ref.district) == ("CN", "Jiangsu", "Nanjing", "Xuanwu")
    assert ref.source_field == "address" and ref.confidence >= 0.9
    assert ref.region_keys() == ["CN", "CN-JS", "CN-JS-Nanjing"]


def test_region_from_province_field_with_code():
    ref = extract_region(province_field="江苏;32")
    assert (ref.province, ref.city, ref.source_field) == ("Jiangsu", None, "province")
    assert extract_region(province_field="32").province == "Jiangsu"


@pytest.mark.parametrize(
    ("city", "expected_city", "district"),
    [("Nanjing", "Nanjing", None), ("Kunshan", "Suzhou", "Kunshan"), ("SUZHOU", "Suzhou", None),
     ("Jiangyin", "Wuxi", "Jiangyin"), ("Su Zhou", "Suzhou", None), ("昆山市", "Suzhou", None)],
)
def test_region_from_city_field(city, expected_city, district):
    ref = extract_region(city_field=city)
    assert (ref.province, ref.city) == ("Jiangsu", expected_city)
    if district:
        assert ref.district == district


def test_region_from_name_is_less_confident():
    ref = extract_region(name="南京大学")
    assert (ref.city, ref.source_field) == ("Nanjing", "name")
    assert ref.confidence < extract_region(city_field="南京").confidence
    assert extract_region(name="江苏恒瑞医药股份有限公司").province == "Jiangsu"
    assert extract_region(name="Wuxi Little Swan Co., Ltd.").city == "Wuxi"
    assert extract_region(name="Shanghai Hengrui Pharmaceutical Co., Ltd.").province == "Shanghai"


def test_address_wins_over_name_and_ambiguity_lowers_confidence():
    ref = extract_region(name="Nanjing Foo Co., Ltd.", address="江苏省苏州市吴中区")
    assert ref.city == "Suzhou"
    assert extract_region(name="TAIZHOU XIANGZONG FIRE SAFETY EQUIPMENT").confidence < 0.5
    assert extract_region(name="Li Yang").province is None  # a person, not 溧阳
    assert extract_region().province is None


def test_region_of_sample_inventor_cities(patentsview_rows):
    cities = {r["raw_city"] for r in patentsview_rows if r.get("jiangsu_match") == "inventor_city"}
    located = {c: extract_region(city_field=c) for c in cities if c}
    jiangsu = [c for c, ref in located.items() if ref.province == "Jiangsu"]
    # the sample was selected by Jiangsu inventor cities: nearly all must be recognised
    assert len(jiangsu) >= 0.9 * len(located), sorted(set(located) - set(jiangsu))
