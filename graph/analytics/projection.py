"""The collaboration projection: organisations and inventors joined by typed, weighted, evidenced ties.

Nodes (`nx.Graph`, keyed by graph id):
  * organisations: `node_type="organization"`, `name`, `kind`, `city`, `province`;
  * inventors: `node_type="inventor"`, `name`, `city`, `province`.

Ties (one undirected edge per node pair; the edge's `ties` maps hop type -> `Tie`):
  * `co_applicant`: two organisations applied for one patent;
  * `co_inventor`: two inventors are named on one patent;
  * `affiliation`: an inventor and an organisation, from INVENTED + APPLIED_FOR on one patent or a
    declared AFFILIATED_WITH edge (its `patents` count is used when larger than the patents seen);
  * `citation`: a patent of organisation A CITES a patent of organisation B (evidence keeps the
    citing -> cited direction).

Each `Tie` keeps `count` (shared patents; citing pairs for citations), first/last year and at most
`max_evidence` evidence items, most recent first. Edge attribute `length` maps each hop type to its
hop length `TYPE_FACTOR[type] / (1 + ln(1 + count))` (see `hop_length`): stronger ties are shorter;
`shortest` is the smallest of them.

Bounds: a patent with more than `max_team_size` inventors or `max_applicants` applicants adds no
clique of co_inventor / co_applicant ties (it still adds affiliations); its members are kept as a
*large group* instead (`CollaborationProjection.large_groups`: the members of each such patent and
each member's patents), so that path searches still join them (a 20-inventor patent is a
co-invention of every pair of its inventors) without storing 190 ties; scores built from the ties
(consortium candidates) do not see large groups. More than `max_ties` ties in total raises
`ProjectionTooLarge`.

Caching (`graph.analytics.cache.AnalyticsCache`): the projection of one database is built once per
process and reused until the database's data version changes.

Fetching is one flow (`graph.flows`): six bulk queries, then the build; `collaboration_projection`
runs it on a blocking driver, `acollaboration_projection` on an async one (queries concurrent, the
build in a worker thread).
"""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import neo4j
import networkx as nx

from graph.analytics.cache import DEFAULT_CACHE, AnalyticsCache  # also imported from here by callers
from graph.analytics.errors import ProjectionTooLarge
from graph.flows import Cached, Flow, Offload, Row, arun, run

CO_APPLICANT = "co_applicant"
CO_INVENTOR = "co_inventor"
AFFILIATION = "affiliation"
CITATION = "citation"
HOP_TYPES: tuple[str, ...] = (CO_APPLICANT, CO_INVENTOR, AFFILIATION, CITATION)

# A citation is knowledge flow, not joint work: the same count makes a hop twice as long.
TYPE_FACTOR: dict[str, float] = {CO_APPLICANT: 1.0, CO_INVENTOR: 1.0, AFFILIATION: 1.0, CITATION: 2.0}

ORGANIZATION = "organization"
INVENTOR = "inventor"

DEFAULT_MAX_EVIDENCE = 5
DEFAULT_MAX_TEAM_SIZE = 12
DEFAULT_MAX_APPLICANTS = 8
DEFAULT_MAX_TIES = 5_000_000


def hop_length(hop_type: str, count: int) -> float:
    """Length of one hop: `TYPE_FACTOR[type] / (1 + ln(1 + count))`.

    One shared patent gives 1/(1 + ln 2) ~ 0.59, ten give ~ 0.29, a hundred ~ 0.18; a citation
    counts double. Always > 0, so Dijkstra and Yen's algorithm apply.
    """
    return TYPE_FACTOR[hop_type] / (1.0 + math.log1p(max(count, 0)))


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """One patent behind a tie (for citations: the citing patent and the patent it cites)."""

    patent_id: str
    year: int | None
    date: str | None
    cited_patent_id: str | None = None


@dataclass(frozen=True, slots=True)
class Tie:
    """A typed tie between two nodes with its strength and (capped) evidence."""

    type: str
    count: int
    first_year: int | None
    last_year: int | None
    evidence: tuple[EvidenceItem, ...]

    @property
    def patent_ids(self) -> list[str]:
        return [item.patent_id for item in self.evidence]


@dataclass
class ProjectionRows:
    """Everything the projection is built from, as fetched (one list per Cypher file)."""

    organizations: list[Row] = field(default_factory=list)
    inventors: list[Row] = field(default_factory=list)
    applications: list[Row] = field(default_factory=list)  # org, patent, year, date
    inventions: list[Row] = field(default_factory=list)  # inventor, patent, year, date
    citations: list[Row] = field(default_factory=list)  # citing, cited, year, date
    affiliations: list[Row] = field(default_factory=list)  # inventor, org, patents


