"""Industrial chains into the graph: chains, segments, HAS_SEGMENT and FEEDS, from the chain files."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from extract.chains import Chain
from graph.batch import GraphBatch
from core.model import node_id
from graph.writer import GraphWriter, WriteSummary

CLASSIFIER_VERSION = "1"


def chain_node_id(chain_id: str) -> str:
    return node_id("IndustrialChain", chain_id)


def segment_node_id(chain_id: str, key: str) -> str:
    return node_id("ChainSegment", chain_id, key)


def chain_fingerprint(chain: Chain) -> str:
    """Changes whenever the chain file or the classifier changes; stamps IN_SEGMENT edges."""
    digest = hashlib.sha256(CLASSIFIER_VERSION.encode())
    with open(chain.path, "rb") as handle:
        digest.update(handle.read())
    return f"{chain.version}:{digest.hexdigest()[:12]}"


def chains_batch(chains: Mapping[str, Chain]) -> GraphBatch:
    batch = GraphBatch()
    for chain in chains.values():
        cid = chain_node_id(chain.id)
        batch.node("IndustrialChain", cid, {
            "key": chain.id, "name_zh": chain.name_zh, "name_en": chain.name_en, "version": chain.version,
            "fingerprint": chain_fingerprint(chain), "sei": list(chain.sei), "source": chain.source,
            "segment_count": len(chain.segments),
        })
        for order, segment in enumerate(chain.segments):
            sid = segment_node_id(chain.id, segment.key)
            batch.node("ChainSegment", sid, {
                "key": segment.key, "chain_id": chain.id, "name_zh": segment.name_zh, "name_en": segment.name_en,
                "position": segment.position, "order": order, "ipc": list(segment.all_ipc),
                "keywords_zh": list(segment.keywords_zh), "keywords_en": list(segment.keywords_en),
                "sei": list(segment.sei), "source": segment.source,
            })
            batch.relationship("HAS_SEGMENT", ("IndustrialChain", cid), ("ChainSegment", sid))
        for upstream, downstream in chain.feeds_edges():
            batch.relationship("FEEDS", ("ChainSegment", segment_node_id(chain.id, upstream)),
                               ("ChainSegment", segment_node_id(chain.id, downstream)))
        batch.rows += 1
    return batch


def load_chains_into_graph(writer: GraphWriter, chains: Mapping[str, Chain]) -> WriteSummary:
    """Write every chain in one transaction (a few hundred nodes); idempotent."""
    return writer.write_batch(chains_batch(chains), label="chains")
