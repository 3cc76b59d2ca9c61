"""Scoring a consortium (a set of organisations) for one industrial chain, part by part.

    total = 0.30 coverage + 0.15 complementarity + 0.15 ties + 0.20 capacity
          + 0.10 proximity + 0.10 potential                      (WEIGHTS; every part is in [0, 1])

  * coverage = |segments with >= 1 chain patent of a member| / |segments of the chain|; the detail
    lists, per segment, which members cover it and their newest evidence patents.
  * complementarity = 1 - mean over member pairs of Jaccard(F_a, F_b), where F_m is m's portfolio:
    the chain segments it holds patents in and the IPC subclasses of those patents.
  * ties = mean over member pairs of min(1, (co_applications + shared_inventors + 0.5 citations) / 3):
    co_applications = patents both applied for, shared_inventors = inventors affiliated with both,
    citations = citing patent pairs in either direction (all from the collaboration projection).
  * capacity = mean over members of 0.7 hv(m) / max_o hv(o) + 0.3 growth(m), where hv counts m's
    high-value chain patents (type invention, not known invalid, and claims_count >= 10 or
    cited_count >= 1), the max runs over every organisation holding chain patents, and
    growth(m) = recent / (recent + prior) with recent = chain patents filed in the last 3 years of the
    chain's data and prior = the 3 years before (0.5 when both are 0; > 0.5 means growing).
  * proximity = mean over member pairs of 1 (same city), 0.5 (same province only) or 0.
  * potential = mean over the member pairs *without* a tie of 1 - exp(-RA(a, b)), where RA is the
    resource-allocation index sum_{w in N(a) & N(b)} 1/deg(w) on the organisation collaboration graph
    (organisations joined by co-applications or shared inventors); 0 when every pair is tied. It
    rewards members that are not yet partners but share partners: likely, easy new ties.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx

from graph.analytics.chain_data import ChainData, OrgPortfolio
from graph.analytics.errors import InvalidArgument, UnknownNode
from graph.analytics.projection import (
    AFFILIATION, CITATION, CO_APPLICANT, INVENTOR, ORGANIZATION, CollaborationProjection,
)

WEIGHTS: dict[str, float] = {
    "coverage": 0.30,
    "complementarity": 0.15,
    "ties": 0.15,
    "capacity": 0.20,
    "proximity": 0.10,
    "potential": 0.10,
}
TIE_SATURATION = 3.0
CITATION_WEIGHT = 0.5
HIGH_VALUE_CLAIMS = 10
RECENT_YEARS = 3
EVIDENCE_PER_SEGMENT = 3


def is_high_value(patent: object) -> bool:
    """Invention, not known invalid, and claims_count >= 10 or cited at least once."""
    return (getattr(patent, "type", None) == "invention" and getattr(patent, "valid", None) is not False
            and ((getattr(patent, "claims_count", None) or 0) >= HIGH_VALUE_CLAIMS
                 or (getattr(patent, "cited_count", None) or 0) >= 1))


def organization_graph(projection: CollaborationProjection) -> nx.Graph:
    """Organisations joined by co-applications and shared inventors; `weight` = their sum (memoised)."""

    def build() -> nx.Graph:
        full = projection.graph
        graph = nx.Graph()
        graph.add_nodes_from(n for n, d in full.nodes(data=True) if d.get("node_type") == ORGANIZATION)
        weights: dict[tuple[str, str], int] = defaultdict(int)
        for u, v, data in full.edges(data=True):
            tie = data["ties"].get(CO_APPLICANT)
            if tie is not None:
                weights[(u, v) if u < v else (v, u)] += tie.count
        for n, d in full.nodes(data=True):
            if d.get("node_type") != INVENTOR:
                continue
            orgs = sorted(m for m, e in full[n].items() if AFFILIATION in e["ties"])
            for a, b in combinations(orgs, 2):
                weights[(a, b)] += 1
        graph.add_weighted_edges_from((a, b, w) for (a, b), w in weights.items())
        return graph

    return projection.derived("organization_graph", build)


@dataclass(frozen=True, slots=True)
class SegmentCoverage:
    segment_id: str
    segment_key: str
    segment_name: str
    members: tuple[str, ...]  # members with chain patents in the segment
    evidence: dict[str, tuple[str, ...]]  # member -> newest evidence patent ids
    patent_counts: dict[str, int] = field(default_factory=dict)  # member -> its patents in the segment


@dataclass(frozen=True, slots=True)
class PairTie:
    a: str
    b: str
    co_applications: int
    shared_inventors: int
    citations: int
    strength: float


@dataclass(frozen=True, slots=True)
class ConsortiumScore:
    """Every part, its weight and the total (= sum of weight x part), with the evidence."""

    members: tuple[str, ...]
    parts: dict[str, float]
    weights: dict[str, float]
    total: float
    coverage: tuple[SegmentCoverage, ...]
    uncovered_segments: tuple[str, ...]
    ties: tuple[PairTie, ...]  # pairs with any tie
    potential_pairs: dict[tuple[str, str], float]  # untied pair -> 1 - exp(-RA)
    capacity_by_member: dict[str, float] = field(default_factory=dict)


class ConsortiumScorer:
    """Scores member sets for one chain; pair and member values are memoised across calls."""

    def __init__(self, chain: ChainData, projection: CollaborationProjection,
                 weights: dict[str, float] | None = None) -> None:
        self.chain = chain
        self.projection = projection
        self.weights = dict(weights or WEIGHTS)
        self.org_graph = organization_graph(projection)
        self._segment_ids = [s.id for s in chain.segments]
        self._max_high_value = max((self.high_value_count(o) for o in chain.portfolios.values()), default=0) or 1
        last = chain.last_year
        self._recent = range(last - RECENT_YEARS + 1, last + 1) if last is not None else range(0)
        self._prior = range(last - 2 * RECENT_YEARS + 1, last - RECENT_YEARS + 1) if last is not None else range(0)
        self._features: dict[str, frozenset[str]] = {}
        self._outside: dict[str, OrgPortfolio] = {}
        self._capacity: dict[str, float] = {}
        self._pairs: dict[tuple[str, str], tuple[float, PairTie | None, float, float]] = {}

    # -- members ------------------------------------------------------------------------------
    def portfolio(self, org_id: str) -> OrgPortfolio:
        found = self.chain.portfolios.get(org_id)
        if found is not None:
            return found
        node = self.projection.node(org_id)
        if node is None or node.get("node_type") != ORGANIZATION:
            raise UnknownNode(org_id, "organisation")
        empty = self._outside.get(org_id)
        if empty is None:  # an organisation without patents in this chain (the cached chain stays as is)
            empty = OrgPortfolio(org_id, node.get("name"), node.get("kind"), node.get("city"), node.get("province"))
            self._outside[org_id] = empty
        return empty

    @staticmethod
    def high_value_count(org: OrgPortfolio) -> int:
        return sum(1 for p in org.patents.values() if is_high_value(p))

    def growth(self, org: OrgPortfolio) -> float:
        recent = sum(1 for p in org.patents.values() if p.year in self._recent)
        prior = sum(1 for p in org.patents.values() if p.year in self._prior)
        return 0.5 if recent + prior == 0 else recent / (recent + prior)

    def capacity(self, org_id: str) -> float:
        value = self._capacity.get(org_id)
        if value is None:
            org = self.portfolio(org_id)
            value = 0.7 * self.high_value_count(org) / self._max_high_value + 0.3 * self.growth(org)
            self._capacity[org_id] = value
        return value

    def features(self, org_id: str) -> frozenset[str]:
        value = self._features.get(org_id)
        if value is None:
            org = self.portfolio(org_id)
            value = frozenset([f"seg:{s}" for s in org.segments] + [f"ipc:{c}" for c in org.ipc_subclasses])
            self._features[org_id] = value
        return value

    # -- pairs --------------------------------------------------------------------------------
    def _pair(self, a: str, b: str) -> tuple[float, PairTie | None, float, float]:
        """(jaccard, tie or None, proximity, potential) of a pair, memoised."""
        key = (a, b) if a < b else (b, a)
        cached = self._pairs.get(key)
        if cached is not None:
            return cached
        fa, fb = self.features(a), self.features(b)
        union = len(fa | fb)
        jaccard = len(fa & fb) / union if union else 0.0
        tie = self._tie(*key)
        pa, pb = self.portfolio(a), self.portfolio(b)
        if pa.city and pa.city == pb.city:
            proximity = 1.0
        elif pa.province and pa.province == pb.province:
            proximity = 0.5
        else:
            proximity = 0.0
        potential = 0.0
        if tie is None and a in self.org_graph and b in self.org_graph:
            ra = sum(1.0 / self.org_graph.degree(w) for w in nx.common_neighbors(self.org_graph, a, b))
            potential = 1.0 - math.exp(-ra)
        value = (jaccard, tie, proximity, potential)
        self._pairs[key] = value
        return value

    def _tie(self, a: str, b: str) -> PairTie | None:
        graph = self.projection.graph
        if a not in graph or b not in graph:
            return None
        ties = self.projection.ties(a, b)
        co_applications = ties[CO_APPLICANT].count if CO_APPLICANT in ties else 0
        citations = ties[CITATION].count if CITATION in ties else 0
        shared_inventors = sum(
            1 for w in nx.common_neighbors(graph, a, b)
            if graph.nodes[w].get("node_type") == INVENTOR
            and AFFILIATION in graph[w][a]["ties"] and AFFILIATION in graph[w][b]["ties"]
        )
        raw = co_applications + shared_inventors + CITATION_WEIGHT * citations
        if raw <= 0:
            return None
        return PairTie(a, b, co_applications, shared_inventors, citations, min(1.0, raw / TIE_SATURATION))

    # -- sets ---------------------------------------------------------------------------------
    def total(self, members: Sequence[str]) -> float:
        """Only the total (fast path for candidate search)."""
        return self.score(members, detail=False).total

    def score(self, members: Sequence[str], *, detail: bool = True) -> ConsortiumScore:
        members = tuple(dict.fromkeys(members))
        if len(members) < 2:
            raise InvalidArgument("members", list(members), "at least two distinct organisations")
        portfolios = [self.portfolio(m) for m in members]
        covered = {s for p in portfolios for s in p.segments}
        coverage = len(covered & set(self._segment_ids)) / len(self._segment_ids) if self._segment_ids else 0.0
        pairs = list(combinations(members, 2))
        jaccards, strengths, proximities, potentials = [], [], [], []
        tie_list: list[PairTie] = []
        potential_pairs: dict[tuple[str, str], float] = {}
        for a, b in pairs:
            jaccard, tie, proximity, potential = self._pair(a, b)
            jaccards.append(jaccard)
            proximities.append(proximity)
            strengths.append(tie.strength if tie else 0.0)
            if tie is not None:
                tie_list.append(tie)
            else:
                potentials.append(potential)
                potential_pairs[(a, b)] = potential
        capacities = {m: self.capacity(m) for m in members}
        parts = {
            "coverage": coverage,
            "complementarity": 1.0 - sum(jaccards) / len(pairs),
            "ties": sum(strengths) / len(pairs),
            "capacity": sum(capacities.values()) / len(members),
            "proximity": sum(proximities) / len(pairs),
            "potential": sum(potentials) / len(potentials) if potentials else 0.0,
        }
        total = sum(self.weights[name] * value for name, value in parts.items())
        segment_coverage: tuple[SegmentCoverage, ...] = ()
        uncovered: tuple[str, ...] = ()
        if detail:
            segment_coverage = tuple(
                SegmentCoverage(
                    s.id, s.key, s.name,
                    tuple(p.id for p in portfolios if s.id in p.segments),
                    {p.id: tuple(p.segments[s.id][:EVIDENCE_PER_SEGMENT]) for p in portfolios if s.id in p.segments},
                    {p.id: len(p.segments[s.id]) for p in portfolios if s.id in p.segments},
                )
                for s in self.chain.segments
            )
            uncovered = tuple(s.id for s in self.chain.segments if s.id not in covered)
        return ConsortiumScore(members, parts, dict(self.weights), total, segment_coverage, uncovered,
                               tuple(tie_list), potential_pairs, capacities)


def score_consortium(
    members: Iterable[str],
    chain: ChainData,
    projection: CollaborationProjection,
    *,
    weights: dict[str, float] | None = None,
) -> ConsortiumScore:
    """Score a given set of organisations (e.g. a declared consortium) for `chain` (module docstring).

    Raises `UnknownNode` for a member that is not an organisation and `InvalidArgument` for fewer
    than two members.
    """
    return ConsortiumScorer(chain, projection, weights).score(list(members))
