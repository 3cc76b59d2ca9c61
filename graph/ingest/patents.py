"""Patent ingest: files -> canonical records -> resolved organisations and inventors -> graph batches.

Two passes over each load. Pass 1 reads every record once, writes rejects, resolves organisation
names and collects inventor mentions, because deciding that two mentions are one person needs all
the evidence (shared co-inventors, applicants, city, technology). Pass 2 reads the files again and
writes batches using those decisions. Reading twice costs about 30 s per million CSV rows; keeping a
million records in memory instead would cost gigabytes.
"""

from __future__ import annotations

import time
from itertools import islice
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path

import neo4j

from cypher.catalog import statement
from extract.chains import Chain
from extract.classify import build_index
from extract.concepts import ConceptMatcher
from extract.inventors import InventorAssignment, InventorMentionContext, iter_disambiguate, mention_id, record_mentions
from extract.orgs import RegionRef, extract_region
from extract.patents import detect_format, read_patents
from extract.records import NotAPatentExport, PatentRecord, Reject
from extract.resolve import OrganizationResolver, OrgMention, ResolvedOrg, known_address
from extract.transactions import transactions_from_record
from graph.batch import GraphBatch, batched
from graph.classify import add_segment_links
from graph.ingest.chains import chain_fingerprint
from graph.ingest.ipc import add_ipc_class
from graph.ingest.patent_report import FileReport, PatentLoadReport, RejectsFile, file_sha256
from graph.ingest.regions import add_located_in, region_chain
from graph.ingest.transaction_events import add_record_transactions
from core.model import node_id
from graph.writer import GraphWriter

EXTRACTOR = "innograph.patents"
EXTRACTOR_VERSION = "1"
_VALID_STATUSES = ("有效", "授权", "valid", "active", "granted", "in force")
_INVALID_STATUSES = ("失效", "无效", "撤回", "驳回", "终止", "放弃", "expired", "lapsed", "withdrawn", "invalid")


@lru_cache(maxsize=200_000)
def _region_of(name: str, address: str | None, city: str | None, province: str | None) -> RegionRef:
    return extract_region(name, address, city, province)


def _valid(status: str | None) -> bool | None:
    if not status:
        return None
    # exports put the current status first; what follows is often the event history
    lowered = status.replace("；", ";").split(";")[0].split("\n")[0].lower()
    if any(s in lowered for s in _INVALID_STATUSES):
        return False
    if any(s in lowered for s in _VALID_STATUSES):
        return True
    return None


def _patent_text(record: PatentRecord) -> str:
    """Title and abstract: what concepts and chain keywords are read from."""
    return " ".join(t for t in (record.title, record.abstract) if t)


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


