"""The graph a load would write, merged in memory from its `GraphBatch`es exactly as the writer's
statements merge them in the database (`cypher/writes/merge_nodes*.cypher`, `merge_relationships`):

- a node's properties: later non-null values win (`SET n += row.props`);
- `aliases` and `sources`: set on every node of a label in a batch where any node of that label has
  one (the writer then uses `merge_nodes`, which writes `coalesce(n.aliases, []) + new` even when
  nothing is new), unioned in order of first appearance;
- a relationship is one per (type, start, end) (MERGE), its properties later-wins (`SET r += props`).

Replaying the batches in the order the loader yields them gives the same final graph as writing them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.batch import GraphBatch

PropertyMap = dict[str, Any]


@dataclass
class NodeEntry:
    props: PropertyMap
    aliases: dict[str, None] | None = None  # None: never written (a label whose batches had no lists)
    sources: dict[str, None] | None = None


@dataclass
class MergedGraph:
    """Nodes by label and id, relationships by (type, start label, end label) and endpoint ids."""

    nodes: dict[str, dict[str, NodeEntry]] = field(default_factory=dict)
    relationships: dict[tuple[str, str, str], dict[tuple[str, str], PropertyMap | None]] = field(
        default_factory=dict)
    rows: int = 0
    batches: int = 0

    def add(self, batch: GraphBatch) -> None:
        """Merge one batch, as one write transaction of `GraphWriter` would."""
        for label, rows in batch.nodes.items():
            table = self.nodes.setdefault(label, {})
            with_lists = any(r.aliases or r.sources for r in rows.values())
            for node_id, row in rows.items():
                entry = table.get(node_id)
                if entry is None:
                    entry = table[node_id] = NodeEntry(dict(row.props))
                else:
                    entry.props.update(row.props)
                if with_lists:
                    if entry.aliases is None:
                        entry.aliases = {}
                    if entry.sources is None:
                        entry.sources = {}
                    for alias in row.aliases:
                        entry.aliases.setdefault(alias, None)
                    for source in row.sources:
                        entry.sources.setdefault(source, None)
        for key, rels in batch.relationships.items():
            table_r = self.relationships.setdefault(key, {})
            for ends, props in rels.items():
                known = table_r.get(ends)
                if known is not None:
                    known.update(props)
                elif props or ends not in table_r:  # absent, or present without properties so far
                    table_r[ends] = dict(props) if props else None
        self.rows += batch.rows
        self.batches += 1

    def node_properties(self, entry: NodeEntry) -> PropertyMap:
        """The node's properties as the database would hold them (without `id`)."""
        props = dict(entry.props)
        if entry.aliases is not None:
            props["aliases"] = list(entry.aliases)
        if entry.sources is not None:
            props["sources"] = list(entry.sources)
        return props

    @property
    def node_count(self) -> int:
        return sum(len(t) for t in self.nodes.values())

    @property
    def relationship_count(self) -> int:
        return sum(len(t) for t in self.relationships.values())
