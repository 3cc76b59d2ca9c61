"""Technology-transfer matches: university/institute patents for a firm, and firms for a patent.

    score = fit + region + status + term                                 (patents for a firm)
      fit     = cosine(profile of the organisation, vector of the patent)   (`technology`, in [0, 1]:
                IPC subclass, main group and subgroup, and concepts when the patent loader wrote them)
      region  = 0.10 same city, 0.05 same province only, else 0           (firm vs. patent holder)
      status  = what is on offer: an invention in force (granted, valid) 0.06; granted, status
                unknown (a US grant) 0.04; an application still pending 0.02; a utility model
                in force 0.03, pending 0.01; a design 0
      term    = 0.05 x the share of the statutory term still to run in `as_of_year` (20 years
                from filing for inventions, 10 for utility models, 15 for designs)
    score = fit + region                                                 (firms for a patent)

So two candidates with the same technology still rank apart when one is a pending 2024 application
and the other a patent granted in force since 2015 (the latter ranks by status, the former by term).

`transfer_matches` ranks the candidate patents the database returns for the organisation's IPC
subclasses and concepts (`transfer_candidates_for_org.cypher`, at most `cap`); `firms_for_patent`
ranks the firms with the most patents sharing the patent's subclasses or concepts (at most `cap`)
by the fit of their whole profile. Every match carries its score parts and the reason: the shared
IPC codes at their most specific level and the shared concepts, strongest first.

What an organisation holds: the patents it applied for and those it received by an effective
transfer (TO_PARTY of a `PatentTransaction` of kind transfer, as the transaction loader writes).
A patent is not offered when it lapsed (`valid: false`: nothing left to transfer) or when the
transaction loader flagged it `transferred` or `exclusively_licensed`; nor to an organisation that
applied for it or already received it by a transfer or licence.

Document frequencies (the IDF) are cached per data version in the `AnalyticsCache`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import neo4j

from graph.analytics.cache import DEFAULT_CACHE, AnalyticsCache
from graph.analytics.errors import UnknownNode, check_range
from graph.analytics.technology import (
    FeatureStats, cosine, patent_features, patent_vector, profile_vector, shared_features,
)
from graph.flows import Cached, Flow, Row, arun, run

OWNER_KINDS = ("university", "research_institute")
SAME_CITY_BONUS = 0.10
SAME_PROVINCE_BONUS = 0.05
# (type, status) -> bonus; status: in_force (valid), granted (granted, status unknown), pending
STATUS_BONUS: dict[tuple[str | None, str], float] = {
    ("invention", "in_force"): 0.06, ("invention", "granted"): 0.04, ("invention", "pending"): 0.02,
    ("utility_model", "in_force"): 0.03, ("utility_model", "granted"): 0.03, ("utility_model", "pending"): 0.01,
}
TERM_WEIGHT = 0.05
TERM_YEARS = {"invention": 20, "utility_model": 10, "design": 15}
LIMIT_RANGE = (1, 100)
DEFAULT_CAP = 2000


@dataclass(frozen=True, slots=True)
class PatentMatch:
    patent_id: str
    title: str | None
    year: int | None
    owners: tuple[str, ...]
    score: float
    parts: dict[str, float]  # fit, region, status, term
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


def status_of(valid: bool | None, grant_date: str | None) -> str:
    """in_force (valid), granted (a grant date, no status), pending (neither); lapsed patents are not offered."""
    if valid is True:
        return "in_force"
    return "granted" if grant_date else "pending"


def status_bonus(patent_type: str | None, valid: bool | None, grant_date: str | None) -> float:
    return STATUS_BONUS.get((patent_type, status_of(valid, grant_date)), 0.0)


def term_bonus(patent_type: str | None, filing_year: int | None, as_of_year: int) -> float:
    """TERM_WEIGHT x the share of the statutory term left in `as_of_year` (0 without a filing year)."""
    term = TERM_YEARS.get(patent_type or "", 0)
    if not term or filing_year is None:
        return 0.0
    return TERM_WEIGHT * max(0.0, min(1.0, 1.0 - (as_of_year - int(filing_year)) / term))


# -- pure ranking ---------------------------------------------------------------------------------

def rank_patents_for_org(org_rows: list[Row], candidate_rows: list[Row], stats: FeatureStats,
                         limit: int, *, as_of_year: int | None = None) -> list[PatentMatch]:
    """Rank candidate patents for the organisation of `org_rows` (`transfer_org_profile` rows);
    `as_of_year` (default: this year) is the year the remaining term is counted in."""
    as_of_year = as_of_year or date.today().year
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
            "status": status_bonus(r.get("type"), r.get("valid"), r.get("grant_date")),
            "term": term_bonus(r.get("type"), r.get("year"), as_of_year),
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


# -- the reads: one flow each (`graph.flows`), run by the blocking and the async entry points -------

def _q(name: str, **params: object) -> tuple[str, dict[str, object]]:
    return (f"analytics/{name}", params)


def _feature_stats(cache: AnalyticsCache) -> Cached:
    """The document frequencies of all features, as a step: cached per data version."""
    def build() -> Flow[FeatureStats]:
        frequencies, count = yield [_q("feature_document_frequencies"), _q("patent_count")]
        return _stats(frequencies, count)

    return Cached(cache, "feature_stats", build)


def _feature_stats_flow(cache: AnalyticsCache) -> Flow[FeatureStats]:
    stats: FeatureStats = yield _feature_stats(cache)
    return stats


def _transfer_matches_flow(org_id: str, limit: int, cap: int, cache: AnalyticsCache) -> Flow[list[PatentMatch]]:
    check_range("limit", limit, *LIMIT_RANGE)
    org_rows = yield _q("transfer_org_profile", org_id=org_id)
    if not org_rows:
        raise UnknownNode(org_id, "organisation")
    subclasses, concepts = _profile_keys(org_rows)
    if not subclasses and not concepts:
        return []
    candidates, stats = yield [
        _q("transfer_candidates_for_org", org_id=org_id, owner_kinds=list(OWNER_KINDS), subclasses=subclasses,
           concepts=concepts, cap=cap),
        _feature_stats(cache),
    ]
    return rank_patents_for_org(org_rows, candidates, stats, limit)


def _firms_for_patent_flow(patent_id: str, limit: int, cap: int, cache: AnalyticsCache) -> Flow[list[FirmMatch]]:
    check_range("limit", limit, *LIMIT_RANGE)
    rows = yield _q("transfer_patent_profile", patent_id=patent_id)
    if not rows:
        raise UnknownNode(patent_id, "patent")
    patent = rows[0]
    if patent.get("unavailable"):
        return []
    subclasses, concepts = _profile_keys([patent])
    holder_ids = [h["id"] for h in patent.get("holders") or () if h.get("id")]
    firms = yield _q("transfer_firms_for_features", holder_ids=holder_ids, subclasses=subclasses,
                     concepts=concepts, cap=cap)
    profiles, stats = yield [_q("transfer_org_profiles", ids=[r["org"] for r in firms]), _feature_stats(cache)]
    return rank_firms_for_patent(patent, profiles, stats, limit)


# -- entry points ---------------------------------------------------------------------------------

def feature_stats(driver: neo4j.Driver, database: str, *, cache: AnalyticsCache = DEFAULT_CACHE) -> FeatureStats:
    """Document frequencies of all features, cached per data version."""
    return run(driver, database, _feature_stats_flow(cache))


async def afeature_stats(driver: neo4j.AsyncDriver, database: str, *,
                         cache: AnalyticsCache = DEFAULT_CACHE) -> FeatureStats:
    return await arun(driver, database, _feature_stats_flow(cache))


def transfer_matches(driver: neo4j.Driver, database: str, org_id: str, limit: int = 10, *,
                     cap: int = DEFAULT_CAP, cache: AnalyticsCache = DEFAULT_CACHE) -> list[PatentMatch]:
    """University and research-institute patents that fit `org_id`'s technology, best first."""
    return run(driver, database, _transfer_matches_flow(org_id, limit, cap, cache))


async def atransfer_matches(driver: neo4j.AsyncDriver, database: str, org_id: str, limit: int = 10, *,
                            cap: int = DEFAULT_CAP, cache: AnalyticsCache = DEFAULT_CACHE) -> list[PatentMatch]:
    """`transfer_matches` for the async driver."""
    return await arun(driver, database, _transfer_matches_flow(org_id, limit, cap, cache))


def firms_for_patent(driver: neo4j.Driver, database: str, patent_id: str, limit: int = 10, *,
                     cap: int = 300, cache: AnalyticsCache = DEFAULT_CACHE) -> list[FirmMatch]:
    """Firms whose technology profile fits `patent_id`, best first ([] when the patent has moved)."""
    return run(driver, database, _firms_for_patent_flow(patent_id, limit, cap, cache))


async def afirms_for_patent(driver: neo4j.AsyncDriver, database: str, patent_id: str, limit: int = 10, *,
                            cap: int = 300, cache: AnalyticsCache = DEFAULT_CACHE) -> list[FirmMatch]:
    """`firms_for_patent` for the async driver."""
    return await arun(driver, database, _firms_for_patent_flow(patent_id, limit, cap, cache))
