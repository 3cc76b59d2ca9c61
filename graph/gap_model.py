"""Chain gap reports: what every figure means (the definitions and thresholds) and the result types.


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
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

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
    note_codes: list[str] = field(default_factory=list)  # one per note: benchmark_overlaps_region, few_benchmark_patents, few_region_patents
    data_version: tuple[Any, ...] | None = None
    chain_years: tuple[int, int] | None = None  # first and last year of the chain's patents (all regions)

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
            "note_codes": list(self.note_codes),
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


