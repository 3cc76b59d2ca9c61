"""Technology transfer: patents that fit an organisation (`transferMatches`) and firms that fit a patent
(`firmsForPatent`): types and resolvers."""

from __future__ import annotations

import strawberry

from api.graphql.analytics.errors import api_error, check_range
from api.graphql.analytics.lookups import ids, orgs
from api.graphql.analytics.scores import ScorePart, score_parts
from api.graphql.context import Info
from api.graphql.loaders import load_one
from api.graphql.organizations import Organization
from api.graphql.patents import Patent
from graph.analytics import InvalidArgument, UnknownNode, afirms_for_patent, atransfer_matches
from graph.analytics.transfer import LIMIT_RANGE as TRANSFER_LIMITS

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
        return await load_one(info.context.loaders.patent, self.patent_id, Patent.from_row)

    @strawberry.field(description="Its holders (universities, institutes).")
    async def owners(self, info: Info) -> list[Organization]:
        return await orgs(info, [str(o) for o in self.owner_ids])


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
        return await load_one(info.context.loaders.organization, self.organization_id, Organization.from_row)



async def transfer_matches(info: Info, organization_id: strawberry.ID, limit: int = 10) -> list[TransferMatch]:
    services = info.context.services
    check_range("limit", limit, *TRANSFER_LIMITS)
    try:
        found = await services.analytics_cache.aanswer(
            services.driver, services.target.database, ("transfer_matches", str(organization_id), limit),
            lambda: services.bounded(atransfer_matches(services.driver, services.target.database,
                                                       str(organization_id), limit,
                                                       cache=services.analytics_cache), "transfer matching"))
    except (UnknownNode, InvalidArgument) as exc:
        raise api_error(exc) from None
    return [TransferMatch(
        patent_id=strawberry.ID(m.patent_id), title=m.title, year=m.year, score=m.score, parts=score_parts(m.parts),
        shared_ipc=list(m.shared_ipc), shared_concepts=list(m.shared_concepts), owner_ids=ids(list(m.owners)),
    ) for m in found]


async def firms_for_patent(info: Info, patent_id: strawberry.ID, limit: int = 10) -> list[FirmMatch]:
    services = info.context.services
    check_range("limit", limit, *TRANSFER_LIMITS)
    try:
        found = await services.bounded(afirms_for_patent(services.driver, services.target.database,
                                                         str(patent_id), limit,
                                                         cache=services.analytics_cache), "firm matching")
    except (UnknownNode, InvalidArgument) as exc:
        raise api_error(exc) from None
    return [FirmMatch(
        organization_id=strawberry.ID(m.org_id), name=m.name, score=m.score, parts=score_parts(m.parts),
        shared_ipc=list(m.shared_ipc), shared_concepts=list(m.shared_concepts),
    ) for m in found]
