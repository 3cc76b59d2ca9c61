"""The search behind `collaboration_paths`: exact k shortest simple paths within a hop limit.

`shortest_paths(ties, source, target, max_hops, k)` returns (distance, nodes) pairs, shortest first
(ties by hop count, then nodes). Steps, so that it stays fast on a projection with hubs of thousands
of ties:

  1. Reachability: a breadth-first search from both ends, growing the side with fewer ties at its
     frontier, decides whether any path of at most `max_hops` hops exists.
  2. Weighted balls, for a distance bound D: Dijkstra from both ends (the smaller side grown first,
     a hub's ties taken in order of length, so its weak ties cost nothing until they are needed)
     until the radii add up to more than D. A path of length <= D only visits nodes u with dist(source, u) + dist(u, target)
     <= D, and a node outside a ball is at least that ball's radius away, so these candidates hold
     every path that can be among the k shortest.
  3. Yen's algorithm on the candidates. Its shortest-path step is a Dijkstra over (node, hops used)
     labels, ordered by distance plus the distance still to go (the target ball's distances, or its
     radius for nodes outside it: a consistent lower bound), pruned when the hop limit or D cannot
     be met; with positive hop lengths the shortest hop-limited walk is a simple path.
  If k of the paths found are no longer than D, they are the k shortest of the whole projection.
  Otherwise D grows by GROWTH, or only to the k-th path found when that is shorter (a real path, so
  the k-th shortest is no longer); D = 1.0 first, at most `max_hops` times the longest possible hop, where every allowed path
  is inside. The balls keep growing from where they stopped.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from typing import Any

from graph.analytics.projection import HOP_TYPES, CollaborationProjection, hop_length

HUB_DEGREE = 64  # nodes with more ties keep their sorted ties on the projection, for every later search
INITIAL_BOUND = 1.0  # the first distance bound: about two hops over single patents
GROWTH = 1.2  # the bound grows by this factor while fewer than k paths are found (balls grow steeply)

Path = tuple[float, list[str]]


class Ties:
    """The allowed ties of one search: neighbours and hop lengths, large groups included.

    Reads the graph's adjacency dicts directly (`Graph._adj`, plain dicts: several times faster than
    the public views in these inner loops); a node's neighbour lengths are computed once per search.
    """

    def __init__(self, projection: CollaborationProjection, allowed: Iterable[str]) -> None:
        self.projection = projection
        self._adj: dict[str, dict[str, dict[str, Any]]] = projection.graph._adj
        self._allowed = tuple(allowed)
        self._all = set(self._allowed) == set(HOP_TYPES)
        self._groups = [(t, projection.large_groups[t]) for t in self._allowed if projection.large_groups.get(t)]
        self._memo: dict[str, dict[str, float]] = {}
        self._sorted: dict[str, list[tuple[float, str]]] = {}
        self._hubs: dict[str, list[tuple[float, str]]] = projection.derived(("sorted ties", self._allowed), dict)
        # the longest hop any allowed tie can be (one shared patent): no allowed path is longer than
        # max_hops times this
        self.longest = max(hop_length(t, 1) for t in self._allowed)

    def shared_groups(self, u: str, v: str, hop_type: str) -> list[str]:
        groups = self.projection.large_groups.get(hop_type)
        if not groups:
            return []
        mine, theirs = groups.of.get(u), groups.of.get(v)
        return sorted(mine & theirs) if mine and theirs else []

    def lengths(self, u: str, v: str) -> dict[str, float]:
        """Hop length per allowed tie type between u and v (empty: not adjacent)."""
        edge = self._adj[u].get(v)
        lengths = {} if edge is None else {t: w for t, w in edge["length"].items() if self._all or t in self._allowed}
        for hop_type, _ in self._groups:
            shared = self.shared_groups(u, v, hop_type)
            if shared:
                tie = edge["ties"].get(hop_type) if edge else None
                lengths[hop_type] = hop_length(hop_type, (tie.count if tie else 0) + len(shared))
        return lengths

    def neighbours(self, u: str) -> dict[str, float]:
        """Every node tied to u by an allowed type, with the shortest hop length to it."""
        found = self._memo.get(u)
        if found is not None:
            return found
        adj = self._adj[u]
        if self._all:
            found = {v: edge["shortest"] for v, edge in adj.items()}
        else:
            found = {}
            for v, edge in adj.items():
                present = [w for t, w in edge["length"].items() if t in self._allowed]
                if present:
                    found[v] = min(present)
        for _, groups in self._groups:
            for patent in groups.of.get(u, ()):
                for v in groups.members[patent]:
                    if v != u:
                        found[v] = min(self.lengths(u, v).values())
        self._memo[u] = found
        return found

    def degree(self, u: str) -> int:
        return len(self._adj[u]) + sum(len(groups.members[p]) for _, groups in self._groups
                                       for p in groups.of.get(u, ()))

    def by_length(self, u: str) -> list[tuple[float, str]]:
        """u's neighbours as (hop length, node), shortest first (kept on the projection for hubs)."""
        found = self._sorted.get(u) or self._hubs.get(u)
        if found is None:
            found = sorted((w, v) for v, w in self.neighbours(u).items())
            (self._hubs if len(found) > HUB_DEGREE else self._sorted)[u] = found
        return found


