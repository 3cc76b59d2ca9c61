"""What the code reads from the graph, what the loaders write, what docs/data-model.md lists, and what
test fixtures write - the pieces of the data-contract test (tests/planner/test_data_contract.py).

Reads are derived from the code itself:
  * every shipped .cypher file (cypher/, minus the generic write templates of cypher/writes/):
    labels of node patterns and label predicates, relationship types, and properties read on a
    variable bound by a node or relationship pattern (`p.year` with `(p:Patent)`, `{id: $x}` inside
    `(:Organization {id: $x})`); a node variable whose pattern names no label is checked against
    every label (some label must carry the property);
  * the API's converters from property maps (`from_row` of the GraphQL types that read
    `properties(n)` of one label), run on a map that records which keys they ask for.
What loaders write is read back from a graph the shipped loaders built (labels, relationship types
with their end labels, property keys per label and per type).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
CYPHER = REPO / "cypher"
SKIPPED_DIRS = {"writes"}  # generic UNWIND/MERGE templates: the label and keys come from the batch

_COMMENT = re.compile(r"//[^\n]*")
_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
_NODE = re.compile(rf"(?<![A-Za-z0-9_])\(\s*({_IDENT})?\s*((?::\s*{_IDENT}\s*)+)?(\{{[^{{}}]*\}})?\s*\)")
_REL = re.compile(rf"\[\s*({_IDENT})?\s*:\s*([A-Z_][A-Z0-9_]*(?:\s*\|\s*:?\s*[A-Z_][A-Z0-9_]*)*)\s*(\*[0-9.]*)?\s*(\{{[^{{}}]*\}})?\s*\]")
_LABEL_TEST = re.compile(rf"\b({_IDENT})\s*:\s*([A-Z][A-Za-z0-9]*)\b")
_ALIAS = re.compile(rf"\b(?:coalesce\(\s*({_IDENT})\s*,\s*({_IDENT})\s*\)|({_IDENT}))\s+AS\s+({_IDENT})\b", re.I)
_PROPERTY = re.compile(rf"(?<![$\w.])({_IDENT})\.({_IDENT})\b")
_MAP_KEYS = re.compile(rf"({_IDENT})\s*:")
_KEYWORDS = {"WHERE", "WITH", "RETURN", "MATCH", "AND", "OR", "NOT", "IN", "AS", "CASE", "WHEN", "THEN", "ELSE"}


@dataclass(frozen=True, order=True)
class Read:
    kind: str  # label | type | node_property | rel_property | any_node_property
    owner: str  # label or type ("*" for a node of unknown label)
    name: str  # property name ("" for labels and types)
    where: str  # file it was read in


def _statements(path: Path) -> Iterator[str]:
    text = _STRING.sub("''", _COMMENT.sub("", path.read_text(encoding="utf-8")))
    for part in text.split(";"):
        if part.strip():
            yield part


def cypher_files() -> list[Path]:
    return sorted(p for p in CYPHER.rglob("*.cypher") if p.relative_to(CYPHER).parts[0] not in SKIPPED_DIRS)


def reads_of_statement(text: str, where: str) -> set[Read]:
    found: set[Read] = set()
    nodes: dict[str, set[str]] = defaultdict(set)  # variable -> labels ({} : a node of unknown label)
    rels: dict[str, set[str]] = defaultdict(set)
    for var, labels, props in _NODE.findall(text):
        names = [n.strip() for n in labels.split(":") if n.strip()] if labels else []
        if var and var.upper() in _KEYWORDS:
            continue
        for label in names:
            found.add(Read("label", label, "", where))
        if var:
            nodes[var].update(names)
        for key in _MAP_KEYS.findall(props or ""):
            found |= {Read("node_property", label, key, where) for label in names} or {Read("any_node_property", "*", key, where)}
    for var, types, _, props in _REL.findall(text):
        names = [t.strip().lstrip(":").strip() for t in types.split("|")]
        for rel_type in names:
            found.add(Read("type", rel_type, "", where))
        if var:
            rels[var].update(names)
        for key in _MAP_KEYS.findall(props or ""):
            found |= {Read("rel_property", rel_type, key, where) for rel_type in names}
    for var, label in _LABEL_TEST.findall(text):
        if var in nodes or var not in rels:
            found.add(Read("label", label, "", where))
    for first, second, single, alias in _ALIAS.findall(text):  # WITH coalesce(pm, pd) AS p, x AS y
        sources = [v for v in (first, second, single) if v]
        if alias not in nodes and all(v in nodes for v in sources):
            for v in sources:
                nodes[alias] |= nodes[v]
    for var, prop in _PROPERTY.findall(text):
        if var in rels:
            found |= {Read("rel_property", t, prop, where) for t in rels[var]}
        elif var in nodes:
            labels = nodes[var]
            found |= {Read("node_property", label, prop, where) for label in labels} or \
                {Read("any_node_property", "*", prop, where)}
    return found


def cypher_reads() -> set[Read]:
    reads: set[Read] = set()
    for path in cypher_files():
        where = str(path.relative_to(REPO))
        for text in _statements(path):
            reads |= reads_of_statement(text, where)
    return reads


class RecordingRow(dict):
    """A property map that records every key asked of it (and answers None)."""

    def __init__(self, **given: Any) -> None:
        super().__init__(given)
        self.asked: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:
        self.asked.add(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> Any:
        self.asked.add(key)
        return super().get(key)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self.asked.add(key)
        return super().__contains__(key)


def converter_reads() -> set[Read]:
    """Keys the GraphQL types read from `properties(n)` maps of their label."""
    from api.graphql.chains import ChainSegment, IndustrialChain
    from api.graphql.organizations import Inventor, Organization
    from api.graphql.patents import Patent
    from api.graphql.policies import Measure, Policy, Target

    reads = set()
    for label, kind in (("Patent", Patent), ("Organization", Organization), ("Inventor", Inventor),
                        ("Policy", Policy), ("Measure", Measure), ("Target", Target),
                        ("ChainSegment", ChainSegment), ("IndustrialChain", IndustrialChain)):
        row = RecordingRow(id=f"{label.lower()}:x")
        kind.from_row(row)
        where = f"api/graphql: {kind.__name__}.from_row"
        reads |= {Read("node_property", label, key, where) for key in row.asked}
    return reads


@dataclass
class Written:
    """What a graph holds: labels, types (with end labels), property keys per label and per type."""

    labels: set[str]
    types: set[str]
    node_props: dict[str, set[str]]
    rel_props: dict[str, set[str]]
    endpoints: set[tuple[str, str, str]]

    def has(self, read: Read) -> bool:
        if read.kind == "label":
            return read.owner in self.labels
        if read.kind == "type":
            return read.owner in self.types
        if read.kind == "node_property":
            return read.name in self.node_props.get(read.owner, ())
        if read.kind == "rel_property":
            return read.name in self.rel_props.get(read.owner, ())
        return any(read.name in props for props in self.node_props.values())


def written_by(graph) -> Written:  # noqa: ANN001 - tests.conftest.GraphFixture
    """Read back what is in the graph (portable Cypher: no procedures)."""
    labels = {label for r in graph.query("MATCH (n) UNWIND labels(n) AS l RETURN DISTINCT l AS l") for label in [r["l"]]}
    node_props = {label: {r["k"] for r in graph.query(f"MATCH (n:`{label}`) UNWIND keys(n) AS k RETURN DISTINCT k AS k")}
                  for label in labels}
    endpoints = {(r["a"], r["t"], r["b"]) for r in graph.query(
        "MATCH (a)-[r]->(b) RETURN DISTINCT labels(a)[0] AS a, type(r) AS t, labels(b)[0] AS b")}
    types = {t for _, t, _ in endpoints}
    rel_props = {t: {r["k"] for r in graph.query(f"MATCH ()-[r:`{t}`]->() UNWIND keys(r) AS k RETURN DISTINCT k AS k")}
                 for t in types}
    return Written(labels, types, node_props, rel_props, endpoints)


def batches_written(batches: Iterable[Any]) -> Written:
    """What GraphBatch objects would write (labels, types with end labels, property keys)."""
    labels: set[str] = set()
    node_props: dict[str, set[str]] = defaultdict(set)
    rel_props: dict[str, set[str]] = defaultdict(set)
    endpoints: set[tuple[str, str, str]] = set()
    for batch in batches:
        for label, rows in batch.nodes.items():
            labels.add(label)
            for row in rows.values():
                node_props[label] |= {k for k, v in row.props.items() if v is not None} | {"id"}
                if row.aliases:
                    node_props[label].add("aliases")
                if row.sources:
                    node_props[label].add("sources")
        for (rel_type, start, end), rows in batch.relationships.items():
            endpoints.add((start, rel_type, end))
            for props in rows.values():
                rel_props[rel_type] |= {k for k, v in (props or {}).items() if v is not None}
    return Written(labels, {t for _, t, _ in endpoints}, dict(node_props), dict(rel_props), endpoints)


_BACKTICK = re.compile(r"`([^`]+)`")


def documented() -> Written:
    """Labels, types and properties docs/data-model.md lists (its tables and its provenance paragraph)."""
    text = (REPO / "docs" / "data-model.md").read_text(encoding="utf-8")
    nodes_part, _, rels_part = text.partition("## Relationships")
    common = {m for m in _BACKTICK.findall(nodes_part.split("## Nodes")[0]) if re.fullmatch(_IDENT, m)}
    node_props: dict[str, set[str]] = {}
    for line in nodes_part.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0].startswith("`"):
            label = cells[0].strip("`")
            node_props[label] = {m for m in _BACKTICK.findall(" ".join(cells[2:])) if re.fullmatch(_IDENT, m)} | common | {"id"}
    rel_props: dict[str, set[str]] = {}
    for line in rels_part.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0].startswith("`"):
            for rel_type in _BACKTICK.findall(cells[0]):
                rel_props[rel_type] = {m for m in _BACKTICK.findall(cells[2]) if re.fullmatch(_IDENT, m)} | common
    return Written(set(node_props), set(rel_props), node_props, rel_props, set())
