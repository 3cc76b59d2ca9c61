"""Inventors: lookups, their patents (paged per inventor), co-inventors and organisations."""

from __future__ import annotations

from collections.abc import Sequence

from api.repositories.base import Linked, Page, by_ids, grouped, paged_per_id
from api.repositories.graph import GraphClient, Row


class InventorRepository:
    def __init__(self, client: GraphClient) -> None:
        self.client = client

    async def by_ids(self, ids: Sequence[str]) -> list[Row | None]:
        return await by_ids(self.client, "inventors_by_ids", ids)

    async def patents_of(self, ids: Sequence[str], skip: int, limit: int) -> list[Page]:
        return await paged_per_id(self.client, "patents_of_inventors", ids, skip, limit)

    async def coinventors_of(self, ids: Sequence[str], limit: int) -> list[list[Linked]]:
        rows = await self.client.read("coinventors_of_inventors", ids=list(dict.fromkeys(ids)), limit=limit)
        found = {r["id"]: [Linked(p["node"], {"shared": p["shared"]}) for p in r["partners"]] for r in rows}
        return [found.get(i, []) for i in ids]

    async def organizations_of(self, ids: Sequence[str]) -> list[list[Linked]]:
        return await grouped(self.client, "organizations_of_inventors", ids, "shared")