def reachable(ties: Ties, source: str, target: str, max_hops: int) -> bool:
    """Whether some path of at most `max_hops` hops joins the two (step 1)."""
    seen = {source: {source}, target: {target}}
    frontier = {source: [source], target: [target]}
    for _ in range(max_hops):
        side = min((source, target), key=lambda s: sum(ties.degree(u) for u in frontier[s]))
        other = target if side == source else source
        reached = []
        for u in frontier[side]:
            for v in ties.neighbours(u):
                if v in seen[other]:
                    return True
                if v not in seen[side]:
                    seen[side].add(v)
                    reached.append(v)
        if not reached:
            return False
        frontier[side] = reached
    return False


class Balls:
    """Weighted distances from both ends, grown (Dijkstra) until the radii add up to more than a bound."""

    def __init__(self, ties: Ties, source: str, target: str) -> None:
        self._ties = ties
        self.ends = (source, target)
        self.settled: dict[str, dict[str, float]] = {source: {}, target: {}}
        self._heaps: dict[str, list[tuple[float, str, str | None, int]]] = {
            source: [(0.0, source, None, 0)], target: [(0.0, target, None, 0)]}
        self.radius = {source: 0.0, target: 0.0}

    def _step(self, side: str) -> None:
        # lazy Dijkstra over sorted ties: a heap entry is the `index`-th tie of a settled node, so a hub
        # with thousands of ties costs one entry until its nearer ties are used up
        heap, settled = self._heaps[side], self.settled[side]
        while heap:
            distance, node, parent, index = heapq.heappop(heap)
            if parent is not None:
                ties = self._ties.by_length(parent)
                if index + 1 < len(ties):
                    heapq.heappush(heap, (settled[parent] + ties[index + 1][0], ties[index + 1][1], parent, index + 1))
            if node in settled:
                continue
            settled[node] = distance
            self.radius[side] = distance
            ties = self._ties.by_length(node)
            if ties:
                heapq.heappush(heap, (distance + ties[0][0], ties[0][1], node, 0))
            return
        self.radius[side] = math.inf  # the side has reached all it can

    def grow(self, bound: float) -> set[str]:
        """The nodes that can lie on a path of length <= bound (step 3)."""
        source, target = self.ends
        while self.radius[source] + self.radius[target] <= bound:
            side = min(self.ends, key=lambda s: (self.radius[s] == math.inf, len(self._heaps[s]) + len(self.settled[s])))
            self._step(side)
        from_s, from_t = self.settled[source], self.settled[target]
        out_s, out_t = self.radius[source], self.radius[target]
        return {u for u in from_s.keys() | from_t.keys() if from_s.get(u, out_s) + from_t.get(u, out_t) <= bound}

    def to_target(self, node: str) -> float:
        """A lower bound of the distance from `node` to the target (exact inside the target's ball)."""
        target = self.ends[1]
        return self.settled[target].get(node, self.radius[target])


class _Graph:
    """The candidates of one round: induced adjacency, hop distances and distance bounds to the target."""

    def __init__(self, ties: Ties, nodes: set[str], target: str, max_hops: int, lower: Balls | None) -> None:
        self.adjacency = {u: _within(ties.neighbours(u), nodes) for u in nodes} if target in nodes else {}
        self.hops: dict[str, int] = {}
        if self.adjacency:
            self.hops, frontier = {target: 0}, [target]
            for depth in range(1, max_hops + 1):
                frontier = [v for u in frontier for v in self.adjacency[u] if v not in self.hops
                            and not self.hops.update({v: depth})]
        self._lower = lower

    def lower(self, node: str) -> float:
        return self._lower.to_target(node) if self._lower is not None else 0.0


