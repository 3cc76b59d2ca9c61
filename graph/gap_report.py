"""Chain gap reports: the aggregation of a chain's fetched data for one region, benchmark and window.

`graph.gaps` fetches a chain's data (cached per data version) and calls `build_report` here; this
module touches no database. What every figure means is in `graph.gap_model`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.gap_model import *  # noqa: F403 - thresholds and result types
from graph.gap_model import (
    ALL_PATENTS, EXTERNAL_DEPENDENCY, EXTERNAL_DEPENDENCY_MIN_PATENTS, EXTERNAL_DEPENDENCY_MIN_SHARE,
    FEW_BENCHMARK_PATENTS, GROWTH_YEARS, HIGH_VALUE_MIN_APPLICANTS, HIGH_VALUE_MIN_CITED_BY, HIGH_VALUE_MIN_CLAIMS,
    HIGH_VALUE_MIN_SUBCLASSES, MEASURES_PER_SEGMENT, MISSING_LINK, MISSING_LINK_MAX_PATENTS, MISSING_LINK_MAX_SHARE,
    OUTSIDE, OVERLAP_WARNING, SCORE_WEIGHTS, SNIPPET_CHARS, TOP_HOLDERS, WEAK_LINK, WEAK_LINK_MAX_RATIO, GapReport,
    Holder, MeasureRef, Metrics, RegionRef, SegmentGap,
)

# --- fetched chain data (region independent) -------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Patent:
    segments: tuple[int, ...]  # indexes into ChainData.segments
    year: int | None
    invention: bool
    valid: bool
    high_value: bool
    applicants: tuple[int, ...]  # indexes into ChainData.orgs
    placement: int  # index into ChainData.placements: the applicants' direct regions


@dataclass(frozen=True, slots=True)
class _Org:
    id: str
    name: str | None
    kind: str | None
    city: str | None
    regions: frozenset[str]


@dataclass
class ChainData:
    chain: dict[str, Any]
    segments: list[dict[str, Any]]
    feeds: list[tuple[str, str]]
    orgs: list[_Org]
    placements: list[frozenset[str]]
    patents: list[_Patent]
    measures: dict[str, list[MeasureRef]]
    measure_counts: dict[str, int]
    years: tuple[int, int] | None
    chain_measures: list[MeasureRef] = field(default_factory=list)
    chain_measure_count: int = 0


def is_high_value(ptype: str | None, valid: bool | None, claims: int | None, cited_by: int | None,
                  applicants: int, ipc: Iterable[str] | None) -> bool:
    """The high-value rule (see the module docstring)."""
    if ptype != "invention" or valid is False:
        return False
    if (claims or 0) >= HIGH_VALUE_MIN_CLAIMS or (cited_by or 0) >= HIGH_VALUE_MIN_CITED_BY:
        return True
    if applicants >= HIGH_VALUE_MIN_APPLICANTS:
        return True
    return len({c[:4] for c in (ipc or ()) if c}) >= HIGH_VALUE_MIN_SUBCLASSES


def _measure_ref(r: Mapping[str, Any]) -> MeasureRef:
    text = (r["text"] or "").strip()
    snippet = text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"
    return MeasureRef(r["id"], snippet, r["policy_id"], r["policy_title"], r["policy_region"], r["confidence"])


def _chain_data(chain_row: Mapping[str, Any], patent_rows: Sequence[Mapping[str, Any]],
                org_rows: Sequence[Mapping[str, Any]], measure_rows: Sequence[Mapping[str, Any]],
                chain_measure_rows: Sequence[Mapping[str, Any]] = ()) -> ChainData:
    segments = [s for s in chain_row["segments"] if s.get("id")]
    seg_index = {s["id"]: i for i, s in enumerate(segments)}
    orgs = [_Org(r["id"], r["name"], r["kind"], r["city"], frozenset(x for x in r["regions"] or () if x))
            for r in org_rows]
    org_index = {o.id: i for i, o in enumerate(orgs)}
    placements: list[frozenset[str]] = []
    placement_index: dict[frozenset[str], int] = {}
    patents: list[_Patent] = []
    years: list[int] = []
    for r in patent_rows:
        applicants = tuple(sorted({org_index[a] for a in r["applicants"] or () if a in org_index}))
        regions = frozenset().union(*(orgs[a].regions for a in applicants)) if applicants else frozenset()
        place = placement_index.get(regions)
        if place is None:
            place = placement_index[regions] = len(placements)
            placements.append(regions)
        year = r["year"]
        year = int(year) if isinstance(year, (int, float)) and not isinstance(year, bool) else None
        if year is not None:
            years.append(year)
        patents.append(_Patent(
            segments=tuple(sorted({seg_index[s] for s in r["segments"] if s in seg_index})),
            year=year,
            invention=r["type"] == "invention",
            valid=r["valid"] is True,
            high_value=is_high_value(r["type"], r["valid"], r["claims"], r["cited_by"], len(applicants), r["ipc"]),
            applicants=applicants,
            placement=place,
        ))
    measures: dict[str, list[MeasureRef]] = {}
    counts: Counter[str] = Counter()
    for r in measure_rows:
        counts[r["segment"]] += 1
        bucket = measures.setdefault(r["segment"], [])
        if len(bucket) < MEASURES_PER_SEGMENT:
            bucket.append(_measure_ref(r))
    chain = {k: chain_row[k] for k in ("id", "key", "name_zh", "name_en", "version")}
    feeds = [(f["source"], f["target"]) for f in chain_row["feeds"] if f.get("source") and f.get("target")]
    return ChainData(chain, segments, feeds, orgs, placements, patents, measures, dict(counts),
                     (min(years), max(years)) if years else None,
                     [_measure_ref(r) for r in chain_measure_rows[:MEASURES_PER_SEGMENT]], len(chain_measure_rows))


# --- the aggregation (shared by the sync and async entry points) -----------------------------------
@dataclass
class _Acc:
    region: Metrics = field(default_factory=Metrics)
    benchmark: Metrics = field(default_factory=Metrics)
    total: int = 0
    with_applicants: int = 0
    external: int = 0
    holders_in: Counter[int] = field(default_factory=Counter)
    holders_out: Counter[int] = field(default_factory=Counter)


def _add(m: Metrics, p: _Patent) -> None:
    m.patents += 1
    m.inventions += p.invention
    m.valid += p.valid
    m.high_value += p.high_value
    if p.year is not None:
        m.by_year[p.year] = m.by_year.get(p.year, 0) + 1


def growth_of(by_year: Mapping[int, int], first: int, last: int) -> tuple[int, int, float | None, float | None]:
    """(early, late, growth, cagr) of yearly counts over [first, last] (see the module docstring)."""
    n = last - first + 1
    h = n // 2
    if h < 1:
        return 0, 0, None, None
    early = sum(by_year.get(y, 0) for y in range(first, first + h))
    late = sum(by_year.get(y, 0) for y in range(last - h + 1, last + 1))
    growth = (late - early) / (late + early) if late + early else None
    cagr = (late / early) ** (1 / (n - h)) - 1 if early and late else None
    return early, late, growth, cagr


def _clamp(x: float, low: float = 0.0, high: float = 1.0) -> float:
    return max(low, min(high, x))


def gap_score(share_ratio: float | None, growth: float | None, benchmark_growth: float | None,
              external_share: float, missing: bool) -> float:
    """The colouring score in [0, 1] (see the module docstring)."""
    share_gap = 0.0 if share_ratio is None else 1.0 - min(share_ratio, 1.0)
    growth_gap = _clamp(((benchmark_growth or 0.0) - (growth or 0.0)) / 2)
    score = (SCORE_WEIGHTS["share"] * share_gap + SCORE_WEIGHTS["growth"] * growth_gap
             + SCORE_WEIGHTS["external"] * external_share + SCORE_WEIGHTS["missing"] * float(missing))
    return round(_clamp(score), 4)


def _holders(data: ChainData, counts: Counter[int], top: int) -> list[Holder]:
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], data.orgs[kv[0]].name or "", data.orgs[kv[0]].id))
    return [Holder(data.orgs[i].id, data.orgs[i].name, data.orgs[i].kind, data.orgs[i].city, n)
            for i, n in ranked[:top]]


def build_report(data: ChainData, region: RegionRef, benchmark: RegionRef | str | None,
                 from_year: int | None, to_year: int | None, top_holders: int = TOP_HOLDERS) -> GapReport:
    """Aggregate fetched chain data for one region, benchmark and window (no database access).
    `benchmark`: a region, ALL_PATENTS, or OUTSIDE / None (every patent without an applicant in the region)."""
    in_region = [bool(p & region.members) for p in data.placements]
    if isinstance(benchmark, RegionRef):
        kind, in_bench = "region", [bool(p & benchmark.members) for p in data.placements]
    elif benchmark == ALL_PATENTS:
        kind, in_bench = ALL_PATENTS, [True] * len(data.placements)
    else:
        kind, in_bench = OUTSIDE, [not r for r in in_region]
    org_in_region = [bool(o.regions & region.members) for o in data.orgs]
    accs = [_Acc() for _ in data.segments]
    region_total = bench_total = both_total = 0
    windowed = from_year is not None or to_year is not None
    for p in data.patents:
        if windowed:
            if p.year is None or (from_year is not None and p.year < from_year) or \
                    (to_year is not None and p.year > to_year):
                continue
        r = in_region[p.placement]
        b = in_bench[p.placement]
        region_total += r
        bench_total += b
        both_total += r and b
        for s in p.segments:
            acc = accs[s]
            acc.total += 1
            if p.applicants:
                acc.with_applicants += 1
                if not r:
                    acc.external += 1
                for o in p.applicants:
                    (acc.holders_in if org_in_region[o] else acc.holders_out)[o] += 1
            if r:
                _add(acc.region, p)
            if b:
                _add(acc.benchmark, p)

    span = growth_window(data.years, from_year, to_year)

    segments: list[SegmentGap] = []
    for seg, acc in zip(data.segments, accs):
        for m, total in ((acc.region, region_total), (acc.benchmark, bench_total)):
            m.share = m.patents / total if total else 0.0
            if span is not None:
                m.early, m.late, m.growth, m.cagr = growth_of(m.by_year, *span)
        ratio = acc.region.share / acc.benchmark.share if acc.benchmark.share else None
        external_share = acc.external / acc.with_applicants if acc.with_applicants else 0.0
        flags: list[str] = []
        missing = acc.region.patents <= MISSING_LINK_MAX_PATENTS or acc.region.share < MISSING_LINK_MAX_SHARE
        if missing:
            flags.append(MISSING_LINK)
        if ratio is not None and ratio < WEAK_LINK_MAX_RATIO:
            flags.append(WEAK_LINK)
        if external_share > EXTERNAL_DEPENDENCY_MIN_SHARE and acc.with_applicants >= EXTERNAL_DEPENDENCY_MIN_PATENTS:
            flags.append(EXTERNAL_DEPENDENCY)
        segments.append(SegmentGap(
            id=seg["id"], key=seg["key"], name_zh=seg.get("name_zh"), name_en=seg.get("name_en"),
            position=seg.get("position"), order=seg.get("order"),
            region=acc.region, benchmark=acc.benchmark, share_ratio=ratio,
            segment_patents=acc.total, applicant_patents=acc.with_applicants, external_patents=acc.external,
            external_share=external_share,
            top_holders_in_region=_holders(data, acc.holders_in, top_holders),
            top_holders_outside=_holders(data, acc.holders_out, top_holders),
            measures=list(data.measures.get(seg["id"], [])),
            measure_count=data.measure_counts.get(seg["id"], 0),
            flags=flags,
            gap_score=gap_score(ratio, acc.region.growth, acc.benchmark.growth, external_share, missing),
        ))
    overlap = both_total / bench_total if bench_total else 0.0
    report = GapReport(
        chain=dict(data.chain), region=region, benchmark=benchmark if isinstance(benchmark, RegionRef) else None,
        from_year=from_year, to_year=to_year, growth_years=span, region_chain_patents=region_total,
        benchmark_chain_patents=bench_total, segments=segments, feeds=list(data.feeds), benchmark_kind=kind,
        benchmark_overlap=overlap, chain_measures=list(data.chain_measures),
        chain_measure_count=data.chain_measure_count, chain_years=data.years,
    )
    notes = _notes(report)
    report.note_codes = [code for code, _ in notes]
    report.notes = [text for _, text in notes]
    return report


def growth_window(years: tuple[int, int] | None, from_year: int | None, to_year: int | None) -> tuple[int, int] | None:
    """The years growth is computed over (module docstring): the given bounds, else the last
    GROWTH_YEARS years up to the chain's last year with patents, not before its first."""
    if years is None and (from_year is None or to_year is None):
        return None
    last = to_year if to_year is not None else years[1]  # type: ignore[index]
    first = from_year if from_year is not None else max(years[0], last - GROWTH_YEARS + 1)  # type: ignore[index]
    return (first, last) if first <= last else None


