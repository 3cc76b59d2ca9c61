"""Declared consortia into the graph: `Consortium {declared: true}` nodes, members and chains.

    (c:Consortium {id, name, kind, declared: true, chain_id, region, year, source, source_file, source_line})
    (Organization)-[:MEMBER_OF {role, source_line}]->(c)
    (c)-[:FOR_CHAIN]->(IndustrialChain)

Members resolve to organisations already in the graph (by `org:` id, resolution key, alias, or a name
without its legal form that fits one organisation; `graph.ingest.org_lookup.OrganizationLookup`).
A name found nowhere is NOT created: it is listed in the report with its file and line, and the
consortium is written with the members that did resolve. An unknown chain id is reported likewise.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import neo4j

from extract.consortia import ConsortiumDecl, read_consortia
from extract.records import Reject
from graph.batch import GraphBatch
from graph.ingest.chains import chain_node_id
from graph.ingest.org_lookup import OrganizationLookup
from core.model import node_id
from graph.writer import GraphWriter, WriteSummary

EXTRACTOR = "innograph.consortia"
EXTRACTOR_VERSION = "1"


def consortium_id(name: str) -> str:
    """Consortium ids come from the name without spaces (NFKC), so 全角/半角 spellings agree."""
    return node_id("Consortium", "".join(unicodedata.normalize("NFKC", name).split()))


@dataclass
class UnknownMember:
    consortium: str
    name: str
    role: str
    file: str
    line: int


@dataclass
class ConsortiumLoadReport:
    consortia: int = 0
    members: int = 0
    unknown_members: list[UnknownMember] = field(default_factory=list)
    unknown_chains: list[Reject] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    write: WriteSummary = field(default_factory=WriteSummary)

    def to_json(self) -> str:
        return json.dumps({
            "consortia": self.consortia, "members": self.members,
            "unknown_members": [u.__dict__ for u in self.unknown_members],
            "unknown_chains": [r.__dict__ for r in self.unknown_chains],
            "rejects": [r.__dict__ for r in self.rejects],
            "nodes_created": self.write.nodes_created, "relationships_created": self.write.relationships_created,
        }, ensure_ascii=False, indent=2)


class ConsortiumLoader:
    def __init__(self, writer: GraphWriter) -> None:
        self.writer = writer
        self.lookup = OrganizationLookup(writer.driver, writer.database)

    def load(self, paths: Iterable[Path]) -> ConsortiumLoadReport:
        report = ConsortiumLoadReport()
        decls: list[ConsortiumDecl] = []
        for path in paths:
            found, rejects = read_consortia(path)
            decls.extend(found)
            report.rejects.extend(rejects)
        if decls:
            report.write.add(self.writer.write_batch(self._batch(decls, report), label="consortia"))
        return report

    def _chains(self, ids: set[str]) -> set[str]:
        if not ids:
            return set()
        records, _, _ = self.writer.driver.execute_query(
            "UNWIND $ids AS cid MATCH (c:IndustrialChain {id: cid}) RETURN c.id AS id", {"ids": sorted(ids)},
            database_=self.writer.database, routing_=neo4j.RoutingControl.READ,
        )
        return {r["id"] for r in records}

    def _batch(self, decls: list[ConsortiumDecl], report: ConsortiumLoadReport) -> GraphBatch:
        names = [m.name for d in decls for m in d.members] + [d.lead for d in decls if d.lead]
        found = self.lookup.find(names)
        chains = self._chains({chain_node_id(d.chain) for d in decls if d.chain})
        batch = GraphBatch()
        for d in decls:
            cid = consortium_id(d.name)
            members = [(d.lead, "lead", d.lead_line or d.line)] if d.lead else []
            members += [(m.name, m.role, m.line) for m in d.members]
            lead_ref = found.get(d.lead) if d.lead else None
            batch.node("Consortium", cid, {
                "name": d.name, "kind": d.kind, "declared": True, "chain_id": d.chain, "region": d.region,
                "year": d.year, "source": d.source, "source_file": d.file, "source_line": d.line,
                "lead_id": lead_ref.id if lead_ref else None,
                "extractor": EXTRACTOR, "extractor_version": EXTRACTOR_VERSION,
            })
            report.consortia += 1
            seen: dict[str, str] = {}
            for name, role, line in members:
                ref = found.get(name)
                if ref is None:
                    report.unknown_members.append(UnknownMember(d.name, name, role, d.file, line))
                    continue
                if ref.id in seen:  # the lead listed again among the members keeps role "lead"
                    continue
                seen[ref.id] = role
                batch.relationship("MEMBER_OF", ("Organization", ref.id), ("Consortium", cid),
                                   {"role": role, "source_line": line, "declared": True})
                report.members += 1
            if d.chain:
                chain_id = chain_node_id(d.chain)
                if chain_id in chains:
                    batch.relationship("FOR_CHAIN", ("Consortium", cid), ("IndustrialChain", chain_id))
                else:
                    report.unknown_chains.append(Reject(d.file, d.line, f"unknown chain {d.chain!r}", d.name))
            batch.rows += 1
        return batch
