"""Chain gap analysis (`graph.gaps`): `chainGaps(chainId, region, benchmark, from, to)` and
`chainGraph(chainId, region, benchmark, from, to)`.

Regions here are Region nodes (a patent is in a region when an applicant organisation is LOCATED_IN it,
directly or through city -> province -> country); `benchmark` is null (or "outside") for every patent
without an applicant in the region, "all" for every patent, or another region. The definitions of every figure are in `graph.gaps` and returned in `definitions`.

`graph.gaps.achain_gap_report` runs its fetch on the process's async driver within
`Services.bounded` (one of the client's slots, the query time limit) and its aggregation (the costly
part on large chains) in a worker thread; fetched chains and finished reports are cached per data
version (`Services.gap_cache`).
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.graphql.analytics import InvalidArgumentError, OutOfRange, UnknownChain, UnknownRegion, resolve_chain
from api.graphql.chains import ChainSegment, IndustrialChain
from api.graphql.context import Info
from api.graphql.loaders import load_one
from api.graphql.organizations import Organization
from api.graphql.policies import Measure
from graph import gaps

_ARG_NAMES = {"from_year": "from", "to_year": "to", "top_holders": "topHolders", "chain_id": "chainId"}


def _api_error(exc: gaps.GapError) -> Exception:
    if isinstance(exc, gaps.UnknownChain):
        return UnknownChain(f"unknown chain {exc.chain!r}: use an id from `chains` (chain:...) or a chain key")
    if isinstance(exc, gaps.UnknownRegion):
        return UnknownRegion(str(exc))
    if isinstance(exc, gaps.InvalidArgument):
        name = _ARG_NAMES.get(exc.name, exc.name)
        message = str(exc).replace(f"{exc.name}=", f"{name}=", 1)
        return (OutOfRange if exc.name in ("from_year", "to_year", "top_holders") else InvalidArgumentError)(message)
    return InvalidArgumentError(str(exc))


@strawberry.type(description="A Region node the report is about (region or benchmark).")
class GapRegion:
    id: strawberry.ID
    name: str | None
    name_zh: str | None
    code: str | None
    level: str | None

    @classmethod
    def of(cls, ref: gaps.RegionRef | None) -> GapRegion | None:
        if ref is None:
            return None
        return cls(id=strawberry.ID(ref.id), name=ref.name, name_zh=ref.name_zh, code=ref.code, level=ref.level)


@strawberry.type
class YearCount:
    year: int
    patents: int


@strawberry.type(description="Counts of one group of patents (region or benchmark) in one segment and window.")
class GapMetrics:
    patents: int
    inventions: int
    valid: int
    high_value: int
    by_year: list[YearCount]
    early: int = strawberry.field(description="patents in the early half of the growth window")
    late: int = strawberry.field(description="patents in the late half of the growth window")
    growth: float | None = strawberry.field(description="(late - early) / (late + early), in [-1, 1]")
    cagr: float | None
    share: float = strawberry.field(description="segment patents / distinct chain patents of the group")

    @classmethod
    def of(cls, m: gaps.Metrics) -> GapMetrics:
        return cls(patents=m.patents, inventions=m.inventions, valid=m.valid, high_value=m.high_value,
                   by_year=[YearCount(year=y, patents=n) for y, n in sorted(m.by_year.items())], early=m.early,
                   late=m.late, growth=m.growth, cagr=m.cagr, share=m.share)


@strawberry.type(description="An organisation holding patents of a segment (in the window).")
class GapHolder:
    organization_id: strawberry.ID
    name: str | None
    kind: str | None
    city: str | None
    patents: int

    @strawberry.field
    async def organization(self, info: Info) -> Organization | None:
        return await load_one(info.context.loaders.organization, self.organization_id, Organization.from_row)


@strawberry.type(description=(
    "A policy measure that names a segment's technology (TARGETS_SEGMENT) or the chain's industry (TARGETS_CHAIN)."))
class GapMeasure:
    measure_id: strawberry.ID
    text: str = strawberry.field(description="a snippet of the measure's text")
    policy_id: strawberry.ID | None
    policy_title: str | None
    policy_region: str | None
    confidence: float | None

    @classmethod
    def of(cls, m: gaps.MeasureRef) -> GapMeasure:
        return cls(measure_id=strawberry.ID(m.id), text=m.text,
                   policy_id=strawberry.ID(m.policy_id) if m.policy_id else None, policy_title=m.policy_title,
                   policy_region=m.policy_region, confidence=m.confidence)

    @strawberry.field
    async def measure(self, info: Info) -> Measure | None:
        return await load_one(info.context.loaders.measure, self.measure_id, Measure.from_row)


@strawberry.type(description="One segment's figures for the region against the benchmark, its flags and gap score.")
class SegmentGap:
    segment_id: strawberry.ID
    key: str
    name_zh: str | None
    name_en: str | None
    position: str | None
    order: int | None
    gap_score: float = strawberry.field(description="in [0, 1]; 1 = the largest gap (see definitions)")
    flags: list[str] = strawberry.field(description=", ".join(gaps.FLAGS))
    region_patents: int = strawberry.field(description="= region.patents")
    benchmark_patents: int = strawberry.field(description="= benchmark.patents")
    share: float = strawberry.field(description="= region.share")
    share_ratio: float | None = strawberry.field(description="region share / benchmark share (location quotient)")
    region: GapMetrics
    benchmark: GapMetrics
    segment_patents: int = strawberry.field(description="every patent of the segment in the window, any region")
    applicant_patents: int = strawberry.field(description="of those, the ones with an applicant organisation")
    external_patents: int = strawberry.field(description="of those, the ones with no applicant in the region")
    external_share: float
    top_holders_in_region: list[GapHolder]
    top_holders_outside: list[GapHolder]
    measures: list[GapMeasure] = strawberry.field(description=(
        "measures naming this segment's technology (at most 10); measures naming the chain's industry as a whole "
        "are the report's chainMeasures"))
    measure_count: int

    @strawberry.field
    async def segment(self, info: Info) -> ChainSegment | None:
        return await load_one(info.context.loaders.segment, self.segment_id, ChainSegment.from_row)

    @classmethod
    def of(cls, s: gaps.SegmentGap) -> SegmentGap:
        def holders(items: list[gaps.Holder]) -> list[GapHolder]:
            return [GapHolder(organization_id=strawberry.ID(h.id), name=h.name, kind=h.kind, city=h.city,
                              patents=h.patents) for h in items]

        return cls(
            segment_id=strawberry.ID(s.id), key=s.key, name_zh=s.name_zh, name_en=s.name_en, position=s.position,
            order=s.order, gap_score=s.gap_score, flags=list(s.flags), region_patents=s.region.patents,
            benchmark_patents=s.benchmark.patents, share=s.region.share, share_ratio=s.share_ratio,
            region=GapMetrics.of(s.region), benchmark=GapMetrics.of(s.benchmark), segment_patents=s.segment_patents,
            applicant_patents=s.applicant_patents, external_patents=s.external_patents,
            external_share=s.external_share, top_holders_in_region=holders(s.top_holders_in_region),
            top_holders_outside=holders(s.top_holders_outside),
            measures=[GapMeasure.of(m) for m in s.measures],
            measure_count=s.measure_count,
        )


@strawberry.type(description="A FEEDS edge between two segments (source supplies target).")
class SegmentLink:
    source: strawberry.ID
    target: strawberry.ID


@strawberry.type(description="What a figure of the report means.")
class Definition:
    name: str
    text: str


def _definitions() -> list[Definition]:
    return [Definition(name=k, text=v) for k, v in gaps.DEFINITIONS.items()]


@strawberry.type(description="Where a region is strong or thin along a chain, segment by segment, against a benchmark.")
class ChainGapReport:
    chain_id: strawberry.ID
    region: GapRegion
    benchmark: GapRegion | None = strawberry.field(description="the benchmark region; null when it is not a region")
    benchmark_kind: str = strawberry.field(description="outside (every patent without an applicant in the region, "
                                                       "the default), region or all (every patent)")
    benchmark_label: str = strawberry.field(description="what the region is compared with, in words")
    benchmark_overlap: float = strawberry.field(description="share of the benchmark's chain patents that are the region's too")
    notes: list[str] = strawberry.field(description=(
        "what to know before reading the comparison: a benchmark that is mostly the region itself, or too few patents"))
    note_codes: list[str] = strawberry.field(description=(
        "one code per note, in the same order: benchmark_overlaps_region, few_benchmark_patents, few_region_patents"))
    from_year: int | None
    to_year: int | None
    growth_years: list[int] | None = strawberry.field(description=(
        "[first, last] year growth is computed over (default: the last 10 years up to the chain's last year with patents)"))
    region_chain_patents: int
    benchmark_chain_patents: int
    segments: list[SegmentGap] = strawberry.field(description="in chain order")
    chain_measures: list[GapMeasure] = strawberry.field(description="measures naming the chain's industry as a whole (at most 10)")
    chain_measure_count: int
    feeds: list[SegmentLink]
    definitions: list[Definition]

    @strawberry.field
    async def chain(self, info: Info) -> IndustrialChain | None:
        return await load_one(info.context.loaders.chain, self.chain_id, IndustrialChain.from_row)

    @classmethod
    def of(cls, r: gaps.GapReport) -> ChainGapReport:
        return cls(
            chain_id=strawberry.ID(str(r.chain["id"])), region=GapRegion.of(r.region),  # type: ignore[arg-type]
            benchmark=GapRegion.of(r.benchmark), benchmark_kind=r.benchmark_kind, benchmark_label=r.benchmark_label,
            benchmark_overlap=r.benchmark_overlap, notes=list(r.notes), note_codes=list(r.note_codes),
            from_year=r.from_year, to_year=r.to_year,
            growth_years=list(r.growth_years) if r.growth_years else None,
            region_chain_patents=r.region_chain_patents, benchmark_chain_patents=r.benchmark_chain_patents,
            segments=[SegmentGap.of(s) for s in r.segments],
            chain_measures=[GapMeasure.of(m) for m in r.chain_measures], chain_measure_count=r.chain_measure_count,
            feeds=[SegmentLink(source=strawberry.ID(a), target=strawberry.ID(b)) for a, b in r.feeds],
            definitions=_definitions(),
        )


@strawberry.type(description="A segment's figures as shown on a chain graph node.")
class ChainGraphMetrics:
    patents: int
    inventions: int
    valid: int
    high_value: int
    growth: float | None
    cagr: float | None
    share: float
    benchmark_patents: int
    benchmark_share: float
    benchmark_growth: float | None
    share_ratio: float | None
    segment_patents: int
    external_share: float
    measures: int


@strawberry.type(description="A segment as a graph node, coloured by its gap score.")
class ChainGraphNode:
    id: strawberry.ID
    key: str
    label: str | None
    label_zh: str | None
    position: str | None
    order: int | None
    gap_score: float
    flags: list[str]
    metrics: ChainGraphMetrics


@strawberry.type(description="The chain as a node-link graph: segments with their gap figures, FEEDS edges.")
class ChainGraph:
    chain_id: strawberry.ID
    region: GapRegion
    benchmark: GapRegion | None
    benchmark_kind: str
    benchmark_label: str
    notes: list[str]
    from_year: int | None
    to_year: int | None
    growth_years: list[int] | None
    nodes: list[ChainGraphNode]
    edges: list[SegmentLink]

    @strawberry.field
    async def chain(self, info: Info) -> IndustrialChain | None:
        return await load_one(info.context.loaders.chain, self.chain_id, IndustrialChain.from_row)

    @classmethod
    def of(cls, r: gaps.GapReport) -> ChainGraph:
        view = gaps.graph_view(r)
        return cls(
            chain_id=strawberry.ID(str(r.chain["id"])), region=GapRegion.of(r.region),  # type: ignore[arg-type]
            benchmark=GapRegion.of(r.benchmark), benchmark_kind=r.benchmark_kind, benchmark_label=r.benchmark_label,
            notes=list(r.notes), from_year=r.from_year, to_year=r.to_year,
            growth_years=list(r.growth_years) if r.growth_years else None,
            nodes=[ChainGraphNode(
                id=strawberry.ID(n["id"]), key=n["key"], label=n["label"], label_zh=n["label_zh"],
                position=n["position"], order=n["order"], gap_score=n["gap_score"], flags=list(n["flags"]),
                metrics=ChainGraphMetrics(**n["metrics"]),
            ) for n in view["nodes"]],
            edges=[SegmentLink(source=strawberry.ID(e["source"]), target=strawberry.ID(e["target"]))
                   for e in view["edges"]],
        )


async def gap_report(info: Info, chain_id: str, region: str, benchmark: str | None, from_year: int | None,
                     to_year: int | None, top_holders: int = gaps.TOP_HOLDERS) -> gaps.GapReport:
    services = info.context.services
    chain_key = str((await resolve_chain(info, chain_id))["id"])  # ids and keys, as the other analytics fields
    try:
        return await services.bounded(gaps.achain_gap_report(
            services.driver, services.target.database, chain_key, region, benchmark, from_year, to_year,
            top_holders=top_holders, cache=services.gap_cache), "the gap report")
    except gaps.GapError as exc:
        raise _api_error(exc) from None


def _bench(benchmark: str | None) -> str | None:
    return benchmark if benchmark is not None and benchmark.strip() else None


@strawberry.type
class GapQuery:
    @strawberry.field(description=(
        "Segment-by-segment gap report of a chain (id or key) for a region (province, city, code or Region id: "
        "江苏, Suzhou, CN-JS) against a benchmark (null or \"outside\": every patent without an applicant in the "
        "region; \"all\": every patent; else a region), over application years "
        "from..to (inclusive; unset: no bound). Figures, flags and the gap score are defined in `definitions`."))
    async def chain_gaps(
        self, info: Info, chain_id: strawberry.ID, region: str, benchmark: str | None = None,
        from_: Annotated[int | None, strawberry.argument(name="from")] = None,
        to: int | None = None, top_holders: int = gaps.TOP_HOLDERS,
    ) -> ChainGapReport:
        report = await gap_report(info, str(chain_id), region, _bench(benchmark), from_, to, top_holders)
        return ChainGapReport.of(report)

    @strawberry.field(description="The chain gap report as a node-link graph (segments, FEEDS edges) for drawing.")
    async def chain_graph(
        self, info: Info, chain_id: strawberry.ID, region: str, benchmark: str | None = None,
        from_: Annotated[int | None, strawberry.argument(name="from")] = None, to: int | None = None,
    ) -> ChainGraph:
        return ChainGraph.of(await gap_report(info, str(chain_id), region, _bench(benchmark), from_, to))
