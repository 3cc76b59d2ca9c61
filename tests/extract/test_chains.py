"""Industrial chain files: shipped chains load and validate; broken files fail naming file and field."""

import copy
import csv
from pathlib import Path

import pytest
import yaml

from extract.chains import ChainError, load_chain, load_chains
from extract.chains.model import POSITIONS, default_chain_paths, normalize_ipc_prefix
from extract.ipc import normalize_ipc

SHARED_IPC = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ipc"
EXPECTED_CHAINS = {
    "humanoid-robots", "large-ai-models", "integrated-circuits", "new-energy-vehicles", "biomedicine",
}  # fmt: skip


@pytest.fixture(scope="module")
def chains():
    return load_chains()


def test_shipped_chains(chains):
    assert set(chains) == EXPECTED_CHAINS
    for chain in chains.values():
        assert chain.version and chain.source
        assert 8 <= len(chain.segments) <= 20
        assert {s.position for s in chain.segments} == set(POSITIONS), chain.id
        for segment in chain.segments:
            assert segment.ipc and segment.keywords_zh and segment.keywords_en, segment.key
            assert segment.ipc_examples, f"{chain.id}/{segment.key} needs example symbols for the generator"
            assert segment.source


def test_humanoid_chain_covers_the_named_parts(chains):
    names = " ".join(s.name_zh for s in chains["humanoid-robots"].segments)
    for part in ("减速器", "伺服电机", "传感器", "芯片", "电池", "灵巧手", "运动控制", "大模型", "整机"):
        assert part in names


def test_feeds_edges_point_downstream_or_sideways(chains):
    order = {p: i for i, p in enumerate(POSITIONS)}
    for chain in chains.values():
        for up, down in chain.feeds_edges():
            assert order[chain.segment(up).position] <= order[chain.segment(down).position], (chain.id, up, down)


def test_prefix_forms():
    assert normalize_ipc_prefix("B25J 9/") == "B25J9/"
    assert normalize_ipc_prefix("B25J9/00") == "B25J9/"
    assert normalize_ipc_prefix("G06N 3/08") == "G06N3/08"
    assert normalize_ipc_prefix("h01l") == "H01L"
    assert normalize_ipc_prefix("H01L2") is None


@pytest.fixture
def chain_doc():
    return yaml.safe_load(default_chain_paths()[0].read_text(encoding="utf-8"))


def _write(tmp_path, doc, name="broken.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def test_valid_copy_loads(tmp_path, chain_doc):
    chain = load_chain(_write(tmp_path, chain_doc))
    assert chain.id == chain_doc["id"]


@pytest.mark.parametrize(
    ("breaks", "message"),
    [
        (lambda d: d["segments"][1].update(key=d["segments"][0]["key"]), "segments[1].key: duplicate key"),
        (lambda d: d["segments"][0].update(feeds=["nowhere"]), "feeds: unknown segment 'nowhere'"),
        (lambda d: d["segments"][0].update(position="sideways"), "position: 'sideways' is not one of"),
        (lambda d: d["segments"][0].update(ipc=["H01L2"]), "ipc[0]: 'H01L2' is not an IPC prefix"),
        (lambda d: d["segments"][0].update(ipc=[]), "ipc: at least one IPC prefix"),
        (lambda d: d.update(segments=d["segments"][:7]), "7 segments, expected 8-20"),
        (lambda d: d.pop("version"), "version: required field missing"),
        (lambda d: d["segments"][0].update(ipc_examples=["Z99Z1/00"]), "ipc_examples[0]"),
        (lambda d: d["segments"][0].update(keywords_zh=["手"]), "keywords_zh: '手' is too short"),
    ],
)
def test_errors_name_file_and_field(tmp_path, chain_doc, breaks, message):
    doc = copy.deepcopy(chain_doc)
    breaks(doc)
    with pytest.raises(ChainError) as error:
        load_chain(_write(tmp_path, doc))
    assert "broken.yaml" in str(error.value)
    assert message in str(error.value)


def test_cycle_is_reported_with_its_path(tmp_path, chain_doc):
    doc = copy.deepcopy(chain_doc)
    keys = [s["key"] for s in doc["segments"]]
    doc["segments"][0]["feeds"] = [keys[1]]
    doc["segments"][1]["feeds"] = [keys[2]]
    doc["segments"][2]["feeds"] = [keys[0]]
    with pytest.raises(ChainError, match=f"cycle {keys[0]} -> {keys[1]} -> {keys[2]} -> {keys[0]}"):
        load_chain(_write(tmp_path, doc))


def test_duplicate_chain_id_across_files(tmp_path, chain_doc):
    first = _write(tmp_path, chain_doc, "a.yaml")
    second = _write(tmp_path, chain_doc, "b.yaml")
    with pytest.raises(ChainError, match="already defined"):
        load_chains([first, second])


@pytest.fixture(scope="module")
def ipc_titles():
    path = SHARED_IPC / "ipc-titles-en.tsv"
    if not path.exists():
        pytest.skip(f"shared IPC titles not found at {path}")
    codes: set[str] = set()
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            code = normalize_ipc(line.split("\t", 1)[0])
            if code:
                codes.add(code)
    return codes


def _exists(prefix: str, titles: set[str]) -> bool:
    return (prefix + "00" if prefix.endswith("/") else prefix) in titles


def test_every_ipc_prefix_exists_in_ipc_2019(chains, ipc_titles):
    missing = [
        f"{c.id}/{s.key}: {p}" for c in chains.values() for s in c.segments for p in s.ipc + s.ipc_examples
        if not _exists(p, ipc_titles)
    ]  # fmt: skip
    assert missing == []


def test_recent_prefixes_are_really_after_2019(chains, ipc_titles):
    # ipc_recent claims symbols introduced after IPC 2019.01; if one is in the 2019 titles it belongs in ipc.
    wrongly_recent = [
        f"{c.id}/{s.key}: {p}" for c in chains.values() for s in c.segments for p in s.ipc_recent
        if _exists(p, ipc_titles)
    ]  # fmt: skip
    assert wrongly_recent == []
    assert any(s.ipc_recent for c in chains.values() for s in c.segments)


def test_sei_codes_are_real_categories(chains):
    path = SHARED_IPC / "sei-2018-categories-zh.tsv"
    if not path.exists():
        pytest.skip(f"shared SEI categories not found at {path}")
    with open(path, encoding="utf-8") as handle:
        known = {row["sei_code"] for row in csv.DictReader(handle, delimiter="\t")}
    used = {code for c in chains.values() for code in c.sei + tuple(x for s in c.segments for x in s.sei)}
    assert used and used <= known, used - known
    assert "1.2" in chains["integrated-circuits"].sei
