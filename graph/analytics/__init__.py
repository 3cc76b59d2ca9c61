"""Analytics over the graph: collaboration paths, consortium candidates, technology-transfer matches.

Shape: pure functions over in-memory data (a networkx projection, chain portfolios, rows) plus thin
fetch functions for both `neo4j.Driver` and `neo4j.AsyncDriver` (`a`-prefixed) that run the Cypher
in `cypher/analytics/` in bulk. Fetched data is cached per process and data version
(`AnalyticsCache`, see `graph.analytics.projection`).

Typical async use (GraphQL resolvers):

    projection = await acollaboration_projection(driver, database)
    paths = collaboration_paths(projection, from_id, to_id, max_hops=4, k=3, via={"co_applicant"})

    chain = await afetch_chain_data(driver, database, chain_id)
    candidates = await asyncio.to_thread(consortium_candidates, chain, projection, region="Jiangsu")
    measures = await afetch_support_measures(driver, database, chain_id)

    matches = await atransfer_matches(driver, database, org_id, limit=10)
"""

from graph.analytics.chain_data import (
    ChainData, OrgPortfolio, PatentFacts, SegmentInfo, SupportMeasure, afetch_chain_data,
    afetch_support_measures, build_chain_data, fetch_chain_data, fetch_support_measures,
)
from graph.analytics.consortia import ConsortiumCandidate, consortium_candidates
from graph.analytics.consortium_score import (
    WEIGHTS as CONSORTIUM_WEIGHTS, ConsortiumScore, ConsortiumScorer, PairTie, SegmentCoverage,
    organization_graph, score_consortium,
)
from graph.analytics.errors import AnalyticsError, InvalidArgument, ProjectionTooLarge, UnknownNode
from graph.analytics.paths import CollaborationPath, Hop, collaboration_paths
from graph.analytics.cache import DEFAULT_CACHE, AnalyticsCache
from graph.analytics.projection import (
    HOP_TYPES, CollaborationProjection, EvidenceItem, ProjectionRows, Tie,
    acollaboration_projection, afetch_projection_rows, build_projection, collaboration_projection,
    fetch_projection_rows, hop_length,
)
from graph.analytics.transfer import (
    FirmMatch, PatentMatch, afirms_for_patent, atransfer_matches, firms_for_patent,
    rank_firms_for_patent, rank_patents_for_org, transfer_matches,
)

__all__ = [
    "CONSORTIUM_WEIGHTS", "DEFAULT_CACHE", "HOP_TYPES", "AnalyticsCache", "AnalyticsError", "ChainData",
    "CollaborationPath", "CollaborationProjection", "ConsortiumCandidate", "ConsortiumScore", "ConsortiumScorer",
    "EvidenceItem", "FirmMatch", "Hop", "InvalidArgument", "OrgPortfolio", "PairTie", "PatentFacts",
    "PatentMatch", "ProjectionRows", "ProjectionTooLarge", "SegmentCoverage", "SegmentInfo", "SupportMeasure",
    "Tie", "UnknownNode", "acollaboration_projection", "afetch_chain_data", "afetch_projection_rows",
    "afetch_support_measures", "afirms_for_patent", "atransfer_matches", "build_chain_data", "build_projection",
    "collaboration_paths", "collaboration_projection", "consortium_candidates", "fetch_chain_data",
    "fetch_projection_rows", "fetch_support_measures", "firms_for_patent", "hop_length", "organization_graph",
    "rank_firms_for_patent", "rank_patents_for_org", "score_consortium", "transfer_matches",
]
