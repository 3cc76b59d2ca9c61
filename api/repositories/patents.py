"""Patents: filtered pages, lookups by id, and what hangs off a patent (applicants, inventors, segments)."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from api.repositories.base import Linked, Page, by_ids, count, grouped, page
from api.repositories.graph import GraphClient, Row


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
        """Pages of all patents filtered at most by year and type come from `PatentOrder`."""
        return self.anchor() == "" and self.ipc_prefix is None


class PatentOrder:
    """Patent ids in page order per (year, type) filter, cached per data version.

    Sorting every patent for each page costs ~0.7 s at 100k patents; a cached order makes a page a
    slice plus one lookup by ids. The data version (`patents_version`: patent and document counts, the
    latest load) is re-read at most every `recheck_s`; a new version drops every order. At most
    `max_orders` filters are kept (ids take ~75 bytes each: 75 MB per million patents).
    """

    def __init__(self, client: GraphClient, *, recheck_s: float = 2.0, max_orders: int = 4) -> None:
        self.client = client
        self.recheck_s = recheck_s
        self.max_orders = max_orders
        self._orders: OrderedDict[tuple[Any, ...], list[str]] = OrderedDict()
        self._version: tuple[Any, ...] | None = None
        self._checked = 0.0
        self._lock = asyncio.Lock()

    async def ids(self, year: int | None, type_: str | None) -> list[str]:
        """The ordered ids for the filter, read from the database when the cache has none."""
        await self._check_version()
        key = (self._version, year, type_)
        order = self._orders.get(key)
        if order is not None:
            self._orders.move_to_end(key)
            return order
        async with self._lock:  # one read per filter, however many requests ask at once
            order = self._orders.get(key)
            if order is None:
                rows = await self.client.read("patents_order", year=year, type=type_)
                order = [r["id"] for r in rows]
                self._orders[key] = order
                while len(self._orders) > self.max_orders:
                    self._orders.popitem(last=False)
        return order

    async def _check_version(self) -> None:
        now = time.monotonic()
        if self._version is not None and now - self._checked < self.recheck_s:
            return
        row = await self.client.one("patents_version")
        version = (row["patents"], row["documents"], row["loaded_at"]) if row else None
        self._checked = now
        if version != self._version:
            self._orders.clear()
            self._version = version


class PatentRepository:
    def __init__(self, client: GraphClient) -> None:
        self.client = client
        self.order = PatentOrder(client)

    async def page(self, where: PatentFilter, skip: int, limit: int) -> Page:
        """Patents matching `where`, newest first."""
        if where.ordered_by_cache():
            ids = (await self.order.ids(where.year, where.type))[skip : skip + limit + 1]
            rows = [r for r in await self.by_ids(ids[:limit]) if r is not None]
            return Page(rows, len(ids) > limit)
        return await page(self.client, f"patents_page{where.anchor()}", skip, limit, **where.params())

    async def count(self, where: PatentFilter) -> int:
        if where.ordered_by_cache():
            return len(await self.order.ids(where.year, where.type))
        return await count(self.client, f"patents_count{where.anchor()}", **where.params())

    async def by_ids(self, ids: Sequence[str]) -> list[Row | None]:
        return await by_ids(self.client, "patents_by_ids", ids)

    async def applicants_of(self, ids: Sequence[str]) -> list[list[Linked]]:
        return await grouped(self.client, "applicants_of_patents", ids)

    async def inventors_of(self, ids: Sequence[str]) -> list[list[Linked]]:
        return await grouped(self.client, "inventors_of_patents", ids)

    async def segments_of(self, ids: Sequence[str]) -> list[list[Linked]]:
        return await grouped(self.client, "segments_of_patents", ids, "rule", "confidence")