def _within(neighbours: dict[str, float], nodes: set[str]) -> dict[str, float]:
    if len(neighbours) > len(nodes):
        return {v: neighbours[v] for v in nodes if v in neighbours}
    return {v: w for v, w in neighbours.items() if v in nodes}


def _shortest(graph: _Graph, start: str, target: str, budget: int, cap: float, banned_nodes: set[str],
              banned_edges: set[tuple[str, str]], offset: float = 0.0) -> Path | None:
    """The shortest path start -> target of at most `budget` hops and length at most `cap - offset`,
    avoiding the banned nodes and edges (step 4's shortest-path step)."""
    adjacency, hops_to = graph.adjacency, graph.hops
    if start not in hops_to or hops_to[start] > budget:
        return None
    limit = cap - offset + 1e-12
    labels: list[tuple[str, int]] = [(start, -1)]  # (node, parent label)
    heap: list[tuple[float, float, int, int]] = [(graph.lower(start), 0.0, 0, 0)]  # (estimate, distance, hops, label)
    fewest_hops: dict[str, int] = {}
    while heap:
        _, distance, hops, label = heapq.heappop(heap)
        node = labels[label][0]
        if node == target:
            path = []
            while label >= 0:
                path.append(labels[label][0])
                label = labels[label][1]
            return distance, path[::-1]
        if fewest_hops.get(node, budget + 1) <= hops:
            continue
        fewest_hops[node] = hops
        on_path, walk = set(), label
        while walk >= 0:
            on_path.add(labels[walk][0])
            walk = labels[walk][1]
        for neighbour, length in adjacency[node].items():
            if neighbour in on_path or neighbour in banned_nodes or (node, neighbour) in banned_edges:
                continue
            if hops + 1 + hops_to.get(neighbour, budget + 1) > budget:
                continue
            estimate = distance + length + graph.lower(neighbour)
            if estimate > limit:
                continue
            labels.append((neighbour, label))
            heapq.heappush(heap, (estimate, distance + length, hops + 1, len(labels) - 1))
    return None


def _k_shortest(graph: _Graph, source: str, target: str, max_hops: int, k: int, cap: float) -> list[Path]:
    """Yen's algorithm with the hop-limited shortest path, paths no longer than `cap` only."""
    first = _shortest(graph, source, target, max_hops, cap, set(), set())
    if first is None:
        return []
    found = [first]
    seen = {tuple(first[1])}
    candidates: list[tuple[float, int, tuple[str, ...]]] = []
    while len(found) < k:
        previous = found[-1][1]
        root_length = 0.0
        for i in range(len(previous) - 1):
            root = previous[: i + 1]
            banned_edges = {(p[i], p[i + 1]) for _, p in found if len(p) > i + 1 and p[: i + 1] == root}
            spur = _shortest(graph, root[-1], target, max_hops - i, cap, set(root[:-1]), banned_edges, root_length)
            if spur is not None:
                path = tuple(root[:-1] + spur[1])
                if path not in seen:
                    seen.add(path)
                    heapq.heappush(candidates, (root_length + spur[0], len(path), path))
            root_length += graph.adjacency[previous[i]][previous[i + 1]]
        if not candidates:
            break
        distance, _, path = heapq.heappop(candidates)
        found.append((distance, list(path)))
    return found


def shortest_paths(ties: Ties, source: str, target: str, max_hops: int, k: int) -> list[Path]:
    """The k shortest simple paths of at most `max_hops` hops (module docstring), shortest first."""
    if not reachable(ties, source, target, max_hops):
        return []
    longest = max_hops * ties.longest
    bound = min(INITIAL_BOUND, longest)
    balls = Balls(ties, source, target)
    while True:
        graph = _Graph(ties, balls.grow(bound), target, max_hops, balls)
        found = _k_shortest(graph, source, target, max_hops, k, math.inf) if source in graph.adjacency else []
        within = [f for f in found if f[0] <= bound + 1e-12]
        if len(within) == k or bound >= longest:
            return within if bound < longest else found
        # the k-th path found is a real path, so the k-th shortest is no longer; but the balls grow
        # steeply with their radius, so never by more than GROWTH at once
        bound = min(found[-1][0] if len(found) == k else math.inf, bound * GROWTH, longest)
