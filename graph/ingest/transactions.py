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
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j

from cypher.catalog import statement
from extract.normalize import org_key, split_org_key
from extract.orgs import extract_region
from extract.records import NotAPatentExport, PatentRecord, Reject
from extract.resolve import OrganizationResolver, ResolvedOrg, canonical_org_key, known_address
from extract.transactions import (
    TransactionEvent,
    read_legal_status_events,
    read_transactions,
    transactions_from_record,
)
from graph.batch import GraphBatch, batched
from graph.ingest.regions import add_located_in, region_chain
from core.model import node_id
from graph.writer import GraphWriter, WriteSummary

EXTRACTOR = "innograph.transactions"
EXTRACTOR_VERSION = "1"

# The Cypher predicate transfer matching uses to leave out patents that are no longer available.
AVAILABLE_FOR_TRANSFER = "coalesce(p.transferred, false) = false AND coalesce(p.exclusively_licensed, false) = false"
EXCLUSIVE_KINDS = ("exclusive", "sole")


@dataclass(frozen=True, slots=True)
class OrgRef:
    """An organisation node a name resolved to, and how."""

    id: str
    name: str
    kind: str | None
    how: str  # id | key | alias | core | resolver (new node)


def transaction_id(patent_id: str, event: TransactionEvent, from_ids: Iterable[str], to_ids: Iterable[str]) -> str:
    """Same patent, kind, event, date and parties -> same node, whichever source (CSV, register) said it."""
    return node_id("PatentTransaction", patent_id, event.kind, event.event, event.date,
                   "|".join(sorted(set(from_ids))), "|".join(sorted(set(to_ids))))


# --- organisation lookup --------------------------------------------------------------------------


class OrganizationLookup:
    """Finds existing Organization nodes for raw names (and ids); never creates any."""

    def __init__(self, driver: neo4j.Driver, database: str) -> None:
        self.driver = driver
        self.database = database
        self._cache: dict[str, OrgRef | None] = {}

    def _read(self, name: str, **params: Any) -> list[neo4j.Record]:
        records, _, _ = self.driver.execute_query(
            statement(f"transactions/internal/{name}"), params, database_=self.database,
            routing_=neo4j.RoutingControl.READ,
        )
        return records

    def find(self, names: Iterable[str]) -> dict[str, OrgRef | None]:
        """Each name (or `org:` id) -> the existing organisation it means, or None."""
        wanted = [n for n in dict.fromkeys(n.strip() for n in names if n and n.strip()) if n not in self._cache]
        if wanted:
            found: dict[str, OrgRef] = {}
            ids = [n for n in wanted if n.startswith("org:")]
            if ids:
                for r in self._read("orgs_by_ids", ids=ids):
                    found[r["id"]] = OrgRef(r["id"], r["name"], r["kind"], "id")
            keys = {n: canonical_org_key(n) for n in wanted if n not in found and org_key(n)}
            if keys:
                by_key = {r["key"]: r for r in self._read("orgs_by_keys", keys=sorted(set(keys.values())))}
                for n, k in keys.items():
                    if k in by_key:
                        r = by_key[k]
                        found[n] = OrgRef(r["id"], r["name"], r["kind"], "key")
            rest = [n for n in wanted if n not in found and not n.startswith("org:")]
            if rest:
                owners: dict[str, set[str]] = defaultdict(set)
                refs: dict[str, OrgRef] = {}
                for r in self._read("orgs_by_alias", names=rest):
                    for spelling in [r["name"], *r["aliases"]]:
                        if spelling in rest:
                            owners[spelling].add(r["id"])
                            refs[r["id"]] = OrgRef(r["id"], r["name"], r["kind"], "alias")
                for n in rest:
                    if len(owners.get(n, ())) == 1:
                        found[n] = refs[next(iter(owners[n]))]
            rest = [n for n in wanted if n not in found and not n.startswith("org:")]
            split = {n: split_org_key(canonical_org_key(n)) for n in rest if org_key(n)}
            cores = {n: c for n, (c, family) in split.items() if family is None and c}
            if cores:
                by_core: dict[str, list[neo4j.Record]] = defaultdict(list)
                for r in self._read("orgs_by_core", cores=sorted(set(cores.values()))):
                    by_core[r["core"]].append(r)
                for n, c in cores.items():
                    hits = {r["id"]: r for r in by_core.get(c, [])}
                    if len(hits) == 1:  # a core that could mean two organisations stays unresolved
                        r = next(iter(hits.values()))
                        found[n] = OrgRef(r["id"], r["name"], r["kind"], "core")
            for n in wanted:
                self._cache[n] = found.get(n)
        return {n: self._cache.get(n.strip()) for n in names if n and n.strip()}


