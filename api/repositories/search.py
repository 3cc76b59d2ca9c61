"""Search across organisation names and aliases, inventor names and patent titles, in both scripts."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from api.repositories.graph import GraphClient, Row
from api.repositories.text import fold

KINDS = ("organization", "inventor", "patent")


@dataclass(frozen=True)
class Hit:
    kind: str
    score: int
    node: Row


class SearchRepository:
    def __init__(self, client: GraphClient) -> None:
        self.client = client

    async def search(self, text: str, limit: int) -> list[Hit]:
        """Best hits first (exact, prefix, substring), organisations before inventors before patents on ties."""
        folded = fold(text)
        results = await asyncio.gather(
            *(self.client.read(f"search_{kind}s", text=folded, limit=limit) for kind in KINDS)
        )
        hits = [Hit(kind, int(r["score"]), r["node"]) for kind, rows in zip(KINDS, results) for r in rows]
        order = {kind: n for n, kind in enumerate(KINDS)}
        hits.sort(key=lambda h: (-h.score, order[h.kind]))
        return hits[:limit]