@dataclass
class LargeGroups:
    """Patents too large for a clique of one tie type: their members, and each member's such patents."""

    members: dict[str, tuple[str, ...]] = field(default_factory=dict)  # patent -> members
    of: dict[str, set[str]] = field(default_factory=dict)  # member -> patents
    evidence: dict[str, EvidenceItem] = field(default_factory=dict)  # patent -> evidence item

    def add(self, item: EvidenceItem, members: list[str]) -> None:
        self.members[item.patent_id] = tuple(members)
        self.evidence[item.patent_id] = item
        for member in members:
            self.of.setdefault(member, set()).add(item.patent_id)


@dataclass
class CollaborationProjection:
    """The built graph plus what the analytics derive from it (memoised per projection)."""

    graph: nx.Graph
    build_seconds: float = 0.0
    skipped_patents: int = 0  # patents whose team/applicant list exceeded the clique bounds
    large_groups: dict[str, LargeGroups] = field(default_factory=dict)  # hop type -> the skipped patents' groups
    _derived: dict[Any, Any] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def node(self, node_id: str) -> Mapping[str, Any] | None:
        return self.graph.nodes[node_id] if node_id in self.graph else None

    def ties(self, a: str, b: str) -> dict[str, Tie]:
        data = self.graph.get_edge_data(a, b)
        return dict(data["ties"]) if data else {}

    def organizations(self) -> list[str]:
        return [n for n, d in self.graph.nodes(data=True) if d.get("node_type") == ORGANIZATION]

    def derived(self, key: Any, build: Callable[[], Any]) -> Any:
        """A value computed once from this projection (e.g. the organisation graph)."""
        with self._lock:
            if key not in self._derived:
                self._derived[key] = build()
            return self._derived[key]

    @property
    def tie_count(self) -> int:
        return sum(len(d["ties"]) for _, _, d in self.graph.edges(data=True))


class _TieAccumulator:
    """Counts, year span and bounded evidence per (node pair, type) while rows stream in.

    One dict entry per tie: [count, first_year, last_year, evidence items]; the item list is trimmed
    to the newest `max_evidence` whenever it doubles, so memory stays bounded on hub pairs.
    """

    def __init__(self, max_evidence: int, max_ties: int) -> None:
        self.max_evidence = max_evidence
        self.max_ties = max_ties
        self.ties: dict[tuple[str, str, str], list[Any]] = {}

    def _entry(self, a: str, b: str, hop_type: str) -> list[Any]:
        key = (a, b, hop_type) if a < b else (b, a, hop_type)
        entry = self.ties.get(key)
        if entry is None:
            if len(self.ties) >= self.max_ties:
                raise ProjectionTooLarge(
                    f"the collaboration projection would exceed {self.max_ties} ties; raise max_ties or "
                    "lower max_team_size"
                )
            entry = self.ties[key] = [0, None, None, []]
        return entry

    def add(self, a: str, b: str, hop_type: str, item: EvidenceItem) -> None:
        if a == b:
            return
        entry = self._entry(a, b, hop_type)
        entry[0] += 1
        year = item.year
        if year is not None:
            if entry[1] is None or year < entry[1]:
                entry[1] = year
            if entry[2] is None or year > entry[2]:
                entry[2] = year
        items = entry[3]
        items.append(item)
        if len(items) >= 2 * self.max_evidence:
            items.sort(key=_recency, reverse=True)
            del items[self.max_evidence:]

    def set_at_least(self, a: str, b: str, hop_type: str, count: int) -> None:
        if a != b:
            entry = self._entry(a, b, hop_type)
            entry[0] = max(entry[0], count)


def _recency(item: EvidenceItem) -> tuple[str, str]:
    return (item.date or (f"{item.year:04d}" if item.year is not None else ""), item.patent_id)


