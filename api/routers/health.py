"""Liveness and readiness probes (no API key needed)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import ServicesDep

router = APIRouter(tags=["health"])


@router.get("/health")
async def health() -> dict[str, str]:
    """The process is up (says nothing about the database)."""
    return {"status": "ok"}


@router.get("/ready", responses={503: {"description": "the database does not answer"}})
async def ready(services: ServicesDep) -> JSONResponse:
    """The database answers `RETURN 1` (a few quick retries); 503 with the reason when it does not."""
    ok, reason = await services.client.ping()
    body = {"status": "ready" if ok else "unavailable", "backend": services.target.backend.value,
            "database": services.target.database}
    if not ok:
        body["reason"] = reason
    return JSONResponse(body, status_code=200 if ok else 503)
