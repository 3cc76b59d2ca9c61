"""Every figure of a patent navigation report, computed by the functions the GraphQL resolvers call.

`gather(driver, database, args)` runs, on a blocking `neo4j.Driver` (the CLI's, or the API's
`BlockingDriver` bridge through `Services.run_blocking`):

* `graph.gaps.chain_gap_report`: per segment figures, flags, gap scores, holders, measures
  (GraphQL `chainGaps`), and once per year of the window for the trend (`chainGaps(from: Y, to: Y)`:
  `regionChainPatents`, `benchmarkChainPatents`);
* `graph.analytics.consortium_candidates` over `fetch_chain_data` and `collaboration_projection`
  with the GraphQL defaults (`consortiumCandidates(chainId, region)`: sizes 3..5, limit 5, seed 0);
* `graph.analytics.transfer_matches` for the region's firms among the segments' top holders
  (`transferMatches(organizationId, limit)`);
* the saved query `key_inventors_of_chain` (through the catalog, as `POST /queries/key_inventors_of_chain`
  runs it) for the key inventors and their teams;
* the targets of the policies whose measures name the chain or its segments
  (`cypher/api/targets_of_policies.cypher`, as `Policy.targets`) with `graph.targets.target_progress`
  (`Target.progress`);
* the data version (the gap report's) and the loaded sources (`cypher/report/sources.cypher`).

Each section keeps the call and parameters that produced it (`Report.methods`) for the appendix.

What costs seconds at 100k patents (candidate rows of transfer matching, the consortium search, the
inventor aggregation) is kept in the `AnalyticsCache` under the report's own keys: it is dropped with
everything else when the data version changes, so a warm report is as current as a cold one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, partial
from typing import Any

import neo4j

from cypher.catalog import statement
from cypher.references import suggestions
from cypher.saved import SavedQueryCatalog
from cypher.saved_values import bind_parameters
from graph import gaps
from graph.analytics import (
    AnalyticsCache, UnknownNode, collaboration_projection, consortium_candidates, fetch_chain_data,
    transfer_matches,
)
from graph.analytics.projection import DEFAULT_CACHE as DEFAULT_ANALYTICS_CACHE
from core.model import node_id
from graph.targets import TargetProgress, target_progress

LANGS = ("en", "zh")
FORMATS = ("html", "pdf")
CONSORTIUM_LIMIT = 5  # consortiumCandidates' default limit
TRANSFER_FIRMS = 5  # local firms whose transfer matches are shown
TRANSFER_LIMIT = 3  # matches per firm
TREND_MAX_YEARS = 30  # more yearly points than this would not be readable on A4
KEY_INVENTORS = "key_inventors_of_chain"  # the saved query (cypher/queries/)
KEY_INVENTORS_LIMIT = 10


class ReportError(ValueError):
    """A bad argument: `argument` names it (chain, region, benchmark, from, to, lang, format)."""

    def __init__(self, argument: str, message: str, suggestions: list[str] | None = None) -> None:
        self.argument = argument
        self.suggestions = list(suggestions or [])
        text = message + (f"; did you mean: {', '.join(self.suggestions)}?" if self.suggestions else "")
        super().__init__(text)


@dataclass(frozen=True)
class ReportArgs:
    chain: str
    region: str
    benchmark: str | None = None
    from_year: int | None = None
    to_year: int | None = None
    lang: str = "en"
    format: str = "html"

    def check(self) -> None:
        """Checks that need no database (the names are checked by the gap report's own resolution)."""
        if self.lang not in LANGS:
            raise ReportError("lang", f"lang must be one of {', '.join(LANGS)} (got {self.lang!r})")
        if self.format not in FORMATS:
            raise ReportError("format", f"format must be one of {', '.join(FORMATS)} (got {self.format!r})")
        if not self.chain or not self.chain.strip():
            raise ReportError("chain", "chain is empty: give a chain key, id or name")
        if not self.region or not self.region.strip():
            raise ReportError("region", "region is empty: give a province, city or code such as CN-JS")
        for name, value in (("from", self.from_year), ("to", self.to_year)):
            if value is not None and not 1800 <= value <= 2200:
                raise ReportError(name, f"{name} must be a year from 1800 to 2200 (got {value})")
        if self.from_year is not None and self.to_year is not None and self.from_year > self.to_year:
            raise ReportError("from", f"from ({self.from_year}) is after to ({self.to_year})")


@dataclass
class Method:
    """How one figure was computed: the API call (GraphQL field or saved query) and its parameters.
    `figure` is a code the template names in the report's language (`strings.yaml`, `method_names`);
    `detail` what it is about (a target's id and role)."""

    figure: str
    call: str
    params: dict[str, Any]
    detail: str = ""


@dataclass
class Report:
    args: ReportArgs
    gap: gaps.GapReport
    trend: list[tuple[int, int, int]]  # (year, region chain patents, benchmark chain patents)
    consortia: list[dict[str, Any]]
    transfers: list[dict[str, Any]]
    targets: list[tuple[dict[str, Any], TargetProgress]]
    measures: list[gaps.MeasureRef]
    sources: list[dict[str, Any]]
    data_version: dict[str, Any]
    methods: list[Method] = field(default_factory=list)
    inventors: list[dict[str, Any]] = field(default_factory=list)  # rows of key_inventors_of_chain

    @property
    def chain_id(self) -> str:
        return str(self.gap.chain["id"])


def _read(driver: neo4j.Driver, database: str, name: str, **params: Any) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(statement(name), params, database_=database,
                                         routing_=neo4j.RoutingControl.READ)
    return [dict(r) for r in records]


def _gap_report(driver: neo4j.Driver, database: str, args: ReportArgs, cache: gaps.GapCache,
                from_year: int | None, to_year: int | None) -> gaps.GapReport:
    chain = args.chain.strip()
    try:
        try:
            return gaps.chain_gap_report(driver, database, chain, args.region, args.benchmark, from_year, to_year,
                                         cache=cache)
        except gaps.UnknownChain:
            if chain.startswith("chain:"):
                raise
            # a key names the chain whose graph id it makes, as GraphQL's resolve_chain takes it
            return gaps.chain_gap_report(driver, database, node_id("IndustrialChain", chain), args.region,
                                         args.benchmark, from_year, to_year, cache=cache)
    except gaps.UnknownChain:
        names = [str(r["name"]) for r in _read(driver, database, "references/chain_names")]
        raise ReportError("chain", f"unknown chain {args.chain!r}", suggestions(args.chain, names)) from None
    except gaps.UnknownRegion as exc:
        raise ReportError(exc.role, f"unknown {exc.role} {exc.region!r}: no Region has this name, Chinese name, "
                          "code or id", list(exc.suggestions)) from None
    except gaps.InvalidArgument as exc:
        name = {"from_year": "from", "to_year": "to", "chain_id": "chain"}.get(exc.name, exc.name)
        raise ReportError(name, str(exc)) from None


def _check_window(args: ReportArgs, gap: gaps.GapReport) -> None:
    """A year window holding none of the chain's patents (in any region) would draw a report of zeros a
    planner could read as "the region holds nothing": refuse it, naming the years that hold patents."""
    if args.from_year is None and args.to_year is None:
        return
    first = args.from_year if args.from_year is not None else -10**6
    last = args.to_year if args.to_year is not None else 10**6
    span = gap.chain_years
    if span is not None and first <= span[1] and span[0] <= last:
        return
    window = f"{args.from_year if args.from_year is not None else '…'}–{args.to_year if args.to_year is not None else '…'}"
    held = f"its patents are from {span[0]}–{span[1]}" if span else "it has no patents with a year"
    raise ReportError("from" if args.from_year is not None else "to",
                      f"the year window {window} holds no patent of chain {args.chain!r} in any region: {held}")


def _trend(driver: neo4j.Driver, database: str, args: ReportArgs, gap: gaps.GapReport,
           cache: gaps.GapCache) -> list[tuple[int, int, int]]:
    span = gap.growth_years
    first = args.from_year if args.from_year is not None else (span[0] if span else None)
    last = args.to_year if args.to_year is not None else (span[1] if span else None)
    if first is None or last is None:
        return []
    first = max(first, last - TREND_MAX_YEARS + 1)
    out = []
    for year in range(first, last + 1):
        one = _gap_report(driver, database, args, cache, year, year)
        out.append((year, one.region_chain_patents, one.benchmark_chain_patents))
    return out


def _consortia(driver: neo4j.Driver, database: str, gap: gaps.GapReport,
               cache: AnalyticsCache) -> list[dict[str, Any]]:
    chain_id = str(gap.chain["id"])
    try:
        chain = fetch_chain_data(driver, database, chain_id, cache=cache)
    except UnknownNode:
        return []  # a chain without segments has nobody to build a consortium from
    projection = collaboration_projection(driver, database, cache=cache)
    found = cache.get(driver, database, ("report:consortia", chain_id, gap.region.name), lambda: consortium_candidates(
        chain, projection, region=gap.region.name, min_size=3, max_size=5, limit=CONSORTIUM_LIMIT, seed=0))
    out = []
    for c in found:
        names = {m: (projection.node(m) or {}).get("name") for m in c.members}
        kinds = {m: (projection.node(m) or {}).get("kind") for m in c.members}
        out.append({
            "rank": c.rank, "total": c.score.total, "members": list(c.members), "names": names, "kinds": kinds,
            "parts": [{"name": k, "value": v, "weight": c.score.weights.get(k, 0.0),
                       "contribution": c.score.weights.get(k, 0.0) * v} for k, v in c.score.parts.items()],
            "uncovered": list(c.score.uncovered_segments),
        })
    return out


def local_firms(gap: gaps.GapReport, n: int = TRANSFER_FIRMS) -> list[gaps.Holder]:
    """The region's firms holding the most patents of the chain's segments (summed over segments)."""
    totals: dict[str, int] = {}
    holder: dict[str, gaps.Holder] = {}
    for s in gap.segments:
        for h in s.top_holders_in_region:
            if h.kind == "firm":
                totals[h.id] = totals.get(h.id, 0) + h.patents
                holder[h.id] = h
    ranked = sorted(totals, key=lambda i: (-totals[i], holder[i].name or "", i))
    return [holder[i] for i in ranked[:n]]


def _transfers(driver: neo4j.Driver, database: str, gap: gaps.GapReport,
               cache: AnalyticsCache) -> list[dict[str, Any]]:
    out = []
    for firm in local_firms(gap):
        try:
            matches = cache.get(driver, database, ("report:transfer", firm.id, TRANSFER_LIMIT),
                                partial(transfer_matches, driver, database, firm.id, TRANSFER_LIMIT, cache=cache))
        except UnknownNode:
            continue
        for m in matches:
            out.append({"firm_id": firm.id, "firm": firm.name, "patent_id": m.patent_id, "title": m.title,
                        "year": m.year, "score": m.score, "parts": dict(m.parts), "owners": list(m.owners),
                        "shared_ipc": list(m.shared_ipc)})
    return out


@cache
def _catalog() -> SavedQueryCatalog:
    return SavedQueryCatalog.load([])  # the shipped queries only: a user's file cannot change a report


def key_inventor_params(args: ReportArgs, gap: gaps.GapReport) -> dict[str, Any]:
    """The saved query's parameters for the report's chain, region and window (the region by its code,
    which names one Region, where it has one)."""
    return {"chain": str(gap.chain["id"]), "region": gap.region.code or gap.region.name or gap.region.id,
            "from_year": args.from_year, "to_year": args.to_year, "limit": KEY_INVENTORS_LIMIT}


def _key_inventors(driver: neo4j.Driver, database: str, params: dict[str, Any],
                   cache: AnalyticsCache) -> list[dict[str, Any]]:
    query = _catalog().get(KEY_INVENTORS)
    bound = bind_parameters(query, params)

    def build() -> list[dict[str, Any]]:
        records, _, _ = driver.execute_query(query.text, bound, database_=database,
                                             routing_=neo4j.RoutingControl.READ)
        return [dict(r) for r in records]

    return cache.get(driver, database, ("report:" + KEY_INVENTORS, tuple(sorted(bound.items()))), build)


def chain_measures(gap: gaps.GapReport) -> list[gaps.MeasureRef]:
    """The measures naming the chain's industry, then those naming a segment, each once."""
    seen: dict[str, gaps.MeasureRef] = {}
    for m in [*gap.chain_measures, *(m for s in gap.segments for m in s.measures)]:
        seen.setdefault(m.id, m)
    return list(seen.values())


def _targets(driver: neo4j.Driver, database: str, measures: list[gaps.MeasureRef]
             ) -> tuple[list[str], list[tuple[dict[str, Any], TargetProgress]]]:
    policy_ids = sorted({m.policy_id for m in measures if m.policy_id})
    if not policy_ids:
        return policy_ids, []
    rows = _read(driver, database, "api/targets_of_policies", ids=policy_ids)
    nodes = {r["node"]["id"]: dict(r["node"]) for r in rows if r.get("node")}
    return policy_ids, [(nodes[i], target_progress(driver, database, i)) for i in sorted(nodes)]


def gather(driver: neo4j.Driver, database: str, args: ReportArgs, *, gap_cache: gaps.GapCache | None = None,
           analytics_cache: AnalyticsCache | None = None) -> Report:
    """The report's figures; raises `ReportError` naming the bad argument before anything is drawn."""
    args.check()
    gcache = gap_cache or gaps.DEFAULT_CACHE
    acache = analytics_cache or DEFAULT_ANALYTICS_CACHE
    gap = _gap_report(driver, database, args, gcache, args.from_year, args.to_year)
    _check_window(args, gap)
    chain_id = str(gap.chain["id"])
    trend = _trend(driver, database, args, gap, gcache)
    consortia = _consortia(driver, database, gap, acache)
    transfers = _transfers(driver, database, gap, acache)
    inventor_params = key_inventor_params(args, gap)
    inventors = _key_inventors(driver, database, inventor_params, acache)
    measures = chain_measures(gap)
    policy_ids, targets = _targets(driver, database, measures)
    sources = _read(driver, database, "report/sources")
    version = {k: (list(v) if isinstance(v, tuple) else v) for k, v in (gap.data_version or ())}
    window = {"chainId": chain_id, "region": args.region, "benchmark": args.benchmark,
              "from": args.from_year, "to": args.to_year}
    methods = [
        Method("gaps", "GraphQL chainGaps", window),
        Method("trend", "GraphQL chainGaps (regionChainPatents, benchmarkChainPatents), once a year",
               {**window, "from..to": f"{trend[0][0]}..{trend[-1][0]}" if trend else None}),
        Method("consortia", "GraphQL consortiumCandidates",
               {"chainId": chain_id, "region": gap.region.name, "minSize": 3, "maxSize": 5,
                "limit": CONSORTIUM_LIMIT, "seed": 0}),
        Method("inventors", f"saved query {KEY_INVENTORS} (POST /queries/{KEY_INVENTORS})",
               inventor_params),
        Method("transfer", "GraphQL transferMatches, for each local firm",
               {"organizationId": [f.id for f in local_firms(gap)], "limit": TRANSFER_LIMIT}),
        Method("targets", "GraphQL policy(id).targets { progress }", {"policyIds": policy_ids}),
        *[Method("target", f"saved query {f.query}", dict(f.params), f"{t['id']} ({f.role})")
          for t, p in targets for f in p.figures],
        Method("sources", "cypher/report/sources.cypher", {}),
    ]
    return Report(args, gap, trend, consortia, transfers, targets, measures, sources, version, methods, inventors)
