"""IPC symbol normalisation (extract.ipc): every written form of a symbol is one compact code."""

import pytest

from extract.ipc import ipc_level, ipc_parent_chain, normalize_ipc, split_ipc_field


@pytest.mark.parametrize(
    "raw", ["G06N 3/08", "G06N0003080000", "G06N3/08", "g06n 3/08 (2006.01)", "G06N-003/08", "Ｇ０６Ｎ３/０８"]
)
def test_written_forms_are_one_code(raw):
    assert normalize_ipc(raw) == "G06N3/08"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("H01L0021027000", "H01L21/027"),
        ("H01L0021000000", "H01L21/00"),
        ("B25J0009160000", "B25J9/16"),
        ("A61K0031454500", "A61K31/4545"),
        ("H01L 21/3065", "H01L21/3065"),
        ("H01L", "H01L"),
        ("h01", "H01"),
        ("G", "G"),
    ],
)
def test_forms(raw, code):
    assert normalize_ipc(raw) == code


@pytest.mark.parametrize("raw", ["", None, "not a code", "G06N 0/08", "Z99Z 1/00", "12-08"])
def test_non_codes_are_none(raw):
    assert normalize_ipc(raw) is None


def test_levels_and_parents():
    assert [ipc_level(c) for c in ("G", "G06", "G06N", "G06N3/00", "G06N3/08")] == [
        "section", "class", "subclass", "group", "subgroup",
    ]  # fmt: skip
    assert ipc_parent_chain("G06N3/08") == ["G06N3/00", "G06N", "G06", "G"]
    assert ipc_parent_chain("G06N3/00") == ["G06N", "G06", "G"]
    assert ipc_parent_chain("G") == []


def test_split_field_dedupes_in_order():
    assert split_ipc_field("G06N 3/08；G06N0003080000, H01L21/02 (2006.01)") == ["G06N3/08", "H01L21/02"]
