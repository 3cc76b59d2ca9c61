"""Patent readers: every supported export becomes a stream of `PatentRecord | Reject`."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

from extract.records import NotAPatentExport, PatentRecord, Reject

FORMATS = ("cnipa-csv", "cnipa-xlsx", "patentsview-mentions", "patentsview-tables", "uspto-xml",
           "canonical-jsonl")
_SNIFF_BYTES = 64 * 1024


def detect_format(path: str | Path) -> str:
    """The reader format of a file or directory, by its content; NotAPatentExport when none fits."""
    from extract.patents.cnipa import looks_like_cnipa_text

    path = Path(path)
    if path.is_dir():
        names = {p.name.lower() for p in path.iterdir()}
        if "g_patent.tsv" in names or "g_patent.tsv.zip" in names:
            return "patentsview-tables"
        raise _unknown(path, "a directory without g_patent.tsv")
    if not path.is_file():
        raise NotAPatentExport(f"{path}: no such file")
    name = path.name.lower()
    if name.startswith("g_patent.tsv"):
        return "patentsview-tables"
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(path)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _unknown(path, "a legacy binary .xls workbook; save it as .xlsx or CSV")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<"):
        if b"us-patent-grant" in head:
            return "uspto-xml"
        raise _unknown(path, "XML that is not a USPTO us-patent-grant document")
    if text.startswith(b"{"):
        return _jsonl_format(path, text)
    first_line = text.split(b"\n", 1)[0]
    if b"patent_id" in first_line and b"patent_date" in first_line and b"\t" in first_line:
        return "patentsview-tables"
    if looks_like_cnipa_text(path):
        return "cnipa-csv"
    raise _unknown(path, "no recognisable patent header")


def read_patents(path: str | Path, format: str | None = None) -> Iterator[PatentRecord | Reject]:
    """Records and rejects of any supported export; the format is detected when not given."""
    fmt = format or detect_format(path)
    if fmt == "cnipa-csv":
        from extract.patents.cnipa import read_cnipa_csv as reader
    elif fmt == "cnipa-xlsx":
        from extract.patents.cnipa import read_cnipa_xlsx as reader
    elif fmt == "patentsview-mentions":
        from extract.patents.patentsview import read_mentions as reader
    elif fmt == "patentsview-tables":
        from extract.patents.patentsview_tables import read_tables as reader
    elif fmt == "uspto-xml":
        from extract.patents.uspto_xml import read_uspto_xml as reader
    elif fmt == "canonical-jsonl":
        from extract.patents.canonical import read_canonical as reader
    else:
        raise _unknown(Path(path), f"unknown format {fmt!r}")
    return reader(path)


def _zip_format(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n.lower() for n in archive.namelist()]
    except zipfile.BadZipFile:
        raise _unknown(path, "a damaged ZIP archive") from None
    if "xl/workbook.xml" in names:
        return "cnipa-xlsx"
    if any(n.endswith("g_patent.tsv") for n in names):
        return "patentsview-tables"
    raise _unknown(path, "a ZIP archive that is neither an XLSX workbook nor g_patent.tsv.zip")


def _jsonl_format(path: Path, text: bytes) -> str:
    line = text.split(b"\n", 1)[0]
    if b"\n" not in text and path.stat().st_size > _SNIFF_BYTES:
        # the first record is longer than the sniffed bytes (a long abstract): read that whole line
        with path.open("rb") as handle:
            line = next((raw for raw in handle if raw.strip(b"\xef\xbb\xbf \t\r\n")), b"").lstrip(b"\xef\xbb\xbf")
    try:
        first = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise _unknown(path, "a first line that is not JSON") from None
    if isinstance(first, dict) and "mention_id" in first and "patent_id" in first:
        return "patentsview-mentions"
    if isinstance(first, dict) and "number" in first and "source" in first:
        return "canonical-jsonl"
    raise _unknown(path, "JSON Lines that are neither canonical records nor PatentsView inventor mentions")


def _unknown(path: Path, what: str) -> NotAPatentExport:
    return NotAPatentExport(f"{path}: not a patent export ({what}); supported formats: {', '.join(FORMATS)}")
