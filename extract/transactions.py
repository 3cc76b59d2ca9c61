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
"""

from __future__ import annotations

import csv
import difflib
import math
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from extract.normalize import load_data
from extract.patents.fields import normalize_application_number, normalize_number, parse_date
from extract.records import NotAPatentExport, PatentRecord, Reject, SourceRef

KINDS = ("transfer", "licence", "pledge")
EVENTS = ("effective", "change", "cancel")
LICENCE_KINDS = ("exclusive", "sole", "ordinary", "sublicence", "cross", "open", "other")
LEGAL_STATUS_FORMAT = "cnipa-legal-status"
CSV_FORMAT = "transactions-csv"
XLSX_FORMAT = "transactions-xlsx"
USPTO_FORMAT = "uspto-assignments"

# The documented transaction table: column -> accepted header spellings (English first).
TRANSACTION_COLUMNS: dict[str, tuple[str, ...]] = {
    "patent_number": ("patent_number", "patent number", "专利号", "公开(公告)号", "公开号", "申请号", "number"),
    "event_type": ("event_type", "type", "kind", "交易类型", "事件类型", "类型"),
    "event": ("event", "action", "事件", "状态", "备案状态"),
    "date": ("date", "effective_date", "日期", "生效日", "登记生效日", "备案日期"),
    "from_party": ("from_party", "from", "assignor", "licensor", "pledgor", "让与人", "转让人", "许可人", "出质人",
                   "变更前权利人"),
    "to_party": ("to_party", "to", "assignee", "licensee", "pledgee", "受让人", "被许可人", "质权人", "变更后权利人"),
    "licence_kind": ("licence_kind", "license_kind", "licence type", "license type", "许可种类", "许可类型"),
    "amount": ("amount", "value", "金额", "合同金额", "质押金额"),
    "currency": ("currency", "币种", "货币"),
    "contract_number": ("contract_number", "contract", "registration_number", "合同备案号", "备案号", "登记号"),
    "source": ("source", "来源"),
}
# every effective event names both sides, so a table without party columns cannot hold one
REQUIRED_COLUMNS = ("patent_number", "event_type", "date", "from_party", "to_party")
# a header cell this close to a column's spelling is a misspelt column, not an extra one
NEAR_MISS_CUTOFF = 0.75
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
_CURRENCIES = {
    "cny": "CNY", "rmb": "CNY", "元": "CNY", "人民币": "CNY", "万元": "CNY", "亿元": "CNY",
    "usd": "USD", "美元": "USD", "$": "USD", "us$": "USD",
    "eur": "EUR", "欧元": "EUR", "€": "EUR", "jpy": "JPY", "日元": "JPY", "hkd": "HKD", "港元": "HKD",
}


@dataclass(slots=True)
class TransactionEvent:
    """One transfer, licence or pledge event of one patent, as read (party names are raw)."""

    patent_number: str
    kind: str  # transfer | licence | pledge
    event: str  # effective | change | cancel
    date: str  # ISO date the event took effect (登记生效日 / 备案日期 / 解除日 ...)
    source: SourceRef
    from_parties: list[str] = field(default_factory=list)  # assignors / licensors / pledgors
    to_parties: list[str] = field(default_factory=list)  # assignees / licensees / pledgees
    licence_kind: str | None = None
    amount: float | None = None
    currency: str | None = None
    contract_number: str | None = None
    announce_date: str | None = None  # gazette date of the event, when given
    title: str | None = None  # the event title as written
    raw: str = ""
    record_source: str | None = None  # the `source` column of a transaction table


# --- vocabulary -----------------------------------------------------------------------------------


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@dataclass(frozen=True)
class _Vocabulary:
    titles: dict[str, tuple[str, str]]
    codes: dict[str, tuple[str, str]]
    fields: dict[str, str]
    holder_matters: frozenset[str]
    licence_kinds: dict[str, str]
    boundary: re.Pattern[str]
    field_key: re.Pattern[str]


@cache
def vocabulary() -> _Vocabulary:
    data = load_data("legal_events.yaml")
    titles = {_nfkc(t).replace(" ", ""): (v["kind"], v["event"]) for t, v in data["titles"].items()}
    codes = {c: (v["kind"], v["event"]) for c, v in data["codes"].items()}
    fields = {_nfkc(k).replace(" ", ""): v for k, v in data["fields"].items()}
    others = [_nfkc(t).replace(" ", "") for t in data.get("other_titles") or []]
    alternatives = sorted([*titles, *others], key=len, reverse=True)
    boundary = re.compile(
        "(?P<title>" + "|".join(re.escape(t) for t in alternatives) + ")"
        + r"|(?<![A-Za-z0-9])(?P<code>" + "|".join(codes) + r")(?![A-Za-z0-9])"
        + r"|(?P<announce>法律状态公告日)|(?P<hash>#)"
    )
    field_key = re.compile("(" + "|".join(re.escape(k) for k in sorted(fields, key=len, reverse=True)) + r")\s*:")
    return _Vocabulary(
        titles=titles, codes=codes, fields=fields,
        holder_matters=frozenset(_nfkc(m) for m in data["holder_matters"]),
        licence_kinds={_nfkc(k).lower(): v for k, v in data["licence_kinds"].items()},
        boundary=boundary, field_key=field_key,
    )


def licence_kind_of(text: str | None) -> str | None:
    """`exclusive` / `sole` / `ordinary` / ... for a 许可种类 value (None when blank)."""
    if not text or not text.strip():
        return None
    key = _nfkc(text).strip().lower()
    kinds = vocabulary().licence_kinds
    if key in kinds:
        return kinds[key]
    for word, kind in sorted(kinds.items(), key=lambda kv: -len(kv[0])):
        if word in key:
            return kind
    return "other"


_AMOUNT = re.compile(r"([-+]?\d[\d,，]*(?:\.\d+)?)\s*(亿|万|千|百万|million|m|billion|bn|k)?", re.I)
_SCALE = {"亿": 1e8, "万": 1e4, "千": 1e3, "百万": 1e6, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "k": 1e3}


def parse_amount(text: object) -> tuple[float | None, str | None]:
    """(amount, currency) from `100万元`, `1.2亿`, `500000`, `USD 2,000,000`; ValueError when unreadable."""
    if text is None:
        return None, None
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        if not math.isfinite(text) or text < 0:
            raise ValueError(f"not an amount: {text!r}")
        return float(text), None
    raw = _nfkc(str(text)).strip()
    if not raw:
        return None, None
    m = _AMOUNT.search(raw)
    if m is None:
        raise ValueError(f"not an amount: {raw!r}")
    value = float(m.group(1).replace(",", "").replace("，", ""))
    if m.group(2):
        value *= _SCALE[m.group(2).lower()]
    if value < 0:
        raise ValueError(f"negative amount: {raw!r}")
    rest = (raw[: m.start()] + " " + raw[m.end():]).lower()
    currency = None
    for word, code in sorted(_CURRENCIES.items(), key=lambda kv: -len(kv[0])):
        if word in rest:
            currency = code
            break
    return value, currency


# --- legal-status text ----------------------------------------------------------------------------

_ADDRESS = re.compile(r"\d{6}|[省市区县路街道号]\s*\d|\d+\s*号|[路街道]\d*号")
_SEPARATORS = re.compile(r"[;\n\r|#]+")
_NAME_SPLIT = re.compile(r"[、]")


def _date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return parse_date(value.strip())
    except ValueError:
        return None


@dataclass
class _Chunk:
    start: int
    text: str
    kind: str | None = None
    event: str | None = None
    title: str | None = None
    announce_only: bool = False


def _chunks(text: str) -> list[_Chunk]:
    """Split a legal-status cell at every event title, gazette code, `法律状态公告日` and `#`."""
    vocab = vocabulary()
    marks = list(vocab.boundary.finditer(text))
    chunks: list[_Chunk] = []
    positions = [m.start() for m in marks] + [len(text)]
    for m, end in zip(marks, positions[1:], strict=True):
        chunk = _Chunk(m.start(), text[m.start():end])
        if m.group("title"):
            chunk.title = m.group("title")
            chunk.kind, chunk.event = vocab.titles.get(m.group("title"), (None, None))
        elif m.group("code"):
            chunk.title = m.group("code")
            chunk.kind, chunk.event = vocab.codes[m.group("code")]
        else:
            chunk.announce_only = True
        chunks.append(chunk)
    return chunks


def _fields(text: str) -> list[tuple[str, str]]:
    """(canonical field, value) in order of appearance."""
    vocab = vocabulary()
    found = list(vocab.field_key.finditer(text))
    out: list[tuple[str, str]] = []
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        value = text[m.end():end]
        value = _SEPARATORS.split(value, maxsplit=1)[0]
        value = value.strip().strip(",;，、").strip()
        out.append((vocab.fields[m.group(1)], value))
    return out


def _names(value: str) -> list[str]:
    return [n.strip() for n in _NAME_SPLIT.split(value) if n.strip()]


def parse_legal_status(
    text: str | None, patent_number: str, source: SourceRef
) -> tuple[list[TransactionEvent], list[str]]:
    """The transfer / licence / pledge events in a legal-status cell, and a problem per unreadable event.

    Non-transaction events (grant, lapse, name change, ...) are skipped silently.
    """
    if not text or not text.strip():
        return [], []
    normalised = _nfkc(text).replace("\u3000", " ")
    # keys are matched without the spaces some exports put inside them ("IPC (主分类)")
    chunks = _chunks(normalised)
    events: list[TransactionEvent] = []
    problems: list[str] = []
    pending_announce: str | None = None
    index = 0
    while index < len(chunks):
        chunk = chunks[index]
        fields = _fields(chunk.text)
        announce = next((_date(v) for k, v in fields if k == "announce_date" and _date(v)), None)
        if chunk.announce_only or chunk.kind is None:
            # a block header (法律状态公告日 / #) or a non-transaction event: remember its gazette date
            pending_announce = announce or (pending_announce if chunk.announce_only else None)
            index += 1
            continue
        meaningful = [f for f in fields if f[0] not in ("ignore", "announce_date", "title")]
        # `法律状态：专利权的转移;描述信息：专利权的转移IPC...` names the event twice: read the second
        if not meaningful and index + 1 < len(chunks) and chunks[index + 1].kind == chunk.kind:
            pending_announce = announce or pending_announce
            index += 1
            continue
        event, problem = _event_from_fields(chunk, fields, patent_number, source, announce or pending_announce)
        if event is not None:
            events.append(event)
        elif problem:
            problems.append(problem)
        pending_announce = None
        index += 1
    return events, problems


def _event_from_fields(
    chunk: _Chunk, fields: list[tuple[str, str]], patent_number: str, source: SourceRef, announce: str | None
) -> tuple[TransactionEvent | None, str | None]:
    vocab = vocabulary()
    kind, event = chunk.kind or "", chunk.event or "effective"
    values: dict[str, str] = {}
    from_parties: list[str] = []
    to_parties: list[str] = []
    matter: str | None = None
    for key, value in fields:
        if key == "matter":
            matter = value
        elif key in ("before", "after"):
            holder = matter is None or any(m in matter for m in vocab.holder_matters)
            if not holder or not value or (matter is None and _ADDRESS.search(value)):
                continue
            target = from_parties if key == "before" else to_parties
            for name in _names(value):
                if name not in target:
                    target.append(name)
        elif key == "from":
            from_parties.extend(n for n in _names(value) if n not in from_parties)
        elif key == "to":
            to_parties.extend(n for n in _names(value) if n not in to_parties)
        elif value and key not in values:
            values[key] = value
    # combined titles (`...的生效、变更及注销`) say which one through their dates
    if "cancel_date" in values and event == "effective" and "、" in (chunk.title or ""):
        event = "cancel"
    elif "change_date" in values and event == "effective" and "、" in (chunk.title or ""):
        event = "change"
    order = {
        "effective": ("effective_date", "filing_date", "change_date", "cancel_date"),
        "change": ("change_date", "effective_date", "filing_date"),
        "cancel": ("cancel_date", "change_date", "effective_date", "filing_date"),
    }[event]
    if kind == "licence" and event == "effective":
        order = ("filing_date", "effective_date")
    date = next((d for k in order if (d := _date(values.get(k)))), None) or announce
    raw = chunk.text.strip()
    label = f"{chunk.title} event"
    if date is None:
        return None, f"{label} without a readable date: {raw[:120]!r}"
    if event == "effective" and (not from_parties or not to_parties):
        missing = "assignor/licensor/pledgor" if not from_parties else "assignee/licensee/pledgee"
        return None, f"{label} without {missing}: {raw[:120]!r}"
    amount, currency = None, None
    if values.get("amount"):
        try:
            amount, currency = parse_amount(values["amount"])
        except ValueError:
            return None, f"{label} with an unreadable amount {values['amount']!r}"
    return TransactionEvent(
        patent_number=patent_number,
        kind=kind,
        event=event,
        date=date,
        source=SourceRef(source.file, source.line, LEGAL_STATUS_FORMAT),
        from_parties=from_parties,
        to_parties=to_parties,
        licence_kind=licence_kind_of(values.get("licence_kind")) if kind == "licence" else None,
        amount=amount,
        currency=currency or ("CNY" if amount is not None else None),
        contract_number=values.get("contract_number") or None,
        announce_date=announce,
        title=chunk.title,
        raw=raw,
    ), None


def transactions_from_record(record: PatentRecord) -> tuple[list[TransactionEvent], list[Reject]]:
    """The events in one patent record's legal status, and a Reject per unreadable event."""
    events, problems = parse_legal_status(record.legal_status, record.number, record.source)
    rejects = [Reject(record.source.file, record.source.line, f"legal status of {record.number}: {p}",
                      record.legal_status or "") for p in problems]
    return events, rejects


