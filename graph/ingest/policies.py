"""Policy ingest: policy documents -> `extract.policy` extractions -> graph batches, one per document.

What is written (see docs/data-model.md), every node and edge carrying provenance (`document_id`, the
character span in the document text, `extractor`, `extractor_version`, `confidence`):

* `Document` (`doc:<sha256>` of the file bytes, like patent files) with `path`, `format`, `language`
  and the decoded `text` that every span indexes, so `substring(d.text, m.span_start, ...)` gives back
  the sentence behind any measure or target even for HTML/PDF sources.
* `Policy -[:FROM_DOCUMENT]-> Document`; the policy id is the extractor's (`node_id("Policy", document
  number, else title, else document sha256)`).
* `Policy -[:HAS_MEASURE {ordinal}]-> Measure`.
* `Measure -[:SETS_TARGET]-> Target` for a target inside a measure's span; a target stated outside
  every measure (plan-level goals in an opening paragraph) hangs off the policy:
  `Policy -[:SETS_TARGET]-> Target` (the data model allows both; the API reads both).
* `Organization -[:MENTIONED_IN]-> Measure` for mentions inside a measure, `-> Policy` for mentions
  elsewhere in the text; one edge per (organisation, measure / policy) with the first surface and
  span, the number of mentions and every span (`spans`, flat start/end pairs).
  Organisation ids come from the same `OrganizationResolver` the patent loader uses, so a body named
  in a policy is the node that patent data makes for it. An alias of the policy extractor's list
  (cn.cnipa ...) is resolved through the first of its forms that is a known organisation
  (known_orgs.yaml), else its first Chinese form (patent data in Jiangsu names bodies in Chinese).
* Programmes (named schemes such as a "high-value patent cultivation centre" programme) are
  `Organization` nodes with `kind: 'other'` and `programme: true`, because the data model's
  MENTIONED_IN is "organisation or programme"; filter them with `coalesce(o.programme, false)`.
* `Policy -[:ISSUED_BY]-> Organization` for the issuers the extractor found.
* `Policy -[:IMPLEMENTS|CITES]-> Policy` to the referenced policy's id: `node_id("Policy", number)` when
  the reference has a document number, else `node_id("Policy", title)` - the id that policy gets when
  its own document is loaded. A referenced policy neither in this load nor already in the graph is a
  stub: `{doc_number, title, stub: true}`; loading its document later fills it and sets `stub: false`.
  A stub is never written over a loaded policy.
* `Measure -[:TARGETS_SEGMENT]-> ChainSegment` and `Measure -[:TARGETS_CHAIN]-> IndustrialChain`
  (only when chains are given). A segment link says the measure is about that segment's technology;
  naming an industry is not that, so it links the chain as a whole:
  - the measure names an industry of a chain (taxonomy label, e.g. humanoid_robots for the
    humanoid-robots chain): `TARGETS_CHAIN` to that chain, `rule: 'industry'`, confidence 0.4, and
    `TARGETS_SEGMENT` to the segments whose own keywords occur in the measure, `rule: 'keyword'`, 0.8;
  - a chain whose industry is not named: its segments whose keywords occur in the measure text, but
    only when at least two distinct keywords of that chain occur (policy prose shares single words
    such as 数据安全 or 政务服务 with segment vocabularies), `rule: 'keyword'`, confidence 0.5.
  Segment keywords that are themselves industry triggers (人形机器人, large model ...) count as naming the
  industry, not a segment. Broad labels (robotics, artificial_intelligence) name no chain.

A re-run with the same files writes the same ids and properties (no timestamps), so it changes
nothing. A policy re-loaded from a changed document drops the measures and targets that the old
document produced and the new one did not (they carry `document_id`).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j

from cypher.catalog import split_statements, statement
from extract.chains import Chain
from extract.policy import PolicyExtraction, PolicyExtractionError, extract_documents
from extract.policy.model import EXTRACTOR_NAME, EXTRACTOR_VERSION, OrgMention
from extract.policy.resources import load as load_policy_data
from extract.resolve import OrganizationResolver, ResolvedOrg
from extract.policy_files import policy_files
from extract.policy_matching import chain_matches, resolution_name, segment_matches, segment_rules
from graph.batch import GraphBatch
from graph.ingest.chains import chain_node_id, chains_batch, segment_node_id
from core.model import node_id
from graph.writer import GraphWriter, WriteSummary

@dataclass
class PolicyFileReport:
    """One input file: what it produced, or why it was not loaded."""

    path: str
    document_id: str | None = None
    policy_id: str | None = None
    title: str | None = None
    language: str | None = None
    format: str | None = None
    measures: int = 0
    targets: int = 0
    organisations: int = 0
    programmes: int = 0
    links: int = 0
    segment_links: int = 0
    chain_links: int = 0
    error: str | None = None  # exception class name (EmptyDocumentError, ...) or "Duplicate" / "Skipped"
    reason: str | None = None

    @property
    def loaded(self) -> bool:
        return self.error is None


@dataclass
class PolicyLoadReport:
    """What a policy load read, failed on and wrote."""

    files: list[PolicyFileReport] = field(default_factory=list)
    write: WriteSummary = field(default_factory=WriteSummary)
    organisation_ids: set[str] = field(default_factory=set)
    stub_policies: int = 0
    removed_stale: int = 0
    seconds: float = 0.0

    @property
    def loaded(self) -> list[PolicyFileReport]:
        return [f for f in self.files if f.loaded]

    @property
    def failures(self) -> list[PolicyFileReport]:
        return [f for f in self.files if not f.loaded]

    @property
    def policies(self) -> int:
        return len(self.loaded)

    @property
    def measures(self) -> int:
        return sum(f.measures for f in self.loaded)

    @property
    def targets(self) -> int:
        return sum(f.targets for f in self.loaded)

    @property
    def organisations(self) -> int:
        """Distinct Organization nodes (programmes included) named by the loaded policies."""
        return len(self.organisation_ids)

    @property
    def links(self) -> int:
        return sum(f.links for f in self.loaded)

    @property
    def segment_links(self) -> int:
        return sum(f.segment_links for f in self.loaded)

    @property
    def chain_links(self) -> int:
        return sum(f.chain_links for f in self.loaded)


class PolicyLoader:
    """Extracts policy documents and writes them through a `GraphWriter` it is given.

    `chains` (e.g. `extract.chains.load_chains()`) enables TARGETS_SEGMENT links; the chains themselves
    are written (idempotently) first so that the segments exist with their properties.
    """

    def __init__(self, writer: GraphWriter, *, chains: Mapping[str, Chain] | None = None,
                 driver: neo4j.Driver | None = None, database: str | None = None) -> None:
        self.writer = writer
        self.chains = dict(chains or {})
        # reads (which policies are loaded, stale measures) go through the writer's own connection
        self._driver: neo4j.Driver = driver or writer.driver  # same connection as the writes
        self._database: str = database or writer.database
        self.resolver = OrganizationResolver()
        self._org_cache: dict[tuple[str, str], ResolvedOrg | None] = {}
        self._segment_rules = segment_rules(self.chains)

    # -- the load ---------------------------------------------------------------------------------
    def load(self, paths: Iterable[str | Path]) -> PolicyLoadReport:
        """Extract and write every file (directories: their document files); failures are reported."""
        started = time.perf_counter()
        report = PolicyLoadReport()
        files, skipped = policy_files(paths)
        report.files.extend(PolicyFileReport(str(path), error="Skipped", reason=reason) for path, reason in skipped)
        extractions: list[tuple[PolicyFileReport, PolicyExtraction]] = []
        by_policy: dict[str, PolicyFileReport] = {}
        by_document: dict[str, PolicyFileReport] = {}
        # every document through its language's pipeline together (nlp.pipe); a file that cannot be read
        # is reported with the reason and the others load
        for path, extraction in zip(files, extract_documents(files), strict=True):
            file_report = PolicyFileReport(str(path))
            report.files.append(file_report)
            if isinstance(extraction, PolicyExtractionError):
                file_report.error, file_report.reason = type(extraction).__name__, extraction.reason
                continue
            file_report.document_id = "doc:" + extraction.document_id
            file_report.policy_id = extraction.policy_id
            first = by_document.get(file_report.document_id) or by_policy.get(extraction.policy_id)
            if first is not None:
                same_bytes = first.document_id == file_report.document_id
                file_report.error = "Duplicate"
                file_report.reason = (f"same file content as {first.path}" if same_bytes else
                                      f"same policy (document number / title) as {first.path}")
                continue
            by_document[file_report.document_id] = file_report
            by_policy[extraction.policy_id] = file_report
            extractions.append((file_report, extraction))
        if not extractions:
            report.seconds = time.perf_counter() - started
            return report
        if self.chains:
            report.write.add(self.writer.write_batch(chains_batch(self.chains), label="chains"))
        loaded_ids = {e.policy_id for _, e in extractions}
        referenced = {_link_target_id(link) for _, e in extractions for link in e.links} - loaded_ids - {None}
        # a referenced policy gets a stub unless it is loaded now or already loaded; one stub per load
        known_policies = loaded_ids | self._loaded_policies(sorted(i for i in referenced if i))
        batches = [self._batch(extraction, file_report, known_policies, report)
                   for file_report, extraction in extractions]
        report.write.add(self.writer.write_all(batches))
        report.removed_stale = self._remove_stale([(e.policy_id, "doc:" + e.document_id) for _, e in extractions])
        report.seconds = time.perf_counter() - started
        return report

    # -- one document -----------------------------------------------------------------------------
    def _batch(self, ex: PolicyExtraction, fr: PolicyFileReport, known_policies: set[str],
               report: PolicyLoadReport) -> GraphBatch:
        batch = GraphBatch(rows=1)
        doc_id = "doc:" + ex.document_id
        fr.title, fr.language, fr.format = ex.title, ex.language, ex.format
        prov = {"document_id": doc_id, "extractor": EXTRACTOR_NAME, "extractor_version": EXTRACTOR_VERSION}
        batch.node("Document", doc_id, {
            "path": ex.source, "format": ex.format, "sha256": ex.document_id, "kind": "policy",
            "language": ex.language, "text": ex.text, "chars": len(ex.text), "rows": len(ex.measures),
            "dropped_lines": ex.dropped_lines,
        })
        pid = ex.policy_id
        orgs = {m.key: self._organization(m) for m in ex.organisations}
        batch.node("Policy", pid, {
            "title": ex.title, "doc_number": ex.doc_number, "region": ex.region, "date": ex.date,
            "period": list(ex.period) if ex.period else None,
            "period_start": ex.period[0] if ex.period else None,
            "period_end": ex.period[1] if ex.period else None,
            "language": ex.language, "format": ex.format, "source_file": ex.source,
            "issuers": [org.name for k in ex.issuers if (org := orgs.get(k))],
            "measure_count": len(ex.measures), "target_count": len(ex.targets), "stub": False,
            # press conferences and interviews: who spoke and how many reporters' questions
            "speakers": list(dict.fromkeys(t.speaker for t in ex.turns if t.role != "question")),
            "questions": sum(1 for t in ex.turns if t.role == "question"),
            "concepts": ex.concepts,
            **prov,
        }, sources=[doc_id])
        batch.relationship("FROM_DOCUMENT", ("Policy", pid), ("Document", doc_id), prov)

        for m in ex.measures:
            batch.node("Measure", m.id, {
                "ordinal": m.ordinal, "text": m.text, "span_start": m.span[0], "span_end": m.span[1],
                "section": m.section, "kind": m.kind, "area": m.area, "instruments": m.instruments,
                "actors": m.actors, "industries": m.industries, "concepts": m.concepts,
                "confidence": m.provenance.confidence,
                "policy_id": pid, **prov,
            }, sources=[doc_id])
            batch.relationship("HAS_MEASURE", ("Policy", pid), ("Measure", m.id), {"ordinal": m.ordinal, **prov})
            fr.segment_links += self._segment_links(batch, m.id, m.text, m.industries, m.span, prov)
            fr.chain_links += self._chain_links(batch, m.id, m.industries, m.span, prov)
        fr.measures = len(ex.measures)

        measure_ids = {m.ordinal: m.id for m in ex.measures}
        for t in ex.targets:
            s, e = t.sentence_span
            batch.node("Target", t.id, {
                "ordinal": t.ordinal, "metric": t.metric, "comparator": t.comparator, "value": t.value,
                "unit": t.unit, "normalised_value": t.normalised_value, "normalised_unit": t.normalised_unit,
                "value_cny": t.value_cny, "baseline": t.baseline, "deadline": t.deadline,
                "deadline_inferred": t.deadline_inferred, "measure_ordinal": t.measure_ordinal,
                "span_start": t.provenance.span[0], "span_end": t.provenance.span[1],
                "sentence_start": s, "sentence_end": e, "sentence": ex.text[s:e],
                "confidence": t.provenance.confidence, "policy_id": pid, **prov,
            }, sources=[doc_id])
            owner = ("Measure", measure_ids[t.measure_ordinal]) if t.measure_ordinal in measure_ids else ("Policy", pid)
            batch.relationship("SETS_TARGET", owner, ("Target", t.id),
                               {"confidence": t.provenance.confidence, **prov})
        fr.targets = len(ex.targets)

        org_ids: set[str] = set()
        programme_ids: set[str] = set()
        for mention in ex.organisations:
            org = orgs[mention.key]
            if org is None:
                continue
            programme = mention.kind == "programme"
            report.organisation_ids.add(org.id)
            (programme_ids if programme else org_ids).add(org.id)
            kind, kind_confidence = ("other", 0.5) if programme else self._kind(mention, org)
            batch.node("Organization", org.id, {
                "name": org.name, "name_norm": org.name_norm, "kind": kind, "kind_confidence": kind_confidence,
                "programme": True if programme else None,
            }, aliases=[*mention.surface_forms, mention.name], sources=[doc_id])
            for owner, spans in _mentions_by_owner(mention, ex, pid).items():
                flat = [x for span in spans for x in span]
                batch.relationship("MENTIONED_IN", ("Organization", org.id), owner, {
                    "surface": ex.text[spans[0][0]:spans[0][1]], "span_start": spans[0][0], "span_end": spans[0][1],
                    "spans": flat, "mentions": len(spans), "key": mention.key, "programme": programme,
                    "confidence": mention.provenance.confidence, **prov,
                })
        fr.organisations, fr.programmes = len(org_ids), len(programme_ids - org_ids)
        for key in ex.issuers:
            org = orgs.get(key)
            if org is not None:
                mention = next(m for m in ex.organisations if m.key == key)
                batch.relationship("ISSUED_BY", ("Policy", pid), ("Organization", org.id), {
                    "span_start": mention.spans[0][0], "span_end": mention.spans[0][1],
                    "confidence": mention.provenance.confidence, **prov,
                })

        for link in ex.links:
            target = _link_target_id(link)
            if target is None or target == pid:
                continue
            if target not in known_policies:
                batch.node("Policy", target, {"doc_number": link.doc_number, "title": link.title, "stub": True},
                           sources=[doc_id])
                report.stub_policies += 1
                known_policies.add(target)
            batch.relationship(link.relation, ("Policy", pid), ("Policy", target), {
                "surface": link.surface, "span_start": link.provenance.span[0], "span_end": link.provenance.span[1],
                "doc_number": link.doc_number, "title": link.title,
                "confidence": link.provenance.confidence, **prov,
            })
            fr.links += 1
        return batch

    # -- organisations ----------------------------------------------------------------------------
    def _organization(self, mention: OrgMention) -> ResolvedOrg | None:
        name = resolution_name(mention)
        key = (mention.key, name)
        if key not in self._org_cache:
            self._org_cache[key] = self.resolver.resolve_one(name) if name.strip() else None
        return self._org_cache[key]

    @staticmethod
    def _kind(mention: OrgMention, org: ResolvedOrg) -> tuple[str, float]:
        if org.known:
            return org.kind, org.kind_confidence
        alias = load_policy_data("orgs")["aliases"].get(mention.key)
        if alias and alias.get("kind"):
            return alias["kind"], 0.95
        return org.kind, org.kind_confidence

    # -- chain segments ---------------------------------------------------------------------------
    def _chain_links(self, batch: GraphBatch, measure_id: str, industries: list[str], span: tuple[int, int],
                     prov: dict[str, Any]) -> int:
        links = chain_matches(industries, self._segment_rules)
        for chain_id, props in links.items():
            batch.relationship("TARGETS_CHAIN", ("Measure", measure_id), ("IndustrialChain", chain_node_id(chain_id)),
                               {**props, "span_start": span[0], "span_end": span[1], **prov})
        return len(links)

    def _segment_links(self, batch: GraphBatch, measure_id: str, text: str, industries: list[str],
                       span: tuple[int, int], prov: dict[str, Any]) -> int:
        links = segment_matches(text, industries, self._segment_rules)
        for (chain_id, key), props in links.items():
            batch.relationship("TARGETS_SEGMENT", ("Measure", measure_id),
                               ("ChainSegment", segment_node_id(chain_id, key)),
                               {**props, "span_start": span[0], "span_end": span[1], **prov})
        return len(links)

    # -- reads ------------------------------------------------------------------------------------
    def _read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        records, _, _ = self._driver.execute_query(statement(name), params, database_=self._database,
                                                   routing_=neo4j.RoutingControl.READ)
        return [dict(r) for r in records]

    def _loaded_policies(self, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        return {r["id"] for r in self._read("policy/loaded_policies", ids=ids)}

    def _remove_stale(self, policies: list[tuple[str, str]]) -> int:
        """Delete what an earlier document of a re-loaded policy produced and this one did not."""
        rows = [{"policy": p, "document": d} for p, d in policies]
        removed = 0
        for text in split_statements(statement("policy/remove_stale_extractions")):
            _, summary, _ = self._driver.execute_query(text, {"rows": rows}, database_=self._database)
            removed += summary.counters.nodes_deleted + summary.counters.relationships_deleted
        return removed


# -- helpers ---------------------------------------------------------------------------------------
def _link_target_id(link: Any) -> str | None:
    """The id the referenced policy gets when its own document is loaded (extract.policy.pipeline)."""
    key = (link.doc_number or "").strip() or (link.title or "").strip()
    return node_id("Policy", key) if key else None


def _mentions_by_owner(mention: OrgMention, ex: PolicyExtraction, pid: str) -> dict[tuple[str, str], list[tuple[int, int]]]:
    """The mention's spans grouped by the measure that contains them, else the policy."""
    out: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for span in sorted(mention.spans):
        owner = next((("Measure", m.id) for m in ex.measures if m.span[0] <= span[0] < m.span[1]), ("Policy", pid))
        out.setdefault(owner, []).append(tuple(span))  # type: ignore[arg-type]
    return out
