"""Turns a region as a planner types it (江苏, 江蘇省, Jiangsu, CN-JS, 南京, Nanjing) into the names
and codes the graph uses: organisations carry English province/city names, policies region codes."""

from __future__ import annotations

from dataclasses import dataclass

from api.errors import BadArgument
from api.repositories.graph import GraphClient
from api.repositories.text import fold
from graph.gaps import region_spellings


@dataclass(frozen=True)
class ResolvedRegion:
    name: str  # English name, as on Organization.province / .city
    code: str | None  # region code, as on Policy.region (CN-JS, CN-JS-Nanjing)
    level: str | None


class RegionRepository:
    def __init__(self, client: GraphClient) -> None:
        self.client = client

    async def resolve(self, text: str) -> ResolvedRegion:
        """The region `text` names; BadArgument naming it when neither the graph nor the gazetteer knows it."""
        folded = fold(text)
        if not folded:
            raise BadArgument("region must not be empty")
        bare = folded.removesuffix("省").removesuffix("市")
        zh = sorted({folded, bare, bare + "省", bare + "市"})
        rows = await self.client.read("region_lookup", texts=region_spellings(folded), zh=zh)
        if rows:
            row = rows[0]
            return ResolvedRegion(row["name"], row["code"], row["level"])
        from extract.orgs import extract_region

        ref = extract_region(address=folded)
        if ref.province and ref.confidence >= 0.8:
            keys = ref.region_keys()
            return ResolvedRegion(ref.city or ref.province, keys[-1] if keys else None, "city" if ref.city else "province")
        found = await self.client.one("region_in_data", text=folded)
        if found and (found["name"] or found["code"]):
            return ResolvedRegion(found["name"] or found["code"], found["code"], found["level"])
        raise BadArgument(f"unknown region {text!r}: not a province, city or region code known to the graph"
                          + await self.suggest(text))

    async def suggest(self, text: str) -> str:
        """"; did you mean ...?" with the place names nearest to `text`, or "" when none is near."""
        from cypher.references import suggestions

        names = [str(r["name"]) for r in await self.client.read("references/place_names")]
        near = suggestions(text, names)
        return f"; did you mean {', '.join(repr(n) for n in near)}?" if near else ""
