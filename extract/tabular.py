"""The one tabular layer under every reader: CSV/TSV with encoding detection, and XLSX workbooks.

Readers (patent exports, transaction tables, PatentsView tables, consortium declarations) get rows
as `(first physical line, cells)` or `(line, reason)` for a record csv cannot parse, so a broken row
becomes that reader's Reject while the rest of the file still loads.
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from extract.records import NotAPatentExport

T = TypeVar("T")
Rows = Iterable[tuple[int, list[object] | str]]


def raise_field_limit() -> None:
    # Abstracts, claims and long party lists exceed csv's 128 KiB default field limit.
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def sniff_encoding(sample: bytes) -> str:
    """`utf-8-sig`, `utf-8` or `gb18030` for the start of a text file; a few broken bytes do not flip it."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    decoded = codecs.getincrementaldecoder("utf-8")(errors="replace").decode(sample, final=False)
    broken = decoded.count("\ufffd")
    if broken == 0:
        return "utf-8"
    wide = sum(1 for ch in decoded if ord(ch) > 0x7F) - broken
    # GBK text read as UTF-8 breaks on nearly every Chinese character; UTF-8 with one bad row does not.
    if wide >= 4 * broken:
        return "utf-8"
    return "gb18030"


def read_sample(path: Path, size: int) -> bytes:
    """The first `size` bytes of a file (for encoding, delimiter and format detection)."""
    with path.open("rb") as handle:
        return handle.read(size)


def decode_sample(sample: bytes, encoding: str) -> str:
    """A sample as text; a character cut at the sample's end is left out rather than replaced."""
    return codecs.getincrementaldecoder(encoding)(errors="replace").decode(sample, final=False)


@contextmanager
def open_text(path: Path, encoding: str) -> Iterator[io.TextIOBase]:
    """A text file opened for csv: undecodable bytes become U+FFFD (its row a Reject, not the file)."""
    raise_field_limit()
    with path.open("r", encoding=encoding, errors="replace", newline="") as handle:
        yield handle


def csv_rows(handle: Iterable[str], delimiter: str = ",", label: str = "CSV") -> Iterator[tuple[int, list[object] | str]]:
    """(first physical line, cells) per record; the reason string for a record csv cannot parse."""
    reader = csv.reader(handle, delimiter=delimiter)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield start, f"unparsable {label} record: {exc}"
            continue
        yield start, list(row)


def tolerant_rows(text: str, delimiter: str, n: int) -> list[list[str]]:
    """The first `n` records of a sample csv can parse (records it cannot parse count towards `n`)."""
    # newline="" as the readers open files; a row csv cannot parse (a bare CR, say) is skipped here and
    # becomes a Reject later, instead of hiding the header of the whole file
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    for _ in range(n):
        try:
            rows.append(next(reader))
        except StopIteration:
            break
        except csv.Error:
            continue
    return rows


def first_sheet(path: Path, read_sheet: Callable[[Rows], Iterator[T]], *, data_only: bool,
                unreadable: str, no_header: str) -> Iterator[T]:
    """What `read_sheet` yields for the first sheet of a workbook it accepts (it raises
    NotAPatentExport for a sheet without its header); NotAPatentExport when no sheet is accepted."""
    import openpyxl  # imported on use: it is slow to import and only XLSX needs it

    # A file object, not the path: openpyxl refuses paths whose suffix is not .xlsx, and formats are
    # detected by content.
    handle = path.open("rb")
    try:
        book: Any = openpyxl.load_workbook(handle, read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        handle.close()
        raise NotAPatentExport(f"{path}: not a readable XLSX workbook ({exc.__class__.__name__}){unreadable}") from exc
    try:
        for sheet in book.worksheets:
            rows = ((n, list(r)) for n, r in enumerate(sheet.iter_rows(values_only=True), start=1))
            try:
                yield from read_sheet(rows)
                return
            except NotAPatentExport:
                continue
        raise NotAPatentExport(f"{path}: {no_header}")
    finally:
        book.close()
        handle.close()
