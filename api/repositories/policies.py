"""Policies, their measures and numeric targets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from api.repositories.base import Linked, Page, by_ids, count, grouped, page
from api.repositories.graph import GraphClient, Row


@dataclass(frozen=True)
class PolicyFilter:
    region: str | None = None  # region code, e.g. CN-JS (also matches CN-JS-...)
    title: str | None = None  # case-folded substring


@dataclass(frozen=True)
class MeasureFilter:
    area: str | None = None
    industry: str | None = None  # case-folded
    actor: str | None = None  # case-folded substring
    policy_id: str | None = None


class PolicyRepository:
    def __init__(self, client: GraphClient) -> None:
        self.client = client

    async def page(self, where: PolicyFilter, skip: int, limit: int) -> Page:
        return await page(self.client, "policies_page", skip, limit, **asdict(where))

    async def count(self, where: PolicyFilter) -> int:
        return await count(self.client, "policies_count", **asdict(where))

    async def by_ids(self, ids: Sequence[str]) -> list[Row | None]:
        return await by_ids(self.client, "policies_by_ids", ids)

    async def measures_of(self, ids: Sequence[str]) -> list[list[Linked]]:
        return await grouped(self.client, "measures_of_policies", ids)

    async def targets_of(self, ids: Sequence[str]) -> list[list[Linked]]:
        return await grouped(self.client, "targets_of_policies", ids)

    async def measures_page(self, where: MeasureFilter, skip: int, limit: int) -> Page:
        return await page(self.client, "measures_page", skip, limit, **asdict(where))

    async def measures_count(self, where: MeasureFilter) -> int:
        return await count(self.client, "measures_count", **asdict(where))

    async def measures_by_ids(self, ids: Sequence[str]) -> list[Row | None]:
        return await by_ids(self.client, "measures_by_ids", ids)

    async def policy_of_measures(self, ids: Sequence[str]) -> list[Row | None]:
        return await by_ids(self.client, "policy_of_measures", ids)

    async def targets_of_measures(self, ids: Sequence[str]) -> list[list[Linked]]:
        return await grouped(self.client, "targets_of_measures", ids)

    async def segments_of_measures(self, ids: Sequence[str]) -> list[list[Linked]]:
        return await grouped(self.client, "segments_of_measures", ids, "industry", "confidence")

    async def measure_of_targets(self, ids: Sequence[str]) -> list[Row | None]:
        return await by_ids(self.client, "measure_of_targets", ids)

    async def policy_of_targets(self, ids: Sequence[str]) -> list[Row | None]:
        return await by_ids(self.client, "policy_of_targets", ids)

    async def targets_page(self, region_code: str | None, skip: int, limit: int) -> Page:
        return await page(self.client, "targets_page", skip, limit, region=region_code)

    async def targets_count(self, region_code: str | None) -> int:
        return await count(self.client, "targets_count", region=region_code)
