"""Normalisation and resolution keys."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.normalize import normalize_text, org_key, person_key, split_org_key, to_simplified


def test_normalize_text_folds_width_and_whitespace():
    assert normalize_text("ＨＵＡＷＥＩ\u3000Technologies  Co.,\tLtd（南京）") == "HUAWEI Technologies Co., Ltd(南京)"
    assert normalize_text(None) == ""


def test_to_simplified_converts_traditional_only():
    assert to_simplified("江蘇恆瑞醫藥") == "江苏恒瑞医药"
    assert to_simplified("Jiangsu") == "Jiangsu"


@pytest.mark.parametrize(
    "variants",
    [
        ["Co., Ltd.", "CO., LTD", "Company Limited", "Co. Ltd", "Co, Ltd", "Co.,Ltd.", "Limited", "Ltd."],
        ["Corp.", "Corporation", "CORP", "Inc.", "Incorporated"],
    ],
)
def test_legal_form_spellings_fold_to_one_family(variants):
    keys = {org_key(f"Acme Robotics {v}") for v in variants}
    assert len(keys) == 1, keys


def test_legal_form_families_stay_apart():
    assert org_key("Rosenberger Technologies Co., Ltd.") != org_key("Rosenberger Technologies LLC")
    assert org_key("Bessey Tool GmbH & Co. KG") != org_key("Bessey Tool GmbH")


def test_abbreviations_fold():
    assert org_key("Hon Hai Precision Ind. Co., Ltd.") == org_key("HON HAI PRECISION INDUSTRY CO., LTD.")
    assert org_key("Lite-On Technology Corp.") == org_key("LITE-ON TECHNOLOGY CORPORATION")
    assert org_key("Foo Univ.") == org_key("Foo University")


def test_tech_is_only_expanded_when_abbreviated():
    # "Nanjing Tech University" is a name, not an abbreviation: no dot, no expansion
    assert org_key("NANJING TECH UNIVERSITY") == "nanjing tech university"
    assert org_key("Suzhou Halo Bio-Tech Co., Ltd.") == "suzhou halo biotech #co_ltd"
    assert org_key("Foo Tech. Co., Ltd.") == org_key("Foo Technology Co., Ltd.")
    assert org_key("Foo Technologies Co., Ltd.") == org_key("Foo Technology Co., Ltd.")


def test_place_in_brackets_stays_in_the_key():
    assert org_key("AAC Acoustic Technologies (Changzhou) Co., Ltd.") != org_key(
        "AAC Acoustic Technologies (Shenzhen) Co., Ltd."
    )
    assert org_key("RAYCAN TECHNOLOGY CO., LTD. (SU ZHOU)") == org_key("Raycan Technology (Suzhou) Co., Ltd.")


def test_chinese_legal_forms():
    # the documented rule: 股份有限公司, 有限公司, 有限责任公司 are one family
    assert org_key("江苏恒瑞医药股份有限公司") == org_key("江苏恒瑞医药有限公司") == "江苏恒瑞医药 #co_ltd"
    assert org_key("南京某某科技有限责任公司") == org_key("南京某某科技有限公司")
    # group and branch are different entities
    assert org_key("江苏豪森药业集团有限公司") != org_key("江苏豪森药业有限公司")
    assert org_key("华为技术有限公司南京分公司") != org_key("华为技术有限公司")
    assert org_key("江蘇恆瑞醫藥股份有限公司") == org_key("江苏恒瑞医药股份有限公司")


def test_split_org_key():
    assert split_org_key("huawei technology #co_ltd") == ("huawei technology", "co_ltd")
    assert split_org_key("nanjing university") == ("nanjing university", None)


@given(st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll"), max_codepoint=0x7F), min_size=1),
       st.sampled_from(["Co., Ltd.", "CORPORATION", "Inc.", ""]))
def test_org_key_ignores_case_and_spacing(word, suffix):
    name = f"{word} Materials {suffix}"
    assert org_key(name.upper()) == org_key(name.lower()) == org_key("  " + name.replace(" ", "   ") + " ")


@pytest.mark.parametrize("name", ["张伟", "張偉", "Wei Zhang", "ZHANG, Wei", "Zhang Wei", "zhang  wei"])
def test_person_key_variants_of_one_name(name):
    assert person_key(name) == "wei zhang"


def test_person_key_given_name_syllables_and_structured_parts():
    assert person_key("王海军") == person_key("Hai-Jun Wang") == person_key("Haijun Wang") == "haijun wang"
    assert person_key(None, family="Liu", given="Jin Jin") == person_key("刘金金") == "jinjin liu"
    assert person_key("WANG, Hai Jun") == "haijun wang"


def test_person_key_surname_readings_and_compound_surnames():
    assert person_key("曾小明") == "xiaoming zeng"  # not "ceng"
    assert person_key("单雄") == "shan xiong"
    assert person_key("欧阳明") == person_key("Ming Ouyang") == "ming ouyang"


def test_person_key_keeps_different_people_apart():
    assert person_key("张伟") != person_key("张炜") or person_key("张伟") == "wei zhang"  # same pinyin: by design
    assert person_key("Wei Zhang") != person_key("Wei Zhao")
    assert person_key("") == ""
