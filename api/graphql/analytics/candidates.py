"""Consortium candidates for a chain (`consortiumCandidates`) and the score of a declared consortium
(`scoreConsortium`, the same formula): their types, the supporting measures, and the resolvers."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import strawberry

from api.graphql.analytics.declared import DeclaredConsortium, DeclaredRelation, declared_consortia, relations
from api.graphql.analytics.errors import InvalidArgumentError, UnknownChain, UnknownId, api_error, check_range
from api.graphql.analytics.lookups import ids, resolve_chain, resolve_region, segments
from api.graphql.analytics.scores import ConsortiumScore, score_fields
from api.graphql.chains import ChainSegment
from api.graphql.context import Info
from api.graphql.loaders import load_one
from api.graphql.organizations import Organization
from api.graphql.policies import Measure, Policy
from graph.analytics import (
    InvalidArgument, UnknownNode, afetch_chain_data, afetch_support_measures, consortium_candidates as
    search_candidates, score_consortium as score_members,
)
from graph.analytics.consortia import LIMIT_RANGE as CANDIDATE_LIMITS, SIZE_RANGE
from graph.analytics.projection import ORGANIZATION

@strawberry.type(description="A policy measure with a consortium/alliance instrument for the chain.")
class SupportingMeasure:
    measure_id: strawberry.ID
    policy_id: strawberry.ID | None
    instruments: list[str]
    matched_by: str = strawberry.field(description="segment (it targets segments of the chain) or industry")
    segment_ids: list[strawberry.ID] = strawberry.field(description="chain segments it targets")
    covered_segment_ids: list[strawberry.ID] = strawberry.field(description="of those, the ones the consortium covers")

    @strawberry.field
    async def measure(self, info: Info) -> Measure | None:
        return await load_one(info.context.loaders.measure, self.measure_id, Measure.from_row)

    @strawberry.field
    async def policy(self, info: Info) -> Policy | None:
        if self.policy_id is None:
            return None
        return await load_one(info.context.loaders.policy, self.policy_id, Policy.from_row)

    @strawberry.field
    async def covered_segments(self, info: Info) -> list[ChainSegment]:
        return await segments(info, [str(s) for s in self.covered_segment_ids])


def supporting(measures: list[Any], covered: set[str]) -> list[SupportingMeasure]:
    """Support measures relevant to a member set: those targeting a covered segment (most covered first),
    then those matched by the chain's industry only."""
    out = []
    for m in measures:
        hit = [s for s in m.segment_ids if s in covered]
        if m.segment_ids and not hit:
            continue
        out.append(SupportingMeasure(
            measure_id=strawberry.ID(m.measure_id), policy_id=strawberry.ID(m.policy_id) if m.policy_id else None,
            instruments=list(m.instruments), matched_by="segment" if m.segment_ids else "industry",
            segment_ids=ids(list(m.segment_ids)), covered_segment_ids=ids(hit),
        ))
    out.sort(key=lambda s: (-len(s.covered_segment_ids), str(s.measure_id)))
    return out


@strawberry.type(description="A candidate consortium: its score parts and evidence, supporting measures, and how it "
                             "relates to declared consortia.")
class ConsortiumCandidate(ConsortiumScore):
    rank: int
    anchor_id: strawberry.ID = strawberry.field(description="the organisation the candidate was grown from")
    community: int | None = strawberry.field(description="the anchor's collaboration community (Louvain) index")
    support_measures: list[SupportingMeasure]
    declared: list[DeclaredRelation]

    @strawberry.field
    async def anchor(self, info: Info) -> Organization | None:
        return await load_one(info.context.loaders.organization, self.anchor_id, Organization.from_row)


@strawberry.type(description="A declared consortium scored for the chain it targets, with the candidates' formula.")
class DeclaredConsortiumScore(ConsortiumScore):
    consortium: DeclaredConsortium
    support_measures: list[SupportingMeasure]
    unscored_member_ids: list[strawberry.ID] = strawberry.field(
        description="declared members that are not organisations of the graph's collaboration data")


