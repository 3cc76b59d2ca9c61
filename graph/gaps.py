"""Chain gap analysis: where a region is strong or thin along an industrial chain, segment by segment.

`chain_gap_report(driver, database, chain, region, benchmark=None, from_year=None, to_year=None)`
(and `achain_gap_report` for the async driver) answers, for every segment of one chain, how many
patents the region has, how they compare with a benchmark, who holds them, which policy measures
target the segment, and which segments are gaps. `chain_graph` / `achain_graph` give the same figures
shaped as a node-link graph for front ends.

The definitions of every figure, the thresholds and the aggregation are in `graph.gap_report`
(re-exported here).

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
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import neo4j

from cypher.references import suggestions
from graph.gap_model import *  # noqa: F403 - the definitions and result types are part of this interface
from graph.gap_model import (
    _LEVEL_RANK, ALL_PATENTS, MAX_TOP_HOLDERS, OUTSIDE, TOP_HOLDERS, GapReport, InvalidArgument, RegionRef,
    UnknownChain, UnknownRegion,
)
from graph.gap_report import *  # noqa: F403
from graph.gap_report import ChainData, _chain_data, build_report, graph_view
from graph.flows import Flow, Offload, arun, run

# --- region resolution -----------------------------------------------------------------------------
def _region_params(text: str) -> dict[str, Any]:
    import unicodedata

    raw = text.strip()
    folded = unicodedata.normalize("NFKC", raw).strip().lower()
    bare = folded.removesuffix("省").removesuffix("市")
    return {"raw": raw, "text": folded, "texts": region_spellings(folded), "zh": sorted({folded, bare, bare + "省", bare + "市"})}


def region_spellings(folded: str) -> list[str]:
    """A folded English region name as typed and without its syllable marks: planners write
    "Huai'an" or "Huai-an" where the gazetteer's pinyin gives "Huaian"."""
    return sorted({folded, folded.replace("'", "").replace("’", "").replace("-", "")})


def _pick_region(rows: Sequence[Mapping[str, Any]]) -> RegionRef | None:
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


# --- query flows: generators that yield (statement, params) and receive rows (run by graph.flows) ---


def _version_flow(cache: GapCache | None, database: str) -> Flow[Any]:
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


def _chain_flow(cache: GapCache | None, database: str, chain: str) -> Flow[ChainData]:
    key = ("chain", chain)
    if cache is not None:
        hit: ChainData | None = cache.get(database, key)
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


def _region_flow(cache: GapCache | None, database: str, text: str, role: str) -> Flow[RegionRef]:
    if not isinstance(text, str) or not text.strip():
        raise InvalidArgument(role, text, "a region name, Chinese name, code or id")
    params = _region_params(text)
    key = ("region", params["text"], params["raw"])
    if cache is not None:
        hit: RegionRef | None = cache.get(database, key)
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
                 from_year: int | None, to_year: int | None, top_holders: int) -> Flow[GapReport]:
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
        hit: GapReport | None = cache.get(database, key)
        if hit is not None:
            return hit
    # the aggregation is the costly part on large chains: the async runner does it in a worker thread
    report: GapReport = yield Offload(build_report, data, reg, bench, from_year, to_year, top_holders)
    report.data_version = version
    if cache is not None:
        cache.put(database, key, report)
    return report


# --- public entry points ---------------------------------------------------------------------------
def chain_gap_report(driver: neo4j.Driver, database: str, chain_id: str, region: str,
                     benchmark: str | None = None, from_year: int | None = None, to_year: int | None = None,
                     *, top_holders: int = TOP_HOLDERS, cache: GapCache | None = DEFAULT_CACHE) -> GapReport:
    """The gap report of one chain (graph id or key) for one region against a benchmark (None or
    "outside": every patent without an applicant in the region; "all": every patent; else a region),
    over [from_year, to_year]. Raises UnknownChain, UnknownRegion, InvalidArgument."""
    return run(driver, database,
               _report_flow(cache, database, chain_id, region, benchmark, from_year, to_year, top_holders))


async def achain_gap_report(driver: neo4j.AsyncDriver, database: str, chain_id: str, region: str,
                            benchmark: str | None = None, from_year: int | None = None,
                            to_year: int | None = None, *, top_holders: int = TOP_HOLDERS,
                            cache: GapCache | None = DEFAULT_CACHE) -> GapReport:
    """`chain_gap_report` for the async driver (same queries, same post-processing)."""
    return await arun(driver, database,
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


def _warm_flow(cache: GapCache, database: str) -> Flow[int]:
    chains = [r["id"] for r in (yield ("gaps/chain_ids", {}))]
    yield from _version_flow(cache, database)
    for chain in chains:
        yield from _chain_flow(cache, database, chain)
    return len(chains)


def warm(driver: neo4j.Driver, database: str, cache: GapCache = DEFAULT_CACHE) -> int:
    """Fetch every chain into the cache (call after a load, or at start-up); returns how many."""
    return run(driver, database, _warm_flow(cache, database))


async def awarm(driver: neo4j.AsyncDriver, database: str, cache: GapCache = DEFAULT_CACHE) -> int:
    return await arun(driver, database, _warm_flow(cache, database))


__all__ = [
    "ALL_PATENTS", "DEFAULT_CACHE", "DEFINITIONS", "OUTSIDE", "FLAGS", "GapCache", "GapError", "GapReport", "Holder", "InvalidArgument",
    "MeasureRef", "Metrics", "RegionRef", "SegmentGap", "UnknownChain", "UnknownRegion", "achain_gap_report",
    "achain_graph", "awarm", "build_report", "chain_gap_report", "chain_graph", "gap_score", "graph_view",
    "growth_of", "growth_window", "is_high_value", "warm",
]
