"""Technology-transfer matches: university/institute patents for a firm, and firms for a patent.

    score = fit + region + quality
      fit     = cosine(profile of the organisation, vector of the patent)   (`technology`, in [0, 1])
      region  = 0.10 same city, 0.05 same province only, else 0           (firm vs. patent holder)
      quality = 0.05 for an invention patent not known invalid, else 0    (patents for a firm only)

`transfer_matches` ranks the candidate patents the database returns for the organisation's IPC
subclasses and concepts (`transfer_candidates_for_org.cypher`, at most `cap`); `firms_for_patent`
ranks the firms with the most patents sharing the patent's subclasses or concepts (at most `cap`)
by the fit of their whole profile. Every match carries its score parts and the reason: the shared
IPC codes and concepts, strongest first.

Availability hook (until transfer events are loaded): a patent is skipped when it has
`transferred: true` or `exclusively_licensed: true`, or an OWNS edge (written only when the owner
differs from the applicant, i.e. the patent has moved). The organisation's own patents
(APPLIED_FOR or OWNS) are never offered to it.

Document frequencies (the IDF) are cached per data version in the `AnalyticsCache`.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass

import neo4j

from graph.analytics._fetch import Row, aread_rows, read_rows
from graph.analytics.errors import UnknownNode, check_range
from graph.analytics.projection import DEFAULT_CACHE, AnalyticsCache
from graph.analytics.technology import (
    FeatureStats, cosine, patent_features, patent_vector, profile_vector, shared_features,
)

OWNER_KINDS = ("university", "research_institute")
SAME_CITY_BONUS = 0.10
SAME_PROVINCE_BONUS = 0.05
QUALITY_BONUS = 0.05
LIMIT_RANGE = (1, 100)
DEFAULT_CAP = 2000


@dataclass(frozen=True, slots=True)
class PatentMatch:
    patent_id: str
    title: str | None
    year: int | None
    owners: tuple[str, ...]
    score: float
    parts: dict[str, float]  # fit, region, quality
    shared_ipc: tuple[str, ...]
    shared_concepts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FirmMatch:
    org_id: str
    name: str | None
    score: float
    parts: dict[str, float]  # fit, region
    shared_ipc: tuple[str, ...]
    shared_concepts: tuple[str, ...]


def region_bonus(city: str | None, province: str | None, cities: list[str | None],
                 provinces: list[str | None]) -> float:
    """0.10 when one holder shares the city, 0.05 when one shares only the province, else 0."""
    if city and city in cities:
        return SAME_CITY_BONUS
    if province and province in provinces:
        return SAME_PROVINCE_BONUS
    return 0.0


# -- pure ranking ---------------------------------------------------------------------------------

def rank_patents_for_org(org_rows: list[Row], candidate_rows: list[Row], stats: FeatureStats,
                         limit: int) -> list[PatentMatch]:
    """Rank candidate patents for the organisation of `org_rows` (`transfer_org_profile` rows)."""
    org = org_rows[0]
    own = {r["patent"] for r in org_rows if r.get("patent")}
    profile = profile_vector((patent_features(r.get("ipc"), r.get("concepts")) for r in org_rows
                              if r.get("patent")), stats)
    matches: list[PatentMatch] = []
    for r in candidate_rows:
        if r["patent"] in own:
            continue
        vector = patent_vector(patent_features(r.get("ipc"), r.get("concepts")), stats)
        fit = cosine(profile, vector)
        if fit <= 0.0:
            continue
        parts = {
            "fit": fit,
            "region": region_bonus(org.get("city"), org.get("province"), list(r.get("cities") or ()),
                                   list(r.get("provinces") or ())),
            "quality": QUALITY_BONUS if r.get("type") == "invention" and r.get("valid") is not False else 0.0,
        }
        ipc, concepts = shared_features(profile, vector)
        matches.append(PatentMatch(r["patent"], r.get("title"), r.get("year"), tuple(r.get("owners") or ()),
                                   sum(parts.values()), parts, tuple(ipc), tuple(concepts)))
    matches.sort(key=lambda m: (-m.score, m.patent_id))
    return matches[:limit]


def rank_firms_for_patent(patent_row: Row, firm_rows: list[Row], stats: FeatureStats,
                          limit: int) -> list[FirmMatch]:
    """Rank firms (`transfer_org_profiles` rows) by how their profile fits the patent."""
    holders = [h for h in patent_row.get("holders") or () if h.get("id")]
    holder_ids = {h["id"] for h in holders}
    cities = [h.get("city") for h in holders]
    provinces = [h.get("province") for h in holders]
    vector = patent_vector(patent_features(patent_row.get("ipc"), patent_row.get("concepts")), stats)
    by_firm: dict[str, list[Row]] = defaultdict(list)
    for r in firm_rows:
        if r["org"] not in holder_ids and r.get("kind") == "firm":
            by_firm[r["org"]].append(r)
    matches: list[FirmMatch] = []
    for org_id, rows in by_firm.items():
        profile = profile_vector((patent_features(r.get("ipc"), r.get("concepts")) for r in rows), stats)
        fit = cosine(profile, vector)
        if fit <= 0.0:
            continue
        parts = {"fit": fit, "region": region_bonus(rows[0].get("city"), rows[0].get("province"), cities, provinces)}
        ipc, concepts = shared_features(profile, vector)
        matches.append(FirmMatch(org_id, rows[0].get("name"), sum(parts.values()), parts, tuple(ipc),
                                 tuple(concepts)))
    matches.sort(key=lambda m: (-m.score, m.org_id))
    return matches[:limit]


def _profile_keys(rows: list[Row]) -> tuple[list[str], list[str]]:
    subclasses = sorted({code[:4] for r in rows for code in (r.get("ipc") or ()) if len(code) >= 4})
    concepts = sorted({c for r in rows for c in (r.get("concepts") or ())})
    return subclasses, concepts


def _stats(frequency_rows: list[Row], count_rows: list[Row]) -> FeatureStats:
    return FeatureStats(int(count_rows[0]["patents"]) if count_rows else 0,
                        {r["feature"]: int(r["patents"]) for r in frequency_rows})


# -- fetch (sync) ---------------------------------------------------------------------------------

def feature_stats(driver: neo4j.Driver, database: str, *, cache: AnalyticsCache = DEFAULT_CACHE) -> FeatureStats:
    """Document frequencies of all features, cached per data version."""
    return cache.get(driver, database, "feature_stats", lambda: _stats(
        read_rows(driver, database, "feature_document_frequencies"), read_rows(driver, database, "patent_count")))


def transfer_matches(driver: neo4j.Driver, database: str, org_id: str, limit: int = 10, *,
                     cap: int = DEFAULT_CAP, cache: AnalyticsCache = DEFAULT_CACHE) -> list[PatentMatch]:
    """University and research-institute patents that fit `org_id`'s technology, best first."""
    check_range("limit", limit, *LIMIT_RANGE)
    org_rows = read_rows(driver, database, "transfer_org_profile", org_id=org_id)
    if not org_rows:
        raise UnknownNode(org_id, "organisation")
    subclasses, concepts = _profile_keys(org_rows)
    if not subclasses and not concepts:
        return []
    candidates = read_rows(driver, database, "transfer_candidates_for_org", org_id=org_id,
                           owner_kinds=list(OWNER_KINDS), subclasses=subclasses, concepts=concepts, cap=cap)
    return rank_patents_for_org(org_rows, candidates, feature_stats(driver, database, cache=cache), limit)


