"""Industrial chains, their segments and the FEEDS edges between segments."""

from __future__ import annotations

from collections.abc import Sequence

from api.repositories.base import Linked, by_ids, grouped
from api.repositories.graph import GraphClient, Row


class ChainRepository:
    def __init__(self, client: GraphClient) -> None:
        self.client = client

    async def all(self, limit: int = 1000) -> list[Row]:
        return [r["node"] for r in await self.client.read("chains_all", limit=limit)]

    async def by_ids(self, ids: Sequence[str]) -> list[Row | None]:
        return await by_ids(self.client, "chains_by_ids", ids)

    async def segments_by_ids(self, ids: Sequence[str]) -> list[Row | None]:
        return await by_ids(self.client, "segments_by_ids", ids)

    async def segments_of(self, ids: Sequence[str]) -> list[list[Linked]]:
        return await grouped(self.client, "segments_of_chains", ids)

    async def feeds_of(self, ids: Sequence[str]) -> list[list[tuple[str, str]]]:
        rows = await self.client.read("feeds_of_chains", ids=list(dict.fromkeys(ids)))
        found: dict[str, list[tuple[str, str]]] = {}
        for r in rows:
            found.setdefault(r["id"], []).append((r["source"], r["target"]))
        return [found.get(i, []) for i in ids]

    async def segment_links(self, ids: Sequence[str]) -> list[tuple[list[str], list[str]]]:
        """(feeds, fed_by) segment ids per segment."""
        rows = await self.client.read("feeds_of_segments", ids=list(dict.fromkeys(ids)))
        found = {r["id"]: (list(r["feeds"]), list(r["fed_by"])) for r in rows}
        return [found.get(i, ([], [])) for i in ids]

    async def patent_counts(self, ids: Sequence[str]) -> list[int]:
        rows = await self.client.read("patent_counts_of_segments", ids=list(dict.fromkeys(ids)))
        found = {r["id"]: int(r["total"]) for r in rows}
        return [found.get(i, 0) for i in ids]
