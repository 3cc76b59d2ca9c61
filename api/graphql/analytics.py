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
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import strawberry

from api.errors import BadArgument
from api.graphql import convert as cv
from api.graphql.chains import ChainSegment, IndustrialChain
from api.graphql.context import Info
from api.graphql.organizations import Inventor, Organization
from api.graphql.patents import Patent
from api.graphql.policies import Measure, Policy
from graph.analytics import (
    HOP_TYPES, ConsortiumScore as LibScore, InvalidArgument, UnknownNode, afetch_chain_data,
    afetch_support_measures, afirms_for_patent, atransfer_matches, collaboration_paths, consortium_candidates,
    score_consortium,
)
from graph.analytics.consortia import LIMIT_RANGE as CANDIDATE_LIMITS, SIZE_RANGE
from graph.analytics.paths import K_RANGE, MAX_HOPS_RANGE
from graph.analytics.projection import ORGANIZATION
from graph.analytics.transfer import LIMIT_RANGE as TRANSFER_LIMITS
from graph.model import node_id

# -- errors -----------------------------------------------------------------------------------------


class UnknownChain(BadArgument):
    code = "UNKNOWN_CHAIN"


class UnknownRegion(BadArgument):
    code = "UNKNOWN_REGION"


class UnknownId(BadArgument):
    code = "UNKNOWN_ID"


class OutOfRange(BadArgument):
    code = "OUT_OF_RANGE"


class InvalidArgumentError(BadArgument):
    code = "INVALID_ARGUMENT"


# library argument names -> GraphQL argument names
_ARG_NAMES = {"min_size": "minSize", "max_size": "maxSize", "max_hops": "maxHops", "must_include": "mustInclude",
              "min_universities+min_firms": "minUniversities + minFirms", "to_id": "toId", "members": "members"}
_RANGED = {"min_size", "max_size", "limit", "max_hops", "k", "min_universities+min_firms"}


def _api_error(exc: Exception) -> BadArgument:
    """The caller's error for an analytics exception."""
    if isinstance(exc, UnknownNode):
        return UnknownId(f"unknown {exc.what} id {exc.node_id!r}")
    if isinstance(exc, InvalidArgument):
        name = _ARG_NAMES.get(exc.name, exc.name)
        cls = OutOfRange if exc.name in _RANGED else InvalidArgumentError
        return cls(f"{name}={exc.value!r} is not accepted: expected {exc.expected}")
    raise exc


def check_range(name: str, value: int, low: int, high: int) -> int:
    if not low <= value <= high:
        raise OutOfRange(f"{name} must be between {low} and {high} (got {value})")
    return value


async def resolve_chain(info: Info, chain_id: str) -> dict[str, Any]:
    """The chain row for a graph id (chain:...) or a chain key (humanoid-robots); UNKNOWN_CHAIN else."""
    loaders = info.context.loaders
    row = await loaders.chain.load(chain_id)
    if row is None and not chain_id.startswith("chain:"):
        row = await loaders.chain.load(node_id("IndustrialChain", chain_id))
    if row is None:
        raise UnknownChain(f"unknown chain {chain_id!r}: use an id from `chains` (chain:...) or a chain key")
    return row


async def resolve_region(info: Info, region: str | None) -> Any:
    """The resolved region (English name, code, level) or None; UNKNOWN_REGION for a name nobody knows."""
    if region is None or not region.strip():
        return None
    try:
        return await info.context.repos.regions.resolve(region)
    except BadArgument as exc:
        raise UnknownRegion(exc.message) from None


def _ids(values: list[str]) -> list[strawberry.ID]:
    return [strawberry.ID(v) for v in values]


async def _orgs(info: Info, ids: list[str]) -> list[Organization]:
    rows = await info.context.loaders.organization.load_many(list(ids))
    return [Organization.from_row(r) for r in rows if r]


async def _patents(info: Info, ids: list[str]) -> list[Patent]:
    rows = await info.context.loaders.patent.load_many(list(ids))
    return [Patent.from_row(r) for r in rows if r]


async def _segments(info: Info, ids: list[str]) -> list[ChainSegment]:
    rows = await info.context.loaders.segment.load_many(list(ids))
    return [ChainSegment.from_row(r) for r in rows if r]


# -- score types ------------------------------------------------------------------------------------


