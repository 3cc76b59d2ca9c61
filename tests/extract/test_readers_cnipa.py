"""CNIPA-style CSV and XLSX readers: encodings, headers, multi-valued fields, rejects, streaming."""

from __future__ import annotations

import csv
import os
import time
import tracemalloc
import types
from datetime import datetime
from pathlib import Path

import pytest

from extract.patents.cnipa import read_cnipa_csv, read_cnipa_xlsx, split_province_field
from extract.tabular import sniff_encoding
from extract.records import NotAPatentExport, PatentRecord, Reject

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "patents"
ZH_CSV = FIXTURES / "cnipa_zh.csv"


def _split(items):
    records = [r for r in items if isinstance(r, PatentRecord)]
    rejects = [r for r in items if isinstance(r, Reject)]
    return records, rejects


def _reencode(tmp_path: Path, encoding: str, name: str) -> Path:
    target = tmp_path / name
    target.write_bytes(ZH_CSV.read_text(encoding="utf-8").encode(encoding))
    return target


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_the_same_export_reads_alike_in_every_encoding(tmp_path, encoding):
    path = ZH_CSV if encoding == "utf-8" else _reencode(tmp_path, encoding, f"export-{encoding}.csv")
    records, rejects = _split(list(read_cnipa_csv(path)))

    assert [r.number for r in records] == [
        "CN112345678A", "CN214567890U", "CN307654321S", "CN115000001A", "CN115000002A"]
    first = records[0]
    assert first.title == "一种基于深度学习的图像识别方法"
    assert first.application_number == "CN202010123456.7"
    assert first.application_date == "2020-03-01"
    assert first.publication_date == "2020-09-01"
    assert first.patent_type == "invention"
    assert [a.name for a in first.applicants] == ["南京智联科技有限公司", "东南大学"]
    assert first.applicants[0].address == "江苏省南京市玄武区示例路1号"
    assert (first.applicants[0].province, first.applicants[0].country) == ("江苏", "CN")
    assert [i.name for i in first.inventors] == ["张伟", "李娜", "王强"]
    assert [i.sequence for i in first.inventors] == [1, 2, 3]
    assert first.ipc == ["G06N3/08", "G06K9/62"] and first.main_ipc == "G06N3/08"
    assert first.cited_numbers == ["CN108765432A", "US9413122B2"]
    assert first.claims_count == 10 and first.legal_status == "有效" and first.language == "zh"
    assert first.source.format == "cnipa-csv" and first.source.line == 2
    assert [(r.line, r.reason.split(":")[0]) for r in rejects] == [
        (5, "missing id"), (6, "unparsable application_date (申请日)"), (7, "wrong column count"),
        (8, "duplicate of line 2")]


def test_types_dates_and_names_from_every_written_form():
    records = {r.number: r for r in read_cnipa_csv(ZH_CSV) if isinstance(r, PatentRecord)}

    utility = records["CN214567890U"]
    assert utility.patent_type == "utility_model"  # no 专利类型 value: from the kind code U
    assert utility.application_number == "CN202121234567.8"  # bare 13 digits gain CN and the check dot
    assert (utility.application_date, utility.grant_date) == ("2021-03-15", "2021-10-12")
    assert [i.name for i in utility.inventors] == ["陈明", "刘洋"]  # ASCII comma between Chinese names
    assert (utility.applicants[0].province, utility.applicants[0].city) == ("江苏省", "苏州市")

    design = records["CN307654321S"]
    assert design.patent_type == "design" and design.application_number == "CN202230123456.X"
    assert [a.name for a in design.applicants] == ["Jiangsu Example Trading Co., Ltd."]


def test_formula_like_cells_stay_text_and_excel_literals_unwrap():
    records = {r.number: r for r in read_cnipa_csv(ZH_CSV) if isinstance(r, PatentRecord)}

    formula = records["CN115000001A"]  # the number was written ="CN115000001A"
    assert formula.title == '=HYPERLINK("http://example.invalid","点击")'
    assert [i.name for i in formula.inventors] == ["@周九", "+吴十"]
    assert formula.abstract == "第一行摘要\n第二行摘要"
    assert formula.patent_type == "invention"  # 发明申请
    # The record after a two-line record starts on physical line 12.
    assert records["CN115000002A"].source.line == 12


