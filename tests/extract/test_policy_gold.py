"""Policy extraction against gold annotations of the four shared policy documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.policy import PolicyExtraction, extract_policy
from extract.policy.evaluate import Score, load_gold, score_measures, score_targets

GOLD_DIR = Path(__file__).parent / "gold"
GOLD_FILES = sorted(GOLD_DIR.glob("policy_*.yaml"))


@pytest.fixture(scope="module")
def corpus(shared_dir: Path) -> Path:
    path = shared_dir / "corpus" / "policies"
    if not path.is_dir():
        pytest.skip(f"policy corpus missing at {path}")
    return path


@pytest.fixture(scope="module")
def extractions(corpus: Path) -> dict[str, PolicyExtraction]:
    return {p.name: extract_policy(p) for p in sorted(corpus.glob("*.txt"))}


def test_every_shared_document_has_gold() -> None:
    assert len(GOLD_FILES) == 4


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_measures_per_document(gold_path: Path, extractions: dict[str, PolicyExtraction]) -> None:
    gold = load_gold(gold_path)
    score = score_measures(extractions[gold["document"]], gold)
    assert score.recall >= 0.85, score
    assert score.precision >= 0.65, score


def test_overall_precision_and_recall(extractions: dict[str, PolicyExtraction]) -> None:
    measures = targets = Score(0, 0, 0)
    for gold_path in GOLD_FILES:
        gold = load_gold(gold_path)
        measures = measures + score_measures(extractions[gold["document"]], gold)
        targets = targets + score_targets(extractions[gold["document"]], gold)
    assert measures.precision >= 0.8 and measures.recall >= 0.9, measures
    assert targets.precision >= 0.75 and targets.recall >= 0.75, targets


def test_transformation_plan_targets_and_link(extractions: dict[str, PolicyExtraction]) -> None:
    doc = extractions["en-jiangsu-patent-transformation-plan.txt"]
    by_cny = {t.value_cny: t for t in doc.targets if t.value_cny}
    assert by_cny[8e10].comparator == "reach" and by_cny[8e10].deadline == 2025
    assert by_cny[1e11].comparator == "above"
    implements = [link for link in doc.links if link.relation == "IMPLEMENTS"]
    assert [link.doc_number for link in implements] == ["国办发〔2023〕37号"]
    assert "Special Action Plan" in (implements[0].title or "")
    assert doc.period is None  # the cited plan's 2023-2025 is not this plan's period
    assert "cn-js.government_office" in doc.issuers and doc.region == "CN-JS"


def test_dual_empowerment_plan_metadata(extractions: dict[str, PolicyExtraction]) -> None:
    doc = extractions["en-jiangsu-ai-ip-dual-empowerment-plan-2026.txt"]
    assert doc.period == (2026, 2030) and doc.date == "2026-02-10" and doc.region == "CN-JS"
    assert "Dual Empowerment Action Plan" in (doc.title or "")
    consortia = next(m for m in doc.measures if "consortia" in m.text)
    assert "consortium" in consortia.instruments
    assert {"large_models", "humanoid_robots"} <= set(consortia.industries)
    target = doc.targets[0]
    assert (target.comparator, target.value, target.unit) == ("at_least", 20.0, "%")
    assert target.measure_ordinal is not None


def test_press_conference_boilerplate_and_statistics(extractions: dict[str, PolicyExtraction]) -> None:
    doc = extractions["zh-cnipa-2025-03-press-conference.txt"]
    assert doc.language == "zh-Hans" and doc.region == "CN" and doc.issuers == ["cn.cnipa"]
    assert doc.dropped_lines >= 30
    assert not any("IPRdaily" in m.text or "记者:" in m.text for m in doc.measures)
    assert doc.targets == []  # last year's statistics are not targets
    cnipa = next(o for o in doc.organisations if o.key == "cn.cnipa")
    assert len(cnipa.spans) >= 10


def test_spans_index_the_original_text(extractions: dict[str, PolicyExtraction]) -> None:
    for doc in extractions.values():
        for measure in doc.measures:
            assert doc.text[measure.span[0] : measure.span[1]] == measure.text
            assert measure.provenance.document_id == doc.document_id
        for org in doc.organisations:
            for start, end in org.spans:
                assert doc.text[start:end] in org.surface_forms
