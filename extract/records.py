"""The canonical patent record: what every reader produces and what the resolver and writer consume.

One JSON object per line (the documented "InnoGraph canonical JSON Lines" format, see README):

    {"number": "CN112345678A", "office": "CN", "application_number": "CN202010123456.7",
     "application_date": "2020-03-01", "publication_number": "CN112345678A",
     "publication_date": "2020-09-01", "grant_date": null, "title": "...", "abstract": "...",
     "patent_type": "invention", "legal_status": "有效", "ipc": ["G06N3/08"], "main_ipc": "G06N3/08",
     "cpc": [], "claims_count": null, "cited_numbers": [], "agency": null, "language": "zh",
     "applicants": [{"name": "南京大学", "address": "江苏省南京市...", "city": null,
                     "province": null, "country": "CN", "sequence": 1}],
     "inventors": [{"name": "张伟", "city": null, "province": null, "country": null, "sequence": 1}],
     "source": {"file": "exports/nj.csv", "line": 2, "format": "cnipa-csv"}}

Dates are ISO `YYYY-MM-DD` strings; IPC/CPC codes are compact (`G06N3/08`); everything else is text
as filed. A row that cannot become a record becomes a `Reject` naming its file, line and reason.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

PATENT_TYPES = ("invention", "utility_model", "design")


@dataclass(slots=True)
class SourceRef:
    """Where a record came from: file path, 1-based line (or row, or record ordinal) and reader format."""

    file: str
    line: int
    format: str


@dataclass(slots=True)
class Party:
    """An applicant / assignee as filed."""

    name: str
    address: str | None = None
    city: str | None = None
    province: str | None = None
    country: str | None = None
    sequence: int = 1


@dataclass(slots=True)
class InventorMention:
    """An inventor as named on one patent."""

    name: str
    city: str | None = None
    province: str | None = None
    country: str | None = None
    sequence: int = 1


@dataclass(slots=True)
class PatentRecord:
    number: str
    source: SourceRef
    office: str | None = None
    application_number: str | None = None
    application_date: str | None = None
    publication_number: str | None = None
    publication_date: str | None = None
    grant_date: str | None = None
    title: str | None = None
    abstract: str | None = None
    patent_type: str | None = None
    legal_status: str | None = None
    ipc: list[str] = field(default_factory=list)
    main_ipc: str | None = None
    cpc: list[str] = field(default_factory=list)
    claims_count: int | None = None
    cited_numbers: list[str] = field(default_factory=list)
    agency: str | None = None
    language: str | None = None
    applicants: list[Party] = field(default_factory=list)
    inventors: list[InventorMention] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PatentRecord:
        values = dict(data)
        values["source"] = SourceRef(**values["source"])
        values["applicants"] = [Party(**p) for p in values.get("applicants") or []]
        values["inventors"] = [InventorMention(**p) for p in values.get("inventors") or []]
        return cls(**values)


@dataclass(slots=True)
class Reject:
    """A row that could not be read, with enough to find and fix it."""

    file: str
    line: int
    reason: str
    raw: str = ""

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)


class NotAPatentExport(ValueError):
    """The file is not a patent export this reader (or any reader) understands."""
