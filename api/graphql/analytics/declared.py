"""Consortia declared in sources (innovation consortia, IP alliances, cultivation centres), and how a
candidate relates to them."""

from __future__ import annotations

from typing import Any

import strawberry

from api.graphql import convert as cv
from api.graphql.analytics.lookups import ids, orgs
from api.graphql.chains import IndustrialChain
from api.graphql.context import Info
from api.graphql.loaders import load_one
from api.graphql.organizations import Organization


@strawberry.type
class DeclaredMember:
    organization_id: strawberry.ID
    role: str | None

    @strawberry.field
    async def organization(self, info: Info) -> Organization | None:
        return await load_one(info.context.loaders.organization, self.organization_id, Organization.from_row)


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
                   chain_ids=ids(list(row.get("chains") or ())), member_list=members)

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
        return await orgs(info, [str(i) for i in self.shared_ids])

    @strawberry.field
    async def added(self, info: Info) -> list[Organization]:
        return await orgs(info, [str(i) for i in self.added_ids])

    @strawberry.field
    async def missing(self, info: Info) -> list[Organization]:
        return await orgs(info, [str(i) for i in self.missing_ids])

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
            shared_ids=ids([m for m in members if m in shared]),
            added_ids=ids([m for m in members if m not in theirs]),
            missing_ids=ids(sorted(theirs - mine)),
        ))
    out.sort(key=lambda r: (-len(r.shared_ids), -r.jaccard, str(r.consortium.id)))
    return out

