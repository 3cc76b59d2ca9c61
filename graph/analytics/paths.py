"""Collaboration paths: the k shortest simple paths between two organisations or inventors, exactly.

Collaboration distance of a path (hops h_1..h_n):

    distance = sum_i  min_{t in allowed types of h_i}  TYPE_FACTOR[t] / (1 + ln(1 + count_t))

where `count_t` is the tie's shared-patent count (citing pairs for `citation`) and `TYPE_FACTOR` is
1 for co_applicant, co_inventor and affiliation and 2 for citation (`projection.hop_length`). A hop
over a pair joined by several allowed tie types takes the shortest; the others are reported too.
Stronger ties make shorter paths; a path of fewer, stronger hops ranks first (ties by hop count,
then node ids).

The answer is exact: the k shortest simple paths of at most `max_hops` hops over every allowed tie,
and `[]` only when no path of at most `max_hops` hops exists. Ties through a patent with more
inventors or applicants than the projection makes cliques for (`projection.large_groups`) count too:
its members are joined to each other during the search, with that patent as evidence.

The search is in `graph.analytics.path_search` (its docstring gives the steps and why they are exact).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graph.analytics.errors import InvalidArgument, UnknownNode, check_range
from graph.analytics.path_search import Ties, shortest_paths
from graph.analytics.projection import DEFAULT_MAX_EVIDENCE, HOP_TYPES, CollaborationProjection, EvidenceItem, Tie

MAX_HOPS_RANGE = (1, 6)
K_RANGE = (1, 10)


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


def _hop(projection: CollaborationProjection, ties: Ties, u: str, v: str) -> Hop:
    lengths = ties.lengths(u, v)
    present = sorted((length, t) for t, length in lengths.items())
    length, hop_type = present[0]
    edge = projection.graph.get_edge_data(u, v)
    tie: Tie | None = edge["ties"].get(hop_type) if edge else None
    evidence = list(tie.evidence) if tie else []
    count = tie.count if tie else 0
    groups = projection.large_groups.get(hop_type)
    if groups is not None:  # shared groups exist only for hop types with large groups
        for patent in ties.shared_groups(u, v, hop_type):
            evidence.append(groups.evidence[patent])
            count += 1
    evidence.sort(key=lambda e: (e.date or (f"{e.year:04d}" if e.year is not None else ""), e.patent_id), reverse=True)
    return Hop(u, v, hop_type, length, count, tuple(evidence[:DEFAULT_MAX_EVIDENCE]),
               tuple(t for _, t in present[1:]))


def collaboration_paths(
    projection: CollaborationProjection,
    from_id: str,
    to_id: str,
    max_hops: int = 4,
    k: int = 3,
    via: set[str] | None = None,
) -> list[CollaborationPath]:
    """The k shortest simple paths from `from_id` to `to_id` of at most `max_hops` hops (module
    docstring), shortest first; exact: `[]` only when there is no such path.

    Raises `UnknownNode` for an id not in the projection and `InvalidArgument` for max_hops outside
    1..6, k outside 1..10, an unknown `via` hop type or from_id == to_id.
    """
    check_range("max_hops", max_hops, *MAX_HOPS_RANGE)
    check_range("k", k, *K_RANGE)
    allowed = _allowed_types(via)
    for node_id in (from_id, to_id):
        if node_id not in projection.graph:
            raise UnknownNode(node_id)
    if from_id == to_id:
        raise InvalidArgument("to_id", to_id, "an id different from from_id")
    ties = Ties(projection, allowed)
    paths = []
    for _, nodes in shortest_paths(ties, from_id, to_id, max_hops, k):
        hops = tuple(_hop(projection, ties, u, v) for u, v in zip(nodes, nodes[1:]))
        paths.append(CollaborationPath(tuple(nodes), hops, sum(h.length for h in hops)))
    return paths