class PatentLoader:
    """Loads patent files into the graph through a `GraphWriter` it is given."""

    def __init__(
        self,
        writer: GraphWriter,
        *,
        batch_size: int = 2000,
        rejects_path: Path | None = None,
        on_records: Callable[[str, int], None] | None = None,
        inventor_shards: int = 1,
        chains: Mapping[str, Chain] | None = None,
        skip_loaded: bool = False,
    ) -> None:
        self.writer = writer
        self.batch_size = batch_size
        self.rejects_path = rejects_path
        self.on_records = on_records or (lambda phase, n: None)
        self.inventor_shards = inventor_shards
        self.skip_loaded = skip_loaded
        self.resolver = OrganizationResolver()
        self._organizations: dict[str, ResolvedOrg | None] = {}
        # classification is done while the record is in hand; `innograph classify` redoes it from the graph
        self._segments = build_index(chains) if chains else None
        # technology concepts of titles and abstracts (extract.concepts; the pipelines load on first use)
        self._concepts = ConceptMatcher()
        self._fingerprints = {cid: chain_fingerprint(c) for cid, c in (chains or {}).items()}

    # -- pass 1 ---------------------------------------------------------------------------------
    def _scan(self, files: list[tuple[Path, str]], report: PatentLoadReport) -> dict[str, InventorAssignment]:
        mentions: list[InventorMentionContext] = []
        rejects = RejectsFile(self.rejects_path) if self.rejects_path else None
        try:
            for path, fmt in files:
                file_report = FileReport(str(path), fmt, "doc:" + file_sha256(path))
                report.files.append(file_report)
                names: list[OrgMention] = []
                try:
                    for item in read_patents(path, fmt):
                        if isinstance(item, Reject):
                            file_report.rejected += 1
                            if rejects:
                                rejects.write(item.to_json() + "\n")
                            continue
                        file_report.records += 1
                        names.extend(OrgMention(p.name, p.address, p.country) for p in item.applicants)
                        if item.legal_status:
                            events, event_rejects = transactions_from_record(item)
                            names.extend(OrgMention(n) for e in events for n in (*e.from_parties, *e.to_parties))
                            file_report.rejected += len(event_rejects)
                            if rejects:
                                for reject in event_rejects:
                                    rejects.write(reject.to_json() + "\n")
                        mentions.extend(record_mentions(item))
                        if len(names) >= 20_000:
                            self.resolver.resolve(names)
                            names.clear()
                        if file_report.records % 1000 == 0:
                            self.on_records("scan", 1000)
                except NotAPatentExport as exc:
                    file_report.error = str(exc)
                    continue
                self.resolver.resolve(names)
                self.on_records("scan", file_report.records % 1000)
        finally:
            if rejects:
                rejects.close()
        report.organizations = len(self.resolver.organizations())
        return dict(iter_disambiguate(mentions, report.inventors, shard_count=self.inventor_shards))

    # -- pass 2 ---------------------------------------------------------------------------------
    def _batches(
        self, files: list[FileReport], inventors: dict[str, InventorAssignment], report: PatentLoadReport
    ) -> Iterator[GraphBatch]:
        for file_report in files:
            if file_report.error:
                continue
            records = (item for item in read_patents(Path(file_report.path), file_report.format)
                       if not isinstance(item, Reject))
            while chunk := list(islice(records, self.batch_size)):
                # concepts of a whole batch at once: the pipelines run texts with nlp.pipe
                concepts = self._concepts.pipe(_patent_text(r) for r in chunk)
                batch = GraphBatch()
                for record, found in zip(chunk, concepts, strict=True):
                    links = self._add_record(batch, record, file_report.document_id, inventors, found)
                    report.classified += links > 0
                    report.segment_links += links
                    batch.rows += 1
                yield batch

    def _add_record(
        self, batch: GraphBatch, record: PatentRecord, document_id: str, inventors: dict[str, InventorAssignment],
        concepts: list[str] | None = None,
    ) -> int:
        """Add one record's nodes and relationships; returns how many chain segments it was linked to."""
        pid = node_id("Patent", record.number)
        batch.node(
            "Patent",
            pid,
            {
                "number": record.number,
                "office": record.office,
                "application_number": record.application_number,
                "application_date": record.application_date,
                "year": _year(record.application_date) or _year(record.publication_date),
                "publication_number": record.publication_number,
                "publication_date": record.publication_date,
                "grant_date": record.grant_date,
                "title": record.title,
                "abstract": record.abstract,
                "type": record.patent_type,
                "legal_status": record.legal_status,
                "valid": _valid(record.legal_status),
                "ipc": record.ipc,
                "main_ipc": record.main_ipc or (record.ipc[0] if record.ipc else None),
                "cpc": record.cpc,
                "claims_count": record.claims_count,
                "cited_count": len(record.cited_numbers),
                "agency": record.agency,
                "language": record.language,
                "concepts": concepts or [],
                "stub": False,
                "source_doc": document_id,
                "source_file": record.source.file,
                "source_line": record.source.line,
                "source_format": record.source.format,
                "extractor": EXTRACTOR,
                "extractor_version": EXTRACTOR_VERSION,
            },
            sources=[document_id],
        )
        org_ids: list[str] = []
        for party in record.applicants:
            resolved = self._organization(party.name)
            if resolved is None:
                continue
            org_ids.append(resolved.id)
            self._add_organization(batch, resolved, party.name, party.address, party.city, party.province,
                                   party.country, document_id)
            batch.relationship("APPLIED_FOR", ("Organization", resolved.id), ("Patent", pid),
                               {"sequence": party.sequence})
        for m in record.inventors:
            assignment = inventors.get(mention_id(record, m.sequence))
            if assignment is None:
                continue
            batch.node("Inventor", assignment.id,
                       {"name": assignment.name, "name_norm": assignment.key, "country": m.country,
                        "province": m.province, "city": m.city},
                       aliases=assignment.aliases)
            batch.relationship("INVENTED", ("Inventor", assignment.id), ("Patent", pid), {"sequence": m.sequence})
            for org_id in org_ids:
                batch.relationship("AFFILIATED_WITH", ("Inventor", assignment.id), ("Organization", org_id))
        codes = list(dict.fromkeys(([record.main_ipc] if record.main_ipc else []) + record.ipc))
        main = record.main_ipc or (codes[0] if codes else None)
        # CPC symbols extend IPC ones, so they hang in the same hierarchy, marked with their scheme
        schemes = {code: "ipc" for code in codes}
        for code in record.cpc:
            schemes.setdefault(code, "cpc")
        for code, scheme in schemes.items():
            add_ipc_class(batch, code)
            batch.relationship("CLASSIFIED_AS", ("Patent", pid), ("IPCClass", node_id("IPCClass", code)),
                               {"main": code == main, "scheme": scheme})
        links = 0
        if self._segments is not None:
            links = add_segment_links(batch, pid, list(schemes), None, main, self._segments, self._fingerprints,
                                      concepts=concepts or [])
        if record.legal_status:
            # transfer, licence and pledge events in the legal status; their rejects were written in pass 1
            add_record_transactions(
                batch, record, pid, self._organization,
                lambda org, raw: self._add_organization(batch, org, raw, None, None, None, None, document_id),
            )
        for cited in record.cited_numbers:
            cited_id = node_id("Patent", cited)
            if cited_id != pid:
                if cited_id not in batch.nodes.get("Patent", {}):
                    batch.node("Patent", cited_id, {"number": cited})
                batch.relationship("CITES", ("Patent", pid), ("Patent", cited_id))
        return links

    def _add_organization(
        self, batch: GraphBatch, org: ResolvedOrg, raw: str, address: str | None, city: str | None,
        province: str | None, country: str | None, document_id: str,
    ) -> None:
        region = _region_of(raw, address or known_address(org.name), city, province)
        props = {
            "name": org.name,
            "name_norm": org.name_norm,
            "kind": org.kind,
            "kind_confidence": org.kind_confidence,
            "country": region.country or (country.upper() if country else None),
            "province": region.province,
            "city": region.city,
            "extractor": EXTRACTOR,
            "extractor_version": EXTRACTOR_VERSION,
        }
        batch.node("Organization", org.id, props, aliases=[raw], sources=[document_id])
        chain = region_chain(region)
        if not chain and props["country"]:
            code = str(props["country"])
            chain = [(node_id("Region", code), {"code": code, "name": code, "level": "country"})]
        add_located_in(batch, org.id, region, chain)

    def _organization(self, name: str | None) -> ResolvedOrg | None:
        if not name:
            return None
        if name not in self._organizations:
            self._organizations[name] = self.resolver.resolve_one(name)
        return self._organizations[name]

    # -- the load -------------------------------------------------------------------------------
    def load(self, paths: Iterable[Path], fmt: str | None = None) -> PatentLoadReport:
        """Read, resolve and write every file; a file that is not a patent export is reported, not fatal."""
        started = time.perf_counter()
        report = PatentLoadReport(rejects_path=self.rejects_path)
        files: list[tuple[Path, str]] = []
        for path in paths:
            try:
                files.append((path, fmt or detect_format(path)))
            except NotAPatentExport as exc:
                report.files.append(FileReport(str(path), "unknown", "", error=str(exc)))
        if self.skip_loaded and files:
            files = self._not_yet_loaded(files, report)
        inventors = self._scan(files, report)
        loaded = [f for f in report.files if f.document_id and not f.error and not f.skipped]

        report.chains = len(self._fingerprints)
        report.write = self.writer.write_all(
            self._batches(loaded, inventors, report), on_batch=lambda result: self.on_records("write", result.rows)
        )
        self._refresh_patent_counts(sorted({a.id for a in inventors.values()}))
        # the Document nodes mark the files as loaded completely (`skip_loaded`), so they are written
        # last, after the counts: a load interrupted before them is done again in full when re-run
        report.write.add(self.writer.write_batch(self._documents_batch(loaded), label="documents"))
        report.seconds = time.perf_counter() - started
        return report

    def _refresh_patent_counts(self, inventor_ids: list[str]) -> None:
        ids = sorted({org.id for org in self._organizations.values() if org is not None})
        for name, batch_ids in (("organization_patent_counts", ids), ("inventor_patent_counts", inventor_ids)):
            for chunk in batched(batch_ids, 5000):
                self.writer.driver.execute_query(statement(f"ingest/{name}"), {"ids": chunk},
                                                 database_=self.writer.database)

    def _not_yet_loaded(self, files: list[tuple[Path, str]], report: PatentLoadReport) -> list[tuple[Path, str]]:
        ids = {path: "doc:" + file_sha256(path) for path, _ in files}
        records, _, _ = self.writer.driver.execute_query(
            statement("ingest/loaded_documents"), {"ids": list(ids.values())},
            database_=self.writer.database, routing_=neo4j.RoutingControl.READ,
        )
        loaded = {r["id"]: r["rows"] for r in records}
        remaining = []
        for path, fmt in files:
            if ids[path] in loaded:
                report.files.append(FileReport(str(path), fmt, ids[path], records=loaded[ids[path]] or 0, skipped=True))
            else:
                remaining.append((path, fmt))
        return remaining

    @staticmethod
    def _documents_batch(files: list[FileReport]) -> GraphBatch:
        batch = GraphBatch()
        for f in files:
            batch.node("Document", f.document_id, {
                "path": f.path, "format": f.format, "sha256": f.document_id.removeprefix("doc:"),
                "rows": f.records, "rejected": f.rejected,
            })
        return batch
