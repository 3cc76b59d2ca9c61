"""Chain gap analysis: where a region is strong or thin along an industrial chain, segment by segment.

`chain_gap_report(driver, database, chain, region, benchmark=None, from_year=None, to_year=None)`
(and `achain_gap_report` for the async driver) answers, for every segment of one chain, how many
patents the region has, how they compare with a benchmark, who holds them, which policy measures
target the segment, and which segments are gaps. `chain_graph` / `achain_graph` give the same figures
shaped as a node-link graph for front ends.

Definitions (every threshold is a named constant below):

* Region membership. A patent belongs to a region when any of its applicant organisations is
  LOCATED_IN the region directly or through the region hierarchy: org -> city -> province -> country,
  i.e. `(o:Organization)-[:LOCATED_IN*1..3]->(r:Region)`. A Jiangsu report therefore counts the
  patents of Suzhou organisations. Organisations with no LOCATED_IN edge belong to no region (they
  count as outside every region).
* Window. `from_year` / `to_year` bound `Patent.year` (application year), both inclusive; a patent with
  no year is left out as soon as either bound is given (as Cypher's `p.year >= $from` does).
* Counts per segment: `patents` (IN_SEGMENT patents of the region in the window), `inventions`
  (type = 'invention'), `valid` (valid = true), `high_value`: an invention that is not known to have
  lapsed (valid true or null: granted-in-force or pending) and shows at least one of
  claims_count >= HIGH_VALUE_MIN_CLAIMS (10), at least HIGH_VALUE_MIN_CITED_BY (1) incoming CITES edge,
  at least HIGH_VALUE_MIN_APPLICANTS (2) applicant organisations, or IPC breadth of at least
  HIGH_VALUE_MIN_SUBCLASSES (3) distinct IPC subclasses (first four characters of `Patent.ipc`).
* Benchmark. What the region is compared with: by default everything outside it (the chain's
  patents with no applicant in the region), so that a province holding most of the loaded patents
  is still compared with something; or another region; or all patents (`benchmark="all"`). When the
  benchmark's chain patents are mostly the region's own (`benchmark_overlap` > OVERLAP_WARNING) or
  too few (< FEW_BENCHMARK_PATENTS) to compare shares, the report says so in `notes`.
* Growth. The growth window is [from_year, to_year]; a missing upper bound is the last year with a
  patent of the chain (all regions), a missing lower bound GROWTH_YEARS (10) years before it, or the
  first year with a patent when that is later (a window reaching back to a single 1999 patent would
  put every recent year in the late half: growth ~0.9 everywhere). Its n years are split into an early and a late half of h = n // 2
  years each (the middle year of an odd window is in neither). `growth` = (late - early) /
  (late + early), in [-1, 1] (0 flat, 1 everything in the late half; None with no patents in either
  half or n < 2). `cagr` = (late / early) ** (1 / (n - h)) - 1, n - h being the distance between the
  centres of the halves (None when either half is empty).
* Share. `share` = region patents in the segment / distinct region patents in the whole chain (same
  window); the benchmark's share is the same ratio for the benchmark's patents. `share_ratio` = share / benchmark share (a location quotient; None when the
  benchmark has no patent in the segment).
* External dependency. `external_share` = patents of the segment (all regions, window) that have at
  least one applicant organisation and none in the region / patents of the segment that have an
  applicant organisation.
* Flags: `missing_link` when the region's patents <= MISSING_LINK_MAX_PATENTS (2) or its share <
  MISSING_LINK_MAX_SHARE (1 %); `weak_link` when share_ratio < WEAK_LINK_MAX_RATIO (0.5);
  `external_dependency` when external_share > EXTERNAL_DEPENDENCY_MIN_SHARE (0.6) and the segment has
  at least EXTERNAL_DEPENDENCY_MIN_PATENTS (5) patents with applicants.
* Gap score in [0, 1] (1 = the largest gap), for colouring:
  0.55 * share_gap + 0.15 * growth_gap + 0.15 * external_share + 0.15 * missing_link, where
  share_gap = 1 - min(share_ratio, 1) (0 when share_ratio is None), growth_gap = clamp((benchmark
  growth - region growth) / 2, 0, 1) (None growth counts as 0), missing_link is 1 when flagged.
* Measures: `measures` of a segment are those linked to the segment's own technology
  (TARGETS_SEGMENT, written when the measure names the segment's keywords); measures that name the
  chain's industry as a whole (TARGETS_CHAIN) are `chain_measures` of the report.
* Top holders: organisations by the number of the segment's patents (window) they applied for, in
  the region and outside it (ties by name, then id), TOP_HOLDERS of each by default.

Every figure can be recomputed by a Cypher query: `cypher/gaps/gap_*.cypher` are saved-query-style
files (header with params and returns) that compute the counts, years, external shares and holders
straight from the graph with the same definitions; the tests check that they agree with the report.

Cost and caching. The report is aggregated in Python from one region-independent fetch per chain
(`cypher/gaps/chain_patents.cypher`: one row per patent of the chain with its segments, applicants,
year, type, validity and high-value signals; `chain_organizations.cypher`; `segment_measures.cypher`;
`chain.cypher`). On ArcadeDB that fetch is the expensive part (about 0.5 s per 6k patents), while
aggregating it for any region, benchmark and window takes milliseconds; so `GapCache` keeps the
fetched chain per (database, chain) and finished reports per (database, chain, region, benchmark,
window, top_holders), both tagged with the data version (`cypher/gaps/data_version.cypher`: label
counts of Patent, Organization, Region, Measure, Policy and Document nodes, the chains' fingerprints
and the latest Document.first_load). The version is re-read at most every `recheck_after_s` seconds (default
2); when it differs, everything cached for that database is dropped. Loads change the version because
every new source file writes a Document node; writes that change no label count (e.g. an API edit of
an edge) must call `GapCache.invalidate()`. `warm()` / `awarm()` prefetch every chain after a load.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import neo4j

from cypher.catalog import statement
from cypher.references import suggestions

# --- definitions -----------------------------------------------------------------------------------
HIGH_VALUE_MIN_CLAIMS = 10
HIGH_VALUE_MIN_CITED_BY = 1
HIGH_VALUE_MIN_APPLICANTS = 2
HIGH_VALUE_MIN_SUBCLASSES = 3

MISSING_LINK_MAX_PATENTS = 2
MISSING_LINK_MAX_SHARE = 0.01
WEAK_LINK_MAX_RATIO = 0.5
EXTERNAL_DEPENDENCY_MIN_SHARE = 0.6
EXTERNAL_DEPENDENCY_MIN_PATENTS = 5

SCORE_WEIGHTS: Mapping[str, float] = {"share": 0.55, "growth": 0.15, "external": 0.15, "missing": 0.15}

GROWTH_YEARS = 10
OVERLAP_WARNING = 0.9
FEW_BENCHMARK_PATENTS = 30
ALL_PATENTS = "all"  # the benchmark that is every patent of the chain, the region's included
OUTSIDE = "outside"  # the default benchmark: every patent without an applicant in the region

TOP_HOLDERS = 5
MAX_TOP_HOLDERS = 50
MEASURES_PER_SEGMENT = 10
SNIPPET_CHARS = 160

MISSING_LINK = "missing_link"
WEAK_LINK = "weak_link"
EXTERNAL_DEPENDENCY = "external_dependency"
FLAGS = (MISSING_LINK, WEAK_LINK, EXTERNAL_DEPENDENCY)

DEFINITIONS: Mapping[str, str] = {
    "region_membership": "a patent is in a region when an applicant organisation is LOCATED_IN it, "
                         "directly or via city -> province -> country ((o)-[:LOCATED_IN*1..3]->(r))",
    "high_value": f"type = 'invention' AND valid is true or null AND (claims_count >= {HIGH_VALUE_MIN_CLAIMS} "
                  f"OR incoming CITES >= {HIGH_VALUE_MIN_CITED_BY} OR applicant organisations >= "
                  f"{HIGH_VALUE_MIN_APPLICANTS} OR distinct IPC subclasses >= {HIGH_VALUE_MIN_SUBCLASSES})",
    "growth": "(late - early) / (late + early) over the two halves (n // 2 years each) of the window; default "
              f"window: the last {GROWTH_YEARS} years up to the chain's last year with patents",
    "benchmark": "by default every patent without an applicant in the region; else another region, or all patents",
    "cagr": "(late / early) ** (1 / (n - n // 2)) - 1",
    "share": "region patents in segment / distinct region patents in chain",
    "share_ratio": "share / benchmark share",
    "external_share": "segment patents with applicants but none in the region / segment patents with applicants",
    MISSING_LINK: f"patents <= {MISSING_LINK_MAX_PATENTS} or share < {MISSING_LINK_MAX_SHARE:.0%}",
    WEAK_LINK: f"share_ratio < {WEAK_LINK_MAX_RATIO}",
    EXTERNAL_DEPENDENCY: f"external_share > {EXTERNAL_DEPENDENCY_MIN_SHARE} with >= "
                         f"{EXTERNAL_DEPENDENCY_MIN_PATENTS} segment patents with applicants",
    "gap_score": "0.55 * (1 - min(share_ratio, 1)) + 0.15 * clamp((benchmark growth - growth) / 2, 0, 1) "
                 "+ 0.15 * external_share + 0.15 * missing_link",
}

_LEVEL_RANK = {"country": 0, "province": 1, "city": 2}


# --- errors ----------------------------------------------------------------------------------------
class GapError(ValueError):
    """A gap analysis was asked something it cannot answer; the message says what."""


class UnknownChain(GapError, LookupError):
    def __init__(self, chain: str) -> None:
        self.chain = chain
        super().__init__(f"unknown industrial chain {chain!r}: no IndustrialChain has this id or key")


class UnknownRegion(GapError, LookupError):
    def __init__(self, region: str, role: str = "region", suggestions: Sequence[str] = ()) -> None:
        self.region = region
        self.role = role
        self.suggestions = tuple(suggestions)
        hint = f"; did you mean {', '.join(repr(s) for s in self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown {role} {region!r}: no Region node has this name, Chinese name, code or id{hint}")


class InvalidArgument(GapError):
    def __init__(self, name: str, value: object, expected: str) -> None:
        self.name = name
        self.value = value
        super().__init__(f"{name}={value!r} is invalid: expected {expected}")


# --- results ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RegionRef:
    """A resolved Region node and the ids of the regions inside it (itself included in `members`)."""

    id: str
    name: str | None
    name_zh: str | None
    code: str | None
    level: str | None
    members: frozenset[str]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "name_zh": self.name_zh, "code": self.code, "level": self.level}


@dataclass(frozen=True)
class Holder:
    id: str
    name: str | None
    kind: str | None
    city: str | None
    patents: int


@dataclass(frozen=True)
class MeasureRef:
    id: str
    text: str
    policy_id: str | None
    policy_title: str | None
    policy_region: str | None
    confidence: float | None


@dataclass
class Metrics:
    """Counts of one group of patents (region or benchmark) in one segment and window."""

    patents: int = 0
    inventions: int = 0
    valid: int = 0
    high_value: int = 0
    by_year: dict[int, int] = field(default_factory=dict)
    early: int = 0
    late: int = 0
    growth: float | None = None
    cagr: float | None = None
    share: float = 0.0


@dataclass
class SegmentGap:
    id: str
    key: str
    name_zh: str | None
    name_en: str | None
    position: str | None
    order: int | None
    region: Metrics
    benchmark: Metrics
    share_ratio: float | None
    segment_patents: int  # every patent of the segment in the window, any region
    applicant_patents: int  # of those, the ones with an applicant organisation
    external_patents: int  # of those, the ones with no applicant in the region
    external_share: float
    top_holders_in_region: list[Holder]
    top_holders_outside: list[Holder]
    measures: list[MeasureRef]
    measure_count: int
    flags: list[str]
    gap_score: float


@dataclass
class GapReport:
    chain: dict[str, Any]
    region: RegionRef
    benchmark: RegionRef | None  # the benchmark region; None for OUTSIDE and ALL_PATENTS
    from_year: int | None
    to_year: int | None
    growth_years: tuple[int, int] | None  # the window growth is computed over
    region_chain_patents: int
    benchmark_chain_patents: int
    segments: list[SegmentGap]
    feeds: list[tuple[str, str]]
    benchmark_kind: str = OUTSIDE  # outside | region | all
    benchmark_overlap: float = 0.0  # share of the benchmark's chain patents that are the region's too
    chain_measures: list[MeasureRef] = field(default_factory=list)  # measures naming the chain's industry
    chain_measure_count: int = 0
    notes: list[str] = field(default_factory=list)
    data_version: tuple[Any, ...] | None = None

    @property
    def benchmark_label(self) -> str:
        if self.benchmark_kind == "region" and self.benchmark is not None:
            return self.benchmark.name or self.benchmark.code or self.benchmark.id
        return "all patents" if self.benchmark_kind == ALL_PATENTS else f"outside {self.region.name or self.region.code}"

    def segment(self, key_or_id: str) -> SegmentGap:
        for s in self.segments:
            if key_or_id in (s.key, s.id):
                return s
        raise KeyError(key_or_id)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (for the API and the CLI)."""
        return {
            "chain": dict(self.chain),
            "region": self.region.to_dict(),
            "benchmark": self.benchmark.to_dict() if self.benchmark else None,
            "benchmark_kind": self.benchmark_kind,
            "benchmark_label": self.benchmark_label,
            "benchmark_overlap": self.benchmark_overlap,
            "notes": list(self.notes),
            "chain_measures": [asdict(m) for m in self.chain_measures],
            "chain_measure_count": self.chain_measure_count,
            "from_year": self.from_year,
            "to_year": self.to_year,
            "growth_years": list(self.growth_years) if self.growth_years else None,
            "region_chain_patents": self.region_chain_patents,
            "benchmark_chain_patents": self.benchmark_chain_patents,
            "segments": [_segment_dict(s) for s in self.segments],
            "feeds": [{"source": a, "target": b} for a, b in self.feeds],
            "definitions": dict(DEFINITIONS),
        }


