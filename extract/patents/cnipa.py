"""CNIPA-style patent exports (CSV and XLSX, Chinese or English headers) as PatentRecords, streamed.

Rows are read one at a time: a CSV is decoded incrementally and an XLSX is opened with openpyxl's
read-only mode, so memory does not grow with the file except for duplicate detection, which keeps
two integers per distinct number (about 100 bytes a row; ~100 MB for a 1M-row export).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from extract.ipc import normalize_ipc, split_ipc_field
from extract.patents.fields import (
    clean_text,
    language_of,
    normalize_application_number,
    normalize_number,
    office_of,
    parse_count,
    parse_date,
    patent_type_from_cn_number,
    patent_type_from_text,
    split_names,
    split_numbers,
)
from extract.patents.headers import is_patent_header, map_headers
from extract.records import InventorMention, NotAPatentExport, Party, PatentRecord, Reject, SourceRef
from extract.tabular import (
    csv_rows,
    decode_sample,
    first_sheet,
    open_text,
    read_sample,
    sniff_encoding,
    tolerant_rows,
)

CSV_FORMAT = "cnipa-csv"
XLSX_FORMAT = "cnipa-xlsx"
HEADER_SEARCH_ROWS = 10
SNIFF_BYTES = 256 * 1024
_DELIMITERS = (",", "\t", ";")
# `="CN1234"` is how exports stop Excel from reformatting numbers: a quoted literal, not a formula.
_EXCEL_TEXT_LITERAL = re.compile(r'^="(.*)"$', re.S)
_DATE_FIELDS = ("application_date", "publication_date", "grant_date")
_EXPECTED = ("an id column (申请号 / 公开(公告)号 / Application Number / Publication Number) "
             "and a title column (发明名称 / 名称 / Title)")

Row = Sequence[object]


def read_cnipa_csv(path: str | Path) -> Iterator[PatentRecord | Reject]:
    """Records and rejects of a CNIPA-style CSV/TSV export, one row at a time."""
    path = Path(path)
    encoding, delimiter = _sniff_csv(path)
    with open_text(path, encoding) as handle:
        yield from _records(csv_rows(handle, delimiter), path, CSV_FORMAT, strict_width=True)


def read_cnipa_xlsx(path: str | Path) -> Iterator[PatentRecord | Reject]:
    """Records and rejects of a CNIPA-style XLSX export (first sheet with a patent header), streamed."""
    path = Path(path)
    # data_only=False: formula cells come back as their formula text and are never evaluated.
    yield from first_sheet(path, lambda rows: _records(rows, path, XLSX_FORMAT, strict_width=False),
                           data_only=False, unreadable=f"; expected a CNIPA-style export with {_EXPECTED}",
                           no_header=f"no sheet has a header row with {_EXPECTED}")


def looks_like_cnipa_text(path: Path) -> bool:
    """Whether a text file has a CNIPA-style header row (used by format detection)."""
    try:
        _sniff_csv(path)
    except NotAPatentExport:
        return False
    return True


def _sniff_csv(path: Path) -> tuple[str, str]:
    """Encoding and delimiter of a CSV export, or NotAPatentExport when no header is recognisable."""
    sample = read_sample(path, SNIFF_BYTES)
    if b"\x00" in sample:
        raise NotAPatentExport(f"{path}: binary content (NUL bytes), not a text export; expected a CSV with "
                               f"{_EXPECTED}")
    encoding = sniff_encoding(sample)
    text = decode_sample(sample, encoding)
    best: tuple[int, str] | None = None
    for delimiter in _DELIMITERS:
        for row in tolerant_rows(text, delimiter, HEADER_SEARCH_ROWS):
            mapping = map_headers(row)
            if is_patent_header(mapping) and (best is None or len(mapping) > best[0]):
                best = (len(mapping), delimiter)
    if best is None:
        raise NotAPatentExport(f"{path}: not a patent export; expected a header row with {_EXPECTED} "
                               f"in the first {HEADER_SEARCH_ROWS} rows")
    return encoding, best[1]


def _records(rows: Iterable[tuple[int, list[object] | str]], path: Path, fmt: str,
             strict_width: bool) -> Iterator[PatentRecord | Reject]:
    """Find the header row, then turn every later row into a record or a reject."""
    iterator = iter(rows)
    headers: list[object] | None = None
    mapping: dict[str, int] = {}
    for line, row in iterator:
        mapping = map_headers(row) if not isinstance(row, str) else {}
        if not isinstance(row, str) and is_patent_header(mapping):
            headers = row
            break
        if line >= HEADER_SEARCH_ROWS:
            break
    if headers is None:
        raise NotAPatentExport(f"{path}: not a patent export; expected a header row with {_EXPECTED} "
                               f"in the first {HEADER_SEARCH_ROWS} rows")
    width = len(headers)
    seen: dict[str, tuple[int, int]] = {}
    file = str(path)
    for line, row in iterator:
        if isinstance(row, str):
            yield Reject(file, line, row, "")
            continue
        if not any(clean_text(c) for c in row):
            continue
        raw = _raw_text(row)
        if strict_width and len(row) != width:
            yield Reject(file, line, f"wrong column count: expected {width} fields, got {len(row)}", raw)
            continue
        result = _record_from_row(row, mapping, headers, SourceRef(file, line, fmt))
        if isinstance(result, str):
            yield Reject(file, line, result, raw)
            continue
        content = hash(tuple(row))
        first = seen.get(result.number)
        if first is not None:
            if first[1] != content:
                yield Reject(file, line, f"duplicate of line {first[0]}", raw)
            # An identical repeat of an earlier row adds nothing and is dropped.
            continue
        seen[result.number] = (line, content)
        yield result


def _raw_text(row: Sequence[object]) -> str:
    return "\t".join("" if c is None else str(c) for c in row)


def _cell_text(value: object) -> str | None:
    """A cell as text: integral floats lose their `.0`, Excel text literals lose their `="..."` wrapper."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = value.strip() if isinstance(value, str) else str(value).strip()
    if text.startswith('="') and (m := _EXCEL_TEXT_LITERAL.match(text)):
        text = m.group(1).strip()
    return text or None