def test_rejects_name_file_line_reason_and_raw_row():
    rejects = [r for r in read_cnipa_csv(ZH_CSV) if isinstance(r, Reject)]
    by_line = {r.line: r for r in rejects}

    assert by_line[6].reason == "unparsable application_date (申请日): '2020-13-45'"
    assert by_line[7].reason == "wrong column count: expected 18 fields, got 19"
    assert by_line[8].reason == "duplicate of line 2"
    assert "另一个标题" in by_line[8].raw
    assert all(r.file == str(ZH_CSV) for r in rejects)
    # Line 9 repeats line 3 exactly: dropped without a reject.
    assert 9 not in by_line


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_broken_bytes_reject_only_their_row(tmp_path, encoding):
    data = ZH_CSV.read_text(encoding="utf-8").encode(encoding)
    title = "一种光伏组件清洗装置".encode(encoding)
    broken = data.replace(title, title[:4] + b"\xff" + title[4:], 1)  # only the first copy, line 3
    path = tmp_path / "broken.csv"
    path.write_bytes(broken)

    records, rejects = _split(list(read_cnipa_csv(path)))

    assert rejects[0].line == 3
    assert rejects[0].reason == "broken encoding (U+FFFD) in title (发明名称)"
    assert "CN112345678A" in [r.number for r in records]
    assert records[0].title == "一种基于深度学习的图像识别方法"  # encoding still detected right


def test_english_headers_keep_company_names_with_commas_whole():
    records = list(read_cnipa_csv(FIXTURES / "cnipa_en.csv"))

    battery, bracket = records
    assert battery.number == "CN113456789B" and battery.patent_type == "invention"
    assert [a.name for a in battery.applicants] == [
        "Changzhou Example New Energy Co., Ltd.", "Nanjing Example University of Technology"]
    assert battery.applicants[0].address == "No. 1 Example Road, Changzhou, Jiangsu"
    assert [i.name for i in battery.inventors] == ["WANG Lei", "ZHOU Min"]
    assert battery.ipc == ["H01M10/613", "H01M10/625"] and battery.language == "en"
    assert bracket.patent_type == "utility_model"
    assert [a.name for a in bracket.applicants] == ["Example Solar Co., Ltd., Wuxi Branch"]


def test_tab_separated_export_with_a_preamble_line(tmp_path):
    path = tmp_path / "export.txt"
    path.write_text("检索式：申请人=南京\n申请号\t公开号\t名称\t申请人\n"
                    "202310000001.2\tCN116000001A\t一种电池\t南京示例公司；苏州示例公司\n", encoding="utf-8")

    (record,) = read_cnipa_csv(path)

    assert record.number == "CN116000001A" and record.source.line == 3
    assert [a.name for a in record.applicants] == ["南京示例公司", "苏州示例公司"]


def test_a_file_that_is_not_an_export_raises_one_clear_error(tmp_path):
    with pytest.raises(NotAPatentExport, match=r"not_a_patent\.csv.*申请号.*Title"):
        list(read_cnipa_csv(FIXTURES / "not_a_patent.csv"))
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(NotAPatentExport, match="garbage.csv"):
        list(read_cnipa_csv(garbage))


def test_encoding_sniff_survives_one_broken_byte_and_spots_gbk():
    text = "申请号,发明名称\n" + "202010123456.7,一种方法\n" * 50
    assert sniff_encoding(text.encode("utf-8")) == "utf-8"
    assert sniff_encoding(b"\xef\xbb\xbf" + text.encode("utf-8")) == "utf-8-sig"
    assert sniff_encoding(text.encode("utf-8") + b"\xff") == "utf-8"
    assert sniff_encoding(text.encode("gb18030")) == "gb18030"


