"""Organisations and inventors: `organizations(filter, first, after)`, `organization(id)`, `inventor(id)`,
with their patents (paged), co-applicant partners and co-inventors."""

from __future__ import annotations

from typing import Any

import strawberry

from api.errors import BadArgument
from api.graphql import convert as cv
from api.graphql.context import Info
from api.graphql.loaders import load_one
from api.graphql.pagination import Connection, encode_cursor, known, page_info, window
from api.graphql.patents import PatentConnection, patent_connection
from api.repositories.organizations import OrganizationFilter
from api.repositories.text import fold
from extract.orgs import chinese_place_name
from core.model import ORGANIZATION_KINDS

MAX_PARTNERS = 100


def _limit(value: int, what: str) -> int:
    if not 0 <= value <= MAX_PARTNERS:
        raise BadArgument(f"{what} must be between 0 and {MAX_PARTNERS} (got {value})")
    return value


# Chinese names of the place of an organisation or inventor (stored with English province and city
# names): resolvers shared by both types, from the region gazetteer, no database read.
def _province_zh(root: Organization | Inventor) -> str | None:
    return chinese_place_name(root.province)


def _city_zh(root: Organization | Inventor) -> str | None:
    return chinese_place_name(root.province, root.city) if root.city else None


def _region_zh(root: Organization | Inventor) -> str | None:
    return _city_zh(root) if root.city else _province_zh(root)


PROVINCE_ZH = "Chinese province name (江苏省); null when the gazetteer does not know it"
CITY_ZH = "Chinese city name (苏州市); null when the gazetteer does not know it"
REGION_ZH = "Chinese name of the city, else of the province"


@strawberry.type(description="An applicant: firm, university, research institute, government body, hospital ...")
class Organization:
    id: strawberry.ID
    name: str | None = strawberry.field(description="the name as first seen")
    name_norm: str | None = strawberry.field(description="the resolution key (folded name)")
    aliases: list[str] = strawberry.field(description="every spelling seen")
    kind: str | None = strawberry.field(description=", ".join(ORGANIZATION_KINDS))
    country: str | None
    province: str | None = strawberry.field(description="English province name, e.g. Jiangsu")
    city: str | None = strawberry.field(description="English city name, e.g. Nanjing")
    patent_count: int | None
    province_zh: str | None = strawberry.field(resolver=_province_zh, description=PROVINCE_ZH)
    city_zh: str | None = strawberry.field(resolver=_city_zh, description=CITY_ZH)
    region_zh: str | None = strawberry.field(resolver=_region_zh, description=REGION_ZH)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Organization:
        return cls(
            id=strawberry.ID(str(row["id"])), name=cv.s(row, "name"), name_norm=cv.s(row, "name_norm"),
            aliases=cv.strs(row, "aliases"), kind=cv.s(row, "kind"), country=cv.s(row, "country"),
            province=cv.s(row, "province"), city=cv.s(row, "city"), patent_count=cv.i(row, "patent_count"),
        )

    @strawberry.field(description="Where the organisation is: its city, else its province, else its country.")
    def region(self) -> str | None:
        return self.city or self.province or self.country

    @strawberry.field(description="Patents it applied for, newest first.")
    async def patents(self, info: Info, first: int | None = None, after: str | None = None) -> PatentConnection:
        win = window(first, after, info.context.settings.max_page_size)
        page = await info.context.loaders.org_patents.load((str(self.id), win.skip, win.limit))
        return patent_connection(win, page, known(page.total or 0))

    @strawberry.field(description="Co-applicant organisations, most shared patents first.")
    async def partners(self, info: Info, first: int = 20) -> list[Partner]:
        links = await info.context.loaders.partners.load((str(self.id), _limit(first, "first")))
        return [Partner(organization=Organization.from_row(l.node), shared_patents=int(l.props["shared"])) for l in links]


@strawberry.type(description="A co-applicant and the number of patents filed together.")
class Partner:
    organization: Organization
    shared_patents: int


