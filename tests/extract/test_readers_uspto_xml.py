"""USPTO grant XML reader: the two shared grants, concatenated bulk files, broken and hostile documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.patents.uspto_xml import read_uspto_xml
from extract.records import PatentRecord, Reject

XML_DIR = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "uspto-xml"
CSMC = XML_DIR / "US08927386-20150106.XML"
CLOTHING = XML_DIR / "US08613112-20131224.XML"


@pytest.fixture(scope="module")
def shared_xml() -> None:
    if not CSMC.exists() or not CLOTHING.exists():
        pytest.skip(f"shared USPTO XML not found in {XML_DIR.resolve()}")


def test_v45_grant_of_a_wuxi_company(shared_xml):
    (record,) = read_uspto_xml(CSMC)

    assert record.number == "US8927386B2" and record.publication_number == "US8927386B2"
    assert (record.application_number, record.application_date) == ("US13878453", "2012-05-31")
    assert record.grant_date == record.publication_date == "2015-01-06"
    assert record.title == "Method for manufacturing deep-trench super PN junctions"
    assert record.abstract.startswith("The present invention provides a method for manufacturing")
    assert record.patent_type == "invention" and record.claims_count == 19
    assert record.ipc == ["H01L21/04", "H01L21/761", "H01L29/66", "H01L29/06", "H01L21/3065"]
    assert record.main_ipc == "H01L21/04"
    assert record.cpc == ["H01L29/66136", "H01L29/0619", "H01L21/3065"]
    assert record.cited_numbers == ["US5923073A", "US8159039B2", "US20070072398A1", "US20110306189A1",
                                    "US20130149822A1"]
    assert [(a.name, a.city, a.country) for a in record.applicants] == [
        ("CSMC Technologies FAB1 Co., Ltd.", "Wuxi", "CN"), ("CSMC Technologies FAB2 Co., Ltd.", "Wuxi", "CN")]
    assert [i.name for i in record.inventors] == ["Tzong Shiann Wu", "Genyi Wang", "Leibing Yuan", "Pengpeng Wu"]
    assert {i.city for i in record.inventors} == {"Wuxi"}
    assert record.agency == "Anova Law Group, PLLC"
    assert (record.source.line, record.source.format) == (1, "uspto-xml")


def test_v44_grant_with_markup_in_the_abstract_and_foreign_citations(shared_xml):
    (record,) = read_uspto_xml(CLOTHING)

    assert record.number == "US8613112B2" and record.ipc == ["A41D1/04", "A41D27/20"]
    assert "garment (11)" in record.abstract  # <b>11</b> flattened to text
    assert record.cpc == []
    assert "JP2003013317A" in record.cited_numbers and "WO2008133856A" in record.cited_numbers
    assert [i.name for i in record.inventors] == ["Massimiliano Santucci", "Domenico Santucci"]
    assert [(a.name, a.country) for a in record.applicants] == [("Massimiliano Santuccio", "IT")]


def test_a_weekly_file_of_concatenated_documents(shared_xml, tmp_path):
    first = CSMC.read_bytes()
    second = CLOTHING.read_bytes()
    broken = b'<?xml version="1.0" encoding="UTF-8"?>\n<us-patent-grant><us-bibliographic-data-grant>\n'
    other = b'<?xml version="1.0" encoding="UTF-8"?>\n<sequence-cwu id="x"/>\n'
    weekly = tmp_path / "ipg150106.xml"
    weekly.write_bytes(first + second + broken + other)

    items = list(read_uspto_xml(weekly))

    assert [r.number for r in items if isinstance(r, PatentRecord)] == ["US8927386B2", "US8613112B2"]
    second_line = first.count(b"\n") + 1
    assert [r.source.line for r in items if isinstance(r, PatentRecord)] == [1, second_line]
    rejects = [r for r in items if isinstance(r, Reject)]
    assert rejects[0].line == second_line + second.count(b"\n")
    assert rejects[0].reason.startswith("malformed XML")
    assert rejects[1].reason == "not a us-patent-grant document (root <sequence-cwu>)"


def test_external_entities_are_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    hostile = tmp_path / "hostile.xml"
    hostile.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE us-patent-grant [ <!ENTITY xxe SYSTEM "file://{secret}"> ]>
<us-patent-grant lang="EN"><us-bibliographic-data-grant>
<publication-reference><document-id><country>US</country><doc-number>09000001</doc-number><kind>B1</kind>
<date>20150407</date></document-id></publication-reference>
<invention-title>Title &xxe; end</invention-title>
</us-bibliographic-data-grant></us-patent-grant>
""")

    (record,) = read_uspto_xml(hostile)

    assert record.number == "US9000001B1" and record.grant_date == "2015-04-07"
    assert "TOP-SECRET" not in (record.title or "")


def test_a_grant_without_a_number_is_a_reject(tmp_path):
    path = tmp_path / "nonumber.xml"
    path.write_text('<?xml version="1.0"?>\n<us-patent-grant><us-bibliographic-data-grant>'
                    "<invention-title>x</invention-title></us-bibliographic-data-grant></us-patent-grant>\n")
    (reject,) = read_uspto_xml(path)
    assert isinstance(reject, Reject)
    assert (reject.line, reject.reason) == (1, "missing id: no publication-reference doc-number")