def firms_for_patent(driver: neo4j.Driver, database: str, patent_id: str, limit: int = 10, *,
                     cap: int = 300, cache: AnalyticsCache = DEFAULT_CACHE) -> list[FirmMatch]:
    """Firms whose technology profile fits `patent_id`, best first ([] when the patent has moved)."""
    check_range("limit", limit, *LIMIT_RANGE)
    rows = read_rows(driver, database, "transfer_patent_profile", patent_id=patent_id)
    if not rows:
        raise UnknownNode(patent_id, "patent")
    patent = rows[0]
    if _unavailable(patent):
        return []
    subclasses, concepts = _profile_keys([patent])
    holder_ids = [h["id"] for h in patent.get("holders") or () if h.get("id")]
    firms = read_rows(driver, database, "transfer_firms_for_features", holder_ids=holder_ids,
                      subclasses=subclasses, concepts=concepts, cap=cap)
    profiles = read_rows(driver, database, "transfer_org_profiles", ids=[r["org"] for r in firms])
    return rank_firms_for_patent(patent, profiles, feature_stats(driver, database, cache=cache), limit)


def _unavailable(patent: Row) -> bool:
    return bool(patent.get("unavailable")) or any(h.get("rel") == "OWNS" for h in patent.get("holders") or ())


# -- fetch (async) --------------------------------------------------------------------------------

async def afeature_stats(driver: neo4j.AsyncDriver, database: str, *,
                         cache: AnalyticsCache = DEFAULT_CACHE) -> FeatureStats:
    async def build() -> FeatureStats:
        frequencies, count = await asyncio.gather(aread_rows(driver, database, "feature_document_frequencies"),
                                                  aread_rows(driver, database, "patent_count"))
        return _stats(frequencies, count)

    return await cache.aget(driver, database, "feature_stats", build)


async def atransfer_matches(driver: neo4j.AsyncDriver, database: str, org_id: str, limit: int = 10, *,
                            cap: int = DEFAULT_CAP, cache: AnalyticsCache = DEFAULT_CACHE) -> list[PatentMatch]:
    """`transfer_matches` for the async driver."""
    check_range("limit", limit, *LIMIT_RANGE)
    org_rows = await aread_rows(driver, database, "transfer_org_profile", org_id=org_id)
    if not org_rows:
        raise UnknownNode(org_id, "organisation")
    subclasses, concepts = _profile_keys(org_rows)
    if not subclasses and not concepts:
        return []
    candidates, stats = await asyncio.gather(
        aread_rows(driver, database, "transfer_candidates_for_org", org_id=org_id, owner_kinds=list(OWNER_KINDS),
                   subclasses=subclasses, concepts=concepts, cap=cap),
        afeature_stats(driver, database, cache=cache),
    )
    return rank_patents_for_org(org_rows, candidates, stats, limit)


async def afirms_for_patent(driver: neo4j.AsyncDriver, database: str, patent_id: str, limit: int = 10, *,
                            cap: int = 300, cache: AnalyticsCache = DEFAULT_CACHE) -> list[FirmMatch]:
    """`firms_for_patent` for the async driver."""
    check_range("limit", limit, *LIMIT_RANGE)
    rows = await aread_rows(driver, database, "transfer_patent_profile", patent_id=patent_id)
    if not rows:
        raise UnknownNode(patent_id, "patent")
    patent = rows[0]
    if _unavailable(patent):
        return []
    subclasses, concepts = _profile_keys([patent])
    holder_ids = [h["id"] for h in patent.get("holders") or () if h.get("id")]
    firms = await aread_rows(driver, database, "transfer_firms_for_features", holder_ids=holder_ids,
                             subclasses=subclasses, concepts=concepts, cap=cap)
    profiles, stats = await asyncio.gather(
        aread_rows(driver, database, "transfer_org_profiles", ids=[r["org"] for r in firms]),
        afeature_stats(driver, database, cache=cache),
    )
    return rank_firms_for_patent(patent, profiles, stats, limit)