def _segment_dict(s: SegmentGap) -> dict[str, Any]:
    out = asdict(s)
    for name in ("region", "benchmark"):
        out[name]["by_year"] = [{"year": y, "patents": n} for y, n in sorted(out[name]["by_year"].items())]
    return out


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


def _chain_data(chain_row: Mapping[str, Any], patent_rows: list[Mapping[str, Any]],
                org_rows: list[Mapping[str, Any]], measure_rows: list[Mapping[str, Any]],
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
        chain=dict(data.chain), region=region, benchmark=benchmark if kind == "region" else None,
        from_year=from_year, to_year=to_year, growth_years=span, region_chain_patents=region_total,
        benchmark_chain_patents=bench_total, segments=segments, feeds=list(data.feeds), benchmark_kind=kind,
        benchmark_overlap=overlap, chain_measures=list(data.chain_measures),
        chain_measure_count=data.chain_measure_count,
    )
    report.notes = _notes(report)
    return report


def growth_window(years: tuple[int, int] | None, from_year: int | None, to_year: int | None) -> tuple[int, int] | None:
    """The years growth is computed over (module docstring): the given bounds, else the last
    GROWTH_YEARS years up to the chain's last year with patents, not before its first."""
    if years is None and (from_year is None or to_year is None):
        return None
    last = to_year if to_year is not None else years[1]  # type: ignore[index]
    first = from_year if from_year is not None else max(years[0], last - GROWTH_YEARS + 1)  # type: ignore[index]
    return (first, last) if first <= last else None


