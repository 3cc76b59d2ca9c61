"""The transaction event, its vocabulary (`extract/data/legal_events.yaml`), amounts and patent numbers."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from extract.normalize import load_data
from extract.patents.fields import normalize_application_number, normalize_number
from extract.records import SourceRef

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
CURRENCIES = {
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


def nfkc(text: str) -> str:
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
    titles = {nfkc(t).replace(" ", ""): (v["kind"], v["event"]) for t, v in data["titles"].items()}
    codes = {c: (v["kind"], v["event"]) for c, v in data["codes"].items()}
    fields = {nfkc(k).replace(" ", ""): v for k, v in data["fields"].items()}
    others = [nfkc(t).replace(" ", "") for t in data.get("other_titles") or []]
    alternatives = sorted([*titles, *others], key=len, reverse=True)
    boundary = re.compile(
        "(?P<title>" + "|".join(re.escape(t) for t in alternatives) + ")"
        + r"|(?<![A-Za-z0-9])(?P<code>" + "|".join(codes) + r")(?![A-Za-z0-9])"
        + r"|(?P<announce>法律状态公告日)|(?P<hash>#)"
    )
    field_key = re.compile("(" + "|".join(re.escape(k) for k in sorted(fields, key=len, reverse=True)) + r")\s*:")
    return _Vocabulary(
        titles=titles, codes=codes, fields=fields,
        holder_matters=frozenset(nfkc(m) for m in data["holder_matters"]),
        licence_kinds={nfkc(k).lower(): v for k, v in data["licence_kinds"].items()},
        boundary=boundary, field_key=field_key,
    )


def licence_kind_of(text: str | None) -> str | None:
    """`exclusive` / `sole` / `ordinary` / ... for a 许可种类 value (None when blank)."""
    if not text or not text.strip():
        return None
    key = nfkc(text).strip().lower()
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
    raw = nfkc(str(text)).strip()
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
    for word, code in sorted(CURRENCIES.items(), key=lambda kv: -len(kv[0])):
        if word in rest:
            currency = code
            break
    return value, currency



def normalise_patent_number(raw: str) -> str:
    """CN application numbers (`ZL202010123456.7`, `202010123456.7`, `2020101234567`) to
    `CN202010123456.7`; anything else as a publication number (`CN112345678B`, `CN112345678`)."""
    text = nfkc(raw).strip().upper().replace(" ", "")
    application = text.startswith("ZL") or "." in text or re.fullmatch(r"(?:CN)?\d{12}[\dX]", text) is not None
    if text.startswith("ZL"):
        text = text[2:]
    if application:
        return normalize_application_number(text) or text
    return normalize_number(text) or text

