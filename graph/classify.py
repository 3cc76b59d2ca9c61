"""Patents into chain segments: IN_SEGMENT edges with the rule that matched and a confidence.

Edges carry the chain's fingerprint (chain file + classifier version). Re-classifying after a chain
file changes writes the new edges and then removes the edges stamped with an older fingerprint, so
running it twice changes nothing and a changed chain leaves no stale links.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import neo4j

from cypher.catalog import statement
from extract.chains import Chain
from extract.classify import SegmentIndex, build_index, classify
from graph.batch import GraphBatch
from graph.ingest.chains import chain_fingerprint, segment_node_id
from graph.writer import GraphWriter, WriteSummary

_HEX = "0123456789abcdef"


@dataclass
class ClassificationReport:
    patents: int = 0
    classified: int = 0
    links: int = 0
    removed_stale: int = 0
    write: WriteSummary | None = None


def add_segment_links(
    batch: GraphBatch, patent_id: str, ipc: list[str], text: str | None, main_ipc: str | None,
    index: SegmentIndex, fingerprints: Mapping[str, str], *, concepts: list[str] | None = None,
) -> int:
    """Add IN_SEGMENT edges of one patent to a batch; returns how many.

    Keyword evidence comes from the patent's concepts when it has them (`Patent.concepts`: every chain
    keyword is a concept), else from scanning `text`.
    """
    matches = classify(ipc, None if concepts else text, concepts=concepts or (), main_ipc=main_ipc, index=index)
    for m in matches:
        batch.relationship(
            "IN_SEGMENT", ("Patent", patent_id), ("ChainSegment", segment_node_id(m.chain_id, m.segment_key)),
            {"rule": m.rule, "confidence": round(m.confidence, 3), "fingerprint": fingerprints[m.chain_id]},
        )
    return len(matches)


def _id_ranges() -> Iterator[tuple[str, str]]:
    prefixes = [f"pat:{a}{b}" for a in _HEX for b in _HEX]
    for i, lo in enumerate(prefixes):
        yield lo, prefixes[i + 1] if i + 1 < len(prefixes) else "pat;"


def classify_graph(
    driver: neo4j.Driver, database: str, chains: Mapping[str, Chain], *,
    on_patents: Callable[[int], None] | None = None,
) -> ClassificationReport:
    """(Re)classify every patent in the graph against `chains`; idempotent."""
    index = build_index(chains)
    fingerprints = {cid: chain_fingerprint(c) for cid, c in chains.items()}
    report = ClassificationReport()
    writer = GraphWriter(driver, database)

    def batches() -> Iterator[GraphBatch]:
        for lo, hi in _id_ranges():
            records, _, _ = driver.execute_query(
                statement("classify/patents_in_id_range"), {"lo": lo, "hi": hi},
                database_=database, routing_=neo4j.RoutingControl.READ,
            )
            batch = GraphBatch()
            for r in records:
                text = " ".join(t for t in (r["title"], r["abstract"]) if t)
                codes = list(r["ipc"] or []) + [c for c in (r["cpc"] or []) if c not in (r["ipc"] or [])]
                links = add_segment_links(batch, r["id"], codes, text, r["main_ipc"], index, fingerprints,
                                          concepts=list(r["concepts"] or []))
                report.patents += 1
                report.classified += links > 0
                report.links += links
            batch.rows = len(records)
            if on_patents:
                on_patents(len(records))
            if batch.relationships:
                yield batch

    report.write = writer.write_all(batches())
    for chain_id, fingerprint in fingerprints.items():
        records, _, _ = driver.execute_query(
            statement("classify/drop_stale_segment_links"), {"chain_id": chain_id, "fingerprint": fingerprint},
            database_=database,
        )
        report.removed_stale += records[0]["removed"] if records else 0
    return report
