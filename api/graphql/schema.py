"""The GraphQL schema: the domain Query types merged into one, with the guard-rail extensions.

Extension point: a domain module adds its Query class to `DOMAINS` and nothing else changes (as the
analytics did: `analytics.py` consortium candidates and scores, collaboration paths, transfer matches;
`gaps.py` chain gaps and chain graph; `targets.py` target progress).
"""

from __future__ import annotations

import logging

from typing import Any

import strawberry
from strawberry.extensions import DisableIntrospection, MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.tools import merge_types

from api.errors import GraphQLErrors
from api.graphql.admin import AdminQuery
from api.graphql.analytics import AnalyticsQuery
from api.graphql.chains import ChainQuery
from api.graphql.gaps import GapQuery
from api.graphql.organizations import OrganizationQuery
from api.graphql.patents import PatentQuery
from api.graphql.policies import PolicyQuery
from api.graphql.saved_queries import SavedQueryQuery
from api.graphql.search import SearchQuery
from api.graphql.targets import TargetQuery
from core.settings import Settings

DOMAINS: tuple[type, ...] = (
    PatentQuery, OrganizationQuery, PolicyQuery, ChainQuery, SearchQuery, SavedQueryQuery, AdminQuery,
    AnalyticsQuery, GapQuery, TargetQuery,
)

Query = merge_types("Query", DOMAINS)


def configured(base: type[Any], **kwargs: Any) -> type[Any]:
    """A subclass of extension `base` whose no-argument constructor applies `kwargs`.

    Strawberry makes a fresh extension per request from a class; instances would share state.
    """

    def __init__(self: Any, *, execution_context: Any = None) -> None:
        base.__init__(self, **kwargs)
        if execution_context is not None:
            self.execution_context = execution_context

    return type(base.__name__, (base,), {"__init__": __init__})


_log = logging.getLogger("innograph.api.graphql")


class InnoGraphSchema(strawberry.Schema):
    """strawberry's schema, logging caller errors (syntax, validation, bad arguments) in one line.

    strawberry logs every error at ERROR with a traceback; unexpected resolver errors are logged that
    way by `GraphQLErrors` already, and a caller's mistake is not the server's error.
    """

    def process_errors(self, errors: list[Any], execution_context: Any = None) -> None:
        for error in errors:
            _log.info("graphql error: %s", getattr(error, "message", error))


def build_schema(settings: Settings) -> strawberry.Schema:
    """The schema with depth, alias and token limits, error masking and optionally no introspection."""
    extensions: list[type] = [
        configured(QueryDepthLimiter, max_depth=settings.graphql_max_depth),
        configured(MaxAliasesLimiter, max_alias_count=settings.graphql_max_aliases),
        configured(MaxTokensLimiter, max_token_count=settings.graphql_max_tokens),
        GraphQLErrors,
    ]
    if not settings.introspection:
        extensions.append(DisableIntrospection)
    return InnoGraphSchema(query=Query, extensions=extensions)


def sdl() -> str:
    """The schema in SDL, as written to api/schema.graphql (independent of settings)."""
    return build_schema(Settings()).as_str() + "\n"
