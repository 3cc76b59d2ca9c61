"""Shared shapes of repository results: pages and per-id batches."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from api.repositories.graph import GraphClient, Row


@dataclass(frozen=True)
class Page:
    """Rows of one page and whether another page follows."""

    rows: list[Row]
    has_next: bool
    total: int | None = None  # known when the query returned it anyway (nested connections)


@dataclass(frozen=True)
class Linked:
    """A node reached over a relationship, with the relationship's interesting properties."""

    node: Row
    props: dict[str, Any] = field(default_factory=dict)


async def page(client: GraphClient, name: str, skip: int, limit: int, /, **params: Any) -> Page:
    """A page of `name`'s `node` column; asks for one row more to know whether more follow."""
    rows = await client.read(name, skip=skip, limit=limit + 1, **params)
    return Page([r["node"] for r in rows[:limit]], len(rows) > limit)


async def count(client: GraphClient, name: str, /, **params: Any) -> int:
    row = await client.one(name, **params)
    return int(row["total"]) if row else 0


async def by_ids(client: GraphClient, name: str, ids: Sequence[str]) -> list[Row | None]:
    """One node (or None) per id, in the order asked."""
    rows = await client.read(name, ids=list(dict.fromkeys(ids)))
    found = {r["id"]: r["node"] for r in rows}
    return [found.get(i) for i in ids]


async def grouped(client: GraphClient, name: str, ids: Sequence[str], *extra: str, **params: Any) -> list[list[Linked]]:
    """The linked nodes of each id, in the order the statement returns them; `extra` columns kept as props."""
    rows = await client.read(name, ids=list(dict.fromkeys(ids)), **params)
    groups: dict[str, list[Linked]] = defaultdict(list)
    for r in rows:
        groups[r["id"]].append(Linked(r["node"], {k: r.get(k) for k in extra}))
    return [groups.get(i, []) for i in ids]


async def paged_per_id(client: GraphClient, name: str, ids: Sequence[str], skip: int, limit: int) -> list[Page]:
    """One page (and total) per id from a statement returning `id, total, nodes` (nodes sliced skip..end)."""
    rows = await client.read(name, ids=list(dict.fromkeys(ids)), skip=skip, end=skip + limit + 1)
    found = {r["id"]: r for r in rows}
    pages = []
    for i in ids:
        r = found.get(i)
        nodes = list(r["nodes"]) if r else []
        pages.append(Page(nodes[:limit], len(nodes) > limit, int(r["total"]) if r else 0))
    return pages
