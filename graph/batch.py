"""A batch: the nodes and relationships one transaction writes (`GraphBatch`), and `batched`, which cuts
extracted rows into batch-sized lists. `graph.writer` writes batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from core.model import NODE_LABELS, RELATIONSHIP_TYPES

PropertyMap = dict[str, Any]


@dataclass
class _NodeRow:
    props: PropertyMap
    aliases: dict[str, None] = field(default_factory=dict)
    sources: dict[str, None] = field(default_factory=dict)


def _clean(props: PropertyMap | None) -> PropertyMap:
    # a null in `SET n += row.props` would erase what an earlier, fuller source wrote
    return {k: v for k, v in (props or {}).items() if v is not None}


@dataclass
class GraphBatch:
    """Nodes and relationships that are written in one transaction."""

    nodes: dict[str, dict[str, _NodeRow]] = field(default_factory=dict)
    relationships: dict[tuple[str, str, str], dict[tuple[str, str], PropertyMap]] = field(default_factory=dict)
    rows: int = 0

    def node(
        self,
        label: str,
        node_id: str,
        props: PropertyMap | None = None,
        *,
        aliases: Iterable[str] = (),
        sources: Iterable[str] = (),
    ) -> None:
        """Add or enrich a node; later non-null properties win, aliases and sources accumulate."""
        if label not in NODE_LABELS:
            raise ValueError(f"unknown node label {label!r}")
        if not node_id:
            raise ValueError(f"a {label} node needs a non-empty id")
        rows = self.nodes.setdefault(label, {})
        row = rows.get(node_id)
        if row is None:
            row = rows[node_id] = _NodeRow(_clean(props))
        else:
            row.props.update(_clean(props))
        for alias in aliases:
            if alias:
                row.aliases.setdefault(alias, None)
        for source in sources:
            if source:
                row.sources.setdefault(source, None)

    def relationship(
        self,
        rel_type: str,
        start: tuple[str, str],
        end: tuple[str, str],
        props: PropertyMap | None = None,
    ) -> None:
        """Add a relationship between two (label, id) nodes; both are added as nodes if missing."""
        if rel_type not in RELATIONSHIP_TYPES:
            raise ValueError(f"unknown relationship type {rel_type!r}")
        for label, node_id in (start, end):
            if node_id not in self.nodes.get(label, {}):
                self.node(label, node_id)
        key = (rel_type, start[0], end[0])
        self.relationships.setdefault(key, {}).setdefault((start[1], end[1]), {}).update(_clean(props))

    @property
    def node_count(self) -> int:
        return sum(len(rows) for rows in self.nodes.values())

    @property
    def relationship_count(self) -> int:
        return sum(len(rows) for rows in self.relationships.values())



def batched(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Consecutive lists of at most `size` rows."""
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
