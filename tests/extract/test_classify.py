"""Classification of patents into chain segments by IPC prefix and keywords."""

import random
import time

import pytest

from extract.chains import load_chains
from extract.classify import SegmentMatch, build_index, classify, find_keywords


@pytest.fixture(scope="module")
def chains():
    return load_chains()


@pytest.fixture(scope="module")
def index(chains):
    return build_index(chains)


def by_segment(matches: list[SegmentMatch]) -> dict[tuple[str, str], SegmentMatch]:
    return {(m.chain_id, m.segment_key): m for m in matches}


def test_ipc_prefix_match_any_written_form(index):
    for form in ("H01L21/3065", "H01L 21/3065", "H01L0021306500", "h01l 21/3065 (2006.01)"):
        matches = by_segment(classify([form], index=index))
        assert matches[("integrated-circuits", "manufacturing")].rule == "ipc:H01L21/3065"


def test_longest_prefix_wins_within_a_segment(index):
    # H01L21/677 is under the equipment prefix H01L21/67; nothing shorter is reported instead.
    match = by_segment(classify(["H01L21/677"], index=index))[("integrated-circuits", "equipment")]
    assert match.rule == "ipc:H01L21/67"


def test_main_ipc_more_confident_than_secondary(index):
    hand, fuel_cell = ("humanoid-robots", "dexterous_hand"), ("new-energy-vehicles", "fuel_cell")
    first = by_segment(classify(["B25J15/08", "H01M8/10"], index=index))
    assert first[hand].confidence > first[fuel_cell].confidence
    explicit = by_segment(classify(["B25J15/08", "H01M8/10"], main_ipc="H01M8/10", index=index))
    assert explicit[fuel_cell].confidence > explicit[hand].confidence


def test_subclass_prefix_less_confident_than_group(index):
    broad = by_segment(classify(["C07D401/04"], index=index))[("biomedicine", "apis_intermediates")]
    narrow = by_segment(classify(["A61K36/18"], index=index))[("biomedicine", "tcm")]
    assert broad.rule == "ipc:C07D" and broad.confidence < narrow.confidence


def test_group_prefix_does_not_leak_into_longer_group_numbers(index):
    assert ("humanoid-robots", "dexterous_hand") not in by_segment(classify(["B25J150/00"], index=index))
    assert classify(["not a code", ""], index=index) == []


def test_chinese_keyword_in_text(index):
    matches = by_segment(classify([], "一种基于腱绳驱动的灵巧手及其控制方法", index=index))
    hand = matches[("humanoid-robots", "dexterous_hand")]
    assert hand.rule == "keyword:腱绳驱动,灵巧手"
    assert hand.confidence == pytest.approx(0.65)


def test_english_keyword_on_word_boundaries(index):
    found = find_keywords(index, "A lidar-based perception stack with Lidars and an SoC.")
    assert "lidar" in found[("new-energy-vehicles", "intelligent_driving")]
    assert "SoC" in found[("integrated-circuits", "design_digital")]
    # "soc" inside "association" and "gpu" inside a longer token are not words.
    assert find_keywords(index, "association of gpus2") == {}


def test_ascii_keywords_inside_chinese_text(index):
    found = find_keywords(index, "一种用于GPU集群的CAR-T细胞制备方法")
    assert ("large-ai-models", "compute_chips") in found
    assert ("biomedicine", "cell_gene_therapy") in found


def test_ipc_and_keyword_combine(index):
    match = by_segment(classify(["B25J15/08"], "仿人灵巧手", index=index))[("humanoid-robots", "dexterous_hand")]
    assert match.rule == "ipc:B25J15/;keyword:灵巧手"
    assert match.confidence == pytest.approx(1 - (1 - 0.85) * (1 - 0.5))


def test_given_concepts_count_as_keywords(index):
    matches = by_segment(classify([], concepts=["灵巧手", "Harmonic Drive"], index=index))
    assert matches[("humanoid-robots", "dexterous_hand")].rule == "keyword:灵巧手"
    assert matches[("humanoid-robots", "reducer")].rule == "keyword:harmonic drive"


def test_several_segments_sorted_by_confidence(index):
    matches = classify(["G06N3/08", "B25J15/10"], "多模态大模型", index=index)
    assert len({m.chain_id for m in matches}) >= 2
    assert [m.confidence for m in matches] == sorted((m.confidence for m in matches), reverse=True)


def test_min_confidence_filters(index):
    assert all(m.confidence >= 0.7 for m in classify(["G06N3/08"], "大模型", index=index, min_confidence=0.7))


def test_chains_mapping_accepted(chains):
    assert classify(["B25J15/08"], index=chains)[0].segment_key == "dexterous_hand"


def test_every_example_symbol_classifies_back_to_its_segment(chains, index):
    for chain in chains.values():
        for segment in chain.segments:
            for code in segment.ipc_examples:
                assert (chain.id, segment.key) in by_segment(classify([code], index=index)), code


def test_throughput(chains, index):
    rng = random.Random(3)
    codes = [c for chain in chains.values() for s in chain.segments for c in s.ipc_examples]
    codes += [f"{c[:4]}{rng.randint(1, 99)}/{rng.randint(0, 99):02d}" for c in codes]  # misses too
    patents = [[rng.choice(codes) for _ in range(3)] for _ in range(100_000)]
    started = time.perf_counter()
    for patent in patents:
        classify(patent, index=index)
    rate = len(patents) / (time.perf_counter() - started)
    assert rate > 20_000, f"{rate:,.0f} patents/s"  # about 250,000/s on a laptop core
