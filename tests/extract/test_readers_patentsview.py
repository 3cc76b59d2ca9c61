"""PatentsView readers: the shared inventor-mention file and bulk g_*.tsv tables."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from extract.patents.patentsview import read_mentions
from extract.patents.patentsview_tables import find_tables, ipc_from_parts, read_tables
from extract.records import NotAPatentExport, PatentRecord, Reject

ROOT = Path(__file__).resolve().parents[2]
MENTIONS = ROOT / ".." / "shared" / "data" / "patentsview-jiangsu" / "mentions.jsonl"
TABLES = ROOT / "tests" / "fixtures" / "patents" / "patentsview_tables"


@pytest.fixture(scope="module")
def mention_records() -> dict[str, PatentRecord]:
    if not MENTIONS.exists():
        pytest.skip(f"shared PatentsView mentions not found at {MENTIONS.resolve()}")
    items = list(read_mentions(MENTIONS))
    assert not [r for r in items if isinstance(r, Reject)]
    return {r.number: r for r in items}


def test_mentions_group_into_one_record_per_patent(mention_records):
    # README: 1,128 inventor mentions of 1,070 US patents.
    assert len(mention_records) == 1070
    types = Counter(r.patent_type for r in mention_records.values())
    assert types == {"invention": 1002, "design": 67, None: 1}  # the one reissue has no canonical type
    assert "USD692840" in mention_records and "USRE48778" in mention_records


def test_a_patent_with_four_mentions_keeps_every_inventor_and_place(mention_records):
    record = mention_records["US9921159"]

    assert record.publication_number == "US9921159B2"
    assert (record.application_date, record.grant_date) == ("2016-10-21", "2018-03-20")
    assert record.claims_count == 10 and record.office == "US" and record.language == "en"
    assert len(record.inventors) == 15
    assert [i.sequence for i in record.inventors] == list(range(1, 16))
    places = {i.name: (i.city, i.country) for i in record.inventors if i.city}
    assert places == {"Weixin Li": ("Nanjing", "CN"), "Wenlin Wang": ("Nanjing", "CN"),
                      "Wenjing Li": ("Nanjing", "CN"), "Xiaohan Li": ("Beijing", "CN")}
    assert [a.name for a in record.applicants] == [
        "Nanjing Institute of Enviormental Sciences, Ministry of Environmental Protection, P.R.C.",
        "Chongqing University of Arts and Sciences"]
    assert record.cpc[:3] == ["G01N21/645", "G01N21/643", "G01N33/1886"]  # cpc_sequence order
    assert record.agency == "Hauptman Ham, LLP"


def test_individual_assignees_and_design_numbers(mention_records):
    design = mention_records["USD692840"]
    assert design.patent_type == "design" and design.publication_number == "USD692840S1"
    assert [a.name for a in design.applicants] == ["Siemens Aktiengesellschaft"]
    assert [i.name for i in design.inventors] == ["Jin Jin Liu", "Hai Jun Wang", "Yu Hao Zhu"]
    assert design.cpc == []
    individuals = [r for r in mention_records.values() if any(a.name == "Chengli Li" for a in r.applicants)]
    assert individuals


def test_bad_mention_lines_are_rejects(tmp_path):
    path = tmp_path / "mentions.jsonl"
    good = {"mention_id": "US1-0", "patent_id": "1", "inventor_sequence": "0", "raw_inventor_name_first": "A",
            "raw_inventor_name_last": "B", "patent_date": "2001-01-02", "patent_type": "utility"}
    path.write_text("\n".join([json.dumps(good), "{broken", json.dumps({"mention_id": "x"}),
                               json.dumps({**good, "patent_id": "2", "patent_date": "2001-02-30"})]) + "\n")

    items = list(read_mentions(path))

    rejects = [(r.line, r.reason) for r in items if isinstance(r, Reject)]
    assert rejects[0][0] == 2 and rejects[0][1].startswith("not JSON")
    assert rejects[1] == (3, "missing id: no patent_id")
    assert rejects[2] == (4, "unparsable patent_date: '2001-02-30'")
    assert [r.number for r in items if isinstance(r, PatentRecord)] == ["US1"]


def test_bulk_tables_join_on_patent_id():
    items = list(read_tables(TABLES))
    records = {r.number: r for r in items if isinstance(r, PatentRecord)}

    pad = records["US10000001"]
    assert pad.publication_number == "US10000001B2"
    assert pad.title == "Wireless charging pad with coil array"
    assert pad.abstract == "A pad holds an array of coils that charge a device placed on it."
    assert (pad.application_number, pad.application_date) == ("US15123456", "2016-11-02")
    assert pad.grant_date == "2018-06-19" and pad.claims_count == 12 and pad.patent_type == "invention"
    assert pad.ipc == ["H02J7/02", "H02J50/10"] and pad.main_ipc == "H02J7/02"
    assert pad.cpc == ["H02J7/025", "H02J50/10"]
    assert [(i.name, i.city, i.sequence) for i in pad.inventors] == [("Jun Chen", "Suzhou", 1),
                                                                    ("Mei Zhang", "Nanjing", 2)]
    assert [(a.name, a.city, a.country) for a in pad.applicants] == [
        ("Suzhou Example Electronics Co., Ltd.", "Suzhou", "CN")]
    assert pad.source.line == 2 and pad.source.file.endswith("g_patent.tsv")

    stand = records["USD900001"]
    assert stand.patent_type == "design" and [a.name for a in stand.applicants] == ["Anna Berg"]
    assert [(r.line, r.reason) for r in items if isinstance(r, Reject)] == [
        (4, "missing id: no patent_id"), (5, "unparsable patent_date: '2018-02-30'")]


def test_tables_from_the_patent_file_zips_and_a_patent_filter(tmp_path):
    for table in TABLES.iterdir():
        with zipfile.ZipFile(tmp_path / f"{table.name}.zip", "w") as archive:
            archive.write(table, table.name)

    from_zips = [r.number for r in read_tables(tmp_path) if isinstance(r, PatentRecord)]
    from_file = [r.number for r in read_tables(TABLES / "g_patent.tsv") if isinstance(r, PatentRecord)]
    filtered = list(read_tables(TABLES, patent_ids={"D900001"}))

    assert from_zips == from_file == ["US10000001", "USD900001"]
    assert [r.number for r in filtered if isinstance(r, PatentRecord)] == ["USD900001"]


def test_a_directory_without_g_patent_is_not_an_export(tmp_path):
    shutil.copy(TABLES / "g_cpc_current.tsv", tmp_path)
    with pytest.raises(NotAPatentExport, match="g_patent.tsv"):
        find_tables(tmp_path)


def test_ipc_from_split_parts():
    assert ipc_from_parts("H", "01", "L", "21", "04") == "H01L21/04"
    assert ipc_from_parts("H", "H01", "H01L", "21", "04") == "H01L21/04"
    assert ipc_from_parts("G", "06", "N", "", "") == "G06N"
