"""The IPC hierarchy into the graph: `IPCClass` nodes with English titles and PARENT links."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from extract.ipc import ipc_level, ipc_parent_chain
from extract.ipc_hierarchy import IPCReject, read_ipc_titles
from graph.batch import GraphBatch, batched
from core.model import node_id
from graph.writer import GraphWriter, WriteSummary


def load_ipc_titles(
    writer: GraphWriter, path: Path, *, batch_size: int = 5000,
    on_rows: Callable[[int], None] | None = None,
) -> tuple[WriteSummary, list[IPCReject]]:
    """Load an IPC titles file (WIPO symbols and titles); returns the write summary and rejected lines."""
    rejects: list[IPCReject] = []

    def batches() -> Iterator[GraphBatch]:
        for chunk in batched(read_ipc_titles(path, rejects), batch_size):
            batch = GraphBatch()
            for entry in chunk:
                iid = node_id("IPCClass", entry.code)
                batch.node("IPCClass", iid, {"code": entry.code, "level": entry.level, "title": entry.title})
                if entry.parent:
                    batch.relationship("PARENT", ("IPCClass", iid), ("IPCClass", node_id("IPCClass", entry.parent)))
            batch.rows = len(chunk)
            yield batch

    summary = writer.write_all(batches(), on_batch=(lambda r: on_rows(r.rows)) if on_rows else None)
    return summary, rejects


def add_ipc_class(batch: GraphBatch, code: str) -> None:
    """An IPC (or CPC) code's class and its parents, linked by PARENT, into a batch (once per batch)."""
    iid = node_id("IPCClass", code)
    if iid in batch.nodes.get("IPCClass", {}):
        return
    batch.node("IPCClass", iid, {"code": code, "level": ipc_level(code)})
    child = (code, iid)
    for parent in ipc_parent_chain(code):
        pid = node_id("IPCClass", parent)
        batch.node("IPCClass", pid, {"code": parent, "level": ipc_level(parent)})
        batch.relationship("PARENT", ("IPCClass", child[1]), ("IPCClass", pid))
        child = (parent, pid)
