"""Search across organisation names and aliases, inventor names and patent titles, in both scripts."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Any

from api.repositories.graph import GraphClient, Row
from api.repositories.search_index import KindIndex
from api.repositories.text import fold
from api.repositories.version import DataVersion

KINDS = ("organization", "inventor", "patent")
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
    def __init__(self, client: GraphClient) -> None:
        self.client = client
        self.index = SearchIndexCache(client, DataVersion(client, "search_version", recheck_s=5.0))

    async def search(self, text: str, limit: int) -> list[Hit]:
        """Best hits first (exact, prefix, substring), organisations before inventors before patents on ties."""
        folded = fold(text)
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
        order = {kind: n for n, kind in enumerate(KINDS)}
        hits.sort(key=lambda h: (-h.score, order[h.kind]))
        return hits[:limit]

    async def _nodes(self, kind: str, ids: list[str]) -> dict[str, Row]:
        if not ids:
            return {}
        rows = await self.client.read(f"{kind}s_by_ids", ids=ids)
        return {r["id"]: r["node"] for r in rows}
