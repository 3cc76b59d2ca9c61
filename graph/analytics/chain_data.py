"""What the consortium analytics know about one chain: its segments and each organisation's holdings.

Fetched with two bulk queries (`chain_segments`, `chain_portfolios`) and cached per data version;
the support measures (policy measures with a consortium/alliance instrument for the chain) with a
third (`consortium_support_measures`). Each read is one flow (`graph.flows`), run by the blocking
and the async entry points alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import neo4j

from graph.analytics.cache import DEFAULT_CACHE, AnalyticsCache
from graph.analytics.errors import UnknownNode
from graph.flows import Cached, Flow, Row, arun, run

# A chain id's industry labels in the policy taxonomy (extract/policy/data/taxonomy.yaml).
CHAIN_INDUSTRIES: dict[str, tuple[str, ...]] = {
    "humanoid-robots": ("humanoid_robots", "robotics"),
    "large-ai-models": ("large_models", "artificial_intelligence"),
    "integrated-circuits": ("integrated_circuits",),
    "new-energy-vehicles": ("new_energy_vehicles",),
    "biomedicine": ("biomedicine",),
}
SUPPORT_INSTRUMENTS = ("consortium", "alliance")


@dataclass(frozen=True, slots=True)
class SegmentInfo:
    id: str
    key: str
    name: str
    position: str | None


@dataclass(frozen=True, slots=True)
class PatentFacts:
    """The signals of one patent that capacity and complementarity use."""

    id: str
    year: int | None
    date: str | None
    type: str | None
    valid: bool | None
    claims_count: int | None
    cited_count: int | None
    ipc: tuple[str, ...]


@dataclass
class OrgPortfolio:
    """One organisation's patents in one chain, by segment."""

    id: str
    name: str | None
    kind: str | None
    city: str | None
    province: str | None
    segments: dict[str, list[str]] = field(default_factory=dict)  # segment id -> patent ids, newest first
    patents: dict[str, PatentFacts] = field(default_factory=dict)

    @property
    def ipc_subclasses(self) -> set[str]:
        return {code[:4] for p in self.patents.values() for code in p.ipc if len(code) >= 4}


@dataclass
class ChainData:
    chain_id: str  # node id
    name: str | None
    segments: list[SegmentInfo]
    portfolios: dict[str, OrgPortfolio]

    @property
    def last_year(self) -> int | None:
        years = [p.year for o in self.portfolios.values() for p in o.patents.values() if p.year is not None]
        return max(years) if years else None


def _newest_first(patents: Mapping[str, PatentFacts]) -> Callable[[str], tuple[str, str]]:
    """A sort key: the most recent patent first (by date, else year), ties by id."""
    return lambda p: (patents[p].date or str(patents[p].year or ""), p)


def build_chain_data(chain_id: str, segment_rows: list[Row], portfolio_rows: list[Row]) -> ChainData:
    """Group the fetched rows into segments and per-organisation portfolios (pure)."""
    if not segment_rows:
        raise UnknownNode(chain_id, "industrial chain")
    first = segment_rows[0]
    segments = [SegmentInfo(r["id"], r["key"], r["name"], r.get("position")) for r in segment_rows]
    portfolios: dict[str, OrgPortfolio] = {}
    for r in portfolio_rows:
        org = portfolios.get(r["org"])
        if org is None:
            org = portfolios[r["org"]] = OrgPortfolio(r["org"], r.get("name"), r.get("kind"), r.get("city"),
                                                      r.get("province"))
        org.segments.setdefault(r["segment"], []).append(r["patent"])
        if r["patent"] not in org.patents:
            org.patents[r["patent"]] = PatentFacts(
                r["patent"], r.get("year"), r.get("date"), r.get("type"), r.get("valid"), r.get("claims"),
                r.get("cited"), tuple(r.get("ipc") or ()),
            )
    for org in portfolios.values():
        for patent_ids in org.segments.values():
            patent_ids.sort(key=_newest_first(org.patents), reverse=True)
    return ChainData(chain_id, first.get("chain_name_en") or first.get("chain_name_zh"), segments, portfolios)


def _chain_data_flow(chain_id: str, cache: AnalyticsCache | None) -> Flow[ChainData]:
    def build() -> Flow[ChainData]:
        segments, portfolios = yield [("analytics/chain_segments", {"chain_id": chain_id}),
                                      ("analytics/chain_portfolios", {"chain_id": chain_id})]
        return build_chain_data(chain_id, segments, portfolios)

    data: ChainData = yield Cached(cache, ("chain", chain_id), build)
    return data


def fetch_chain_data(driver: neo4j.Driver, database: str, chain_id: str, *,
                     cache: AnalyticsCache | None = DEFAULT_CACHE) -> ChainData:
    """The chain's segments and portfolios (two bulk queries), cached per data version."""
    return run(driver, database, _chain_data_flow(chain_id, cache))


async def afetch_chain_data(driver: neo4j.AsyncDriver, database: str, chain_id: str, *,
                            cache: AnalyticsCache | None = DEFAULT_CACHE) -> ChainData:
    """`fetch_chain_data` for the async driver (the two queries run concurrently)."""
    return await arun(driver, database, _chain_data_flow(chain_id, cache))


@dataclass(frozen=True, slots=True)
class SupportMeasure:
    measure_id: str
    policy_id: str | None
    instruments: tuple[str, ...]
    segment_ids: tuple[str, ...]  # segments of the chain it targets (empty: matched by industry)


def default_industries(chain_keys: Iterable[str | None]) -> list[str]:
    """Taxonomy industry labels of a chain from its file id(s) (`ChainSegment.chain_id`)."""
    labels: list[str] = []
    for key in chain_keys:
        if key:
            labels += CHAIN_INDUSTRIES.get(key, (key.replace("-", "_"),))
    return list(dict.fromkeys(labels))


def _support_measures_flow(chain_id: str, industries: Iterable[str] | None, instruments: Iterable[str]) -> Flow[list[SupportMeasure]]:
    segment_rows = (yield ("analytics/chain_segments", {"chain_id": chain_id})) if industries is None else []
    labels = list(industries) if industries is not None else \
        default_industries(r.get("chain_key") for r in segment_rows)
    rows = yield ("analytics/consortium_support_measures", {
        "chain_id": chain_id, "industries": [x.lower() for x in labels],
        "instruments": [x.lower() for x in instruments]})
    return [SupportMeasure(r["measure"], r.get("policy"), tuple(r.get("instruments") or ()),
                           tuple(sorted(r.get("segments") or ()))) for r in rows]


def fetch_support_measures(driver: neo4j.Driver, database: str, chain_id: str, *,
                           industries: Iterable[str] | None = None,
                           instruments: Iterable[str] = SUPPORT_INSTRUMENTS) -> list[SupportMeasure]:
    """Measures with a consortium/alliance instrument that target a segment of the chain or name its
    industry (`CHAIN_INDUSTRIES` by the chain's file id, or `industries` when given)."""
    return run(driver, database, _support_measures_flow(chain_id, industries, instruments))


async def afetch_support_measures(driver: neo4j.AsyncDriver, database: str, chain_id: str, *,
                                  industries: Iterable[str] | None = None,
                                  instruments: Iterable[str] = SUPPORT_INSTRUMENTS) -> list[SupportMeasure]:
    """`fetch_support_measures` for the async driver."""
    return await arun(driver, database, _support_measures_flow(chain_id, industries, instruments))
