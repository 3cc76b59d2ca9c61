"""Batched, idempotent writes: `UNWIND $rows ... MERGE`, one managed transaction per batch.

A batch (`graph.batch.GraphBatch`) is a small graph (nodes by label and id, relationships by type and endpoint ids). Writing it:
1. upsert its nodes label by label, getting each node's elementId and whether it is new;
2. create the relationships that touch a new node (they cannot exist yet) and merge the rest.

The transaction function is retried by the driver on transient errors, and a batch commits whole or
not at all, so a load interrupted anywhere and run again ends with the same graph as one clean run.

Within one `write_all` the writer remembers what it has committed (`WrittenMemo`): a node or a
relationship sent again with the same content (the same organisation, inventor, IPC class or region
in batch after batch) is not sent again, its elementId comes from the memo.
A `write_all` (or a lone `write_batch`) is one load: its batches stamp `first_load` with a tag that
starts with the load's own tag, so the summary tells nodes this load created, nodes that were in the
graph before it, and repeats of what an earlier batch of the same load wrote (an organisation named
in batch after batch is not "already present" on an empty database). The memo lives only for
that call, is updated only after a commit succeeded, and is bounded, so it can never stand for data
the database does not hold; it assumes nothing else deletes those nodes during the load.
A batch whose commit had an unknown outcome (the connection dropped while waiting for the commit's
answer: `IncompleteCommit`, which the driver does not retry) is written again by the writer: the
batch is idempotent, and every attempt stamps its own `first_load` tag, so an attempt never mistakes
nodes an earlier, committed attempt created for its own (it would CREATE their relationships twice).
"""

from __future__ import annotations

import itertools
import logging
import secrets
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import neo4j
from neo4j.exceptions import ConstraintError, IncompleteCommit, Neo4jError, ServiceUnavailable, SessionExpired

from cypher.catalog import statement, with_identifiers
from graph.batch import GraphBatch
from core.model import NODE_LABELS, RELATIONSHIP_TYPES
from graph.prefetch import prefetched

log = logging.getLogger("innograph.writer")
UNKNOWN_COMMIT_RETRIES = 3  # writes of one batch again after a commit whose answer was lost


class WriteRejected(RuntimeError):
    """The database refused a batch (a constraint or a bad value); the message names the batch."""


