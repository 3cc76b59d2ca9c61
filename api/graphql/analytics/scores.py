"""A consortium's score as GraphQL types: the parts, the members and the segments they cover, the
coverage matrix, existing ties and potential pairs (shared by candidates and declared consortia)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import strawberry

from api.graphql.analytics.lookups import ids, patents, orgs, segments
from api.graphql.chains import ChainSegment, IndustrialChain
from api.graphql.context import Info
from api.graphql.loaders import load_one
from api.graphql.organizations import Organization
from api.graphql.patents import Patent
from api.graphql.policies import Measure
from graph.analytics import ConsortiumScore as LibScore


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
        return await load_one(info.context.loaders.segment, self.segment_id, ChainSegment.from_row)

    @strawberry.field(description="The evidence patents, newest first (at most 3).")
    async def patents(self, info: Info) -> list[Patent]:
        return await patents(info, [str(p) for p in self.patent_ids])

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
        return await load_one(info.context.loaders.organization, self.organization_id, Organization.from_row)


@strawberry.type(description="A member's evidence for one segment.")
class MemberEvidence:
    organization_id: strawberry.ID
    patent_ids: list[strawberry.ID] = strawberry.field(description="its newest patents in the segment (at most 3)")
    patent_count: int = strawberry.field(description="all its chain patents in the segment")

    @strawberry.field
    async def organization(self, info: Info) -> Organization | None:
        return await load_one(info.context.loaders.organization, self.organization_id, Organization.from_row)

    @strawberry.field
    async def patents(self, info: Info) -> list[Patent]:
        return await patents(info, [str(p) for p in self.patent_ids])


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
        return await load_one(info.context.loaders.segment, self.segment_id, ChainSegment.from_row)

    @strawberry.field
    async def members(self, info: Info) -> list[Organization]:
        return await orgs(info, [str(m) for m in self.member_ids])


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
        return await load_one(info.context.loaders.organization, self.a_id, Organization.from_row)

    @strawberry.field
    async def b(self, info: Info) -> Organization | None:
        return await load_one(info.context.loaders.organization, self.b_id, Organization.from_row)


@strawberry.type(description="Two members without a tie, and how likely one is (1 - exp(-resource allocation)).")
class PotentialPair:
    a_id: strawberry.ID
    b_id: strawberry.ID
    potential: float

    @strawberry.field
    async def a(self, info: Info) -> Organization | None:
        return await load_one(info.context.loaders.organization, self.a_id, Organization.from_row)

    @strawberry.field
    async def b(self, info: Info) -> Organization | None:
        return await load_one(info.context.loaders.organization, self.b_id, Organization.from_row)


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
        return await segments(info, [str(s) for s in self.uncovered_segment_ids])

    @strawberry.field
    async def chain(self, info: Info) -> IndustrialChain | None:
        return await load_one(info.context.loaders.chain, self.chain_id, IndustrialChain.from_row)


def score_fields(score: LibScore, chain_id: str, measures_by_segment: dict[str, list[str]],
                 roles: dict[str, str | None] | None = None) -> dict[str, Any]:
    """The `ConsortiumScore` fields of a library score (shared by candidates and declared consortia)."""
    roles = roles or {}
    by_member: dict[str, list[CoveredSegment]] = defaultdict(list)
    for cov in score.coverage:
        for member in cov.members:
            by_member[member].append(CoveredSegment(
                segment_id=strawberry.ID(cov.segment_id), segment_key=cov.segment_key, segment_name=cov.segment_name,
                patent_ids=ids(list(cov.evidence.get(member, ()))),
                measure_ids=ids(measures_by_segment.get(cov.segment_id, [])),
            ))
    return dict(
        chain_id=strawberry.ID(chain_id),
        total=score.total,
        parts=score_parts(score.parts, score.weights),
        member_ids=ids(list(score.members)),
        members=[ConsortiumMember(organization_id=strawberry.ID(m), role=roles.get(m),
                                  capacity=score.capacity_by_member.get(m, 0.0), segments=by_member.get(m, []))
                 for m in score.members],
        coverage=[SegmentCoverage(
            segment_id=strawberry.ID(c.segment_id), segment_key=c.segment_key, segment_name=c.segment_name,
            covered=bool(c.members), member_ids=ids(list(c.members)),
            evidence=[MemberEvidence(organization_id=strawberry.ID(m), patent_ids=ids(list(p)),
                                     patent_count=c.patent_counts.get(m, len(p)))
                      for m, p in c.evidence.items()],
        ) for c in score.coverage],
        uncovered_segment_ids=ids(list(score.uncovered_segments)),
        ties=[PairTie(a_id=strawberry.ID(t.a), b_id=strawberry.ID(t.b), co_applications=t.co_applications,
                      shared_inventors=t.shared_inventors, citations=t.citations, strength=t.strength)
              for t in score.ties],
        potential_pairs=[PotentialPair(a_id=strawberry.ID(a), b_id=strawberry.ID(b), potential=v)
                         for (a, b), v in score.potential_pairs.items()],
    )