@strawberry.type(description="One part of a score: its value in [0, 1], its weight and weight x value.")
class ScorePart:
    name: str
    value: float
    weight: float
    contribution: float = strawberry.field(description="weight x value; the parts' contributions sum to the total")


def score_parts(parts: dict[str, float], weights: dict[str, float] | None = None) -> list[ScorePart]:
    weights = weights or {}
    return [ScorePart(name=k, value=v, weight=weights.get(k, 1.0), contribution=weights.get(k, 1.0) * v)
            for k, v in parts.items()]


@strawberry.type(description="A segment a member covers, with its newest patents there (evidence).")
class CoveredSegment:
    segment_id: strawberry.ID
    segment_key: str
    segment_name: str
    patent_ids: list[strawberry.ID]
    measure_ids: list[strawberry.ID] = strawberry.field(
        description="consortium/alliance support measures that target this segment")

    @strawberry.field
    async def segment(self, info: Info) -> ChainSegment | None:
        row = await info.context.loaders.segment.load(str(self.segment_id))
        return ChainSegment.from_row(row) if row else None

    @strawberry.field(description="The evidence patents, newest first (at most 3).")
    async def patents(self, info: Info) -> list[Patent]:
        return await _patents(info, [str(p) for p in self.patent_ids])

    @strawberry.field
    async def measures(self, info: Info) -> list[Measure]:
        rows = await info.context.loaders.measure.load_many([str(m) for m in self.measure_ids])
        return [Measure.from_row(r) for r in rows if r]


@strawberry.type(description="A member of a (candidate or declared) consortium and what it brings.")
class ConsortiumMember:
    organization_id: strawberry.ID
    role: str | None = strawberry.field(description="declared role (lead, member ...); null for candidates")
    capacity: float = strawberry.field(description="0.7 high-value patents / max + 0.3 growth, in [0, 1]")
    segments: list[CoveredSegment] = strawberry.field(description="chain segments it holds patents in")

    @strawberry.field
    async def organization(self, info: Info) -> Organization | None:
        row = await info.context.loaders.organization.load(str(self.organization_id))
        return Organization.from_row(row) if row else None


@strawberry.type(description="A member's evidence for one segment.")
class MemberEvidence:
    organization_id: strawberry.ID
    patent_ids: list[strawberry.ID] = strawberry.field(description="its newest patents in the segment (at most 3)")
    patent_count: int = strawberry.field(description="all its chain patents in the segment")

    @strawberry.field
    async def organization(self, info: Info) -> Organization | None:
        row = await info.context.loaders.organization.load(str(self.organization_id))
        return Organization.from_row(row) if row else None

    @strawberry.field
    async def patents(self, info: Info) -> list[Patent]:
        return await _patents(info, [str(p) for p in self.patent_ids])


@strawberry.type(description="One chain segment and which members cover it.")
class SegmentCoverage:
    segment_id: strawberry.ID
    segment_key: str
    segment_name: str
    covered: bool
    member_ids: list[strawberry.ID]
    evidence: list[MemberEvidence]

    @strawberry.field
    async def segment(self, info: Info) -> ChainSegment | None:
        row = await info.context.loaders.segment.load(str(self.segment_id))
        return ChainSegment.from_row(row) if row else None

    @strawberry.field
    async def members(self, info: Info) -> list[Organization]:
        return await _orgs(info, [str(m) for m in self.member_ids])


@strawberry.type(description="An existing tie between two members (co-applications, shared inventors, citations).")
class PairTie:
    a_id: strawberry.ID
    b_id: strawberry.ID
    co_applications: int
    shared_inventors: int
    citations: int
    strength: float = strawberry.field(description="min(1, (co_applications + shared_inventors + 0.5 citations) / 3)")

    @strawberry.field
    async def a(self, info: Info) -> Organization | None:
        row = await info.context.loaders.organization.load(str(self.a_id))
        return Organization.from_row(row) if row else None

    @strawberry.field
    async def b(self, info: Info) -> Organization | None:
        row = await info.context.loaders.organization.load(str(self.b_id))
        return Organization.from_row(row) if row else None


@strawberry.type(description="Two members without a tie, and how likely one is (1 - exp(-resource allocation)).")
class PotentialPair:
    a_id: strawberry.ID
    b_id: strawberry.ID
    potential: float

    @strawberry.field
    async def a(self, info: Info) -> Organization | None:
        row = await info.context.loaders.organization.load(str(self.a_id))
        return Organization.from_row(row) if row else None

    @strawberry.field
    async def b(self, info: Info) -> Organization | None:
        row = await info.context.loaders.organization.load(str(self.b_id))
        return Organization.from_row(row) if row else None


