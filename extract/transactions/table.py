"""The InnoGraph transaction table (CSV or XLSX, one row per event, columns in `TRANSACTION_COLUMNS`)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from extract.patents.fields import parse_date
from extract.records import NotAPatentExport, Reject, SourceRef
from extract.tabular import csv_rows, first_sheet, open_text, read_sample, sniff_encoding
from extract.transactions.events import (
    CSV_FORMAT,
    CURRENCIES,
    NEAR_MISS_CUTOFF,
    REQUIRED_COLUMNS,
    TRANSACTION_COLUMNS,
    XLSX_FORMAT,
    TransactionEvent,
    licence_kind_of,
    nfkc,
    normalise_patent_number,
    parse_amount,
)


_EVENT_TYPES = {
    "transfer": "transfer", "assignment": "transfer", "转让": "transfer", "转移": "transfer", "权利转移": "transfer",
    "licence": "licence", "license": "licence", "许可": "licence", "实施许可": "licence",
    "pledge": "pledge", "security": "pledge", "质押": "pledge",
}
_EVENT_NAMES = {
    "effective": "effective", "": "effective", "生效": "effective", "登记": "effective", "备案": "effective",
    "change": "change", "变更": "change",
    "cancel": "cancel", "cancelled": "cancel", "release": "cancel", "注销": "cancel", "解除": "cancel",
}

# --- the transaction table ------------------------------------------------------------------------


def _header_key(text: object) -> str:
    return re.sub(r"[\s_\-()（）]+", "", nfkc(str(text or ""))).lower().replace("\ufeff", "")


@cache
def _column_aliases() -> dict[str, str]:
    table: dict[str, str] = {}
    for column, aliases in TRANSACTION_COLUMNS.items():
        for alias in aliases:
            table.setdefault(_header_key(alias), column)
    return table


def _map_columns(headers: list[object]) -> dict[str, int]:
    aliases = _column_aliases()
    mapping: dict[str, int] = {}
    for index, header in enumerate(headers):
        column = aliases.get(_header_key(header))
        if column and column not in mapping:
            mapping[column] = index
    return mapping


def _split_parties(value: str | None) -> list[str]:
    if not value:
        return []
    out: list[str] = []
    for name in re.split(r"[;；|]", value):
        name = name.strip()
        if name and name not in out:
            out.append(name)
    return out




def _row_event(row: list[object], mapping: dict[str, int], source: SourceRef) -> TransactionEvent | str:
    def cell(column: str) -> str | None:
        index = mapping.get(column)
        if index is None or index >= len(row) or row[index] is None:
            return None
        value = row[index]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        return text or None

    number = cell("patent_number")
    if not number:
        return "missing patent_number"
    kind_text = (cell("event_type") or "").strip().lower()
    kind = _EVENT_TYPES.get(kind_text)
    if kind is None:
        return f"unknown event_type {kind_text!r} (expected transfer, licence or pledge)"
    event_text = (cell("event") or "").strip().lower()
    event = _EVENT_NAMES.get(event_text)
    if event is None:
        return f"unknown event {event_text!r} (expected effective, change or cancel)"
    raw_date = row[mapping["date"]] if mapping["date"] < len(row) else None
    try:
        date = parse_date(raw_date)
    except ValueError:
        return f"unparsable date {raw_date!r}"
    if date is None:
        return "missing date"
    from_parties, to_parties = _split_parties(cell("from_party")), _split_parties(cell("to_party"))
    if event == "effective" and not from_parties:
        return "missing from_party (assignor / licensor / pledgor)"
    if event == "effective" and not to_parties:
        return "missing to_party (assignee / licensee / pledgee)"
    licence_text = cell("licence_kind")
    licence_kind = None
    if licence_text:
        if kind != "licence":
            return f"licence_kind {licence_text!r} given for a {kind}"
        licence_kind = licence_kind_of(licence_text)
        if licence_kind == "other":
            return f"unknown licence_kind {licence_text!r} (expected exclusive, sole or ordinary)"
    try:
        amount, currency = parse_amount(row[mapping["amount"]] if "amount" in mapping and mapping["amount"] < len(row)
                                        else None)
    except ValueError as exc:
        return f"bad amount: {exc}"
    currency_text = cell("currency")
    if currency_text:
        code = CURRENCIES.get(currency_text.lower()) or (currency_text.upper()
                                                          if re.fullmatch(r"[A-Za-z]{3}", currency_text) else None)
        if code is None:
            return f"unknown currency {currency_text!r}"
        currency = code
    return TransactionEvent(
        patent_number=normalise_patent_number(number),
        kind=kind,
        event=event,
        date=date,
        source=source,
        from_parties=from_parties,
        to_parties=to_parties,
        licence_kind=licence_kind,
        amount=amount,
        currency=currency or ("CNY" if amount is not None else None),
        contract_number=cell("contract_number"),
        record_source=cell("source"),
        raw="\t".join("" if c is None else str(c) for c in row),
    )


def _near_misses(headers: list[object], mapping: dict[str, int]) -> list[str]:
    """Header cells that name no column but look like a column's spelling ("evnt", "to_prty"), each
    with the column it probably means."""
    aliases = _column_aliases()
    problems = []
    for index, header in enumerate(headers):
        key = _header_key(header)
        if not key or index in mapping.values():
            continue
        close = difflib.get_close_matches(key, list(aliases), n=1, cutoff=NEAR_MISS_CUTOFF)
        if close:
            problems.append(f"column {str(header).strip()!r} is not a transaction column "
                            f"(did you mean {aliases[close[0]]!r}?)")
    return problems


def _table_events(rows: Iterable[tuple[int, list[object] | str]], path: Path,
                  fmt: str) -> Iterator[TransactionEvent | Reject]:
    iterator = iter(rows)
    mapping: dict[str, int] = {}
    headers: list[object] = []
    best: tuple[int, list[object], dict[str, int]] | None = None  # the most header-like row seen
    for line, row in iterator:
        mapping = _map_columns(row) if not isinstance(row, str) else {}
        headers = row if not isinstance(row, str) else []
        if best is None or len(mapping) > len(best[2]):
            best = (line, headers, mapping)
        if all(c in mapping for c in REQUIRED_COLUMNS):
            break
        if line >= 10:
            break
    if not all(c in mapping for c in REQUIRED_COLUMNS):
        expected = (f"expected columns {', '.join(TRANSACTION_COLUMNS)} "
                    f"(at least {', '.join(REQUIRED_COLUMNS)})")
        if best is None or len(best[2]) < 2:
            raise NotAPatentExport(f"{path}: not a transaction table; {expected}")
        line, headers, mapping = best
        missing = [c for c in REQUIRED_COLUMNS if c not in mapping]
        hints = _near_misses(headers, mapping)
        raise NotAPatentExport(f"{path}: the header on line {line} lacks the column(s) {', '.join(missing)}"
                               + (f"; {'; '.join(hints)}" if hints else "") + f"; {expected}")
    hints = _near_misses(headers, mapping)
    if hints:
        raise NotAPatentExport(f"{path}: {'; '.join(hints)}; expected columns {', '.join(TRANSACTION_COLUMNS)}")
    seen: dict[tuple[Any, ...], int] = {}
    for line, row in iterator:
        if isinstance(row, str):  # a record the CSV parser could not read: the reason
            yield Reject(str(path), line, row, "")
            continue
        if not any(c not in (None, "") and str(c).strip() for c in row):
            continue
        if any(isinstance(c, str) and "\ufffd" in c for c in row):
            yield Reject(str(path), line, "broken encoding (U+FFFD): the row is not in the file's encoding",
                         "\t".join("" if c is None else str(c) for c in row))
            continue
        result = _row_event(row, mapping, SourceRef(str(path), line, fmt))
        if isinstance(result, str):
            yield Reject(str(path), line, result, "\t".join("" if c is None else str(c) for c in row))
            continue
        key = (result.patent_number, result.kind, result.event, result.date, tuple(result.from_parties),
               tuple(result.to_parties), result.contract_number)
        if key in seen:
            yield Reject(str(path), line, f"duplicate of line {seen[key]}", result.raw)
            continue
        seen[key] = line
        yield result


def read_transactions_csv(path: str | Path) -> Iterator[TransactionEvent | Reject]:
    """Events of a transaction CSV (UTF-8 with or without BOM, or GB18030; `,` or tab separated)."""
    path = Path(path)
    sample = read_sample(path, 64 * 1024)
    encoding = sniff_encoding(sample)
    first = (sample.decode(encoding, errors="replace").splitlines() or [""])[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    with open_text(path, encoding) as handle:
        yield from _table_events(csv_rows(handle, delimiter), path, CSV_FORMAT)


def read_transactions_xlsx(path: str | Path) -> Iterator[TransactionEvent | Reject]:
    """Events of a transaction workbook (first sheet with the documented header)."""
    path = Path(path)
    yield from first_sheet(path, lambda rows: _table_events(rows, path, XLSX_FORMAT), data_only=True,
                           unreadable="", no_header="no sheet has a transaction header")