@dataclass
class WriteSummary:
    """What a load did, for the CLI summary and the benchmarks."""

    rows: int = 0
    batches: int = 0
    nodes_created: int = 0
    nodes_matched: int = 0  # nodes that were in the graph before this load (updated, not created)
    relationships_created: int = 0
    relationships_merged: int = 0  # relationships that were in the graph before this load
    properties_set: int = 0
    # mentions of a node or relationship that an earlier batch of this load already wrote
    nodes_repeated: int = 0
    relationships_repeated: int = 0
    seconds: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    def add(self, other: WriteSummary) -> None:
        for name in ("rows", "batches", "nodes_created", "nodes_matched", "relationships_created",
                     "relationships_merged", "properties_set", "nodes_repeated", "relationships_repeated"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _digest(*parts: Any) -> int:
    # repr is stable for the plain values the extractors produce (str, int, float, bool, lists)
    return hash(repr(parts))


class WrittenMemo:
    """Nodes and relationships one load has committed: (label, id) -> (elementId, digest, made by this
    load), rel key -> digest."""

    def __init__(self, max_nodes: int = 500_000, max_relationships: int = 300_000) -> None:
        self.nodes: dict[tuple[str, str], tuple[str, int, bool]] = {}
        self.relationships: dict[tuple[str, str, str], int] = {}
        self._max_nodes = max_nodes
        self._max_relationships = max_relationships
        self.nodes_skipped = 0
        self.relationships_skipped = 0

    def remember(self, pending: _Pending) -> None:
        """Record what a committed transaction wrote; the oldest half goes when a table is full."""
        self.nodes.update(pending.nodes)
        self.relationships.update(pending.relationships)
        _trim(self.nodes, self._max_nodes)
        _trim(self.relationships, self._max_relationships)


def _trim(table: dict[Any, Any], limit: int) -> None:
    if len(table) > limit:
        for key in list(itertools.islice(table, len(table) - limit // 2)):
            del table[key]


@dataclass
class _Pending:
    nodes: dict[tuple[str, str], tuple[str, int, bool]] = field(default_factory=dict)
    relationships: dict[tuple[str, str, str], int] = field(default_factory=dict)


_NODE_TEMPLATE = "writes/merge_nodes"
_PLAIN_NODE_TEMPLATE = "writes/merge_nodes_plain"


class GraphWriter:
    """Writes `GraphBatch`es through a driver it is given; one transaction per batch."""

    def __init__(self, driver: neo4j.Driver, database: str) -> None:
        self._driver = driver
        self._database = database
        # stamped as `first_load` on the nodes each batch creates: which load, which batch
        self.load_id = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + "-" + secrets.token_hex(3)
        self._batches = itertools.count(1)
        self._loads = itertools.count(1)

    def new_load(self) -> str:
        """The tag of a new load (`load_id.n`): its batches' `first_load` stamps start with it."""
        return f"{self.load_id}.{next(self._loads)}"

    @property
    def driver(self) -> neo4j.Driver:
        return self._driver

    @property
    def database(self) -> str:
        return self._database

    def write_batch(
        self, batch: GraphBatch, *, label: str = "", memo: WrittenMemo | None = None, load: str | None = None
    ) -> WriteSummary:
        """Write one batch in one managed (retried) transaction; with a memo, skip what it holds.

        `load` is the tag of the load the batch belongs to (`new_load`); a batch without one is a load
        of its own."""
        started = time.perf_counter()
        pending = _Pending() if memo is not None else None
        load = load or self.new_load()
        base = f"{load}:{next(self._batches)}"
        attempts = itertools.count(1)
        try:
            for round_ in range(UNKNOWN_COMMIT_RETRIES + 1):
                try:
                    with self._driver.session(database=self._database) as session:
                        result = session.execute_write(self._write, batch, load, base, attempts, memo, pending)
                    break
                except IncompleteCommit:
                    if round_ == UNKNOWN_COMMIT_RETRIES:
                        raise
                    log.warning("%s: the commit's answer was lost; writing the batch again", label or "batch")
        except ConstraintError as exc:
            raise WriteRejected(f"{label or 'batch'} violates a uniqueness constraint: {exc.message}") from exc
        except (ServiceUnavailable, SessionExpired):
            raise
        except Neo4jError as exc:
            raise WriteRejected(f"{label or 'batch'} was refused by the database: {exc.message or exc}") from exc
        if memo is not None and pending is not None:
            memo.remember(pending)  # only now: the transaction committed
        result.rows = batch.rows
        result.batches = 1
        result.seconds = time.perf_counter() - started
        return result

    def _write(
        self,
        tx: neo4j.ManagedTransaction,
        batch: GraphBatch,
        load: str,
        base: str,
        attempts: Iterator[int],
        memo: WrittenMemo | None = None,
        pending: _Pending | None = None,
    ) -> WriteSummary:
        attempt = next(attempts)  # a tag per attempt: see the module docstring
        tag = base if attempt == 1 else f"{base}.{attempt}"
        summary = WriteSummary()
        element_ids: dict[tuple[str, str], str] = {}
        created: set[tuple[str, str]] = set()  # by this transaction
        this_load: set[tuple[str, str]] = set()  # by this transaction or an earlier batch of the load
        if pending is not None:  # a retried attempt starts again from nothing
            pending.nodes.clear()
            pending.relationships.clear()
        for label, rows in batch.nodes.items():
            with_lists = any(r.aliases or r.sources for r in rows.values())
            digests: dict[str, int] = {}
            payload = []
            for node_id, row in rows.items():
                if memo is not None:
                    digest = digests[node_id] = _digest(row.props, row.aliases, row.sources)
                    known = memo.nodes.get((label, node_id))
                    if known is not None and known[1] == digest:
                        element_ids[(label, node_id)] = known[0]
                        if known[2]:
                            this_load.add((label, node_id))
                        summary.nodes_repeated += 1
                        continue
                payload.append(
                    {"id": node_id, "props": row.props, "aliases": list(row.aliases), "sources": list(row.sources)}
                    if with_lists
                    else {"id": node_id, "props": row.props}
                )
            if not payload:
                continue
            template = statement(_NODE_TEMPLATE if with_lists else _PLAIN_NODE_TEMPLATE)
            result = tx.run(with_identifiers(template, NODE_LABELS, label=label), rows=payload, batch=tag,
                            load=load + ":")
            for record in result:
                key = (label, record["id"])
                element_ids[key] = record["eid"]
                if record["this_load"]:
                    this_load.add(key)
                if record["created"]:
                    created.add(key)
                elif record["this_load"] or (memo is not None and key in memo.nodes):
                    summary.nodes_repeated += 1
                else:  # in the graph before this load (counted once while the memo holds it)
                    summary.nodes_matched += 1
                if pending is not None:
                    pending.nodes[key] = (record["eid"], digests[record["id"]], bool(record["this_load"]))
            counters = result.consume().counters
            summary.nodes_created += counters.nodes_created
            summary.properties_set += counters.properties_set
        for (rel_type, start_label, end_label), pairs in batch.relationships.items():
            fresh: list[dict[str, Any]] = []  # an end is new in this transaction: cannot exist yet
            repeats: list[dict[str, Any]] = []  # an end is new in this load, or an earlier batch sent it
            older: list[dict[str, Any]] = []  # both ends were there before the load
            for (start_id, end_id), props in pairs.items():
                start, end = (start_label, start_id), (end_label, end_id)
                link: dict[str, Any] = {"s": element_ids[start], "e": element_ids[end], "props": props}
                seen = False
                if memo is not None and pending is not None:
                    link_key = (rel_type, link["s"], link["e"])
                    digest = _digest(props)
                    known_digest = memo.relationships.get(link_key)
                    if known_digest == digest:
                        summary.relationships_repeated += 1
                        continue
                    seen = known_digest is not None
                    pending.relationships[link_key] = digest
                if start in created or end in created:
                    fresh.append(link)
                elif seen or start in this_load or end in this_load:
                    repeats.append(link)
                else:
                    older.append(link)
            for template, payload, group in (("writes/create_relationships", fresh, "fresh"),
                                             ("writes/merge_relationships", repeats, "repeats"),
                                             ("writes/merge_relationships", older, "older")):
                if not payload:
                    continue
                counters = tx.run(
                    with_identifiers(statement(template), RELATIONSHIP_TYPES, type=rel_type), rows=payload
                ).consume().counters
                summary.relationships_created += counters.relationships_created
                if group == "repeats":
                    summary.relationships_repeated += len(payload) - counters.relationships_created
                elif group == "older":
                    summary.relationships_merged += len(payload) - counters.relationships_created
                summary.properties_set += counters.properties_set
        return summary

    def write_all(
        self,
        batches: Iterable[GraphBatch],
        *,
        on_batch: Callable[[WriteSummary], None] | None = None,
        prefetch: int = 2,
    ) -> WriteSummary:
        """Write batches in order while the next ones are prepared on a second thread.

        What a batch repeats of an earlier batch of this call, unchanged, is not sent again (see
        `WrittenMemo`); the memo is dropped when the call returns.
        """
        total = WriteSummary()
        started = time.perf_counter()
        memo = WrittenMemo()
        load = self.new_load()
        for index, batch in enumerate(prefetched(batches, prefetch), start=1):
            result = self.write_batch(batch, label=f"batch {index}", memo=memo, load=load)
            total.add(result)
            if on_batch is not None:
                on_batch(result)
        total.seconds = time.perf_counter() - started
        return total
