"""Target parsing: equivalent phrasings in Chinese and English give the same structure."""

from __future__ import annotations

import pytest

from types import SimpleNamespace

from extract.nlp import pipeline
from extract.policy.cues import is_english
from extract.policy.script import normalise


def find_targets(sentence: str) -> list[SimpleNamespace]:
    """The targets the language's pipeline finds in one sentence, as plain attributes."""
    # the pipeline reads the normalised (Simplified, width-folded) text, as extract_policy gives it
    doc = pipeline("en" if is_english(sentence) else "zh")(normalise(sentence))
    names = ("metric", "comparator", "value", "unit", "normalised_value", "normalised_unit", "value_cny",
             "baseline", "deadline")
    return [SimpleNamespace(**{n: getattr(t._, n) for n in names}) for t in doc._.targets]


def one(sentence: str):
    found = find_targets(sentence)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "sentence",
    [
        "By 2027 the share of patent-intensive output will be no less than 20%.",
        "到2027年，专利密集型产出占比不低于20%。",
        "到2027年，專利密集型產出佔比不低於20%。",
        "Ensure that the share reaches at least 20% by 2027.",
    ],
)
def test_at_least_twenty_percent(sentence: str) -> None:
    target = one(sentence)
    assert (target.comparator, target.value, target.unit, target.deadline) == ("at_least", 20.0, "%", 2027)


def test_money_normalised_to_billion_yuan_and_cny() -> None:
    zh = one("到2025年，技术合同成交额达到800亿元。")
    en = one("By 2025 the technology contract turnover will reach 80 billion yuan.")
    assert zh.comparator == en.comparator == "reach"
    assert zh.value_cny == en.value_cny == 8e10
    assert zh.normalised_value == en.normalised_value == 80.0 and zh.normalised_unit == "billion yuan"


def test_above_share_of_gdp_and_increase_by() -> None:
    assert one("力争年产值超过1000亿元。").comparator == "above"
    share = one("The sector will account for 17% of GDP by 2025.")
    assert (share.comparator, share.value, share.deadline) == ("reach", 17.0, 2025)
    assert one("Licences will increase by 20% by 2028.").comparator == "increase_by"
    assert one("到2030年,专利许可量增长20%。").comparator == "increase_by"


def test_baseline_and_count_units() -> None:
    target = one("到2030年,每万人口高价值发明专利拥有量由14件提高到20件。")
    assert (target.baseline, target.value, target.normalised_unit) == (14.0, 20.0, "items")
    assert "由" not in target.metric
    assert find_targets("力争到2026年培育示范企业5万家。") == []  # no comparator, no target
    count = one("力争到2026年示范企业达到5万家。")
    assert count.normalised_value == 50000.0 and count.normalised_unit == "organisations"


@pytest.mark.parametrize(
    "sentence",
    [
        "去年，全国专利许可备案达到61.3万次，同比增长29.9%。",
        "截至去年底，发明专利拥有量达到14件。",
        "Over the past year the province has reached 1.9 times the national average.",
        "Cash rewards ranging from 20,000 yuan to 1 million yuan will be given.",
        "The office handled 500 cases.",
    ],
)
def test_statistics_and_ranges_are_not_targets(sentence: str) -> None:
    assert find_targets(sentence) == []


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("By 2027 the province will support 50,000 SMEs in using patents.", ("reach", 50000.0, "organisations", "SMEs")),
        ("By 2027 licensing income will see a 30% increase.", ("increase_by", 30.0, "%", "licensing income")),
        ("The AI industry is expected to exceed RMB 15 billion by 2026.", ("above", 15.0, "billion yuan", "AI industry")),
        ("By 2030 the city will reach an 80 percent adoption rate for smart devices.", ("reach", 80.0, "%", "adoption rate")),
        ("By 2028 the city will build 20 high-quality test beds.", ("reach", 20.0, "items", "high-quality test beds")),
        ("By 2028 the number of incubators in the city will exceed 40.", ("above", 40.0, "items", "incubators")),
        ("到2026年,新建10个创新中心。", ("reach", 10.0, "个", "创新中心")),
        ("到2025年,建成千亿元级别的集成电路产业集群。", None),  # a class word without a number: no value
    ],
)
def test_counts_currencies_and_shares_in_both_languages(sentence: str, expected) -> None:  # noqa: ANN001
    found = find_targets(sentence)
    if expected is None:
        assert all(t.unit != "亿元" for t in found)
        return
    assert len(found) == 1, found
    t = found[0]
    assert (t.comparator, t.value, t.unit) == expected[:3] and expected[3] in t.metric


def test_values_listed_after_a_target_share_its_comparator() -> None:
    found = find_targets("到2025年,营收达到3000亿元的产业集群2个、1000亿元的产业集群3个。")
    assert [(t.comparator, t.value, t.unit) for t in found] == [("reach", 3000.0, "亿元"), ("reach", 1000.0, "亿元")]


def test_a_trillion_class_industry_is_a_level_to_reach() -> None:
    found = find_targets("到2030年,培育形成万亿元级别的数字经济产业高地。")
    assert [(t.comparator, t.value, t.unit, t.value_cny) for t in found] == [("reach", 1.0, "万亿元", 1e12)]
    assert "数字经济" in found[0].metric
