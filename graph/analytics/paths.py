"""Collaboration paths: the k shortest simple paths between two organisations or inventors.

Collaboration distance of a path (hops h_1..h_n):

    distance = sum_i  min_{t in allowed types of h_i}  TYPE_FACTOR[t] / (1 + ln(1 + count_t))

where `count_t` is the tie's shared-patent count (citing pairs for `citation`) and `TYPE_FACTOR` is
1 for co_applicant, co_inventor and affiliation and 2 for citation (`projection.hop_length`). A hop
over a pair joined by several allowed tie types takes the shortest; the others are reported too.
Stronger ties make shorter paths; a path of fewer, stronger hops ranks first.

Search, so the answer stays fast on a large projection:
  1. restrict the projection to edges with an allowed (`via`) tie type;
  2. bound it to the nodes that can lie on a path of at most `max_hops` hops: the ball of radius
     ceil(max_hops/2) around the source united with the ball of radius floor(max_hops/2) around the
     target contains every such path; keep the nodes u with hops(source, u) + hops(u, target) <=
     max_hops (a node outside a ball counts as radius + 1, then exact counts inside the rest).
     The balls follow each node's `max_branching` (32) strongest ties only: on hub nodes with
     hundreds of ties this is what keeps a query in milliseconds, at the price that a path whose
     inner hops use a hub's weaker ties may be missed (the direct from-to tie is always kept, and
     every tie between the nodes that remain is used in step 3);
  3. run Yen's algorithm (`nx.shortest_simple_paths`) on the weighted, bounded graph and keep the
     first k paths of at most `max_hops` hops (in order of collaboration distance).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

import networkx as nx

from graph.analytics.errors import InvalidArgument, UnknownNode, check_range
from graph.analytics.projection import HOP_TYPES, CollaborationProjection, EvidenceItem

MAX_HOPS_RANGE = (1, 6)
K_RANGE = (1, 10)
DEFAULT_BRANCHING = 32  # ties followed out of each node while bounding the search (strongest first)
CANDIDATES_PER_PATH = 25  # Yen's paths examined per path asked for, before giving up on longer ones


@dataclass(frozen=True, slots=True)
class Hop:
    """One step of a path: the tie type used, its length and its evidence."""

    source: str
    target: str
    type: str
    length: float
    count: int
    evidence: tuple[EvidenceItem, ...]
    other_types: tuple[str, ...] = ()  # further allowed tie types between the same pair

    @property
    def patent_ids(self) -> list[str]:
        return [item.patent_id for item in self.evidence]


@dataclass(frozen=True, slots=True)
class CollaborationPath:
    """A simple path with its hops and collaboration distance (sum of hop lengths)."""

    nodes: tuple[str, ...]
    hops: tuple[Hop, ...]
    distance: float

    @property
    def hop_count(self) -> int:
        return len(self.hops)


def _allowed_types(via: Iterable[str] | None) -> tuple[str, ...]:
    if via is None:
        return HOP_TYPES
    allowed = tuple(t for t in HOP_TYPES if t in set(via))
    unknown = sorted(set(via) - set(HOP_TYPES))
    if unknown or not allowed:
        raise InvalidArgument("via", sorted(via), f"a non-empty subset of {list(HOP_TYPES)}")
    return allowed


class _Ties:
    """Allowed ties of the projection for one search: hop lengths, a node's strongest neighbours.

    Reads the graph's adjacency dicts directly (`Graph._adj`, plain dicts: several times faster than
    the public views in these inner loops). The strongest-neighbour lists are memoised on the
    projection per type set (at most `branching` ids per node), so repeated queries skip the sort.
    """

    def __init__(self, projection: CollaborationProjection, allowed: tuple[str, ...], branching: int) -> None:
        self._adj: dict[str, dict[str, dict]] = projection.graph._adj
        self._allowed = allowed
        self._all = set(allowed) == set(HOP_TYPES)
        self._branching = branching
        self._strongest: dict[str, list[str]] = projection.derived(("strongest", allowed, branching), dict)

    def length(self, u: str, v: str) -> float | None:
        lengths = self._adj[u][v]["length"]
        if self._all:
            return min(lengths.values())
        present = [lengths[t] for t in self._allowed if t in lengths]
        return min(present) if present else None

    def strongest(self, node: str) -> list[str]:
        cached = self._strongest.get(node)
        if cached is None:
            scored = [(w, v) for v in self._adj[node] if (w := self.length(node, v)) is not None]
            cached = [v for _, v in heapq.nsmallest(self._branching, scored)]
            self._strongest[node] = cached
        return cached

    def neighbours_within(self, node: str, within: set[str]) -> list[str]:
        neighbours = self._adj[node]
        found = [v for v in within if v in neighbours] if len(within) < len(neighbours) else \
            [v for v in neighbours if v in within]
        return found if self._all else [v for v in found if self.length(node, v) is not None]

    def adjacent(self, u: str, v: str) -> bool:
        return v in self._adj[u] and self.length(u, v) is not None


def _hops_from(ties: _Ties, start: str, radius: int, within: set[str] | None = None) -> dict[str, int]:
    """Breadth-first hop counts from `start` up to `radius`, over each node's strongest ties (over
    every allowed tie inside `within` when given)."""
    hops = {start: 0}
    frontier = [start]
    for depth in range(1, radius + 1):
        reached = []
        for u in frontier:
            for v in (ties.strongest(u) if within is None else ties.neighbours_within(u, within)):
                if v not in hops:
                    hops[v] = depth
                    reached.append(v)
        frontier = reached
    return hops


def _bounded_graph(ties: _Ties, source: str, target: str, max_hops: int) -> nx.Graph:
    """The weighted graph of the nodes that can lie on a path of at most `max_hops` hops.

    Balls of radius a = ceil(h/2) around the source and b = floor(h/2) around the target hold every
    such path; a node outside one ball is at least one hop beyond its radius, which prunes most of
    both balls at once; exact hop counts inside what is left prune the rest. The balls follow each
    node's `branching` strongest ties only (a beam), which bounds their size on hub nodes.
    """
    a, b = math.ceil(max_hops / 2), max_hops // 2
    near_source = _hops_from(ties, source, a)
    near_target = _hops_from(ties, target, b)
    if ties.adjacent(source, target):
        near_source.setdefault(target, 1)
        near_target.setdefault(source, 1)
    candidates = {u for u in near_source.keys() | near_target.keys()
                  if near_source.get(u, a + 1) + near_target.get(u, b + 1) <= max_hops}
    from_source = _hops_from(ties, source, max_hops, candidates)
    from_target = _hops_from(ties, target, max_hops, candidates)
    keep = {u for u, d in from_source.items() if d + from_target.get(u, max_hops + 1) <= max_hops}
    bounded = nx.Graph()
    bounded.add_nodes_from(keep)
    bounded.add_weighted_edges_from(
        (u, v, ties.length(u, v)) for u in keep for v in ties.neighbours_within(u, keep) if u < v
    )
    return bounded


def _hop(projection: CollaborationProjection, u: str, v: str, allowed: tuple[str, ...]) -> Hop:
    data = projection.graph[u][v]
    present = sorted((data["length"][t], t) for t in allowed if t in data["length"])
    length, hop_type = present[0]
    tie = data["ties"][hop_type]
    return Hop(u, v, hop_type, length, tie.count, tie.evidence, tuple(t for _, t in present[1:]))


def collaboration_paths(
    projection: CollaborationProjection,
    from_id: str,
    to_id: str,
    max_hops: int = 4,
    k: int = 3,
    via: set[str] | None = None,
    *,
    max_branching: int = DEFAULT_BRANCHING,
) -> list[CollaborationPath]:
    """The k shortest simple paths from `from_id` to `to_id` (module docstring), shortest first.

    Raises `UnknownNode` for an id not in the projection and `InvalidArgument` for max_hops outside
    1..6, k outside 1..10, an unknown `via` hop type, from_id == to_id or max_branching < 1.
    No path: an empty list.
    """
    check_range("max_hops", max_hops, *MAX_HOPS_RANGE)
    check_range("k", k, *K_RANGE)
    allowed = _allowed_types(via)
    check_range("max_branching", max_branching, 1, 100_000)
    for node_id in (from_id, to_id):
        if node_id not in projection.graph:
            raise UnknownNode(node_id)
    if from_id == to_id:
        raise InvalidArgument("to_id", to_id, "an id different from from_id")
    bounded = _bounded_graph(_Ties(projection, allowed, max_branching), from_id, to_id, max_hops)
    if to_id not in bounded or from_id not in bounded:
        return []
    paths: list[CollaborationPath] = []
    try:
        candidates = nx.shortest_simple_paths(bounded, from_id, to_id, weight="weight")
        for nodes in islice(candidates, k * CANDIDATES_PER_PATH):
            if len(nodes) - 1 > max_hops:
                continue
            hops = tuple(_hop(projection, u, v, allowed) for u, v in zip(nodes, nodes[1:]))
            paths.append(CollaborationPath(tuple(nodes), hops, sum(h.length for h in hops)))
            if len(paths) == k:
                break
    except nx.NetworkXNoPath:
        pass
    return paths
