"""What a patent load reports: each file (with its content id) and the whole load, the rejects file
written while reading, and the summary as JSON. `graph.ingest.patents` does the load."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from extract.inventors import DisambiguationReport
from graph.writer import WriteSummary


@dataclass
class FileReport:
    path: str
    format: str
    document_id: str
    records: int = 0
    rejected: int = 0
    error: str | None = None
    skipped: bool = False


@dataclass
class PatentLoadReport:
    """What a patent load read, rejected, resolved and wrote."""

    files: list[FileReport] = field(default_factory=list)
    write: WriteSummary = field(default_factory=WriteSummary)
    organizations: int = 0
    inventors: DisambiguationReport = field(default_factory=DisambiguationReport)
    rejects_path: Path | None = None
    seconds: float = 0.0
    chains: int = 0  # chains the patents were classified into while loading (0: not classified)
    classified: int = 0  # patents linked to at least one chain segment
    segment_links: int = 0  # IN_SEGMENT links written

    @property
    def records(self) -> int:
        return sum(f.records for f in self.files)

    @property
    def rejected(self) -> int:
        return sum(f.rejected for f in self.files)

    @property
    def failed_files(self) -> list[FileReport]:
        return [f for f in self.files if f.error]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    if path.is_dir():  # a PatentsView table directory: hash its files in name order
        for child in sorted(p for p in path.iterdir() if p.is_file()):
            digest.update(child.name.encode())
            digest.update(file_sha256(child).encode())
        return digest.hexdigest()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class RejectsFile:
    """The rejects file, opened (for appending) at the first reject: a clean load leaves no empty file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: TextIO | None = None

    def write(self, line: str) -> None:
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - closed by close()
        self._handle.write(line)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()


def report_json(report: PatentLoadReport) -> str:
    """The load summary as JSON (for `--json` and for logs)."""
    return json.dumps({
        "files": [f.__dict__ for f in report.files],
        "records": report.records,
        "rejected": report.rejected,
        "rejects_path": str(report.rejects_path) if report.rejects_path else None,
        "organizations": report.organizations,
        "inventor_mentions": report.inventors.mentions,
        "inventors": report.inventors.inventors,
        "inventor_merges_by_evidence": dict(report.inventors.merges_by_evidence),
        "nodes_created": report.write.nodes_created,
        "nodes_matched": report.write.nodes_matched,
        "relationships_created": report.write.relationships_created,
        "relationships_merged": report.write.relationships_merged,
        "seconds": round(report.seconds, 2),
        "patents_per_second": round(report.records / report.seconds, 1) if report.seconds else None,
    }, ensure_ascii=False, indent=2)
