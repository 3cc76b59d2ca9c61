"""IPC hierarchy from the WIPO titles file: parsing, continuation lines, headings, parents, rejects."""

import time
from pathlib import Path

import pytest

from extract.ipc_hierarchy import IPCEntry, IPCReject, iter_ipc_lines, load_ipc_titles, read_ipc_titles

SHARED_TITLES = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ipc" / "ipc-titles-en.tsv"


@pytest.fixture
def small_titles(tmp_path):
    path = tmp_path / "titles.tsv"
    path.write_text(
        "G\tSECTION G\n"
        "G06\tclass six\n"
        "G06N\tsubclass N\n"
        "G06N0003000000\tA guidance heading\n"
        "G06N0003000000\tThe group title\n"
        "G06N0003080000\tA subgroup title (see\n"
        "      –\n"
        "      G06N0003100000)\n"
        "no tab here\n"
        "XYZ\tnot a symbol\n"
        "G06N0003100000\t\n"
        "G06N0003063000\tanother subgroup\n",
        encoding="utf-8",
    )
    return path


def test_entries_levels_parents(small_titles):
    rejects: list[IPCReject] = []
    entries = {e.code: e for e in read_ipc_titles(small_titles, rejects)}
    assert list(entries) == ["G", "G06", "G06N", "G06N3/00", "G06N3/08", "G06N3/063"]
    assert entries["G06N3/08"].parent == "G06N3/00"  # subgroup -> main group (dots not in the file)
    assert entries["G06N3/00"].parent == "G06N"
    assert entries["G06N"].parent == "G06"
    assert entries["G06"].parent == "G"
    assert entries["G"].parent is None
    assert entries["G06N3/063"].level == "subgroup"


def test_heading_and_continuation_lines(small_titles):
    entries = {e.code: e for e in read_ipc_titles(small_titles)}
    group = entries["G06N3/00"]
    assert group.title == "The group title"
    assert group.heading == "A guidance heading"
    assert entries["G06N3/08"].title == "A subgroup title (see – G06N0003100000)"


def test_rejects_name_line_and_reason(small_titles):
    rejects = [r for r in iter_ipc_lines(small_titles) if isinstance(r, IPCReject)]
    assert [(r.line, r.reason.split(":")[0]) for r in rejects] == [
        (9, "no tab between symbol and title"),
        (10, "not an IPC symbol"),
        (11, "empty title for G06N0003100000"),
    ]


def test_continuation_first_is_rejected(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text("   orphan\nA\tHUMAN NECESSITIES\n", encoding="utf-8")
    items = list(iter_ipc_lines(path))
    assert isinstance(items[0], IPCReject) and items[0].line == 1
    assert isinstance(items[1], IPCEntry) and items[1].code == "A"


@pytest.fixture(scope="module")
def shared_titles():
    if not SHARED_TITLES.exists():
        pytest.skip(f"shared IPC titles not found at {SHARED_TITLES}")
    return SHARED_TITLES


def test_real_titles_file(shared_titles):
    rejects: list[IPCReject] = []
    started = time.perf_counter()
    entries = list(read_ipc_titles(shared_titles, rejects))
    elapsed = time.perf_counter() - started
    assert rejects == []
    codes = {e.code for e in entries}
    assert len(codes) == len(entries) > 75_000  # 75,830 lines: 540 headings and 3 continuations folded
    levels = {level: sum(1 for e in entries if e.level == level) for level in ("section", "class", "subclass")}
    assert levels == {"section": 8, "class": 131, "subclass": 645}
    assert all(e.parent in codes for e in entries if e.parent)  # the tree is closed
    assert elapsed < 10, f"parsing took {elapsed:.1f}s"


def test_real_titles_known_symbols(shared_titles):
    titles = load_ipc_titles(shared_titles)
    assert titles["G06N3/08"].parent == "G06N3/00" and titles["G06N3/08"].level == "subgroup"
    assert "etching" in titles["H01L21/3065"].title.lower()
    folded = titles["B61D19/00"]  # its title runs over three lines in the file
    assert folded.title.endswith(")") and "\n" not in folded.title
    headed = titles["A01B3/00"]  # preceded by a guidance heading with the same symbol
    assert headed.heading and headed.heading != headed.title and headed.line == 18