def _record_from_row(row: Sequence[object], mapping: dict[str, int], headers: Sequence[object],
                     source: SourceRef) -> PatentRecord | str:
    """The record for one data row, or the reason it cannot be one."""

    def cell(field: str) -> object:
        index = mapping.get(field)
        return row[index] if index is not None and index < len(row) else None

    def text(field: str) -> str | None:
        return _cell_text(cell(field))

    for field, index in mapping.items():
        value = row[index] if index < len(row) else None
        if isinstance(value, str) and "\ufffd" in value:
            return f"broken encoding (U+FFFD) in {field} ({headers[index]})"

    dates: dict[str, str | None] = {}
    for field in _DATE_FIELDS:
        value = cell(field)
        if isinstance(value, str):
            value = _cell_text(value)
        try:
            dates[field] = parse_date(value)
        except ValueError:
            return f"unparsable {field} ({headers[mapping[field]]}): {value!r}"

    publication = normalize_number(text("publication_number")) or normalize_number(text("grant_number"))
    application = normalize_application_number(text("application_number"))
    number = publication or application
    if not number:
        return "missing id: no publication, grant or application number"

    title, abstract = text("title"), text("abstract")
    ipc = split_ipc_field(text("ipc"))
    main_ipc = normalize_ipc(text("main_ipc")) or (ipc[0] if ipc else None)
    if main_ipc and main_ipc not in ipc:
        ipc.insert(0, main_ipc)
    return PatentRecord(
        number=number,
        source=source,
        office=office_of(number) or office_of(application) or "CN",
        application_number=application,
        application_date=dates["application_date"],
        publication_number=publication,
        publication_date=dates["publication_date"],
        grant_date=dates["grant_date"],
        title=title,
        abstract=abstract,
        patent_type=patent_type_from_text(text("patent_type")) or patent_type_from_cn_number(publication),
        legal_status=text("legal_status"),
        ipc=ipc,
        main_ipc=main_ipc,
        cpc=split_ipc_field(text("cpc")),
        claims_count=parse_count(cell("claims_count")),
        cited_numbers=split_numbers(text("cited_numbers")),
        agency=text("agency"),
        language=language_of(title, abstract),
        applicants=_applicants(text("applicants"), text("address"), text("province_city"), text("city"),
                               text("country")),
        inventors=[InventorMention(name=n, sequence=i) for i, n in enumerate(split_names(text("inventors")), 1)],
    )


def _applicants(names: str | None, address: str | None, province_city: str | None, city: str | None,
                country: str | None) -> list[Party]:
    """Applicants in filing order; the export's address and region columns describe the first one."""
    parties = [Party(name=n, sequence=i) for i, n in enumerate(split_names(names), 1)]
    if not parties:
        return parties
    province, region_city, region_country = split_province_field(province_city)
    first = parties[0]
    first.address = address
    first.province = province
    first.city = city or region_city
    first.country = country or region_country
    return parties


_CODE = re.compile(r"^(?:\d{2,6}|[A-Z]{2})$")
_PROVINCE_END = re.compile(r"^(.+?(?:省|自治区))(.*)$")


def split_province_field(raw: str | None) -> tuple[str | None, str | None, str | None]:
    """(province, city, country) pieces of a 国省代码 / 申请人省市 cell, as written; no lookup is done.

    `江苏;32` -> (江苏, None, CN); `江苏省南京市` -> (江苏省, 南京市, None); `日本;JP` -> (None, None, JP).
    """
    if not raw:
        return None, None, None
    pieces = [p for p in re.split(r"[;；,，\s]+", raw.strip()) if p]
    codes = [p for p in pieces if _CODE.match(p)]
    names = [p for p in pieces if not _CODE.match(p)]
    country = None
    if codes:
        country = "CN" if codes[0].isdigit() else codes[0]
    if country not in (None, "CN"):
        return None, None, country
    if not names:
        return None, None, country
    name = names[0]
    if m := _PROVINCE_END.match(name):
        return m.group(1), (m.group(2) or None), country
    return name, (names[1] if len(names) > 1 else None), country