def _notes(report: GapReport) -> list[str]:
    """What a reader must know before comparing the region with its benchmark."""
    notes = []
    label = report.benchmark_label
    if report.benchmark_chain_patents and report.benchmark_overlap > OVERLAP_WARNING:
        notes.append(f"{report.benchmark_overlap:.0%} of the benchmark's patents ({label}) are the region's own: "
                     "their shares cannot differ much, so few gaps show; compare with everything outside the region "
                     "(the default) or with another region")
    if report.benchmark_chain_patents < FEW_BENCHMARK_PATENTS:
        notes.append(f"the benchmark ({label}) holds only {report.benchmark_chain_patents} patents of this chain: "
                     "its shares and growth are noisy")
    if report.region_chain_patents < FEW_BENCHMARK_PATENTS:
        notes.append(f"the region holds only {report.region_chain_patents} patents of this chain")
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


# --- region resolution -----------------------------------------------------------------------------
def _region_params(text: str) -> dict[str, Any]:
    import unicodedata

    raw = text.strip()
    folded = unicodedata.normalize("NFKC", raw).strip().lower()
    bare = folded.removesuffix("省").removesuffix("市")
    return {"raw": raw, "text": folded, "zh": sorted({folded, bare, bare + "省", bare + "市"})}


def _pick_region(rows: list[Mapping[str, Any]]) -> RegionRef | None:
    if not rows:
        return None
    best = min(rows, key=lambda r: (_LEVEL_RANK.get(r["level"], 9), -(r["placements"] or 0), r["code"] or "", r["id"]))
    return RegionRef(best["id"], best["name"], best["name_zh"], best["code"], best["level"],
                     frozenset([best["id"], *(best["inside"] or ())]))


