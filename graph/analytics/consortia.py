"""Consortium candidates for an industrial chain: distinct, scored alternatives with their parts.

Scoring is `consortium_score` (total = 0.30 coverage + 0.15 complementarity + 0.15 ties
+ 0.20 capacity + 0.10 proximity + 0.10 potential; every part in [0, 1], documented there).

Generation, and what each step contributes:
  1. Pool: organisations with patents in the chain, of a kind that can join (not individuals or
     government bodies), in the region (city or province equal to `region`, case-folded), not
     excluded. `must_include` members are always in, whatever their region.
  2. Shortlist (`shortlist_size`): the pool ranked by relevance = capacity + own segment coverage,
     plus every organisation among the two strongest holders of some segment, so rare segments
     keep a chance to be covered. Bounds the search cost.
  3. Communities: Louvain (`nx.community.louvain_communities`, weight = co-applications + shared
     inventors, `seed`) on the organisation collaboration graph of the shortlist. Each community
     is a group that already works together; its most relevant member becomes an anchor, so
     candidates start from different collaborative neighbourhoods rather than all from the top org.
     Further anchors follow by relevance (up to `limit * ANCHORS_PER_RESULT`).
  4. Greedy construction from each anchor: start from must_include + anchor, then repeatedly add the
     organisation that gives the highest total score less a reuse penalty (REUSE_PENALTY = 0.1 x the
     share of earlier candidates that already contain it, so later anchors explore other partners),
     while the remaining places can still meet
     `min_universities` / `min_firms` (when they cannot otherwise, only the missing kind is
     considered). Every prefix of a size in [min_size, max_size] that meets the quotas is a
     candidate; the best-scoring prefix is the anchor's candidate. Greedy on the total maximises
     coverage first (its weight is largest) while trading it against the other parts.
  5. Diversification: candidates are picked by maximal marginal relevance,
     MMR = lambda * total - (1 - lambda) * max Jaccard(members', chosen members') with lambda = 0.7,
     where members' excludes `must_include` (shared by construction), and a candidate whose overlap
     with an already chosen one exceeds `max_overlap` (default 0.5) is dropped: results are real
     alternatives, not permutations or near-copies of one set. The chosen ones are returned best
     total first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import networkx as nx

from graph.analytics.chain_data import ChainData
from graph.analytics.consortium_score import ConsortiumScore, ConsortiumScorer, score_consortium
from graph.analytics.errors import InvalidArgument, check_range
from graph.analytics.projection import CollaborationProjection

SIZE_RANGE = (3, 8)
LIMIT_RANGE = (1, 20)
EXCLUDED_KINDS = frozenset({"individual", "government"})
ANCHORS_PER_RESULT = 3
MMR_LAMBDA = 0.7
REUSE_PENALTY = 0.1

__all__ = ["ConsortiumCandidate", "consortium_candidates", "score_consortium"]


@dataclass(frozen=True, slots=True)
class ConsortiumCandidate:
    rank: int
    members: tuple[str, ...]
    score: ConsortiumScore
    anchor: str
    community: int | None  # index of the anchor's Louvain community among the shortlist's


def _matches_region(portfolio: object, region: str | None) -> bool:
    if region is None:
        return True
    wanted = region.casefold()
    return any((getattr(portfolio, f) or "").casefold() == wanted for f in ("city", "province"))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 1.0


def consortium_candidates(
    chain: ChainData,
    projection: CollaborationProjection,
    *,
    region: str | None = None,
    min_size: int = 3,
    max_size: int = 5,
    must_include: Sequence[str] = (),
    exclude: Iterable[str] = (),
    min_universities: int = 0,
    min_firms: int = 0,
    limit: int = 5,
    seed: int = 0,
    shortlist_size: int = 40,
    max_overlap: float = 0.5,
    weights: dict[str, float] | None = None,
) -> list[ConsortiumCandidate]:
    """Up to `limit` distinct candidate consortia for `chain`, best first (module docstring).

    Raises `InvalidArgument` for sizes outside 3..8, min_size > max_size, limit outside 1..20,
    quotas or must_include that do not fit in max_size, or an id both included and excluded;
    `UnknownNode` for a must_include id that is not an organisation.
    """
    check_range("min_size", min_size, *SIZE_RANGE)
    check_range("max_size", max_size, *SIZE_RANGE)
    check_range("limit", limit, *LIMIT_RANGE)
    if min_size > max_size:
        raise InvalidArgument("min_size", min_size, f"at most max_size={max_size}")
    if min_universities < 0 or min_firms < 0 or min_universities + min_firms > max_size:
        raise InvalidArgument("min_universities+min_firms", min_universities + min_firms,
                              f"non-negative quotas summing to at most max_size={max_size}")
    required = list(dict.fromkeys(must_include))
    excluded = set(exclude)
    if clash := sorted(excluded & set(required)):
        raise InvalidArgument("exclude", clash, "no id that is also in must_include")
    if len(required) > max_size:
        raise InvalidArgument("must_include", required, f"at most max_size={max_size} organisations")
    scorer = ConsortiumScorer(chain, projection, weights)
    for org_id in required:
        scorer.portfolio(org_id)  # UnknownNode when not an organisation

    pool = [o.id for o in chain.portfolios.values()
            if o.id not in excluded and o.id not in required and (o.kind or "other") not in EXCLUDED_KINDS
            and _matches_region(o, region)]
    shortlist = _shortlist(scorer, pool, shortlist_size)
    communities = _communities(scorer, shortlist, seed)
    anchors = _anchors(scorer, shortlist, communities, limit * ANCHORS_PER_RESULT)
    if not anchors and len(required) >= min_size:
        anchors = [required[0]]

    built: dict[frozenset[str], tuple[float, tuple[str, ...], str]] = {}
    used: Counter[str] = Counter()
    for anchor in anchors:
        penalty = {o: REUSE_PENALTY * n / len(built) for o, n in used.items()} if built else {}
        found = _grow(scorer, required, anchor, shortlist, min_size, max_size, min_universities, min_firms,
                      penalty)
        if found is not None:
            members, total = found
            key = frozenset(members)
            if key not in built:
                used.update(set(members) - set(required))
            if key not in built or built[key][0] < total:
                built[key] = (total, members, anchor)

    community_of = {org: i for i, group in enumerate(communities) for org in group}
    chosen = sorted(_diversify(list(built.values()), frozenset(required), limit, max_overlap),
                    key=lambda c: (-c[0], sorted(c[1])))
    return [
        ConsortiumCandidate(rank, members, scorer.score(members), anchor, community_of.get(anchor))
        for rank, (_, members, anchor) in enumerate(chosen, start=1)
    ]


def _relevance(scorer: ConsortiumScorer, org_id: str) -> float:
    segments = len(scorer.chain.segments) or 1
    return scorer.capacity(org_id) + len(scorer.portfolio(org_id).segments) / segments


def _shortlist(scorer: ConsortiumScorer, pool: list[str], size: int) -> list[str]:
    ranked = sorted(pool, key=lambda o: (-_relevance(scorer, o), o))
    keep = dict.fromkeys(ranked[:size])
    for segment in scorer.chain.segments:
        holders = sorted((o for o in pool if segment.id in scorer.portfolio(o).segments),
                         key=lambda o: (-len(scorer.portfolio(o).segments[segment.id]), o))
        keep.update(dict.fromkeys(holders[:2]))
    return list(keep)


def _communities(scorer: ConsortiumScorer, shortlist: list[str], seed: int) -> list[list[str]]:
    graph = scorer.org_graph.subgraph(o for o in shortlist if o in scorer.org_graph).copy()
    graph.add_nodes_from(shortlist)
    if graph.number_of_nodes() == 0:
        return []
    groups = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    ordered = [sorted(g, key=lambda o: (-_relevance(scorer, o), o)) for g in groups]
    return sorted(ordered, key=lambda g: (-len(g), -_relevance(scorer, g[0]), g[0]))


def _anchors(scorer: ConsortiumScorer, shortlist: list[str], communities: list[list[str]],
             count: int) -> list[str]:
    anchors = dict.fromkeys(group[0] for group in communities)
    anchors.update(dict.fromkeys(sorted(shortlist, key=lambda o: (-_relevance(scorer, o), o))))
    return list(anchors)[:count]


def _kind_count(scorer: ConsortiumScorer, members: Iterable[str], kind: str) -> int:
    return sum(1 for m in members if scorer.portfolio(m).kind == kind)


def _grow(scorer: ConsortiumScorer, required: list[str], anchor: str, shortlist: list[str],
          min_size: int, max_size: int, min_universities: int, min_firms: int,
          penalty: dict[str, float]) -> tuple[tuple[str, ...], float] | None:
    """Greedy construction from must_include + anchor; the best valid prefix by its (true) total.

    Each step adds the organisation maximising total(members + o) - penalty[o], where the penalty
    (REUSE_PENALTY x share of earlier candidates that contain o) steers later anchors away from
    members every earlier candidate already used.
    """
    members = list(dict.fromkeys([*required, anchor] if len(required) < max_size else required))
    best: tuple[tuple[str, ...], float] | None = None

    def valid(ms: list[str]) -> bool:
        return (min_size <= len(ms) <= max_size
                and _kind_count(scorer, ms, "university") >= min_universities
                and _kind_count(scorer, ms, "firm") >= min_firms)

    if valid(members):
        best = (tuple(members), scorer.total(members))
    while len(members) < max_size:
        missing_univ = max(0, min_universities - _kind_count(scorer, members, "university"))
        missing_firms = max(0, min_firms - _kind_count(scorer, members, "firm"))
        places = max_size - len(members)
        kinds: set[str] | None = None
        if missing_univ + missing_firms >= places:
            kinds = ({"university"} if missing_univ else set()) | ({"firm"} if missing_firms else set())
        options = [o for o in shortlist if o not in members
                   and (kinds is None or scorer.portfolio(o).kind in kinds)]
        if not options:
            break
        pick = max(options, key=lambda o: (scorer.total([*members, o]) - penalty.get(o, 0.0), o))
        members.append(pick)
        if valid(members):
            total = scorer.total(members)
            if best is None or total > best[1]:
                best = (tuple(members), total)
    return best


def _diversify(built: list[tuple[float, tuple[str, ...], str]], required: frozenset[str], limit: int,
               max_overlap: float) -> list[tuple[float, tuple[str, ...], str]]:
    remaining = sorted(built, key=lambda c: (-c[0], sorted(c[1])))
    chosen: list[tuple[float, tuple[str, ...], str]] = []
    free = [frozenset(c[1]) - required for c in remaining]
    chosen_free: list[frozenset[str]] = []
    candidates = list(zip(remaining, free, strict=True))
    while candidates and len(chosen) < limit:
        best_index, best_value = None, None
        for index, (cand, members) in enumerate(candidates):
            overlap = max((_jaccard(members, other) for other in chosen_free), default=0.0)
            if overlap > max_overlap:
                continue
            value = MMR_LAMBDA * cand[0] - (1 - MMR_LAMBDA) * overlap
            if best_value is None or value > best_value:
                best_index, best_value = index, value
        if best_index is None:
            break
        cand, members = candidates.pop(best_index)
        chosen.append(cand)
        chosen_free.append(members)
    return chosen
