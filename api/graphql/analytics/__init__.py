"""Analytics over the graph (`graph.analytics`): consortium candidates and scores, collaboration paths,
technology-transfer matches, declared consortia.

    consortiumCandidates(chainId, region, size | minSize..maxSize, mustInclude, exclude,
                         minUniversities, minFirms, limit, seed): [ConsortiumCandidate!]!
    scoreConsortium(consortiumId, chainId): DeclaredConsortiumScore!   (same formula, declared members)
    declaredConsortia(chainId): [DeclaredConsortium!]!
    collaborationPaths(fromId, toId, maxHops, k, via): [CollaborationPath!]!
    transferMatches(organizationId, limit): [TransferMatch!]!
    firmsForPatent(patentId, limit): [FirmMatch!]!

How they run: the collaboration projection and chain portfolios are cached per data version
(`Services.analytics_cache`); database reads hold one of the client's concurrency slots; CPU work
(path search, candidate search, scoring) runs in a worker thread; everything within the query time
limit (`QUERY_TIMEOUT`). Entities named in results (organisations, patents, segments, measures) are
resolved through the request's DataLoaders, one batched read per kind.

Errors carry a code in `extensions.code`: UNKNOWN_CHAIN, UNKNOWN_REGION, UNKNOWN_ID (organisation,
inventor, patent, consortium), OUT_OF_RANGE (size, limit, maxHops, k ...), INVALID_ARGUMENT (other
inconsistent arguments), plus the API's QUERY_TIMEOUT and DATABASE_UNAVAILABLE.

The types and resolvers live in one module per domain (candidates, declared, paths, transfer; scores,
lookups and errors shared by them); `AnalyticsQuery` composes their fields here, in the schema's order.
"""

from __future__ import annotations

import strawberry

from api.graphql.analytics import candidates, paths, transfer
from api.graphql.analytics.candidates import (
    ConsortiumCandidate, DeclaredConsortiumScore, SupportingMeasure, supporting,
)
from api.graphql.analytics.declared import DeclaredConsortium, DeclaredMember, DeclaredRelation, relations
from api.graphql.analytics.errors import (
    InvalidArgumentError, OutOfRange, UnknownChain, UnknownId, UnknownRegion, check_range,
)
from api.graphql.analytics.lookups import resolve_chain, resolve_region
from api.graphql.analytics.paths import CollaborationPath, PathEvidence, PathHop, PathNode
from api.graphql.analytics.scores import (
    ConsortiumMember, ConsortiumScore, CoveredSegment, MemberEvidence, PairTie, PotentialPair, ScorePart,
    SegmentCoverage, score_fields, score_parts,
)
from api.graphql.analytics.transfer import FirmMatch, TransferMatch

__all__ = [
    "AnalyticsQuery", "CollaborationPath", "ConsortiumCandidate", "ConsortiumMember", "ConsortiumScore",
    "CoveredSegment", "DeclaredConsortium", "DeclaredConsortiumScore", "DeclaredMember", "DeclaredRelation",
    "FirmMatch", "InvalidArgumentError", "MemberEvidence", "OutOfRange", "PairTie", "PathEvidence", "PathHop",
    "PathNode", "PotentialPair", "ScorePart", "SegmentCoverage", "SupportingMeasure", "TransferMatch",
    "UnknownChain", "UnknownId", "UnknownRegion", "check_range", "relations", "resolve_chain", "resolve_region",
    "score_fields", "score_parts", "supporting",
]


@strawberry.type
class AnalyticsQuery:
    consortium_candidates = strawberry.field(resolver=candidates.consortium_candidates, description=(
        "Distinct candidate consortia for a chain, best first, with their score parts, per-member segments and "
        "evidence patents, supporting policy measures and relation to declared consortia. size sets an exact "
        "size; else minSize..maxSize (3..8, default 3..5). region: province or city (江苏, Nanjing ...) the "
        "members come from (mustInclude members may come from anywhere)."))
    score_consortium = strawberry.field(resolver=candidates.score_consortium, description=(
        "Score a declared consortium with the candidates' formula for the chain it targets (FOR_CHAIN), or for "
        "chainId when given: coverage and gaps of the chain, ties, capacity ..."))
    declared_consortia = strawberry.field(resolver=candidates.declared_consortia_of_chain, description="Declared consortia (innovation consortia, IP alliances ...), of one chain when given.")
    collaboration_paths = strawberry.field(resolver=paths.collaboration_paths, description=(
        "The k shortest simple paths (1..10) of at most maxHops (1..6) hops between two organisations or "
        "inventors over co-applications, co-invention, affiliation and citations (via: a subset of "
        "co_applicant, co_inventor, affiliation, citation), shortest collaboration distance first; "
        "exact over every tie (patents with large teams included): [] only when no path of at most maxHops hops exists."))
    transfer_matches = strawberry.field(resolver=transfer.transfer_matches, description=(
        "University and research-institute patents that fit an organisation's technology (IPC subclasses and "
        "concepts of its own patents), best first; patents already transferred or licensed are left out."))
    firms_for_patent = strawberry.field(resolver=transfer.firms_for_patent, description="Firms whose technology profile fits a patent, best first ([] when it has moved).")