@strawberry.type(description=(
    "A consortium scored for a chain: total = 0.30 coverage + 0.15 complementarity + 0.15 ties + 0.20 capacity"
    " + 0.10 proximity + 0.10 potential (each part in [0, 1]), with the evidence behind each part."))
class ConsortiumScore:
    chain_id: strawberry.ID
    total: float
    parts: list[ScorePart]
    member_ids: list[strawberry.ID]
    members: list[ConsortiumMember]
    coverage: list[SegmentCoverage] = strawberry.field(description="every segment of the chain, in chain order")
    uncovered_segment_ids: list[strawberry.ID]
    ties: list[PairTie]
    potential_pairs: list[PotentialPair]

    @strawberry.field
    async def uncovered_segments(self, info: Info) -> list[ChainSegment]:
        return await _segments(info, [str(s) for s in self.uncovered_segment_ids])

    @strawberry.field
    async def chain(self, info: Info) -> IndustrialChain | None:
        row = await info.context.loaders.chain.load(str(self.chain_id))
        return IndustrialChain.from_row(row) if row else None


def score_fields(score: LibScore, chain_id: str, measures_by_segment: dict[str, list[str]],
                 roles: dict[str, str | None] | None = None) -> dict[str, Any]:
    """The `ConsortiumScore` fields of a library score (shared by candidates and declared consortia)."""
    roles = roles or {}
    by_member: dict[str, list[CoveredSegment]] = defaultdict(list)
    for cov in score.coverage:
        for member in cov.members:
            by_member[member].append(CoveredSegment(
                segment_id=strawberry.ID(cov.segment_id), segment_key=cov.segment_key, segment_name=cov.segment_name,
                patent_ids=_ids(list(cov.evidence.get(member, ()))),
                measure_ids=_ids(measures_by_segment.get(cov.segment_id, [])),
            ))
    return dict(
        chain_id=strawberry.ID(chain_id),
        total=score.total,
        parts=score_parts(score.parts, score.weights),
        member_ids=_ids(list(score.members)),
        members=[ConsortiumMember(organization_id=strawberry.ID(m), role=roles.get(m),
                                  capacity=score.capacity_by_member.get(m, 0.0), segments=by_member.get(m, []))
                 for m in score.members],
        coverage=[SegmentCoverage(
            segment_id=strawberry.ID(c.segment_id), segment_key=c.segment_key, segment_name=c.segment_name,
            covered=bool(c.members), member_ids=_ids(list(c.members)),
            evidence=[MemberEvidence(organization_id=strawberry.ID(m), patent_ids=_ids(list(p)),
                                     patent_count=c.patent_counts.get(m, len(p)))
                      for m, p in c.evidence.items()],
        ) for c in score.coverage],
        uncovered_segment_ids=_ids(list(score.uncovered_segments)),
        ties=[PairTie(a_id=strawberry.ID(t.a), b_id=strawberry.ID(t.b), co_applications=t.co_applications,
                      shared_inventors=t.shared_inventors, citations=t.citations, strength=t.strength)
              for t in score.ties],
        potential_pairs=[PotentialPair(a_id=strawberry.ID(a), b_id=strawberry.ID(b), potential=v)
                         for (a, b), v in score.potential_pairs.items()],
    )


# -- declared consortia -----------------------------------------------------------------------------


@strawberry.type
class DeclaredMember:
    organization_id: strawberry.ID
    role: str | None

    @strawberry.field
    async def organization(self, info: Info) -> Organization | None:
        row = await info.context.loaders.organization.load(str(self.organization_id))
        return Organization.from_row(row) if row else None


