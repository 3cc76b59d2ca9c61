"""Saved analyst queries over GraphQL: `savedQueries`, `skippedSavedQueries` and `runSavedQuery(name, params)`
(reader role)."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.scalars import JSON

from api.graphql.context import Info
from api.services import jsonable, run_saved_query


@strawberry.type(description="A declared parameter of a saved query.")
class SavedQueryParam:
    name: str
    type: str
    required: bool
    default: JSON | None
    help: str


@strawberry.type(description="A saved query from the catalog (cypher/queries and INNOGRAPH_CYPHER_PATH).")
class SavedQueryInfo:
    name: str
    title: str
    description: str
    returns: list[str]
    params: list[SavedQueryParam]


@strawberry.type(description="A saved-query file that was not loaded, and why (one entry per problem).")
class SkippedSavedQuery:
    file: str
    problem: str


@strawberry.type(description="The rows of one saved-query run.")
class SavedQueryResult:
    name: str
    columns: list[str]
    rows: JSON = strawberry.field(description="a list of objects, one per row, keyed by column")
    row_count: int
    truncated: bool = strawberry.field(description="true when more rows existed than the row cap")
    row_cap: int
    duration_ms: float


def describe(query: Any) -> SavedQueryInfo:
    return SavedQueryInfo(
        name=query.name, title=query.title, description=query.description, returns=list(query.returns),
        params=[
            SavedQueryParam(name=p.name, type=p.type, required=p.required, default=jsonable(p.default), help=p.help)
            for p in query.params
        ],
    )


@strawberry.type
class SavedQueryQuery:
    @strawberry.field(description="The saved queries this server offers.")
    def saved_queries(self, info: Info) -> list[SavedQueryInfo]:
        return [describe(q) for q in info.context.services.catalog()]

    @strawberry.field(description="Saved-query files skipped because they break a rule, with the warning.")
    def skipped_saved_queries(self, info: Info) -> list[SkippedSavedQuery]:
        return [SkippedSavedQuery(file=p.origin, problem=p.message) for p in info.context.services.catalog().problems]

    @strawberry.field(description="Run a saved query by name; params is a JSON object of its parameters.")
    async def run_saved_query(self, info: Info, name: str, params: JSON | None = None) -> SavedQueryResult:
        result = await run_saved_query(info.context.services, name, params)
        rows = jsonable(result.rows)
        return SavedQueryResult(
            name=result.name, columns=list(result.columns), rows=rows, row_count=len(result.rows),
            truncated=result.truncated, row_cap=result.row_cap, duration_ms=round(result.duration_ms, 3),
        )
