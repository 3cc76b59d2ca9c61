"""InnoGraph canonical JSON Lines: one PatentRecord per line, read back with rejects for bad lines."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from extract.records import PatentRecord, Reject

FORMAT = "canonical-jsonl"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def read_canonical(path: str | Path) -> Iterator[PatentRecord | Reject]:
    """Records of a canonical JSON Lines file; a line that is not a valid record becomes a Reject."""
    path = Path(path)
    file = str(path)
    with path.open("r", encoding="utf-8-sig", errors="replace") as handle:
        for line, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            raw = text.rstrip("\n")
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                yield Reject(file, line, f"not JSON: {exc.msg} at column {exc.colno}", raw)
                continue
            if not isinstance(data, dict):
                yield Reject(file, line, f"not a JSON object but {type(data).__name__}", raw)
                continue
            if not str(data.get("number") or "").strip():
                yield Reject(file, line, "missing id: no number", raw)
                continue
            if problem := _type_problem(data):
                yield Reject(file, line, f"not a canonical record: {problem}", raw)
                continue
            try:
                yield PatentRecord.from_dict(data)
            except (KeyError, TypeError) as exc:
                # from_dict rejects missing `source` and unknown fields; say which.
                yield Reject(file, line, f"not a canonical record: {exc}", raw)


_TEXT_FIELDS = ("number", "office", "application_number", "publication_number", "title", "abstract", "patent_type",
                "legal_status", "main_ipc", "agency", "language")
_DATE_FIELDS = ("application_date", "publication_date", "grant_date")
_LIST_FIELDS = ("ipc", "cpc", "cited_numbers")
_PERSON_TEXT = ("name", "address", "city", "province", "country")
_MAX_INT = 2**31 - 1


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= _MAX_INT


def _type_problem(data: dict[str, Any]) -> str | None:
    """What makes a JSON object the wrong shape for a PatentRecord (wrong types reach the database)."""
    for name in _TEXT_FIELDS:
        if data.get(name) is not None and not isinstance(data[name], str):
            return f"{name} is {type(data[name]).__name__}, not a string"
    for name in _DATE_FIELDS:
        value = data.get(name)
        if value is not None and not (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
            return f"{name} {value!r} is not an ISO date (YYYY-MM-DD)"
    for name in _LIST_FIELDS:
        value = data.get(name)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            return f"{name} is not a list of strings"
    if data.get("claims_count") is not None and not _is_int(data["claims_count"]):
        return f"claims_count {data['claims_count']!r} is not a non-negative integer"
    source = data.get("source")
    if not isinstance(source, dict) or not isinstance(source.get("file"), str) or not _is_int(source.get("line")) \
            or not isinstance(source.get("format"), str):
        return "source is not {file: string, line: integer, format: string}"
    for name in ("applicants", "inventors"):
        people = data.get(name)
        if people is None:
            continue
        if not isinstance(people, list) or not all(isinstance(p, dict) for p in people):
            return f"{name} is not a list of objects"
        for person in people:
            if not isinstance(person.get("name"), str) or not person["name"].strip():
                return f"{name}: an entry without a name"
            if any(person.get(k) is not None and not isinstance(person[k], str) for k in _PERSON_TEXT):
                return f"{name}: {person['name']!r} has a field that is not a string"
            if "sequence" in person and not _is_int(person["sequence"]):
                return f"{name}: {person['name']!r} has a sequence that is not a non-negative integer"
    return None


def write_canonical(records: Iterable[PatentRecord], out: TextIO | str | Path) -> int:
    """Write records as canonical JSON Lines (rejects are skipped); returns how many were written."""
    if isinstance(out, (str, Path)):
        with Path(out).open("w", encoding="utf-8", newline="\n") as handle:
            return write_canonical(records, handle)
    written = 0
    for record in records:
        if isinstance(record, PatentRecord):
            out.write(record.to_json())
            out.write("\n")
            written += 1
    return written
