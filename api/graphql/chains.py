"""Industrial chains: `chains`, `chain(id)` with segments and the FEEDS edges between them."""

from __future__ import annotations

from typing import Any

import strawberry

from api.errors import BadArgument
from api.graphql import convert as cv
from api.graphql.context import Info


@strawberry.type(description="A segment (link) of an industrial chain, with the IPC prefixes and keywords that define it.")
class ChainSegment:
    id: strawberry.ID
    key: str | None
    chain_id: str | None
    name_zh: str | None
    name_en: str | None
    position: str | None = strawberry.field(description="upstream, midstream or downstream")
    ipc: list[str]
    keywords_zh: list[str]
    keywords_en: list[str]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ChainSegment:
        return cls(
            id=strawberry.ID(str(row["id"])), key=cv.s(row, "key"), chain_id=cv.s(row, "chain_id"),
            name_zh=cv.s(row, "name_zh"), name_en=cv.s(row, "name_en"), position=cv.s(row, "position"),
            ipc=cv.strs(row, "ipc"), keywords_zh=cv.strs(row, "keywords_zh"), keywords_en=cv.strs(row, "keywords_en"),
        )

    @strawberry.field(description="Segments this one supplies (FEEDS, downstream).")
    async def feeds(self, info: Info) -> list[ChainSegment]:
        feeds, _ = await info.context.loaders.segment_links.load(str(self.id))
        return [ChainSegment.from_row(r) for r in await info.context.loaders.segment.load_many(feeds) if r]

    @strawberry.field(description="Segments that supply this one (FEEDS, upstream).")
    async def fed_by(self, info: Info) -> list[ChainSegment]:
        _, fed_by = await info.context.loaders.segment_links.load(str(self.id))
        return [ChainSegment.from_row(r) for r in await info.context.loaders.segment.load_many(fed_by) if r]

    @strawberry.field(description="How many patents are classified into this segment.")
    async def patent_count(self, info: Info) -> int:
        count: int = await info.context.loaders.segment_patent_count.load(str(self.id))
        return count


@strawberry.type(description="One FEEDS edge: `source` supplies `target`.")
class Feed:
    source: ChainSegment
    target: ChainSegment


@strawberry.type(description="An industrial chain (e.g. humanoid robots) and its segments.")
class IndustrialChain:
    id: strawberry.ID
    name_zh: str | None
    name_en: str | None
    version: str | None
    source: str | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> IndustrialChain:
        return cls(
            id=strawberry.ID(str(row["id"])), name_zh=cv.s(row, "name_zh"), name_en=cv.s(row, "name_en"),
            version=cv.s(row, "version"), source=cv.s(row, "source"),
        )

    @strawberry.field(description="Its segments, upstream to downstream.")
    async def segments(self, info: Info) -> list[ChainSegment]:
        return [ChainSegment.from_row(l.node) for l in await info.context.loaders.segments_of_chain.load(str(self.id))]

    @strawberry.field(description="FEEDS edges between its segments.")
    async def feeds(self, info: Info) -> list[Feed]:
        loaders = info.context.loaders
        pairs = await loaders.feeds_of_chain.load(str(self.id))
        ids = sorted({x for pair in pairs for x in pair})
        rows = dict(zip(ids, await loaders.segment.load_many(ids)))
        return [
            Feed(source=ChainSegment.from_row(rows[a]), target=ChainSegment.from_row(rows[b]))
            for a, b in pairs
            if rows.get(a) and rows.get(b)
        ]


@strawberry.type
class ChainQuery:
    @strawberry.field(description="Every industrial chain.")
    async def chains(self, info: Info) -> list[IndustrialChain]:
        return [IndustrialChain.from_row(r) for r in await info.context.repos.chains.all()]

    @strawberry.field(description="One industrial chain by id; an error names an unknown id.")
    async def chain(self, info: Info, id: strawberry.ID) -> IndustrialChain:
        row = await info.context.loaders.chain.load(str(id))
        if row is None:
            raise BadArgument(f"unknown chain {str(id)!r}")
        return IndustrialChain.from_row(row)