# --- the cache -------------------------------------------------------------------------------------
class GapCache:
    """Fetched chains, resolved regions and finished reports per database, dropped when its data
    version changes (re-read at most every `recheck_after_s` seconds) or on `invalidate()`."""

    def __init__(self, recheck_after_s: float = 2.0, max_reports: int = 512,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.recheck_after_s = recheck_after_s
        self.max_reports = max_reports
        self._clock = clock
        self._lock = threading.Lock()
        self._versions: dict[str, tuple[tuple[Any, ...], float]] = {}
        self._values: dict[str, OrderedDict[Any, Any]] = {}
        self.fetches = 0  # chain fetches, for tests and the benchmark

    def invalidate(self, database: str | None = None) -> None:
        with self._lock:
            if database is None:
                self._versions.clear()
                self._values.clear()
            else:
                self._versions.pop(database, None)
                self._values.pop(database, None)

    def fresh_version(self, database: str) -> tuple[Any, ...] | None:
        with self._lock:
            entry = self._versions.get(database)
            if entry is not None and self._clock() - entry[1] < self.recheck_after_s:
                return entry[0]
            return None

    def note_version(self, database: str, version: tuple[Any, ...]) -> None:
        with self._lock:
            old = self._versions.get(database)
            if old is None or old[0] != version:
                self._values.pop(database, None)
            self._versions[database] = (version, self._clock())

    def get(self, database: str, key: Any) -> Any:
        with self._lock:
            values = self._values.get(database)
            if values is None or key not in values:
                return None
            values.move_to_end(key)
            return values[key]

    def put(self, database: str, key: Any, value: Any) -> None:
        with self._lock:
            values = self._values.setdefault(database, OrderedDict())
            values[key] = value
            values.move_to_end(key)
            reports = [k for k in values if k[0] == "report"]
            for k in reports[: max(0, len(reports) - self.max_reports)]:
                del values[k]


DEFAULT_CACHE = GapCache()


# --- query flows: generators that yield (statement, params) and receive rows -----------------------
_Query = tuple[str, dict[str, Any]]
_Flow = Generator[_Query, list[dict[str, Any]], Any]


def _version_flow(cache: GapCache | None, database: str) -> _Flow:
    if cache is not None:
        version = cache.fresh_version(database)
        if version is not None:
            return version
    rows = yield ("gaps/data_version", {})
    row = rows[0] if rows else {}
    version = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(row.items()))
    if cache is not None:
        cache.note_version(database, version)
    return version


