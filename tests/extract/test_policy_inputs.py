"""Input handling: encodings, HTML, PDF, Markdown, clear errors, and batch extraction."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from extract.policy import (
    BinaryDocumentError,
    DocumentTooLargeError,
    EmptyDocumentError,
    NoMeasuresError,
    PolicyExtractionError,
    UnknownLanguageError,
    extract_policies,
    extract_policy,
)

PLAN_ZH = "关于推进专利转化的若干措施\n一、主要任务\n(一)支持企业建设专利运营平台,开展专利质押融资。\n(二)鼓励高校设立技术转移中心。\n"
PLAN_EN = "Measures for Patent Services\n\n- Support SMEs in using patent insurance.\n- Establish a regional patent alliance.\n"


def test_gb18030_and_bom_decode_to_the_same_measures(tmp_path: Path) -> None:
    utf8 = tmp_path / "a.txt"
    gb = tmp_path / "b.txt"
    bom = tmp_path / "c.txt"
    utf8.write_bytes(PLAN_ZH.encode("utf-8"))
    gb.write_bytes(PLAN_ZH.encode("gb18030"))
    bom.write_bytes(codecs.BOM_UTF8 + PLAN_ZH.encode("utf-8"))
    texts = [[m.text for m in extract_policy(p).measures] for p in (utf8, gb, bom)]
    assert texts[0] == texts[1] == texts[2] and len(texts[0]) == 2
    assert extract_policy(gb).document_id != extract_policy(utf8).document_id  # sha256 of the bytes


def test_html_strips_scripts_navigation_and_share_widgets(tmp_path: Path) -> None:
    page = tmp_path / "plan.html"
    page.write_text(
        "<html><head><title>Plan</title><script>var support = 'Support everything';</script></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/news'>News</a> | <a href='/print'>Print</a></nav>"
        "<div class='share-bar'>Share: WeChat Weibo</div>"
        "<article><h1>Riverside Measures for Patent Services</h1><ul>"
        "<li>Support SMEs in using patent insurance.</li><li>Establish a regional patent alliance.</li>"
        "<li>Encourage banks to offer pledge financing.</li></ul></article>"
        "<footer>Copyright Riverside Government. All rights reserved.</footer></body></html>",
        encoding="utf-8",
    )
    doc = extract_policy(page)
    assert doc.format == "html"
    assert len(doc.measures) == 3
    assert "var support" not in doc.text and "WeChat" not in doc.text and "All rights" not in doc.text
    assert doc.measures[2].instruments == ["pledge_financing"] and doc.measures[2].actors == ["financial_institutions"]


def _minimal_pdf(lines: list[str]) -> bytes:
    stream = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_pdf_with_a_text_layer(tmp_path: Path) -> None:
    pytest.importorskip("pypdf")
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(_minimal_pdf(["Measures for Patent Services", "- Support SMEs in using patent insurance.",
                                  "- Establish a regional patent alliance.", "- Encourage banks to offer pledge financing."]))
    doc = extract_policy(pdf)
    assert doc.format == "pdf" and len(doc.measures) == 3


def test_errors_name_the_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    prose = tmp_path / "prose.txt"
    prose.write_text("The weather in the province was mild this spring.\nMany people visited the parks.\n", encoding="utf-8")
    with pytest.raises(EmptyDocumentError, match="empty.txt"):
        extract_policy(empty)
    with pytest.raises(BinaryDocumentError, match="image.txt"):
        extract_policy(binary)
    with pytest.raises(NoMeasuresError, match="prose.txt"):
        extract_policy(prose)


def test_batch_continues_past_bad_files(tmp_path: Path) -> None:
    (tmp_path / "1-good.txt").write_text(PLAN_ZH, encoding="utf-8")
    (tmp_path / "2-empty.txt").write_bytes(b"")
    (tmp_path / "3-good.md").write_text(PLAN_EN, encoding="utf-8")
    (tmp_path / "4-binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    result = extract_policies(tmp_path)
    assert [Path(x.source).name for x in result.extractions] == ["1-good.txt", "3-good.md"]
    assert {Path(f.path).name: f.error for f in result.failures} == {
        "2-empty.txt": "EmptyDocumentError",
        "4-binary.txt": "BinaryDocumentError",
    }


def test_text_input_and_base_error_type() -> None:
    doc = extract_policy(PLAN_EN, source="inline")
    assert doc.source == "inline" and len(doc.measures) == 2
    with pytest.raises(PolicyExtractionError):
        extract_policy("nothing to see here", source="inline")


FRENCH = ("Le plan provincial soutient les entreprises innovantes. Les universités et les laboratoires "
          "développeront des brevets de haute valeur et des centres de transfert de technologie d'ici 2027.\n")
RUSSIAN = "Провинция поддержит инновационные предприятия и создаст центры передачи технологий к 2027 году.\n"
JAPANESE = "省は革新的な企業を支援し、2027年までに技術移転センターを設立する。大学と企業の連携を強化する。\n"


@pytest.mark.parametrize("text, script", [(FRENCH, "Latin letters but not English"), (RUSSIAN, "Cyrillic"),
                                          (JAPANESE, "Japanese")])
def test_unknown_language_is_one_clear_error(tmp_path: Path, text: str, script: str) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(text * 3, encoding="utf-8")
    with pytest.raises(UnknownLanguageError, match="plan.txt") as refused:
        extract_policy(path)
    assert script in refused.value.reason and "supported: English" in refused.value.reason


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "crawl-dump.txt"
    with big.open("wb") as handle:
        handle.write((PLAN_ZH * 10).encode("utf-8"))
        handle.truncate(50 * 1024 * 1024)  # 50 MB (sparse): the size alone refuses it
    with pytest.raises(DocumentTooLargeError, match="crawl-dump.txt") as refused:
        extract_policy(big)
    assert "52.4 MB" in refused.value.reason


def test_bad_files_beside_good_ones_each_give_one_reason(tmp_path: Path) -> None:
    (tmp_path / "1-plan.txt").write_text(PLAN_ZH, encoding="utf-8")
    (tmp_path / "2-empty.txt").write_bytes(b"")
    (tmp_path / "3-image.txt").write_bytes(bytes(range(256)) * 16)
    (tmp_path / "4-french.txt").write_text(FRENCH * 3, encoding="utf-8")
    big = tmp_path / "5-huge.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    (tmp_path / "6-plan.md").write_text(PLAN_EN, encoding="utf-8")
    result = extract_policies(tmp_path)
    assert [Path(x.source).name for x in result.extractions] == ["1-plan.txt", "6-plan.md"]
    assert {Path(f.path).name: f.error for f in result.failures} == {
        "2-empty.txt": "EmptyDocumentError", "3-image.txt": "BinaryDocumentError",
        "4-french.txt": "UnknownLanguageError", "5-huge.txt": "DocumentTooLargeError",
    }
    assert all(f.reason and "\n" not in f.reason for f in result.failures)
