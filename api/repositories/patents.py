"""Patents: filtered pages, lookups by id, and what hangs off a patent (applicants, inventors, segments)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from api.repositories.base import Linked, Page, by_ids, count, grouped, page
from api.repositories.graph import GraphClient, Row
from api.repositories.order import OrderCache
from api.repositories.version import DataVersion


@dataclass(frozen=True)
class PatentFilter:
    """Null fields are not filtered on."""

    year: int | None = None
    type: str | None = None
    ipc_prefix: str | None = None
    organization_id: str | None = None
    segment_id: str | None = None

    def anchor(self) -> str:
        """Which statement family starts closest to the answer: an organisation, a segment, or all patents."""
        if self.organization_id is not None:
            return "_of_org"
        if self.segment_id is not None:
            return "_of_segment"
        return ""

    def params(self) -> dict[str, object]:
        params = asdict(self)
        if self.anchor() == "_of_segment":
            params.pop("organization_id")
        return params

    def ordered_by_cache(self) -> bool:
        """Pages of all patents filtered at most by year and type come from the order cache."""
        return self.anchor() == "" and self.ipc_prefix is None


class PatentRepository:
    def __init__(self, client: GraphClient) -> None:
        self.client = client
        self.order = OrderCache(client, "patents_order", "patents_by_ids", DataVersion(client, "patents_version"))

    async def page(self, where: PatentFilter, skip: int, limit: int) -> Page:
        """Patents matching `where`, newest first."""
        if where.ordered_by_cache():
            return await self.order.page(skip, limit, year=where.year, type=where.type)
        return await page(self.client, f"patents_page{where.anchor()}", skip, limit, **where.params())

    async def count(self, where: PatentFilter) -> int:
        if where.ordered_by_cache():
            return await self.order.count(year=where.year, type=where.type)
        return await count(self.client, f"patents_count{where.anchor()}", **where.params())

    async def by_ids(self, ids: Sequence[str]) -> list[Row | None]:
        return await by_ids(self.client, "patents_by_ids", ids)

    async def applicants_of(self, ids: Sequence[str]) -> list[list[Linked]]:
        return await grouped(self.client, "applicants_of_patents", ids)

    async def inventors_of(self, ids: Sequence[str]) -> list[list[Linked]]:
        return await grouped(self.client, "inventors_of_patents", ids)

    async def segments_of(self, ids: Sequence[str]) -> list[list[Linked]]:
        return await grouped(self.client, "segments_of_patents", ids, "rule", "confidence")