def _chain_flow(cache: GapCache | None, database: str, chain: str) -> _Flow:
    key = ("chain", chain)
    if cache is not None:
        hit = cache.get(database, key)
        if hit is not None:
            return hit
    rows = yield ("gaps/chain", {"chain": chain})
    if not rows:
        raise UnknownChain(chain)
    chain_row = rows[0]
    params = {"chain_id": chain_row["id"]}
    patents = yield ("gaps/chain_patents", params)
    orgs = yield ("gaps/chain_organizations", params)
    measures = yield ("gaps/segment_measures", params)
    chain_measures = yield ("gaps/chain_measures", params)
    data = _chain_data(chain_row, patents, orgs, measures, chain_measures)
    if cache is not None:
        cache.fetches += 1
        cache.put(database, key, data)
        cache.put(database, ("chain", chain_row["id"]), data)
    return data


def _region_flow(cache: GapCache | None, database: str, text: str, role: str) -> _Flow:
    if not isinstance(text, str) or not text.strip():
        raise InvalidArgument(role, text, "a region name, Chinese name, code or id")
    params = _region_params(text)
    key = ("region", params["text"], params["raw"])
    if cache is not None:
        hit = cache.get(database, key)
        if hit is not None:
            return hit
    rows = yield ("gaps/region", params)
    region = _pick_region(rows)
    if region is None:
        names = yield ("references/place_names", {})
        raise UnknownRegion(text, role, suggestions(text, [str(r["name"]) for r in names]))
    if cache is not None:
        cache.put(database, key, region)
    return region


