"""Admin-only GraphQL fields: the API keys (names, roles, hints — never hashes or keys)."""

from __future__ import annotations

import strawberry

from api.auth import Role
from api.errors import Forbidden, Unauthenticated
from api.graphql.context import Info


def require(info: Info, role: Role) -> None:
    """Forbidden (code FORBIDDEN) unless the caller's role includes `role`."""
    principal = info.context.principal
    if principal is None:
        raise Unauthenticated("an API key is required")
    if not principal.role.allows(role):
        raise Forbidden(f"this needs the {role.value} role; the key {principal.name!r} has {principal.role.value}")


@strawberry.type(description="A stored API key (the key itself is never kept).")
class ApiKeyInfo:
    name: str
    role: str
    created_at: str
    hint: str = strawberry.field(description="the key's first characters")


@strawberry.type
class AdminQuery:
    @strawberry.field(description="The API keys (admin role).")
    def api_keys(self, info: Info) -> list[ApiKeyInfo]:
        require(info, Role.ADMIN)
        return [
            ApiKeyInfo(name=k.name, role=k.role.value, created_at=k.created_at, hint=k.hint)
            for k in info.context.services.keys.keys()
        ]