def add_organization_node(batch: GraphBatch, org: ResolvedOrg, raw: str, document_id: str | None = None,
                          extractor: str = EXTRACTOR) -> None:
    """A new organisation (a bank, a fund, a firm that never filed) with its region, as PatentLoader writes one."""
    region = extract_region(raw, known_address(org.name), None, None)
    batch.node("Organization", org.id, {
        "name": org.name, "name_norm": org.name_norm, "kind": org.kind, "kind_confidence": org.kind_confidence,
        "country": region.country, "province": region.province, "city": region.city,
        "extractor": extractor, "extractor_version": EXTRACTOR_VERSION,
    }, aliases=[raw], sources=[document_id] if document_id else [])
    add_located_in(batch, org.id, region, region_chain(region))


# --- events -> batch ------------------------------------------------------------------------------


def add_event(batch: GraphBatch, event: TransactionEvent, patent_id: str,
              from_orgs: list[tuple[str, str]], to_orgs: list[tuple[str, str]]) -> str:
    """Write one event node and its edges; `from_orgs` / `to_orgs` are (org id, raw name) in order."""
    tid = transaction_id(patent_id, event, (i for i, _ in from_orgs), (i for i, _ in to_orgs))
    batch.node("PatentTransaction", tid, {
        "kind": event.kind, "event": event.event, "date": event.date, "year": int(event.date[:4]),
        "amount": event.amount, "currency": event.currency, "contract_number": event.contract_number,
        "licence_kind": event.licence_kind, "patent_number": event.patent_number,
        "from_names": [n for _, n in from_orgs] or None, "to_names": [n for _, n in to_orgs] or None,
        "title": event.title, "announce_date": event.announce_date, "record_source": event.record_source,
        "source_file": event.source.file, "source_line": event.source.line, "source_format": event.source.format,
        "extractor": EXTRACTOR, "extractor_version": EXTRACTOR_VERSION,
    })
    batch.relationship("TRANSACTION_OF", ("PatentTransaction", tid), ("Patent", patent_id))
    for rel, orgs in (("FROM_PARTY", from_orgs), ("TO_PARTY", to_orgs)):
        for sequence, (oid, raw) in enumerate(orgs, 1):
            batch.relationship(rel, ("PatentTransaction", tid), ("Organization", oid),
                               {"sequence": sequence, "name": raw})
    return tid


@dataclass(frozen=True, slots=True)
class FlagEvent:
    kind: str
    event: str
    date: str
    contract_number: str | None
    licence_kind: str | None
    to_ids: tuple[str, ...]


