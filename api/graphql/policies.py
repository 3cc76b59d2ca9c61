"""Policies, measures and targets: `policies`, `policy(id)`, `measures(filter)`, `targets(region)`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from api.graphql import convert as cv
from api.graphql.context import Info
from api.graphql.loaders import load_one
from api.graphql.pagination import Connection, encode_cursor, page_info, window
from api.repositories.policies import MeasureFilter, PolicyFilter
from api.repositories.text import fold

if TYPE_CHECKING:
    from api.graphql.chains import ChainSegment
    from api.graphql.targets import TargetProgress


@strawberry.type(description="A policy document (plan, opinion, notice ...).")
class Policy:
    id: strawberry.ID
    title: str | None
    doc_number: str | None
    region: str | None = strawberry.field(description="region code, e.g. CN-JS")
    date: str | None
    period: str | None
    language: str | None
    issuers: list[str]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Policy:
        return cls(
            id=strawberry.ID(str(row["id"])), title=cv.s(row, "title"), doc_number=cv.s(row, "doc_number"),
            region=cv.s(row, "region"), date=cv.s(row, "date"), period=cv.s(row, "period"),
            language=cv.s(row, "language"), issuers=cv.strs(row, "issuers"),
        )

    @strawberry.field(description="Its measures, in document order.")
    async def measures(self, info: Info) -> list[Measure]:
        return [Measure.from_row(l.node) for l in await info.context.loaders.measures_of_policy.load(str(self.id))]

    @strawberry.field(description="Numeric targets it sets, through its measures or directly (plan-level).")
    async def targets(self, info: Info) -> list[Target]:
        return [Target.from_row(l.node) for l in await info.context.loaders.targets_of_policy.load(str(self.id))]


@strawberry.type(description="One measure (a sentence or clause) of a policy.")
class Measure:
    id: strawberry.ID
    ordinal: int | None
    text: str | None
    section: str | None
    area: str | None
    instruments: list[str]
    actors: list[str]
    industries: list[str]
    confidence: float | None
    span_start: int | None
    span_end: int | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Measure:
        return cls(
            id=strawberry.ID(str(row["id"])), ordinal=cv.i(row, "ordinal"), text=cv.s(row, "text"),
            section=cv.s(row, "section"), area=cv.s(row, "area"), instruments=cv.strs(row, "instruments"),
            actors=cv.strs(row, "actors"), industries=cv.strs(row, "industries"), confidence=cv.f(row, "confidence"),
            span_start=cv.i(row, "span_start"), span_end=cv.i(row, "span_end"),
        )

    @strawberry.field(description="The policy this measure belongs to.")
    async def policy(self, info: Info) -> Policy | None:
        return await load_one(info.context.loaders.policy_of_measure, self.id, Policy.from_row)

    @strawberry.field(description="Numeric targets this measure sets.")
    async def targets(self, info: Info) -> list[Target]:
        return [Target.from_row(l.node) for l in await info.context.loaders.targets_of_measure.load(str(self.id))]

    @strawberry.field(description="Chain segments whose industry this measure names.")
    async def segments(self, info: Info) -> list[Annotated[ChainSegment, strawberry.lazy("api.graphql.chains")]]:
        from api.graphql.chains import ChainSegment

        return [ChainSegment.from_row(l.node) for l in await info.context.loaders.segments_of_measure.load(str(self.id))]


@strawberry.type(description="A numeric target: metric, comparator, value, unit, deadline.")
class Target:
    id: strawberry.ID
    metric: str | None
    comparator: str | None
    value: float | None
    unit: str | None
    normalised_value: float | None
    normalised_unit: str | None
    baseline: float | None
    deadline: str | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Target:
        return cls(
            id=strawberry.ID(str(row["id"])), metric=cv.s(row, "metric"), comparator=cv.s(row, "comparator"),
            value=cv.f(row, "value"), unit=cv.s(row, "unit"), normalised_value=cv.f(row, "normalised_value"),
            normalised_unit=cv.s(row, "normalised_unit"), baseline=cv.f(row, "baseline"), deadline=cv.s(row, "deadline"),
        )

    @strawberry.field(description="The measure that sets this target (null for a plan-level target the policy states outside every measure).")
    async def measure(self, info: Info) -> Measure | None:
        return await load_one(info.context.loaders.measure_of_target, self.id, Measure.from_row)

    @strawberry.field(description="The policy that sets this target, through a measure or directly.")
    async def policy(self, info: Info) -> Policy | None:
        return await load_one(info.context.loaders.policy_of_target, self.id, Policy.from_row)

    @strawberry.field(description="Progress against the graph's figures (see `targetProgress`).")
    async def progress(self, info: Info) -> Annotated[TargetProgress, strawberry.lazy("api.graphql.targets")]:
        from api.graphql.targets import progress_of

        return await progress_of(info, str(self.id))


@strawberry.type
class PolicyEdge:
    cursor: str
    node: Policy


@strawberry.type(description="A page of policies.")
class PolicyConnection(Connection):
    edges: list[PolicyEdge]
    nodes: list[Policy]


@strawberry.type
class MeasureEdge:
    cursor: str
    node: Measure


@strawberry.type(description="A page of measures.")
class MeasureConnection(Connection):
    edges: list[MeasureEdge]
    nodes: list[Measure]


@strawberry.type
class TargetEdge:
    cursor: str
    node: Target


@strawberry.type(description="A page of targets.")
class TargetConnection(Connection):
    edges: list[TargetEdge]
    nodes: list[Target]


@strawberry.input(description="Policy filters; unset fields do not filter.")
class PolicyFilterInput:
    region: str | None = strawberry.field(default=None, description="province, city or region code: 江苏, Jiangsu, CN-JS")
    title_contains: str | None = None


@strawberry.input(description="Measure filters; unset fields do not filter.")
class MeasureFilterInput:
    area: str | None = strawberry.field(default=None, description="policy area of the measure, as extracted")
    industry: str | None = strawberry.field(default=None, description="one of the measure's industries (case-insensitive)")
    actor: str | None = strawberry.field(default=None, description="part of one of the measure's actors")
    policy_id: strawberry.ID | None = None


async def _region_code(info: Info, region: str | None) -> str | None:
    if region is None:
        return None
    resolved = await info.context.repos.regions.resolve(region)
    return resolved.code or resolved.name


@strawberry.type
class PolicyQuery:
    @strawberry.field(description="Policies, newest first.")
    async def policies(
        self, info: Info, filter: PolicyFilterInput | None = None, first: int | None = None, after: str | None = None
    ) -> PolicyConnection:
        repos = info.context.repos
        win = window(first, after, info.context.settings.max_page_size)
        where = PolicyFilter()
        if filter is not None:
            title = fold(filter.title_contains) if filter.title_contains else None
            where = PolicyFilter(region=await _region_code(info, filter.region), title=title or None)
        page = await repos.policies.page(where, win.skip, win.limit)
        nodes = [Policy.from_row(r) for r in page.rows]
        return PolicyConnection(
            edges=[PolicyEdge(cursor=encode_cursor(win.skip + n + 1), node=x) for n, x in enumerate(nodes)],
            nodes=nodes, page_info=page_info(win, len(nodes), page.has_next),
            count=lambda: repos.policies.count(where),
        )

    @strawberry.field(description="One policy by id; null when there is none.")
    async def policy(self, info: Info, id: strawberry.ID) -> Policy | None:
        return await load_one(info.context.loaders.policy, id, Policy.from_row)

    @strawberry.field(description="Measures of all policies, filtered by area, industry and actor.")
    async def measures(
        self, info: Info, filter: MeasureFilterInput | None = None, first: int | None = None, after: str | None = None
    ) -> MeasureConnection:
        repos = info.context.repos
        win = window(first, after, info.context.settings.max_page_size)
        where = MeasureFilter()
        if filter is not None:
            where = MeasureFilter(
                area=filter.area or None,
                industry=fold(filter.industry) or None if filter.industry else None,
                actor=fold(filter.actor) or None if filter.actor else None,
                policy_id=str(filter.policy_id) if filter.policy_id else None,
            )
        page = await repos.policies.measures_page(where, win.skip, win.limit)
        nodes = [Measure.from_row(r) for r in page.rows]
        return MeasureConnection(
            edges=[MeasureEdge(cursor=encode_cursor(win.skip + n + 1), node=x) for n, x in enumerate(nodes)],
            nodes=nodes, page_info=page_info(win, len(nodes), page.has_next),
            count=lambda: repos.policies.measures_count(where),
        )

    @strawberry.field(description=(
        "Numeric targets set by policies of a region (province, city or code; all when unset); with "
        "measurable, only those the graph can (true) or cannot (false) measure progress of."))
    async def targets(
        self, info: Info, region: str | None = None, first: int | None = None, after: str | None = None,
        measurable: bool | None = None,
    ) -> TargetConnection:
        repos = info.context.repos
        win = window(first, after, info.context.settings.max_page_size)
        code = await _region_code(info, region)
        if measurable is not None:
            from api.graphql.pagination import known
            from api.graphql.targets import measurable_page

            rows, has_next, total = await measurable_page(info, code, measurable, win)
            nodes = [Target.from_row(r) for r in rows]
            return TargetConnection(
                edges=[TargetEdge(cursor=encode_cursor(win.skip + n + 1), node=x) for n, x in enumerate(nodes)],
                nodes=nodes, page_info=page_info(win, len(nodes), has_next), count=known(total),
            )
        page = await repos.policies.targets_page(code, win.skip, win.limit)
        nodes = [Target.from_row(r) for r in page.rows]
        return TargetConnection(
            edges=[TargetEdge(cursor=encode_cursor(win.skip + n + 1), node=x) for n, x in enumerate(nodes)],
            nodes=nodes, page_info=page_info(win, len(nodes), page.has_next),
            count=lambda: repos.policies.targets_count(code),
        )
