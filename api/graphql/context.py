"""The per-request GraphQL context: who is asking, the request id, the repositories and fresh DataLoaders."""

from __future__ import annotations


import strawberry
from strawberry.fastapi import BaseContext

from api.auth import Principal
from api.graphql.loaders import Loaders
from api.repositories import Repositories
from api.services import Services
from core.settings import Settings


class Context(BaseContext):
    """Made for every request by `api.deps.graphql_context`; loaders never outlive the request."""

    def __init__(
        self,
        *,
        request_id: str,
        principal: Principal | None,
        repos: Repositories,
        settings: Settings,
        services: Services,
    ) -> None:
        super().__init__()
        self.request_id = request_id
        self.principal = principal
        self.repos = repos
        self.settings = settings
        self.services = services  # app-wide objects: saved-query runner, key store (analytics later)
        self.loaders = Loaders(repos)


Info = strawberry.Info[Context, None]