@strawberry.type(description="A consortium declared in a source (innovation consortium, IP alliance, cultivation centre).")
class DeclaredConsortium:
    id: strawberry.ID
    name: str | None
    kind: str | None = strawberry.field(description="consortium, ip_alliance, cultivation_centre ...")
    region: str | None
    year: int | None
    source: str | None
    chain_ids: list[strawberry.ID] = strawberry.field(description="chains it targets (FOR_CHAIN)")
    member_list: strawberry.Private[list[tuple[str, str | None]]]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> DeclaredConsortium:
        node = row["node"]
        members = [(m["id"], m.get("role")) for m in row.get("members") or () if m and m.get("id")]
        return cls(id=strawberry.ID(str(row["id"])), name=cv.s(node, "name"), kind=cv.s(node, "kind"),
                   region=cv.s(node, "region"), year=cv.i(node, "year"), source=cv.s(node, "source"),
                   chain_ids=_ids(list(row.get("chains") or ())), member_list=members)

    @property
    def member_ids(self) -> list[str]:
        return [m for m, _ in self.member_list]

    @strawberry.field
    def members(self) -> list[DeclaredMember]:
        return [DeclaredMember(organization_id=strawberry.ID(m), role=r) for m, r in self.member_list]

    @strawberry.field
    async def chains(self, info: Info) -> list[IndustrialChain]:
        rows = await info.context.loaders.chain.load_many([str(c) for c in self.chain_ids])
        return [IndustrialChain.from_row(r) for r in rows if r]


async def declared_consortia(info: Info, ids: list[str] | None = None) -> list[DeclaredConsortium]:
    rows = await info.context.repos.client.read("declared_consortia", ids=ids)
    return [DeclaredConsortium.from_row(r) for r in rows]


@strawberry.type(description=(
    "How a candidate relates to a declared consortium sharing members with it: identical, extends (all the "
    "declared members plus others), subset (part of it) or overlaps."))
class DeclaredRelation:
    consortium: DeclaredConsortium
    relation: str
    same_chain: bool = strawberry.field(description="the declared consortium targets the candidate's chain")
    jaccard: float = strawberry.field(description="|shared| / |union| of the two member sets")
    shared_ids: list[strawberry.ID]
    added_ids: list[strawberry.ID] = strawberry.field(description="candidate members the declared one lacks")
    missing_ids: list[strawberry.ID] = strawberry.field(description="declared members the candidate lacks")

    @strawberry.field
    async def shared(self, info: Info) -> list[Organization]:
        return await _orgs(info, [str(i) for i in self.shared_ids])

    @strawberry.field
    async def added(self, info: Info) -> list[Organization]:
        return await _orgs(info, [str(i) for i in self.added_ids])

    @strawberry.field
    async def missing(self, info: Info) -> list[Organization]:
        return await _orgs(info, [str(i) for i in self.missing_ids])

    @strawberry.field(description="One sentence, e.g. `extends consortium X with A, B`.")
    async def summary(self, info: Info) -> str:
        rows = await info.context.loaders.organization.load_many(
            [str(i) for i in [*self.shared_ids, *self.added_ids, *self.missing_ids]])
        name = {r["id"]: r.get("name") or r["id"] for r in rows if r}

        def names(ids: list[strawberry.ID]) -> str:
            return ", ".join(name.get(str(i), str(i)) for i in ids)

        label = self.consortium.name or str(self.consortium.id)
        if self.relation == "identical":
            return f"same members as consortium {label}"
        if self.relation == "extends":
            return f"extends consortium {label} with {names(self.added_ids)}"
        if self.relation == "subset":
            return f"part of consortium {label} (without {names(self.missing_ids)})"
        return f"shares {names(self.shared_ids)} with consortium {label}"


def relations(members: tuple[str, ...], declared: list[DeclaredConsortium], chain_id: str) -> list[DeclaredRelation]:
    """The declared consortia sharing at least one member, most shared first."""
    mine = set(members)
    out = []
    for d in declared:
        theirs = set(d.member_ids)
        shared = mine & theirs
        if not shared:
            continue
        if mine == theirs:
            relation = "identical"
        elif theirs < mine:
            relation = "extends"
        elif mine < theirs:
            relation = "subset"
        else:
            relation = "overlaps"
        out.append(DeclaredRelation(
            consortium=d, relation=relation, same_chain=chain_id in {str(c) for c in d.chain_ids},
            jaccard=len(shared) / len(mine | theirs),
            shared_ids=_ids([m for m in members if m in shared]),
            added_ids=_ids([m for m in members if m not in theirs]),
            missing_ids=_ids(sorted(theirs - mine)),
        ))
    out.sort(key=lambda r: (-len(r.shared_ids), -r.jaccard, str(r.consortium.id)))
    return out