def _check_args(chain: str, from_year: int | None, to_year: int | None, top_holders: int) -> None:
    if not isinstance(chain, str) or not chain.strip():
        raise InvalidArgument("chain_id", chain, "an IndustrialChain id or key")
    for name, value in (("from_year", from_year), ("to_year", to_year)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 1800 <= value <= 2200):
            raise InvalidArgument(name, value, "a year from 1800 to 2200, or None")
    if from_year is not None and to_year is not None and from_year > to_year:
        raise InvalidArgument("from_year", from_year, f"a year not after to_year={to_year}")
    if isinstance(top_holders, bool) or not isinstance(top_holders, int) or not 1 <= top_holders <= MAX_TOP_HOLDERS:
        raise InvalidArgument("top_holders", top_holders, f"an integer from 1 to {MAX_TOP_HOLDERS}")


def _report_flow(cache: GapCache | None, database: str, chain: str, region: str, benchmark: str | None,
                 from_year: int | None, to_year: int | None, top_holders: int) -> _Flow:
    _check_args(chain, from_year, to_year, top_holders)
    version = yield from _version_flow(cache, database)
    data: ChainData = yield from _chain_flow(cache, database, chain.strip())
    reg: RegionRef = yield from _region_flow(cache, database, region, "region")
    bench: RegionRef | str = OUTSIDE
    if benchmark is not None and benchmark.strip().lower() in (ALL_PATENTS, OUTSIDE):
        bench = benchmark.strip().lower()
    elif benchmark is not None:
        bench = yield from _region_flow(cache, database, benchmark, "benchmark")
    key = ("report", data.chain["id"], reg.id, bench.id if isinstance(bench, RegionRef) else bench, from_year,
           to_year, top_holders)
    if cache is not None:
        hit = cache.get(database, key)
        if hit is not None:
            return hit
    report = build_report(data, reg, bench, from_year, to_year, top_holders)
    report.data_version = version
    if cache is not None:
        cache.put(database, key, report)
    return report


def _run(driver: neo4j.Driver, database: str, flow: _Flow) -> Any:
    try:
        name, params = next(flow)
        while True:
            records, _, _ = driver.execute_query(statement(name), params, database_=database,
                                                 routing_=neo4j.RoutingControl.READ)
            name, params = flow.send([dict(r) for r in records])
    except StopIteration as done:
        return done.value


