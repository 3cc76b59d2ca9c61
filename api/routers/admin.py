"""Admin-only REST: the API keys (names, roles, hints — never keys or hashes)."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import AdminDep, ServicesDep

router = APIRouter(prefix="/admin", tags=["admin"])


@router.get("/api-keys")
async def list_api_keys(_: AdminDep, services: ServicesDep) -> list[dict[str, str]]:
    """The stored API keys (admin role)."""
    return [{"name": k.name, "role": k.role.value, "createdAt": k.created_at, "hint": k.hint}
            for k in services.keys.keys()]
