"""Generalisation to unseen synthetic plans (own wording): Simplified, Traditional Chinese and English Markdown."""

from __future__ import annotations

from pathlib import Path

from core.model import node_id

from extract.policy import extract_policy

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "policies"


def test_simplified_city_plan() -> None:
    doc = extract_policy(FIXTURES / "zh-hans-synthetic-city-plan.txt")
    assert doc.language == "zh-Hans"
    assert doc.doc_number == "青知发〔2025〕6号" and doc.period == (2025, 2027)
    assert doc.policy_id == node_id("Policy", "青知发〔2025〕6号")
    assert [m.ordinal for m in doc.measures] == [1, 2, 3, 4, 5]
    assert doc.measures[0].id == node_id("Measure", doc.policy_id, "1")
    assert not any("打印" in m.text or "分享" in m.text for m in doc.measures)
    assert doc.measures[1].area == "finance"
    assert {"pledge_financing", "fund", "insurance"} <= set(doc.measures[1].instruments)
    assert {"integrated_circuits", "biomedicine"} <= set(doc.measures[2].industries)
    money = next(t for t in doc.targets if t.value_cny)
    assert (money.comparator, money.value_cny, money.deadline) == ("above", 5e9, 2027)
    share = next(t for t in doc.targets if t.unit == "%")
    assert (share.comparator, share.value) == ("at_least", 18.0)
    links = [(l.relation, l.doc_number) for l in doc.links]
    assert links == [("IMPLEMENTS", "国办发〔2023〕37号")]
    assert any(o.name == "青川市知识产权局" for o in doc.organisations)


def test_traditional_chinese_maps_spans_back_to_original() -> None:
    doc = extract_policy(FIXTURES / "zh-hant-synthetic-ip-measures.txt")
    assert doc.language == "zh-Hant"
    assert len(doc.measures) == 3
    assert doc.measures[0].text.startswith("一是強化知識產權保護")  # original script, not the converted text
    cnipa = next(o for o in doc.organisations if o.key == "cn.cnipa")
    assert cnipa.surface_forms == ["國家知識產權局"]
    target = doc.targets[0]
    assert (target.comparator, target.value, target.unit, target.deadline, target.measure_ordinal) == ("reach", 30.0, "%", 2026, 2)


def test_english_markdown_plan() -> None:
    doc = extract_policy(FIXTURES / "en-synthetic-riverside-plan.md")
    assert doc.title == "Riverside Province Patent Utilisation Action Plan (2025-2027)"
    assert doc.period == (2025, 2027)
    assert doc.doc_number == "Riverside Provincial Government Office〔2025〕5号"
    tasks = [m for m in doc.measures if m.kind in {"bullet", "numbered"}]
    assert len(tasks) == 5
    assert "humanoid_robots" in tasks[2].industries and "consortium" in tasks[2].instruments
    assert tasks[4].area == "data_compliance"
    comparators = sorted((t.comparator, t.value) for t in doc.targets)
    assert comparators == [("at_least", 15.0), ("increase_by", 20.0), ("reach", 3.0)]
    assert [(l.relation, l.doc_number) for l in doc.links] == [("IMPLEMENTS", "国办发〔2023〕37号")]


def test_cnipa_names_resolve_to_one_key() -> None:
    text = "一是支持國家知識產權局開展試點。二是鼓励国家知识产权局建设平台。3. Support the China National Intellectual Property Administration (CNIPA) in building a platform."
    doc = extract_policy(text, source="mixed")
    keys = {o.key for o in doc.organisations if "cnipa" in o.key}
    assert keys == {"cn.cnipa"}
    cnipa = next(o for o in doc.organisations if o.key == "cn.cnipa")
    assert {"國家知識產權局", "国家知识产权局", "CNIPA"} <= set(cnipa.surface_forms)


def test_a_paragraph_reporting_the_past_holds_no_measures_until_it_looks_ahead() -> None:
    text = ("局长表示,近年来,我局持续推进专利审查提速。同时,加快建设知识产权保护中心,推动快速维权。"
            "下一步,我局将加快建立数据知识产权登记制度。\n")
    doc = extract_policy(text, source="report")
    assert [m.text[:6] for m in doc.measures] == ["下一步,我局"]


def test_principles_and_purpose_clauses_are_no_actions() -> None:
    text = ("The city adheres to the principle of openness and shared benefits in all its work.\n"
            "The purpose is to strengthen the links between universities and firms in the region.\n"
            "The city will establish a patent pool for integrated circuits by 2027.\n")
    doc = extract_policy(text, source="principles")
    assert [m.text[:20] for m in doc.measures] == ["The city will establi"[:20]]