# -- candidates -------------------------------------------------------------------------------------


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
        row = await info.context.loaders.measure.load(str(self.measure_id))
        return Measure.from_row(row) if row else None

    @strawberry.field
    async def policy(self, info: Info) -> Policy | None:
        if self.policy_id is None:
            return None
        row = await info.context.loaders.policy.load(str(self.policy_id))
        return Policy.from_row(row) if row else None

    @strawberry.field
    async def covered_segments(self, info: Info) -> list[ChainSegment]:
        return await _segments(info, [str(s) for s in self.covered_segment_ids])


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
            segment_ids=_ids(list(m.segment_ids)), covered_segment_ids=_ids(hit),
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
        row = await info.context.loaders.organization.load(str(self.anchor_id))
        return Organization.from_row(row) if row else None


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


# -- paths ------------------------------------------------------------------------------------------


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
        row = await info.context.loaders.organization.load(str(self.id))
        return Organization.from_row(row) if row else None

    @strawberry.field
    async def inventor(self, info: Info) -> Inventor | None:
        if self.type == ORGANIZATION:
            return None
        row = await info.context.loaders.inventor.load(str(self.id))
        return Inventor.from_row(row) if row else None


@strawberry.type(description="A patent behind a tie (for citations: the citing patent and the one it cites).")
class PathEvidence:
    patent_id: strawberry.ID
    cited_patent_id: strawberry.ID | None
    year: int | None
    date: str | None

    @strawberry.field
    async def patent(self, info: Info) -> Patent | None:
        row = await info.context.loaders.patent.load(str(self.patent_id))
        return Patent.from_row(row) if row else None


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


# -- transfer ---------------------------------------------------------------------------------------


@strawberry.type(description=(
    "A university or institute patent that fits an organisation: score = fit + region + status + term (what is on "
    "offer: in force, granted or pending; the share of its statutory term left)."))
class TransferMatch:
    patent_id: strawberry.ID
    title: str | None
    year: int | None
    score: float
    parts: list[ScorePart]
    shared_ipc: list[str]
    shared_concepts: list[str]
    owner_ids: list[strawberry.ID]

    @strawberry.field
    async def patent(self, info: Info) -> Patent | None:
        row = await info.context.loaders.patent.load(str(self.patent_id))
        return Patent.from_row(row) if row else None

    @strawberry.field(description="Its holders (universities, institutes).")
    async def owners(self, info: Info) -> list[Organization]:
        return await _orgs(info, [str(o) for o in self.owner_ids])


@strawberry.type(description="A firm whose technology fits a patent: score = fit + region.")
class FirmMatch:
    organization_id: strawberry.ID
    name: str | None
    score: float
    parts: list[ScorePart]
    shared_ipc: list[str]
    shared_concepts: list[str]

    @strawberry.field
    async def organization(self, info: Info) -> Organization | None:
        row = await info.context.loaders.organization.load(str(self.organization_id))
        return Organization.from_row(row) if row else None


# -- the queries ------------------------------------------------------------------------------------


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


