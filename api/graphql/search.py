"""`search(text, first)`: organisations (name, aliases), inventors (name, aliases) and patents (title, number).

Text is folded the same way on both sides: NFKC, Traditional -> Simplified, lower case, so 南京大學 finds
南京大学 and "nanjing university" finds "Nanjing University".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import strawberry

from api.errors import BadArgument
from api.graphql.context import Info
from api.graphql.organizations import Inventor, Organization
from api.graphql.patents import Patent
from api.repositories.text import fold

SearchNode = Annotated[Organization | Inventor | Patent, strawberry.union("SearchNode")]
MIN_TEXT = 1
MAX_TEXT = 100


@strawberry.type(description="One search result: what kind of thing, how well it matched, and the thing.")
class SearchHit:
    kind: str = strawberry.field(description="organization, inventor or patent")
    score: int = strawberry.field(description="3 exact name, 2 prefix, 1 substring")
    node: SearchNode


@strawberry.type
class SearchQuery:
    @strawberry.field(description="Organisations, inventors and patents whose names or titles contain the text (both scripts).")
    async def search(self, info: Info, text: str, first: int = 20) -> list[SearchHit]:
        limit = info.context.settings.max_page_size
        if not 1 <= first <= limit:
            raise BadArgument(f"first must be between 1 and {limit} (got {first})")
        folded = fold(text)
        if not MIN_TEXT <= len(folded) <= MAX_TEXT:
            raise BadArgument(f"text must have {MIN_TEXT} to {MAX_TEXT} characters after trimming")
        hits = await info.context.repos.search.search(text, first)
        make: dict[str, Callable[[Any], Organization | Inventor | Patent]] = {
            "organization": Organization.from_row, "inventor": Inventor.from_row, "patent": Patent.from_row}
        return [SearchHit(kind=h.kind, score=h.score, node=make[h.kind](h.node)) for h in hits]
