"""CSV files for `neo4j-admin database import full`, written from a `MergedGraph`.

One id space per label (`id:ID(Patent)`, `:START_ID(Organization)`), so a relationship names its
ends as the writer does, by label and id. Each property column is typed from the values it holds
(string, long, double, boolean and their arrays); a property that holds values of two types (say an
int and a float) splits its label's rows into one file per combination, each with its own header, as
the import tool allows, so every node keeps the type the transactional writer would have given it.

How the import tool reads a field decides how values are written:
- an unquoted empty field is no property (null, which the writer never sets: `_clean` drops it);
- `""` is the empty string (`--ignore-empty-strings` stays false);
- an empty array cannot be written at all (`""` in an array column is read as null), yet the writer
  stores `[]` (`concepts`, `cpc`, `aliases` of a patent...). Such keys go into the marker property
  `EMPTY_LISTS_KEY`, which `cypher/bulk/restore_empty_lists.cypher` turns into `[]` after the import.
- array elements are joined by U+001F (`ARRAY_DELIMITER`), a control character no text field of
  the loaders keeps; a value that holds it is refused rather than split.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from graph.bulk.tables import MergedGraph

ARRAY_DELIMITER = "\x1f"
ARRAY_DELIMITER_OPTION = "U+001F"
EMPTY_LISTS_KEY = "bulk_empty_lists"
_EMPTY = "empty-list"


class BulkValueError(ValueError):
    """A value the import's CSV cannot carry (a nested map, mixed array, the array delimiter)."""


@dataclass
class ImportFiles:
    """The import tool's inputs: (label, [header, data...]) and (type, [header, data...]) groups."""

    folder: Path
    nodes: list[tuple[str, list[Path]]] = field(default_factory=list)
    relationships: list[tuple[str, list[Path]]] = field(default_factory=list)
    labels_with_empty_lists: list[str] = field(default_factory=list)
    node_count: int = 0
    relationship_count: int = 0
    bytes: int = 0


