"""FastAPI dependencies as `Annotated` aliases: the app's services, repositories and the caller."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from starlette.requests import HTTPConnection

from api.auth import KEY_PREFIX, Principal, Role
from api.errors import Forbidden, Unauthenticated
from api.graphql.context import Context
from api.repositories import Repositories
from api.services import Services
from core.settings import Settings

LOCAL_DEMO = Principal("local-demo", Role.READER)


def get_services(connection: HTTPConnection) -> Services:
    services: Services = connection.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_settings(services: ServicesDep) -> Settings:
    return services.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_repositories(services: ServicesDep) -> Repositories:
    return services.repos


RepositoriesDep = Annotated[Repositories, Depends(get_repositories)]


def presented_key(connection: HTTPConnection) -> str | None:
    """The key from `Authorization: Bearer <key>` or `X-API-Key: <key>`, if any."""
    header = connection.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return connection.headers.get("x-api-key", "").strip() or None


def authenticate(connection: HTTPConnection, services: Services) -> Principal:
    """The caller, or `Unauthenticated` (401). With auth off every caller is the local demo reader."""
    if not services.settings.auth:
        return LOCAL_DEMO
    key = presented_key(connection)
    if key is None:
        raise Unauthenticated(
            f"an API key is required: send `Authorization: Bearer {KEY_PREFIX}...` or `X-API-Key`"
            " (create one with `innograph apikey create`)"
        )
    principal = services.keys.verify(key)
    if principal is None:
        raise Unauthenticated("the API key is not valid (unknown or revoked)")
    connection.state.principal = principal
    return principal


def current_principal(connection: HTTPConnection, services: ServicesDep) -> Principal:
    return authenticate(connection, services)


PrincipalDep = Annotated[Principal, Depends(current_principal)]


def require(role: Role) -> Callable[[Principal], Principal]:
    """A dependency that lets through callers whose role includes `role`, else 403."""

    def check(principal: PrincipalDep) -> Principal:
        if not principal.role.allows(role):
            raise Forbidden(f"this needs the {role.value} role; the key {principal.name!r} has {principal.role.value}")
        return principal

    return check


ReaderDep = Annotated[Principal, Depends(require(Role.READER))]
AdminDep = Annotated[Principal, Depends(require(Role.ADMIN))]


def _is_graphiql_page(connection: HTTPConnection) -> bool:
    # the GraphiQL HTML page carries no data; the IDE sends the key with each query it runs
    return (
        isinstance(connection, Request)
        and connection.method == "GET"
        and "text/html" in connection.headers.get("accept", "")
        and "query" not in connection.query_params
    )


async def graphql_context(connection: HTTPConnection, services: ServicesDep) -> Context:
    """The GraphQL context of one request: caller (401 without a valid key), request id, fresh loaders."""
    if services.settings.graphiql and _is_graphiql_page(connection):
        principal = None
    else:
        principal = authenticate(connection, services)
    return Context(
        request_id=getattr(connection.state, "request_id", "-"),
        principal=principal,
        repos=services.repos,
        settings=services.settings,
        services=services,
    )
