"""Collaboration paths between two organisations or inventors (`collaborationPaths`): types and resolver."""

from __future__ import annotations

import strawberry

from api.graphql.analytics.errors import InvalidArgumentError, api_error, check_range
from api.graphql.analytics.lookups import ids
from api.graphql.context import Info
from api.graphql.loaders import load_one
from api.graphql.organizations import Inventor, Organization
from api.graphql.patents import Patent
from graph.analytics import HOP_TYPES, InvalidArgument, UnknownNode, collaboration_paths as search_paths
from graph.analytics.paths import K_RANGE, MAX_HOPS_RANGE
from graph.analytics.projection import ORGANIZATION

@strawberry.type(description="An organisation or inventor on a path.")
class PathNode:
    id: strawberry.ID
    type: str = strawberry.field(description="organization or inventor")
    name: str | None
    kind: str | None = strawberry.field(description="organisation kind (null for inventors)")
    city: str | None
    province: str | None

    @strawberry.field
    async def organization(self, info: Info) -> Organization | None:
        if self.type != ORGANIZATION:
            return None
        return await load_one(info.context.loaders.organization, self.id, Organization.from_row)

    @strawberry.field
    async def inventor(self, info: Info) -> Inventor | None:
        if self.type == ORGANIZATION:
            return None
        return await load_one(info.context.loaders.inventor, self.id, Inventor.from_row)


@strawberry.type(description="A patent behind a tie (for citations: the citing patent and the one it cites).")
class PathEvidence:
    patent_id: strawberry.ID
    cited_patent_id: strawberry.ID | None
    year: int | None
    date: str | None

    @strawberry.field
    async def patent(self, info: Info) -> Patent | None:
        return await load_one(info.context.loaders.patent, self.patent_id, Patent.from_row)


@strawberry.type(description="One hop: the tie type used, its length 1/(1 + ln(1 + count)) (x2 for citations), evidence.")
class PathHop:
    source: strawberry.ID
    target: strawberry.ID
    type: str = strawberry.field(description=", ".join(HOP_TYPES))
    length: float
    count: int = strawberry.field(description="shared patents (citing pairs for citations)")
    other_types: list[str] = strawberry.field(description="further allowed tie types between the same pair")
    evidence: list[PathEvidence]


@strawberry.type(description="A simple path between two organisations or inventors; distance = sum of hop lengths.")
class CollaborationPath:
    distance: float
    hop_count: int
    node_ids: list[strawberry.ID]
    nodes: list[PathNode]
    hops: list[PathHop]



async def collaboration_paths(
    info: Info, from_id: strawberry.ID, to_id: strawberry.ID, max_hops: int = 4, k: int = 3,
    via: list[str] | None = None,
) -> list[CollaborationPath]:
    services = info.context.services
    check_range("maxHops", max_hops, *MAX_HOPS_RANGE)
    check_range("k", k, *K_RANGE)
    allowed: set[str] | None = None
    if via is not None:
        allowed = {v.strip().lower() for v in via}
        if not allowed or allowed - set(HOP_TYPES):
            raise InvalidArgumentError(
                f"via must be a non-empty subset of {', '.join(HOP_TYPES)} (got {', '.join(via) or 'nothing'})")
    if str(from_id) == str(to_id):
        raise InvalidArgumentError("fromId and toId must differ")
    projection = await services.projection()
    try:
        paths = await services.cpu(search_paths, projection, str(from_id), str(to_id), max_hops=max_hops,
                                   k=k, via=allowed, what="the path search")
    except (UnknownNode, InvalidArgument) as exc:
        raise api_error(exc) from None

    def node(node_id: str) -> PathNode:
        data = projection.node(node_id) or {}
        return PathNode(id=strawberry.ID(node_id), type=data.get("node_type") or "unknown", name=data.get("name"),
                        kind=data.get("kind"), city=data.get("city"), province=data.get("province"))

    return [CollaborationPath(
        distance=p.distance, hop_count=p.hop_count, node_ids=ids(list(p.nodes)), nodes=[node(n) for n in p.nodes],
        hops=[PathHop(
            source=strawberry.ID(h.source), target=strawberry.ID(h.target), type=h.type, length=h.length,
            count=h.count, other_types=list(h.other_types),
            evidence=[PathEvidence(patent_id=strawberry.ID(e.patent_id),
                                   cited_patent_id=strawberry.ID(e.cited_patent_id) if e.cited_patent_id else None,
                                   year=e.year, date=e.date) for e in h.evidence],
        ) for h in p.hops],
    ) for p in paths]
