"""Field parsers shared by the patent readers: dates, numbers, multi-valued names, patent types."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, timedelta

from extract.records import PATENT_TYPES

_ISO_LIKE = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\s.*)?$")
_EXCEL_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
# Excel's day 0 is 1899-12-30 once its fictitious 1900-02-29 is accounted for.
_EXCEL_EPOCH = date(1899, 12, 30)

# Separators that can never occur inside one applicant or inventor name.
_NAME_SEPARATORS = re.compile(r"\s*(?:[;；、\n\r|]|，)\s*")
# An ASCII comma splits names only next to a CJK character: "Co., Ltd." and "Zhang, Wei" stay whole.
_CJK_COMMA = re.compile(r"\s*(?:(?<=[\u3400-\u9fff\uf900-\ufaff]),|,(?=\s*[\u3400-\u9fff\uf900-\ufaff]))\s*")
_NUMBER_SEPARATORS = re.compile(r"[;；,，、\s|]+")
_CJK = re.compile(r"[\u3400-\u9fff]")
_KIND = re.compile(r"^([A-Z]{2})?\D*\d+([A-Z]\d?)$")
_MAX_COUNT = 2**31 - 1
_CN_APPLICATION = re.compile(r"^(?:CN)?(\d{12}|\d{8})\.?([\dX])$")

_TYPE_WORDS = {
    "发明": "invention",
    "发明专利": "invention",
    "发明申请": "invention",
    "发明授权": "invention",
    "发明公开": "invention",
    "invention": "invention",
    "inventionpatent": "invention",
    "inventionapplication": "invention",
    "inventiongrant": "invention",
    "实用新型": "utility_model",
    "实用新型专利": "utility_model",
    "utilitymodel": "utility_model",
    "utility_model": "utility_model",
    "外观设计": "design",
    "外观设计专利": "design",
    "外观": "design",
    "design": "design",
}
# CN kind codes: A/B/C invention (C is the pre-1993 grant), U/Y utility model, S/D design.
_CN_KINDS = {"A": "invention", "B": "invention", "C": "invention", "U": "utility_model", "Y": "utility_model",
             "S": "design", "D": "design"}


def parse_date(value: object) -> str | None:
    """ISO `YYYY-MM-DD` for a date in any form exports use; None when blank; ValueError when unreadable."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 10_000_000 <= value <= 99_999_999:
            value = str(int(value))  # a yyyymmdd number typed into a spreadsheet
        else:
            return _from_excel_serial(float(value))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    if m := _ISO_LIKE.match(text) or _COMPACT.match(text):
        year, month, day = (int(g) for g in m.groups())
        return date(year, month, day).isoformat()
    if _EXCEL_SERIAL.match(text):
        return _from_excel_serial(float(text))
    raise ValueError(f"not a date: {text!r}")


def _from_excel_serial(serial: float) -> str:
    # Serials 20000..80000 cover 1954..2119; anything else is more likely a stray number than a date.
    if not 20000 <= serial <= 80000:
        raise ValueError(f"not a date serial: {serial!r}")
    return (_EXCEL_EPOCH + timedelta(days=int(serial))).isoformat()


def split_names(raw: str | None) -> list[str]:
    """The names in a multi-valued applicant/inventor field, in order, blanks and repeats dropped."""
    if not raw:
        return []
    names: dict[str, None] = {}
    for part in _NAME_SEPARATORS.split(raw):
        for name in _CJK_COMMA.split(part):
            name = name.strip().strip(",").strip()
            if name:
                names.setdefault(name, None)
    return list(names)


def split_numbers(raw: str | None) -> list[str]:
    """Normalised patent numbers from a multi-valued citation field."""
    if not raw:
        return []
    seen: dict[str, None] = {}
    for part in _NUMBER_SEPARATORS.split(raw):
        number = normalize_number(part)
        if number:
            seen.setdefault(number, None)
    return list(seen)


def normalize_number(raw: str | None) -> str | None:
    """A publication/grant number as one token: uppercase, no spaces, dots, dashes or Excel text quotes."""
    if raw is None:
        return None
    text = unicodedata.normalize("NFKC", str(raw)).strip().lstrip("'").upper()
    text = re.sub(r"[\s.\-/]", "", text)
    return text or None


def normalize_application_number(raw: str | None) -> str | None:
    """An application number, uppercase without spaces; bare CN numbers get `CN` and their check-digit dot."""
    if raw is None:
        return None
    text = unicodedata.normalize("NFKC", str(raw)).strip().lstrip("'").upper().replace(" ", "")
    if not text:
        return None
    if m := _CN_APPLICATION.match(text):
        return f"CN{m.group(1)}.{m.group(2)}"
    return text


def office_of(number: str | None) -> str | None:
    """The two-letter office prefix of a normalised number, if it has one."""
    if number and len(number) > 2 and number[:2].isalpha():
        return number[:2]
    return None


def kind_code(number: str | None) -> str | None:
    """The trailing kind code (`A`, `B2`, `U`) of a normalised publication number."""
    if not number:
        return None
    m = _KIND.match(number)
    return m.group(2) if m else None


def patent_type_from_text(raw: str | None) -> str | None:
    """`invention` / `utility_model` / `design` from a type column (Chinese or English), else None."""
    if not raw:
        return None
    key = re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", raw)).lower()
    if key in PATENT_TYPES:
        return key
    return _TYPE_WORDS.get(key)


def patent_type_from_cn_number(number: str | None) -> str | None:
    """The patent type implied by a CN publication number's kind code."""
    if not number or not number.startswith("CN"):
        return None
    kind = kind_code(number)
    return _CN_KINDS.get(kind[0]) if kind else None


def parse_count(value: object) -> int | None:
    """A non-negative integer count (claims), or None when blank or not a number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value) if isinstance(value, float) else value
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()
        try:
            number = float(text)
        except ValueError:
            return None
    # `inf`, `nan`, `1e400` and counts beyond any real document are junk, not counts (and would not
    # fit the database's 64-bit integers)
    if isinstance(number, float) and not math.isfinite(number):
        return None
    return int(number) if 0 <= number <= _MAX_COUNT else None


def language_of(*texts: str | None) -> str | None:
    """`zh` when any text has CJK characters, `en` when there is Latin text, else None."""
    present = [t for t in texts if t]
    if not present:
        return None
    return "zh" if any(_CJK.search(t) for t in present) else "en"


def clean_text(value: object) -> str | None:
    """A cell as stripped text, None when blank."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None
