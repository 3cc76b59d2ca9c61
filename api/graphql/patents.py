"""Patents: `patents(filter, first, after)`, `patent(id)`, and a patent's applicants, inventors and segments."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from api.errors import BadArgument
from api.graphql import convert as cv
from api.graphql.context import Info
from api.graphql.loaders import load_one
from api.graphql.pagination import Connection, Window, encode_cursor, page_info, window
from api.repositories import PatentFilter
from api.repositories.base import Page

if TYPE_CHECKING:
    from api.graphql.chains import ChainSegment
    from api.graphql.organizations import Inventor, Organization

PATENT_TYPES = ("invention", "utility_model", "design")


@strawberry.type(description="A patent or application (CN or US), with its classification.")
class Patent:
    id: strawberry.ID
    number: str | None
    office: str | None
    application_number: str | None
    application_date: str | None = strawberry.field(description="ISO date YYYY-MM-DD")
    year: int | None = strawberry.field(description="application year")
    publication_number: str | None
    publication_date: str | None
    grant_date: str | None
    title: str | None
    abstract: str | None
    type: str | None = strawberry.field(description="invention, utility_model or design")
    legal_status: str | None
    valid: bool | None
    ipc: list[str]
    main_ipc: str | None
    cpc: list[str]
    claims_count: int | None
    cited_count: int | None
    concepts: list[str]
    sources: list[str]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Patent:
        return cls(
            id=strawberry.ID(str(row["id"])), number=cv.s(row, "number"), office=cv.s(row, "office"),
            application_number=cv.s(row, "application_number"), application_date=cv.s(row, "application_date"),
            year=cv.i(row, "year"), publication_number=cv.s(row, "publication_number"),
            publication_date=cv.s(row, "publication_date"), grant_date=cv.s(row, "grant_date"),
            title=cv.s(row, "title"), abstract=cv.s(row, "abstract"), type=cv.s(row, "type"),
            legal_status=cv.s(row, "legal_status"), valid=cv.b(row, "valid"), ipc=cv.strs(row, "ipc"),
            main_ipc=cv.s(row, "main_ipc"), cpc=cv.strs(row, "cpc"), claims_count=cv.i(row, "claims_count"),
            cited_count=cv.i(row, "cited_count"), concepts=cv.strs(row, "concepts"), sources=cv.strs(row, "sources"),
        )

    @strawberry.field(description="Applicant organisations, in filing order.")
    async def applicants(self, info: Info) -> list[Annotated[Organization, strawberry.lazy("api.graphql.organizations")]]:
        from api.graphql.organizations import Organization

        return [Organization.from_row(link.node) for link in await info.context.loaders.applicants.load(self.id)]

    @strawberry.field(description="Inventors, in the order named.")
    async def inventors(self, info: Info) -> list[Annotated[Inventor, strawberry.lazy("api.graphql.organizations")]]:
        from api.graphql.organizations import Inventor

        return [Inventor.from_row(link.node) for link in await info.context.loaders.inventors_of_patent.load(self.id)]

    @strawberry.field(description="Industrial-chain segments the patent is classified into.")
    async def segments(self, info: Info) -> list[Annotated[ChainSegment, strawberry.lazy("api.graphql.chains")]]:
        from api.graphql.chains import ChainSegment

        return [ChainSegment.from_row(link.node) for link in await info.context.loaders.segments_of_patent.load(self.id)]


@strawberry.type
class PatentEdge:
    cursor: str
    node: Patent


@strawberry.type(description="A page of patents.")
class PatentConnection(Connection):
    edges: list[PatentEdge]
    nodes: list[Patent]


def patent_connection(win: Window, page: Page, count: Any) -> PatentConnection:
    nodes = [Patent.from_row(row) for row in page.rows]
    return PatentConnection(
        edges=[PatentEdge(cursor=encode_cursor(win.skip + n + 1), node=node) for n, node in enumerate(nodes)],
        nodes=nodes,
        page_info=page_info(win, len(nodes), page.has_next),
        count=count,
    )


@strawberry.input(description="Patent filters; unset fields do not filter.")
class PatentFilterInput:
    year: int | None = strawberry.field(default=None, description="application year")
    type: str | None = strawberry.field(default=None, description="invention, utility_model or design")
    ipc_prefix: str | None = strawberry.field(default=None, description="compact IPC prefix, e.g. G06N or B25J9/16")
    organization_id: strawberry.ID | None = strawberry.field(default=None, description="an applicant's id")
    segment_id: strawberry.ID | None = strawberry.field(default=None, description="a chain segment's id")


def to_filter(given: PatentFilterInput | None) -> PatentFilter:
    if given is None:
        return PatentFilter()
    if given.type is not None and given.type not in PATENT_TYPES:
        raise BadArgument(f"unknown patent type {given.type!r}: use one of {', '.join(PATENT_TYPES)}")
    if given.year is not None and not 1800 <= given.year <= 2200:
        raise BadArgument(f"year {given.year} is out of range 1800..2200")
    prefix = given.ipc_prefix.replace(" ", "").upper() if given.ipc_prefix else None
    return PatentFilter(
        year=given.year, type=given.type, ipc_prefix=prefix or None,
        organization_id=str(given.organization_id) if given.organization_id else None,
        segment_id=str(given.segment_id) if given.segment_id else None,
    )


async def _check_ids(client: Any, where: PatentFilter) -> None:
    """An organisation or segment id that names nothing is refused (an empty page would read as "no
    patents"), with the names nearest to it when it looks like a name rather than an id."""
    from cypher.references import suggestions, unknown_message

    for field_name, kind, value, lookup in (
        ("organizationId", "organization", where.organization_id, "references/organization_id"),
        ("segmentId", "segment", where.segment_id, "references/segment_id"),
    ):
        if value is None:
            continue
        rows = await client.read(lookup, value=value)
        if rows and rows[0]["found"]:
            continue
        names = await client.read(f"references/{kind}_names", value=value)
        raise BadArgument(unknown_message(field_name, value, kind, suggestions(value, [str(r["name"]) for r in names])))


@strawberry.type
class PatentQuery:
    @strawberry.field(description="Patents matching the filter, newest application year first.")
    async def patents(
        self, info: Info, filter: PatentFilterInput | None = None, first: int | None = None, after: str | None = None
    ) -> PatentConnection:
        ctx = info.context
        win = window(first, after, ctx.settings.max_page_size)
        where = to_filter(filter)
        await _check_ids(ctx.repos.client, where)
        page = await ctx.repos.patents.page(where, win.skip, win.limit)
        return patent_connection(win, page, lambda: ctx.repos.patents.count(where))

    @strawberry.field(description="One patent by id; null when there is none.")
    async def patent(self, info: Info, id: strawberry.ID) -> Patent | None:
        return await load_one(info.context.loaders.patent, id, Patent.from_row)