def read_legal_status_events(paths: Iterable[str | Path], fmt: str | None = None) -> Iterator[TransactionEvent | Reject]:
    """Events from the legal-status column of patent exports (any format `read_patents` reads)."""
    from extract.patents import read_patents

    for path in paths:
        for item in read_patents(path, fmt):
            if isinstance(item, Reject):
                continue
            events, rejects = transactions_from_record(item)
            yield from events
            yield from rejects


# --- the transaction table ------------------------------------------------------------------------


def _header_key(text: object) -> str:
    return re.sub(r"[\s_\-()（）]+", "", _nfkc(str(text or ""))).lower().replace("\ufeff", "")


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


def normalise_patent_number(raw: str) -> str:
    """CN application numbers (`ZL202010123456.7`, `202010123456.7`, `2020101234567`) to
    `CN202010123456.7`; anything else as a publication number (`CN112345678B`, `CN112345678`)."""
    text = _nfkc(raw).strip().upper().replace(" ", "")
    application = text.startswith("ZL") or "." in text or re.fullmatch(r"(?:CN)?\d{12}[\dX]", text) is not None
    if text.startswith("ZL"):
        text = text[2:]
    if application:
        return normalize_application_number(text) or text
    return normalize_number(text) or text


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
        code = _CURRENCIES.get(currency_text.lower()) or (currency_text.upper()
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
    from extract.patents.cnipa import sniff_encoding

    path = Path(path)
    with path.open("rb") as raw:
        sample = raw.read(64 * 1024)
    encoding = sniff_encoding(sample)
    first = (sample.decode(encoding, errors="replace").splitlines() or [""])[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # long party lists and notes exceed the 128 KiB default
    # undecodable bytes become U+FFFD and their row a Reject; the rest of the file still loads
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)

        def rows() -> Iterator[tuple[int, list[object] | str]]:
            while True:
                line = reader.line_num + 1
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    yield line, f"unparsable CSV record: {exc}"
                    continue
                yield line, list(row)

        yield from _table_events(rows(), path, CSV_FORMAT)


def read_transactions_xlsx(path: str | Path) -> Iterator[TransactionEvent | Reject]:
    """Events of a transaction workbook (first sheet with the documented header)."""
    import openpyxl

    path = Path(path)
    handle = path.open("rb")  # a file object: openpyxl refuses paths without an .xlsx suffix
    try:
        book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        handle.close()
        raise NotAPatentExport(f"{path}: not a readable XLSX workbook ({exc.__class__.__name__})") from exc
    try:
        for sheet in book.worksheets:
            rows = ((n, list(r)) for n, r in enumerate(sheet.iter_rows(values_only=True), start=1))
            try:
                yield from _table_events(rows, path, XLSX_FORMAT)
                return
            except NotAPatentExport:
                continue
        raise NotAPatentExport(f"{path}: no sheet has a transaction header")
    finally:
        book.close()
        handle.close()


# --- USPTO assignments ----------------------------------------------------------------------------

_CONVEYANCE = (
    ("RELEASE", "pledge", "cancel"),
    ("SECURITY", "pledge", "effective"),
    ("LIEN", "pledge", "effective"),
    ("LICENSE", "licence", "effective"),
    ("ASSIGNMENT", "transfer", "effective"),
    ("MERGER", "transfer", "effective"),
    ("NUNC PRO TUNC", "transfer", "effective"),
)


def read_uspto_assignments(path: str | Path) -> Iterator[TransactionEvent | Reject]:
    """Events of a USPTO `us-patent-assignments` XML file; one per assignment and granted patent.

    Conveyances: ASSIGNMENT / MERGER -> transfer, SECURITY INTEREST / LIEN -> pledge, RELEASE (of a
    security interest) -> pledge cancel, LICENSE -> licence; CHANGE OF NAME / CORRECTIVE records without
    those words are skipped. The date is the recorded date (when the USPTO registered it).
    """
    import xml.etree.ElementTree as ET

    path = Path(path)
    ordinal = 0
    try:
        for _, element in ET.iterparse(path, events=("end",)):
            if element.tag != "patent-assignment":
                continue
            ordinal += 1
            source = SourceRef(str(path), ordinal, USPTO_FORMAT)
            record = element.find("assignment-record")
            conveyance = (record.findtext("conveyance-text") if record is not None else "") or ""
            reel = f"{record.findtext('reel-no') or ''}/{record.findtext('frame-no') or ''}" if record is not None else ""
            kind_event = next(((k, e) for word, k, e in _CONVEYANCE if word in conveyance.upper()), None)
            if kind_event is None:
                element.clear()
                continue
            try:
                date = parse_date(record.findtext("recorded-date/date") if record is not None else None)
            except ValueError:
                date = None
            assignors = [n.strip() for n in (a.findtext("name") for a in element.iter("patent-assignor")) if n]
            assignees = [n.strip() for n in (a.findtext("name") for a in element.iter("patent-assignee")) if n]
            if date is None:
                yield Reject(str(path), ordinal, f"assignment {reel} without a recorded date", conveyance)
                element.clear()
                continue
            for prop in element.iter("patent-property"):
                number = None
                for doc in prop.iter("document-id"):
                    kind_code = (doc.findtext("kind") or "").strip()
                    if kind_code.startswith("B") or kind_code in ("E", "S", "P"):
                        number = f"{doc.findtext('country') or 'US'}{(doc.findtext('doc-number') or '').strip()}{kind_code}"
                if number is None:
                    continue  # an application not (yet) granted: nothing to attach it to
                yield TransactionEvent(
                    patent_number=normalize_number(number) or number, kind=kind_event[0], event=kind_event[1],
                    date=date, source=source, from_parties=assignors, to_parties=assignees,
                    contract_number=reel or None, title=conveyance.strip(), raw=conveyance,
                )
            element.clear()
    except ET.ParseError as exc:
        raise NotAPatentExport(f"{path}: not readable USPTO assignment XML ({exc})") from exc


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