def patent_flags(events: Iterable[FlagEvent]) -> dict[str, Any]:
    """Flags of a patent from all its transaction events.

    A licence or pledge is active when its effective event has no cancel event for the same contract
    (contract number, else the same receiving parties) on or after its date.
    """
    events = sorted(events, key=lambda e: e.date)
    transfers = [e for e in events if e.kind == "transfer" and e.event == "effective"]
    active: dict[str, dict[tuple[Any, ...], FlagEvent]] = {"licence": {}, "pledge": {}}
    for e in events:
        if e.kind not in active:
            continue
        key = (e.contract_number,) if e.contract_number else tuple(sorted(e.to_ids))
        if e.event == "effective":
            active[e.kind][key] = e
        elif e.event == "cancel":
            active[e.kind].pop(key, None)
        elif e.event == "change" and key in active[e.kind] and e.licence_kind:
            active[e.kind][key] = e
    licences = list(active["licence"].values())
    return {
        "transferred": bool(transfers),
        "transfer_count": len(transfers),
        "last_transfer_date": transfers[-1].date if transfers else None,
        "licensed": bool(licences),
        "exclusively_licensed": any(e.licence_kind in EXCLUSIVE_KINDS for e in licences),
        "pledged": bool(active["pledge"]),
        "transaction_count": len(events),
    }


def add_record_transactions(
    batch: GraphBatch,
    record: PatentRecord,
    patent_id: str,
    resolve: Callable[[str], ResolvedOrg | None],
    add_org: Callable[[ResolvedOrg, str], None],
) -> list[Reject]:
    """The PatentLoader hook: events of a record's legal status into the batch, flags on its patent.

    `resolve` is the loader's name -> ResolvedOrg (its own resolver, so transaction parties and applicants
    share nodes); `add_org(org, raw)` writes an organisation node as the loader does for applicants.
    """
    events, rejects = transactions_from_record(record)
    flags: list[FlagEvent] = []
    for event in events:
        sides: list[list[tuple[str, str]]] = []
        for names in (event.from_parties, event.to_parties):
            side: list[tuple[str, str]] = []
            for raw in names:
                org = resolve(raw)
                if org is None:
                    continue
                add_org(org, raw)
                if org.id not in [i for i, _ in side]:
                    side.append((org.id, raw))
            sides.append(side)
        add_event(batch, event, patent_id, sides[0], sides[1])
        flags.append(FlagEvent(event.kind, event.event, event.date, event.contract_number, event.licence_kind,
                               tuple(i for i, _ in sides[1])))
    if events:
        batch.node("Patent", patent_id, {k: v for k, v in patent_flags(flags).items() if v is not None})
    return rejects


# --- the loader -----------------------------------------------------------------------------------


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


# --- ownership ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ownership:
    """Who held a patent on a date, and why the graph says so."""

    patent_id: str | None
    date: str
    owners: list[dict[str, Any]]  # [{id, name}] in filing / register order
    basis: str  # applicants | transfer | before_filing | unknown_patent
    transaction_id: str | None = None
    transfer_date: str | None = None


def owner_at(driver: neo4j.Driver, database: str, patent_id: str, date: str) -> Ownership:
    """The owners of a patent (node id or number) on an ISO date: the new owners of its last effective
    transfer on or before that date, else its applicants (nobody before its filing date)."""
    records, _, _ = driver.execute_query(
        statement("transactions/internal/ownership"), {"patent": patent_id, "date": date},
        database_=database, routing_=neo4j.RoutingControl.READ,
    )
    if not records:
        return Ownership(None, date, [], "unknown_patent")
    first = records[0]

    def people(items: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
        rows = [dict(i) for i in items if i.get("id")]
        rows.sort(key=lambda i: (i.get("sequence") is None, i.get("sequence") or 0))
        return [{"id": i["id"], "name": i["name"]} for i in rows]

    if first["application_date"] and date < first["application_date"]:
        return Ownership(first["patent_id"], date, [], "before_filing")
    transfers = [r for r in records if r["transaction_id"]]
    if not transfers:
        return Ownership(first["patent_id"], date, people(first["applicants"]), "applicants")
    last = max(transfers, key=lambda r: (r["date"], r["source_line"] or 0, r["transaction_id"]))
    return Ownership(first["patent_id"], date, people(last["owners"]), "transfer", last["transaction_id"], last["date"])
