"""Patent transactions (transfers, licences, pledges) as dated events, from three kinds of source.

1. The legal-status field of CNIPA-style exports (`PatentRecord.legal_status`): the register's events
   `专利权的转移` (变更前权利人 / 变更后权利人, 登记生效日), `专利实施许可合同备案的生效/变更/注销`
   (让与人 / 受让人, 许可种类, 合同备案号, 备案日期 / 解除日) and `专利权质押合同登记的生效/变更/注销`
   (出质人 / 质权人, 登记号, 登记生效日 / 解除日), with their wording variants and gazette codes
   (TR01, EE01, EM01, EC01, PE01, PM01, PC01); several events per cell. Titles, codes and field keys
   live in `extract/data/legal_events.yaml`.
2. The InnoGraph transaction CSV/XLSX (one row per event, documented in `TRANSACTION_COLUMNS`).
3. USPTO assignment XML (`us-patent-assignments`, the bulk "patent assignment" daily/annual files).

Every reader yields `TransactionEvent | Reject`; a Reject names the file, line and reason.
One reader per module: `legal_status`, `table` (CSV/XLSX through `extract.tabular`), `uspto`; the event
and its vocabulary in `events`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from extract.records import NotAPatentExport, Reject
from extract.transactions.events import (
    CSV_FORMAT,
    EVENTS,
    KINDS,
    LEGAL_STATUS_FORMAT,
    LICENCE_KINDS,
    REQUIRED_COLUMNS,
    TRANSACTION_COLUMNS,
    USPTO_FORMAT,
    XLSX_FORMAT,
    TransactionEvent,
    licence_kind_of,
    normalise_patent_number,
    parse_amount,
    vocabulary,
)
from extract.transactions.legal_status import parse_legal_status, read_legal_status_events, transactions_from_record
from extract.transactions.table import read_transactions_csv, read_transactions_xlsx
from extract.transactions.uspto import read_uspto_assignments

__all__ = [
    "CSV_FORMAT", "EVENTS", "KINDS", "LEGAL_STATUS_FORMAT", "LICENCE_KINDS", "REQUIRED_COLUMNS",
    "TRANSACTION_COLUMNS", "USPTO_FORMAT", "XLSX_FORMAT", "TransactionEvent", "detect_transaction_format",
    "licence_kind_of", "normalise_patent_number", "parse_amount", "parse_legal_status", "read_legal_status_events",
    "read_transactions", "read_transactions_csv", "read_transactions_xlsx", "read_uspto_assignments",
    "transactions_from_record", "vocabulary",
]

def detect_transaction_format(path: str | Path) -> str:
    """`transactions-csv`, `transactions-xlsx` or `uspto-assignments` by content."""
    path = Path(path)
    head = path.read_bytes()[:4096]
    if head.startswith(b"PK\x03\x04"):
        return XLSX_FORMAT
    if b"us-patent-assignments" in head or b"<patent-assignment" in head:
        return USPTO_FORMAT
    return CSV_FORMAT


def read_transactions(path: str | Path, fmt: str | None = None) -> Iterator[TransactionEvent | Reject]:
    """Events of a transaction file of any supported format (detected when not given)."""
    fmt = fmt or detect_transaction_format(path)
    if fmt == CSV_FORMAT:
        return read_transactions_csv(path)
    if fmt == XLSX_FORMAT:
        return read_transactions_xlsx(path)
    if fmt == USPTO_FORMAT:
        return read_uspto_assignments(path)
    raise NotAPatentExport(f"{path}: unknown transaction format {fmt!r}")
