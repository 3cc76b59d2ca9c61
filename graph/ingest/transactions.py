"""Patent transactions into the graph as event nodes.

    (t:PatentTransaction {id, kind, event, date, year, amount, currency, contract_number, licence_kind, ...})
    (t)-[:TRANSACTION_OF]->(Patent)
    (t)-[:FROM_PARTY {sequence, name}]->(Organization)     assignor / licensor / pledgor
    (t)-[:TO_PARTY {sequence, name}]->(Organization)       assignee / licensee / pledgee

Why event nodes and not dated relationships: one event has several parties on each side, an amount, a
contract number and a later change or cancellation that refers to it; a node holds all of that once,
and "who owned the patent on day D" is a query over the patent's transfers ordered by date
(`owner_at`). Relationship properties would repeat the event on every party edge.

Parties resolve to the organisations already in the graph (the applicants' nodes): by resolution key
(`name_norm`, known-organisation aliases included), then by a spelling seen before (`aliases`), then,
for a name without a legal form, by the one organisation with that core. Only a party found nowhere
(typically a bank, a fund or a firm that never filed) becomes a new Organization, through the
`OrganizationResolver` (the PatentLoader's own when one is passed in, so ids agree with a running load).

After a load, each touched patent gets flags computed from all its events (see `patent_flags`):
`transferred`, `transfer_count`, `last_transfer_date`, `licensed`, `exclusively_licensed`, `pledged`,
`transaction_count`. Transfer matching leaves out `p.transferred OR p.exclusively_licensed`
(`AVAILABLE_FOR_TRANSFER`).

This module is the loader. The event nodes, new party organisations and flags are written by
`graph.ingest.transaction_events`, parties are found by `graph.ingest.org_lookup`, and `owner_at` is in
`graph.ingest.ownership`.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j

from cypher.catalog import statement
from extract.records import NotAPatentExport, Reject
from extract.resolve import OrganizationResolver
from extract.transactions import TransactionEvent, read_legal_status_events, read_transactions
from graph.batch import GraphBatch, batched
from graph.ingest.org_lookup import OrganizationLookup
from graph.ingest.transaction_events import FlagEvent, add_event, add_organization_node, patent_flags
from core.model import node_id
from graph.writer import GraphWriter, WriteSummary


@dataclass
class UnknownPatent:
    number: str
    file: str
    line: int


@dataclass
class TransactionLoadReport:
    files: list[dict[str, Any]] = field(default_factory=list)
    events: int = 0
    by_kind: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    rejects: list[Reject] = field(default_factory=list)
    unknown_patents: list[UnknownPatent] = field(default_factory=list)
    new_organizations: dict[str, str] = field(default_factory=dict)  # raw name -> new org id
    matched_by: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    patents_flagged: int = 0
    write: WriteSummary = field(default_factory=WriteSummary)
    seconds: float = 0.0

    @property
    def failed_files(self) -> list[dict[str, Any]]:
        """Files refused whole (not a transaction file: the error names the file and the columns), or
        with rows of which none could be read."""
        return [f for f in self.files if f.get("error")]

    def to_json(self) -> str:
        return json.dumps({
            "files": self.files, "events": self.events, "by_kind": dict(self.by_kind),
            "rejected": len(self.rejects), "rejects": [r.__dict__ for r in self.rejects[:200]],
            "unknown_patents": [u.__dict__ for u in self.unknown_patents[:200]],
            "new_organizations": self.new_organizations, "matched_by": dict(self.matched_by),
            "patents_flagged": self.patents_flagged, "nodes_created": self.write.nodes_created,
            "relationships_created": self.write.relationships_created, "seconds": round(self.seconds, 2),
        }, ensure_ascii=False, indent=2)


_KIND_CODES = ("B", "A", "C", "U", "Y", "S", "B1", "B2", "E")


class TransactionLoader:
    """Loads transaction events into the graph, after the patents they concern."""

    def __init__(
        self,
        writer: GraphWriter,
        *,
        resolver: OrganizationResolver | None = None,
        batch_size: int = 1000,
        rejects_path: Path | None = None,
        create_unknown_patents: bool = True,
    ) -> None:
        self.writer = writer
        self.resolver = resolver or OrganizationResolver()
        self.batch_size = batch_size
        self.rejects_path = rejects_path
        self.create_unknown_patents = create_unknown_patents
        self.lookup = OrganizationLookup(writer.driver, writer.database)
        self._patents: dict[str, str | None] = {}

    # -- entry points ---------------------------------------------------------------------------
    def load(self, paths: Iterable[Path], fmt: str | None = None) -> TransactionLoadReport:
        """Transaction tables (CSV/XLSX) and USPTO assignment XML files."""
        report = TransactionLoadReport()
        started = time.perf_counter()

        def items() -> Iterator[TransactionEvent | Reject]:
            for path in paths:
                entry: dict[str, Any] = {"path": str(path), "error": None, "events": 0, "rejected": 0}
                report.files.append(entry)
                first_reason = None
                try:
                    for item in read_transactions(path, fmt):
                        if isinstance(item, Reject):
                            entry["rejected"] += 1
                            first_reason = first_reason or f"line {item.line}: {item.reason}"
                        else:
                            entry["events"] += 1
                        yield item
                except NotAPatentExport as exc:
                    entry["error"] = str(exc)
                    continue
                if entry["rejected"] and not entry["events"]:
                    entry["error"] = (f"{path}: none of its {entry['rejected']:,} rows could be read "
                                      f"(first: {first_reason})")

        self._load(items(), report)
        report.seconds = time.perf_counter() - started
        return report

    def load_legal_status(self, paths: Iterable[Path], fmt: str | None = None) -> TransactionLoadReport:
        """Events in the legal-status column of patent exports whose patents are already loaded."""
        report = TransactionLoadReport()
        started = time.perf_counter()
        paths = list(paths)
        report.files.extend({"path": str(p), "error": None} for p in paths)
        self._load(read_legal_status_events(paths, fmt), report)
        report.seconds = time.perf_counter() - started
        return report

    def load_events(self, events: Iterable[TransactionEvent | Reject]) -> TransactionLoadReport:
        report = TransactionLoadReport()
        started = time.perf_counter()
        self._load(events, report)
        report.seconds = time.perf_counter() - started
        return report

    # -- the work -------------------------------------------------------------------------------
    def _load(self, items: Iterable[TransactionEvent | Reject], report: TransactionLoadReport) -> None:
        touched: set[str] = set()

        def batches() -> Iterator[GraphBatch]:
            chunk: list[TransactionEvent] = []
            for item in items:
                if isinstance(item, Reject):
                    report.rejects.append(item)
                    continue
                chunk.append(item)
                if len(chunk) >= self.batch_size:
                    yield self._batch(chunk, report, touched)
                    chunk = []
            if chunk:
                yield self._batch(chunk, report, touched)

        report.write.add(self.writer.write_all(batches(), prefetch=0))
        if self.rejects_path and report.rejects:
            with open(self.rejects_path, "a", encoding="utf-8") as handle:
                for reject in report.rejects:
                    handle.write(reject.to_json() + "\n")
        report.patents_flagged = self.update_flags(sorted(touched))

    def _batch(self, events: list[TransactionEvent], report: TransactionLoadReport, touched: set[str]) -> GraphBatch:
        patents = self._patent_ids(events, report)
        names = [n for e in events for n in (*e.from_parties, *e.to_parties)]
        found = self.lookup.find(names)
        batch = GraphBatch()
        resolved: dict[str, str] = {}
        for raw in dict.fromkeys(names):
            ref = found.get(raw.strip())
            if ref is not None:
                report.matched_by[ref.how] += 1
                resolved[raw] = ref.id
                batch.node("Organization", ref.id, {}, aliases=[raw])
                continue
            org = self.resolver.resolve_one(raw)
            if org is None:
                continue
            resolved[raw] = org.id
            report.matched_by["new"] += 1
            report.new_organizations[raw] = org.id
            add_organization_node(batch, org, raw)
        for event in events:
            pid = patents.get(event.patent_number)
            if pid is None:
                continue
            sides = []
            for names_ in (event.from_parties, event.to_parties):
                side: list[tuple[str, str]] = []
                for raw in names_:
                    oid = resolved.get(raw)
                    if oid and oid not in [i for i, _ in side]:
                        side.append((oid, raw))
                sides.append(side)
            add_event(batch, event, pid, sides[0], sides[1])
            touched.add(pid)
            report.events += 1
            report.by_kind[f"{event.kind}/{event.event}"] += 1
            batch.rows += 1
        return batch

    def _patent_ids(self, events: list[TransactionEvent], report: TransactionLoadReport) -> dict[str, str | None]:
        numbers = [e.patent_number for e in events if e.patent_number not in self._patents]
        numbers = list(dict.fromkeys(numbers))
        if numbers:
            candidates: dict[str, list[str]] = {}
            for n in numbers:
                options = [n]
                if n[-1:].isdigit() and "." not in n:  # a publication number given without its kind code
                    options += [n + k for k in _KIND_CODES]
                candidates[n] = options
            ids = {node_id("Patent", c): (n, c) for n, opts in candidates.items() for c in opts}
            records, _, _ = self.writer.driver.execute_query(
                statement("transactions/internal/patents_by_ids"), {"ids": list(ids)},
                database_=self.writer.database, routing_=neo4j.RoutingControl.READ,
            )
            hits: dict[str, list[tuple[int, str]]] = defaultdict(list)
            for r in records:
                n, c = ids[r["id"]]
                rank = candidates[n].index(c)
                hits[n].append((rank + (100 if r["stub"] else 0), r["id"]))
            missing = [n for n in numbers if n not in hits]
            if missing:
                records, _, _ = self.writer.driver.execute_query(
                    statement("transactions/internal/patents_by_other_numbers"), {"numbers": missing},
                    database_=self.writer.database, routing_=neo4j.RoutingControl.READ,
                )
                for r in records:
                    for n in missing:
                        if n in (r["application_number"], r["publication_number"]):
                            hits[n].append((50, r["id"]))
            for n in numbers:
                self._patents[n] = min(hits[n])[1] if hits.get(n) else None
        out: dict[str, str | None] = {}
        stubs = GraphBatch()
        for e in events:
            pid = self._patents.get(e.patent_number)
            if pid is None:
                report.unknown_patents.append(UnknownPatent(e.patent_number, e.source.file, e.source.line))
                if self.create_unknown_patents:
                    pid = node_id("Patent", e.patent_number)
                    stubs.node("Patent", pid, {"number": e.patent_number, "stub": True})
                    self._patents[e.patent_number] = pid
            out[e.patent_number] = pid
        if stubs.node_count:
            self.writer.write_batch(stubs, label="patent stubs")
        return out

    def update_flags(self, patent_ids: list[str]) -> int:
        """Recompute the transaction flags of these patents from all their events in the graph."""
        count = 0
        for chunk in batched(patent_ids, 2000):
            records, _, _ = self.writer.driver.execute_query(
                statement("transactions/internal/transactions_of_patents"), {"ids": chunk},
                database_=self.writer.database, routing_=neo4j.RoutingControl.READ,
            )
            per_patent: dict[str, list[FlagEvent]] = defaultdict(list)
            for r in records:
                per_patent[r["patent_id"]].append(FlagEvent(r["kind"], r["event"], r["date"], r["contract_number"],
                                                             r["licence_kind"], tuple(r["to_ids"])))
            batch = GraphBatch()
            for pid in chunk:
                flags = patent_flags(per_patent.get(pid, []))
                batch.node("Patent", pid, {k: v for k, v in flags.items() if v is not None})
            self.writer.write_batch(batch, label="transaction flags")
            count += len(chunk)
        return count