def _measures_by_segment(measures: list[Any]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for m in measures:
        for s in m.segment_ids:
            found[s].append(m.measure_id)
    return found


def _sizes(size: int | None, min_size: int | None, max_size: int | None) -> tuple[int, int]:
    low, high = SIZE_RANGE
    if size is not None:
        if (min_size is not None and min_size != size) or (max_size is not None and max_size != size):
            raise InvalidArgumentError("give either size or minSize/maxSize, not both with other values")
        check_range("size", size, low, high)
        return size, size
    lo = check_range("minSize", min_size if min_size is not None else low, low, high)
    hi = check_range("maxSize", max_size if max_size is not None else max(lo, 5), low, high)
    if lo > hi:
        raise InvalidArgumentError(f"minSize ({lo}) must not exceed maxSize ({hi})")
    return lo, hi


def _check_organizations(projection: Any, ids: list[str], what: str) -> None:
    for org_id in ids:
        node = projection.node(org_id)
        if node is None or node.get("node_type") != ORGANIZATION:
            raise UnknownId(f"{what}: unknown organisation id {org_id!r}")



async def consortium_candidates(
    info: Info, chain_id: strawberry.ID, region: str | None = None, size: int | None = None,
    min_size: int | None = None, max_size: int | None = None, must_include: list[strawberry.ID] | None = None,
    exclude: list[strawberry.ID] | None = None, min_universities: int = 0, min_firms: int = 0, limit: int = 5,
    seed: int = 0,
) -> list[ConsortiumCandidate]:
    services = info.context.services
    lo, hi = _sizes(size, min_size, max_size)
    check_range("limit", limit, *CANDIDATE_LIMITS)
    check_range("minUniversities", min_universities, 0, hi)
    check_range("minFirms", min_firms, 0, hi)
    chain_row = await resolve_chain(info, str(chain_id))
    chain_key = str(chain_row["id"])
    resolved = await resolve_region(info, region)
    include = [str(i) for i in must_include or []]
    excluded = [str(i) for i in exclude or []]
    projection = await services.projection()
    _check_organizations(projection, include, "mustInclude")
    _check_organizations(projection, excluded, "exclude")
    try:
        chain = await services.bounded(afetch_chain_data(services.driver, services.target.database, chain_key,
                                                         cache=services.analytics_cache), "reading the chain")
    except UnknownNode:
        raise UnknownChain(f"chain {str(chain_id)!r} has no segments to build consortia for") from None
    region_name = resolved.name if resolved else None

    async def search() -> Any:
        return await services.cpu(
            search_candidates, chain, projection, region=region_name,
            min_size=lo, max_size=hi, must_include=include, exclude=excluded,
            min_universities=min_universities, min_firms=min_firms, limit=limit, seed=seed,
            what="the consortium search",
        )

    # the same question asked again (planners share links, dashboards poll) is answered from the
    # cache until the data version changes; concurrent identical questions share one search
    key = ("consortium_candidates", chain_key, region_name, lo, hi, tuple(include), tuple(excluded),
           min_universities, min_firms, limit, seed)
    try:
        found = await services.analytics_cache.aanswer(services.driver, services.target.database, key, search)
    except (UnknownNode, InvalidArgument) as exc:
        raise api_error(exc) from None
    measures = await services.bounded(afetch_support_measures(services.driver, services.target.database,
                                                              chain_key), "reading support measures")
    declared = await declared_consortia(info)
    by_segment = _measures_by_segment(measures)
    out = []
    for c in found:
        covered = {cov.segment_id for cov in c.score.coverage if cov.members}
        out.append(ConsortiumCandidate(
            **score_fields(c.score, chain_key, by_segment), rank=c.rank, anchor_id=strawberry.ID(c.anchor),
            community=c.community, support_measures=supporting(measures, covered),
            declared=relations(c.members, declared, chain_key),
        ))
    return out


async def score_consortium(
    info: Info, consortium_id: strawberry.ID, chain_id: strawberry.ID | None = None
) -> DeclaredConsortiumScore:
    services = info.context.services
    found = await declared_consortia(info, [str(consortium_id)])
    if not found:
        raise UnknownId(f"unknown consortium id {str(consortium_id)!r}")
    consortium = found[0]
    if chain_id is not None:
        chain_key = str((await resolve_chain(info, str(chain_id)))["id"])
    elif consortium.chain_ids:
        chain_key = str(consortium.chain_ids[0])
    else:
        raise InvalidArgumentError(f"consortium {consortium.name or consortium.id!r} targets no chain: give chainId")
    projection = await services.projection()
    members = [m for m in consortium.member_ids
               if (n := projection.node(m)) is not None and n.get("node_type") == ORGANIZATION]
    unscored = [m for m in consortium.member_ids if m not in members]
    if len(members) < 2:
        raise InvalidArgumentError(
            f"consortium {consortium.name or consortium.id!r} has {len(members)} member(s) in the graph: "
            "a score needs at least two")
    try:
        chain = await services.bounded(afetch_chain_data(services.driver, services.target.database, chain_key,
                                                         cache=services.analytics_cache), "reading the chain")
    except UnknownNode:
        raise UnknownChain(f"chain {chain_key!r} has no segments to score against") from None
    try:
        score = await services.cpu(score_members, members, chain, projection, what="scoring the consortium")
    except (UnknownNode, InvalidArgument) as exc:
        raise api_error(exc) from None
    measures = await services.bounded(afetch_support_measures(services.driver, services.target.database,
                                                              chain_key), "reading support measures")
    covered = {cov.segment_id for cov in score.coverage if cov.members}
    roles = dict(consortium.member_list)
    return DeclaredConsortiumScore(
        **score_fields(score, chain_key, _measures_by_segment(measures), roles), consortium=consortium,
        support_measures=supporting(measures, covered), unscored_member_ids=ids(unscored),
    )


async def declared_consortia_of_chain(info: Info, chain_id: strawberry.ID | None = None) -> list[DeclaredConsortium]:
    found = await declared_consortia(info)
    if chain_id is None:
        return found
    key = str((await resolve_chain(info, str(chain_id)))["id"])
    return [d for d in found if key in {str(c) for c in d.chain_ids}]
