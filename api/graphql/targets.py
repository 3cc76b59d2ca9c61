"""Policy-target progress (`graph.targets`): `targetProgress(targetId)`, `Target.progress`, and the
measurable filter of `targets(region, measurable)`.

`graph.targets` is blocking code over a `neo4j.Driver`; it runs in a worker thread through
`Services.run_blocking`, whose bridge sends its queries to the process's one async driver (slots and
time limit included). Which targets are measurable is decided by the shipped bindings file alone, so
the `measurable` filter needs one read (the region's targets with their metric and policy) and no
progress computation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.scalars import JSON

from api.errors import BadArgument
from api.graphql.context import Info
from api.graphql.pagination import Window
from api.repositories.base import by_ids
from api.services import jsonable
from graph.targets import Binding, TargetProgress as LibProgress, shipped_bindings, target_progress

if TYPE_CHECKING:
    from api.graphql.policies import Target


class UnknownTarget(BadArgument):
    code = "UNKNOWN_ID"


@strawberry.type(description="One (year, value) point of a target's figure.")
class YearValue:
    year: int
    value: float


@strawberry.type(description="One number behind a progress report and the saved query call that produced it.")
class ProgressFigure:
    role: str = strawberry.field(description="baseline, current or series")
    query: str = strawberry.field(description="saved query name (cypher/targets, cypher/transactions)")
    params: JSON = strawberry.field(description="its parameters: re-run it with these to get the number")
    year: int | None
    value: float | None


@strawberry.type(description=(
    "How far a policy target is: baseline and current value of the bound figure, what is achieved in the "
    "target's terms (growth %, a count, yuan), whether it is met, and a linear trend to the deadline."))
class TargetProgress:
    target_id: strawberry.ID
    metric: str | None
    measurable: bool
    reason: str = strawberry.field(description="why it is not measurable, or a caveat")
    binding: str | None = strawberry.field(description="the binding (cypher/targets/bindings.yaml) used")
    compare: str | None = strawberry.field(description="growth_pct, count or amount_sum")
    comparator: str | None
    target_value: float | None = strawberry.field(description="in the compared unit: %, a count, or yuan")
    stated_value: float | None = strawberry.field(description="as the policy states it, in unit (80 for 80 billion yuan)")
    unit: str | None
    deadline: int | None
    baseline_year: int | None
    baseline: float | None = strawberry.field(description="the figure in the baseline year; null while the data ends before it")
    current_year: int | None = strawberry.field(description="the latest year with data, null while it is before the baseline year")
    current: float | None
    latest_year: int | None = strawberry.field(description="the latest year with data, even before the baseline year")
    latest: float | None = strawberry.field(description="the figure in latestYear")
    achieved: float | None = strawberry.field(description="comparable with targetValue")
    met: bool | None
    trend_slope: float | None = strawberry.field(description="figure units per year (last five years)")
    trend: float | None = strawberry.field(description="the compared quantity extrapolated to the deadline")
    on_track: bool | None
    proxy: bool = strawberry.field(description="the figure only approximates the target (see note)")
    note: str
    series: list[YearValue]
    figures: list[ProgressFigure]

    @classmethod
    def from_lib(cls, p: LibProgress) -> TargetProgress:
        return cls(
            target_id=strawberry.ID(p.target_id), metric=p.metric, measurable=p.measurable, reason=p.reason,
            binding=p.binding, compare=p.compare, comparator=p.comparator, target_value=p.target_value,
            stated_value=p.stated_value, unit=p.unit,
            deadline=_int(p.deadline), baseline_year=p.baseline_year, baseline=p.baseline,
            current_year=p.current_year, current=p.current, latest_year=p.latest_year, latest=p.latest,
            achieved=p.achieved, met=p.met,
            trend_slope=p.trend_slope, trend=p.trend, on_track=p.on_track, proxy=p.proxy, note=p.note,
            series=[YearValue(year=y, value=v) for y, v in p.series],
            figures=[ProgressFigure(role=f.role, query=f.query, params=jsonable(f.params), year=f.year, value=f.value)
                     for f in p.figures],
        )

    @strawberry.field(description="The target itself.")
    async def target(self, info: Info) -> Annotated[Target, strawberry.lazy("api.graphql.policies")] | None:
        from api.graphql.policies import Target

        rows = await by_ids(info.context.repos.client, "targets_by_ids", [str(self.target_id)])
        return Target.from_row(rows[0]) if rows[0] else None


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _progress_of_all(driver: Any, database: str, ids: list[str]) -> list[LibProgress]:
    return [target_progress(driver, database, i) for i in ids]


def progress_loader(info: Info) -> DataLoader[str, LibProgress]:
    """The request's loader of progress reports: one worker-thread run per batch of targets."""
    context = info.context
    loader = getattr(context, "_target_progress", None)
    if loader is None:
        services = context.services

        async def load(ids: list[str]) -> list[LibProgress]:
            return await services.run_blocking(_progress_of_all, list(ids), what="computing target progress")

        loader = DataLoader(load_fn=load)
        context._target_progress = loader  # type: ignore[attr-defined]
    return loader


async def progress_of(info: Info, target_id: str) -> TargetProgress:
    return TargetProgress.from_lib(await progress_loader(info).load(target_id))


def is_measurable(row: dict[str, Any]) -> bool:
    return isinstance(shipped_bindings().find(row), Binding)


async def measurable_page(
    info: Info, region_code: str | None, measurable: bool, win: Window
) -> tuple[list[dict[str, Any]], bool, int]:
    """(target rows of the page, has_next, total) of the region's targets whose measurability is `measurable`,
    in the order of `targets`."""
    client = info.context.repos.client
    rows = await client.read("targets_of_region_bindable", region=region_code)
    ids = list(dict.fromkeys(r["id"] for r in rows if is_measurable(r) == measurable))
    page_ids = ids[win.skip:win.skip + win.limit]
    nodes = [n for n in await by_ids(client, "targets_by_ids", page_ids) if n] if page_ids else []
    return nodes, len(ids) > win.skip + win.limit, len(ids)


@strawberry.type
class TargetQuery:
    @strawberry.field(description=(
        "Progress of one policy target against the graph's figures (baseline, current, met, trend); "
        "measurable=false with the reason when no figure is bound to it."))
    async def target_progress(self, info: Info, target_id: strawberry.ID) -> TargetProgress:
        progress = await progress_loader(info).load(str(target_id))
        if progress.reason == "no such target" and progress.metric is None:
            raise UnknownTarget(f"unknown target id {str(target_id)!r}")
        return TargetProgress.from_lib(progress)
