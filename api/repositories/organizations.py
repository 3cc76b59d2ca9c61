"""Organisations: filtered pages, lookups, their patents (paged per organisation) and co-applicants."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from api.repositories.base import Linked, Page, by_ids, count, page, paged_per_id
from api.repositories.graph import GraphClient, Row
from api.repositories.order import OrderCache
from api.repositories.version import DataVersion


@dataclass(frozen=True)
class OrganizationFilter:
    """`region` is an English province or city name (resolved by RegionRepository); `name` is case-folded."""

    kind: str | None = None
    region: str | None = None
    name: str | None = None

    def ordered_by_cache(self) -> bool:
        """Pages filtered at most by kind and region come from the order cache; name search scans."""
        return self.name is None


class OrganizationRepository:
    def __init__(self, client: GraphClient) -> None:
        self.client = client
        self.order = OrderCache(client, "organizations_order", "organizations_by_ids",
                                DataVersion(client, "organizations_version", recheck_s=5.0))

    async def page(self, where: OrganizationFilter, skip: int, limit: int) -> Page:
        """Organisations matching `where`, most patents first."""
        if where.ordered_by_cache():
            return await self.order.page(skip, limit, kind=where.kind, region=where.region)
        return await page(self.client, "organizations_page", skip, limit, **asdict(where))

    async def count(self, where: OrganizationFilter) -> int:
        if where.ordered_by_cache():
            return await self.order.count(kind=where.kind, region=where.region)
        return await count(self.client, "organizations_count", **asdict(where))

    async def by_ids(self, ids: Sequence[str]) -> list[Row | None]:
        return await by_ids(self.client, "organizations_by_ids", ids)

    async def patents_of(self, ids: Sequence[str], skip: int, limit: int) -> list[Page]:
        return await paged_per_id(self.client, "patents_of_organizations", ids, skip, limit)

    async def partners_of(self, ids: Sequence[str], limit: int) -> list[list[Linked]]:
        rows = await self.client.read("partners_of_organizations", ids=list(dict.fromkeys(ids)), limit=limit)
        found = {r["id"]: [Linked(p["node"], {"shared": p["shared"]}) for p in r["partners"]] for r in rows}
        return [found.get(i, []) for i in ids]
