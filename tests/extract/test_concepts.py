"""Technology concept matching in Chinese and English."""

from __future__ import annotations

import time

import pytest

from extract.concepts import ConceptMatcher, detect_language
from extract.normalize import load_data

TITLE = "一种基于深度学习的人形机器人灵巧手控制方法"


@pytest.fixture(scope="module")
def matcher():
    # the cross-chain vocabulary of concepts.yaml alone (the default adds every chain keyword)
    data = load_data("concepts.yaml")
    return ConceptMatcher({k: v["phrases"] if isinstance(v, dict) else v for k, v in data.items()})


def test_chain_keywords_are_concepts_too():
    found = ConceptMatcher().match("一种谐波减速器及其柔轮，用于 harmonic drive")
    assert {"谐波减速器", "柔轮", "harmonic drive", "reducer"} <= set(found)


def test_jieba_splits_phrases_in_context(zh_nlp):
    # why Chinese is matched by substring: jieba's tokens do not line up with vocabulary phrases
    assert "灵巧手" not in [t.text for t in zh_nlp(TITLE)]
    assert "电池" not in [t.text for t in zh_nlp("一种蓄电池管理系统")]


def test_real_looking_chinese_title(matcher):
    assert matcher.match(TITLE) == ["deep_learning", "humanoid_robot", "robot", "dexterous_hand"]


def test_chinese_phrases_inside_jieba_words(matcher, zh_nlp):
    # 蓄电池 is one jieba word, yet it is a battery: the concept span covers the word
    doc = zh_nlp("一种蓄电池管理系统")
    assert matcher.match("一种蓄电池管理系统") == ["battery"] and "battery" in doc._.concepts
    assert [s.text for s in doc.spans["concepts"] if s.label_ == "battery"] == ["蓄电池"]


def test_traditional_titles_find_the_same_concepts(matcher):
    assert matcher.match("一種基於深度學習的人形機器人靈巧手控制方法") == matcher.match(TITLE)


def test_english_matching_ignores_case_and_number(matcher):
    assert matcher.match("Lithium-Ion Batteries for Humanoid Robots") == [
        "lithium_ion_battery", "battery", "humanoid_robot", "robot"]
    assert matcher.match("A robotic lawn mower") == []  # robotic is not robot


def test_latin_terms_inside_chinese_text(matcher):
    assert matcher.match("基于LiDAR的障碍物检测方法") == ["lidar"]


def test_vocabulary_is_an_argument():
    custom = ConceptMatcher({"seg:reducer": ["谐波减速器", "harmonic drive"], "seg:motor": ["电机"]})
    assert custom.match("一种用于机器人关节的谐波减速器及电机") == ["seg:reducer", "seg:motor"]
    assert custom.match("Harmonic drives for joints") == ["seg:reducer"]
    assert ConceptMatcher({}).match(TITLE) == []


def test_pipe_keeps_order_and_language(matcher):
    texts = ["Robot", None, TITLE, "", "no concept here", "一种锂电池"]
    assert list(matcher.pipe(texts)) == [
        ["robot"], [], ["deep_learning", "humanoid_robot", "robot", "dexterous_hand"], [], [],
        ["lithium_ion_battery", "battery"]]
    assert list(matcher.pipe(texts, batch_size=1)) == list(matcher.pipe(texts))


def test_detect_language():
    assert detect_language(TITLE) == "zh"
    assert detect_language("A humanoid robot hand") == "en"
    assert detect_language("基于LiDAR的检测") == "zh"


def test_sample_titles(matcher, patentsview_rows):
    titles = [r["patent_title"] for r in patentsview_rows if r.get("patent_title")]
    started = time.perf_counter()
    results = list(matcher.pipe(titles))
    elapsed = time.perf_counter() - started
    jacks = [c for t, c in zip(titles, results, strict=True) if "modular jack" in t.lower()]
    assert jacks and all("connector" in c for c in jacks)
    assert sum(1 for c in results if c) > 20
    assert elapsed < 30  # ~1,100 short titles; generous bound for slow CI machines