async def _arun(driver: neo4j.AsyncDriver, database: str, flow: _Flow) -> Any:
    try:
        name, params = next(flow)
        while True:
            records, _, _ = await driver.execute_query(statement(name), params, database_=database,
                                                       routing_=neo4j.RoutingControl.READ)
            name, params = flow.send([dict(r) for r in records])
    except StopIteration as done:
        return done.value


# --- public entry points ---------------------------------------------------------------------------
def chain_gap_report(driver: neo4j.Driver, database: str, chain_id: str, region: str,
                     benchmark: str | None = None, from_year: int | None = None, to_year: int | None = None,
                     *, top_holders: int = TOP_HOLDERS, cache: GapCache | None = DEFAULT_CACHE) -> GapReport:
    """The gap report of one chain (graph id or key) for one region against a benchmark (None or
    "outside": every patent without an applicant in the region; "all": every patent; else a region),
    over [from_year, to_year]. Raises UnknownChain, UnknownRegion, InvalidArgument."""
    return _run(driver, database,
                _report_flow(cache, database, chain_id, region, benchmark, from_year, to_year, top_holders))


async def achain_gap_report(driver: neo4j.AsyncDriver, database: str, chain_id: str, region: str,
                            benchmark: str | None = None, from_year: int | None = None,
                            to_year: int | None = None, *, top_holders: int = TOP_HOLDERS,
                            cache: GapCache | None = DEFAULT_CACHE) -> GapReport:
    """`chain_gap_report` for the async driver (same queries, same post-processing)."""
    return await _arun(driver, database,
                       _report_flow(cache, database, chain_id, region, benchmark, from_year, to_year, top_holders))


def chain_graph(driver: neo4j.Driver, database: str, chain_id: str, region: str, benchmark: str | None = None,
                from_year: int | None = None, to_year: int | None = None, *,
                cache: GapCache | None = DEFAULT_CACHE) -> dict[str, Any]:
    """The chain as `{chain, region, benchmark, window, nodes: [{id, label, label_zh, position, order,
    metrics, gap_score, flags}], edges: [{source, target}]}` (FEEDS edges)."""
    return graph_view(chain_gap_report(driver, database, chain_id, region, benchmark, from_year, to_year,
                                       cache=cache))


async def achain_graph(driver: neo4j.AsyncDriver, database: str, chain_id: str, region: str,
                       benchmark: str | None = None, from_year: int | None = None, to_year: int | None = None,
                       *, cache: GapCache | None = DEFAULT_CACHE) -> dict[str, Any]:
    """`chain_graph` for the async driver."""
    return graph_view(await achain_gap_report(driver, database, chain_id, region, benchmark, from_year, to_year,
                                              cache=cache))


def _warm_flow(cache: GapCache, database: str, chains: Sequence[str]) -> _Flow:
    yield from _version_flow(cache, database)
    for chain in chains:
        yield from _chain_flow(cache, database, chain)
    return len(chains)


def _chains_flow() -> _Flow:
    rows = yield ("gaps/chain_ids", {})
    return [r["id"] for r in rows]


def warm(driver: neo4j.Driver, database: str, cache: GapCache = DEFAULT_CACHE) -> int:
    """Fetch every chain into the cache (call after a load, or at start-up); returns how many."""
    chains = _run(driver, database, _chains_flow())
    return _run(driver, database, _warm_flow(cache, database, chains))


async def awarm(driver: neo4j.AsyncDriver, database: str, cache: GapCache = DEFAULT_CACHE) -> int:
    chains = await _arun(driver, database, _chains_flow())
    return await _arun(driver, database, _warm_flow(cache, database, chains))


__all__ = [
    "ALL_PATENTS", "DEFAULT_CACHE", "DEFINITIONS", "OUTSIDE", "FLAGS", "GapCache", "GapError", "GapReport", "Holder", "InvalidArgument",
    "MeasureRef", "Metrics", "RegionRef", "SegmentGap", "UnknownChain", "UnknownRegion", "achain_gap_report",
    "achain_graph", "awarm", "build_report", "chain_gap_report", "chain_graph", "gap_score", "graph_view",
    "growth_of", "growth_window", "is_high_value", "warm",
]
