"""Search across organisation names and aliases, inventor names and patent titles, in both scripts.

On Neo4j (`fulltext=True`) candidates come from the database's full-text indexes and no in-memory
index is built; on ArcadeDB from the in-memory index (`search_index`), the statements answering until
it is built. Both give the same hits in the same order (tests/api/test_search_fulltext.py).
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Any

from neo4j.exceptions import ClientError

from api.repositories.fulltext import candidate_query
from api.repositories.graph import GraphClient, Row
from api.repositories.search_index import KindIndex
from api.repositories.text import fold
from api.repositories.version import DataVersion

KINDS = ("organization", "inventor", "patent")
FULLTEXT_RETRY_S = 60.0  # after the full-text indexes failed (not migrated, still populating)
log = logging.getLogger("innograph.api.search")


@dataclass(frozen=True)
class Hit:
    kind: str
    score: int
    node: Row


class SearchIndexCache:
    """The in-memory search index (`search_index`) of the current data version, built in the background.

    Until the index of the current version is built, `current()` answers None and search runs the
    statements; the build starts on the first search after a version change (or at API start).
    """

    def __init__(self, client: GraphClient, version: DataVersion, *, build_timeout_s: float = 600.0) -> None:
        self.client = client
        self.version = version
        self.build_timeout_s = build_timeout_s
        self._indexes: dict[str, KindIndex] | None = None
        self._indexes_version: tuple[Any, ...] | None = None
        self._building: asyncio.Task[None] | None = None

    async def current(self) -> dict[str, KindIndex] | None:
        """The index of the current data version, or None while it is being built."""
        version = await self.version.current()
        if self._indexes is not None and self._indexes_version == version:
            return self._indexes
        self._start(version)
        return None

    async def build(self) -> dict[str, KindIndex] | None:
        """Build (or join the build of) the current version's index and return it."""
        version = await self.version.current()
        if self._indexes is None or self._indexes_version != version:
            await asyncio.shield(self._start(version))
        return self._indexes

    def _start(self, version: tuple[Any, ...]) -> asyncio.Task[None]:
        if self._building is None or self._building.done():
            self._building = asyncio.create_task(self._build(version))
        return self._building

    async def _build(self, version: tuple[Any, ...]) -> None:
        began = time.perf_counter()
        try:
            indexes = {}
            for kind in KINDS:
                rows = await self.client.read_within(f"search_rows_{kind}s", self.build_timeout_s)
                indexes[kind] = await asyncio.to_thread(KindIndex.build, rows)
        except Exception as exc:  # search keeps working through the statements
            log.warning("building the search index failed: %s", exc)
            return
        self._indexes, self._indexes_version = indexes, version
        log.info("search index built in %.1fs (%s)", time.perf_counter() - began,
                 ", ".join(f"{len(i.ids):,} {k}s" for k, i in indexes.items()))

    def close(self) -> None:
        if self._building is not None:
            self._building.cancel()


class SearchRepository:
    def __init__(self, client: GraphClient, *, fulltext: bool = False) -> None:
        self.client = client
        self.fulltext = fulltext
        self.index = SearchIndexCache(client, DataVersion(client, "search_version", recheck_s=5.0))
        self._fulltext_failed_at: float | None = None

    def uses_fulltext(self) -> bool:
        """Whether the next search asks the full-text indexes (on Neo4j, unless they failed lately)."""
        failed = self._fulltext_failed_at
        return self.fulltext and (failed is None or time.monotonic() - failed > FULLTEXT_RETRY_S)

    async def search(self, text: str, limit: int) -> list[Hit]:
        """Best hits first (exact, prefix, substring), organisations before inventors before patents on ties."""
        folded = fold(text)
        if self.uses_fulltext():
            try:
                hits = await self._search_fulltext(folded, limit)
            except ClientError as exc:  # no such index (graph not migrated) or not online yet
                if exc.code != "Neo.ClientError.Procedure.ProcedureCallFailed":
                    raise
                log.warning("full-text search failed, using the in-memory index for %.0fs: %s", FULLTEXT_RETRY_S, exc)
                self._fulltext_failed_at = time.monotonic()
            else:
                self._fulltext_failed_at = None
                return _best(hits, limit)
        indexes = await self.index.current()
        if indexes is None:
            results = await asyncio.gather(
                *(self.client.read(f"search_{kind}s", text=folded, limit=limit) for kind in KINDS)
            )
            hits = [Hit(kind, int(r["score"]), r["node"]) for kind, rows in zip(KINDS, results) for r in rows]
        else:
            found = {kind: indexes[kind].search(folded, limit) for kind in KINDS}
            nodes = await asyncio.gather(*(self._nodes(kind, [i for _, i in found[kind]]) for kind in KINDS))
            hits = [Hit(kind, score, node) for kind, by_id in zip(KINDS, nodes)
                    for score, i in found[kind] if (node := by_id.get(i)) is not None]
        return _best(hits, limit)

    async def _search_fulltext(self, folded: str, limit: int) -> list[Hit]:
        """Each kind's best `limit` from its full-text statement, re-ranked by `KindIndex` over the rows
        returned: the statement filters and orders as the index does, and the index's own code has the
        last word on scores and order (the answers are the in-memory index's by construction)."""
        query = candidate_query(folded)
        results = await asyncio.gather(*(
            self.client.read(f"search_fulltext_{kind}s", query=query, text=folded, limit=limit) for kind in KINDS
        ))
        hits = []
        for kind, rows in zip(KINDS, results):
            nodes = {r["id"]: r["node"] for r in rows}
            hits += [Hit(kind, score, nodes[i]) for score, i in KindIndex.build(rows).search(folded, limit)]
        return hits

    async def _nodes(self, kind: str, ids: list[str]) -> dict[str, Row]:
        if not ids:
            return {}
        rows = await self.client.read(f"{kind}s_by_ids", ids=ids)
        return {r["id"]: r["node"] for r in rows}


def _best(hits: list[Hit], limit: int) -> list[Hit]:
    """Best score first; on ties organisations, inventors, patents, each kind in its own order."""
    order = {kind: n for n, kind in enumerate(KINDS)}
    return sorted(hits, key=lambda h: (-h.score, order[h.kind]))[:limit]