def build_projection(
    rows: ProjectionRows,
    *,
    max_evidence: int = DEFAULT_MAX_EVIDENCE,
    max_team_size: int = DEFAULT_MAX_TEAM_SIZE,
    max_applicants: int = DEFAULT_MAX_APPLICANTS,
    max_ties: int = DEFAULT_MAX_TIES,
) -> CollaborationProjection:
    """Build the collaboration projection from fetched rows (pure; see the module docstring)."""
    started = time.perf_counter()
    graph = nx.Graph()
    for r in rows.organizations:
        graph.add_node(r["id"], node_type=ORGANIZATION, name=r.get("name"), kind=r.get("kind"),
                       city=r.get("city"), province=r.get("province"))
    for r in rows.inventors:
        graph.add_node(r["id"], node_type=INVENTOR, name=r.get("name"), city=r.get("city"),
                       province=r.get("province"))

    patent_meta: dict[str, tuple[int | None, str | None]] = {}
    applicants: dict[str, list[str]] = defaultdict(list)
    for r in rows.applications:
        if r["org"] in graph:
            applicants[r["patent"]].append(r["org"])
            patent_meta[r["patent"]] = (r.get("year"), r.get("date"))
    team: dict[str, list[str]] = defaultdict(list)
    for r in rows.inventions:
        if r["inventor"] in graph:
            team[r["patent"]].append(r["inventor"])
            patent_meta[r["patent"]] = (r.get("year"), r.get("date"))

    acc = _TieAccumulator(max_evidence, max_ties)
    skipped: set[str] = set()
    large = {CO_APPLICANT: LargeGroups(), CO_INVENTOR: LargeGroups()}
    for patent, orgs in applicants.items():
        year, date = patent_meta[patent]
        item = EvidenceItem(patent, year, date)
        orgs = sorted(set(orgs))
        if len(orgs) > max_applicants:
            skipped.add(patent)
            large[CO_APPLICANT].add(item, orgs)
        else:
            for a, b in combinations(orgs, 2):
                acc.add(a, b, CO_APPLICANT, item)
        for inventor in set(team.get(patent, ())):
            for org in orgs:
                acc.add(inventor, org, AFFILIATION, item)
    for patent, inventors in team.items():
        inventors = sorted(set(inventors))
        year, date = patent_meta[patent]
        item = EvidenceItem(patent, year, date)
        if len(inventors) > max_team_size:
            skipped.add(patent)
            large[CO_INVENTOR].add(item, inventors)
            continue
        for a, b in combinations(inventors, 2):
            acc.add(a, b, CO_INVENTOR, item)
    for r in rows.affiliations:
        if r["inventor"] in graph and r["org"] in graph:
            acc.set_at_least(r["inventor"], r["org"], AFFILIATION, int(r.get("patents") or 1))
    for r in rows.citations:
        citing_orgs = applicants.get(r["citing"], ())
        cited_orgs = applicants.get(r["cited"], ())
        item = EvidenceItem(r["citing"], r.get("year"), r.get("date"), cited_patent_id=r["cited"])
        for a in set(citing_orgs):
            for b in set(cited_orgs):
                acc.add(a, b, CITATION, item)

    edges: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
    for (a, b, hop_type), (count, first_year, last_year, items) in acc.ties.items():
        items.sort(key=_recency, reverse=True)
        data = edges.get((a, b))
        if data is None:
            data = edges[(a, b)] = {"ties": {}, "length": {}}
        data["ties"][hop_type] = Tie(hop_type, count, first_year, last_year, tuple(items[:max_evidence]))
        data["length"][hop_type] = hop_length(hop_type, count)
    for data in edges.values():  # the hop length over any tie type, read by every path search
        data["shortest"] = min(data["length"].values())
    graph.add_edges_from((a, b, data) for (a, b), data in edges.items())
    return CollaborationProjection(graph, time.perf_counter() - started, len(skipped),
                                   {t: groups for t, groups in large.items() if groups.members})


# -- fetching -------------------------------------------------------------------------------------

_PROJECTION_QUERIES = {
    "organizations": "projection_organizations",
    "inventors": "projection_inventors",
    "applications": "projection_applications",
    "inventions": "projection_inventions",
    "citations": "projection_citations",
    "affiliations": "projection_affiliations",
}


def _rows_flow() -> Flow[ProjectionRows]:
    """All rows the projection needs: six bulk queries (concurrent on the async driver), no per-node
    lookups."""
    results = yield [(f"analytics/{q}", {}) for q in _PROJECTION_QUERIES.values()]
    return ProjectionRows(**dict(zip(_PROJECTION_QUERIES, results, strict=True)))


def _projection_flow(cache: AnalyticsCache, options: dict[str, Any]) -> Flow[CollaborationProjection]:
    def build() -> Flow[CollaborationProjection]:
        rows = yield from _rows_flow()
        built: CollaborationProjection = yield Offload(build_projection, rows, **options)  # CPU-bound: a thread when async
        return built

    projection: CollaborationProjection = yield Cached(cache, ("projection", tuple(sorted(options.items()))), build)
    return projection


def fetch_projection_rows(driver: neo4j.Driver, database: str) -> ProjectionRows:
    """All rows the projection needs (`_rows_flow`)."""
    return run(driver, database, _rows_flow())


async def afetch_projection_rows(driver: neo4j.AsyncDriver, database: str) -> ProjectionRows:
    """`fetch_projection_rows` for the async driver (the queries run concurrently)."""
    return await arun(driver, database, _rows_flow())


def collaboration_projection(
    driver: neo4j.Driver, database: str, *, cache: AnalyticsCache = DEFAULT_CACHE, **options: Any
) -> CollaborationProjection:
    """The cached projection of `database`, rebuilt when its data version changes."""
    return run(driver, database, _projection_flow(cache, options))


async def acollaboration_projection(
    driver: neo4j.AsyncDriver, database: str, *, cache: AnalyticsCache = DEFAULT_CACHE, **options: Any
) -> CollaborationProjection:
    """`collaboration_projection` for async callers; the CPU-bound build runs in a worker thread."""
    return await arun(driver, database, _projection_flow(cache, options))