def test_province_field_pieces():
    assert split_province_field("江苏;32") == ("江苏", None, "CN")
    assert split_province_field("江苏省南京市") == ("江苏省", "南京市", None)
    assert split_province_field("日本;JP") == (None, None, "JP")
    assert split_province_field(None) == (None, None, None)


def test_xlsx_cells_of_every_type_and_formulas_never_evaluated(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["专利检索导出结果"])  # a title row above the header, as exports have
    sheet.append(["申请号", "申请日", "公开（公告）号", "公开（公告）日", "发明名称", "申请人", "发明人",
                  "IPC分类号", "专利类型", "权利要求数"])
    sheet.append([2020101234567, datetime(2020, 3, 1), "CN112345678A", 44075, "一种方法", "南京示例公司",
                  "张伟\n李娜", "G06N 3/08", "发明专利", 10])
    sheet.append(["202110000002.1", "2021/1/2", "CN113000002U", "20210601", "=1+1", "苏州示例公司", "王强",
                  "", "", None])
    sheet.append(["202110000003.1", "not a date", "CN113000003A", None, "坏日期", "无锡示例公司", "赵六",
                  "", "", None])
    path = tmp_path / "export.xlsx"
    book.save(path)

    records, rejects = _split(list(read_cnipa_xlsx(path)))

    first, second = records
    assert first.application_number == "CN202010123456.7"
    assert (first.application_date, first.publication_date) == ("2020-03-01", "2020-09-01")
    assert [i.name for i in first.inventors] == ["张伟", "李娜"]
    assert first.ipc == ["G06N3/08"] and first.claims_count == 10 and first.patent_type == "invention"
    assert first.source == type(first.source)(str(path), 3, "cnipa-xlsx")
    assert second.title == "=1+1"  # kept as formula text, not 2
    assert (second.application_date, second.publication_date) == ("2021-01-02", "2021-06-01")
    assert second.patent_type == "utility_model"
    assert [(r.line, r.reason) for r in rejects] == [(5, "unparsable application_date (申请日): 'not a date'")]


def test_xlsx_that_is_not_a_workbook_raises(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(NotAPatentExport, match="fake.xlsx"):
        list(read_cnipa_xlsx(path))


def _write_big_export(path: Path, rows: int, abstract: str = "一种示例摘要。") -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["申请号", "申请日", "公开（公告）号", "公开（公告）日", "发明名称", "摘要", "申请（专利权）人",
                         "发明（设计）人", "主分类号", "分类号", "国省代码", "专利类型"])
        for i in range(rows):
            writer.writerow([f"2020{i:08d}.1", "2020-01-02", f"CN{100000000 + i}A", "2020.06.30",
                             f"一种装置{i}", abstract, "南京示例有限公司;东南大学", "张伟;李娜", "G06N3/08",
                             "G06N3/08;G06F16/00", "江苏;32", "发明"])


def test_reading_streams_row_by_row(tmp_path):
    path = tmp_path / "big.csv"
    _write_big_export(path, 20_000, abstract="很长的摘要" * 200)  # about 60 MB
    tracemalloc.start()
    try:
        records = read_cnipa_csv(path)
        assert isinstance(records, types.GeneratorType)
        first = next(records)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert first.number == "CN100000000A"
    assert peak < path.stat().st_size / 10


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("INNOGRAPH_SLOW") != "1", reason="speed measurement; set INNOGRAPH_SLOW=1")
def test_reading_speed_of_a_100k_row_export(tmp_path, capsys):
    path = tmp_path / "100k.csv"
    _write_big_export(path, 100_000)
    started = time.perf_counter()
    count = sum(1 for r in read_cnipa_csv(path) if isinstance(r, PatentRecord))
    elapsed = time.perf_counter() - started
    with capsys.disabled():
        print(f"\ncnipa-csv: {count} rows in {elapsed:.2f} s = {count / elapsed:,.0f} rows/s")
    assert count == 100_000