def value_type(value: Any, where: str) -> str:
    """The import header type of one property value."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        if not -(1 << 63) <= value < (1 << 63):
            raise BulkValueError(f"{where}: {value} does not fit a 64-bit integer")
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        if not value:
            return _EMPTY
        kinds = {value_type(v, where) for v in value}
        if len(kinds) != 1 or next(iter(kinds)).endswith("[]") or _EMPTY in kinds:
            raise BulkValueError(f"{where}: an array must hold values of one scalar type, not {sorted(kinds)}")
        return next(iter(kinds)) + "[]"
    raise BulkValueError(f"{where}: a {type(value).__name__} cannot be a property value")


def _scalar(value: Any, kind: str, where: str) -> str:
    if kind == "string":
        if ARRAY_DELIMITER in value and where.endswith("[]"):
            raise BulkValueError(f"{where[:-2]}: an array element holds U+001F, the import's array delimiter")
        return str(value)
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "double":
        return repr(float(value))
    return str(value)


def encode(value: Any, kind: str, where: str) -> str:
    """One field: strings quoted (quotes doubled), numbers and booleans bare, arrays joined."""
    if kind.endswith("[]"):
        element = kind[:-2]
        text = ARRAY_DELIMITER.join(_scalar(v, element, where + "[]") for v in value)
    else:
        text = _scalar(value, kind, where)
        if kind != "string":
            return text
    return '"' + text.replace('"', '""') + '"'


class _Groups:
    """Data files of one label or type, one per combination of the types of its conflicting columns."""

    def __init__(self, folder: Path, stem: str, id_columns: list[str], types: dict[str, set[str]]) -> None:
        self.folder, self.stem, self.id_columns = folder, stem, id_columns
        self.columns = sorted(types)
        self.single = {k: next(iter(t)) for k, t in types.items() if len(t) == 1}
        self.conflicting = [k for k in self.columns if k not in self.single]
        # group -> (data file, [header path, data path], the group's columns)
        self.files: dict[tuple[str, ...], tuple[TextIO, list[Path], list[str]]] = {}

    def write(self, ids: list[str], props: dict[str, Any], kinds: dict[str, str], where: str) -> None:
        group = tuple(kinds.get(k, "") for k in self.conflicting)
        if group not in self.files:
            types = dict(self.single)
            types.update({k: t for k, t in zip(self.conflicting, group, strict=True) if t})
            index = len(self.files) + 1
            header, data = self.folder / f"{self.stem}-{index}.header.csv", self.folder / f"{self.stem}-{index}.csv"
            columns = [c for c in self.columns if c in types]
            header.write_text(",".join(self.id_columns + [f"{c}:{types[c]}" for c in columns]) + "\n", encoding="utf-8")
            handle: TextIO = open(data, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed by close()
            self.files[group] = (handle, [header, data], columns)
        handle, _, columns = self.files[group]
        fields = ['"' + i.replace('"', '""') + '"' for i in ids]
        for column in columns:
            value = props.get(column)
            fields.append("" if value is None else encode(value, kinds[column], f"{where}.{column}"))
        handle.write(",".join(fields) + "\n")

    def close(self) -> list[list[Path]]:
        groups = []
        for handle, paths, _ in self.files.values():
            handle.close()
            groups.append(paths)
        return groups


def _typed(props: dict[str, Any], where: str) -> tuple[dict[str, Any], dict[str, str]]:
    """Properties without their empty lists (listed under EMPTY_LISTS_KEY instead), and their types."""
    kinds = {k: value_type(v, f"{where}.{k}") for k, v in props.items()}
    empty = sorted(k for k, t in kinds.items() if t == _EMPTY)
    if empty:
        props = {k: v for k, v in props.items() if kinds[k] != _EMPTY}
        props[EMPTY_LISTS_KEY] = empty
        kinds = {k: t for k, t in kinds.items() if t != _EMPTY}
        kinds[EMPTY_LISTS_KEY] = "string[]"
    return props, kinds


def _scan_types(rows: Iterable[tuple[str, dict[str, Any]]]) -> dict[str, set[str]]:
    types: dict[str, set[str]] = {}
    for where, props in rows:
        for key, kind in _typed(props, where)[1].items():
            types.setdefault(key, set()).add(kind)
    return types


def write_import_files(graph: MergedGraph, folder: Path, first_load: str) -> ImportFiles:
    """Write every node and relationship of `graph` under `folder`; `first_load` stamps every node
    (the writer's provenance tag: which load created it)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = ImportFiles(folder)
    for label, table in sorted(graph.nodes.items()):
        def node_rows(label: str = label, table: dict[str, Any] = table) -> Iterable[tuple[str, str, dict[str, Any]]]:
            for node_id, entry in table.items():
                props = graph.node_properties(entry)
                props.pop("id", None)
                props["first_load"] = first_load
                yield node_id, f"{label} {node_id}", props
        types = _scan_types((where, props) for _, where, props in node_rows())
        groups = _Groups(folder, f"nodes-{label}", [f"id:ID({label})"], types)
        for node_id, where, props in node_rows():
            typed, kinds = _typed(props, where)
            groups.write([node_id], typed, kinds, where)
        out.nodes.extend((label, paths) for paths in groups.close())
        if EMPTY_LISTS_KEY in types:
            out.labels_with_empty_lists.append(label)
        out.node_count += len(table)
    for (rel_type, start, end), rels in sorted(graph.relationships.items()):
        where = f"{rel_type} {start}->{end}"
        types = _scan_types((where, props or {}) for props in rels.values())
        if EMPTY_LISTS_KEY in types:
            raise BulkValueError(f"{where}: a relationship property is an empty list, which the import cannot write")
        groups = _Groups(folder, f"rels-{rel_type}-{start}-{end}", [f":START_ID({start})", f":END_ID({end})"], types)
        for (s, e), rel_props in rels.items():
            typed, kinds = _typed(rel_props or {}, where)
            groups.write([s, e], typed, kinds, where)
        out.relationships.extend((rel_type, paths) for paths in groups.close())
        out.relationship_count += len(rels)
    out.bytes = sum(p.stat().st_size for _, paths in out.nodes + out.relationships for p in paths)
    return out
