"""InnoGraph canonical JSON Lines: one PatentRecord per line, read back with rejects for bad lines."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from extract.records import PatentRecord, Reject

FORMAT = "canonical-jsonl"


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
            try:
                yield PatentRecord.from_dict(data)
            except (KeyError, TypeError) as exc:
                # from_dict rejects missing `source` and unknown fields; say which.
                yield Reject(file, line, f"not a canonical record: {exc}", raw)


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