@strawberry.type(description="A person named as inventor.")
class Inventor:
    id: strawberry.ID
    name: str | None
    aliases: list[str]
    country: str | None
    province: str | None
    city: str | None
    patent_count: int | None
    province_zh: str | None = strawberry.field(resolver=_province_zh, description=PROVINCE_ZH)
    city_zh: str | None = strawberry.field(resolver=_city_zh, description=CITY_ZH)
    region_zh: str | None = strawberry.field(resolver=_region_zh, description=REGION_ZH)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Inventor:
        return cls(
            id=strawberry.ID(str(row["id"])), name=cv.s(row, "name"), aliases=cv.strs(row, "aliases"),
            country=cv.s(row, "country"), province=cv.s(row, "province"), city=cv.s(row, "city"),
            patent_count=cv.i(row, "patent_count"),
        )

    @strawberry.field(description="Patents naming this inventor, newest first.")
    async def patents(self, info: Info, first: int | None = None, after: str | None = None) -> PatentConnection:
        win = window(first, after, info.context.settings.max_page_size)
        page = await info.context.loaders.inventor_patents.load((str(self.id), win.skip, win.limit))
        return patent_connection(win, page, known(page.total or 0))

    @strawberry.field(description="People named on the same patents, most shared patents first.")
    async def co_inventors(self, info: Info, first: int = 20) -> list[CoInventor]:
        links = await info.context.loaders.coinventors.load((str(self.id), _limit(first, "first")))
        return [CoInventor(inventor=Inventor.from_row(l.node), shared_patents=int(l.props["shared"])) for l in links]

    @strawberry.field(description="Organisations this inventor filed with (AFFILIATED_WITH), most shared patents first.")
    async def organizations(self, info: Info) -> list[Affiliation]:
        links = await info.context.loaders.inventor_orgs.load(str(self.id))
        return [Affiliation(organization=Organization.from_row(l.node), shared_patents=cv.i(l.props, "shared")) for l in links]


@strawberry.type
class CoInventor:
    inventor: Inventor
    shared_patents: int


@strawberry.type
class Affiliation:
    organization: Organization
    shared_patents: int | None


@strawberry.type
class OrganizationEdge:
    cursor: str
    node: Organization


@strawberry.type(description="A page of organisations.")
class OrganizationConnection(Connection):
    edges: list[OrganizationEdge]
    nodes: list[Organization]


@strawberry.input(description="Organisation filters; unset fields do not filter.")
class OrganizationFilterInput:
    kind: str | None = strawberry.field(default=None, description=", ".join(ORGANIZATION_KINDS))
    region: str | None = strawberry.field(
        default=None, description="province or city in either script or English: 江苏, 江蘇, Jiangsu, 南京, Nanjing"
    )
    name_contains: str | None = strawberry.field(
        default=None, description="part of the name or an alias; Traditional finds Simplified; case-insensitive"
    )


@strawberry.type
class OrganizationQuery:
    @strawberry.field(description="Organisations matching the filter, most patents first.")
    async def organizations(
        self, info: Info, filter: OrganizationFilterInput | None = None, first: int | None = None,
        after: str | None = None,
    ) -> OrganizationConnection:
        ctx = info.context
        win = window(first, after, ctx.settings.max_page_size)
        where = OrganizationFilter()
        if filter is not None:
            if filter.kind is not None and filter.kind not in ORGANIZATION_KINDS:
                raise BadArgument(f"unknown organisation kind {filter.kind!r}: use one of {', '.join(ORGANIZATION_KINDS)}")
            region = (await ctx.repos.regions.resolve(filter.region)).name if filter.region is not None else None
            name = fold(filter.name_contains) if filter.name_contains is not None else None
            where = OrganizationFilter(kind=filter.kind, region=region, name=name or None)
        page = await ctx.repos.organizations.page(where, win.skip, win.limit)
        nodes = [Organization.from_row(row) for row in page.rows]
        return OrganizationConnection(
            edges=[OrganizationEdge(cursor=encode_cursor(win.skip + n + 1), node=o) for n, o in enumerate(nodes)],
            nodes=nodes,
            page_info=page_info(win, len(nodes), page.has_next),
            count=lambda: ctx.repos.organizations.count(where),
        )

    @strawberry.field(description="One organisation by id; null when there is none.")
    async def organization(self, info: Info, id: strawberry.ID) -> Organization | None:
        return await load_one(info.context.loaders.organization, id, Organization.from_row)

    @strawberry.field(description="One inventor by id; null when there is none.")
    async def inventor(self, info: Info, id: strawberry.ID) -> Inventor | None:
        return await load_one(info.context.loaders.inventor, id, Inventor.from_row)
