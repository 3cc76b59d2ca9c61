"""Format detection, the read_patents dispatcher, canonical JSON Lines and the shared field parsers."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from extract.patents import FORMATS, detect_format, read_patents
from extract.patents.canonical import read_canonical, write_canonical
from extract.patents.fields import normalize_number, parse_date, patent_type_from_text, split_names
from extract.records import NotAPatentExport, PatentRecord, Reject

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "patents"
SHARED = ROOT / ".." / "shared" / "data"


def _shared(relative: str) -> Path:
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"shared data not found at {path.resolve()}")
    return path


def _xlsx(tmp_path: Path) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["Application Number", "Title"])
    book.active.append(["CN202310000001.2", "A method"])
    path = tmp_path / "export.xlsx"
    book.save(path)
    return path


def test_detects_every_format_by_content(tmp_path):
    renamed = tmp_path / "download.dat"  # the extension says nothing
    shutil.copy(FIXTURES / "cnipa_zh.csv", renamed)
    assert detect_format(renamed) == "cnipa-csv"
    assert detect_format(FIXTURES / "cnipa_en.csv") == "cnipa-csv"
    assert detect_format(_xlsx(tmp_path)) == "cnipa-xlsx"
    assert detect_format(FIXTURES / "patentsview_tables") == "patentsview-tables"
    assert detect_format(FIXTURES / "patentsview_tables" / "g_patent.tsv") == "patentsview-tables"
    assert detect_format(FIXTURES / "canonical.jsonl") == "canonical-jsonl"
    assert detect_format(_shared("patentsview-jiangsu/mentions.jsonl")) == "patentsview-mentions"
    assert detect_format(_shared("uspto-xml/US08927386-20150106.XML")) == "uspto-xml"


@pytest.mark.parametrize("content", [b"station,date\nNanjing,2020-01-01\n", b"\x00\x01\x02binary" * 100,
                                     b"<html><body>hi</body></html>", b'{"a": 1}\n'])
def test_non_exports_raise_naming_the_file_and_the_formats(tmp_path, content):
    path = tmp_path / "mystery.bin"
    path.write_bytes(content)
    with pytest.raises(NotAPatentExport) as error:
        detect_format(path)
    message = str(error.value)
    assert "mystery.bin" in message and all(fmt in message for fmt in FORMATS)


def test_read_patents_dispatches_and_streams(tmp_path):
    stream = read_patents(FIXTURES / "cnipa_en.csv")
    assert not isinstance(stream, list)
    assert [r.number for r in stream] == ["CN113456789B", "CN216000111U"]
    assert [r.number for r in read_patents(_xlsx(tmp_path))] == ["CN202310000001.2"]
    assert len(list(read_patents(FIXTURES / "patentsview_tables", format="patentsview-tables"))) == 4
    with pytest.raises(NotAPatentExport, match="unknown format 'pdf'"):
        read_patents(FIXTURES / "cnipa_en.csv", format="pdf")


def test_canonical_round_trip_and_bad_lines(tmp_path):
    originals = [r for r in read_patents(FIXTURES / "cnipa_zh.csv") if isinstance(r, PatentRecord)]
    out = tmp_path / "records.jsonl"
    assert write_canonical(originals, out) == len(originals) == 5
    assert detect_format(out) == "canonical-jsonl"
    assert list(read_canonical(out)) == originals

    items = list(read_canonical(FIXTURES / "canonical.jsonl"))
    assert [r.number for r in items if isinstance(r, PatentRecord)] == ["CN112345678A", "US9413122"]
    rejects = [(r.line, r.reason.split(":")[0]) for r in items if isinstance(r, Reject)]
    assert rejects == [(2, "not JSON"), (3, "missing id"), (4, "not a canonical record")]


def test_write_canonical_to_a_stream_skips_rejects():
    buffer = io.StringIO()
    items = list(read_patents(FIXTURES / "canonical.jsonl"))
    assert write_canonical(items, buffer) == 2
    assert buffer.getvalue().count("\n") == 2


@pytest.mark.parametrize("raw, expected", [
    ("2020-01-02", "2020-01-02"), ("2020.01.02", "2020-01-02"), ("2020/1/2", "2020-01-02"),
    ("20200102", "2020-01-02"), ("2020年1月2日", "2020-01-02"), ("2020-01-02 00:00:00", "2020-01-02"),
    ("43832", "2020-01-02"), (43832, "2020-01-02"), (20200102, "2020-01-02"), ("", None), (None, None),
])
def test_dates_in_every_form(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["2020-13-01", "2020-02-30", "yesterday", "12", 5])
def test_impossible_dates_raise(raw):
    with pytest.raises(ValueError):
        parse_date(raw)


def test_name_splitting_respects_commas_inside_company_names():
    assert split_names("张伟;李娜；王强、赵六\n钱七") == ["张伟", "李娜", "王强", "赵六", "钱七"]
    assert split_names("陈明,刘洋，孙八") == ["陈明", "刘洋", "孙八"]
    assert split_names("Huawei Technologies Co., Ltd.; 南京大学") == ["Huawei Technologies Co., Ltd.", "南京大学"]
    assert split_names("Acme Co., Ltd.,南京大学") == ["Acme Co., Ltd.", "南京大学"]
    assert split_names("Zhang, Wei") == ["Zhang, Wei"]
    assert split_names(" ; ") == []


def test_numbers_and_types():
    assert normalize_number(" cn 112.345.678 a ") == "CN112345678A"
    assert patent_type_from_text("发明授权") == "invention"
    assert patent_type_from_text("Utility Model") == "utility_model"
    assert patent_type_from_text("外观设计") == "design"
    assert patent_type_from_text("PCT") is None
