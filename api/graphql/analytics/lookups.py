"""What the analytics types share: resolving a chain or a region argument, and ids to entities through
the request's DataLoaders (one batched read per kind)."""

from __future__ import annotations

from typing import Any

import strawberry

from api.errors import BadArgument
from api.graphql.analytics.errors import UnknownChain, UnknownRegion
from api.graphql.chains import ChainSegment
from api.graphql.context import Info
from api.graphql.organizations import Organization
from api.graphql.patents import Patent
from core.model import node_id

async def resolve_chain(info: Info, chain_id: str) -> dict[str, Any]:
    """The chain row for a graph id (chain:...) or a chain key (humanoid-robots); UNKNOWN_CHAIN else."""
    loaders = info.context.loaders
    row = await loaders.chain.load(chain_id)
    if row is None and not chain_id.startswith("chain:"):
        row = await loaders.chain.load(node_id("IndustrialChain", chain_id))
    if row is None:
        raise UnknownChain(f"unknown chain {chain_id!r}: use an id from `chains` (chain:...) or a chain key")
    chain: dict[str, Any] = row
    return chain


async def resolve_region(info: Info, region: str | None) -> Any:
    """The resolved region (English name, code, level) or None; UNKNOWN_REGION for a name nobody knows."""
    if region is None or not region.strip():
        return None
    try:
        return await info.context.repos.regions.resolve(region)
    except BadArgument as exc:
        raise UnknownRegion(exc.message) from None


def ids(values: list[str]) -> list[strawberry.ID]:
    return [strawberry.ID(v) for v in values]


async def orgs(info: Info, ids: list[str]) -> list[Organization]:
    rows = await info.context.loaders.organization.load_many(list(ids))
    return [Organization.from_row(r) for r in rows if r]


async def patents(info: Info, ids: list[str]) -> list[Patent]:
    rows = await info.context.loaders.patent.load_many(list(ids))
    return [Patent.from_row(r) for r in rows if r]


async def segments(info: Info, ids: list[str]) -> list[ChainSegment]:
    rows = await info.context.loaders.segment.load_many(list(ids))
    return [ChainSegment.from_row(r) for r in rows if r]