def _notes(report: GapReport) -> list[tuple[str, str]]:
    """What a reader must know before comparing the region with its benchmark, as (code, English text):
    the code lets a page or a report say the same in another language from the report's own figures."""
    notes = []
    label = report.benchmark_label
    if report.benchmark_chain_patents and report.benchmark_overlap > OVERLAP_WARNING:
        notes.append(("benchmark_overlaps_region",
                      f"{report.benchmark_overlap:.0%} of the benchmark's patents ({label}) are the region's own: "
                      "their shares cannot differ much, so few gaps show; compare with everything outside the region "
                      "(the default) or with another region"))
    if report.benchmark_chain_patents < FEW_BENCHMARK_PATENTS:
        notes.append(("few_benchmark_patents",
                      f"the benchmark ({label}) holds only {report.benchmark_chain_patents} patents of this chain: "
                      "its shares and growth are noisy"))
    if report.region_chain_patents < FEW_BENCHMARK_PATENTS:
        notes.append(("few_region_patents", f"the region holds only {report.region_chain_patents} patents of this chain"))
    return notes


def graph_view(report: GapReport) -> dict[str, Any]:
    """The report as a node-link graph: `{chain, region, benchmark, window, nodes, edges}`."""
    nodes = []
    for s in report.segments:
        nodes.append({
            "id": s.id, "key": s.key, "label": s.name_en, "label_zh": s.name_zh,
            "position": s.position, "order": s.order,
            "metrics": {
                "patents": s.region.patents, "inventions": s.region.inventions, "valid": s.region.valid,
                "high_value": s.region.high_value, "growth": s.region.growth, "cagr": s.region.cagr,
                "share": s.region.share, "benchmark_patents": s.benchmark.patents,
                "benchmark_share": s.benchmark.share, "benchmark_growth": s.benchmark.growth,
                "share_ratio": s.share_ratio, "segment_patents": s.segment_patents,
                "external_share": s.external_share, "measures": s.measure_count,
            },
            "gap_score": s.gap_score,
            "flags": list(s.flags),
        })
    return {
        "chain": dict(report.chain),
        "region": report.region.to_dict(),
        "benchmark": report.benchmark.to_dict() if report.benchmark else None,
        "benchmark_kind": report.benchmark_kind,
        "benchmark_label": report.benchmark_label,
        "notes": list(report.notes),
        "window": {"from_year": report.from_year, "to_year": report.to_year,
                   "growth_years": list(report.growth_years) if report.growth_years else None},
        "nodes": nodes,
        "edges": [{"source": a, "target": b} for a, b in report.feeds],
    }