@strawberry.type
class AnalyticsQuery:
    @strawberry.field(description=(
        "Distinct candidate consortia for a chain, best first, with their score parts, per-member segments and "
        "evidence patents, supporting policy measures and relation to declared consortia. size sets an exact "
        "size; else minSize..maxSize (3..8, default 3..5). region: province or city (江苏, Nanjing ...) the "
        "members come from (mustInclude members may come from anywhere)."))
    async def consortium_candidates(
        self, info: Info, chain_id: strawberry.ID, region: str | None = None, size: int | None = None,
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
                consortium_candidates, chain, projection, region=region_name,
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
            raise _api_error(exc) from None
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

    @strawberry.field(description=(
        "Score a declared consortium with the candidates' formula for the chain it targets (FOR_CHAIN), or for "
        "chainId when given: coverage and gaps of the chain, ties, capacity ..."))
    async def score_consortium(
        self, info: Info, consortium_id: strawberry.ID, chain_id: strawberry.ID | None = None
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
            score = await services.cpu(score_consortium, members, chain, projection, what="scoring the consortium")
        except (UnknownNode, InvalidArgument) as exc:
            raise _api_error(exc) from None
        measures = await services.bounded(afetch_support_measures(services.driver, services.target.database,
                                                                  chain_key), "reading support measures")
        covered = {cov.segment_id for cov in score.coverage if cov.members}
        roles = dict(consortium.member_list)
        return DeclaredConsortiumScore(
            **score_fields(score, chain_key, _measures_by_segment(measures), roles), consortium=consortium,
            support_measures=supporting(measures, covered), unscored_member_ids=_ids(unscored),
        )

    @strawberry.field(description="Declared consortia (innovation consortia, IP alliances ...), of one chain when given.")
    async def declared_consortia(self, info: Info, chain_id: strawberry.ID | None = None) -> list[DeclaredConsortium]:
        found = await declared_consortia(info)
        if chain_id is None:
            return found
        key = str((await resolve_chain(info, str(chain_id)))["id"])
        return [d for d in found if key in {str(c) for c in d.chain_ids}]

    @strawberry.field(description=(
        "The k shortest simple paths (1..10) of at most maxHops (1..6) hops between two organisations or "
        "inventors over co-applications, co-invention, affiliation and citations (via: a subset of "
        "co_applicant, co_inventor, affiliation, citation), shortest collaboration distance first; "
        "exact over every tie (patents with large teams included): [] only when no path of at most maxHops hops exists."))
    async def collaboration_paths(
        self, info: Info, from_id: strawberry.ID, to_id: strawberry.ID, max_hops: int = 4, k: int = 3,
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
            paths = await services.cpu(collaboration_paths, projection, str(from_id), str(to_id), max_hops=max_hops,
                                       k=k, via=allowed, what="the path search")
        except (UnknownNode, InvalidArgument) as exc:
            raise _api_error(exc) from None

        def node(node_id: str) -> PathNode:
            data = projection.node(node_id) or {}
            return PathNode(id=strawberry.ID(node_id), type=data.get("node_type") or "unknown", name=data.get("name"),
                            kind=data.get("kind"), city=data.get("city"), province=data.get("province"))

        return [CollaborationPath(
            distance=p.distance, hop_count=p.hop_count, node_ids=_ids(list(p.nodes)), nodes=[node(n) for n in p.nodes],
            hops=[PathHop(
                source=strawberry.ID(h.source), target=strawberry.ID(h.target), type=h.type, length=h.length,
                count=h.count, other_types=list(h.other_types),
                evidence=[PathEvidence(patent_id=strawberry.ID(e.patent_id),
                                       cited_patent_id=strawberry.ID(e.cited_patent_id) if e.cited_patent_id else None,
                                       year=e.year, date=e.date) for e in h.evidence],
            ) for h in p.hops],
        ) for p in paths]

    @strawberry.field(description=(
        "University and research-institute patents that fit an organisation's technology (IPC subclasses and "
        "concepts of its own patents), best first; patents already transferred or licensed are left out."))
    async def transfer_matches(self, info: Info, organization_id: strawberry.ID, limit: int = 10) -> list[TransferMatch]:
        services = info.context.services
        check_range("limit", limit, *TRANSFER_LIMITS)
        try:
            found = await services.analytics_cache.aanswer(
                services.driver, services.target.database, ("transfer_matches", str(organization_id), limit),
                lambda: services.bounded(atransfer_matches(services.driver, services.target.database,
                                                           str(organization_id), limit,
                                                           cache=services.analytics_cache), "transfer matching"))
        except (UnknownNode, InvalidArgument) as exc:
            raise _api_error(exc) from None
        return [TransferMatch(
            patent_id=strawberry.ID(m.patent_id), title=m.title, year=m.year, score=m.score, parts=score_parts(m.parts),
            shared_ipc=list(m.shared_ipc), shared_concepts=list(m.shared_concepts), owner_ids=_ids(list(m.owners)),
        ) for m in found]

    @strawberry.field(description="Firms whose technology profile fits a patent, best first ([] when it has moved).")
    async def firms_for_patent(self, info: Info, patent_id: strawberry.ID, limit: int = 10) -> list[FirmMatch]:
        services = info.context.services
        check_range("limit", limit, *TRANSFER_LIMITS)
        try:
            found = await services.bounded(afirms_for_patent(services.driver, services.target.database,
                                                             str(patent_id), limit,
                                                             cache=services.analytics_cache), "firm matching")
        except (UnknownNode, InvalidArgument) as exc:
            raise _api_error(exc) from None
        return [FirmMatch(
            organization_id=strawberry.ID(m.org_id), name=m.name, score=m.score, parts=score_parts(m.parts),
            shared_ipc=list(m.shared_ipc), shared_concepts=list(m.shared_concepts),
        ) for m in found]
